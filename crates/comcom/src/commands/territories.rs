//! `comcom territories search WORDS` and `comcom territories list`.

use comcom_core::catalogue;
use comcom_i18n::{Arg, Locale};

use crate::commands::init::territory_line;
use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// Searches the catalogue; exits 1 when nothing matches, like `grep`.
pub fn search(locale: Locale, query: &str) -> Result<u8, Failure> {
    if comcom_core::text::words(query).is_empty() {
        return Err(Failure::input(locale.t("cli-search-empty")));
    }
    let mut hits = catalogue::search_all(query);
    let total = hits.len();
    hits.truncate(catalogue::MAX_RESULTS);
    println!(
        "{}",
        locale.t_args("cli-search-count", &[("count", Arg::from(total))])
    );
    for hit in &hits {
        let mut line = territory_line(locale, hit.territory);
        if !hit.matching_communes.is_empty() {
            let mut names: Vec<&str> = hit
                .matching_communes
                .iter()
                .take(3)
                .map(|c| c.name.as_str())
                .collect();
            if hit.matching_communes.len() > 3 {
                names.push("…");
            }
            let through = locale.t_args(
                "cli-search-through",
                &[("communes", Arg::from(names.join(", ")))],
            );
            line = format!("{line} ({through})");
        }
        println!("  {line}");
    }
    if hits.is_empty() {
        println!("{}", locale.t("cli-search-none-hint"));
        return Ok(1);
    }
    if total > hits.len() {
        let args = [
            ("count", Arg::from(hits.len())),
            ("total", Arg::from(total)),
        ];
        println!("{}", locale.t_args("cli-search-more", &args));
    }
    Ok(0)
}

/// Lists the territories this instance serves.
pub fn list(locale: Locale) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let territories = store
            .territories()
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        if territories.is_empty() {
            println!("{}", locale.t("cli-installed-none"));
        } else {
            println!("{}", locale.t("cli-installed-title"));
        }
        for (i, t) in territories.iter().enumerate() {
            let url = match (&t.public_url, i, &config.public_url) {
                (Some(url), _, _) => url.clone(),
                (None, 0, Some(url)) => url.as_str().trim_end_matches('/').to_owned(),
                (None, 0, None) => format!("http://{}", config.bind),
                (None, _, _) => "—".to_owned(),
            };
            let args = [
                ("siren", Arg::from(t.siren.as_str())),
                ("name", Arg::from(t.name.as_str())),
                ("url", Arg::from(url)),
            ];
            println!("  {}", locale.t_args("cli-installed-line", &args));
        }
        store.close().await;
        Ok(0)
    })
}

/// Removes an installed territory; without `--yes`, says what would go.
pub fn remove(locale: Locale, input: &str, confirmed: bool) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let siren = comcom_core::Siren::parse(input).map_err(|_| {
        let shown = crate::commands::init::shorten(input.trim());
        Failure::input(locale.t_args("cli-siren-length", &[("input", Arg::from(shown))]))
    })?;
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let db = |e| Failure::database(locale, &config.database_url, e);
        let installed = store.territories().await.map_err(db)?;
        let Some(territory) = installed.iter().find(|t| t.siren == siren) else {
            let args = [("siren", Arg::from(siren.as_str()))];
            return Err(Failure::input(
                locale.t_args("cli-remove-not-installed", &args),
            ));
        };
        let args = [
            ("name", Arg::from(territory.name.as_str())),
            ("siren", Arg::from(siren.as_str())),
        ];
        if !confirmed {
            let (communes, people) = store.territory_size(territory.id).await.map_err(db)?;
            let mut args = args.to_vec();
            args.extend([("count", Arg::Num(communes)), ("people", Arg::Num(people))]);
            println!("{}", locale.t_args("cli-remove-confirm", &args));
            return Ok(1);
        }
        let (communes, people) = store.remove_territory(territory.id).await.map_err(db)?;
        let mut args = args.to_vec();
        args.extend([("count", Arg::Num(communes)), ("people", Arg::Num(people))]);
        println!("{}", locale.t_args("cli-remove-done", &args));
        store.close().await;
        Ok(0)
    })
}
