//! `comcom mail bounces FILE…`: reads delivery status notifications (bounces)
//! and records them per address; repeated hard bounces stop the letters to an
//! address. Every file is read first: one that is not a notification stops
//! the command before anything is recorded.

use comcom_i18n::{Arg, Locale};
use comcom_mail::{DsnError, parse_dsn};

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// Largest file read.
const MAX_BYTES: u64 = 10 * 1024 * 1024;

fn reason(locale: Locale, error: &DsnError) -> String {
    let key = match error {
        DsnError::NoHeaders => "bounces-no-headers",
        DsnError::NotAReport => "bounces-not-report",
        DsnError::NoBoundary => "bounces-no-boundary",
        DsnError::NoDeliveryStatus => "bounces-no-status",
        DsnError::NoRecipient => "bounces-no-recipient",
        DsnError::BadStatus(_) => "bounces-bad-status",
    };
    locale.t(key)
}

pub fn bounces(locale: Locale, files: &[String]) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    let mut parsed = Vec::new();
    for file in files {
        let fail = |why: String| {
            Failure::input(locale.t_args(
                "bounces-file-invalid",
                &[
                    ("path", Arg::from(file.as_str())),
                    ("reason", Arg::from(why)),
                ],
            ))
            .with_hints(vec![locale.t("bounces-nothing-changed")])
        };
        let size = std::fs::metadata(file)
            .map_err(|e| fail(e.to_string()))?
            .len();
        if size > MAX_BYTES {
            return Err(fail(locale.t("bounces-too-large")));
        }
        let bytes = std::fs::read(file).map_err(|e| fail(e.to_string()))?;
        let recipients = parse_dsn(&bytes).map_err(|e| fail(reason(locale, &e)))?;
        parsed.push((file.clone(), recipients));
    }
    block_on(async {
        let store = open_store(locale, &config).await?;
        let db = |e| Failure::database(locale, &config.database_url, e);
        for (file, recipients) in &parsed {
            for r in recipients {
                if !(r.is_hard() || r.is_soft()) {
                    continue;
                }
                let outcome = store
                    .record_bounce(
                        &r.address,
                        r.is_hard(),
                        &r.status,
                        config.bounce_limit,
                        r.is_unknown_mailbox(),
                    )
                    .await
                    .map_err(db)?;
                let key = match (r.is_hard(), outcome.stopped) {
                    (true, true) => "bounces-hard-stopped",
                    (true, false) => "bounces-hard",
                    _ => "bounces-soft",
                };
                let args = [
                    ("path", Arg::from(file.as_str())),
                    ("email", Arg::from(r.address.as_str())),
                    ("value", Arg::from(r.status.as_str())),
                    ("total", Arg::from(outcome.hard_count)),
                ];
                println!("{}", locale.t_args(key, &args));
            }
        }
        store.close().await;
        Ok(0)
    })
}
