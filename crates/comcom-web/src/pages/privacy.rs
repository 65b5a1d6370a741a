//! Personal data: a person downloads everything comcom holds about them
//! (a ZIP of JSON files and their articles' images, streamed), asks for
//! their data to be deleted, and administrators carry deletions out.
//!
//! The export is a registry of sections ([`SECTIONS`]): to add what your
//! capability holds about a person, add one `Section::Rows` (a query with
//! `$1` the person's id, selecting no secret) or one `Section::Custom`
//! (a function writing files of its own, such as uploaded documents).

use std::future::Future;
use std::pin::Pin;

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use comcom_core::permissions::Action;
use comcom_i18n::Arg;
use comcom_store::audit::{AuditInput, kind};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors};
use crate::pages::{PageCtx, see_other};
use crate::zip::{ZipError, ZipSink};
use crate::{AppState, WebError};

/// What can stop an export half-way.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] comcom_store::StoreError),
    #[error(transparent)]
    Zip(#[from] ZipError),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("file storage: {0}")]
    Files(String),
}

/// A section writing files of its own (it may reach any part of the
/// application through the state, such as the file store).
pub type SectionWriter =
    for<'a> fn(
        &'a AppState,
        i64,
        &'a mut ZipSink,
    ) -> Pin<Box<dyn Future<Output = Result<(), ExportError>> + Send + 'a>>;

/// One part of the export.
pub enum Section {
    /// `file` holds the rows of `sql` (with `$1` the person's id) as a JSON
    /// array. Select no secret (no password or token hash).
    Rows {
        file: &'static str,
        sql: &'static str,
    },
    /// Anything else (files).
    Custom {
        name: &'static str,
        write: SectionWriter,
    },
}

/// Everything comcom holds about a person.
pub const SECTIONS: &[Section] = &[
    Section::Rows {
        file: "person.json",
        sql: "SELECT id, territory_id, surname, given_name, display_name, sex, email, phone, \
              locale, organisation, created_at, updated_at FROM person WHERE id = $1",
    },
    Section::Rows {
        file: "mandates.json",
        sql: "SELECT m.id, t.name AS territory, c.name AS commune, m.role, m.function, \
              m.function_rank, m.function_label, m.organisation, m.source, m.start_date, \
              m.end_date FROM mandate m JOIN territory t ON t.id = m.territory_id \
              LEFT JOIN commune c ON c.id = m.commune_id WHERE m.person_id = $1 \
              ORDER BY m.start_date, m.id",
    },
    Section::Rows {
        file: "memberships.json",
        sql: "SELECT s.name AS space, s.slug, m.role, m.created_at AS since FROM membership m \
              JOIN space s ON s.id = m.space_id WHERE m.person_id = $1 ORDER BY s.name",
    },
    Section::Rows {
        file: "space_invitations.json",
        sql: "SELECT s.name AS space, i.role, i.status, b.display_name AS invited_by, \
              i.created_at, i.expires_at, i.answered_at FROM space_invitation i \
              JOIN space s ON s.id = i.space_id LEFT JOIN person b ON b.id = i.invited_by \
              WHERE i.person_id = $1 ORDER BY i.id",
    },
    Section::Rows {
        file: "email_links.json",
        sql: "SELECT purpose, created_at, expires_at, used_at FROM one_time_token \
              WHERE person_id = $1 ORDER BY id",
    },
    Section::Rows {
        file: "sessions.json",
        sql: "SELECT created_at, expires_at FROM web_session WHERE person_id = $1 \
              ORDER BY created_at",
    },
    Section::Rows {
        file: "api_tokens.json",
        sql: "SELECT name, scope, created_at, last_used_at, revoked_at FROM api_token \
              WHERE person_id = $1 ORDER BY id",
    },
    Section::Rows {
        file: "admin_grants.json",
        sql: "SELECT t.name AS territory, g.created_at FROM admin_grant g \
              LEFT JOIN territory t ON t.id = g.territory_id WHERE g.person_id = $1",
    },
    Section::Rows {
        file: "commune_agent.json",
        sql: "SELECT c.name AS commune, a.created_at FROM commune_agent a \
              JOIN commune c ON c.id = a.commune_id WHERE a.person_id = $1",
    },
    Section::Rows {
        file: "deletion_requests.json",
        sql: "SELECT status, requested_at, done_at FROM deletion_request \
              WHERE person_id = $1 ORDER BY id",
    },
    Section::Rows {
        file: "audit_events.json",
        sql: "SELECT at, kind, actor_id, target_person_id, space_id, commune_id, detail \
              FROM audit_event WHERE actor_id = $1 OR target_person_id = $1 ORDER BY id",
    },
    Section::Rows {
        file: "notifications.json",
        sql: "SELECT n.id, s.name AS space, e.kind, e.title, e.path, n.mention, n.delivery, \
              n.read_at, n.emailed_at, n.created_at FROM notification n \
              JOIN space_event e ON e.id = n.event_id JOIN space s ON s.id = e.space_id \
              WHERE n.person_id = $1 ORDER BY n.id",
    },
    Section::Rows {
        file: "notification_preferences.json",
        sql: "SELECT s.name AS space, p.delivery, p.updated_at FROM notification_preference p \
              JOIN space s ON s.id = p.space_id WHERE p.person_id = $1",
    },
    Section::Rows {
        file: "threads.json",
        sql: "SELECT t.id, s.name AS space, t.title, t.created_at FROM thread t \
              JOIN space s ON s.id = t.space_id WHERE t.author_id = $1 ORDER BY t.id",
    },
    Section::Rows {
        file: "posts.json",
        sql: "SELECT p.id, p.thread_id, t.title AS thread, p.body, p.created_at, p.edited_at \
              FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.author_id = $1 \
              ORDER BY p.id",
    },
    Section::Rows {
        file: "post_revisions.json",
        sql: "SELECT post_id, title, body, written_at, replaced_at FROM post_revision \
              WHERE written_by = $1 ORDER BY id",
    },
    Section::Rows {
        file: "letters_received.json",
        sql: "SELECT l.subject, d.address, d.state, d.sent_at FROM letter_delivery d \
              JOIN letter l ON l.id = d.letter_id WHERE d.person_id = $1 ORDER BY d.id",
    },
    Section::Rows {
        file: "letters_written.json",
        sql: "SELECT id, subject, body, status, audience, scheduled_at, sent_at, created_at \
              FROM letter WHERE created_by = $1 ORDER BY id",
    },
    Section::Rows {
        file: "letter_unsubscriptions.json",
        sql: "SELECT t.name AS territory, u.address, u.created_at FROM letter_unsubscription u \
              JOIN territory t ON t.id = u.territory_id WHERE u.person_id = $1",
    },
    Section::Rows {
        file: "letter_editor.json",
        sql: "SELECT t.name AS territory, e.created_at FROM letter_editor e \
              JOIN territory t ON t.id = e.territory_id WHERE e.person_id = $1",
    },
    Section::Rows {
        file: "meetings_organised.json",
        sql: "SELECT m.id, s.name AS space, m.title, m.agenda, m.starts_at, m.ends_at, m.place, \
              m.status, m.minutes, m.created_at FROM meeting m JOIN space s ON s.id = m.space_id \
              WHERE m.organizer_id = $1 ORDER BY m.id",
    },
    Section::Rows {
        file: "meeting_answers.json",
        sql: "SELECT m.title, s.name AS space, m.starts_at, i.answer, p.display_name AS proxy, \
              i.answered_at FROM meeting_invitee i JOIN meeting m ON m.id = i.meeting_id \
              JOIN space s ON s.id = m.space_id LEFT JOIN person p ON p.id = i.proxy_id \
              WHERE i.person_id = $1 ORDER BY m.starts_at",
    },
    Section::Rows {
        file: "calendar_feeds.json",
        sql: "SELECT s.name AS space, f.created_at, f.revoked_at FROM calendar_feed f \
              LEFT JOIN space s ON s.id = f.space_id WHERE f.person_id = $1 ORDER BY f.id",
    },
    Section::Custom {
        name: "articles",
        write: articles,
    },
    Section::Custom {
        name: "documents",
        write: documents,
    },
];

/// Where a version's file goes in the archive: `documents/<document>/v<n>/<name>`.
fn document_entry(document_id: i64, number: i64, name: &str) -> String {
    // Names were cleaned at upload (no slash, no `..`); a very long one in
    // bytes is shortened to stay within the archive's limits.
    let name = if name.len() > 300 || name.is_empty() {
        "fichier"
    } else {
        name
    };
    format!("documents/{document_id}/v{number}/{name}")
}

/// `documents.json` (every version of a document the person uploaded,
/// current or earlier, trash included) and each file under `documents/`,
/// streamed from the object store piece by piece: memory does not grow with
/// a file's size.
fn documents<'a>(
    state: &'a AppState,
    person_id: i64,
    sink: &'a mut ZipSink,
) -> Pin<Box<dyn Future<Output = Result<(), ExportError>> + Send + 'a>> {
    Box::pin(async move {
        use futures_util::StreamExt;

        let rows = state
            .store
            .export_rows(
                "SELECT v.id AS version_id, v.document_id, s.name AS space, d.name AS document, \
                 v.number AS version, CASE WHEN d.current_version_id = v.id THEN 1 ELSE 0 END \
                 AS is_current, v.original_name, v.content_type, v.size, v.sha256, v.uploaded_at, \
                 d.trashed_at, v.object_key FROM document_version v \
                 JOIN document d ON d.id = v.document_id JOIN space s ON s.id = d.space_id \
                 WHERE v.uploaded_by = $1 ORDER BY v.document_id, v.number",
                person_id,
            )
            .await?;
        let mut listed = Vec::with_capacity(rows.len());
        let mut files = Vec::with_capacity(rows.len());
        for mut row in rows {
            let field = |name: &str| row.get(name).cloned().unwrap_or_default();
            let document_id = field("document_id").as_i64().unwrap_or(0);
            let number = field("version").as_i64().unwrap_or(0);
            let name = field("original_name").as_str().unwrap_or("").to_owned();
            let key = field("object_key").as_str().unwrap_or("").to_owned();
            let entry = document_entry(document_id, number, &name);
            if let Some(map) = row.as_object_mut() {
                // The storage key is comcom's, not the person's data.
                map.remove("object_key");
                map.insert("file".to_owned(), entry.clone().into());
            }
            listed.push(row);
            files.push((entry, key));
        }
        sink.file("documents.json", &serde_json::to_vec_pretty(&listed)?)
            .await?;
        for (entry, key) in files {
            let mut stream = match state.files.read(&key).await {
                Ok((_, stream)) => stream,
                Err(error) => {
                    // TODO: note in the archive itself (not only in the log)
                    // that a file listed in documents.json is missing from storage.
                    tracing::error!(%error, key, "a document's object is missing from the export");
                    continue;
                }
            };
            sink.start_file(&entry).await?;
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| ExportError::Files(e.to_string()))?;
                sink.write(&chunk).await?;
            }
            sink.end_file().await?;
        }
        Ok(())
    })
}

/// `articles.json` and each article's image under `articles/`.
fn articles<'a>(
    state: &'a AppState,
    person_id: i64,
    sink: &'a mut ZipSink,
) -> Pin<Box<dyn Future<Output = Result<(), ExportError>> + Send + 'a>> {
    Box::pin(async move {
        let store = &state.store;
        let rows = store
            .export_rows(
                "SELECT a.id, s.name AS space, a.title, a.slug, a.body, a.status, a.publish_at, \
                 a.image_type, a.image_alt, a.created_at, a.updated_at FROM article a \
                 JOIN space s ON s.id = a.space_id WHERE a.author_id = $1 ORDER BY a.id",
                person_id,
            )
            .await?;
        sink.file("articles.json", &serde_json::to_vec_pretty(&rows)?)
            .await?;
        // One image in memory at a time.
        for id in store.authored_article_ids(person_id).await? {
            if let Some(image) = store.article_image(id).await? {
                let ext = match image.content_type.as_str() {
                    "image/png" => "png",
                    "image/webp" => "webp",
                    "image/gif" => "gif",
                    _ => "jpg",
                };
                // Streamed in pieces, as a large file would be.
                sink.start_file(&format!("articles/{id}.{ext}")).await?;
                for chunk in image.bytes.chunks(64 * 1024) {
                    sink.write(chunk).await?;
                }
                sink.end_file().await?;
            }
        }
        Ok(())
    })
}

/// Writes the whole export into `sink`.
async fn write_export(
    state: &AppState,
    person_id: i64,
    readme: String,
    sink: &mut ZipSink,
) -> Result<(), ExportError> {
    let store = &state.store;
    sink.file("LISEZMOI.txt", readme.as_bytes()).await?;
    for section in SECTIONS {
        match section {
            Section::Rows { file, sql } => {
                let rows = store.export_rows(sql, person_id).await?;
                sink.file(file, &serde_json::to_vec_pretty(&rows)?).await?;
            }
            Section::Custom { name, write } => {
                tracing::debug!(section = name, "exporting");
                write(state, person_id, sink).await?
            }
        }
    }
    Ok(())
}

/// `GET /profil/donnees/export.zip`: the ZIP, streamed as it is written.
pub async fn export(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    let actor = ctx.audit_actor();
    ctx.state
        .store
        .audit(&AuditInput {
            territory_id: Some(ctx.territory_id()),
            target_person_id: Some(person_id),
            ..AuditInput::new(kind::DATA_EXPORTED, &actor)
        })
        .await?;
    let readme = ctx.tt(
        "mydata-export-readme",
        &[(
            "date",
            Arg::from(comcom_i18n::format_date(
                ctx.locale,
                chrono::Utc::now().date_naive(),
            )),
        )],
    );
    let (tx, rx) = mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(8);
    let state = ctx.state.clone();
    let abort = tx.clone();
    tokio::spawn(async move {
        let mut sink = ZipSink::new(tx);
        let outcome = match write_export(&state, person_id, readme, &mut sink).await {
            Ok(()) => sink.finish().await.map_err(ExportError::from),
            Err(e) => Err(e),
        };
        if let Err(error) = outcome {
            tracing::warn!(person.id = person_id, %error, "personal data export stopped");
            // The client sees a cut connection, not a complete-looking archive.
            let _ = abort
                .send(Err(std::io::Error::other(error.to_string())))
                .await;
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let mut response = axum::body::Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"comcom-donnees-{person_id}.zip\""
        ))
        .map_err(|e| WebError::Internal(e.to_string()))?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

// ----- the person's page

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    chrome: Chrome,
    notice: Option<String>,
    errors: FormErrors,
    pending_since: Option<String>,
    elected: bool,
    intro: String,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    fait: Option<String>,
}

async fn privacy_page(
    ctx: &PageCtx,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let person_id = ctx.person_id()?;
    let store = &ctx.state.store;
    let pending = store.pending_deletion_request(person_id).await?;
    let elected = store
        .current_mandates_of_person(person_id)
        .await?
        .iter()
        .any(|m| m.source == "rne");
    let time_zone = &ctx.site.territory.time_zone;
    let invalid = !errors.is_empty();
    let page = PrivacyPage {
        chrome: ctx.chrome(&ctx.t("mydata-title"), Nav::Profile),
        notice,
        errors,
        pending_since: pending.map(|r| {
            comcom_store::time::parse(&r.requested_at)
                .map(|t| crate::clock::show(ctx.locale, time_zone, t))
                .unwrap_or(r.requested_at)
        }),
        elected,
        intro: ctx.tt("mydata-intro", &[]),
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /profil/donnees`
pub async fn page(ctx: PageCtx, Query(q): Query<DoneQuery>) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let notice = match q.fait.as_deref() {
        Some("demande") => Some(ctx.t("mydata-requested")),
        Some("annulation") => Some(ctx.t("mydata-request-cancelled")),
        _ => None,
    };
    privacy_page(&ctx, notice, FormErrors::default()).await
}

/// `POST /profil/donnees/suppression`: asks for deletion, once confirmed.
pub async fn request_deletion(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    if form.get("confirm") != "oui" {
        let mut errors = FormErrors::default();
        errors.add("confirm", ctx.t("mydata-error-confirm"));
        return privacy_page(&ctx, None, errors).await;
    }
    ctx.state
        .store
        .request_deletion(person_id, Some(ctx.territory_id()), &ctx.audit_actor())
        .await?;
    tracing::info!(person.id = person_id, "deletion requested");
    Ok(see_other("/profil/donnees?fait=demande"))
}

/// `POST /profil/donnees/suppression/annuler`
pub async fn cancel_request(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    ctx.state
        .store
        .cancel_deletion_request(person_id, Some(ctx.territory_id()), &ctx.audit_actor())
        .await?;
    Ok(see_other("/profil/donnees?fait=annulation"))
}

// ----- administrators

pub struct RequestLine {
    id: i64,
    person_id: i64,
    name: String,
    requested: String,
    status: String,
    pending: bool,
    elected: bool,
    label: String,
}

#[derive(Template)]
#[template(path = "privacy_requests.html")]
struct RequestsPage {
    chrome: Chrome,
    notice: Option<String>,
    requests: Vec<RequestLine>,
}

/// `GET /admin/suppressions`
pub async fn requests(ctx: PageCtx, Query(q): Query<DoneQuery>) -> Result<Response, WebError> {
    let territory_id = ctx.territory_id();
    ctx.require(Action::ProcessDeletionRequests { territory_id })?;
    let time_zone = &ctx.site.territory.time_zone;
    let requests = ctx
        .state
        .store
        .deletion_requests(territory_id)
        .await?
        .into_iter()
        .map(|r| RequestLine {
            label: ctx.ta(
                "mydata-carry-out-label",
                &[("name", Arg::from(r.display_name.as_str()))],
            ),
            requested: comcom_store::time::parse(&r.requested_at)
                .map(|t| crate::clock::show(ctx.locale, time_zone, t))
                .unwrap_or_else(|_| r.requested_at.clone()),
            status: ctx.t(&format!("mydata-status-{}", r.status)),
            pending: r.status == "pending",
            id: r.id,
            person_id: r.person_id,
            name: r.display_name,
            elected: r.elected,
        })
        .collect();
    let notice = match q.fait.as_deref() {
        Some("suppression") => Some(ctx.t("mydata-carried-out")),
        _ => None,
    };
    ctx.render_form(&RequestsPage {
        chrome: ctx.chrome(&ctx.t("mydata-requests-title"), Nav::Admin),
        notice,
        requests,
    })
}

/// `POST /admin/suppressions/{id}/effectuer`
pub async fn carry_out(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let territory_id = ctx.territory_id();
    ctx.require(Action::ProcessDeletionRequests { territory_id })?;
    let Some(outcome) = ctx
        .state
        .store
        .carry_out_deletion(id, territory_id, &ctx.audit_actor())
        .await?
    else {
        return Err(WebError::NotFound);
    };
    tracing::info!(
        person.id = outcome.person_id,
        name_kept = outcome.name_kept,
        "personal data deleted"
    );
    Ok(see_other("/admin/suppressions?fait=suppression"))
}
