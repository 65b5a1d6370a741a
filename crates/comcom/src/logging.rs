//! Structured logs on standard error: readable text by default, JSON with
//! `COMCOM_LOG_FORMAT=json`; the level from `COMCOM_LOG` (e.g. `info,comcom_web=debug`).

use tracing_subscriber::EnvFilter;

pub fn init(default_level: &str) {
    let filter = std::env::var("COMCOM_LOG")
        .ok()
        .and_then(|v| EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = if std::env::var("COMCOM_LOG_FORMAT").is_ok_and(|v| v == "json") {
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
