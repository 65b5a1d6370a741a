//! The neutral description of a feed that every output format is written from.

use chrono::{DateTime, Utc};

/// A feed as a whole: what it is, where it lives and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    /// A stable, absolute identifier: the feed's URL or a tag URI.
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The absolute URL the feed itself is served at.
    pub self_url: String,
    /// The absolute URL of the page the feed mirrors.
    pub html_url: String,
    /// When any entry last changed (publication, correction, withdrawal).
    pub updated: DateTime<Utc>,
    /// The language of the feed's text, such as "fr" or "en".
    pub language: String,
    /// Who publishes the feed; the feed's title stands in when it is missing.
    pub author: Option<String>,
}

/// One item of a feed: an article, later an event or a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// A stable identifier that never changes, even when the title does, such
    /// as `tag:cc-vercors.fr,2026:article/42`; never built from the title.
    pub id: String,
    pub title: String,
    /// The absolute URL of the entry's page.
    pub url: String,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub author: Option<String>,
    /// A plain-text summary.
    pub summary: Option<String>,
    /// The full content: sanitized HTML with absolute links.
    pub content_html: String,
    pub image: Option<FeedImage>,
    /// Files attached to the entry, in their order on its page; each is an
    /// enclosure (`alt` is the file's name). RSS allows one enclosure per
    /// item: it carries the first attachment, or the image when there is none.
    pub attachments: Vec<FeedImage>,
    pub categories: Vec<String>,
}

/// An entry's image or attached file, published as an enclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedImage {
    /// The absolute URL of the image file.
    pub url: String,
    /// The image's text alternative.
    pub alt: String,
    /// Its media type, such as "image/jpeg".
    pub mime: String,
    /// Its size in bytes, when known.
    pub length: Option<u64>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn meta() -> FeedMeta {
        FeedMeta {
            id: "tag:cc-vercors.example,2026:feed".into(),
            title: "Actualités du Vercors".into(),
            subtitle: Some("Communauté de communes".into()),
            self_url: "https://cc-vercors.example/feed.atom".into(),
            html_url: "https://cc-vercors.example/".into(),
            updated: Utc.with_ymd_and_hms(2026, 5, 12, 8, 30, 0).unwrap(),
            language: "fr".into(),
            author: None,
        }
    }

    pub(crate) fn entry_with(title: &str, content_html: &str) -> FeedEntry {
        FeedEntry {
            id: "tag:cc-vercors.example,2026:article/42".into(),
            title: title.into(),
            url: "https://cc-vercors.example/actualites/42".into(),
            published: Utc.with_ymd_and_hms(2026, 5, 11, 16, 0, 0).unwrap(),
            updated: Utc.with_ymd_and_hms(2026, 5, 12, 8, 30, 0).unwrap(),
            author: Some("Marie Durand".into()),
            summary: None,
            content_html: content_html.into(),
            image: None,
            attachments: Vec::new(),
            categories: Vec::new(),
        }
    }
}
