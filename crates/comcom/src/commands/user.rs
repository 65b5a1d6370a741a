//! `comcom user add --email E [--name N] [--admin | --admin-of SIREN]`:
//! creates a person and prints a one-time login link.

use chrono::Duration;
use comcom_core::Siren;
use comcom_i18n::{Arg, Locale};
use comcom_store::accounts::{TokenPurpose, normalize_email};

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// What `user add` was asked.
pub struct AddUser<'a> {
    pub email: &'a str,
    pub name: Option<&'a str>,
    pub admin: bool,
    pub admin_of: Option<&'a str>,
}

pub fn add(locale: Locale, request: AddUser<'_>) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let email = normalize_email(request.email);
    if !comcom_web::is_email(&email) {
        return Err(Failure::input(locale.t_args(
            "cli-user-email-invalid",
            &[("input", Arg::from(shorten(request.email)))],
        )));
    }
    let name = request
        .name
        .map(str::trim)
        .unwrap_or_else(|| email.split('@').next().unwrap_or(""));
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(Failure::input(locale.t("cli-user-name-invalid")));
    }
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let db = |e| Failure::database(locale, &config.database_url, e);
        let territory = match request.admin_of {
            Some(text) => {
                let siren = Siren::parse(text).map_err(|_| {
                    Failure::input(
                        locale.t_args("cli-siren-length", &[("input", Arg::from(shorten(text)))]),
                    )
                })?;
                let found = store
                    .territories()
                    .await
                    .map_err(db)?
                    .into_iter()
                    .find(|t| t.siren == siren);
                Some(found.ok_or_else(|| {
                    Failure::input(locale.t_args(
                        "cli-user-territory-missing",
                        &[("siren", Arg::from(siren.as_str()))],
                    ))
                })?)
            }
            None => store.first_territory().await.map_err(db)?,
        };
        if store.account_by_email(&email).await.map_err(db)?.is_some() {
            return Err(Failure::input(locale.t_args(
                "cli-user-exists",
                &[("email", Arg::from(email.as_str()))],
            )));
        }
        let account = store
            .create_account(territory.as_ref().map(|t| t.id), name, &email)
            .await
            .map_err(db)?;
        if request.admin {
            store
                .grant_admin(account.person_id, None)
                .await
                .map_err(db)?;
        } else if request.admin_of.is_some() {
            store
                .grant_admin(account.person_id, territory.as_ref().map(|t| t.id))
                .await
                .map_err(db)?;
        }
        let token = store
            .create_token(
                account.person_id,
                TokenPurpose::Login,
                Duration::hours(24),
                None,
            )
            .await
            .map_err(db)?;
        let base = match (
            &territory.as_ref().and_then(|t| t.public_url.clone()),
            &config.public_url,
        ) {
            (Some(url), _) => url.clone(),
            (None, Some(url)) => url.as_str().trim_end_matches('/').to_owned(),
            (None, None) => format!("http://{}", config.bind),
        };
        println!(
            "{}",
            locale.t_args(
                "cli-user-created",
                &[
                    ("name", Arg::from(name)),
                    ("email", Arg::from(email.as_str()))
                ]
            )
        );
        println!(
            "{}",
            locale.t_args(
                "cli-user-link",
                &[("link", Arg::from(format!("{base}/connexion/jeton/{token}")))]
            )
        );
        store.close().await;
        Ok(0)
    })
}

fn shorten(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}
