//! Documents of a space: folders, documents, versions, the trash, the space's
//! quota, and the text of PDFs for search. The bytes are kept elsewhere (the
//! object store); a version row exists only once its object is complete.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::db::Store;
use crate::jobs::enqueue_on;
use crate::search::{DOCUMENT, index_document_on, index_folder_documents_on, remove_on};
use crate::time::now;

/// Job that extracts the text of a version for search (payload: the
/// version id) and indexes its document again.
pub const EXTRACT_DOCUMENT_TEXT: &str = "extract_document_text";

/// Content types whose text is extracted for search (Markdown is recognised
/// as `text/plain`).
pub const EXTRACTABLE: &[&str] = &["application/pdf", "text/plain", "text/csv", "text/markdown"];

/// Whether the text of this content type is extracted for search.
pub fn is_extractable(content_type: &str) -> bool {
    EXTRACTABLE.contains(&content_type)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderRecord {
    pub id: i64,
    pub space_id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
}

/// A document with its current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: i64,
    pub space_id: i64,
    pub folder_id: Option<i64>,
    pub name: String,
    pub current_version_id: Option<i64>,
    pub updated_at: String,
    pub trashed_at: Option<String>,
    /// Of the current version.
    pub size: i64,
    pub content_type: String,
    pub versions: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    pub id: i64,
    pub document_id: i64,
    pub number: i64,
    pub object_key: String,
    pub size: i64,
    pub sha256: String,
    pub content_type: String,
    pub original_name: String,
    pub uploaded_by: Option<i64>,
    pub uploader_name: Option<String>,
    pub uploaded_at: String,
}

/// A complete object to record as a version.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub object_key: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub original_name: &'a str,
    pub uploaded_by: Option<i64>,
}

/// Why an upload could not be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The space's documents would exceed the quota.
    OverQuota,
    /// Another document in the folder has this name.
    NameTaken,
}

/// What search indexes for a document (engineer `search`): its name and the
/// text of its current version, when extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchableDocument {
    pub document_id: i64,
    pub space_id: i64,
    pub name: String,
    pub text: Option<String>,
    pub updated_at: String,
}

const DOCUMENT_COLUMNS: &str = "d.id AS id, d.space_id AS space_id, d.folder_id AS folder_id, \
     d.name AS name, d.current_version_id AS current_version_id, d.updated_at AS updated_at, \
     d.trashed_at AS trashed_at, v.size AS size, v.content_type AS content_type, \
     (SELECT COUNT(*) FROM document_version c WHERE c.document_id = d.id) AS versions";

fn document_from_row(row: &AnyRow) -> Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        folder_id: row.try_get("folder_id")?,
        name: row.try_get("name")?,
        current_version_id: row.try_get("current_version_id")?,
        updated_at: row.try_get("updated_at")?,
        trashed_at: row.try_get("trashed_at")?,
        size: row.try_get::<Option<i64>, _>("size")?.unwrap_or(0),
        content_type: row
            .try_get::<Option<String>, _>("content_type")?
            .unwrap_or_default(),
        versions: row.try_get("versions")?,
    })
}

const VERSION_COLUMNS: &str = "v.id AS id, v.document_id AS document_id, v.number AS number, \
     v.object_key AS object_key, v.size AS size, v.sha256 AS sha256, \
     v.content_type AS content_type, v.original_name AS original_name, \
     v.uploaded_by AS uploaded_by, p.display_name AS uploader_name, v.uploaded_at AS uploaded_at";

fn version_from_row(row: &AnyRow) -> Result<VersionRecord> {
    Ok(VersionRecord {
        id: row.try_get("id")?,
        document_id: row.try_get("document_id")?,
        number: row.try_get("number")?,
        object_key: row.try_get("object_key")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        content_type: row.try_get("content_type")?,
        original_name: row.try_get("original_name")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploader_name: row.try_get("uploader_name")?,
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

fn folder_from_row(row: &AnyRow) -> Result<FolderRecord> {
    Ok(FolderRecord {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        parent_id: row.try_get("parent_id")?,
        name: row.try_get("name")?,
    })
}

/// `column IS NULL` or `column = $n`: one SQL text per case, since a NULL
/// parameter has no type PostgreSQL could infer.
fn same(column: &str, value: Option<i64>, n: usize) -> String {
    match value {
        Some(_) => format!("{column} = ${n}"),
        None => format!("{column} IS NULL"),
    }
}

/// Bytes used by a space's documents (every version, trash included).
async fn used_on(conn: &mut sqlx::AnyConnection, space_id: i64) -> Result<i64> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(v.size), 0) AS BIGINT) AS used FROM document_version v \
         JOIN document d ON d.id = v.document_id WHERE d.space_id = $1",
    )
    .bind(space_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("used")?)
}

async fn name_taken_on(
    conn: &mut sqlx::AnyConnection,
    space_id: i64,
    folder_id: Option<i64>,
    name: &str,
    except: Option<i64>,
) -> Result<bool> {
    let sql = format!(
        "SELECT id FROM document WHERE space_id = $1 AND LOWER(name) = LOWER($2) \
         AND trashed_at IS NULL AND {}",
        same("folder_id", folder_id, 3)
    );
    let mut query = sqlx::query(&sql).bind(space_id).bind(name);
    if let Some(f) = folder_id {
        query = query.bind(f);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    Ok(rows
        .iter()
        .any(|r| r.try_get::<i64, _>("id").ok() != except))
}

async fn insert_version(
    conn: &mut sqlx::AnyConnection,
    document_id: i64,
    version: &NewVersion<'_>,
) -> Result<i64> {
    let stamp = now();
    let row = sqlx::query(
        "INSERT INTO document_version (document_id, number, object_key, size, sha256, \
         content_type, original_name, uploaded_by, uploaded_at) \
         VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM document_version WHERE document_id = $1), \
         $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(document_id)
    .bind(version.object_key)
    .bind(version.size)
    .bind(version.sha256)
    .bind(version.content_type)
    .bind(version.original_name)
    .bind(version.uploaded_by)
    .bind(&stamp)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    sqlx::query("UPDATE document SET current_version_id = $1, updated_at = $2 WHERE id = $3")
        .bind(id)
        .bind(&stamp)
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    if is_extractable(version.content_type) {
        enqueue_on(conn, EXTRACT_DOCUMENT_TEXT, &id.to_string()).await?;
    }
    // Found by its name at once; by its text once the job has run.
    index_document_on(conn, document_id).await?;
    Ok(id)
}

impl Store {
    /// Bytes used by a space's documents (every version, trash included).
    pub async fn documents_used_bytes(&self, space_id: i64) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        used_on(&mut conn, space_id).await
    }

    /// A folder of the space.
    pub async fn doc_folder(&self, space_id: i64, id: i64) -> Result<Option<FolderRecord>> {
        let row = sqlx::query(
            "SELECT id, space_id, parent_id, name FROM doc_folder WHERE id = $1 AND space_id = $2",
        )
        .bind(id)
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(folder_from_row).transpose()
    }

    /// Every folder of the space, by name.
    pub async fn doc_folders(&self, space_id: i64) -> Result<Vec<FolderRecord>> {
        let rows = sqlx::query(
            "SELECT id, space_id, parent_id, name FROM doc_folder WHERE space_id = $1 \
             ORDER BY LOWER(name), id",
        )
        .bind(space_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(folder_from_row).collect()
    }

    /// Whether a folder of that name already exists beside.
    pub async fn doc_folder_name_taken(
        &self,
        space_id: i64,
        parent_id: Option<i64>,
        name: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT id FROM doc_folder WHERE space_id = $1 AND LOWER(name) = LOWER($2) AND {}",
            same("parent_id", parent_id, 3)
        );
        let mut query = sqlx::query(&sql).bind(space_id).bind(name);
        if let Some(p) = parent_id {
            query = query.bind(p);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .any(|r| r.try_get::<i64, _>("id").ok() != except))
    }

    pub async fn create_doc_folder(
        &self,
        space_id: i64,
        parent_id: Option<i64>,
        name: &str,
        created_by: Option<i64>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO doc_folder (space_id, parent_id, name, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(space_id)
        .bind(parent_id)
        .bind(name)
        .bind(created_by)
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    pub async fn rename_doc_folder(&self, space_id: i64, id: i64, name: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE doc_folder SET name = $1 WHERE id = $2 AND space_id = $3")
            .bind(name)
            .bind(id)
            .bind(space_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() > 0 {
            // The folder path of every document below is indexed with it.
            index_folder_documents_on(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an empty folder (no subfolder, no document outside the trash);
    /// documents of it in the trash will be restored at the top. `false` when
    /// not empty.
    pub async fn delete_doc_folder(&self, space_id: i64, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let busy = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM doc_folder WHERE parent_id = $1) + \
             (SELECT COUNT(*) FROM document WHERE folder_id = $1 AND trashed_at IS NULL) AS n",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("n")?;
        if busy > 0 {
            return Ok(false);
        }
        sqlx::query("UPDATE document SET folder_id = NULL WHERE folder_id = $1 AND space_id = $2")
            .bind(id)
            .bind(space_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM doc_folder WHERE id = $1 AND space_id = $2")
            .bind(id)
            .bind(space_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Documents of a folder (the top when `None`), outside the trash, by name.
    pub async fn documents_in(
        &self,
        space_id: i64,
        folder_id: Option<i64>,
    ) -> Result<Vec<DocumentRecord>> {
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM document d \
             LEFT JOIN document_version v ON v.id = d.current_version_id \
             WHERE d.space_id = $1 AND d.trashed_at IS NULL AND {} ORDER BY LOWER(d.name), d.id",
            same("d.folder_id", folder_id, 2)
        );
        let mut query = sqlx::query(&sql).bind(space_id);
        if let Some(f) = folder_id {
            query = query.bind(f);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(document_from_row).collect()
    }

    /// Documents in the space's trash, most recently trashed first.
    pub async fn trashed_documents(&self, space_id: i64) -> Result<Vec<DocumentRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM document d \
             LEFT JOIN document_version v ON v.id = d.current_version_id \
             WHERE d.space_id = $1 AND d.trashed_at IS NOT NULL ORDER BY d.trashed_at DESC, d.id"
        ))
        .bind(space_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(document_from_row).collect()
    }

    /// A document of the space (in the trash or not).
    pub async fn document(&self, space_id: i64, id: i64) -> Result<Option<DocumentRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM document d \
             LEFT JOIN document_version v ON v.id = d.current_version_id \
             WHERE d.id = $1 AND d.space_id = $2"
        ))
        .bind(id)
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(document_from_row).transpose()
    }

    /// Whether another document outside the trash has this name in the folder.
    pub async fn document_name_taken(
        &self,
        space_id: i64,
        folder_id: Option<i64>,
        name: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        let mut conn = self.pool.acquire().await?;
        name_taken_on(&mut conn, space_id, folder_id, name, except).await
    }

    /// Every version of a document, newest first.
    pub async fn document_versions(&self, document_id: i64) -> Result<Vec<VersionRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM document_version v \
             LEFT JOIN person p ON p.id = v.uploaded_by \
             WHERE v.document_id = $1 ORDER BY v.number DESC"
        ))
        .bind(document_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// One version of a document.
    pub async fn document_version(
        &self,
        document_id: i64,
        version_id: i64,
    ) -> Result<Option<VersionRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM document_version v \
             LEFT JOIN person p ON p.id = v.uploaded_by \
             WHERE v.document_id = $1 AND v.id = $2"
        ))
        .bind(document_id)
        .bind(version_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    /// Records a new document and its first version, if the space's quota
    /// (`quota` bytes) and the folder's names allow. Returns the document id.
    pub async fn create_document(
        &self,
        space_id: i64,
        folder_id: Option<i64>,
        name: &str,
        version: &NewVersion<'_>,
        quota: i64,
    ) -> Result<Result<i64, Refusal>> {
        let mut tx = self.begin_write().await?;
        // TODO: on PostgreSQL two simultaneous uploads can both pass this check
        // and exceed the quota by one file; a per-space lock would close it.
        if used_on(&mut tx, space_id).await? + version.size > quota {
            return Ok(Err(Refusal::OverQuota));
        }
        if name_taken_on(&mut tx, space_id, folder_id, name, None).await? {
            return Ok(Err(Refusal::NameTaken));
        }
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO document (space_id, folder_id, name, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(space_id)
        .bind(folder_id)
        .bind(name)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        insert_version(&mut tx, id, version).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// Records a new version of a document, if the space's quota allows.
    pub async fn add_document_version(
        &self,
        space_id: i64,
        document_id: i64,
        version: &NewVersion<'_>,
        quota: i64,
    ) -> Result<Result<i64, Refusal>> {
        let mut tx = self.begin_write().await?;
        if used_on(&mut tx, space_id).await? + version.size > quota {
            return Ok(Err(Refusal::OverQuota));
        }
        let id = insert_version(&mut tx, document_id, version).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    pub async fn rename_document(&self, space_id: i64, id: i64, name: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE document SET name = $1, updated_at = $2 WHERE id = $3 AND space_id = $4",
        )
        .bind(name)
        .bind(now())
        .bind(id)
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            index_document_on(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn move_document(
        &self,
        space_id: i64,
        id: i64,
        folder_id: Option<i64>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE document SET folder_id = $1, updated_at = $2 WHERE id = $3 AND space_id = $4",
        )
        .bind(folder_id)
        .bind(now())
        .bind(id)
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            index_document_on(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Puts a document in the trash.
    pub async fn trash_document(&self, space_id: i64, id: i64, by: Option<i64>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE document SET trashed_at = $1, trashed_by = $2 \
             WHERE id = $3 AND space_id = $4 AND trashed_at IS NULL",
        )
        .bind(now())
        .bind(by)
        .bind(id)
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            // A document in the trash is found by nobody.
            remove_on(&mut tx, DOCUMENT, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes a document out of the trash, into its folder (or the top when
    /// the folder is gone); a name now taken there gets a number.
    pub async fn restore_document(&self, space_id: i64, id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(
            "SELECT name, folder_id FROM document WHERE id = $1 AND space_id = $2 \
             AND trashed_at IS NOT NULL",
        )
        .bind(id)
        .bind(space_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(());
        };
        let name: String = row.try_get("name")?;
        let folder_id: Option<i64> = row.try_get("folder_id")?;
        let mut candidate = name.clone();
        let mut n = 2;
        while name_taken_on(&mut tx, space_id, folder_id, &candidate, Some(id)).await? {
            candidate = numbered(&name, n);
            n += 1;
        }
        sqlx::query(
            "UPDATE document SET trashed_at = NULL, trashed_by = NULL, name = $1, updated_at = $2 \
             WHERE id = $3 AND space_id = $4",
        )
        .bind(&candidate)
        .bind(now())
        .bind(id)
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
        index_document_on(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the trashed documents of a space for good; returns the object
    /// keys of their versions, which the caller removes from the store.
    pub async fn empty_trash(&self, space_id: i64) -> Result<Vec<String>> {
        let mut tx = self.begin_write().await?;
        let keys: Vec<String> = sqlx::query(
            "SELECT v.object_key AS object_key FROM document_version v \
             JOIN document d ON d.id = v.document_id \
             WHERE d.space_id = $1 AND d.trashed_at IS NOT NULL",
        )
        .bind(space_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("object_key"))
        .collect::<Result<_, _>>()?;
        let trashed: Vec<i64> =
            sqlx::query("SELECT id FROM document WHERE space_id = $1 AND trashed_at IS NOT NULL")
                .bind(space_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, _>>()?;
        for id in trashed {
            // Out of the index since trashed; made sure of before they go.
            remove_on(&mut tx, DOCUMENT, id).await?;
        }
        sqlx::query(
            "DELETE FROM document_version WHERE document_id IN \
             (SELECT id FROM document WHERE space_id = $1 AND trashed_at IS NOT NULL)",
        )
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM document WHERE space_id = $1 AND trashed_at IS NOT NULL")
            .bind(space_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(keys)
    }

    /// Counts rows, for tests that check nothing was left half-written.
    pub async fn document_row_counts(&self) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM document) AS documents, \
             (SELECT COUNT(*) FROM document_version) AS versions",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get("documents")?, row.try_get("versions")?))
    }

    /// The version a text-extraction job is about: its object key and type,
    /// and whether its text was already extracted.
    pub async fn version_for_extraction(
        &self,
        version_id: i64,
    ) -> Result<Option<(String, String, bool)>> {
        let row = sqlx::query(
            "SELECT object_key, content_type, text_extracted_at FROM document_version WHERE id = $1",
        )
        .bind(version_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok((
                r.try_get("object_key")?,
                r.try_get("content_type")?,
                r.try_get::<Option<String>, _>("text_extracted_at")?
                    .is_some(),
            ))
        })
        .transpose()
    }

    /// Records a version's extracted text (once; running again changes
    /// nothing; an empty text records that it has none) and indexes its
    /// document again, in one transaction.
    pub async fn set_extracted_text(&self, version_id: i64, text: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE document_version SET extracted_text = $1, text_extracted_at = $2 \
             WHERE id = $3 AND text_extracted_at IS NULL",
        )
        .bind(text)
        .bind(now())
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
        index_version_document_on(&mut tx, version_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Indexes again the document a version belongs to (the extraction job
    /// does when it finds the text already extracted).
    pub async fn index_version_document(&self, version_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        index_version_document_on(&mut tx, version_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What search indexes for one document (outside the trash): its name and
    /// the extracted text of its current version. `None` for a trashed or
    /// missing document.
    pub async fn document_searchable_text(
        &self,
        document_id: i64,
    ) -> Result<Option<SearchableDocument>> {
        let row = sqlx::query(
            "SELECT d.id AS id, d.space_id AS space_id, d.name AS name, d.updated_at AS updated_at, \
             v.extracted_text AS extracted_text FROM document d \
             LEFT JOIN document_version v ON v.id = d.current_version_id \
             WHERE d.id = $1 AND d.trashed_at IS NULL",
        )
        .bind(document_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| searchable_from_row(&r)).transpose()
    }

    /// Every document outside the trash of a territory's spaces, for indexing.
    pub async fn searchable_documents(&self, territory_id: i64) -> Result<Vec<SearchableDocument>> {
        let rows = sqlx::query(
            "SELECT d.id AS id, d.space_id AS space_id, d.name AS name, d.updated_at AS updated_at, \
             v.extracted_text AS extracted_text FROM document d \
             JOIN space s ON s.id = d.space_id \
             LEFT JOIN document_version v ON v.id = d.current_version_id \
             WHERE s.territory_id = $1 AND d.trashed_at IS NULL ORDER BY d.id",
        )
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(searchable_from_row).collect()
    }
}

fn searchable_from_row(r: &AnyRow) -> Result<SearchableDocument> {
    Ok(SearchableDocument {
        document_id: r.try_get("id")?,
        space_id: r.try_get("space_id")?,
        name: r.try_get("name")?,
        text: r.try_get("extracted_text")?,
        updated_at: r.try_get("updated_at")?,
    })
}

async fn index_version_document_on(conn: &mut sqlx::AnyConnection, version_id: i64) -> Result<()> {
    let row = sqlx::query("SELECT document_id FROM document_version WHERE id = $1")
        .bind(version_id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = row {
        index_document_on(conn, row.try_get("document_id")?).await?;
    }
    Ok(())
}

/// `rapport.pdf` → `rapport (2).pdf`.
pub fn numbered(name: &str, n: i64) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn restored_names_get_a_number() {
        assert_eq!(super::numbered("rapport.pdf", 2), "rapport (2).pdf");
        assert_eq!(super::numbered("notes", 3), "notes (3)");
        assert_eq!(super::numbered(".profile", 2), ".profile (2)");
    }
}
