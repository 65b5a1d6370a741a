//! Autodiscovery: the feeds a site's home page announces with
//! `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href="…">`.

use url::Url;

/// One feed a page announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub url: Url,
    pub title: String,
    pub media_type: String,
}

const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
];

/// The feeds announced by an HTML page at `page`, in document order, without
/// duplicates. A `<base href>` changes what relative addresses resolve against.
pub fn discover(html: &str, page: &Url) -> Vec<Announced> {
    let mut base = page.clone();
    let mut found: Vec<Announced> = Vec::new();
    for (name, attributes) in tags(html) {
        let get = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.as_str())
        };
        if name == "base" {
            if let Some(href) = get("href").and_then(|h| page.join(h.trim()).ok()) {
                base = href;
            }
            continue;
        }
        if name != "link" {
            continue;
        }
        let rel = get("rel").unwrap_or("").to_ascii_lowercase();
        if !rel.split_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let media_type = get("type").unwrap_or("").trim().to_ascii_lowercase();
        let media_type = media_type.split(';').next().unwrap_or("").trim().to_owned();
        if !FEED_TYPES.contains(&media_type.as_str()) {
            continue;
        }
        let Some(url) = get("href").and_then(|h| base.join(h.trim()).ok()) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") || found.iter().any(|f| f.url == url) {
            continue;
        }
        found.push(Announced {
            url,
            title: get("title").unwrap_or("").trim().to_owned(),
            media_type,
        });
    }
    found
}

/// The start tags of a page with their attributes (names lowercased, the
/// five XML entities and numeric references decoded in values).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|p| p + i) {
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let mut j = start + 1;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let tag = &html[start + 1..j.min(html.len())];
        i = (j + 1).min(html.len());
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if name == "body" {
            break;
        }
        out.push((name.clone(), attributes(&tag[name.len()..])));
    }
    out
}

fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let close = after[1..].find(q).map_or(after.len(), |e| e + 1);
                value = after[1..close].to_owned();
                rest = after.get(close + 1..).unwrap_or("");
            } else {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..close].to_owned();
                rest = &after[close..];
            }
        } else if name.is_empty() {
            rest = rest.get(1..).unwrap_or("");
        }
        if !name.is_empty() {
            out.push((name, decode(&value)));
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    }
    out
}

fn decode(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_announced_feeds() {
        let page = Url::parse("https://engins.fr/").unwrap();
        let html = r#"<!doctype html><html><head><title>Engins</title>
            <!-- <link rel="alternate" type="application/rss+xml" href="/old"> -->
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="Engins &raquo; Flux" href="/?feed=rss2">
            <LINK REL='Alternate' TYPE='application/atom+xml' HREF='https://engins.fr/feed/atom/'>
            <link rel="alternate" type="application/rss+xml" href="/?feed=rss2">
            <link rel="alternate" hreflang="en" href="/en/">
            </head><body><link rel="alternate" type="application/rss+xml" href="/late"></body></html>"#;
        let found = discover(html, &page);
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://engins.fr/?feed=rss2",
                "https://engins.fr/feed/atom/"
            ]
        );
        assert_eq!(found[1].media_type, "application/atom+xml");
    }
}
