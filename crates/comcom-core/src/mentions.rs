//! @mentions in a post: `@prénom.nom` names a member of the space. Case,
//! accents and the separators (`.`, `-`, `_`) do not matter, so `@agnes.bouvier`,
//! `@Agnès.Bouvier` and `@agnes-bouvier` all name Agnès Bouvier.

use crate::text::fold;

/// The handle shown for a person: `Agnès Bouvier` → `agnes.bouvier`.
pub fn handle(display_name: &str) -> String {
    fold(display_name).replace(' ', ".")
}

/// A mention found in a text: where it starts and ends (`@` included) and
/// the folded name it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

/// The `@…` of a text: an `@` not preceded by a letter or digit (so that an
/// email address is not one), followed by letters, digits, `.`, `-` or `_`;
/// a final `.` or `-` (the end of a sentence) is not part of it.
pub fn find(text: &str) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '@' && !previous.is_some_and(|p| p.is_alphanumeric() || p == '_') {
            let start = i;
            let mut end = i + 1;
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphanumeric() || matches!(d, '.' | '-' | '_') {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let mut token = &text[start + 1..end];
            while token.ends_with(['.', '-', '_']) {
                token = &token[..token.len() - 1];
            }
            let end = start + 1 + token.len();
            if !token.is_empty() {
                found.push(Mention {
                    start,
                    end,
                    folded: fold(token),
                });
            }
            previous = text[..end].chars().next_back();
            continue;
        }
        previous = Some(c);
    }
    found
}

/// The people of `candidates` (id, display name) a text mentions, once each.
pub fn resolve(text: &str, candidates: &[(i64, String)]) -> Vec<i64> {
    let mut ids = Vec::new();
    for mention in find(text) {
        for (id, name) in candidates {
            if fold(name) == mention.folded && !ids.contains(id) {
                ids.push(*id);
            }
        }
    }
    ids
}

/// The text with each mention of a candidate turned into a Markdown link to
/// `link(id)`, its text the person's name (escaped for Markdown).
pub fn link(text: &str, candidates: &[(i64, String)], link: impl Fn(i64) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for mention in find(text) {
        let Some((id, name)) = candidates.iter().find(|(_, n)| fold(n) == mention.folded) else {
            continue;
        };
        out.push_str(&text[last..mention.start]);
        out.push_str("[@");
        for c in name.chars() {
            if "\\`*_{}[]()<>#+-.!|~&".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out.push_str("](");
        out.push_str(&link(*id));
        out.push(')');
        last = mention.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<(i64, String)> {
        vec![
            (1, "Agnès Bouvier".to_owned()),
            (2, "Jean-Pierre Morel".to_owned()),
        ]
    }

    #[test]
    fn handles_fold_names() {
        assert_eq!(handle("Agnès Bouvier"), "agnes.bouvier");
        assert_eq!(handle("Jean-Pierre MOREL"), "jean.pierre.morel");
    }

    #[test]
    fn mentions_are_found_but_not_in_email_addresses() {
        let text =
            "Merci @agnes.bouvier. Écrivez à jean@mairie.fr ou @Jean-Pierre.Morel, @inconnu.";
        let found: Vec<String> = find(text).into_iter().map(|m| m.folded).collect();
        assert_eq!(found, ["agnes bouvier", "jean pierre morel", "inconnu"]);
        assert_eq!(resolve(text, &people()), [1, 2]);
        assert_eq!(resolve("@AGNÈS.BOUVIER @agnes-bouvier", &people()), [1]);
        assert!(resolve("nobody@agnes.bouvier", &people()).is_empty());
    }

    #[test]
    fn mentions_become_links_with_escaped_names() {
        let linked = link("Vu avec @agnes.bouvier.", &people(), |id| {
            format!("/personnes/{id}")
        });
        assert_eq!(linked, "Vu avec [@Agnès Bouvier](/personnes/1).");
        let linked = link("@jean-pierre.morel et @x.y", &people(), |id| {
            format!("/p/{id}")
        });
        assert_eq!(linked, "[@Jean\\-Pierre Morel](/p/2) et @x.y");
    }
}
