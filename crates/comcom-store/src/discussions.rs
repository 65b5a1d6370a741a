//! Discussions in a space: threads of Markdown posts (the first one opens
//! the thread, the others reply), edits that keep the earlier version, lock
//! and pin, and how far each person has read each thread.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::db::Store;
use crate::time::now;

/// A thread as its list shows it, for one reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRecord {
    pub id: i64,
    pub space_id: i64,
    pub author_id: Option<i64>,
    /// Empty when the person is gone.
    pub author_name: String,
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
    pub reply_count: i64,
    pub last_post_id: i64,
    pub last_post_at: String,
    pub created_at: String,
    /// Posts the reader has not seen (all of them for a thread never opened).
    pub unread: i64,
    /// Whether the reader never opened it.
    pub never_read: bool,
}

/// A post of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRecord {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub edited_by_name: Option<String>,
    /// Earlier versions kept.
    pub revisions: i64,
}

/// An earlier version of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRecord {
    pub id: i64,
    pub post_id: i64,
    pub body: String,
    pub title: Option<String>,
    pub written_by_name: String,
    pub written_at: String,
    pub replaced_at: String,
}

/// What replying gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyOutcome {
    Posted(i64),
    /// The thread is locked: nothing was written.
    Locked,
    /// No such thread.
    Missing,
}

const THREAD_COLUMNS: &str = "t.id AS id, t.space_id AS space_id, t.author_id AS author_id, \
     COALESCE(p.display_name, '') AS author_name, t.title AS title, t.pinned AS pinned, \
     t.locked AS locked, t.reply_count AS reply_count, t.last_post_id AS last_post_id, \
     t.last_post_at AS last_post_at, t.created_at AS created_at, \
     COALESCE(r.last_post_id, -1) AS read_up_to";

fn thread_from_row(row: &AnyRow, unread: i64) -> Result<ThreadRecord> {
    let pinned: i64 = row.try_get("pinned")?;
    let locked: i64 = row.try_get("locked")?;
    let read_up_to: i64 = row.try_get("read_up_to")?;
    Ok(ThreadRecord {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        title: row.try_get("title")?,
        pinned: pinned != 0,
        locked: locked != 0,
        reply_count: row.try_get("reply_count")?,
        last_post_id: row.try_get("last_post_id")?,
        last_post_at: row.try_get("last_post_at")?,
        created_at: row.try_get("created_at")?,
        unread,
        never_read: read_up_to < 0,
    })
}

const POST_COLUMNS: &str = "po.id AS id, po.thread_id AS thread_id, po.author_id AS author_id, \
     COALESCE(a.display_name, '') AS author_name, po.body AS body, po.created_at AS created_at, \
     po.edited_at AS edited_at, e.display_name AS edited_by_name, \
     (SELECT COUNT(*) FROM post_revision pr WHERE pr.post_id = po.id) AS revisions";
const POST_FROM: &str = "post po LEFT JOIN person a ON a.id = po.author_id \
     LEFT JOIN person e ON e.id = po.edited_by";

fn post_from_row(row: &AnyRow) -> Result<PostRecord> {
    Ok(PostRecord {
        id: row.try_get("id")?,
        thread_id: row.try_get("thread_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
        edited_at: row.try_get("edited_at")?,
        edited_by_name: row.try_get("edited_by_name")?,
        revisions: row.try_get("revisions")?,
    })
}

impl Store {
    /// Opens a thread with its first post; returns the thread's id and the post's.
    pub async fn create_thread(
        &self,
        space_id: i64,
        author_id: i64,
        title: &str,
        body: &str,
    ) -> Result<(i64, i64)> {
        let mut tx = self.begin_write().await?;
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO thread (space_id, author_id, title, last_post_at, created_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(space_id)
        .bind(author_id)
        .bind(title.trim())
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        let thread_id: i64 = row.try_get("id")?;
        let row = sqlx::query(
            "INSERT INTO post (thread_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(thread_id)
        .bind(author_id)
        .bind(body)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        let post_id: i64 = row.try_get("id")?;
        sqlx::query("UPDATE thread SET last_post_id = $1 WHERE id = $2")
            .bind(post_id)
            .bind(thread_id)
            .execute(&mut *tx)
            .await?;
        mark_read_on(&mut tx, author_id, thread_id, post_id).await?;
        crate::search::index_thread_on(&mut tx, thread_id).await?;
        tx.commit().await?;
        Ok((thread_id, post_id))
    }

    /// Replies in a thread unless it is locked.
    pub async fn reply(&self, thread_id: i64, author_id: i64, body: &str) -> Result<ReplyOutcome> {
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query("SELECT locked FROM thread WHERE id = $1")
            .bind(thread_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(ReplyOutcome::Missing);
        };
        let locked: i64 = row.try_get("locked")?;
        if locked != 0 {
            return Ok(ReplyOutcome::Locked);
        }
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO post (thread_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(thread_id)
        .bind(author_id)
        .bind(body)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        let post_id: i64 = row.try_get("id")?;
        // Locking in between wins: the reply is not written.
        let updated = sqlx::query(
            "UPDATE thread SET reply_count = reply_count + 1, last_post_id = $1, \
             last_post_at = $2 WHERE id = $3 AND locked = 0",
        )
        .bind(post_id)
        .bind(&stamp)
        .bind(thread_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Ok(ReplyOutcome::Locked);
        }
        mark_read_on(&mut tx, author_id, thread_id, post_id).await?;
        crate::search::index_thread_on(&mut tx, thread_id).await?;
        tx.commit().await?;
        Ok(ReplyOutcome::Posted(post_id))
    }

    /// The threads of a space for a reader: pinned first, then by latest post.
    pub async fn threads(&self, space_id: i64, reader: Option<i64>) -> Result<Vec<ThreadRecord>> {
        self.thread_page(space_id, reader, 0, i64::MAX).await
    }

    /// `limit` threads of a space from `offset`, in the list's order.
    pub async fn thread_page(
        &self,
        space_id: i64,
        reader: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ThreadRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {THREAD_COLUMNS}, \
             (SELECT COUNT(*) FROM post x WHERE x.thread_id = t.id \
              AND x.id > COALESCE(r.last_post_id, 0)) AS unread \
             FROM thread t LEFT JOIN person p ON p.id = t.author_id \
             LEFT JOIN thread_read r ON r.thread_id = t.id AND r.person_id = $2 \
             WHERE t.space_id = $1 ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC \
             LIMIT $3 OFFSET $4"
        ))
        .bind(space_id)
        .bind(reader.unwrap_or(-1))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let unread: i64 = if reader.is_some() {
                    row.try_get("unread")?
                } else {
                    0
                };
                thread_from_row(row, unread)
            })
            .collect()
    }

    /// One thread, with the reader's unread count.
    pub async fn thread(&self, id: i64, reader: Option<i64>) -> Result<Option<ThreadRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {THREAD_COLUMNS}, \
             (SELECT COUNT(*) FROM post x WHERE x.thread_id = t.id \
              AND x.id > COALESCE(r.last_post_id, 0)) AS unread \
             FROM thread t LEFT JOIN person p ON p.id = t.author_id \
             LEFT JOIN thread_read r ON r.thread_id = t.id AND r.person_id = $2 \
             WHERE t.id = $1"
        ))
        .bind(id)
        .bind(reader.unwrap_or(-1))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let unread: i64 = if reader.is_some() {
                row.try_get("unread")?
            } else {
                0
            };
            thread_from_row(&row, unread)
        })
        .transpose()
    }

    /// The last post a person has seen in a thread (`None`: never opened).
    pub async fn read_up_to(&self, person_id: i64, thread_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT last_post_id FROM thread_read WHERE person_id = $1 AND thread_id = $2",
        )
        .bind(person_id)
        .bind(thread_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(r.try_get("last_post_id")?)).transpose()
    }

    /// Records that a person has seen a thread up to a post (never backwards).
    pub async fn mark_thread_read(
        &self,
        person_id: i64,
        thread_id: i64,
        post_id: i64,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        mark_read_on(&mut conn, person_id, thread_id, post_id).await
    }

    /// The posts of a thread, in order.
    pub async fn posts(&self, thread_id: i64) -> Result<Vec<PostRecord>> {
        sqlx::query(&format!(
            "SELECT {POST_COLUMNS} FROM {POST_FROM} WHERE po.thread_id = $1 ORDER BY po.id"
        ))
        .bind(thread_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(post_from_row)
        .collect()
    }

    pub async fn post(&self, id: i64) -> Result<Option<PostRecord>> {
        sqlx::query(&format!(
            "SELECT {POST_COLUMNS} FROM {POST_FROM} WHERE po.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(post_from_row)
        .transpose()
    }

    /// The first post of a thread (the one that opened it).
    pub async fn opening_post_id(&self, thread_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT MIN(id) AS id FROM post WHERE thread_id = $1")
            .bind(thread_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("id")?)
    }

    /// Changes a post, keeping the earlier version (and the thread's earlier
    /// title, when `title` changes the opening post's thread). Nothing is
    /// kept when nothing changed; returns whether something did.
    pub async fn edit_post(
        &self,
        post_id: i64,
        editor_id: i64,
        body: &str,
        title: Option<&str>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(
            "SELECT po.body AS body, po.thread_id AS thread_id, po.created_at AS created_at, \
             po.edited_at AS edited_at, COALESCE(po.edited_by, po.author_id) AS written_by, \
             t.title AS title FROM post po JOIN thread t ON t.id = po.thread_id WHERE po.id = $1",
        )
        .bind(post_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(false);
        };
        let old_body: String = row.try_get("body")?;
        let old_title: String = row.try_get("title")?;
        let thread_id: i64 = row.try_get("thread_id")?;
        let created_at: String = row.try_get("created_at")?;
        let edited_at: Option<String> = row.try_get("edited_at")?;
        let written_by: Option<i64> = row.try_get("written_by")?;
        let new_title = title.map(str::trim).filter(|t| *t != old_title);
        if old_body == body && new_title.is_none() {
            return Ok(false);
        }
        let stamp = now();
        sqlx::query(
            "INSERT INTO post_revision (post_id, body, title, written_by, written_at, replaced_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(post_id)
        .bind(&old_body)
        .bind(title.map(|_| old_title.clone()))
        .bind(written_by)
        .bind(edited_at.unwrap_or(created_at))
        .bind(&stamp)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE post SET body = $1, edited_at = $2, edited_by = $3 WHERE id = $4")
            .bind(body)
            .bind(&stamp)
            .bind(editor_id)
            .bind(post_id)
            .execute(&mut *tx)
            .await?;
        if let Some(new_title) = new_title {
            sqlx::query("UPDATE thread SET title = $1 WHERE id = $2")
                .bind(new_title)
                .bind(thread_id)
                .execute(&mut *tx)
                .await?;
        }
        crate::search::index_thread_on(&mut tx, thread_id).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The earlier versions of a post, newest first.
    pub async fn post_revisions(&self, post_id: i64) -> Result<Vec<RevisionRecord>> {
        let rows = sqlx::query(
            "SELECT r.id AS id, r.post_id AS post_id, r.body AS body, r.title AS title, \
             COALESCE(p.display_name, '') AS written_by_name, r.written_at AS written_at, \
             r.replaced_at AS replaced_at FROM post_revision r \
             LEFT JOIN person p ON p.id = r.written_by WHERE r.post_id = $1 ORDER BY r.id DESC",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RevisionRecord {
                    id: row.try_get("id")?,
                    post_id: row.try_get("post_id")?,
                    body: row.try_get("body")?,
                    title: row.try_get("title")?,
                    written_by_name: row.try_get("written_by_name")?,
                    written_at: row.try_get("written_at")?,
                    replaced_at: row.try_get("replaced_at")?,
                })
            })
            .collect()
    }

    pub async fn set_thread_pinned(&self, thread_id: i64, pinned: bool) -> Result<()> {
        sqlx::query("UPDATE thread SET pinned = $1 WHERE id = $2")
            .bind(i64::from(pinned))
            .bind(thread_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn set_thread_locked(&self, thread_id: i64, locked: bool) -> Result<()> {
        sqlx::query("UPDATE thread SET locked = $1 WHERE id = $2")
            .bind(i64::from(locked))
            .bind(thread_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

async fn mark_read_on(
    conn: &mut sqlx::AnyConnection,
    person_id: i64,
    thread_id: i64,
    post_id: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO thread_read (person_id, thread_id, last_post_id) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id, thread_id) DO UPDATE SET last_post_id = excluded.last_post_id \
         WHERE thread_read.last_post_id < excluded.last_post_id",
    )
    .bind(person_id)
    .bind(thread_id)
    .bind(post_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
