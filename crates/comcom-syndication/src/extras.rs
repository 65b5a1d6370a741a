//! What feed-rs leaves out, read in a second, shallow pass over the XML:
//! RSS 1.0 and 0.90 items without a `<link>` (feed-rs drops them) and their
//! `rdf:about`, and for every format the Dublin Core title and the Atom 0.3
//! and DCMI Terms dates (`issued`, `created`, `modified`). Values are only
//! used where feed-rs found none.

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::Event;

/// The extra facts about one item, in document order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Extra {
    pub about: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    pub description: Option<String>,
    pub encoded: Option<String>,
    pub issued: Option<String>,
    pub modified: Option<String>,
    pub date: Option<String>,
}

/// The items (`item` or `entry` elements outside a `source`) of the document.
pub(crate) fn extras(xml: &str) -> Vec<Extra> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut items = Vec::new();
    let mut current: Option<Extra> = None;
    // Depth inside the current item, and the child element being read.
    let mut depth = 0usize;
    let mut field: Option<(String, usize)> = None;
    let mut text = String::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) => {
                let qname = e.name().as_ref().to_owned();
                let local = e.local_name().as_ref().to_owned();
                match &mut current {
                    None if local == "item" || local == "entry" => {
                        let about = e.attributes().flatten().find_map(|a| {
                            (a.key.local_name().as_ref() == "about")
                                .then(|| {
                                    a.normalized_value(XmlVersion::Implicit1_0)
                                        .ok()
                                        .map(|v| v.into_owned())
                                })
                                .flatten()
                        });
                        current = Some(Extra {
                            about,
                            ..Extra::default()
                        });
                        depth = 0;
                    }
                    Some(_) => {
                        depth += 1;
                        if depth == 1 {
                            field = Some((qname, depth));
                            text.clear();
                        }
                    }
                    None => {}
                }
            }
            Event::End(_) => match &mut current {
                Some(item) if depth == 0 => {
                    items.push(std::mem::take(item));
                    current = None;
                }
                Some(item) => {
                    if let Some((name, d)) = &field
                        && *d == depth
                    {
                        store(item, name, text.trim());
                        field = None;
                    }
                    depth -= 1;
                }
                None => {}
            },
            Event::Text(t) if field.is_some() => text.push_str(&t.xml10_content()),
            Event::CData(c) if field.is_some() => text.push_str(&c),
            Event::GeneralRef(r) if field.is_some() => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => match r.xml10_content().as_ref() {
                    "amp" => text.push('&'),
                    "lt" => text.push('<'),
                    "gt" => text.push('>'),
                    "quot" => text.push('"'),
                    "apos" => text.push('\''),
                    _ => {}
                },
            },
            _ => {}
        }
    }
    items
}

fn store(item: &mut Extra, qname: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    let local = qname.rsplit(':').next().unwrap_or(qname);
    let slot = match local {
        "title" => &mut item.title,
        "link" => &mut item.link,
        "description" => &mut item.description,
        "encoded" => &mut item.encoded,
        "issued" | "created" => &mut item.issued,
        "modified" => &mut item.modified,
        "date" => &mut item.date,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(text.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rdf_items_and_dublin_core() {
        let xml = r#"<rdf:RDF xmlns:rdf="r" xmlns="p" xmlns:dc="d" xmlns:dcterms="t"><channel><title>c</title></channel>
            <item rdf:about="http://e.example/1"><dc:title>T &amp; U</dc:title><dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified></item>
            <item><title><![CDATA[V]]></title></item></rdf:RDF>"#;
        let items = extras(xml);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].about.as_deref(), Some("http://e.example/1"));
        assert_eq!(items[0].title.as_deref(), Some("T & U"));
        assert_eq!(items[0].modified.as_deref(), Some("2003-12-31T10:14:55Z"));
        assert_eq!(items[1].title.as_deref(), Some("V"));
    }
}
