//! Files attached to an article: added and removed on the article's form
//! (streamed into the object store, their type recognised from the bytes,
//! at most [`MAX_ATTACHMENT_BYTES`] each and
//! [`comcom_store::attachments::MAX_PER_ARTICLE`] per article), listed and
//! downloadable on its page, and carried by the feeds as enclosures.

use axum::body::Body;
use axum::extract::{Multipart, Path};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::Utc;
use comcom_core::permissions::Action;
use comcom_files::FilesError;
use comcom_files::names::content_disposition;
use comcom_i18n::Arg;
use comcom_store::articles::ArticleRecord;
use comcom_store::attachments::{AttachmentRecord, MAX_PER_ARTICLE, NewAttachment};
use comcom_store::spaces::SpaceRecord;
use futures_util::StreamExt;

use crate::WebError;
use crate::form::{FormData, FormErrors};
use crate::pages::articles::{article_path, edit_page, readable};
use crate::pages::documents::{Problem, discard, human_size, receive};
use crate::pages::{PageCtx, see_other};

/// The largest file attached to an article (or the instance's file limit,
/// when lower).
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1000 * 1000;

/// One file as a line: on the article's page and on its form.
pub struct FileLine {
    pub name: String,
    pub href: String,
    /// « PDF, 1,2 Mo »
    pub details: String,
    /// The form removing it (on the article's form only), and its button's name.
    pub remove: String,
    pub remove_label: String,
}

/// The files part of an article's form.
pub struct FilesSection {
    pub files: Vec<FileLine>,
    /// The upload form's address (with its CSRF token), `None` when full.
    pub upload: Option<String>,
    /// What may be sent (the size limit).
    pub hint: String,
}

/// The public address of a file (absolute in feeds): `/actualites/ID/fichiers/FILE`.
pub fn file_path(article_id: i64, file: &AttachmentRecord) -> String {
    format!("/actualites/{article_id}/fichiers/{}", file.id)
}

fn kind(content_type: &str) -> &str {
    match content_type {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/gif" => "GIF",
        "image/webp" => "WebP",
        "text/plain" | "text/plain; charset=utf-8" => "Texte",
        "text/csv" => "CSV",
        "application/zip" => "ZIP",
        t if t.contains("opendocument") => "OpenDocument",
        t if t.contains("officedocument") => "Office",
        other => other,
    }
}

fn limit(ctx: &PageCtx) -> u64 {
    MAX_ATTACHMENT_BYTES.min(ctx.state.files.limits.max_file_bytes)
}

/// The lines of an article's files.
pub async fn lines(ctx: &PageCtx, article: &ArticleRecord) -> Result<Vec<FileLine>, WebError> {
    Ok(ctx
        .state
        .store
        .article_attachments(article.id)
        .await?
        .iter()
        .map(|f| line(ctx, &article_path(article), article.id, f))
        .collect())
}

fn line(ctx: &PageCtx, page: &str, article_id: i64, f: &AttachmentRecord) -> FileLine {
    FileLine {
        name: f.file_name.clone(),
        href: file_path(article_id, f),
        details: format!(
            "{}, {}",
            kind(&f.content_type),
            human_size(ctx.locale, f.size)
        ),
        remove: format!("{page}/fichiers/{}/retirer", f.id),
        remove_label: ctx.ta(
            "article-files-remove",
            &[("name", Arg::from(f.file_name.as_str()))],
        ),
    }
}

/// What the article's form shows of its files.
pub async fn section(
    ctx: &PageCtx,
    space: &SpaceRecord,
    article_id: i64,
) -> Result<FilesSection, WebError> {
    let page = format!("/espaces/{}/actualites/{article_id}", space.slug);
    let files: Vec<FileLine> = ctx
        .state
        .store
        .article_attachments(article_id)
        .await?
        .iter()
        .map(|f| line(ctx, &page, article_id, f))
        .collect();
    let full = files.len() as i64 >= MAX_PER_ARTICLE;
    Ok(FilesSection {
        upload: (!full).then(|| format!("{page}/fichiers?csrf={}", ctx.csrf)),
        files,
        hint: ctx.ta(
            "article-files-hint",
            &[
                ("max", Arg::from(human_size(ctx.locale, limit(ctx) as i64))),
                ("count", Arg::from(MAX_PER_ARTICLE)),
            ],
        ),
    })
}

/// The article at `slug`/`id` if the viewer may change it.
async fn writable(
    ctx: &PageCtx,
    slug: &str,
    id: &str,
) -> Result<(SpaceRecord, ArticleRecord), WebError> {
    let (space, fact, article) = readable(ctx, slug, id).await?;
    ctx.require(Action::WriteArticle(fact))?;
    Ok((space, article))
}

/// `POST /espaces/{slug}/actualites/{id}/fichiers?csrf=…` (multipart, field `file`)
pub async fn upload(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let (space, article) = writable(&ctx, &slug, &id).await?;
    let max = limit(&ctx);
    let count = ctx.state.store.article_attachments(article.id).await?.len() as i64;
    let problem = if count >= MAX_PER_ARTICLE {
        Some(ctx.ta(
            "article-files-error-too-many",
            &[("max", Arg::from(MAX_PER_ARTICLE))],
        ))
    } else {
        match receive(&ctx.state.files, &mut multipart, max, max, 0, 0).await {
            Ok(received) => {
                let recorded = ctx
                    .state
                    .store
                    .add_attachment(
                        article.id,
                        &NewAttachment {
                            object_key: &received.stored.key,
                            file_name: &received.name,
                            content_type: received.content_type,
                            size: received.stored.size as i64,
                            sha256: &received.stored.sha256,
                            uploaded_by: ctx.viewer.person_id(),
                        },
                    )
                    .await;
                match recorded {
                    Ok(Some(file)) => {
                        tracing::info!(
                            article.id = article.id,
                            attachment.id = file,
                            size = received.stored.size,
                            "file attached to an article"
                        );
                        None
                    }
                    Ok(None) => {
                        discard(&ctx, &received.stored.key).await;
                        Some(ctx.ta(
                            "article-files-error-too-many",
                            &[("max", Arg::from(MAX_PER_ARTICLE))],
                        ))
                    }
                    Err(e) => {
                        discard(&ctx, &received.stored.key).await;
                        return Err(e.into());
                    }
                }
            }
            Err(problem) => {
                if let Problem::Storage(e) = &problem {
                    tracing::error!(error = %e, "attachment storage failed");
                }
                let status = problem.status();
                let mut errors = FormErrors::default();
                errors.add("file", problem.message(&ctx));
                let mut page = edit_page(&ctx, &space, &article, errors).await?;
                *page.status_mut() = status;
                return Ok(page);
            }
        }
    };
    match problem {
        None => Ok(see_other(&format!(
            "{}/modifier#fichiers",
            article_path(&article)
        ))),
        Some(message) => {
            let mut errors = FormErrors::default();
            errors.add("file", message);
            let mut page = edit_page(&ctx, &space, &article, errors).await?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

/// `POST /espaces/{slug}/actualites/{id}/fichiers/{file}/retirer`
pub async fn remove(
    ctx: PageCtx,
    Path((slug, id, file)): Path<(String, String, String)>,
    _form: FormData,
) -> Result<Response, WebError> {
    let (_, article) = writable(&ctx, &slug, &id).await?;
    let file: i64 = file.parse().map_err(|_| WebError::NotFound)?;
    let removed = ctx
        .state
        .store
        .remove_attachment(article.id, file)
        .await?
        .ok_or(WebError::NotFound)?;
    discard(&ctx, &removed.object_key).await;
    tracing::info!(
        article.id = article.id,
        attachment.id = removed.id,
        "file removed from an article"
    );
    Ok(see_other(&format!(
        "{}/modifier#fichiers",
        article_path(&article)
    )))
}

/// `GET /actualites/{id}/fichiers/{file}`: the file, for whoever may read
/// the article, always as a download.
pub async fn download(
    ctx: PageCtx,
    Path((id, file)): Path<(String, String)>,
    request: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let file: i64 = file.parse().map_err(|_| WebError::NotFound)?;
    let article = ctx
        .state
        .store
        .article(id)
        .await?
        .filter(|a| a.territory_id == ctx.territory_id())
        .ok_or(WebError::NotFound)?;
    let (space, _, _) = readable(&ctx, &article.space_slug, &id.to_string()).await?;
    let attachment = ctx
        .state
        .store
        .attachment(id, file)
        .await?
        .ok_or(WebError::NotFound)?;
    let cache = crate::pages::articles::file_cache_control(&space, &article);
    let etag = format!("\"{}\"", attachment.sha256);
    let set = |v: &str| HeaderValue::from_str(v).map_err(|e| WebError::Internal(e.to_string()));
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| comcom_feeds::is_not_modified(Some(tags), None, &etag, Utc::now()));
    if fresh {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        let headers = response.headers_mut();
        headers.insert(header::ETAG, set(&etag)?);
        headers.insert(header::CACHE_CONTROL, set(cache)?);
        headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
        return Ok(response);
    }
    let (size, stream) = match ctx.state.files.read(&attachment.object_key).await {
        Ok(found) => found,
        Err(FilesError::NotFound) => {
            tracing::error!(key = %attachment.object_key, "an attachment's object is missing");
            return Err(WebError::NotFound);
        }
        Err(e) => return Err(WebError::Unavailable(e.to_string())),
    };
    let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, set(&attachment.content_type)?);
    headers.insert(header::CONTENT_LENGTH, set(&size.to_string())?);
    headers.insert(
        header::CONTENT_DISPOSITION,
        set(&content_disposition(false, &attachment.file_name))?,
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; frame-ancestors 'none'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::ETAG, set(&etag)?);
    headers.insert(header::CACHE_CONTROL, set(cache)?);
    headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
    Ok(response)
}
