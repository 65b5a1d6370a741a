//! Atom 1.0 (RFC 4287) documents.

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};

use crate::model::{FeedEntry, FeedImage, FeedMeta};
use crate::{ATOM_MEDIA_TYPE, xml};

/// Writes an Atom 1.0 feed of `entries`, in the given order.
///
/// The feed links to itself (`rel="self"`) and to its page
/// (`rel="alternate"`); each entry carries its id, title, dates, page link,
/// author, summary, categories, its HTML as `<content type="html">`, and its
/// image and each attached file as a `rel="enclosure"` link. RFC 4287 wants an author for every
/// entry: when the feed has none and an entry has none, the feed's title
/// stands in as the feed's author.
pub fn atom(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    let every_entry_has_an_author = entries.iter().all(|entry| entry.author.is_some());
    let author = match &meta.author {
        Some(author) => Some(author.as_str()),
        None if !every_entry_has_an_author => Some(meta.title.as_str()),
        None => None,
    };

    let feed = Feed {
        id: xml::text(&meta.id).into_owned(),
        title: Text::plain(xml::text(&meta.title)),
        subtitle: meta.subtitle.as_deref().map(|s| Text::plain(xml::text(s))),
        updated: fixed(meta.updated),
        lang: Some(xml::text(&meta.language).into_owned()),
        authors: author.into_iter().map(person).collect(),
        links: vec![
            link(&meta.self_url, "self", ATOM_MEDIA_TYPE),
            link(&meta.html_url, "alternate", "text/html"),
        ],
        entries: entries.iter().map(entry).collect(),
        ..Feed::default()
    };
    feed.to_string()
}

fn entry(entry: &FeedEntry) -> Entry {
    let mut links = vec![link(&entry.url, "alternate", "text/html")];
    links.extend(entry.image.as_ref().map(enclosure));
    links.extend(entry.attachments.iter().map(enclosure));

    Entry {
        id: xml::text(&entry.id).into_owned(),
        title: Text::plain(xml::text(&entry.title)),
        updated: fixed(entry.updated),
        published: Some(fixed(entry.published)),
        authors: entry.author.as_deref().map(person).into_iter().collect(),
        links,
        summary: entry.summary.as_deref().map(|s| Text::plain(xml::text(s))),
        content: Some(Content {
            value: Some(xml::text(&entry.content_html).into_owned()),
            content_type: Some("html".to_string()),
            ..Content::default()
        }),
        categories: entry.categories.iter().map(|c| category(c)).collect(),
        ..Entry::default()
    }
}

fn link(href: &str, rel: &str, mime: &str) -> Link {
    Link {
        href: xml::text(href).into_owned(),
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        ..Link::default()
    }
}

fn enclosure(image: &FeedImage) -> Link {
    Link {
        href: xml::text(&image.url).into_owned(),
        rel: "enclosure".to_string(),
        mime_type: Some(xml::text(&image.mime).into_owned()),
        title: Some(xml::text(&image.alt).into_owned()).filter(|alt| !alt.is_empty()),
        length: image.length.map(|length| length.to_string()),
        ..Link::default()
    }
}

fn person(name: &str) -> Person {
    Person {
        name: xml::text(name).into_owned(),
        ..Person::default()
    }
}

fn category(term: &str) -> Category {
    Category {
        term: xml::text(term).into_owned(),
        ..Category::default()
    }
}

fn fixed(time: DateTime<Utc>) -> FixedDateTime {
    time.fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{entry_with, meta};

    #[test]
    fn a_feed_has_its_id_title_update_and_both_links() {
        let xml = atom(&meta(), &[]);
        assert!(xml.starts_with(
            "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"
        ));
        assert!(xml.contains("<id>tag:cc-vercors.example,2026:feed</id>"));
        assert!(xml.contains("<title>Actualités du Vercors</title>"));
        assert!(xml.contains("<updated>2026-05-12T08:30:00+00:00</updated>"));
        assert!(xml.contains(
            "<link href=\"https://cc-vercors.example/feed.atom\" rel=\"self\" \
             type=\"application/atom+xml\"/>"
        ));
        assert!(xml.contains(
            "<link href=\"https://cc-vercors.example/\" rel=\"alternate\" type=\"text/html\"/>"
        ));
    }

    #[test]
    fn an_entry_has_its_id_dates_link_author_and_html_content() {
        let xml = atom(&meta(), &[entry_with("Conseil", "<p>Ordre du jour</p>")]);
        assert!(xml.contains("<id>tag:cc-vercors.example,2026:article/42</id>"));
        assert!(xml.contains("<updated>2026-05-12T08:30:00+00:00</updated>"));
        assert!(xml.contains("<published>2026-05-11T16:00:00+00:00</published>"));
        assert!(xml.contains("<author><name>Marie Durand</name></author>"));
        assert!(xml.contains("<content type=\"html\">&lt;p&gt;Ordre du jour&lt;/p&gt;</content>"));
        assert!(xml.contains(
            "<link href=\"https://cc-vercors.example/actualites/42\" rel=\"alternate\" \
             type=\"text/html\"/>"
        ));
    }

    #[test]
    fn markup_characters_in_titles_and_content_are_escaped() {
        let title = "Eau & assainissement : « <zonage> » \"enquête\" l'été";
        let xml = atom(&meta(), &[entry_with(title, "<p>a ]]> b &amp; c</p>")]);
        assert!(xml.contains(
            "<title>Eau &amp; assainissement : « &lt;zonage&gt; » &quot;enquête&quot; \
             l&apos;été</title>"
        ));
        assert!(xml.contains("&lt;p&gt;a ]]&gt; b &amp;amp; c&lt;/p&gt;"));
    }

    #[test]
    fn an_image_becomes_an_enclosure_link() {
        let mut entry = entry_with("Lac", "<p>x</p>");
        entry.image = Some(FeedImage {
            url: "https://cc-vercors.example/media/lac.jpg".into(),
            alt: "Le lac \"gelé\"".into(),
            mime: "image/jpeg".into(),
            length: Some(48213),
        });
        let xml = atom(&meta(), &[entry]);
        assert!(xml.contains(
            "<link href=\"https://cc-vercors.example/media/lac.jpg\" rel=\"enclosure\" \
             type=\"image/jpeg\" title=\"Le lac &quot;gelé&quot;\" length=\"48213\"/>"
        ));
    }

    #[test]
    fn the_feed_title_stands_in_as_author_when_an_entry_has_none() {
        let mut anonymous = entry_with("Sans auteur", "");
        anonymous.author = None;
        let xml = atom(&meta(), &[anonymous]);
        assert!(xml.contains("<author><name>Actualités du Vercors</name></author>"));

        let xml = atom(&meta(), &[entry_with("Avec auteur", "")]);
        assert_eq!(xml.matches("<author>").count(), 1);
    }

    #[test]
    fn characters_forbidden_in_xml_are_dropped() {
        let xml = atom(&meta(), &[entry_with("Bip\u{7}", "<p>\u{0}</p>")]);
        assert!(xml.contains("<title>Bip</title>"));
        assert!(!xml.contains('\u{0}') && !xml.contains('\u{7}'));
    }
}
