//! Reading a feed document: bytes in, the items comcom would store out.
//! The `feeds inspect` command and the poller both call [`read_feed`].

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use feed_rs::model::{Entry, Link, Text};
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;

use feed_rs::model::FeedType;

use crate::charset::to_utf8;
use crate::entities::HTML_ENTITIES;
use crate::extras::{Extra, extras};
use crate::sanitize::{html_to_text, sanitize_html, text_to_html};

/// What a feed document holds, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The feed's own title (plain text, possibly empty).
    pub title: String,
    /// The site the feed belongs to, when it says.
    pub link: Option<String>,
    /// The encoding the document was read with.
    pub encoding: &'static str,
    pub items: Vec<Item>,
}

/// One item, as comcom stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The item's identifier in its feed (`id`, `guid`); empty when it has none.
    pub id: String,
    /// Plain text.
    pub title: String,
    /// The item's page on the source site, absolute.
    pub link: Option<String>,
    #[serde(serialize_with = "rfc3339")]
    pub published: Option<DateTime<Utc>>,
    #[serde(serialize_with = "rfc3339")]
    pub updated: Option<DateTime<Utc>>,
    /// Sanitized HTML, URLs absolute.
    pub content_html: String,
    /// What identifies the item across polls: `id:…`, else `link:…`, else
    /// `hash:…` of its title and content.
    #[serde(skip)]
    pub key: String,
}

fn rfc3339<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        None => s.serialize_none(),
    }
}

/// Why a document cannot be read as a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing, or only blanks.
    Empty,
    /// An HTML page, not a feed (the site's home page, say).
    HtmlPage,
    /// Neither XML nor JSON.
    NotAFeed,
    /// XML or JSON, but not a feed format comcom knows.
    UnknownFormat,
    /// A JSON Feed of a version comcom does not know.
    UnsupportedVersion(String),
    /// Broken XML or JSON; the detail is the parser's, in English.
    Malformed(String),
}

impl ReadError {
    /// The Fluent message explaining this error to a person.
    pub fn message_id(&self) -> &'static str {
        match self {
            ReadError::Empty => "feed-error-empty",
            ReadError::HtmlPage => "feed-error-html-page",
            ReadError::NotAFeed => "feed-error-not-a-feed",
            ReadError::UnknownFormat => "feed-error-unknown-format",
            ReadError::UnsupportedVersion(_) => "feed-error-unsupported-version",
            ReadError::Malformed(_) => "feed-error-malformed",
        }
    }

    /// The technical detail, for the `detail` variable of the message.
    pub fn detail(&self) -> &str {
        match self {
            ReadError::UnsupportedVersion(d) | ReadError::Malformed(d) => d,
            _ => "",
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message_id())?;
        if !self.detail().is_empty() {
            write!(f, ": {}", self.detail())?;
        }
        Ok(())
    }
}

/// Reads a feed document. `content_type` is the HTTP header, if the document
/// came over HTTP; `base` is the document's address, against which relative
/// links are resolved (after any `xml:base`).
pub fn read_feed(
    bytes: &[u8],
    content_type: Option<&str>,
    base: Option<&Url>,
) -> Result<Feed, ReadError> {
    let (text, encoding) = to_utf8(bytes, content_type);
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.is_empty() {
        return Err(ReadError::Empty);
    }
    if looks_like_html(trimmed) {
        return Err(ReadError::HtmlPage);
    }
    if !trimmed.starts_with('<') && !trimmed.starts_with('{') {
        return Err(ReadError::NotAFeed);
    }
    // Feeds written by hand or by old tools use HTML's entities (`&eacute;`,
    // `&nbsp;`) and bare ampersands, which XML does not allow: repaired first.
    let repaired;
    let source = if trimmed.starts_with('<') && trimmed.contains('&') {
        repaired = repair_xml(trimmed);
        repaired.as_str()
    } else {
        trimmed
    };
    // Atom 0.3 is Atom 1.0's elements under another namespace, for what comcom reads.
    let atom03;
    let source = if source.contains(ATOM_03) {
        atom03 = source.replace(ATOM_03, "http://www.w3.org/2005/Atom");
        atom03.as_str()
    } else {
        source
    };
    // Atom 0.3's `mode="base64"` titles (and titles typed as binary), decoded first.
    let decoded;
    let source = match decode_base64_titles(source) {
        Some(text) => {
            decoded = text;
            decoded.as_str()
        }
        None => source,
    };
    let retyped;
    let (source, parsed) = match parse(source, base) {
        Ok(parsed) => (source, parsed),
        // One title typed `application/xhtml+xml` or `""` should not lose the whole feed.
        Err(ReadError::Malformed(detail)) if detail.contains("unsupported content type") => {
            retyped = normalize_text_types(source);
            let parsed = parse(&retyped, base).map_err(|_| ReadError::Malformed(detail))?;
            (retyped.as_str(), parsed)
        }
        Err(e) => return Err(e),
    };
    let feed_base = base.cloned();
    let rdf = matches!(parsed.feed_type, FeedType::RSS1);
    let needs_extras = rdf
        || parsed
            .entries
            .iter()
            .any(|e| e.title.is_none() || (e.published.is_none() && e.updated.is_none()));
    let extras = if needs_extras && source.starts_with('<') {
        extras(source)
    } else {
        Vec::new()
    };
    let items = if rdf {
        extras
            .iter()
            .map(|extra| rdf_item(extra, feed_base.as_ref()))
            .collect()
    } else {
        parsed
            .entries
            .iter()
            .enumerate()
            .map(|(i, entry)| item(entry, extras.get(i), feed_base.as_ref()))
            .collect()
    };
    Ok(Feed {
        title: parsed.title.as_ref().map(text_of).unwrap_or_default(),
        link: alternate(&parsed.links),
        encoding,
        items,
    })
}

fn parse(text: &str, base: Option<&Url>) -> Result<feed_rs::model::Feed, ReadError> {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base.map(Url::as_str))
        .sanitize_content(false)
        // No invented identifiers: an item without one is known by its link or content.
        .id_generator(|_, _, _| String::new())
        .build();
    // A parser bug must not take the poller down with it: a panic is one more
    // unreadable document.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parser.parse(text.as_bytes())
    }))
    .map_err(|_| ReadError::Malformed("the feed parser failed on this document".to_owned()))?;
    outcome.map_err(|e| match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => ReadError::UnknownFormat,
        ParseFeedError::JsonUnsupportedVersion(v) => ReadError::UnsupportedVersion(v),
        other => ReadError::Malformed(other.to_string()),
    })
}

/// Atom text constructs (`title`, `summary`…) whose `type` is a media type
/// or empty get Atom 1.0's `text`, `html` or `xhtml`.
fn normalize_text_types(xml: &str) -> String {
    const TEXT_CONSTRUCTS: &[&str] = &[
        "title",
        "subtitle",
        "summary",
        "rights",
        "tagline",
        "copyright",
    ];
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == ':')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        if TEXT_CONSTRUCTS.contains(&local) {
            out.push_str(&retype(tag));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn retype(tag: &str) -> String {
    for quote in ['"', '\''] {
        let needle = format!(" type={quote}");
        if let Some(at) = tag.find(&needle) {
            let start = at + needle.len();
            let Some(len) = tag[start..].find(quote) else {
                return tag.to_owned();
            };
            let value = tag[start..start + len].trim().to_ascii_lowercase();
            let atom = match value.as_str() {
                "text" | "html" | "xhtml" => return tag.to_owned(),
                "text/html" => "html",
                "application/xhtml+xml" => "xhtml",
                _ => "text",
            };
            return format!("{}{atom}{}", &tag[..start], &tag[start + len..]);
        }
    }
    tag.to_owned()
}

/// The value of attribute `name` in a start tag, if present.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    for quote in ['"', '\''] {
        let needle = format!(" {name}={quote}");
        if let Some(at) = tag.find(&needle) {
            let start = at + needle.len();
            let len = tag[start..].find(quote)?;
            return Some(&tag[start..start + len]);
        }
    }
    None
}

/// Decodes standard base64 (whitespace ignored); `None` when it is not.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Entry and feed titles written in base64 (Atom 0.3's `mode="base64"`, or
/// a title typed as a binary media type such as `application/octet-stream`)
/// rewritten as Atom 1.0 `text` or `html` titles; `None` when there is none.
fn decode_base64_titles(xml: &str) -> Option<String> {
    if !xml.contains("base64") && !xml.contains("octet-stream") {
        return None;
    }
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut changed = false;
    while let Some(at) = rest.find("<title") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        let mode = attribute(tag, "mode").map(str::to_ascii_lowercase);
        let kind = attribute(tag, "type").unwrap_or("").to_ascii_lowercase();
        let binary = mode.as_deref() == Some("base64")
            || (kind.contains('/') && !kind.starts_with("text/") && !kind.contains("xml"));
        let close = rest[end..].find("</title>").map(|c| end + c);
        match (binary && !tag.ends_with("/>"), close) {
            (true, Some(close)) => {
                let inner = &rest[end + 1..close];
                match base64_decode(inner).and_then(|b| String::from_utf8(b).ok()) {
                    Some(text) => {
                        let atom = if kind.contains("html") {
                            "html"
                        } else {
                            "text"
                        };
                        out.push_str(&format!(
                            "<title type=\"{atom}\">{}</title>",
                            text.replace('&', "&amp;")
                                .replace('<', "&lt;")
                                .replace('>', "&gt;")
                        ));
                        changed = true;
                    }
                    None => out.push_str(&rest[..close + "</title>".len()]),
                }
                rest = &rest[close + "</title>".len()..];
            }
            _ => {
                out.push_str(tag);
                rest = &rest[end + 1..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

const ATOM_03: &str = "http://purl.org/atom/ns#";

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Undeclared HTML entities become character references and lone `&` become `&amp;`.
fn repair_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    loop {
        // CDATA sections are left as they are: `&` means itself there.
        let amp = rest.find('&');
        let cdata = rest.find("<![CDATA[");
        match (amp, cdata) {
            (None, _) => break,
            (Some(a), Some(c)) if c < a => {
                let end = rest[c..].find("]]>").map_or(rest.len(), |e| c + e + 3);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            (Some(at), _) => {
                out.push_str(&rest[..at]);
                let after = &rest[at + 1..];
                let name_len = after
                    .char_indices()
                    .find(|(_, c)| !c.is_ascii_alphanumeric() && *c != '#')
                    .map_or(after.len(), |(i, _)| i);
                let name = &after[..name_len];
                let terminated = after[name_len..].starts_with(';');
                if terminated
                    && (matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                        || name.starts_with('#'))
                {
                    out.push('&');
                } else if let (true, Ok(i)) = (
                    terminated,
                    HTML_ENTITIES.binary_search_by(|(n, _)| (*n).cmp(name)),
                ) {
                    out.push_str(&format!("&#{};", HTML_ENTITIES[i].1));
                    rest = &after[name_len + 1..];
                    continue;
                } else {
                    out.push_str("&amp;");
                }
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn text_of(text: &Text) -> String {
    if is_markup(text.content_type.as_str()) {
        html_to_text(&text.content)
    } else {
        text.content
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_markup(media_type: &str) -> bool {
    media_type.contains("html") || media_type.ends_with("xml")
}

/// The page a feed or entry points to: its `alternate` link, else its first.
fn alternate(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .map(|l| l.href.clone())
        .filter(|href| !href.is_empty())
}

/// A date as feeds write them: RFC 3339 (W3C-DTF), RFC 2822, or a bare day.
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

/// An identifier that is a relative reference is resolved like a link.
fn resolve_id(id: &str, base: Option<&Url>) -> String {
    let relative = id.starts_with('/') || id.starts_with("./") || id.starts_with("../");
    match base {
        Some(base) if relative => base.join(id).map_or_else(|_| id.to_owned(), String::from),
        _ => id.to_owned(),
    }
}

/// An RSS 1.0 or 0.90 item, from the shallow pass (feed-rs drops those without a link).
fn rdf_item(extra: &Extra, feed_base: Option<&Url>) -> Item {
    let resolve = |href: &str| match feed_base {
        Some(base) => base
            .join(href.trim())
            .map_or_else(|_| href.trim().to_owned(), String::from),
        None => href.trim().to_owned(),
    };
    let link = extra.link.as_deref().map(resolve);
    let id = extra.about.as_deref().map(resolve).unwrap_or_default();
    let title = extra.title.as_deref().map(html_to_text).unwrap_or_default();
    let raw_html = extra
        .encoded
        .clone()
        .or_else(|| extra.description.clone())
        .unwrap_or_default();
    let base = link
        .as_deref()
        .and_then(|l| Url::parse(l).ok())
        .or_else(|| feed_base.cloned());
    let content_html = sanitize_html(&raw_html, feed_base.or(base.as_ref()));
    let published = extra
        .date
        .as_deref()
        .or(extra.issued.as_deref())
        .and_then(parse_date);
    let updated = extra.modified.as_deref().and_then(parse_date);
    let key = key_for(&id, link.as_deref(), &title, &content_html);
    Item {
        id,
        title,
        link,
        published,
        updated,
        content_html,
        key,
    }
}

fn key_for(id: &str, link: Option<&str>, title: &str, content_html: &str) -> String {
    if !id.is_empty() {
        format!("id:{id}")
    } else if let Some(link) = link {
        format!("link:{link}")
    } else {
        let digest = Sha256::digest(format!("{title}\u{0}{content_html}").as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("hash:{hex}")
    }
}

fn item(entry: &Entry, extra: Option<&Extra>, feed_base: Option<&Url>) -> Item {
    let id = resolve_id(entry.id.trim(), feed_base);
    // An RSS guid that is an address is the item's page when it has no link.
    let link = alternate(&entry.links)
        .or_else(|| (id.starts_with("http://") || id.starts_with("https://")).then(|| id.clone()));
    let base = entry
        .base
        .as_deref()
        .and_then(|b| match feed_base {
            Some(feed) => feed.join(b).ok(),
            None => Url::parse(b).ok(),
        })
        .or_else(|| feed_base.cloned())
        .or_else(|| link.as_deref().and_then(|l| Url::parse(l).ok()));
    let raw_html = match (&entry.content, &entry.summary) {
        (Some(content), _)
            if content
                .body
                .as_deref()
                .is_some_and(|b| !b.trim().is_empty()) =>
        {
            let body = content.body.as_deref().unwrap_or_default();
            if is_markup(content.content_type.as_str()) {
                body.to_owned()
            } else {
                text_to_html(body)
            }
        }
        (_, Some(summary)) => {
            if is_markup(summary.content_type.as_str()) {
                summary.content.clone()
            } else {
                text_to_html(&summary.content)
            }
        }
        _ => String::new(),
    };
    let content_html = sanitize_html(&raw_html, base.as_ref());
    let title = entry
        .title
        .as_ref()
        .map(text_of)
        .or_else(|| extra.and_then(|e| e.title.as_deref()).map(html_to_text))
        .unwrap_or_default();
    let key = key_for(&id, link.as_deref(), &title, &content_html);
    let published = entry.published.or_else(|| {
        extra
            .and_then(|e| e.issued.as_deref().or(e.date.as_deref()))
            .and_then(parse_date)
    });
    let updated = entry.updated.or_else(|| {
        extra
            .and_then(|e| e.modified.as_deref())
            .and_then(parse_date)
    });
    Item {
        id,
        title,
        link,
        published,
        updated,
        content_html,
        key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://engins.fr/feed/").unwrap()
    }

    #[test]
    fn rss_in_latin1_with_html_entities_and_relative_links() {
        let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel>\
            <title>Mairie d'Engins</title><link>https://engins.fr/</link>\
            <item><title>F\xeate du village &eacute;t&eacute;</title><link>/actus/fete</link>\
            <description>&lt;p&gt;Place &amp; march\xe9 &lt;a href=\"plan.pdf\"&gt;plan&lt;/a&gt;&lt;script&gt;x()&lt;/script&gt;&lt;/p&gt;</description>\
            <pubDate>Fri, 04 Dec 2026 14:30:00 +0100</pubDate></item></channel></rss>";
        let feed = read_feed(doc, None, Some(&base())).unwrap();
        assert_eq!(feed.title, "Mairie d'Engins");
        let item = &feed.items[0];
        assert_eq!(item.title, "Fête du village été");
        assert_eq!(item.link.as_deref(), Some("https://engins.fr/actus/fete"));
        assert_eq!(
            item.content_html,
            "<p>Place &amp; marché <a href=\"https://engins.fr/feed/plan.pdf\" rel=\"noopener noreferrer\">plan</a></p>"
        );
        assert_eq!(
            item.published.unwrap().to_rfc3339(),
            "2026-12-04T13:30:00+00:00"
        );
        assert_eq!(item.key, "link:https://engins.fr/actus/fete");
    }

    #[test]
    fn atom_with_xml_base_and_json_feed() {
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/">
            <title>Blog</title><entry><id>tag:x,2026:1</id><title type="html">A &lt;b&gt;bold&lt;/b&gt; move</title>
            <link href="post-1"/><updated>2026-12-01T10:00:00Z</updated>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <img src="i.png" onerror="x()"/></p></div></content></entry></feed>"#;
        let feed = read_feed(atom, None, None).unwrap();
        let item = &feed.items[0];
        assert_eq!(item.title, "A bold move");
        assert_eq!(
            item.link.as_deref(),
            Some("https://site.example/blog/post-1")
        );
        assert_eq!(item.key, "id:tag:x,2026:1");
        assert!(
            !item.content_html.contains("onerror"),
            "{}",
            item.content_html
        );

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/1","content_html":"<p onclick='x'>ok</p>","date_published":"2026-12-02T08:00:00Z"}]}"#;
        let feed = read_feed(json, Some("application/feed+json"), None).unwrap();
        assert_eq!(feed.items[0].content_html, "<p>ok</p>");
        assert_eq!(feed.items[0].link.as_deref(), Some("https://j.example/1"));
    }

    #[test]
    fn what_is_not_a_feed_says_why() {
        assert_eq!(read_feed(b"  ", None, None), Err(ReadError::Empty));
        assert_eq!(
            read_feed(b"<!DOCTYPE html><html></html>", None, None),
            Err(ReadError::HtmlPage)
        );
        assert_eq!(read_feed(b"hello", None, None), Err(ReadError::NotAFeed));
        assert!(read_feed(b"<rss><channel><item>", None, None).is_err());
    }

    #[test]
    fn items_without_id_or_link_are_known_by_their_content() {
        let doc = b"<rss version=\"2.0\"><channel><title>t</title><item><title>A</title><description>x</description></item></channel></rss>";
        let feed = read_feed(doc, None, None).unwrap();
        assert!(
            feed.items[0].key.starts_with("hash:"),
            "{}",
            feed.items[0].key
        );
        assert_eq!(feed.items[0].id, "");
    }

    #[test]
    fn base64_titles_are_decoded() {
        let atom03 = b"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>\
            <title type=\"text/html\" mode=\"base64\">PGI+RsOqdGU8L2I+IGR1IHBhaW4=</title>\
            <id>urn:a</id></entry></feed>";
        let feed = read_feed(atom03, None, None).unwrap();
        assert_eq!(feed.items[0].title, "F\u{ea}te du pain");
        let binary = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>\
            <title type=\"application/octet-stream\">\n  QSAmIEI=\n</title><id>urn:b</id></entry></feed>";
        assert_eq!(
            read_feed(binary, None, None).unwrap().items[0].title,
            "A & B"
        );
        // Not base64 after all: left as it was.
        let plain = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>\
            <title>base64 est un codage</title><id>urn:c</id></entry></feed>";
        assert_eq!(
            read_feed(plain, None, None).unwrap().items[0].title,
            "base64 est un codage"
        );
    }
}
