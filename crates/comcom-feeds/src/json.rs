//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>) documents.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::model::{FeedEntry, FeedMeta};

/// The version URL every JSON Feed 1.1 document starts with.
pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// Writes a JSON Feed 1.1 document of `entries`, in the given order.
///
/// Each item carries its id, page URL, title, full HTML, summary, dates,
/// author, categories as `tags`, its image both as `image` and as an
/// attachment (the JSON Feed counterpart of an enclosure), then its attached
/// files as further `attachments`.
pub fn json_feed(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    let mut feed = Map::new();
    feed.insert("version".into(), json!(VERSION));
    feed.insert("title".into(), json!(meta.title));
    feed.insert("home_page_url".into(), json!(meta.html_url));
    feed.insert("feed_url".into(), json!(meta.self_url));
    if let Some(subtitle) = &meta.subtitle {
        feed.insert("description".into(), json!(subtitle));
    }
    feed.insert("language".into(), json!(meta.language));
    if let Some(author) = &meta.author {
        feed.insert("authors".into(), json!([{ "name": author }]));
    }
    let items: Vec<Value> = entries.iter().map(|e| item(e, &meta.language)).collect();
    feed.insert("items".into(), Value::Array(items));
    // A map of strings and arrays always serializes.
    serde_json::to_string_pretty(&Value::Object(feed)).unwrap_or_default()
}

fn item(entry: &FeedEntry, language: &str) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(entry.id));
    item.insert("url".into(), json!(entry.url));
    item.insert("title".into(), json!(entry.title));
    item.insert("content_html".into(), json!(entry.content_html));
    if let Some(summary) = &entry.summary {
        item.insert("summary".into(), json!(summary));
    }
    item.insert("date_published".into(), json!(rfc3339(entry.published)));
    item.insert("date_modified".into(), json!(rfc3339(entry.updated)));
    if let Some(author) = &entry.author {
        item.insert("authors".into(), json!([{ "name": author }]));
    }
    if !entry.categories.is_empty() {
        item.insert("tags".into(), json!(entry.categories));
    }
    item.insert("language".into(), json!(language));
    if let Some(image) = &entry.image {
        item.insert("image".into(), json!(image.url));
    }
    let attachments: Vec<Value> = entry
        .image
        .iter()
        .chain(&entry.attachments)
        .map(|file| {
            let mut attachment = Map::new();
            attachment.insert("url".into(), json!(file.url));
            attachment.insert("mime_type".into(), json!(file.mime));
            if !file.alt.is_empty() {
                attachment.insert("title".into(), json!(file.alt));
            }
            if let Some(length) = file.length {
                attachment.insert("size_in_bytes".into(), json!(length));
            }
            Value::Object(attachment)
        })
        .collect();
    if !attachments.is_empty() {
        item.insert("attachments".into(), Value::Array(attachments));
    }
    Value::Object(item)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FeedImage;
    use crate::model::tests::{entry_with, meta};

    #[test]
    fn a_feed_has_the_version_and_its_items_the_required_fields() {
        let mut entry = entry_with("Enquête <publique>", "<p>Texte & lien</p>");
        entry.image = Some(FeedImage {
            url: "https://cc-vercors.example/actualites/42/image".into(),
            alt: "La station".into(),
            mime: "image/png".into(),
            length: Some(1234),
        });
        entry.categories = vec!["Eau".into()];
        let doc: Value = serde_json::from_str(&json_feed(&meta(), &[entry])).unwrap();
        assert_eq!(doc["version"], VERSION);
        assert_eq!(doc["title"], "Actualités du Vercors");
        assert_eq!(doc["feed_url"], "https://cc-vercors.example/feed.atom");
        let item = &doc["items"][0];
        assert_eq!(item["id"], "tag:cc-vercors.example,2026:article/42");
        assert_eq!(item["title"], "Enquête <publique>");
        assert_eq!(item["content_html"], "<p>Texte & lien</p>");
        assert_eq!(item["date_published"], "2026-05-11T16:00:00Z");
        assert_eq!(item["date_modified"], "2026-05-12T08:30:00Z");
        assert_eq!(item["authors"][0]["name"], "Marie Durand");
        assert_eq!(item["tags"][0], "Eau");
        assert_eq!(item["attachments"][0]["mime_type"], "image/png");
        assert_eq!(item["attachments"][0]["size_in_bytes"], 1234);
    }

    #[test]
    fn an_empty_feed_has_an_empty_item_list() {
        let doc: Value = serde_json::from_str(&json_feed(&meta(), &[])).unwrap();
        assert_eq!(doc["items"], json!([]));
    }
}
