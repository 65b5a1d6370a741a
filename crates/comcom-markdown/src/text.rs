//! Markdown to plain text, for the text part of emails, search indexing and
//! excerpts: no markup, links as "text (url)", list items after "- " or "1. ".

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::html::{is_allowed_link, parser_options};

/// Renders Markdown as readable plain text.
///
/// Paragraphs are separated by a blank line, list items start with "- " or
/// their number, quotes with "> ", table cells are separated by " | ", and a
/// link reads "text (url)" unless its text is its address. Raw HTML is reduced
/// to its text; scripts and styles disappear. Non-breaking spaces are kept.
pub fn to_text(markdown: &str) -> String {
    let mut writer = TextWriter::default();
    for event in Parser::new_ext(markdown, parser_options()) {
        writer.event(event);
    }
    writer.finish()
}

/// Like [`to_text`], but every line break the author typed inside a
/// paragraph stays a line break (an agenda written one point a line keeps
/// its lines), where [`to_text`] joins such lines with a space as a browser
/// would.
pub fn to_text_lines(markdown: &str) -> String {
    let mut writer = TextWriter {
        soft_breaks_as_lines: true,
        ..TextWriter::default()
    };
    for event in Parser::new_ext(markdown, parser_options()) {
        writer.event(event);
    }
    writer.finish()
}

/// A plain-text excerpt of at most `max_chars` characters, on one line.
///
/// A longer text is cut at the last space that fits (never at a non-breaking
/// space, which holds "12\u{a0}mai" or "Oui\u{202f}!" together) and ends with
/// "…", counted in `max_chars`.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let text = one_line(&to_text(markdown));
    if text.chars().count() <= max_chars {
        return text;
    }
    if max_chars == 0 {
        return String::new();
    }

    let room: String = text.chars().take(max_chars - 1).collect();
    let next_is_space = text.chars().nth(max_chars - 1) == Some(' ');
    let kept = match room.rfind(' ') {
        _ if next_is_space => room.as_str(),
        Some(space) if space > 0 => &room[..space],
        // One word longer than the excerpt: cut inside it.
        _ => room.as_str(),
    };
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c));
    format!("{kept}…")
}

/// Joins lines and collapses runs of ordinary white space into one space;
/// non-breaking spaces are kept as they are.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How much space the next piece of text must leave after what came before.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Break {
    #[default]
    None,
    Line,
    Blank,
}

/// A block that prefixes each of its lines.
enum Container {
    Quote,
    /// A list item: its marker goes on its first line, spaces on the next ones.
    Item {
        marker: Option<String>,
        indent: usize,
    },
}

struct Link {
    url: String,
    show_url: bool,
    text_start: usize,
}

#[derive(Default)]
struct TextWriter {
    out: String,
    pending: Break,
    at_line_start: bool,
    containers: Vec<Container>,
    /// The next number of each open list, `None` for bullets.
    lists: Vec<Option<u64>>,
    links: Vec<Link>,
    in_table_row: bool,
    cells_in_row: usize,
    html_block: Option<String>,
    soft_breaks_as_lines: bool,
}

impl TextWriter {
    fn event(&mut self, event: Event<'_>) {
        if let Some(block) = &mut self.html_block {
            match event {
                Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
                Event::Html(html) | Event::Text(html) => block.push_str(&html),
                _ => {}
            }
            return;
        }

        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.write(&code),
            Event::SoftBreak if self.soft_breaks_as_lines => self.line_break(Break::Line),
            Event::SoftBreak => self.write(" "),
            Event::HardBreak => self.line_break(Break::Line),
            Event::Rule => {
                self.line_break(Break::Blank);
                self.write("* * *");
                self.line_break(Break::Blank);
            }
            Event::Html(html) | Event::InlineHtml(html) => self.write(&html_to_text(&html)),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) => {
                self.line_break(Break::Blank)
            }
            Tag::BlockQuote(_) => {
                self.line_break(Break::Blank);
                self.containers.push(Container::Quote);
            }
            Tag::HtmlBlock => {
                self.line_break(Break::Blank);
                self.html_block = Some(String::new());
            }
            Tag::List(first) => {
                self.line_break(Break::Line);
                self.lists.push(first);
            }
            Tag::Item => self.start_item(),
            Tag::TableHead | Tag::TableRow => {
                self.line_break(Break::Line);
                self.in_table_row = true;
                self.cells_in_row = 0;
            }
            Tag::Table(_) => self.line_break(Break::Blank),
            Tag::TableCell => {
                if self.cells_in_row > 0 {
                    self.write(" | ");
                }
                self.cells_in_row += 1;
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let show_url = !matches!(link_type, LinkType::Autolink | LinkType::Email)
                    && is_allowed_link(&dest_url);
                self.links.push(Link {
                    url: dest_url.into_string(),
                    show_url,
                    text_start: self.out.len(),
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Table => {
                self.line_break(Break::Blank)
            }
            TagEnd::BlockQuote(_) => {
                self.containers.pop();
                self.line_break(Break::Blank);
            }
            TagEnd::List(_) => {
                self.lists.pop();
                // A nested list ends with its item; only an outer one ends a block.
                let after = if self.lists.is_empty() {
                    Break::Blank
                } else {
                    Break::Line
                };
                self.line_break(after);
            }
            TagEnd::Item => {
                self.containers.pop();
                self.line_break(Break::Line);
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.in_table_row = false;
                self.line_break(Break::Line);
            }
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    fn start_item(&mut self) {
        self.line_break(Break::Line);
        let marker = match self.lists.last_mut() {
            Some(Some(number)) => {
                let marker = format!("{number}. ");
                *number += 1;
                marker
            }
            _ => "- ".to_string(),
        };
        let indent = marker.chars().count();
        self.containers.push(Container::Item {
            marker: Some(marker),
            indent,
        });
    }

    fn end_link(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        let text = &self.out[link.text_start..];
        if link.show_url && text != link.url && text.trim() != link.url {
            let url = link.url;
            self.write(&format!(" ({url})"));
        }
    }

    fn end_html_block(&mut self) {
        let html = self.html_block.take().unwrap_or_default();
        for line in html_to_text(&html).lines() {
            let line = line.trim();
            if !line.is_empty() {
                self.line_break(Break::Line);
                self.write(line);
            }
        }
        self.line_break(Break::Blank);
    }

    /// Text of a paragraph, or of a code block, whose lines keep their breaks.
    fn text(&mut self, text: &str) {
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            self.write(line);
            if lines.peek().is_some() {
                self.line_break(Break::Line);
            }
        }
    }

    fn line_break(&mut self, wanted: Break) {
        self.pending = self.pending.max(wanted);
    }

    fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.out.is_empty() && self.pending != Break::None {
            if self.pending == Break::Blank {
                self.out.push('\n');
                let quotes = self.quote_prefix();
                self.out.push_str(quotes.trim_end());
            }
            self.out.push('\n');
            self.at_line_start = true;
        }
        if self.out.is_empty() {
            self.at_line_start = true;
        }
        self.pending = Break::None;

        if self.at_line_start {
            self.write_prefix();
            self.at_line_start = false;
        }
        self.out.push_str(text);
    }

    fn write_prefix(&mut self) {
        for container in &mut self.containers {
            match container {
                Container::Quote => self.out.push_str("> "),
                Container::Item { marker, indent } => match marker.take() {
                    Some(marker) => self.out.push_str(&marker),
                    None => self.out.extend(std::iter::repeat_n(' ', *indent)),
                },
            }
        }
    }

    fn quote_prefix(&self) -> String {
        self.containers
            .iter()
            .map(|container| match container {
                Container::Quote => "> ".to_string(),
                Container::Item { indent, .. } => " ".repeat(*indent),
            })
            .collect()
    }

    fn finish(self) -> String {
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        lines.join("\n").trim().to_string()
    }
}

/// The text of an HTML fragment: tags removed, scripts and styles with their content.
fn html_to_text(html: &str) -> String {
    let text = ammonia::Builder::empty().clean(html).to_string();
    // ammonia escapes these four in text; nothing else.
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_separated_by_a_blank_line_and_lose_their_markup() {
        assert_eq!(
            to_text("# Conseil\n\nLe *conseil* se réunit\nle **12\u{a0}mai**.\n\nSuite `code`."),
            "Conseil\n\nLe conseil se réunit le 12\u{a0}mai.\n\nSuite code."
        );
    }

    #[test]
    fn links_read_as_text_then_url() {
        assert_eq!(
            to_text("Voir [le plan](https://example.org/plan.pdf) ou <https://example.org/>."),
            "Voir le plan (https://example.org/plan.pdf) ou https://example.org/."
        );
        assert_eq!(
            to_text("Écrire à <mairie@engins.example>"),
            "Écrire à mairie@engins.example"
        );
        assert_eq!(
            to_text("[ref][r]\n\n[r]: /communes/engins"),
            "ref (/communes/engins)"
        );
    }

    #[test]
    fn a_javascript_link_shows_its_text_only() {
        assert_eq!(to_text("[cliquer](javascript:alert(1))"), "cliquer");
    }

    #[test]
    fn lists_use_dashes_and_numbers_and_nest_with_indentation() {
        assert_eq!(
            to_text(
                "Ordre du jour\u{a0}:\n\n- budget\n- voirie\n  1. RD 106\n  2. RD 531\n- divers"
            ),
            "Ordre du jour\u{a0}:\n\n- budget\n- voirie\n  1. RD 106\n  2. RD 531\n- divers"
        );
        assert_eq!(to_text("3. trois\n4. quatre"), "3. trois\n4. quatre");
    }

    #[test]
    fn a_loose_list_item_keeps_its_paragraphs_under_its_marker() {
        assert_eq!(
            to_text("- premier\n\n  suite\n\n- second"),
            "- premier\n\n  suite\n\n- second"
        );
    }

    #[test]
    fn quotes_tables_code_and_rules_stay_readable() {
        assert_eq!(
            to_text(
                "> cité\n>\n> encore\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\ny = 2\n```\n\n---\n\nfin"
            ),
            "> cité\n>\n> encore\n\na | b\n1 | 2\n\nx = 1\ny = 2\n\n* * *\n\nfin"
        );
    }

    #[test]
    fn images_are_read_by_their_alt_text() {
        assert_eq!(to_text("Voici ![le lac](lac.jpg)."), "Voici le lac.");
    }

    #[test]
    fn raw_html_is_reduced_to_its_text_without_scripts() {
        assert_eq!(
            to_text(
                "<div>\n<p>Bonjour &amp; <b>bienvenue</b></p>\n<script>alert(1)</script>\n</div>\n\nSuite"
            ),
            "Bonjour & bienvenue\n\nSuite"
        );
        assert_eq!(to_text("un <b>mot</b> fort"), "un mot fort");
    }

    #[test]
    fn french_text_keeps_guillemets_and_non_breaking_spaces() {
        let text = "«\u{a0}Oui\u{202f}!\u{a0}», dit le maire\u{a0}: 1\u{202f}200\u{a0}€.";
        assert_eq!(to_text(text), text);
    }

    #[test]
    fn a_short_text_is_its_own_excerpt() {
        assert_eq!(excerpt("# Titre\n\nUn *mot*.", 100), "Titre Un mot.");
    }

    #[test]
    fn a_long_text_is_cut_on_a_word_boundary_with_an_ellipsis() {
        let cut = excerpt("Le conseil communautaire se réunira jeudi prochain.", 30);
        assert_eq!(cut, "Le conseil communautaire se…");
        assert!(cut.chars().count() <= 30);
    }

    #[test]
    fn an_excerpt_cut_right_before_a_space_keeps_the_whole_word() {
        assert_eq!(excerpt("un deux trois", 8), "un deux…");
    }

    #[test]
    fn an_excerpt_never_separates_words_joined_by_a_non_breaking_space() {
        assert_eq!(excerpt("Réunion le 12\u{a0}mai à Lans", 14), "Réunion le…");
    }

    #[test]
    fn an_excerpt_drops_trailing_punctuation_before_the_ellipsis() {
        assert_eq!(
            excerpt("Budget, voirie, écoles et sports", 17),
            "Budget, voirie…"
        );
    }

    #[test]
    fn a_single_long_word_is_cut_inside() {
        assert_eq!(excerpt("anticonstitutionnellement", 10), "anticonst…");
        assert_eq!(excerpt("abc", 0), "");
    }

    #[test]
    fn to_text_lines_keeps_the_lines_typed_inside_a_paragraph() {
        assert_eq!(to_text("Ligne 1\nLigne 2"), "Ligne 1 Ligne 2");
        assert_eq!(to_text_lines("Ligne 1\nLigne 2"), "Ligne 1\nLigne 2");
        assert_eq!(
            to_text_lines("Ordre du jour\n\n1. Budget\n2. Voirie"),
            "Ordre du jour\n\n1. Budget\n2. Voirie"
        );
    }
}
