//! comcom's inbound syndication: the feeds of the communes' own sites, read
//! ([`read_feed`]: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed in any
//! character set, through feed-rs), cleaned ([`sanitize_html`], the single
//! path from foreign HTML to comcom's pages), fetched politely and safely
//! ([`fetch`]) and found from a site's home page ([`discover`]).
//!
//! Kept apart from comcom-core and comcom-feeds (which writes comcom's own
//! feeds) so that the parser, the HTTP client and the character sets stay
//! out of everything else.

mod charset;
pub mod discover;
mod entities;
mod extras;
pub mod fetch;
mod read;
mod sanitize;

pub use charset::to_utf8;
pub use discover::{Announced, discover};
pub use fetch::{
    AllowPrivate, Document, FetchError, FetchPolicy, Fetched, Fetcher, Validators, check_url,
};
pub use read::{Feed, Item, ReadError, read_feed};
pub use sanitize::{escape, html_to_text, is_allowed_embed, sanitize_html};
