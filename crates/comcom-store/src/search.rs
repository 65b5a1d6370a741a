//! Full-text search over everything a space holds, through our own inverted
//! index (`search_doc`, `search_text`, `search_posting`, `search_lexicon`): the same tables
//! and the same query text on SQLite and PostgreSQL. Terms come from
//! `comcom_core::search` (folded, stemmed French); which spaces a searcher
//! may read is decided by the permission core and passed in as a
//! [`SearchScope`].

use chrono::{DateTime, Utc};
use comcom_core::permissions::{Actor, SearchScope, SpaceFact, search_scope};
use comcom_core::search::{Query, terms};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::articles::ArticleStatus;
use crate::db::Store;
use crate::documents::{EXTRACT_DOCUMENT_TEXT, EXTRACTABLE};
use crate::time::{now, parse, stamp};

/// Kinds of indexed objects.
pub const ARTICLE: &str = "article";
pub const DOCUMENT: &str = "document";
pub const THREAD: &str = "thread";
pub const MEETING: &str = "meeting";
/// Every kind, in the order filters show them.
pub const KINDS: &[&str] = &[ARTICLE, DOCUMENT, THREAD, MEETING];

/// The job that rebuilds the whole index (`comcom search reindex` runs it
/// at once; `comcom seed` queues it).
pub const REINDEX_JOB: &str = "search-reindex";

/// Text kept for snippets, in characters.
const MAX_STORED_TEXT: usize = 20_000;
/// Text indexed, in characters (a long PDF is indexed up to here).
const MAX_INDEXED_TEXT: usize = 400_000;
/// Terms tried for the prefix of the last word of a query.
const MAX_PREFIX_TERMS: i64 = 40;
/// Rows per multi-row INSERT (three parameters each, below both engines' limits).
const ROWS_PER_INSERT: usize = 300;

/// What is indexed for one object. `path` is where a result links to.
#[derive(Debug, Clone)]
pub struct IndexEntry<'a> {
    pub kind: &'a str,
    pub object_id: i64,
    pub territory_id: i64,
    pub space_id: i64,
    pub title: &'a str,
    /// Plain text (no markup).
    pub text: &'a str,
    pub path: &'a str,
    /// Found only by those who may write in the space (a draft).
    pub writers_only: bool,
    /// Found by readers from this time on (scheduled news).
    pub visible_from: Option<DateTime<Utc>>,
    /// Results are sorted by this date, newest first.
    pub sort_at: DateTime<Utc>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: String,
    pub object_id: i64,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub title: String,
    /// The stored plain text, to cut a snippet from.
    pub text: String,
    pub path: String,
    pub sort_at: DateTime<Utc>,
}

/// A search: the parsed query, the scope the permission core gave, filters.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub territory_id: i64,
    pub query: &'a Query,
    pub scope: &'a SearchScope,
    pub kind: Option<&'a str>,
    pub space_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

fn truncate(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Integers written into SQL: only `i64`s, so nothing can be injected.
fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        // No space: an id no row has.
        return "-1".to_owned();
    }
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The smallest string greater than every string starting with `prefix`, for
/// an index range; `None` when the prefix is not plain ASCII.
fn prefix_end(prefix: &str) -> Option<String> {
    if !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut bytes = prefix.as_bytes().to_vec();
    let last = bytes.pop()?;
    bytes.push(last + 1);
    String::from_utf8(bytes).ok()
}

impl Store {
    /// The spaces of a territory a search by `actor` reads from, decided by
    /// the permission core from the same facts as every space page.
    pub async fn search_scope(&self, territory_id: i64, actor: &Actor) -> Result<SearchScope> {
        let memberships = match actor.person_id {
            Some(person_id) => self.memberships_of(person_id).await?,
            None => Vec::new(),
        };
        let facts: Vec<(i64, SpaceFact)> = self
            .spaces(territory_id)
            .await?
            .iter()
            .map(|space| {
                let membership = memberships
                    .iter()
                    .find(|(id, _)| *id == space.id)
                    .map(|(_, role)| *role);
                (
                    space.id,
                    SpaceFact {
                        territory_id: space.territory_id,
                        commune_id: space.commune_id,
                        kind: space.kind,
                        visibility: space.visibility,
                        membership,
                    },
                )
            })
            .collect();
        Ok(search_scope(actor, &facts))
    }

    /// Adds or replaces an object in the index.
    pub async fn index_object(&self, entry: &IndexEntry<'_>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        index_on(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes an object out of the index (nothing happens if it was not in).
    pub async fn remove_object(&self, kind: &str, object_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        remove_on(&mut tx, kind, object_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many objects the index holds, by kind.
    pub async fn indexed_count(&self, kind: &str) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM search_doc WHERE kind = $1")
            .bind(kind)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Indexes one document as it is now (its name, folders and the text
    /// of its current version), or takes it out if trashed or gone.
    pub async fn index_document(&self, document_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        index_document_on(&mut tx, document_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Postings of one indexed object (tests check re-indexing changes nothing).
    pub async fn posting_count(&self, kind: &str, object_id: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM search_posting p JOIN search_doc d ON d.id = p.doc_id \
             WHERE d.kind = $1 AND d.object_id = $2",
        )
        .bind(kind)
        .bind(object_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Indexes every article, discussion thread, document (outside the
    /// trash) and meeting again, 200 per transaction, and drops what is
    /// gone; queues the text extraction of current versions never
    /// extracted. Calls `progress` with the number done. Returns how many
    /// objects were indexed.
    pub async fn reindex_all(&self, mut progress: impl FnMut(usize)) -> Result<usize> {
        let mut done = 0;
        for (kind, table, live) in [
            (ARTICLE, "article", ""),
            (THREAD, "thread", ""),
            (DOCUMENT, "document", " AND trashed_at IS NULL"),
            (MEETING, "meeting", ""),
        ] {
            let mut after = 0_i64;
            loop {
                let ids: Vec<i64> = sqlx::query(&format!(
                    "SELECT id FROM {table} WHERE id > $1{live} ORDER BY id LIMIT 200"
                ))
                .bind(after)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, _>>()?;
                let Some(&last) = ids.last() else { break };
                let mut tx = self.begin_write().await?;
                for id in &ids {
                    match kind {
                        ARTICLE => index_article_on(&mut tx, *id).await?,
                        THREAD => index_thread_on(&mut tx, *id).await?,
                        DOCUMENT => index_document_on(&mut tx, *id).await?,
                        _ => index_meeting_on(&mut tx, *id).await?,
                    }
                }
                tx.commit().await?;
                done += ids.len();
                progress(done);
                after = last;
            }
            // Objects gone (or trashed) since they were indexed.
            for index_table in ["search_posting", "search_text"] {
                sqlx::query(&format!(
                    "DELETE FROM {index_table} WHERE doc_id IN (SELECT id FROM search_doc \
                     WHERE kind = $1 AND object_id NOT IN (SELECT id FROM {table} WHERE 1 = 1{live}))"
                ))
                .bind(kind)
                .execute(&self.pool)
                .await?;
            }
            sqlx::query(&format!(
                "DELETE FROM search_doc WHERE kind = $1 \
                 AND object_id NOT IN (SELECT id FROM {table} WHERE 1 = 1{live})"
            ))
            .bind(kind)
            .execute(&self.pool)
            .await?;
        }
        self.queue_missing_extractions().await?;
        Ok(done)
    }

    /// The results of a search, best first: documents holding every word of
    /// the query, those with more of them in the title first, then newest.
    /// Postings are read for the searcher's territory only (their key
    /// starts with it).
    pub async fn search(&self, req: &SearchRequest<'_>) -> Result<Vec<SearchHit>> {
        if req.query.is_empty() {
            return Ok(Vec::new());
        }
        // Each query word is a group of terms: its own, and for the last
        // word the terms its prefix opens.
        let mut groups: Vec<Vec<String>> = Vec::new();
        for word in &req.query.words {
            let mut group = vec![word.term.clone()];
            if let Some(prefix) = &word.prefix {
                for t in self.terms_with_prefix(prefix).await? {
                    if !group.contains(&t) {
                        group.push(t);
                    }
                }
            }
            groups.push(group);
        }
        let mut binds: Vec<String> = Vec::new();
        let placeholder = |value: &str, binds: &mut Vec<String>| {
            binds.push(value.to_owned());
            format!("${}", binds.len())
        };
        let mut all_terms: Vec<String> = Vec::new();
        let mut having = Vec::new();
        for group in &groups {
            let marks: Vec<String> = group.iter().map(|t| placeholder(t, &mut binds)).collect();
            all_terms.extend(marks.iter().cloned());
            having.push(format!(
                "MAX(CASE WHEN p.term IN ({}) THEN 1 ELSE 0 END) = 1",
                marks.join(", ")
            ));
        }
        let territory = req.territory_id;
        let now_mark = placeholder(&now(), &mut binds);
        let mut filters = String::new();
        if let Some(kind) = req.kind {
            filters.push_str(&format!(" AND d.kind = {}", placeholder(kind, &mut binds)));
        }
        if let Some(space_id) = req.space_id {
            filters.push_str(&format!(" AND d.space_id = {space_id}"));
        }
        // Content read under `ViewSpace` (with drafts for writers), and each
        // kind read under an action of its own in the spaces that allow it.
        let own_kinds: Vec<String> = req
            .scope
            .by_kind
            .iter()
            .map(|(kind, _)| format!("'{kind}'"))
            .collect();
        let mut allowed = format!(
            "((d.space_id IN ({readable}) AND d.writers_only = 0 \
               AND (d.visible_from IS NULL OR d.visible_from <= {now_mark})) \
              OR d.space_id IN ({writable})){others}",
            readable = id_list(&req.scope.readable),
            writable = id_list(&req.scope.writable),
            others = if own_kinds.is_empty() {
                String::new()
            } else {
                format!(" AND d.kind NOT IN ({})", own_kinds.join(", "))
            },
        );
        for (kind, spaces) in &req.scope.by_kind {
            allowed = format!(
                "({allowed}) OR (d.kind = '{kind}' AND d.space_id IN ({}))",
                id_list(spaces)
            );
        }
        let sql = format!(
            "SELECT d.id AS id FROM \
               (SELECT p.doc_id AS doc_id, SUM(p.in_title) AS title_hits FROM search_posting p \
                WHERE p.territory_id = {territory} AND p.term IN ({terms}) \
                GROUP BY p.doc_id HAVING {having}) m \
             JOIN search_doc d ON d.id = m.doc_id \
             WHERE d.territory_id = {territory} \
               AND ({allowed}){filters} \
             ORDER BY m.title_hits DESC, d.sort_at DESC, d.id DESC LIMIT {limit} OFFSET {offset}",
            terms = all_terms.join(", "),
            having = having.join(" AND "),
            limit = req.limit.clamp(0, 1000),
            offset = req.offset.clamp(0, 1_000_000),
        );
        let mut query = sqlx::query(&sql);
        for value in &binds {
            query = query.bind(value);
        }
        let ids: Vec<i64> = query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(&format!(
            "SELECT d.id AS id, d.kind AS kind, d.object_id AS object_id, d.space_id AS space_id, \
             s.slug AS space_slug, s.name AS space_name, d.title AS title, \
             COALESCE(t.body, '') AS body, d.path AS path, d.sort_at AS sort_at \
             FROM search_doc d JOIN space s ON s.id = d.space_id \
             LEFT JOIN search_text t ON t.doc_id = d.id WHERE d.id IN ({})",
            id_list(&ids)
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut hits: Vec<(i64, SearchHit)> =
            rows.iter().map(hit_from_row).collect::<Result<_>>()?;
        hits.sort_by_key(|(id, _)| ids.iter().position(|x| x == id));
        Ok(hits.into_iter().map(|(_, h)| h).collect())
    }

    /// Queues the text extraction of current versions whose text was never
    /// extracted (uploaded before their type was extractable, or whose job
    /// failed for good), unless one is already waiting.
    async fn queue_missing_extractions(&self) -> Result<()> {
        let types = EXTRACTABLE
            .iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = sqlx::query(&format!(
            "SELECT v.id AS id FROM document_version v \
             JOIN document d ON d.current_version_id = v.id \
             WHERE d.trashed_at IS NULL AND v.text_extracted_at IS NULL \
             AND v.content_type IN ({types}) \
             AND NOT EXISTS (SELECT 1 FROM job j WHERE j.kind = $1 \
                 AND j.payload = CAST(v.id AS TEXT) AND j.done_at IS NULL AND j.failed_at IS NULL)"
        ))
        .bind(EXTRACT_DOCUMENT_TEXT)
        .fetch_all(&self.pool)
        .await?;
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            self.enqueue(EXTRACT_DOCUMENT_TEXT, &id.to_string()).await?;
        }
        Ok(())
    }

    async fn terms_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        // The range lets the primary key answer; LIKE keeps the result exact
        // whatever the collation (terms hold no `%` or `_`).
        let end = prefix_end(prefix).unwrap_or_else(|| format!("{prefix}\u{10FFFF}"));
        let rows = sqlx::query(
            "SELECT term FROM search_lexicon WHERE term >= $1 AND term < $2 AND term LIKE $3 \
             ORDER BY term LIMIT $4",
        )
        .bind(prefix)
        .bind(end)
        .bind(format!("{prefix}%"))
        .bind(MAX_PREFIX_TERMS)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get("term")?))
            .collect::<Result<_>>()
    }
}

fn hit_from_row(row: &AnyRow) -> Result<(i64, SearchHit)> {
    Ok((
        row.try_get("id")?,
        SearchHit {
            kind: row.try_get("kind")?,
            object_id: row.try_get("object_id")?,
            space_id: row.try_get("space_id")?,
            space_slug: row.try_get("space_slug")?,
            space_name: row.try_get("space_name")?,
            title: row.try_get("title")?,
            text: row.try_get("body")?,
            path: row.try_get("path")?,
            sort_at: parse(&row.try_get::<String, _>("sort_at")?)?,
        },
    ))
}

/// Adds or replaces an object in the index inside an open transaction, so
/// that the index changes exactly when the object does.
pub async fn index_on(conn: &mut sqlx::AnyConnection, entry: &IndexEntry<'_>) -> Result<()> {
    let row = sqlx::query(
        "INSERT INTO search_doc (kind, object_id, territory_id, space_id, title, path, \
         writers_only, visible_from, sort_at, indexed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (kind, object_id) DO UPDATE SET territory_id = excluded.territory_id, \
         space_id = excluded.space_id, title = excluded.title, \
         path = excluded.path, writers_only = excluded.writers_only, \
         visible_from = excluded.visible_from, sort_at = excluded.sort_at, \
         indexed_at = excluded.indexed_at RETURNING id",
    )
    .bind(entry.kind)
    .bind(entry.object_id)
    .bind(entry.territory_id)
    .bind(entry.space_id)
    .bind(entry.title)
    .bind(entry.path)
    .bind(i64::from(entry.writers_only))
    .bind(entry.visible_from.map(stamp))
    .bind(stamp(entry.sort_at))
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    let doc_id: i64 = row.try_get("id")?;
    sqlx::query(
        "INSERT INTO search_text (doc_id, body) VALUES ($1, $2) \
         ON CONFLICT (doc_id) DO UPDATE SET body = excluded.body",
    )
    .bind(doc_id)
    .bind(truncate(entry.text, MAX_STORED_TEXT))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM search_posting WHERE doc_id = $1")
        .bind(doc_id)
        .execute(&mut *conn)
        .await?;

    let title_terms = terms(entry.title);
    let mut postings: Vec<(String, i64)> = title_terms.iter().map(|t| (t.clone(), 1)).collect();
    for t in terms(truncate(entry.text, MAX_INDEXED_TEXT)) {
        if !title_terms.contains(&t) {
            postings.push((t, 0));
        }
    }
    // The same order everywhere, so that two nodes indexing at once on
    // PostgreSQL take the lexicon's row locks in one order.
    postings.sort();
    for chunk in postings.chunks(ROWS_PER_INSERT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                format!(
                    "({}, ${}, ${}, ${})",
                    entry.territory_id,
                    3 * i + 1,
                    3 * i + 2,
                    3 * i + 3
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO search_posting (territory_id, term, doc_id, in_title) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (term, in_title) in chunk {
            query = query.bind(term.as_str()).bind(doc_id).bind(*in_title);
        }
        query.execute(&mut *conn).await?;

        let values: Vec<String> = (0..chunk.len()).map(|i| format!("(${})", i + 1)).collect();
        let sql = format!(
            "INSERT INTO search_lexicon (term) VALUES {} ON CONFLICT (term) DO NOTHING",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (term, _) in chunk {
            query = query.bind(term.as_str());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Takes an object out of the index inside an open transaction.
pub async fn remove_on(conn: &mut sqlx::AnyConnection, kind: &str, object_id: i64) -> Result<()> {
    for table in ["search_posting", "search_text"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE doc_id IN \
             (SELECT id FROM search_doc WHERE kind = $1 AND object_id = $2)"
        ))
        .bind(kind)
        .bind(object_id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM search_doc WHERE kind = $1 AND object_id = $2")
        .bind(kind)
        .bind(object_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Indexes one article as it is now (or takes it out if it is gone).
pub(crate) async fn index_article_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<()> {
    let row = sqlx::query(
        "SELECT a.territory_id AS territory_id, a.space_id AS space_id, s.slug AS space_slug, \
         a.title AS title, a.body AS body, a.status AS status, a.publish_at AS publish_at, \
         a.updated_at AS updated_at \
         FROM article a JOIN space s ON s.id = a.space_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return remove_on(conn, ARTICLE, id).await;
    };
    let status: String = row.try_get("status")?;
    let publish_at: Option<String> = row.try_get("publish_at")?;
    let publish_at = publish_at.as_deref().map(parse).transpose()?;
    let updated_at = parse(&row.try_get::<String, _>("updated_at")?)?;
    let draft = ArticleStatus::from_code(&status) != Some(ArticleStatus::Published);
    let space_slug: String = row.try_get("space_slug")?;
    let title: String = row.try_get("title")?;
    let body: String = row.try_get("body")?;
    let text = comcom_markdown::to_text(&body);
    let path = format!("/espaces/{space_slug}/actualites/{id}");
    index_on(
        conn,
        &IndexEntry {
            kind: ARTICLE,
            object_id: id,
            territory_id: row.try_get("territory_id")?,
            space_id: row.try_get("space_id")?,
            title: &title,
            text: &text,
            path: &path,
            writers_only: draft,
            visible_from: if draft { None } else { publish_at },
            sort_at: publish_at.unwrap_or(updated_at),
        },
    )
    .await
}

/// Indexes one discussion thread (its title, and every post as plain text)
/// as it is now, or takes it out if it is gone.
pub(crate) async fn index_thread_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<()> {
    let row = sqlx::query(
        "SELECT t.title AS title, t.space_id AS space_id, s.territory_id AS territory_id, \
         s.slug AS space_slug, t.last_post_at AS last_post_at \
         FROM thread t JOIN space s ON s.id = t.space_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return remove_on(conn, THREAD, id).await;
    };
    let posts = sqlx::query("SELECT body FROM post WHERE thread_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let mut text = String::new();
    for post in &posts {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&comcom_markdown::to_text(
            &post.try_get::<String, _>("body")?,
        ));
        if text.len() > MAX_INDEXED_TEXT * 4 {
            break;
        }
    }
    let title: String = row.try_get("title")?;
    let space_slug: String = row.try_get("space_slug")?;
    let path = format!("/espaces/{space_slug}/discussions/{id}");
    index_on(
        conn,
        &IndexEntry {
            kind: THREAD,
            object_id: id,
            territory_id: row.try_get("territory_id")?,
            space_id: row.try_get("space_id")?,
            title: &title,
            text: &text,
            path: &path,
            writers_only: false,
            visible_from: None,
            sort_at: parse(&row.try_get::<String, _>("last_post_at")?)?,
        },
    )
    .await
}

/// Folders above a document, from the top, joined with « / ».
async fn folder_path_on(conn: &mut sqlx::AnyConnection, folder_id: Option<i64>) -> Result<String> {
    let mut names = Vec::new();
    let mut next = folder_id;
    // Folders form a tree; the bound only guards against a corrupt cycle.
    while let Some(id) = next {
        if names.len() >= 64 {
            break;
        }
        let Some(row) = sqlx::query("SELECT name, parent_id FROM doc_folder WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        else {
            break;
        };
        names.push(row.try_get::<String, _>("name")?);
        next = row.try_get("parent_id")?;
    }
    names.reverse();
    Ok(names.join(" / "))
}

/// Indexes one document as it is now: its name as the title, its folders
/// and the extracted text of its current version as the text. A document
/// in the trash or gone is taken out.
pub(crate) async fn index_document_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<()> {
    let row = sqlx::query(
        "SELECT d.name AS name, d.space_id AS space_id, d.folder_id AS folder_id, \
         d.trashed_at AS trashed_at, d.updated_at AS updated_at, s.territory_id AS territory_id, \
         s.slug AS space_slug, v.extracted_text AS extracted_text \
         FROM document d JOIN space s ON s.id = d.space_id \
         LEFT JOIN document_version v ON v.id = d.current_version_id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return remove_on(conn, DOCUMENT, id).await;
    };
    if row.try_get::<Option<String>, _>("trashed_at")?.is_some() {
        return remove_on(conn, DOCUMENT, id).await;
    }
    let folders = folder_path_on(conn, row.try_get("folder_id")?).await?;
    let extracted: Option<String> = row.try_get("extracted_text")?;
    let mut text = folders;
    if let Some(extracted) = extracted.as_deref().filter(|t| !t.trim().is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(truncate(extracted, MAX_INDEXED_TEXT));
    }
    let name: String = row.try_get("name")?;
    let space_slug: String = row.try_get("space_slug")?;
    let path = format!("/espaces/{space_slug}/documents/{id}");
    index_on(
        conn,
        &IndexEntry {
            kind: DOCUMENT,
            object_id: id,
            territory_id: row.try_get("territory_id")?,
            space_id: row.try_get("space_id")?,
            title: &name,
            text: &text,
            path: &path,
            writers_only: false,
            visible_from: None,
            sort_at: parse(&row.try_get::<String, _>("updated_at")?)?,
        },
    )
    .await
}

/// Indexes every document of a folder and of the folders below it (their
/// folder path changed).
pub(crate) async fn index_folder_documents_on(
    conn: &mut sqlx::AnyConnection,
    folder_id: i64,
) -> Result<()> {
    let mut folders = vec![folder_id];
    let mut i = 0;
    while i < folders.len() && folders.len() < 10_000 {
        let children = sqlx::query("SELECT id FROM doc_folder WHERE parent_id = $1")
            .bind(folders[i])
            .fetch_all(&mut *conn)
            .await?;
        for child in &children {
            let child: i64 = child.try_get("id")?;
            if !folders.contains(&child) {
                folders.push(child);
            }
        }
        i += 1;
    }
    for chunk in folders.chunks(500) {
        let ids: Vec<i64> = sqlx::query(&format!(
            "SELECT id FROM document WHERE folder_id IN ({}) AND trashed_at IS NULL",
            id_list(chunk)
        ))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
        for id in ids {
            index_document_on(conn, id).await?;
        }
    }
    Ok(())
}

/// Indexes one meeting as it is now (title; place, agenda and minutes as
/// text), or takes it out if it is gone.
pub(crate) async fn index_meeting_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<()> {
    let row = sqlx::query(
        "SELECT m.title AS title, m.agenda AS agenda, m.place AS place, m.minutes AS minutes, \
         m.starts_at AS starts_at, m.space_id AS space_id, s.territory_id AS territory_id \
         FROM meeting m JOIN space s ON s.id = m.space_id WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return remove_on(conn, MEETING, id).await;
    };
    let mut text = String::new();
    for (column, markdown) in [("place", false), ("agenda", true), ("minutes", true)] {
        let value: String = row.try_get(column)?;
        let value = if markdown {
            comcom_markdown::to_text(&value)
        } else {
            value
        };
        if value.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(value.trim());
    }
    let title: String = row.try_get("title")?;
    let path = format!("/reunions/{id}");
    index_on(
        conn,
        &IndexEntry {
            kind: MEETING,
            object_id: id,
            territory_id: row.try_get("territory_id")?,
            space_id: row.try_get("space_id")?,
            title: &title,
            text: &text,
            path: &path,
            writers_only: false,
            visible_from: None,
            sort_at: parse(&row.try_get::<String, _>("starts_at")?)?,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ranges_end_after_every_longer_term() {
        assert_eq!(prefix_end("assaini").as_deref(), Some("assainj"));
        assert_eq!(prefix_end("a9").as_deref(), Some("a:"));
        assert_eq!(prefix_end("ελ"), None);
        assert_eq!(truncate("réunion", 3), "réu");
        assert_eq!(id_list(&[]), "-1");
        assert_eq!(id_list(&[3, 4]), "3, 4");
    }
}
