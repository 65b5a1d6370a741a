//! Documents attached to a meeting: links to documents of the meeting's
//! space (the files stay in the space's documents, with their versions and
//! permissions), one of which may be marked as the meeting's minutes.

use sqlx::Row;

use crate::Result;
use crate::db::Store;
use crate::time::now;

/// A document attached to a meeting, outside the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDocument {
    pub document_id: i64,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    pub is_minutes: bool,
}

/// Links a document to a meeting within one transaction.
pub(crate) async fn attach_on(
    conn: &mut sqlx::AnyConnection,
    meeting_id: i64,
    document_id: i64,
    by: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO meeting_document (meeting_id, document_id, attached_by, attached_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (meeting_id, document_id) DO NOTHING",
    )
    .bind(meeting_id)
    .bind(document_id)
    .bind(by)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Attaches a document (of the meeting's space: the caller checks) to a
    /// meeting; attaching it again changes nothing.
    pub async fn attach_meeting_document(
        &self,
        meeting_id: i64,
        document_id: i64,
        by: Option<i64>,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        attach_on(&mut conn, meeting_id, document_id, by).await
    }

    /// Detaches a document from a meeting (the document stays in the space).
    pub async fn detach_meeting_document(&self, meeting_id: i64, document_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM meeting_document WHERE meeting_id = $1 AND document_id = $2")
            .bind(meeting_id)
            .bind(document_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Marks an attached document as the meeting's minutes (`true`) — the
    /// one before, if any, stops being — or unmarks it (`false`).
    pub async fn mark_meeting_minutes_document(
        &self,
        meeting_id: i64,
        document_id: i64,
        minutes: bool,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE meeting_document SET is_minutes = 0 WHERE meeting_id = $1 AND is_minutes = 1",
        )
        .bind(meeting_id)
        .execute(&mut *tx)
        .await?;
        if minutes {
            sqlx::query(
                "UPDATE meeting_document SET is_minutes = 1 \
                 WHERE meeting_id = $1 AND document_id = $2",
            )
            .bind(meeting_id)
            .bind(document_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A meeting's attached documents outside the trash: the minutes first,
    /// then by name.
    pub async fn meeting_documents(&self, meeting_id: i64) -> Result<Vec<MeetingDocument>> {
        let rows = sqlx::query(
            "SELECT d.id AS id, d.name AS name, v.size AS size, v.content_type AS content_type, \
             md.is_minutes AS is_minutes FROM meeting_document md \
             JOIN document d ON d.id = md.document_id \
             LEFT JOIN document_version v ON v.id = d.current_version_id \
             WHERE md.meeting_id = $1 AND d.trashed_at IS NULL \
             ORDER BY md.is_minutes DESC, LOWER(d.name), d.id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MeetingDocument {
                    document_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    size: r.try_get::<Option<i64>, _>("size")?.unwrap_or(0),
                    content_type: r
                        .try_get::<Option<String>, _>("content_type")?
                        .unwrap_or_default(),
                    is_minutes: r.try_get::<i64, _>("is_minutes")? != 0,
                })
            })
            .collect()
    }

    /// Every document of a space outside the trash, by name (to choose one
    /// to attach): (id, name).
    pub async fn space_document_choices(&self, space_id: i64) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT id, name FROM document WHERE space_id = $1 AND trashed_at IS NULL \
             ORDER BY LOWER(name), id",
        )
        .bind(space_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
            .collect()
    }
}
