//! Markdown to sanitized HTML: the parser options, the heading shift and the
//! allowlist every piece of HTML goes through.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use url::Url;

/// Elements an article may contain: text structure, links and images.
const TAGS: &[&str] = &[
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "img",
];

/// Elements removed together with everything inside them: their text would
/// be code, a form's labels or a drawing's labels, never part of the article.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "form",
    "select", "textarea", "button", "title",
];

/// Schemes a link may use; anything else (javascript:, data:, vbscript:…) loses its URL.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// One allowlist, built once.
static POLICY: LazyLock<Builder<'static>> = LazyLock::new(policy);

/// The parser options shared by the HTML and text renderings.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown as sanitized HTML, ready to be put in a page, a feed or an email.
///
/// Headings are h2 to h6: when the text has a level-1 heading, every heading
/// moves one level down (h6 stays h6), so an article never adds a second h1 to
/// its page and keeps its outline. Raw HTML in the Markdown is kept only as far
/// as the allowlist allows. Non-breaking spaces come out as characters, not as
/// `&nbsp;`, so the HTML is also valid XML text.
pub fn to_html(markdown: &str) -> String {
    let events = shift_headings(Parser::new_ext(markdown, parser_options()).collect());
    let mut raw = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    serialize(&POLICY, &raw)
}

/// Turns the relative `href` and `src` URLs of `html` into absolute ones against
/// `base`, for HTML read away from the site (feeds, emails).
///
/// The HTML goes through the same allowlist as [`to_html`] on the way, so
/// anything this function returns is as safe as what `to_html` returns.
pub fn absolutize(html: &str, base: &Url) -> String {
    let mut policy = policy();
    policy.url_relative(UrlRelative::RewriteWithBase(base.clone()));
    serialize(&policy, html)
}

/// Whether a link to `url` may be shown: http, https, mailto, or relative.
pub(crate) fn is_allowed_link(url: &str) -> bool {
    match Url::parse(url) {
        Ok(url) => LINK_SCHEMES.contains(&url.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// Whether an image may be loaded from `url`: http, https, or relative.
fn is_allowed_image(url: &str) -> bool {
    match Url::parse(url) {
        Ok(url) => matches!(url.scheme(), "http" | "https"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

fn serialize(policy: &Builder<'_>, html: &str) -> String {
    // The serializer writes U+00A0 as `&nbsp;`, an entity XML does not know; a
    // literal "&nbsp;" typed by the author comes out as "&amp;nbsp;" and is left alone.
    policy.clean(html).to_string().replace("&nbsp;", "\u{a0}")
}

// TODO: table column alignment (`|:--|--:|`) is lost: pulldown-cmark writes it
// as a `style` attribute, which the allowlist removes.
fn policy() -> Builder<'static> {
    let tag_attributes = HashMap::from([
        ("a", HashSet::from(["href", "title"])),
        ("img", HashSet::from(["src", "alt", "title"])),
        ("ol", HashSet::from(["start"])),
    ]);

    let mut policy = Builder::empty();
    policy
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .tag_attribute_values(HashMap::new())
        .generic_attributes(HashSet::new())
        .url_schemes(LINK_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            // mailto: is fine for a link but not for an image.
            if element == "img" && attribute == "src" && !is_allowed_image(value) {
                None
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    policy
}

fn shift_headings(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let has_h1 = events.iter().any(|event| {
        matches!(
            event,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    if !has_h1 {
        return events;
    }

    for event in &mut events {
        match event {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                *level = one_level_down(*level);
            }
            _ => {}
        }
    }
    events
}

fn one_level_down(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tag of `html` with its attributes, read the way a browser would
    /// read ammonia's serialization (attribute values quoted, text escaped).
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut found = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            let mut end = None;
            let mut quote = None;
            for (i, c) in rest.char_indices() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.unwrap_or_else(|| panic!("unterminated tag in {html}"));
            found.push(parse_tag(&rest[..end]));
            rest = &rest[end + 1..];
        }
        found
    }

    fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
        let tag = tag.trim_start_matches('/').trim_end_matches('/');
        let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attributes = Vec::new();
        while !rest.trim().is_empty() {
            rest = rest.trim_start();
            let (attribute, after) = rest.split_once("=\"").expect("quoted attribute value");
            let (value, after) = after.split_once('"').expect("closing quote");
            attributes.push((attribute.to_string(), unescape(value)));
            rest = after;
        }
        (name.to_string(), attributes)
    }

    fn unescape(value: &str) -> String {
        value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// Fails unless every tag and attribute of `html` is on the allowlist and
    /// every URL is http, https, mailto (links only) or relative.
    fn assert_only_allowed_markup(input: &str, html: &str) {
        for (name, attributes) in tags(html) {
            assert!(
                TAGS.contains(&name.as_str()),
                "<{name}> from {input:?}: {html}"
            );
            for (attribute, value) in attributes {
                let allowed = match (name.as_str(), attribute.as_str()) {
                    ("a", "href") => is_allowed_link(&value),
                    ("a", "rel") => value == "noopener noreferrer",
                    ("img", "src") => is_allowed_image(&value),
                    ("a" | "img", "title") | ("img", "alt") | ("ol", "start") => true,
                    _ => false,
                };
                assert!(
                    allowed,
                    "{attribute}={value:?} on <{name}> from {input:?}: {html}"
                );
            }
        }
    }

    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "text <script>alert(1)</script> inline",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" onerror=\"alert(1)\" />",
        "![a](x \"t\" onerror=alert(1))",
        "![a](x\" onerror=\"alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](java\tscript:alert(1))",
        "[x](jav&#x61;script:alert(1))",
        "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](%6a%61vascript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[r]\n\n[r]: javascript:alert(1) \"title\"",
        "[x][]\n\n[x]: <jav&#x61;script:alert(1)>",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "![x](javascript:alert(1))",
        "![x](mailto:a@example.org)",
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\">",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<p class=\"admin\" id=\"login\">x</p>",
        "<div><p><span onclick=\"alert(1)\"><b>nested</b></span></p></div>",
        "<svg onload=alert(1)><a href=\"javascript:alert(1)\">x</a></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<form action=\"https://evil.example/\"><input name=p><button>Go</button></form>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<a href=\"https://ok.example/\" onmouseover=\"alert(1)\">x</a>",
        "<a href=\"jav&#x61;script:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)",
        "<script>alert(1)",
        "<a href=\"javascript:alert(1)\"",
        "<style>body{display:none}</style>",
        "<!-- <script>alert(1)</script> -->",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<table><tr><td style=\"x\" onclick=\"alert(1)\">c</td></tr></table>",
        "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<h1 onclick=\"alert(1)\">t</h1>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
    ];

    #[test]
    fn nothing_outside_the_allowlist_survives_hostile_input() {
        for input in HOSTILE {
            let html = to_html(input);
            assert_only_allowed_markup(input, &html);
        }
    }

    #[test]
    fn hostile_html_stays_inert_when_made_absolute() {
        let base = Url::parse("https://cc-vercors.example/actualites/").unwrap();
        for input in HOSTILE {
            assert_only_allowed_markup(input, &absolutize(&to_html(input), &base));
            assert_only_allowed_markup(input, &absolutize(input, &base));
        }
    }

    #[test]
    fn script_and_style_contents_are_dropped_not_shown() {
        assert_eq!(to_html("<script>alert(1)</script>"), "");
        assert_eq!(
            to_html("<style>p{}</style>\n\nSuite").trim(),
            "<p>Suite</p>"
        );
    }

    #[test]
    fn a_javascript_link_keeps_its_text_and_loses_its_url() {
        assert_eq!(
            to_html("[cliquer](jav&#x61;script:alert(1))"),
            "<p><a rel=\"noopener noreferrer\">cliquer</a></p>\n"
        );
    }

    #[test]
    fn code_shows_markup_as_text() {
        assert_eq!(
            to_html("`<script>`"),
            "<p><code>&lt;script&gt;</code></p>\n"
        );
    }

    #[test]
    fn allowed_links_get_rel_noopener_noreferrer() {
        assert_eq!(
            to_html("[site](https://example.org/a?b=1&c=2 \"Titre\")"),
            "<p><a href=\"https://example.org/a?b=1&amp;c=2\" title=\"Titre\" \
             rel=\"noopener noreferrer\">site</a></p>\n"
        );
        assert!(
            to_html("<mairie@engins.example>").contains("href=\"mailto:mairie@engins.example\"")
        );
        assert!(to_html("[plan](/communes/engins)").contains("href=\"/communes/engins\""));
    }

    #[test]
    fn images_keep_their_alt_text_and_web_source() {
        assert_eq!(
            to_html("![Le lac de Lans](https://example.org/lac.jpg)"),
            "<p><img src=\"https://example.org/lac.jpg\" alt=\"Le lac de Lans\"></p>\n"
        );
        assert_eq!(
            to_html("![x](data:image/png;base64,iVBORw0KGgo=)"),
            "<p><img alt=\"x\"></p>\n"
        );
    }

    #[test]
    fn a_level_one_heading_shifts_every_heading_one_level_down() {
        assert_eq!(
            to_html("# Titre\n\n## Partie\n\n###### Fin"),
            "<h2>Titre</h2>\n<h3>Partie</h3>\n<h6>Fin</h6>\n"
        );
    }

    #[test]
    fn without_a_level_one_heading_levels_are_kept() {
        assert_eq!(
            to_html("## Partie\n\n### Détail"),
            "<h2>Partie</h2>\n<h3>Détail</h3>\n"
        );
    }

    #[test]
    fn an_h1_in_raw_html_becomes_plain_text() {
        assert_eq!(to_html("<h1>Titre</h1>"), "Titre");
    }

    #[test]
    fn french_text_keeps_guillemets_and_non_breaking_spaces() {
        let markdown = "Le conseil a dit\u{a0}: «\u{a0}Oui\u{202f}!\u{a0}» — 1\u{202f}200\u{a0}€";
        assert_eq!(to_html(markdown), format!("<p>{markdown}</p>\n"));
    }

    #[test]
    fn a_literal_nbsp_entity_typed_by_the_author_stays_text() {
        assert_eq!(to_html("`&nbsp;`"), "<p><code>&amp;nbsp;</code></p>\n");
    }

    #[test]
    fn tables_lists_quotes_and_strikethrough_are_kept() {
        let html = to_html(
            "| Commune | Habitants |\n|:--|--:|\n| Engins | 560 |\n\n\
             3. trois\n4. quatre\n\n- un\n\n> cité\n\n~~barré~~\n\n---",
        );
        assert_eq!(
            html,
            "<table><thead><tr><th>Commune</th><th>Habitants</th></tr></thead>\
             <tbody>\n<tr><td>Engins</td><td>560</td></tr>\n</tbody></table>\n\
             <ol start=\"3\">\n<li>trois</li>\n<li>quatre</li>\n</ol>\n\
             <ul>\n<li>un</li>\n</ul>\n<blockquote>\n<p>cité</p>\n</blockquote>\n\
             <p><del>barré</del></p>\n<hr>\n"
        );
    }

    #[test]
    fn relative_links_and_images_become_absolute() {
        let base = Url::parse("https://cc-vercors.example/espaces/voirie/").unwrap();
        let html = to_html("[plan](plan.pdf) [accueil](/) ![carte](../carte.png) [ici](#suite)");
        assert_eq!(
            absolutize(&html, &base),
            "<p><a href=\"https://cc-vercors.example/espaces/voirie/plan.pdf\" \
             rel=\"noopener noreferrer\">plan</a> \
             <a href=\"https://cc-vercors.example/\" rel=\"noopener noreferrer\">accueil</a> \
             <img src=\"https://cc-vercors.example/espaces/carte.png\" alt=\"carte\"> \
             <a href=\"https://cc-vercors.example/espaces/voirie/#suite\" \
             rel=\"noopener noreferrer\">ici</a></p>\n"
        );
    }

    #[test]
    fn absolute_links_are_left_as_they_are() {
        let base = Url::parse("https://cc-vercors.example/").unwrap();
        let html = to_html("[a](https://other.example/x) <mairie@engins.example>");
        assert_eq!(absolutize(&html, &base), html);
    }
}
