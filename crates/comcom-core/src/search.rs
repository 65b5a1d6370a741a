//! Full-text search without I/O: how a text becomes index terms (folded,
//! French stop words dropped, Snowball-stemmed), how a query becomes groups
//! of terms to match, and where a snippet's highlights go.
//!
//! Words are folded (case and accents) before they are stemmed, so "reunion"
//! and "réunion" give the same term whatever the stemmer does with accents.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::fold;

/// The longest word indexed; longer runs of letters are not words.
const MAX_WORD: usize = 40;

/// French words too common to tell documents apart, folded.
const STOP_WORDS: &[&str] = &[
    "a", "ai", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des",
    "du", "elle", "elles", "en", "est", "et", "il", "ils", "j", "je", "l", "la", "le", "les",
    "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "mon", "n", "ne", "nos", "notre",
    "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son",
    "sont", "sur", "t", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The term a folded word is indexed under, or `None` for a stop word.
pub fn term_of_folded(word: &str) -> Option<String> {
    if word.is_empty() || word.chars().count() > MAX_WORD || is_stop_word(word) {
        return None;
    }
    Some(stemmer().stem(word).into_owned())
}

/// The term of any word (folded first).
pub fn term(word: &str) -> Option<String> {
    let folded = fold(word);
    if folded.contains(' ') {
        return None;
    }
    term_of_folded(&folded)
}

/// The distinct terms of a text, in order of first appearance.
pub fn terms(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for word in fold(text).split(' ') {
        if let Some(t) = term_of_folded(word)
            && seen.insert(t.clone())
        {
            out.push(t);
        }
    }
    out
}

/// Longest query, in words, that is searched (the rest is ignored).
pub const MAX_QUERY_WORDS: usize = 8;

/// One word of a query: a document matches it when it holds `term`, or, for
/// the last word typed, any term starting with `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub term: String,
    pub prefix: Option<String>,
}

/// A parsed query: every word must match (AND).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub words: Vec<QueryWord>,
}

impl Query {
    /// Reads what a person typed. The last word also matches as a prefix
    /// (three letters at least), so "assaini" finds "assainissement".
    pub fn parse(text: &str) -> Query {
        let folded = fold(text);
        let mut words: Vec<QueryWord> = Vec::new();
        for word in folded.split(' ') {
            if let Some(term) = term_of_folded(word)
                && !words.iter().any(|w| w.term == term)
            {
                words.push(QueryWord { term, prefix: None });
            }
            if words.len() == MAX_QUERY_WORDS {
                break;
            }
        }
        if let Some(last_word) = folded.split(' ').next_back()
            && let Some(last) = words.last_mut()
            && last_word.chars().count() >= 3
            && term_of_folded(last_word).as_deref() == Some(last.term.as_str())
            && last_word != last.term
        {
            last.prefix = Some(last_word.to_owned());
        }
        Query { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a folded word of a text matches one of the query's words.
    pub fn matches_folded(&self, folded_word: &str) -> bool {
        let Some(t) = term_of_folded(folded_word) else {
            return false;
        };
        self.words.iter().any(|w| {
            w.term == t
                || w.prefix
                    .as_deref()
                    .is_some_and(|p| folded_word.starts_with(p))
        })
    }
}

/// A piece of a snippet; `hit` pieces are the words that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

/// About `max_words` words of `text` around the first match, as pieces of
/// plain text (the caller escapes them), with "…" where text was cut.
pub fn snippet(text: &str, query: &Query, max_words: usize) -> Vec<Piece> {
    // Words with their byte spans in the original text.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            spans.push((s, i));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    if spans.is_empty() {
        return Vec::new();
    }
    let is_hit = |&(s, e): &(usize, usize)| {
        let folded = fold(&text[s..e]);
        !folded.contains(' ') && query.matches_folded(&folded)
    };
    // Words are stemmed up to the first match only, then in the window
    // shown: a long text costs little when it matches early.
    let first = spans.iter().position(is_hit).unwrap_or(0);
    let from = first.saturating_sub(max_words / 4);
    let to = (from + max_words).min(spans.len());
    let from = to.saturating_sub(max_words).min(from);
    let hits: Vec<bool> = (0..spans.len())
        .map(|i| (from..to).contains(&i) && is_hit(&spans[i]))
        .collect();

    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if !last.hit && !hit => last.text.push_str(text),
            _ => pieces.push(Piece {
                text: text.to_owned(),
                hit,
            }),
        }
    };
    if from > 0 {
        push("… ", false);
    }
    let mut cursor = spans[from].0;
    for i in from..to {
        let (s, e) = spans[i];
        push(&collapse(&text[cursor..s]), false);
        push(&text[s..e], hits[i]);
        cursor = e;
    }
    if to < spans.len() {
        push(" …", false);
    } else {
        push(&collapse(&text[cursor..]), false);
    }
    pieces
}

/// Runs of white space (line breaks included) as one space.
fn collapse(between: &str) -> String {
    let mut out = String::with_capacity(between.len());
    let mut space = false;
    for c in between.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn accents_case_and_plurals_give_the_same_term() {
        assert_eq!(term("réunion"), term("reunion"));
        assert_eq!(term("Réunions"), term("reunion"));
        assert_eq!(term("assainissements"), term("assainissement"));
        assert_eq!(term("Élus"), term("elus"));
        assert_eq!(term("développement"), term("developpements"));
        assert_eq!(term("communautaire"), term("communautaires"));
        assert_ne!(term("eau"), term("assainissement"));
        assert_eq!(term("les"), None);
        assert_eq!(term("L'"), None);
    }

    #[test]
    fn a_text_gives_its_distinct_terms_without_stop_words() {
        assert_eq!(
            terms("La réunion des élus, les réunions du conseil"),
            vec![
                term("reunion").unwrap(),
                term("elus").unwrap(),
                term("conseil").unwrap()
            ]
        );
        assert!(terms("le la les, de : du !").is_empty());
    }

    #[test]
    fn the_last_word_of_a_query_is_also_a_prefix() {
        let q = Query::parse("Eau assaini");
        assert_eq!(q.words.len(), 2);
        assert_eq!(q.words[0].prefix, None);
        assert_eq!(q.words[1].prefix.as_deref(), Some("assaini"));
        assert!(q.matches_folded("assainissement"));
        assert!(Query::parse("de la").is_empty());
        // A complete word that is its own stem needs no prefix.
        assert_eq!(Query::parse("eau").words[0].prefix, None);
    }

    #[test]
    fn snippets_mark_matching_words_around_the_first_match() {
        let q = Query::parse("reunion");
        let pieces = snippet(
            "Compte rendu.\n\nLa Réunion du conseil est reportée.",
            &q,
            30,
        );
        assert_eq!(
            pieces,
            vec![
                Piece {
                    text: "Compte rendu. La ".into(),
                    hit: false
                },
                Piece {
                    text: "Réunion".into(),
                    hit: true
                },
                Piece {
                    text: " du conseil est reportée.".into(),
                    hit: false
                },
            ]
        );
        let long = format!("{} réunion {}", "mot ".repeat(50), "fin ".repeat(50));
        let pieces = snippet(&long, &q, 20);
        assert!(pieces[0].text.starts_with("… "));
        assert!(pieces.iter().any(|p| p.hit && p.text == "réunion"));
        assert!(pieces.last().unwrap().text.ends_with(" …"));
    }
}
