//! `comcom import elus FILE [--dry-run]`: imports a file of the Répertoire
//! national des élus and prints what changed. Exits 0 when every line was
//! applied, 1 when some were rejected, 2 when the file cannot be read at all.

use std::path::Path;

use comcom_core::rne::{Message, MessageArg};
use comcom_i18n::{Arg, Locale};
use comcom_store::people::{ImportOptions, ImportReport};

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// Exit code of a file that cannot be read at all.
const UNREADABLE: u8 = 2;

pub fn elus(locale: Locale, path: &Path, dry_run: bool) -> Result<u8, Failure> {
    crate::logging::init("warn");
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
                print!("{}", render_report(locale, &report));
                Ok(if report.all_applied() { 0 } else { 1 })
            }
            Err(error) => Err(unreadable(locale.t_args(
                "import-file-error",
                &[
                    ("path", shown_path),
                    ("reason", Arg::from(render(locale, &error.message()))),
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

/// A message from the core or the store, in `locale`.
pub fn render(locale: Locale, message: &Message) -> String {
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

/// The report as the command prints it: a summary, the counts, then one line
/// per rejected line, ended mandate and commune whose mandates were kept.
pub fn render_report(locale: Locale, report: &ImportReport) -> String {
    let count = |key: &str, n: usize| locale.t_args(key, &[("count", Arg::from(n))]);
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };

    line(locale.t_args(
        "import-summary",
        &[
            ("kind", Arg::from(report.kind.code())),
            ("count", Arg::from(report.line_count)),
            ("value", Arg::from(report.encoding.label())),
        ],
    ));
    if report.dry_run {
        line(locale.t("import-dry-run"));
    }
    let counts = [
        count("import-count-created", report.created),
        count("import-count-updated", report.updated),
        count("import-count-unchanged", report.unchanged),
        count("import-count-ended", report.ended.len()),
    ];
    line(locale.t_args("import-result", &[("value", Arg::from(counts.join(", ")))]));
    line(count("import-count-rejected", report.rejected.len()));
    if report.merged > 0 {
        line(count("import-count-merged", report.merged));
    }

    if !report.rejected.is_empty() {
        line(locale.t("import-rejected-title"));
        for rejection in &report.rejected {
            let reason = render(locale, &rejection.reason.message());
            line(format!(
                "  {}",
                locale.t_args(
                    "import-line",
                    &[
                        ("line", Arg::from(rejection.line)),
                        ("reason", Arg::from(reason)),
                    ],
                )
            ));
        }
    }

    if !report.ended.is_empty() {
        line(locale.t(if report.dry_run {
            "import-ended-title-dry-run"
        } else {
            "import-ended-title"
        }));
        for ended in &report.ended {
            let mut args = vec![
                ("name", Arg::from(ended.display_name.as_str())),
                ("commune", Arg::from(ended.commune_name.as_str())),
            ];
            let key = match &ended.function_label {
                Some(label) => {
                    args.push(("function", Arg::from(label.as_str())));
                    "import-ended-line"
                }
                None => "import-ended-line-councillor",
            };
            line(format!("  {}", locale.t_args(key, &args)));
        }
    }

    if !report.kept.is_empty() {
        line(locale.t("import-kept-title"));
        for kept in &report.kept {
            line(format!("  {}", render(locale, &kept.message())));
        }
    }
    out
}
