//! RSS 2.0 documents, with the Atom, content, Dublin Core and DC Terms
//! extensions readers expect.

use std::collections::BTreeMap;

use ::rss::extension::dublincore::DublinCoreExtension;
use ::rss::extension::{Extension, ExtensionMap};
use ::rss::{Category, Channel, Enclosure, Guid, Item};

use crate::model::{FeedEntry, FeedImage, FeedMeta};
use crate::{RSS_MEDIA_TYPE, xml};

const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";
const DC_TERMS_NAMESPACE: &str = "http://purl.org/dc/terms/";

/// Writes an RSS 2.0 feed of `entries`, in the given order.
///
/// The channel links to itself with `atom:link rel="self"`. Each item has its
/// id as `<guid isPermaLink="false">`, its publication date as `pubDate`
/// (RFC 2822) and its last change as `dcterms:modified`, its author as
/// `dc:creator` (RSS's own `author` must be an email address), its HTML both in
/// `description` and `content:encoded`, and one `enclosure` (RSS allows no
/// more): its first attached file, or its image when it has none.
pub fn rss(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    let self_link = Extension {
        name: "atom:link".to_string(),
        attrs: BTreeMap::from([
            ("href".to_string(), xml::text(&meta.self_url).into_owned()),
            ("rel".to_string(), "self".to_string()),
            ("type".to_string(), RSS_MEDIA_TYPE.to_string()),
        ]),
        ..Extension::default()
    };

    let channel = Channel {
        title: xml::text(&meta.title).into_owned(),
        link: xml::text(&meta.html_url).into_owned(),
        // RSS requires a description; the title is the best one a feed without a subtitle has.
        description: xml::text(meta.subtitle.as_ref().unwrap_or(&meta.title)).into_owned(),
        language: Some(xml::text(&meta.language).into_owned()),
        last_build_date: Some(meta.updated.to_rfc2822()),
        items: entries.iter().map(item).collect(),
        extensions: extension_map("atom", "link", self_link),
        namespaces: BTreeMap::from([
            ("atom".to_string(), ATOM_NAMESPACE.to_string()),
            ("dcterms".to_string(), DC_TERMS_NAMESPACE.to_string()),
        ]),
        ..Channel::default()
    };
    channel.to_string()
}

fn item(entry: &FeedEntry) -> Item {
    let content = xml::text(&entry.content_html).into_owned();
    let modified = Extension {
        name: "dcterms:modified".to_string(),
        value: Some(entry.updated.to_rfc3339()),
        ..Extension::default()
    };

    Item {
        title: Some(xml::text(&entry.title).into_owned()),
        link: Some(xml::text(&entry.url).into_owned()),
        description: Some(content.clone()),
        content: Some(content),
        guid: Some(Guid {
            value: xml::text(&entry.id).into_owned(),
            permalink: false,
        }),
        pub_date: Some(entry.published.to_rfc2822()),
        categories: entry.categories.iter().map(|c| category(c)).collect(),
        // One enclosure per item in RSS: the first attached file, else the image.
        enclosure: entry
            .attachments
            .first()
            .or(entry.image.as_ref())
            .map(enclosure),
        dublin_core_ext: entry.author.as_ref().map(|author| DublinCoreExtension {
            creators: vec![xml::text(author).into_owned()],
            ..DublinCoreExtension::default()
        }),
        extensions: extension_map("dcterms", "modified", modified),
        ..Item::default()
    }
}

fn extension_map(prefix: &str, name: &str, extension: Extension) -> ExtensionMap {
    BTreeMap::from([(
        prefix.to_string(),
        BTreeMap::from([(name.to_string(), vec![extension])]),
    )])
}

fn enclosure(image: &FeedImage) -> Enclosure {
    Enclosure {
        url: xml::text(&image.url).into_owned(),
        // RSS requires a length; 0 is the usual answer when it is not known.
        length: image.length.unwrap_or(0).to_string(),
        mime_type: xml::text(&image.mime).into_owned(),
    }
}

fn category(name: &str) -> Category {
    Category {
        name: xml::text(name).into_owned(),
        domain: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{entry_with, meta};

    #[test]
    fn a_channel_has_its_title_link_description_language_and_self_link() {
        let xml = rss(&meta(), &[]);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\""));
        assert!(xml.contains("xmlns:atom=\"http://www.w3.org/2005/Atom\""));
        assert!(xml.contains("<title>Actualités du Vercors</title>"));
        assert!(xml.contains("<link>https://cc-vercors.example/</link>"));
        assert!(xml.contains("<description>Communauté de communes</description>"));
        assert!(xml.contains("<language>fr</language>"));
        assert!(xml.contains("<lastBuildDate>Tue, 12 May 2026 08:30:00 +0000</lastBuildDate>"));
        assert!(xml.contains(
            "<atom:link href=\"https://cc-vercors.example/feed.atom\" rel=\"self\" \
             type=\"application/rss+xml\">"
        ));
    }

    #[test]
    fn an_item_has_its_guid_dates_author_and_content_twice() {
        let xml = rss(&meta(), &[entry_with("Conseil", "<p>Ordre du jour</p>")]);
        assert!(
            xml.contains(
                "<guid isPermaLink=\"false\">tag:cc-vercors.example,2026:article/42</guid>"
            )
        );
        assert!(xml.contains("<pubDate>Mon, 11 May 2026 16:00:00 +0000</pubDate>"));
        assert!(xml.contains("<dcterms:modified>2026-05-12T08:30:00+00:00</dcterms:modified>"));
        assert!(xml.contains("<dc:creator>Marie Durand</dc:creator>"));
        assert!(xml.contains("<description><![CDATA[<p>Ordre du jour</p>]]></description>"));
        assert!(
            xml.contains("<content:encoded><![CDATA[<p>Ordre du jour</p>]]></content:encoded>")
        );
        assert!(xml.contains("xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""));
        assert!(xml.contains("xmlns:dc=\"http://purl.org/dc/elements/1.1/\""));
    }

    #[test]
    fn markup_characters_in_titles_are_escaped() {
        let xml = rss(
            &meta(),
            &[entry_with("Eau & <assainissement> \"l'été\"", "")],
        );
        assert!(
            xml.contains("<title>Eau &amp; &lt;assainissement&gt; &quot;l&apos;été&quot;</title>")
        );
    }

    #[test]
    fn content_that_would_close_cdata_is_split_across_two_sections() {
        let xml = rss(&meta(), &[entry_with("x", "<p>a ]]> b</p>")]);
        assert!(xml.contains("<description><![CDATA[<p>a ]]]]><![CDATA[> b</p>]]></description>"));
    }

    #[test]
    fn an_image_becomes_an_enclosure_with_a_length() {
        let mut entry = entry_with("Lac", "<p>x</p>");
        entry.image = Some(FeedImage {
            url: "https://cc-vercors.example/media/lac.jpg?v=1&t=2".into(),
            alt: "Le lac".into(),
            mime: "image/jpeg".into(),
            length: None,
        });
        let xml = rss(&meta(), &[entry]);
        assert!(xml.contains(
            "<enclosure url=\"https://cc-vercors.example/media/lac.jpg?v=1&amp;t=2\" length=\"0\" \
             type=\"image/jpeg\"/>"
        ));
    }

    #[test]
    fn the_one_enclosure_is_the_first_attached_file_rather_than_the_image() {
        let mut entry = entry_with("Avis", "<p>x</p>");
        let file = |url: &str, mime: &str, length| FeedImage {
            url: url.into(),
            alt: "fichier".into(),
            mime: mime.into(),
            length: Some(length),
        };
        entry.image = Some(file("https://x.example/image", "image/png", 10));
        entry.attachments = vec![
            file("https://x.example/avis.pdf", "application/pdf", 4096),
            file("https://x.example/plan.png", "image/png", 20),
        ];
        let xml = rss(&meta(), &[entry]);
        assert_eq!(xml.matches("<enclosure").count(), 1);
        assert!(xml.contains(
            "<enclosure url=\"https://x.example/avis.pdf\" length=\"4096\" type=\"application/pdf\"/>"
        ));
    }

    #[test]
    fn categories_are_listed() {
        let mut entry = entry_with("x", "");
        entry.categories = vec!["Voirie".into(), "Eau & assainissement".into()];
        let xml = rss(&meta(), &[entry]);
        assert!(
            xml.contains(
                "<category>Voirie</category><category>Eau &amp; assainissement</category>"
            )
        );
    }
}
