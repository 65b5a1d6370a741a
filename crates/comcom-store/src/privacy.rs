//! Personal data: the rows an export gathers, deletion requests, and
//! carrying a deletion out (anonymising the person in one transaction).

use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::audit::{self, Actor, AuditInput, kind};
use crate::db::Store;
use crate::time::now;
use crate::{Result, StoreError};

/// The name a deleted person keeps, so that what they published still has
/// an author.
pub const DELETED_NAME: &str = "Personne supprimée";

/// A deletion request, with what the administrators' page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionRequest {
    pub id: i64,
    pub person_id: i64,
    pub display_name: String,
    pub status: String,
    pub requested_at: String,
    pub done_at: Option<String>,
    /// Holds mandates from the Répertoire national des élus (public data kept).
    pub elected: bool,
}

/// What a deletion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionOutcome {
    pub person_id: i64,
    /// The name was kept because the person is an elected official whose
    /// mandates come from the RNE (public data).
    pub name_kept: bool,
}

/// A column's value as JSON, whatever its type (blobs are left out: files
/// go into the export as files of their own).
fn value_at(row: &AnyRow, i: usize) -> serde_json::Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    serde_json::Value::Null
}

/// A row as a JSON object keyed by column name.
pub fn row_to_json(row: &AnyRow) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        map.insert(column.name().to_owned(), value_at(row, i));
    }
    serde_json::Value::Object(map)
}

fn request_from_row(row: &AnyRow) -> Result<DeletionRequest> {
    Ok(DeletionRequest {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        display_name: row.try_get("display_name")?,
        status: row.try_get("status")?,
        requested_at: row.try_get("requested_at")?,
        done_at: row.try_get("done_at")?,
        elected: row.try_get::<i64, _>("elected")? > 0,
    })
}

const REQUEST_SELECT: &str = "SELECT r.id, r.person_id, p.display_name, r.status, \
     r.requested_at, r.done_at, \
     (SELECT COUNT(*) FROM mandate m WHERE m.person_id = r.person_id AND m.source = 'rne') \
     AS elected FROM deletion_request r JOIN person p ON p.id = r.person_id";

impl Store {
    /// Runs one of the export's queries (with `$1` the person's id) and
    /// returns its rows as JSON objects. Write the query so that it selects
    /// no secret: never a password or token hash.
    pub async fn export_rows(&self, sql: &str, person_id: i64) -> Result<Vec<serde_json::Value>> {
        let rows = sqlx::query(sql)
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(row_to_json).collect())
    }

    /// The images of the articles a person wrote: (article id, MIME type, bytes).
    /// Read one at a time by the caller, through [`Store::article_image`].
    pub async fn authored_article_ids(&self, person_id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query("SELECT id FROM article WHERE author_id = $1 ORDER BY id")
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get("id")?))
            .collect::<Result<_>>()
    }

    /// Records a person's request that their data be deleted; `false` when
    /// one is already pending.
    pub async fn request_deletion(
        &self,
        person_id: i64,
        territory_id: Option<i64>,
        actor: &Actor,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let pending = sqlx::query(
            "SELECT COUNT(*) AS n FROM deletion_request WHERE person_id = $1 AND status = 'pending'",
        )
        .bind(person_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("n")?;
        if pending > 0 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO deletion_request (person_id, territory_id, status, requested_at) \
             VALUES ($1, $2, 'pending', $3)",
        )
        .bind(person_id)
        .bind(territory_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id,
                target_person_id: Some(person_id),
                ..AuditInput::new(kind::DELETION_REQUESTED, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Withdraws a person's pending request; `false` when there was none.
    pub async fn cancel_deletion_request(
        &self,
        person_id: i64,
        territory_id: Option<i64>,
        actor: &Actor,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE deletion_request SET status = 'cancelled', done_at = $1 \
             WHERE person_id = $2 AND status = 'pending'",
        )
        .bind(now())
        .bind(person_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done > 0 {
            audit::record(
                &mut tx,
                &AuditInput {
                    territory_id,
                    target_person_id: Some(person_id),
                    ..AuditInput::new(kind::DELETION_CANCELLED, actor)
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }

    /// A person's pending request, if any.
    pub async fn pending_deletion_request(
        &self,
        person_id: i64,
    ) -> Result<Option<DeletionRequest>> {
        sqlx::query(&format!(
            "{REQUEST_SELECT} WHERE r.person_id = $1 AND r.status = 'pending'"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(request_from_row)
        .transpose()
    }

    /// A territory's requests: pending first (oldest first), then the 50
    /// latest handled ones.
    pub async fn deletion_requests(&self, territory_id: i64) -> Result<Vec<DeletionRequest>> {
        let mut pending: Vec<DeletionRequest> = sqlx::query(&format!(
            "{REQUEST_SELECT} WHERE r.territory_id = $1 AND r.status = 'pending' ORDER BY r.id"
        ))
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(request_from_row)
        .collect::<Result<_>>()?;
        let handled: Vec<DeletionRequest> = sqlx::query(&format!(
            "{REQUEST_SELECT} WHERE r.territory_id = $1 AND r.status <> 'pending' \
             ORDER BY r.id DESC LIMIT 50"
        ))
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(request_from_row)
        .collect::<Result<_>>()?;
        pending.extend(handled);
        Ok(pending)
    }

    /// Carries out a pending request of `territory_id`, in one transaction:
    /// contact details, password, sessions, tokens, invitations,
    /// memberships, notifications and manual mandates go; the person's row
    /// stays, named « Personne supprimée », so that what they published
    /// keeps an author. An elected official's name and RNE mandates stay:
    /// they are public data (RGPD art. 17(3)(b)). `None` when the request is
    /// not pending or not of this territory.
    pub async fn carry_out_deletion(
        &self,
        request_id: i64,
        territory_id: i64,
        actor: &Actor,
    ) -> Result<Option<DeletionOutcome>> {
        let stamp = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE deletion_request SET status = 'done', done_at = $1, done_by = $2 \
             WHERE id = $3 AND territory_id = $4 AND status = 'pending' RETURNING person_id",
        )
        .bind(&stamp)
        .bind(actor.person_id)
        .bind(request_id)
        .bind(territory_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let person_id: i64 = row.try_get("person_id")?;
        let elected = sqlx::query(
            "SELECT COUNT(*) AS n FROM mandate WHERE person_id = $1 AND source = 'rne'",
        )
        .bind(person_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("n")?
            > 0;
        let person_sql = if elected {
            "UPDATE person SET email = NULL, phone = NULL, password_hash = NULL, \
             organisation = NULL, locale = 'fr', session_epoch = session_epoch + 1, \
             deleted_at = $1, updated_at = $1 WHERE id = $2"
        } else {
            "UPDATE person SET email = NULL, phone = NULL, password_hash = NULL, \
             organisation = NULL, locale = 'fr', session_epoch = session_epoch + 1, \
             surname = '', given_name = '', display_name = $3, sex = NULL, match_key = NULL, \
             deleted_at = $1, updated_at = $1 WHERE id = $2"
        };
        let mut query = sqlx::query(person_sql).bind(&stamp).bind(person_id);
        if !elected {
            query = query.bind(DELETED_NAME);
        }
        let updated = query.execute(&mut *tx).await?.rows_affected();
        if updated != 1 {
            return Err(StoreError::Corrupt {
                column: "deletion_request.person_id",
                value: person_id.to_string(),
            });
        }
        for sql in [
            "DELETE FROM web_session WHERE person_id = $1",
            "DELETE FROM api_token WHERE person_id = $1",
            "DELETE FROM one_time_token WHERE person_id = $1",
            "DELETE FROM space_invitation WHERE person_id = $1",
            "DELETE FROM membership WHERE person_id = $1",
            "DELETE FROM commune_agent WHERE person_id = $1",
            "DELETE FROM admin_grant WHERE person_id = $1",
            "DELETE FROM notification WHERE person_id = $1",
            "DELETE FROM notification_preference WHERE person_id = $1",
            "DELETE FROM notification_digest WHERE person_id = $1",
            "DELETE FROM thread_read WHERE person_id = $1",
            "DELETE FROM mandate WHERE person_id = $1 AND source = 'manual'",
            "DELETE FROM letter_editor WHERE person_id = $1",
            "DELETE FROM calendar_feed WHERE person_id = $1",
            // Documents stay in their spaces (group work); who uploaded,
            // trashed or attached them is forgotten: « ancien membre ».
            "UPDATE document_version SET uploaded_by = NULL WHERE uploaded_by = $1",
            "UPDATE document SET trashed_by = NULL WHERE trashed_by = $1",
            "UPDATE doc_folder SET created_by = NULL WHERE created_by = $1",
            "UPDATE meeting_document SET attached_by = NULL WHERE attached_by = $1",
            // The delivery log keeps that a letter went out, not to which address.
            "UPDATE letter_delivery SET address = 'deleted-' || CAST(id AS TEXT), \
             display_name = '' WHERE person_id = $1",
        ] {
            sqlx::query(sql).bind(person_id).execute(&mut *tx).await?;
        }
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id: Some(territory_id),
                target_person_id: Some(person_id),
                detail: if elected { "rne_name_kept" } else { "" },
                ..AuditInput::new(kind::PERSON_DELETED, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Some(DeletionOutcome {
            person_id,
            name_kept: elected,
        }))
    }
}
