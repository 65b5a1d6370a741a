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
        Failure::input(locale.t_args(
            "cli-database-error",
            &[
                ("url", Arg::from(redact(url))),
                ("reason", Arg::from(reason.to_string())),
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
