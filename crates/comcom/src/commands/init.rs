//! `comcom init --epci SIREN`: adds a territory from the embedded catalogue.

use comcom_core::{CodeError, Siren, catalogue};
use comcom_i18n::{Arg, Locale, format_int};
use comcom_store::territories::AddOutcome;

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

pub fn run(locale: Locale, input: &str) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let territory = resolve(locale, input)?;
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
            AddOutcome::AlreadyThere(_) => println!("{}", locale.t_args("cli-init-exists", &args)),
        }
        store.close().await;
        Ok(0)
    })
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
