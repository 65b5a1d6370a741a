//! Accounts: how a person signs in (email, password hash, one-time links),
//! their sessions, administrator grants and rate limits.

use chrono::{Duration, Utc};
use comcom_core::permissions::MandateFact;
use comcom_core::{Function, Role};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::secrets::{random_token, token_hash};
use crate::time::{now, stamp};
use crate::{Result, StoreError};

/// What signing in needs to know about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub person_id: i64,
    pub territory_id: Option<i64>,
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub locale: String,
    pub password_hash: Option<String>,
    pub session_epoch: i64,
}

const ACCOUNT_COLUMNS: &str =
    "id, territory_id, display_name, email, phone, locale, password_hash, session_epoch";

fn account_from_row(row: &AnyRow) -> Result<Account> {
    Ok(Account {
        person_id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        locale: row.try_get("locale")?,
        password_hash: row.try_get("password_hash")?,
        session_epoch: row.try_get("session_epoch")?,
    })
}

/// Why a one-time link is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Login,
    Reset,
    Invitation,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::Login => "login",
            TokenPurpose::Reset => "reset",
            TokenPurpose::Invitation => "invitation",
        }
    }
}

/// A one-time link that was valid when used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedToken {
    pub person_id: i64,
    pub space_id: Option<i64>,
    pub space_role: Option<String>,
}

/// Emails are compared and stored lower-cased and trimmed.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Store {
    /// The account with this email address.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM person WHERE email = $1"
        ))
        .bind(normalize_email(email))
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(account_from_row)
        .transpose()
    }

    /// The account of a person.
    pub async fn account(&self, person_id: i64) -> Result<Option<Account>> {
        sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM person WHERE id = $1"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(account_from_row)
        .transpose()
    }

    /// Creates a person known only by name and email (an invitation, `user add`).
    pub async fn create_account(
        &self,
        territory_id: Option<i64>,
        display_name: &str,
        email: &str,
    ) -> Result<Account> {
        let stamp = now();
        let row = sqlx::query(&format!(
            "INSERT INTO person (territory_id, display_name, email, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING {ACCOUNT_COLUMNS}"
        ))
        .bind(territory_id)
        .bind(display_name.trim())
        .bind(normalize_email(email))
        .bind(&stamp)
        .fetch_one(&self.pool)
        .await?;
        account_from_row(&row)
    }

    /// Gives a known person an email address; `false` if another person has it.
    pub async fn attach_email(&self, person_id: i64, email: &str) -> Result<bool> {
        let email = normalize_email(email);
        if let Some(other) = self.account_by_email(&email).await? {
            return Ok(other.person_id == person_id);
        }
        sqlx::query("UPDATE person SET email = $1, updated_at = $2 WHERE id = $3")
            .bind(&email)
            .bind(now())
            .bind(person_id)
            .execute(&self.pool)
            .await?;
        Ok(true)
    }

    /// Stores a new password hash (computed by the caller, off the async runtime).
    pub async fn set_password_hash(&self, person_id: i64, hash: &str) -> Result<()> {
        sqlx::query("UPDATE person SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now())
            .bind(person_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Updates what a person may change on their profile.
    pub async fn update_profile(
        &self,
        person_id: i64,
        display_name: &str,
        phone: Option<&str>,
        locale: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE person SET display_name = $1, phone = $2, locale = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(display_name)
        .bind(phone)
        .bind(locale)
        .bind(now())
        .bind(person_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The current mandates of a person, as the permission core needs them.
    pub async fn mandate_facts(&self, person_id: i64) -> Result<Vec<MandateFact>> {
        let today = crate::time::date(Utc::now().date_naive());
        let rows = sqlx::query(
            "SELECT territory_id, commune_id, role, function FROM mandate \
             WHERE person_id = $1 AND start_date <= $2 AND (end_date IS NULL OR end_date > $2)",
        )
        .bind(person_id)
        .bind(&today)
        .fetch_all(&self.pool)
        .await?;
        let mut facts = Vec::with_capacity(rows.len());
        for row in &rows {
            let role: String = row.try_get("role")?;
            let function: Option<String> = row.try_get("function")?;
            facts.push(MandateFact {
                territory_id: row.try_get("territory_id")?,
                commune_id: row.try_get("commune_id")?,
                role: Role::from_code(&role).ok_or(StoreError::Corrupt {
                    column: "mandate.role",
                    value: role,
                })?,
                function: function.as_deref().and_then(Function::from_code),
            });
        }
        Ok(facts)
    }

    /// People of a territory whose name contains every word of `query`
    /// (accents and case ignored), for adding members; at most `limit`.
    pub async fn search_people(
        &self,
        territory_id: i64,
        query: &str,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let words = comcom_core::text::words(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT DISTINCT p.id AS id, p.display_name AS display_name FROM person p \
             LEFT JOIN mandate m ON m.person_id = p.id \
             WHERE p.territory_id = $1 OR m.territory_id = $1",
        )
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?;
        let mut found = Vec::new();
        for row in &rows {
            let name: String = row.try_get("display_name")?;
            let folded = comcom_core::text::words(&name);
            if words
                .iter()
                .all(|w| folded.iter().any(|f| f.starts_with(w.as_str())))
            {
                found.push((row.try_get("id")?, name));
            }
        }
        found.sort_by_cached_key(|(_, n)| comcom_core::text::fold(n));
        found.truncate(limit);
        Ok(found)
    }

    // ----- administrator grants

    /// Makes a person administrator of a territory, or of the instance (`None`).
    pub async fn grant_admin(&self, person_id: i64, territory_id: Option<i64>) -> Result<()> {
        if self.admin_grants(person_id).await?.contains(&territory_id) {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO admin_grant (person_id, territory_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(person_id)
        .bind(territory_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        // Granted from the command line or at first start: the system acts.
        crate::audit::record(
            &mut tx,
            &crate::audit::AuditInput {
                kind: crate::audit::kind::ADMIN_GRANTED,
                territory_id,
                target_person_id: Some(person_id),
                ..Default::default()
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The territories a person administers (`None` for the whole instance).
    pub async fn admin_grants(&self, person_id: i64) -> Result<Vec<Option<i64>>> {
        let rows = sqlx::query("SELECT territory_id FROM admin_grant WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get("territory_id")?))
            .collect()
    }

    /// The instance administrator who still needs a first login link: set up
    /// by `serve` on a new instance, and never given an email address (a
    /// password alone cannot sign in). `None` once any administrator has one.
    pub async fn first_admin_without_credentials(&self) -> Result<Option<i64>> {
        let with_credentials = sqlx::query(
            "SELECT COUNT(*) AS n FROM admin_grant g JOIN person p ON p.id = g.person_id \
             WHERE p.email IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        if with_credentials.try_get::<i64, _>("n")? > 0 {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT g.person_id AS person_id FROM admin_grant g WHERE g.territory_id IS NULL \
             ORDER BY g.id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get("person_id"))
            .transpose()
            .map_err(Into::into)
    }

    /// Creates a person known only by a name (the first administrator).
    pub async fn create_named_person(
        &self,
        territory_id: Option<i64>,
        display_name: &str,
    ) -> Result<i64> {
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO person (territory_id, display_name, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) RETURNING id",
        )
        .bind(territory_id)
        .bind(display_name)
        .bind(&stamp)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// How many administrator grants exist (none means the instance is new).
    pub async fn admin_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM admin_grant")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    // ----- one-time links

    /// Creates a one-time link token valid for `valid_for`; returns the token
    /// itself, which is never stored.
    pub async fn create_token(
        &self,
        person_id: i64,
        purpose: TokenPurpose,
        valid_for: Duration,
        space: Option<(i64, &str)>,
    ) -> Result<String> {
        let token = random_token();
        sqlx::query(
            "INSERT INTO one_time_token (token_hash, person_id, purpose, space_id, space_role, \
             expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token_hash(&token))
        .bind(person_id)
        .bind(purpose.code())
        .bind(space.map(|(id, _)| id))
        .bind(space.map(|(_, role)| role.to_owned()))
        .bind(stamp(Utc::now() + valid_for))
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Whether a token is still usable (for the page that asks to confirm).
    pub async fn peek_token(
        &self,
        token: &str,
        purpose: TokenPurpose,
    ) -> Result<Option<UsedToken>> {
        let row = sqlx::query(
            "SELECT person_id, space_id, space_role FROM one_time_token \
             WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash(token))
        .bind(purpose.code())
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(used_token_from_row).transpose()
    }

    /// Uses a token: succeeds once, before it expires; a second use finds nothing.
    pub async fn consume_token(
        &self,
        token: &str,
        purpose: TokenPurpose,
    ) -> Result<Option<UsedToken>> {
        let stamp = now();
        let row = sqlx::query(
            "UPDATE one_time_token SET used_at = $1 \
             WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING person_id, space_id, space_role",
        )
        .bind(&stamp)
        .bind(token_hash(token))
        .bind(purpose.code())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(used_token_from_row).transpose()
    }

    // ----- sessions

    /// Opens a session for a person; returns the cookie's secret.
    pub async fn create_session(&self, person_id: i64, valid_for: Duration) -> Result<String> {
        let account = self.account(person_id).await?.ok_or(StoreError::Corrupt {
            column: "web_session.person_id",
            value: person_id.to_string(),
        })?;
        let secret = random_token();
        sqlx::query(
            "INSERT INTO web_session (id, person_id, epoch, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&secret))
        .bind(person_id)
        .bind(account.session_epoch)
        .bind(now())
        .bind(stamp(Utc::now() + valid_for))
        .execute(&self.pool)
        .await?;
        Ok(secret)
    }

    /// The person a session cookie belongs to, if the session is still valid.
    pub async fn session_person(&self, secret: &str) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT s.person_id AS person_id FROM web_session s JOIN person p ON p.id = s.person_id \
             WHERE s.id = $1 AND s.expires_at > $2 AND s.epoch = p.session_epoch",
        )
        .bind(token_hash(secret))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get("person_id"))
            .transpose()
            .map_err(Into::into)
    }

    /// Ends one session (log out).
    pub async fn delete_session(&self, secret: &str) -> Result<()> {
        sqlx::query("DELETE FROM web_session WHERE id = $1")
            .bind(token_hash(secret))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a person (log out everywhere, password change).
    pub async fn end_all_sessions(&self, person_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE person SET session_epoch = session_epoch + 1 WHERE id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM web_session WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // ----- rate limits

    /// Whether `bucket` already holds more than `max` hits in the current window.
    pub async fn rate_limit_exceeded(
        &self,
        bucket: &str,
        window_secs: i64,
        max: i64,
    ) -> Result<bool> {
        let window = Utc::now().timestamp() / window_secs.max(1);
        let row =
            sqlx::query("SELECT hits FROM rate_limit WHERE bucket = $1 AND window_start = $2")
                .bind(bucket)
                .bind(window.to_string())
                .fetch_optional(&self.pool)
                .await?;
        let hits: i64 = match row {
            Some(row) => row.try_get("hits")?,
            None => 0,
        };
        Ok(hits >= max)
    }

    /// Counts one hit in `bucket` for the current window of `window_secs`;
    /// `true` while the count stays within `max`.
    pub async fn rate_limit_hit(&self, bucket: &str, window_secs: i64, max: i64) -> Result<bool> {
        let window = Utc::now().timestamp() / window_secs.max(1);
        let row = sqlx::query(
            "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limit.window_start = excluded.window_start \
                           THEN rate_limit.hits + 1 ELSE 1 END, \
               window_start = excluded.window_start \
             RETURNING hits",
        )
        .bind(bucket)
        .bind(window.to_string())
        .fetch_one(&self.pool)
        .await?;
        let hits: i64 = row.try_get("hits")?;
        Ok(hits <= max)
    }
}

fn used_token_from_row(row: &AnyRow) -> Result<UsedToken> {
    Ok(UsedToken {
        person_id: row.try_get("person_id")?,
        space_id: row.try_get("space_id")?,
        space_role: row.try_get("space_role")?,
    })
}
