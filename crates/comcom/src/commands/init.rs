//! `comcom init --epci SIREN`: adds a territory from the embedded catalogue.

use comcom_core::{CodeError, Siren, catalogue};
use comcom_i18n::{Arg, Locale, format_int};
use comcom_store::territories::AddOutcome;

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

pub fn run(locale: Locale, input: &str, commune_spaces: Option<&str>) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let territory = resolve(locale, input)?;
    let spaces = match commune_spaces {
        Some(text) => choose_communes(locale, territory, text)?,
        None => Vec::new(),
    };
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let outcome = store
            .add_territory(territory)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        let args = [
            ("name", Arg::from(territory.name.as_str())),
            ("siren", Arg::from(territory.siren.as_str())),
            ("count", Arg::from(territory.communes.len())),
        ];
        match outcome {
            AddOutcome::Added(_) => println!("{}", locale.t_args("cli-init-done", &args)),
            AddOutcome::AlreadyThere(_) if !spaces.is_empty() => {
                println!("{}", locale.t_args("cli-init-exists-spaces", &args))
            }
            AddOutcome::AlreadyThere(_) => println!("{}", locale.t_args("cli-init-exists", &args)),
        }
        open_spaces(locale, &config, &store, &outcome, &spaces).await?;
        store.close().await;
        Ok(0)
    })
}

/// The communes `--commune-spaces` names: `all`, `none`, or INSEE codes
/// separated by commas, each a member of the territory.
fn choose_communes(
    locale: Locale,
    territory: &comcom_core::Territory,
    text: &str,
) -> Result<Vec<comcom_core::InseeCode>, Failure> {
    match text.trim() {
        "all" | "toutes" => {
            return Ok(territory
                .communes
                .iter()
                .map(|c| c.insee_code.clone())
                .collect());
        }
        "none" | "aucune" | "" => return Ok(Vec::new()),
        _ => {}
    }
    let mut chosen = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let member = comcom_core::InseeCode::parse(part)
            .ok()
            .filter(|code| territory.communes.iter().any(|c| &c.insee_code == code));
        let Some(code) = member else {
            let names: Vec<String> = territory
                .communes
                .iter()
                .take(12)
                .map(|c| format!("{} ({})", c.insee_code, c.name))
                .collect();
            let args = [
                ("input", Arg::from(shorten(part))),
                ("name", Arg::from(territory.name.as_str())),
            ];
            let hint = locale.t_args(
                "cli-communes-of",
                &[("communes", Arg::from(names.join(", ")))],
            );
            return Err(
                Failure::input(locale.t_args("cli-commune-not-member", &args))
                    .with_hints(vec![hint]),
            );
        };
        if !chosen.contains(&code) {
            chosen.push(code);
        }
    }
    Ok(chosen)
}

/// Opens the spaces of the chosen communes (an open space stays as it is).
async fn open_spaces(
    locale: Locale,
    config: &Config,
    store: &comcom_store::Store,
    outcome: &AddOutcome,
    codes: &[comcom_core::InseeCode],
) -> Result<(), Failure> {
    let territory = match outcome {
        AddOutcome::Added(t) | AddOutcome::AlreadyThere(t) => t,
    };
    let db = |e| Failure::database(locale, &config.database_url, e);
    let mut opened = Vec::new();
    for code in codes {
        let Some(commune) = store.commune(territory.id, code).await.map_err(db)? else {
            continue;
        };
        let (_, created) = store.open_commune_space(&commune).await.map_err(db)?;
        if created {
            opened.push(commune.name);
        }
    }
    if !codes.is_empty() {
        let key = if opened.is_empty() {
            "cli-spaces-none-new"
        } else {
            "cli-spaces-opened"
        };
        println!(
            "{}",
            locale.t_args(key, &[("communes", Arg::from(opened.join(", ")))])
        );
    }
    Ok(())
}

/// The catalogue's territory for what the person typed, or a message saying
/// what is wrong with close matches to try.
pub fn resolve(locale: Locale, input: &str) -> Result<&'static comcom_core::Territory, Failure> {
    let shown = Arg::from(shorten(input.trim()));
    let siren = Siren::parse(input).map_err(|e| {
        let key = match e {
            CodeError::Empty => "cli-siren-empty",
            CodeError::SirenNotDigits => "cli-siren-digits",
            CodeError::SirenChecksum => "cli-siren-checksum",
            _ => "cli-siren-length",
        };
        Failure::input(locale.t_args(key, &[("input", shown.clone())]))
            .with_hints(suggestion_lines(locale, input))
    })?;
    if let Some(territory) = catalogue::find(&siren) {
        return Ok(territory);
    }
    // A commune's SIREN: point to the EPCI it belongs to.
    let member =
        catalogue::all().find_map(|t| t.communes.iter().find(|c| c.siren == siren).map(|c| (t, c)));
    if let Some((territory, commune)) = member {
        let [the, _] = comcom_i18n::territory_args(locale, &territory.name);
        let args = [
            ("siren", Arg::from(siren.as_str())),
            ("commune", Arg::from(commune.name.as_str())),
            ("name", Arg::from(territory.name.as_str())),
            the,
        ];
        return Err(Failure::input(locale.t_args("cli-siren-commune", &args))
            .with_hints(vec![format!("  {}", territory_line(locale, territory))]));
    }
    Err(
        Failure::input(locale.t_args("cli-siren-unknown", &[("siren", Arg::from(siren.as_str()))]))
            .with_hints(suggestion_lines(locale, input)),
    )
}

fn suggestion_lines(locale: Locale, input: &str) -> Vec<String> {
    let suggestions = catalogue::suggestions(input);
    if suggestions.is_empty() {
        return vec![locale.t("cli-no-suggestion")];
    }
    let mut lines = vec![locale.t("cli-suggestions")];
    lines.extend(
        suggestions
            .into_iter()
            .map(|t| format!("  {}", territory_line(locale, t))),
    );
    lines
}

/// One line describing a catalogue territory.
pub fn territory_line(locale: Locale, t: &comcom_core::Territory) -> String {
    locale.t_args(
        "cli-search-line",
        &[
            ("siren", Arg::from(t.siren.as_str())),
            ("name", Arg::from(t.name.as_str())),
            ("count", Arg::from(t.communes.len())),
            (
                "population",
                Arg::from(format_int(locale, t.population_municipale)),
            ),
        ],
    )
}

/// What a person typed, cut to a length that fits a message.
pub fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}
