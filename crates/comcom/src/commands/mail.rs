//! `comcom mail bounces FILE…`: reads delivery status notifications (bounces)
//! and records them per address; repeated hard bounces stop the letters to an
//! address. `comcom mail inbox FILE…` reads whatever arrives at the letters'
//! sender address: bounces, and the unsubscribe requests that mail clients
//! send to the `mailto:` address of `List-Unsubscribe`. Every file is read
//! first: one that is not understood stops the command before anything is
//! recorded.

use comcom_i18n::{Arg, Locale};
use comcom_mail::{DsnError, DsnRecipient, InboxError, Incoming, parse_dsn, read_incoming};
use comcom_store::Store;

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

/// Reads every file with `parse`, or fails naming the first one it cannot read.
fn read_all<T>(
    locale: Locale,
    files: &[String],
    parse: impl Fn(&[u8]) -> Result<T, String>,
) -> Result<Vec<(String, T)>, Failure> {
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
        parsed.push((file.clone(), parse(&bytes).map_err(fail)?));
    }
    Ok(parsed)
}

/// Records the bounces of one notification and says what they did.
async fn record(
    store: &Store,
    config: &Config,
    locale: Locale,
    file: &str,
    recipients: &[DsnRecipient],
) -> Result<(), Failure> {
    let db = |e| Failure::database(locale, &config.database_url, e);
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
            ("path", Arg::from(file)),
            ("email", Arg::from(r.address.as_str())),
            ("value", Arg::from(r.status.as_str())),
            ("total", Arg::from(outcome.hard_count)),
        ];
        println!("{}", locale.t_args(key, &args));
    }
    Ok(())
}

pub fn bounces(locale: Locale, files: &[String]) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    let parsed = read_all(locale, files, |bytes| {
        parse_dsn(bytes).map_err(|e| reason(locale, &e))
    })?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        for (file, recipients) in &parsed {
            record(&store, &config, locale, file, recipients).await?;
        }
        store.close().await;
        Ok(0)
    })
}

/// `comcom mail inbox FILE…`: bounces and unsubscribe requests.
// TODO: read the sender's mailbox itself (Maildir or IMAP) instead of files named on the command line.
pub fn inbox(locale: Locale, files: &[String]) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    let parsed = read_all(locale, files, |bytes| {
        read_incoming(bytes).map_err(|e| match e {
            InboxError::Dsn(e) => reason(locale, &e),
            InboxError::NotUnderstood => locale.t("inbox-not-understood"),
        })
    })?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let db = |e| Failure::database(locale, &config.database_url, e);
        for (file, incoming) in &parsed {
            match incoming {
                Incoming::Bounce(recipients) => {
                    record(&store, &config, locale, file, recipients).await?;
                }
                Incoming::Unsubscribe(token) => match store.unsubscribe(token).await.map_err(db)? {
                    Some((_, address)) => {
                        tracing::info!("a letter recipient unsubscribed by email");
                        println!(
                            "{}",
                            locale.t_args(
                                "inbox-unsubscribed",
                                &[("email", Arg::from(address.as_str()))]
                            )
                        );
                    }
                    None => println!(
                        "{}",
                        locale.t_args(
                            "inbox-unsubscribe-unknown",
                            &[("path", Arg::from(file.as_str()))]
                        )
                    ),
                },
            }
        }
        store.close().await;
        Ok(0)
    })
}
