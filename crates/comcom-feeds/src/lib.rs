//! comcom's feeds. Writing: [`atom`] and [`rss`] turn one neutral description of
//! a feed ([`FeedMeta`] and its [`FeedEntry`]s, built by the web layer from
//! articles) into an Atom 1.0, RSS 2.0 or JSON Feed 1.1 document; [`etag`], [`http_date`] and
//! [`is_not_modified`] answer conditional requests for them. Reading feeds
//! (polling communes' sites) will live here too, beside the writers.
//!
//! Entries carry HTML that is already sanitized and whose links are already
//! absolute (`comcom_markdown::to_html` then `absolutize`): this crate escapes
//! it for XML and never interprets it.

mod atom;
mod http;
mod json;
mod model;
mod rss;
mod xml;

pub use atom::atom;
pub use http::{etag, http_date, is_not_modified};
pub use json::json_feed;
pub use model::{FeedEntry, FeedImage, FeedMeta};
pub use rss::rss;

/// The media type of an Atom document, for `Content-Type` and autodiscovery links.
pub const ATOM_MEDIA_TYPE: &str = "application/atom+xml";
/// The media type of a JSON Feed document.
pub const JSON_FEED_MEDIA_TYPE: &str = "application/feed+json";
/// The media type of an RSS document, for `Content-Type` and autodiscovery links.
pub const RSS_MEDIA_TYPE: &str = "application/rss+xml";
