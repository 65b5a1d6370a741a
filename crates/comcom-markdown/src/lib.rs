//! comcom's one path from Markdown to what a reader sees: [`to_html`] for pages,
//! feeds and emails, [`to_text`] for the text part of emails and for search,
//! [`excerpt`] for summaries, and [`absolutize`] for HTML read away from the
//! site (feeds, emails).
//!
//! Markdown is CommonMark with GitHub's tables and strikethrough; footnotes,
//! task lists, heading attributes, math and smart punctuation are off (footnotes
//! need `id` attributes, which the sanitizer removes, and smart punctuation would
//! put English quotes into French text). The HTML pulldown-cmark writes, raw HTML
//! included, then goes through ammonia with the allowlist of [`html`]: nothing
//! else reaches a page.

mod html;
mod text;

pub use html::{absolutize, to_html};
pub use text::{excerpt, to_text, to_text_lines};
