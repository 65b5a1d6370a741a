//! Text folding for search: case, accents and punctuation never decide a match.

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips accents and turns punctuation into spaces, so that
/// "Corrençon-en-Vercors" and "correncon en vercors" fold to the same words.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The folded words of a text.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Corrençon-en-Vercors"), "correncon en vercors");
        assert_eq!(fold("VERCORS"), "vercors");
        assert_eq!(fold("Saint-Étienne  Métropole"), "saint etienne metropole");
        assert_eq!(fold("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(fold("Œuilly"), "oeuilly");
    }

    #[test]
    fn words_split_folded_text() {
        assert_eq!(words("  CC du  Massif "), vec!["cc", "du", "massif"]);
        assert!(words(" - ").is_empty());
    }
}
