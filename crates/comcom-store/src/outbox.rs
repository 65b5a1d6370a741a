//! The outbox: every email comcom sends is written here first, with a
//! `send_email` job that delivers it; so a message is never lost on restart.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::db::Store;
use crate::jobs::enqueue_on;
use crate::secrets::random_token;
use crate::time::now;

/// The job kind that delivers one outbox message; its payload is the outbox id.
pub const SEND_EMAIL: &str = "send_email";

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    /// What it is for: login, reset, invitation…
    pub kind: &'a str,
}

/// A message of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: i64,
    /// Stable across retries, so that a receiver can drop a duplicate.
    pub message_id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub kind: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
    pub last_error: Option<String>,
}

const COLUMNS: &str = "id, message_id, to_address, subject, body_text, body_html, kind, created_at, \
     sent_at, failed_at, last_error";

fn message_from_row(row: &AnyRow) -> Result<OutboxMessage> {
    Ok(OutboxMessage {
        id: row.try_get("id")?,
        message_id: row.try_get("message_id")?,
        to: row.try_get("to_address")?,
        subject: row.try_get("subject")?,
        text: row.try_get("body_text")?,
        html: row.try_get("body_html")?,
        kind: row.try_get("kind")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        failed_at: row.try_get("failed_at")?,
        last_error: row.try_get("last_error")?,
    })
}

impl Store {
    /// Writes an email and its delivery job in one transaction.
    pub async fn queue_email(&self, email: &NewEmail<'_>, domain: &str) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = insert_email_on(&mut tx, email, domain).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn outbox_message(&self, id: i64) -> Result<Option<OutboxMessage>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM outbox WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(message_from_row)
            .transpose()
    }

    /// The latest messages, newest first (the administrators' view).
    pub async fn recent_outbox(&self, limit: i64) -> Result<Vec<OutboxMessage>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(message_from_row)
        .collect()
    }

    /// Marks a message delivered and forgets its text: links it held (a login
    /// link, say) do not stay in the database.
    pub async fn mark_email_sent(&self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, last_error = NULL, body_text = '', body_html = NULL \
             WHERE id = $2",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a delivery error; `permanent` marks the message failed for good.
    pub async fn mark_email_error(&self, id: i64, error: &str, permanent: bool) -> Result<()> {
        let failed_at = permanent.then(now);
        sqlx::query("UPDATE outbox SET last_error = $1, failed_at = $2 WHERE id = $3")
            .bind(error)
            .bind(failed_at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Writes an email and its delivery job inside an open transaction.
pub(crate) async fn insert_email_on(
    conn: &mut sqlx::AnyConnection,
    email: &NewEmail<'_>,
    domain: &str,
) -> Result<i64> {
    let message_id = format!("{}@{domain}", &random_token()[..32]);
    let row = sqlx::query(
        "INSERT INTO outbox (message_id, to_address, subject, body_text, body_html, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&message_id)
    .bind(email.to)
    .bind(email.subject)
    .bind(email.text)
    .bind(email.html)
    .bind(email.kind)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    enqueue_on(conn, SEND_EMAIL, &id.to_string()).await?;
    Ok(id)
}
