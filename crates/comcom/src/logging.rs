//! Structured logs on standard error: readable text by default, JSON with
//! `COMCOM_LOG_FORMAT=json`; the level from `COMCOM_LOG` (e.g. `info,comcom_web=debug`).
//! Colours only on a terminal.

use std::io::IsTerminal;

use comcom_i18n::{Arg, Locale};
use tracing_subscriber::EnvFilter;

pub fn init(locale: Locale, default_level: &str) {
    let requested = std::env::var("COMCOM_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let filter = match requested.as_deref().map(EnvFilter::try_new) {
        Some(Ok(filter)) => filter,
        Some(Err(_)) => {
            let args = [("value", Arg::from(default_level))];
            eprintln!("{}", locale.t_args("cli-log-filter-invalid", &args));
            EnvFilter::new(default_level)
        }
        None => EnvFilter::new(default_level),
    };
    let format = std::env::var("COMCOM_LOG_FORMAT").unwrap_or_default();
    if !matches!(format.as_str(), "" | "json" | "text") {
        let args = [("value", Arg::from(format.as_str()))];
        eprintln!("{}", locale.t_args("cli-log-format-invalid", &args));
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let result = if format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init()
    } else {
        builder.compact().try_init()
    };
    // A second initialisation (in tests) keeps the first subscriber.
    drop(result);
}
