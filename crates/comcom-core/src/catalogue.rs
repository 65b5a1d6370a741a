//! The catalogue of every French EPCI and its member communes, carried in the
//! binary (see `data/SOURCE.md`) so that `init` works without any download.

use std::sync::OnceLock;

use crate::codes::{InseeCode, Siren};
use crate::territory::{Commune, Territory, TerritoryKind};
use crate::text;

const DATA: &str = include_str!("../data/territories.tsv");

/// Results shown for a search or as suggestions, at most.
pub const MAX_RESULTS: usize = 20;

struct Entry {
    territory: Territory,
    name_words: Vec<String>,
    commune_words: Vec<Vec<String>>,
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(DATA))
}

fn parse(data: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::with_capacity(1300);
    for line in data.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["E", siren, kind, department, pm, pt, name] => entries.push(Entry {
                territory: Territory {
                    siren: Siren::from_trusted(*siren),
                    name: (*name).to_owned(),
                    kind: TerritoryKind::from_code(kind).expect("catalogue kinds are known"),
                    department: (*department).to_owned(),
                    population_municipale: pm.parse().expect("catalogue populations are numbers"),
                    population_totale: pt.parse().expect("catalogue populations are numbers"),
                    communes: Vec::new(),
                },
                name_words: text::words(name),
                commune_words: Vec::new(),
            }),
            ["C", insee, siren, pm, pt, name] => {
                let entry = entries.last_mut().expect("a commune line follows its EPCI");
                entry.commune_words.push(text::words(name));
                entry.territory.communes.push(Commune {
                    insee_code: InseeCode::from_trusted(*insee),
                    siren: Siren::from_trusted(*siren),
                    name: (*name).to_owned(),
                    population_municipale: pm.parse().expect("catalogue populations are numbers"),
                    population_totale: pt.parse().expect("catalogue populations are numbers"),
                });
            }
            _ => panic!("malformed catalogue line: {line}"),
        }
    }
    entries
}

/// Every EPCI of the catalogue.
pub fn all() -> impl Iterator<Item = &'static Territory> {
    entries().iter().map(|e| &e.territory)
}

/// The EPCI with this SIREN.
pub fn find(siren: &Siren) -> Option<&'static Territory> {
    let entries = entries();
    entries
        .binary_search_by(|e| e.territory.siren.as_str().cmp(siren.as_str()))
        .ok()
        .map(|i| &entries[i].territory)
}

/// One search result: the EPCI and the member communes whose names matched.
#[derive(Debug, Clone)]
pub struct Hit {
    pub territory: &'static Territory,
    pub matching_communes: Vec<&'static Commune>,
}

/// Finds EPCIs by words of their name or of a member commune's name, or by a
/// SIREN or INSEE code; case, accents and hyphens do not matter. Every word
/// must match the start of a word of the EPCI's or of one commune's name.
pub fn search(query: &str) -> Vec<Hit> {
    let mut hits = search_all(query);
    hits.truncate(MAX_RESULTS);
    hits
}

/// Every EPCI matching `query`, best first (see [`search`]).
pub fn search_all(query: &str) -> Vec<Hit> {
    let words = text::words(query);
    if words.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(u32, Hit)> = entries()
        .iter()
        .filter_map(|entry| score(entry, &words).map(|(s, communes)| (s, hit(entry, communes))))
        .collect();
    scored.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa).then(
            b.territory
                .population_municipale
                .cmp(&a.territory.population_municipale),
        )
    });
    scored.into_iter().map(|(_, h)| h).collect()
}

fn hit(entry: &'static Entry, communes: Vec<usize>) -> Hit {
    Hit {
        territory: &entry.territory,
        matching_communes: communes
            .into_iter()
            .map(|i| &entry.territory.communes[i])
            .collect(),
    }
}

/// Scores an entry: per word, 4 for a whole word of the EPCI's name (or its
/// code), 3 for the start of one, 2 for a whole word of a commune's name (or
/// its code), 1 for the start of one; `None` when a word is found nowhere.
fn score(entry: &Entry, words: &[String]) -> Option<(u32, Vec<usize>)> {
    let mut total = 0;
    let mut communes = Vec::new();
    for word in words {
        if entry.name_words.iter().any(|w| w == word) || entry.territory.siren.as_str() == word {
            total += 4;
            continue;
        }
        if matches_words(&entry.name_words, word) {
            total += 3;
            continue;
        }
        let found: Vec<usize> = entry
            .commune_words
            .iter()
            .enumerate()
            .filter(|(i, cw)| {
                let c = &entry.territory.communes[*i];
                matches_words(cw, word)
                    || c.insee_code.as_str().eq_ignore_ascii_case(word)
                    || c.siren.as_str() == word
            })
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            return None;
        }
        let exact = found.iter().any(|i| {
            entry.commune_words[*i].iter().any(|w| w == word)
                || entry.territory.communes[*i]
                    .insee_code
                    .as_str()
                    .eq_ignore_ascii_case(word)
                || entry.territory.communes[*i].siren.as_str() == word
        });
        total += if exact { 2 } else { 1 };
        for i in found {
            if !communes.contains(&i) {
                communes.push(i);
            }
        }
    }
    Some((total, communes))
}

fn matches_words(haystack: &[String], word: &str) -> bool {
    haystack.iter().any(|w| w.starts_with(word))
}

/// EPCIs a person may have meant when typing a SIREN that is not in the
/// catalogue: close SIRENs (one or two digits off) or, for text, a search.
pub fn suggestions(input: &str) -> Vec<&'static Territory> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit()) {
        let mut close: Vec<(usize, &Territory)> = all()
            .map(|t| (strsim::damerau_levenshtein(&compact, t.siren.as_str()), t))
            .filter(|(d, _)| *d <= 2)
            .collect();
        close.sort_by_key(|(d, t)| (*d, t.siren.clone()));
        return close.into_iter().take(5).map(|(_, t)| t).collect();
    }
    search(input)
        .into_iter()
        .take(5)
        .map(|h| h.territory)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vercors() -> Siren {
        Siren::parse("243801024").unwrap()
    }

    #[test]
    fn the_catalogue_holds_every_epci_and_its_communes() {
        assert_eq!(all().count(), 1255);
        assert_eq!(all().map(|t| t.communes.len()).sum::<usize>(), 34871);
    }

    #[test]
    fn the_vercors_has_six_communes_and_its_official_population() {
        let t = find(&vercors()).unwrap();
        assert_eq!(t.name, "CC du Massif du Vercors");
        assert_eq!(t.kind, TerritoryKind::Cc);
        assert_eq!(t.population_municipale, 11997);
        assert_eq!(t.time_zone(), "Europe/Paris");
        let names: Vec<&str> = t.communes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), 6);
        assert!(names.contains(&"Corrençon-en-Vercors"));
    }

    #[test]
    fn search_ignores_case_and_accents() {
        for q in ["vercors", "VERCORS", "Vercors", "massif du vercors"] {
            let hits = search(q);
            assert!(
                hits.iter().any(|h| h.territory.siren == vercors()),
                "query {q}"
            );
        }
    }

    #[test]
    fn search_finds_an_epci_through_a_member_commune() {
        let hits = search("correncon");
        assert_eq!(hits[0].territory.siren, vercors());
        assert_eq!(hits[0].matching_communes[0].name, "Corrençon-en-Vercors");
    }

    #[test]
    fn search_by_code_finds_the_epci() {
        assert_eq!(search("243801024")[0].territory.siren, vercors());
        assert_eq!(search("38548")[0].territory.siren, vercors());
    }

    #[test]
    fn corsican_and_overseas_communes_are_in_the_catalogue() {
        let corsica = all()
            .flat_map(|t| &t.communes)
            .find(|c| c.insee_code.as_str() == "2A004");
        assert_eq!(corsica.unwrap().name, "Ajaccio");
        let reunion = all().find(|t| t.department == "974").unwrap();
        assert_eq!(reunion.time_zone(), "Indian/Reunion");
    }

    #[test]
    fn a_mistyped_siren_suggests_the_close_one() {
        let s = suggestions("243801025");
        assert_eq!(s[0].siren, vercors());
        let s = suggestions("vercors");
        assert!(s.iter().any(|t| t.siren == vercors()));
    }

    #[test]
    fn nonsense_finds_nothing() {
        assert!(search("zzzzqqq").is_empty());
        assert!(search("  ").is_empty());
    }
}
