//! Every string a person reads, in French (the default) and English, from the
//! Fluent files under `locales/`; plus numbers and dates in each locale's style.

mod format;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

pub use format::{format_date, format_datetime, format_int};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Unicode isolation marks would end up inside HTML attributes and plain-text emails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

/// A language comcom speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    /// The BCP 47 tag used in `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// Parses a language tag (`fr`, `en-GB`, `EN_us.UTF-8`); `None` for other languages.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag
            .trim()
            .split(['-', '_', '.', ';'])
            .next()?
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best locale from an `Accept-Language` header, honouring q-values;
    /// French when nothing we speak is asked for.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (index, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let quality = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let Some(locale) = Locale::from_tag(tag) else {
                continue;
            };
            if quality <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((bq, bi, _)) => quality > bq || (quality == bq && index < bi),
            };
            if better {
                best = Some((quality, index, locale));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }

    /// The locale of a command-line user: `COMCOM_LANG`, then the POSIX variables.
    pub fn from_env() -> Locale {
        ["COMCOM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Locale::from_tag(&v))
            .unwrap_or_default()
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Locale::Fr => &FR,
            Locale::En => &EN,
        }
    }

    /// The message for `key`; the key itself if a translation is missing
    /// (a test checks that none is).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.langid(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message for `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let v = match value {
                    Arg::Str(s) => FluentValue::from(s.as_str()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Owned((*name).to_owned()), v)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.langid(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }
}

/// A territory's name as a French sentence needs it: "la CC du Massif du
/// Vercors" (names that start with their kind take an article) but "Rennes
/// Métropole"; then the same at the start of a sentence. English uses the name.
pub fn territory_forms(locale: Locale, name: &str) -> (String, String) {
    const WITH_ARTICLE: [&str; 6] = [
        "CC ",
        "CA ",
        "CU ",
        "Communauté",
        "Métropole",
        "Eurométropole",
    ];
    match locale {
        Locale::Fr if WITH_ARTICLE.iter().any(|p| name.starts_with(p)) => {
            (format!("la {name}"), format!("La {name}"))
        }
        _ => (name.to_owned(), name.to_owned()),
    }
}

/// The arguments `the_territory` and `The_territory` for a message.
pub fn territory_args(locale: Locale, name: &str) -> [(&'static str, Arg); 2] {
    let (the, the_capital) = territory_forms(locale, name);
    [
        ("the_territory", Arg::from(the)),
        ("The_territory", Arg::from(the_capital)),
    ]
}

/// A message built by the core or the store (a key and its arguments), in `locale`.
pub fn localize(locale: Locale, message: &comcom_core::rne::Message) -> String {
    use comcom_core::rne::MessageArg;
    let args: Vec<(&str, Arg)> = message
        .args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                MessageArg::Text(text) => Arg::from(text.as_str()),
                MessageArg::Number(n) => Arg::Num(*n),
            };
            (*name, value)
        })
        .collect();
    locale.t_args(message.key, &args)
}

/// An argument of a message: text (already formatted) or a number used for plurals.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Vec<String> {
        let mut keys: Vec<String> = source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
            .collect();
        keys.sort();
        keys
    }

    /// Every Fluent file of a locale, concatenated.
    fn source(locale: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(locale);
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap() + "\n")
            .collect()
    }

    #[test]
    fn french_and_english_have_the_same_messages() {
        let fr = keys(&source("fr"));
        let en = keys(&source("en"));
        let only_fr: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        assert!(
            only_fr.is_empty() && only_en.is_empty(),
            "fr only: {only_fr:?}, en only: {only_en:?}"
        );
    }

    #[test]
    fn every_message_resolves_in_both_languages() {
        for key in keys(&source("fr")) {
            for locale in Locale::ALL {
                let args: Vec<(&str, Arg)> = [
                    "name",
                    "kind",
                    "siren",
                    "population",
                    "path",
                    "id",
                    "territory",
                    "share",
                    "host",
                    "input",
                    "message",
                    "url",
                    "reason",
                    "addr",
                    "arg",
                    "value",
                    "communes",
                    "insee",
                    "expected",
                    "line",
                    "commune",
                    "function",
                    "min",
                    "max",
                    "email",
                    "error",
                    "link",
                    "inviter",
                    "space",
                    "transport",
                    "rank",
                    "pending",
                    "failed",
                    "the_territory",
                    "The_territory",
                    "director",
                    "total",
                    "people",
                    "size",
                    "territories",
                    "spaces",
                    "version",
                    "known",
                    "mandate",
                    "date",
                    "title",
                    "zone",
                    "actor",
                    "role",
                    "days",
                    "space_name",
                    "kind_name",
                    "target",
                    "page",
                    "detail",
                    "place",
                    "used",
                    "quota",
                ]
                .into_iter()
                .map(|n| (n, Arg::from("x")))
                .chain([("count", Arg::Num(2))])
                .collect();
                assert_ne!(
                    locale.t_args(&key, &args),
                    key,
                    "{key} missing in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn french_typography_uses_non_breaking_spaces_before_double_punctuation() {
        let source = source("fr");
        for (n, line) in source.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let value = line.split_once(" = ").map(|(_, v)| v).unwrap_or(line);
            for mark in [':', ';', '?', '!', '»'] {
                assert!(
                    !value.contains(&format!(" {mark}")),
                    "line {}: ordinary space before {mark:?}: {line}",
                    n + 1
                );
            }
            assert!(
                !value.contains("« "),
                "line {}: ordinary space after «: {line}",
                n + 1
            );
        }
    }

    #[test]
    fn accept_language_picks_the_preferred_language_we_speak() {
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Locale::En
        );
        assert_eq!(
            Locale::from_accept_language("de-DE,en;q=0.5,fr;q=0.9"),
            Locale::Fr
        );
        assert_eq!(Locale::from_accept_language("de"), Locale::Fr);
        assert_eq!(Locale::from_accept_language(""), Locale::Fr);
        assert_eq!(Locale::from_accept_language("en;q=0"), Locale::Fr);
        assert_eq!(Locale::from_accept_language("garbage;;;q=x,,"), Locale::Fr);
    }

    #[test]
    fn territory_names_take_the_article_french_grammar_asks_for() {
        assert_eq!(
            territory_forms(Locale::Fr, "CC du Massif du Vercors").0,
            "la CC du Massif du Vercors"
        );
        assert_eq!(
            territory_forms(Locale::Fr, "Métropole de Lyon").1,
            "La Métropole de Lyon"
        );
        assert_eq!(
            territory_forms(Locale::Fr, "Rennes Métropole").0,
            "Rennes Métropole"
        );
        assert_eq!(
            territory_forms(Locale::En, "CC du Massif du Vercors").0,
            "CC du Massif du Vercors"
        );
    }

    #[test]
    fn messages_take_arguments_and_plurals() {
        let msg = Locale::En.t_args("cli-search-count", &[("count", Arg::Num(2))]);
        assert_eq!(msg, "2 territories found");
        let msg = Locale::Fr.t_args("cli-search-count", &[("count", Arg::Num(1))]);
        assert_eq!(msg, "1 territoire trouvé");
    }
}
