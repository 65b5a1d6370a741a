//! The single path by which HTML from another site becomes HTML comcom stores
//! and shows: [`sanitize_html`].
//!
//! What survives: text structure (paragraphs, lists, tables, headings,
//! quotes, code), links and images over `http`, `https`, `mailto` and `tel`,
//! images inlined as `data:image/png|jpeg|gif|webp`, and video players from
//! an allow-list of embed addresses, sandboxed. What goes: scripts and their
//! content, styles (elements and attributes), event handlers, forms, objects,
//! frames from anywhere else, `javascript:`, `vbscript:` and other `data:`
//! URLs, comments. Relative URLs are made absolute against the item's base.

use std::borrow::Cow;

use ammonia::{Builder, UrlRelative};
use url::Url;

/// Players that may be embedded, as (host, path prefix); any host for
/// PeerTube, whose instances are many and all embed under `/videos/embed/`.
const EMBED_ALLOW_LIST: &[(&str, &str)] = &[
    ("www.youtube-nocookie.com", "/embed/"),
    ("youtube-nocookie.com", "/embed/"),
    ("www.dailymotion.com", "/embed/video/"),
    ("geo.dailymotion.com", "/player"),
    ("player.vimeo.com", "/video/"),
    ("*", "/videos/embed/"),
];

/// Inline images that are only pictures (no SVG, which can carry script).
const DATA_IMAGE_TYPES: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/gif",
    "data:image/webp",
];

/// Whether `src` is the address of an allowed video player.
pub fn is_allowed_embed(src: &str) -> bool {
    let Ok(url) = Url::parse(src.trim()) else {
        return false;
    };
    if url.scheme() != "https" || !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    EMBED_ALLOW_LIST.iter().any(|(allowed, prefix)| {
        (*allowed == "*" || *allowed == host) && url.path().starts_with(prefix)
    })
}

fn is_data_image(value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    DATA_IMAGE_TYPES.iter().any(|kind| {
        lower
            .strip_prefix(kind)
            .is_some_and(|rest| rest.starts_with(';') || rest.starts_with(','))
    })
}

fn builder(base: Option<&Url>) -> Builder<'static> {
    let mut builder = Builder::default();
    builder
        .add_tags([
            "iframe",
            "figure",
            "figcaption",
            "picture",
            "source",
            "video",
            "audio",
        ])
        .rm_tags(["area", "map"])
        .add_tag_attributes(
            "iframe",
            ["src", "width", "height", "title", "allowfullscreen"],
        )
        .add_tag_attributes("source", ["src", "srcset", "type", "media"])
        .add_tag_attributes("img", ["srcset", "loading"])
        .add_tag_attributes("video", ["src", "controls", "poster", "width", "height"])
        .add_tag_attributes("audio", ["src", "controls"])
        .set_tag_attribute_value(
            "iframe",
            "sandbox",
            "allow-scripts allow-same-origin allow-popups",
        )
        .set_tag_attribute_value("iframe", "referrerpolicy", "no-referrer")
        .set_tag_attribute_value("iframe", "loading", "lazy")
        .url_schemes(["http", "https", "mailto", "tel", "data"].into())
        .strip_comments(true)
        .url_relative(match base {
            Some(base) if matches!(base.scheme(), "http" | "https") => {
                UrlRelative::RewriteWithBase(base.clone())
            }
            _ => UrlRelative::Deny,
        })
        .attribute_filter(|element, attribute, value| {
            let looks_data = value
                .trim_start()
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("data:"));
            match (element, attribute) {
                ("iframe", "src") => is_allowed_embed(value).then_some(Cow::Borrowed(value)),
                ("img", "src") if looks_data => {
                    is_data_image(value).then_some(Cow::Borrowed(value))
                }
                // A srcset lists URLs ammonia does not check: keep only plain web ones.
                (_, "srcset") => value
                    .split(',')
                    .all(|candidate| {
                        let url = candidate.split_whitespace().next().unwrap_or("");
                        url.starts_with("https://") || url.starts_with("http://")
                    })
                    .then_some(Cow::Borrowed(value)),
                _ if looks_data => None,
                _ => Some(Cow::Borrowed(value)),
            }
        });
    builder
}

/// Feed HTML made safe to show on comcom's pages, relative URLs resolved
/// against `base` (dropped when there is none).
pub fn sanitize_html(html: &str, base: Option<&Url>) -> String {
    let clean = builder(base).clean(html).to_string();
    without_empty_frames(clean.trim())
}

/// Frames whose address was not allowed are left without `src` by the
/// cleaner: they are dropped whole.
fn without_empty_frames(html: &str) -> String {
    if !html.contains("<iframe") {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<iframe") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let tag_end = after.find('>').map_or(after.len(), |e| e + 1);
        let close = after
            .find("</iframe>")
            .map_or(tag_end, |c| c + "</iframe>".len());
        if after[..tag_end].contains(" src=\"") {
            out.push_str(&after[..close]);
        }
        rest = &after[close.max(tag_end)..];
    }
    out.push_str(rest);
    out
}

/// Text for a title: tags dropped, entities decoded, spaces collapsed.
pub fn html_to_text(html: &str) -> String {
    let escaped = Builder::empty().clean(html).to_string();
    let text = unescape(&escaped);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the few references ammonia writes when it escapes text.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Plain text as HTML paragraphs.
pub fn text_to_html(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// Text escaped for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        sanitize_html(html, Url::parse("https://engins.fr/actus/").ok().as_ref())
    }

    #[test]
    fn scripts_handlers_and_dangerous_urls_go() {
        let out = clean(
            "<p onclick=\"x()\">Hi<script>alert(1)</script><a href=\"javascript:alert(1)\">a</a>\
             <a href=\"JaVaScRiPt:alert(1)\">b</a><img src=\"data:text/html,<script>\">\
             <img src=\"data:image/svg+xml;base64,AAA\"><style>p{}</style><span style=\"color:red\">s</span>\
             <form action=\"/x\"><input name=q></form><object data=\"x.swf\"></object></p>",
        );
        assert_eq!(
            out,
            "<p>Hi<a rel=\"noopener noreferrer\">a</a><a rel=\"noopener noreferrer\">b</a><img><img><span>s</span></p><p></p>"
        );
    }

    #[test]
    fn relative_links_become_absolute_and_data_images_stay() {
        let out = clean(
            "<a href=\"../plan.pdf\">plan</a><img src=\"data:image/png;base64,iVBO\" alt=\"\">",
        );
        assert!(out.contains("href=\"https://engins.fr/plan.pdf\""), "{out}");
        assert!(out.contains("src=\"data:image/png;base64,iVBO\""), "{out}");
    }

    #[test]
    fn only_allowed_players_are_embedded() {
        let ok = clean(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" onload=\"x()\"></iframe>",
        );
        assert!(
            ok.contains("src=\"https://www.youtube-nocookie.com/embed/abc\""),
            "{ok}"
        );
        assert!(ok.contains("sandbox=") && !ok.contains("onload"), "{ok}");
        let peertube =
            clean("<iframe src=\"https://video.example.org/videos/embed/123\"></iframe>");
        assert!(peertube.contains("/videos/embed/123"), "{peertube}");
        let other = clean("<p>a<iframe src=\"https://evil.example/\">x</iframe>b</p>");
        assert_eq!(other, "<p>ab</p>");
        let http = clean("<iframe src=\"http://www.youtube-nocookie.com/embed/abc\"></iframe>");
        assert_eq!(http, "");
    }

    #[test]
    fn titles_become_text() {
        assert_eq!(
            html_to_text("Example <b>Atom</b> &amp; co"),
            "Example Atom & co"
        );
        assert_eq!(html_to_text("a &lt;blink&gt; tag"), "a <blink> tag");
    }
}
