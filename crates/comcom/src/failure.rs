//! A command that cannot do what was asked: a message for the person, hints,
//! and the exit code.

use comcom_i18n::{Arg, Locale};

/// Why a command stopped, already in the user's language.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hints: Vec<String>,
    pub exit_code: u8,
}

impl Failure {
    /// Input the person can correct (exit code 1).
    pub fn input(message: String) -> Failure {
        Failure {
            message,
            hints: Vec::new(),
            exit_code: 1,
        }
    }

    pub fn with_hints(mut self, hints: Vec<String>) -> Failure {
        self.hints = hints;
        self
    }

    /// The database cannot be reached or used.
    pub fn database(locale: Locale, url: &str, reason: impl std::fmt::Display) -> Failure {
        let reason = explain_database_error(locale, &reason.to_string());
        Failure::input(locale.t_args(
            "cli-database-error",
            &[
                ("url", Arg::from(redact(url))),
                ("reason", Arg::from(reason)),
            ],
        ))
    }

    /// Prints the failure on standard error.
    pub fn print(&self, locale: Locale) {
        eprintln!(
            "{}",
            locale.t_args(
                "cli-error",
                &[("message", Arg::from(self.message.as_str()))]
            )
        );
        for hint in &self.hints {
            eprintln!("{hint}");
        }
    }
}

/// The usual database failures in plain words; others as the driver says them.
fn explain_database_error(locale: Locale, text: &str) -> String {
    let known = [
        ("unable to open database file", "cli-db-cannot-open"),
        ("file is not a database", "cli-db-not-sqlite"),
        ("does not exist", "cli-db-missing"),
        ("password authentication failed", "cli-db-auth"),
        ("Connection refused", "cli-db-refused"),
        ("pool timed out", "cli-db-timeout"),
        ("readonly database", "cli-db-read-only"),
    ];
    match known.iter().find(|(needle, _)| text.contains(needle)) {
        Some((_, key)) => locale.t(key),
        None => text.to_owned(),
    }
}

/// A database URL without its password, fit for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_database_messages() {
        assert_eq!(redact("postgres://u:secret@db/x"), "postgres://u:***@db/x");
        assert_eq!(
            redact("sqlite://data/comcom.sqlite3"),
            "sqlite://data/comcom.sqlite3"
        );
    }
}
