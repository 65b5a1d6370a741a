//! `comcom import elus FILE [--dry-run]`: imports a file of the Répertoire
//! national des élus and prints what changed. Exits 0 when every line was
//! applied, 1 when some were rejected, 2 when the file cannot be read at all.

use std::path::Path;

use comcom_i18n::{Arg, Locale, localize};
use comcom_store::people::ImportOptions;

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// Exit code of a file that cannot be read at all.
const UNREADABLE: u8 = 2;

pub fn elus(locale: Locale, path: &Path, dry_run: bool) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let shown_path = Arg::from(path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| {
        unreadable(locale.t_args(
            "import-read-error",
            &[
                ("path", shown_path.clone()),
                ("reason", Arg::from(e.to_string())),
            ],
        ))
    })?;
    let config = Config::from_env(locale, None)?;

    block_on(async {
        let store = open_store(locale, &config).await?;
        let outcome = store
            .import_elus(&bytes, ImportOptions::today(dry_run))
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e));
        store.close().await;
        match outcome? {
            Ok(report) => {
                for line in comcom_web::import_report::lines(
                    locale,
                    &report,
                    comcom_web::import_report::Medium::CommandLine,
                ) {
                    let indent = if line.detail { "  " } else { "" };
                    println!("{indent}{}", line.text);
                }
                Ok(if report.all_applied() { 0 } else { 1 })
            }
            Err(error) => Err(unreadable(locale.t_args(
                "import-file-error",
                &[
                    ("path", shown_path),
                    ("reason", Arg::from(localize(locale, &error.message()))),
                ],
            ))),
        }
    })
}

fn unreadable(message: String) -> Failure {
    Failure {
        message,
        hints: Vec::new(),
        exit_code: UNREADABLE,
    }
}
