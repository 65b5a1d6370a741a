//! `comcom token create|list|revoke --email E`: a person's API access tokens
//! from the command line. A new token is printed once and stored hashed.

use comcom_i18n::{Arg, Locale, format_datetime};
use comcom_store::Store;
use comcom_store::accounts::normalize_email;
use comcom_store::tokens::{ApiTokenRecord, TokenScope};

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// Longest token name (as on the profile page).
const MAX_NAME: usize = 100;

/// The person with this address, or a failure naming it.
async fn person(
    locale: Locale,
    store: &Store,
    config: &Config,
    email: &str,
) -> Result<i64, Failure> {
    let email = normalize_email(email);
    let account = store
        .account_by_email(&email)
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?;
    account.map(|a| a.person_id).ok_or_else(|| {
        Failure::input(locale.t_args(
            "cli-token-no-person",
            &[("email", Arg::from(email.as_str()))],
        ))
    })
}

/// `token create --email E [--name N] [--scope read|write]`
pub fn create(
    locale: Locale,
    email: &str,
    name: Option<&str>,
    scope: Option<&str>,
) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let default_name = locale.t("cli-token-default-name");
    let name = name.map(str::trim).unwrap_or(&default_name);
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(Failure::input(locale.t("cli-token-name-invalid")));
    }
    let scope = match scope {
        None => TokenScope::Read,
        Some(code) => TokenScope::from_code(code.trim()).ok_or_else(|| {
            let shown: String = code.chars().take(40).collect();
            Failure::input(locale.t_args("cli-token-scope-invalid", &[("value", Arg::from(shown))]))
        })?,
    };
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let person_id = person(locale, &store, &config, email).await?;
        let (token, secret) = store
            .create_api_token(person_id, name, scope)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        println!(
            "{}",
            locale.t_args(
                "cli-token-created",
                &[
                    ("id", Arg::Num(token.id)),
                    ("name", Arg::from(token.name.as_str())),
                    ("value", Arg::from(scope.code())),
                    ("email", Arg::from(normalize_email(email))),
                ],
            )
        );
        println!("{secret}");
        store.close().await;
        Ok(0)
    })
}

/// One token on one line.
fn line(locale: Locale, t: &ApiTokenRecord) -> String {
    let date = |at: chrono::DateTime<chrono::Utc>| format_datetime(locale, at.naive_utc()) + " UTC";
    let state = match (t.revoked_at, t.last_used_at) {
        (Some(at), _) => locale.t_args("cli-token-revoked-on", &[("date", Arg::from(date(at)))]),
        (None, Some(at)) => locale.t_args("cli-token-last-used", &[("date", Arg::from(date(at)))]),
        (None, None) => locale.t("cli-token-never-used"),
    };
    locale.t_args(
        "cli-token-line",
        &[
            ("id", Arg::Num(t.id)),
            ("name", Arg::from(t.name.as_str())),
            ("value", Arg::from(t.scope.code())),
            ("date", Arg::from(date(t.created_at))),
            ("message", Arg::from(state)),
        ],
    )
}

/// `token list --email E`
pub fn list(locale: Locale, email: &str) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let person_id = person(locale, &store, &config, email).await?;
        let tokens = store
            .api_tokens_of(person_id)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        if tokens.is_empty() {
            let email = normalize_email(email);
            println!(
                "{}",
                locale.t_args("cli-token-none", &[("email", Arg::from(email.as_str()))])
            );
        }
        for t in &tokens {
            println!("{}", line(locale, t));
        }
        store.close().await;
        Ok(0)
    })
}

/// `token revoke --email E --id N`
pub fn revoke(locale: Locale, email: &str, id: i64) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let person_id = person(locale, &store, &config, email).await?;
        let revoked = store
            .revoke_api_token(person_id, id)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        store.close().await;
        if !revoked {
            let email = normalize_email(email);
            return Err(Failure::input(locale.t_args(
                "cli-token-not-found",
                &[("email", Arg::from(email.as_str())), ("id", Arg::Num(id))],
            )));
        }
        println!(
            "{}",
            locale.t_args("cli-token-revoked", &[("id", Arg::Num(id))])
        );
        Ok(0)
    })
}
