//! Personal access tokens of the JSON API: made for a person with a name and
//! a scope, shown once, stored as a SHA-256 hash, revocable by their owner.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::secrets::{random_token, token_hash};
use crate::time::{now, parse, stamp};
use crate::{Result, StoreError};

/// What every token starts with, so that a leaked one is easy to recognise
/// (secret scanners, logs) and told apart from session and link secrets.
pub const TOKEN_PREFIX: &str = "ccm_";

/// How often `last_used_at` is written at most: reading the API must not
/// write to the database on every call.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    /// Reading only.
    Read,
    /// Reading, and writing what the owner may write.
    Write,
}

impl TokenScope {
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    pub fn from_code(code: &str) -> Option<TokenScope> {
        match code {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            _ => None,
        }
    }
}

/// A token as stored (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiTokenRecord {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// Whether a text has the shape of a token (`ccm_` and 64 hexadecimal
/// digits), checked before any database lookup.
pub fn is_token_shape(text: &str) -> bool {
    text.strip_prefix(TOKEN_PREFIX)
        .is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

const COLUMNS: &str = "id, person_id, name, scope, created_at, last_used_at, revoked_at";

fn from_row(row: &AnyRow) -> Result<ApiTokenRecord> {
    let scope: String = row.try_get("scope")?;
    let time = |column: &str| -> Result<Option<DateTime<Utc>>> {
        row.try_get::<Option<String>, _>(column)?
            .as_deref()
            .map(parse)
            .transpose()
    };
    Ok(ApiTokenRecord {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        name: row.try_get("name")?,
        scope: TokenScope::from_code(&scope).ok_or(StoreError::Corrupt {
            column: "api_token.scope",
            value: scope,
        })?,
        created_at: parse(&row.try_get::<String, _>("created_at")?)?,
        last_used_at: time("last_used_at")?,
        revoked_at: time("revoked_at")?,
    })
}

impl Store {
    /// Makes a token for a person; returns it with its secret, which is
    /// stored nowhere and must be shown to the person now.
    pub async fn create_api_token(
        &self,
        person_id: i64,
        name: &str,
        scope: TokenScope,
    ) -> Result<(ApiTokenRecord, String)> {
        let secret = format!("{TOKEN_PREFIX}{}", random_token());
        let row = sqlx::query(&format!(
            "INSERT INTO api_token (person_id, name, token_hash, scope, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        ))
        .bind(person_id)
        .bind(name.trim())
        .bind(token_hash(&secret))
        .bind(scope.code())
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok((from_row(&row)?, secret))
    }

    /// The token with this secret, unless it was revoked.
    pub async fn api_token_by_secret(&self, secret: &str) -> Result<Option<ApiTokenRecord>> {
        if !is_token_shape(secret) {
            return Ok(None);
        }
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL"
        ))
        .bind(token_hash(secret))
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// A person's tokens, the newest first, revoked ones included.
    pub async fn api_tokens_of(&self, person_id: i64) -> Result<Vec<ApiTokenRecord>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_token WHERE person_id = $1 ORDER BY id DESC"
        ))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// How many tokens a person has that still work.
    pub async fn active_api_token_count(&self, person_id: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM api_token WHERE person_id = $1 AND revoked_at IS NULL",
        )
        .bind(person_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Revokes one of a person's own tokens; `false` when the person has no
    /// such token or it was already revoked.
    pub async fn revoke_api_token(&self, person_id: i64, token_id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_token SET revoked_at = $1 \
             WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(token_id)
        .bind(person_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records that a token was used, at most once a minute.
    pub async fn touch_api_token(&self, token: &ApiTokenRecord) -> Result<()> {
        let at = Utc::now();
        if token
            .last_used_at
            .is_some_and(|last| at - last < TOUCH_EVERY)
        {
            return Ok(());
        }
        // The condition repeats the check for nodes that read the token at the same time.
        sqlx::query(
            "UPDATE api_token SET last_used_at = $1 \
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(stamp(at))
        .bind(token.id)
        .bind(stamp(at - TOUCH_EVERY))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_prefix_and_64_hexadecimal_digits_look_like_a_token() {
        assert!(is_token_shape(&format!("ccm_{}", "a1".repeat(32))));
        assert!(!is_token_shape(&"a1".repeat(32)));
        assert!(!is_token_shape(&format!("ccm_{}", "zz".repeat(32))));
        assert!(!is_token_shape(&format!("ccm_{}", "a1".repeat(31))));
        assert!(!is_token_shape("ccm_"));
    }
}
