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
    let hits = catalogue::search(query);
    println!(
        "{}",
        locale.t_args("cli-search-count", &[("count", Arg::from(hits.len()))])
    );
    for hit in &hits {
        let mut line = territory_line(locale, hit.territory);
        if !hit.matching_communes.is_empty() {
            let names: Vec<&str> = hit
                .matching_communes
                .iter()
                .map(|c| c.name.as_str())
                .collect();
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
    Ok(0)
}

/// Lists the territories this instance serves.
pub fn list(locale: Locale) -> Result<u8, Failure> {
    crate::logging::init("warn");
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
