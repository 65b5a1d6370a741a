//! Files attached to an article: their bytes in the object store, a row
//! each here, shown and downloadable on the article's page, carried by the
//! feeds as enclosures. Adding or removing one is a change of the article
//! (its `updated_at` moves), so feeds and zones see it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::db::{Backend, Store};
use crate::time::{now, parse};

/// The most files one article carries.
pub const MAX_PER_ARTICLE: i64 = 10;

/// An attached file as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub id: i64,
    pub article_id: i64,
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub position: i64,
    pub created_at: DateTime<Utc>,
}

/// A file received completely, to record.
#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    pub object_key: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub uploaded_by: Option<i64>,
}

const COLUMNS: &str =
    "id, article_id, object_key, file_name, content_type, size, sha256, position, created_at";

fn from_row(row: &AnyRow) -> Result<AttachmentRecord> {
    Ok(AttachmentRecord {
        id: row.try_get("id")?,
        article_id: row.try_get("article_id")?,
        object_key: row.try_get("object_key")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        position: row.try_get("position")?,
        created_at: parse(&row.try_get::<String, _>("created_at")?)?,
    })
}

impl Store {
    /// Records a file attached to an article, last in its order; `None`
    /// when the article already has [`MAX_PER_ARTICLE`] files (nothing is
    /// written).
    pub async fn add_attachment(
        &self,
        article_id: i64,
        file: &NewAttachment<'_>,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        // Uploads to one article take turns from here to the commit, so the
        // count and the next position are read by one of them at a time:
        // SQLite's `BEGIN IMMEDIATE` already serializes writers; on PostgreSQL
        // the article's row is locked.
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT id FROM article WHERE id = $1 FOR UPDATE")
                .bind(article_id)
                .fetch_optional(&mut *tx)
                .await?;
        }
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, CAST(COALESCE(MAX(position), 0) AS BIGINT) AS last \
             FROM article_attachment WHERE article_id = $1",
        )
        .bind(article_id)
        .fetch_one(&mut *tx)
        .await?;
        let count: i64 = row.try_get("n")?;
        if count >= MAX_PER_ARTICLE {
            return Ok(None);
        }
        let last: i64 = row.try_get("last")?;
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO article_attachment (article_id, object_key, file_name, content_type, \
             size, sha256, position, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(article_id)
        .bind(file.object_key)
        .bind(file.file_name)
        .bind(file.content_type)
        .bind(file.size)
        .bind(file.sha256)
        .bind(last + 1)
        .bind(file.uploaded_by)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE article SET updated_at = $1 WHERE id = $2")
            .bind(&stamp)
            .bind(article_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(row.try_get("id")?))
    }

    /// An article's files, in their order.
    pub async fn article_attachments(&self, article_id: i64) -> Result<Vec<AttachmentRecord>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM article_attachment WHERE article_id = $1 ORDER BY position, id"
        ))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The files of several articles at once, by article id, in their order.
    pub async fn attachments_of(
        &self,
        article_ids: &[i64],
    ) -> Result<HashMap<i64, Vec<AttachmentRecord>>> {
        let mut found: HashMap<i64, Vec<AttachmentRecord>> = HashMap::new();
        if article_ids.is_empty() {
            return Ok(found);
        }
        let placeholders: Vec<String> = (1..=article_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM article_attachment WHERE article_id IN ({}) \
             ORDER BY article_id, position, id",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in article_ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&self.pool).await? {
            let file = from_row(&row)?;
            found.entry(file.article_id).or_default().push(file);
        }
        Ok(found)
    }

    /// One file of an article.
    pub async fn attachment(&self, article_id: i64, id: i64) -> Result<Option<AttachmentRecord>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM article_attachment WHERE id = $1 AND article_id = $2"
        ))
        .bind(id)
        .bind(article_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Removes a file from its article; returns it (its object is the
    /// caller's to delete), `None` when there was no such file.
    pub async fn remove_attachment(
        &self,
        article_id: i64,
        id: i64,
    ) -> Result<Option<AttachmentRecord>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "DELETE FROM article_attachment WHERE id = $1 AND article_id = $2 RETURNING {COLUMNS}"
        ))
        .bind(id)
        .bind(article_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let file = from_row(&row)?;
        sqlx::query("UPDATE article SET updated_at = $1 WHERE id = $2")
            .bind(now())
            .bind(article_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(file))
    }
}
