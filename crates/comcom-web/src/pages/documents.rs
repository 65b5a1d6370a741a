//! A space's documents: folders, uploads streamed into the object store,
//! versions, downloads and previews, the trash. Every request asks the
//! permission core, and every id in a URL is looked up within the space of
//! the URL, so that no id reaches another space's documents.

use std::collections::HashMap;

use askama::Template;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use comcom_core::events::EventKind;
use comcom_core::permissions::{Action, SpaceFact};
use comcom_files::names::{FORBIDDEN_CHARS, clean_name, content_disposition};
use comcom_files::sniff::{self, HEAD_BYTES};
use comcom_files::{FileStore, FilesError, Stored};
use comcom_i18n::{Arg, Locale};
use comcom_store::documents::{DocumentRecord, FolderRecord, NewVersion, Refusal, VersionRecord};
use comcom_store::events::EventInput;
use comcom_store::spaces::SpaceRecord;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors};
use crate::pages::spaces::visible_space;
use crate::pages::{PageCtx, see_other};
use crate::range::{self, RangeAnswer};

/// Bytes read and thrown away after a refused file, so that the browser,
/// still sending, gets the page with the message instead of a reset.
const MAX_DRAIN_BYTES: u64 = 1024 * 1024 * 1024;
/// Longest text field read in an upload form.
const MAX_TEXT_PART: u64 = 64 * 1024;

/// The space at `slug` when the viewer may see its documents.
async fn documents_space(ctx: &PageCtx, slug: &str) -> Result<(SpaceRecord, SpaceFact), WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    ctx.require(Action::ViewDocuments(fact))?;
    Ok((space, fact))
}

/// A document of this space; in the trash only for those who keep it.
async fn space_document(
    ctx: &PageCtx,
    space: &SpaceRecord,
    fact: SpaceFact,
    id: &str,
) -> Result<DocumentRecord, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let document = ctx
        .state
        .store
        .document(space.id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    if document.trashed_at.is_some() && !allowed(ctx, Action::RestoreDocuments(fact)) {
        return Err(WebError::NotFound);
    }
    Ok(document)
}

fn allowed(ctx: &PageCtx, action: Action) -> bool {
    ctx.viewer.decide(action).is_allowed()
}

/// `1,5 Mo` / `1.5 MB` (decimal units, as disks and operating systems show).
pub fn human_size(locale: Locale, bytes: i64) -> String {
    let (value, unit_fr, unit_en) = match bytes {
        b if b < 1000 => return format_bytes(locale, b),
        b if b < 1_000_000 => (b as f64 / 1e3, "ko", "kB"),
        b if b < 1_000_000_000 => (b as f64 / 1e6, "Mo", "MB"),
        b => (b as f64 / 1e9, "Go", "GB"),
    };
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    match locale {
        Locale::Fr => format!("{}\u{a0}{unit_fr}", text.replace('.', ",")),
        Locale::En => format!("{text} {unit_en}"),
    }
}

fn format_bytes(locale: Locale, bytes: i64) -> String {
    match locale {
        Locale::Fr => format!("{bytes}\u{a0}o"),
        Locale::En => format!("{bytes} B"),
    }
}

fn show_time(ctx: &PageCtx, stamp: &str) -> String {
    comcom_store::time::parse(stamp)
        .map(|t| crate::clock::show(ctx.locale, &ctx.site.territory.time_zone, t))
        .unwrap_or_default()
}

/// A readable kind for a content type.
fn kind_label(ctx: &PageCtx, content_type: &str) -> String {
    let key = match content_type {
        "application/pdf" => "documents-kind-pdf",
        t if t.starts_with("image/") => "documents-kind-image",
        t if t.starts_with("audio/") => "documents-kind-audio",
        t if t.starts_with("video/") => "documents-kind-video",
        "text/csv" => "documents-kind-csv",
        "text/plain" => "documents-kind-text",
        t if t.contains("spreadsheet") || t.contains("ms-office") => "documents-kind-office",
        t if t.contains("opendocument") || t.contains("officedocument") => "documents-kind-office",
        "application/rtf" => "documents-kind-office",
        "application/zip" => "documents-kind-zip",
        _ => "documents-kind-other",
    };
    ctx.t(key)
}

/// Folders by id, and the path of each ("Budget / 2026").
struct Tree {
    folders: HashMap<i64, FolderRecord>,
}

impl Tree {
    async fn of(ctx: &PageCtx, space_id: i64) -> Result<Tree, WebError> {
        let folders = ctx.state.store.doc_folders(space_id).await?;
        Ok(Tree {
            folders: folders.into_iter().map(|f| (f.id, f)).collect(),
        })
    }

    /// The folder and its ancestors, from the top.
    fn ancestry(&self, id: i64) -> Vec<&FolderRecord> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(folder) = self.folders.get(&id) else {
                break;
            };
            if chain.iter().any(|f: &&FolderRecord| f.id == id) || chain.len() > 64 {
                break;
            }
            chain.push(folder);
            next = folder.parent_id;
        }
        chain.reverse();
        chain
    }

    fn path(&self, id: i64) -> String {
        self.ancestry(id)
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// Every folder with its path, sorted by path.
    fn choices(&self) -> Vec<(i64, String)> {
        let mut all: Vec<(i64, String)> =
            self.folders.keys().map(|&id| (id, self.path(id))).collect();
        all.sort_by_key(|(_, p)| p.to_lowercase());
        all
    }

    fn children(&self, parent: Option<i64>) -> Vec<&FolderRecord> {
        let mut list: Vec<&FolderRecord> = self
            .folders
            .values()
            .filter(|f| f.parent_id == parent)
            .collect();
        list.sort_by_key(|f| f.name.to_lowercase());
        list
    }
}

pub struct DocLine {
    id: i64,
    name: String,
    size: String,
    kind: String,
    updated: String,
    versions: i64,
}

fn doc_line(ctx: &PageCtx, d: &DocumentRecord) -> DocLine {
    DocLine {
        id: d.id,
        name: d.name.clone(),
        size: human_size(ctx.locale, d.size),
        kind: kind_label(ctx, &d.content_type),
        updated: show_time(ctx, d.trashed_at.as_deref().unwrap_or(&d.updated_at)),
        versions: d.versions,
    }
}

#[derive(Template)]
#[template(path = "documents.html")]
struct FolderPage {
    chrome: Chrome,
    heading: String,
    slug: String,
    space_name: String,
    /// (id, name) from the top to the current folder.
    trail: Vec<(i64, String)>,
    folder_id: Option<i64>,
    folder_name: String,
    subfolders: Vec<(i64, String)>,
    documents: Vec<DocLine>,
    usage: String,
    limit_hint: String,
    notice: Option<String>,
    errors: FormErrors,
    new_folder_name: String,
    can_upload: bool,
    can_manage: bool,
    can_restore: bool,
    upload_action: String,
}

#[derive(Deserialize)]
pub struct FolderQuery {
    fait: Option<String>,
}

fn notice(ctx: &PageCtx, code: Option<&str>) -> Option<String> {
    let key = match code? {
        "depot" => "documents-done-uploaded",
        "version" => "documents-done-version",
        "dossier" => "documents-done-folder",
        "renomme" => "documents-done-renamed",
        "deplace" => "documents-done-moved",
        "corbeille" => "documents-done-trashed",
        "restaure" => "documents-done-restored",
        "vide" => "documents-done-emptied",
        "supprime" => "documents-done-folder-deleted",
        _ => return None,
    };
    Some(ctx.t(key))
}

/// Renders a folder (the top when `folder` is `None`) with `errors` (422) or a notice.
async fn folder_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    fact: SpaceFact,
    folder: Option<&FolderRecord>,
    notice: Option<String>,
    errors: FormErrors,
    new_folder_name: String,
) -> Result<Response, WebError> {
    let tree = Tree::of(ctx, space.id).await?;
    let folder_id = folder.map(|f| f.id);
    let trail = folder_id
        .map(|id| {
            tree.ancestry(id)
                .iter()
                .map(|f| (f.id, f.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let subfolders = tree
        .children(folder_id)
        .iter()
        .map(|f| (f.id, f.name.clone()))
        .collect();
    let documents = ctx
        .state
        .store
        .documents_in(space.id, folder_id)
        .await?
        .iter()
        .map(|d| doc_line(ctx, d))
        .collect();
    let used = ctx.state.store.documents_used_bytes(space.id).await?;
    let limits = ctx.state.files.limits;
    let heading = match folder {
        Some(f) => f.name.clone(),
        None => ctx.ta(
            "documents-title",
            &[("space", Arg::from(space.name.as_str()))],
        ),
    };
    let mut upload_action = format!(
        "/espaces/{}/documents/deposer?csrf={}",
        space.slug, ctx.csrf
    );
    if let Some(id) = folder_id {
        upload_action.push_str(&format!("&dossier={id}"));
    }
    let invalid = !errors.is_empty();
    let page = FolderPage {
        chrome: ctx.chrome(&heading, Nav::Spaces),
        heading,
        slug: space.slug.clone(),
        space_name: space.name.clone(),
        trail,
        folder_id,
        folder_name: folder.map(|f| f.name.clone()).unwrap_or_default(),
        subfolders,
        documents,
        usage: ctx.ta(
            "documents-usage",
            &[
                ("used", Arg::from(human_size(ctx.locale, used))),
                (
                    "quota",
                    Arg::from(human_size(ctx.locale, limits.space_quota_bytes as i64)),
                ),
            ],
        ),
        limit_hint: ctx.ta(
            "documents-upload-hint",
            &[(
                "max",
                Arg::from(human_size(ctx.locale, limits.max_file_bytes as i64)),
            )],
        ),
        notice,
        errors,
        new_folder_name,
        can_upload: allowed(ctx, Action::UploadDocuments(fact)),
        can_manage: allowed(ctx, Action::ManageDocuments(fact)),
        can_restore: allowed(ctx, Action::RestoreDocuments(fact)),
        upload_action,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /espaces/{slug}/documents`
pub async fn index(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<FolderQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    let notice = notice(&ctx, q.fait.as_deref());
    folder_page(
        &ctx,
        &space,
        fact,
        None,
        notice,
        FormErrors::default(),
        String::new(),
    )
    .await
}

async fn space_folder(
    ctx: &PageCtx,
    space: &SpaceRecord,
    id: &str,
) -> Result<FolderRecord, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    ctx.state
        .store
        .doc_folder(space.id, id)
        .await?
        .ok_or(WebError::NotFound)
}

/// `GET /espaces/{slug}/documents/dossiers/{folder}`
pub async fn folder(
    ctx: PageCtx,
    Path((slug, folder)): Path<(String, String)>,
    Query(q): Query<FolderQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    let folder = space_folder(&ctx, &space, &folder).await?;
    let notice = notice(&ctx, q.fait.as_deref());
    folder_page(
        &ctx,
        &space,
        fact,
        Some(&folder),
        notice,
        FormErrors::default(),
        String::new(),
    )
    .await
}

fn folder_url(space: &SpaceRecord, folder: Option<i64>) -> String {
    match folder {
        Some(id) => format!("/espaces/{}/documents/dossiers/{id}", space.slug),
        None => format!("/espaces/{}/documents", space.slug),
    }
}

/// The message for a refused name.
fn name_message(ctx: &PageCtx, error: comcom_files::names::NameError) -> String {
    ctx.ta(
        error.message_key(),
        &[
            ("max", Arg::from(comcom_files::names::MAX_NAME_CHARS)),
            ("value", Arg::from(FORBIDDEN_CHARS)),
        ],
    )
}

/// `POST /espaces/{slug}/documents/dossiers` (name, parent)
pub async fn create_folder(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::UploadDocuments(fact))?;
    let parent = match form.get("parent") {
        "" => None,
        id => Some(space_folder(&ctx, &space, id).await?),
    };
    let parent_id = parent.as_ref().map(|f| f.id);
    let mut errors = FormErrors::default();
    let name = match clean_name(form.get("name")) {
        Ok(name) => {
            if ctx
                .state
                .store
                .doc_folder_name_taken(space.id, parent_id, &name, None)
                .await?
            {
                errors.add("name", ctx.t("documents-error-folder-taken"));
            }
            name
        }
        Err(e) => {
            errors.add("name", name_message(&ctx, e));
            String::new()
        }
    };
    if !errors.is_empty() {
        let typed: String = form.get("name").chars().take(200).collect();
        return folder_page(&ctx, &space, fact, parent.as_ref(), None, errors, typed).await;
    }
    let id = ctx
        .state
        .store
        .create_doc_folder(space.id, parent_id, &name, ctx.viewer.person_id())
        .await?;
    tracing::info!(space.id = space.id, folder.id = id, "folder created");
    Ok(see_other(&format!(
        "{}?fait=dossier",
        folder_url(&space, Some(id))
    )))
}

/// `POST /espaces/{slug}/documents/dossiers/{folder}/renommer`
pub async fn rename_folder(
    ctx: PageCtx,
    Path((slug, folder)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::ManageDocuments(fact))?;
    let folder = space_folder(&ctx, &space, &folder).await?;
    let mut errors = FormErrors::default();
    match clean_name(form.get("name")) {
        Ok(name) => {
            if ctx
                .state
                .store
                .doc_folder_name_taken(space.id, folder.parent_id, &name, Some(folder.id))
                .await?
            {
                errors.add("folder_name", ctx.t("documents-error-folder-taken"));
            } else {
                ctx.state
                    .store
                    .rename_doc_folder(space.id, folder.id, &name)
                    .await?;
            }
        }
        Err(e) => errors.add("folder_name", name_message(&ctx, e)),
    }
    if !errors.is_empty() {
        return folder_page(
            &ctx,
            &space,
            fact,
            Some(&folder),
            None,
            errors,
            String::new(),
        )
        .await;
    }
    Ok(see_other(&format!(
        "{}?fait=renomme",
        folder_url(&space, Some(folder.id))
    )))
}

/// `POST /espaces/{slug}/documents/dossiers/{folder}/supprimer`: only when empty.
pub async fn delete_folder(
    ctx: PageCtx,
    Path((slug, folder)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::ManageDocuments(fact))?;
    let folder = space_folder(&ctx, &space, &folder).await?;
    if !ctx
        .state
        .store
        .delete_doc_folder(space.id, folder.id)
        .await?
    {
        let mut errors = FormErrors::default();
        errors.add("delete_folder", ctx.t("documents-error-folder-not-empty"));
        return folder_page(
            &ctx,
            &space,
            fact,
            Some(&folder),
            None,
            errors,
            String::new(),
        )
        .await;
    }
    tracing::info!(space.id = space.id, folder.id = folder.id, "folder deleted");
    Ok(see_other(&format!(
        "{}?fait=supprime",
        folder_url(&space, folder.parent_id)
    )))
}

/// Why an uploaded file was not kept; each has its own message.
#[derive(Debug)]
pub(crate) enum Problem {
    NoFile,
    Name(comcom_files::names::NameError),
    Empty(String),
    TooLarge(u64),
    OverQuota { used: i64, quota: u64 },
    WrongType(String),
    Interrupted,
    NameTaken(String),
    Storage(FilesError),
}

impl Problem {
    pub(crate) fn message(&self, ctx: &PageCtx) -> String {
        match self {
            Problem::NoFile => ctx.t("documents-error-no-file"),
            Problem::Name(e) => name_message(ctx, *e),
            Problem::Empty(name) => ctx.ta(
                "documents-error-empty",
                &[("name", Arg::from(name.as_str()))],
            ),
            Problem::TooLarge(max) => ctx.ta(
                "documents-error-too-large",
                &[("max", Arg::from(human_size(ctx.locale, *max as i64)))],
            ),
            Problem::OverQuota { used, quota } => ctx.ta(
                "documents-error-quota",
                &[
                    ("used", Arg::from(human_size(ctx.locale, *used))),
                    ("quota", Arg::from(human_size(ctx.locale, *quota as i64))),
                ],
            ),
            Problem::WrongType(name) => ctx.ta(
                "documents-error-type",
                &[("name", Arg::from(name.as_str()))],
            ),
            Problem::Interrupted => ctx.t("documents-error-interrupted"),
            Problem::NameTaken(name) => ctx.ta(
                "documents-error-name-taken",
                &[("name", Arg::from(name.as_str()))],
            ),
            Problem::Storage(_) => ctx.t("documents-error-storage"),
        }
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Problem::TooLarge(_) | Problem::OverQuota { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::WrongType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Problem::Interrupted => StatusCode::BAD_REQUEST,
            Problem::NameTaken(_) => StatusCode::CONFLICT,
            Problem::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// A file received completely, not yet recorded.
pub(crate) struct Received {
    pub(crate) stored: Stored,
    pub(crate) name: String,
    pub(crate) content_type: &'static str,
}

/// Reads what is left of a request, to answer a browser still sending.
async fn drain(multipart: &mut Multipart) {
    let mut thrown = 0u64;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(chunk)) = field.chunk().await {
            thrown += chunk.len() as u64;
            if thrown > MAX_DRAIN_BYTES {
                return;
            }
        }
    }
}

/// Streams the `file` part into the object store, chunk by chunk (hashed
/// and counted on the way), stopping at `allowed` bytes. Nothing is left in
/// the store when this fails.
pub(crate) async fn receive(
    files: &FileStore,
    multipart: &mut Multipart,
    max_file: u64,
    room: u64,
    used: i64,
    quota: u64,
) -> Result<Received, Problem> {
    let allowed = max_file.min(room);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(Problem::NoFile),
            Err(_) => return Err(Problem::Interrupted),
        };
        if field.name() != Some("file") {
            // Forms of this page carry nothing else; skip a stray part.
            let mut read = 0u64;
            while let Some(chunk) = field.chunk().await.map_err(|_| Problem::Interrupted)? {
                read += chunk.len() as u64;
                if read > MAX_TEXT_PART {
                    return Err(Problem::Interrupted);
                }
            }
            continue;
        }
        let raw_name = field.file_name().unwrap_or("").to_owned();
        if raw_name.is_empty() {
            // No file chosen: browsers still send an empty part.
            drop(field);
            drain(multipart).await;
            return Err(Problem::NoFile);
        }
        let name = match clean_name(&raw_name) {
            Ok(name) => name,
            Err(e) => {
                drop(field);
                drain(multipart).await;
                return Err(Problem::Name(e));
            }
        };
        let mut upload = files
            .upload(&FileStore::new_key("documents"))
            .await
            .map_err(Problem::Storage)?;
        let mut content_type: Option<&'static str> = None;
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) => {
                    upload.abort().await;
                    return Err(Problem::Interrupted);
                }
            };
            if upload.size() + chunk.len() as u64 > allowed {
                upload.abort().await;
                drop(field);
                drain(multipart).await;
                return Err(if allowed == max_file {
                    Problem::TooLarge(max_file)
                } else {
                    Problem::OverQuota { used, quota }
                });
            }
            if let Err(e) = upload.write(&chunk).await {
                upload.abort().await;
                return Err(Problem::Storage(e));
            }
            if content_type.is_none() && upload.head().len() >= HEAD_BYTES {
                match sniff::sniff(upload.head(), &name) {
                    Some(t) => content_type = Some(t),
                    None => {
                        upload.abort().await;
                        drop(field);
                        drain(multipart).await;
                        return Err(Problem::WrongType(name));
                    }
                }
            }
        }
        drop(field);
        if upload.size() == 0 {
            upload.abort().await;
            drain(multipart).await;
            return Err(Problem::Empty(name));
        }
        let content_type = match content_type.or_else(|| sniff::sniff(upload.head(), &name)) {
            Some(t) => t,
            None => {
                upload.abort().await;
                drain(multipart).await;
                return Err(Problem::WrongType(name));
            }
        };
        // The rest of the request must be intact too (the closing boundary):
        // a cut-off request is refused even if the file part looked whole.
        loop {
            match multipart.next_field().await {
                Ok(None) => break,
                Ok(Some(mut other)) => {
                    let mut read = 0u64;
                    loop {
                        match other.chunk().await {
                            Ok(Some(c)) => {
                                read += c.len() as u64;
                                if read > MAX_TEXT_PART {
                                    upload.abort().await;
                                    return Err(Problem::Interrupted);
                                }
                            }
                            Ok(None) => break,
                            Err(_) => {
                                upload.abort().await;
                                return Err(Problem::Interrupted);
                            }
                        }
                    }
                }
                Err(_) => {
                    upload.abort().await;
                    return Err(Problem::Interrupted);
                }
            }
        }
        let stored = upload.finish().await.map_err(Problem::Storage)?;
        return Ok(Received {
            stored,
            name,
            content_type,
        });
    }
}

#[derive(Deserialize)]
pub struct UploadQuery {
    dossier: Option<String>,
}

/// Receives the file of an upload form, within the space's limits.
async fn receive_for(
    ctx: &PageCtx,
    space: &SpaceRecord,
    multipart: &mut Multipart,
) -> Result<Received, Problem> {
    let limits = ctx.state.files.limits;
    let used = ctx
        .state
        .store
        .documents_used_bytes(space.id)
        .await
        .map_err(|e| Problem::Storage(FilesError::Storage(e.to_string())))?;
    let room = (limits.space_quota_bytes as i64 - used).max(0) as u64;
    receive(
        &ctx.state.files,
        multipart,
        limits.max_file_bytes,
        room,
        used,
        limits.space_quota_bytes,
    )
    .await
}

/// Removes an object that will not be recorded.
pub(crate) async fn discard(ctx: &PageCtx, key: &str) {
    if let Err(e) = ctx.state.files.delete(key).await {
        // TODO: a periodic sweep of objects without a version row.
        tracing::error!(error = %e, key, "cannot remove an unrecorded object");
    }
}

fn new_version<'a>(ctx: &PageCtx, received: &'a Received) -> NewVersion<'a> {
    NewVersion {
        object_key: &received.stored.key,
        size: received.stored.size as i64,
        sha256: &received.stored.sha256,
        content_type: received.content_type,
        original_name: &received.name,
        uploaded_by: ctx.viewer.person_id(),
    }
}

/// A file refused by [`upload_document`]: its message and status.
pub(crate) struct Refused {
    pub message: String,
    pub status: StatusCode,
}

/// Receives the `file` part of an upload form into the space's documents
/// (in `folder_id`, the top when `None`), within the size limit and the
/// space's quota, its type recognised from the bytes; records the
/// document and its first version and tells the space's activity stream.
/// Returns the new document's id and name, or why it was refused (nothing
/// is kept then). The caller checks `UploadDocuments` first.
pub(crate) async fn upload_document(
    ctx: &PageCtx,
    space: &SpaceRecord,
    folder_id: Option<i64>,
    multipart: &mut Multipart,
) -> Result<Result<(i64, String), Refused>, WebError> {
    let problem = match receive_for(ctx, space, multipart).await {
        Ok(received) => {
            let quota = ctx.state.files.limits.space_quota_bytes as i64;
            let recorded = ctx
                .state
                .store
                .create_document(
                    space.id,
                    folder_id,
                    &received.name,
                    &new_version(ctx, &received),
                    quota,
                )
                .await;
            match recorded {
                Ok(Ok(id)) => {
                    tracing::info!(
                        space.id = space.id,
                        document.id = id,
                        size = received.stored.size,
                        "document uploaded"
                    );
                    record(ctx, space, EventKind::DocumentUploaded, id, &received.name).await;
                    return Ok(Ok((id, received.name)));
                }
                Ok(Err(refusal)) => {
                    discard(ctx, &received.stored.key).await;
                    match refusal {
                        Refusal::OverQuota => Problem::OverQuota {
                            used: ctx.state.store.documents_used_bytes(space.id).await?,
                            quota: quota as u64,
                        },
                        Refusal::NameTaken => Problem::NameTaken(received.name.clone()),
                    }
                }
                Err(e) => {
                    discard(ctx, &received.stored.key).await;
                    return Err(e.into());
                }
            }
        }
        Err(problem) => problem,
    };
    if let Problem::Storage(e) = &problem {
        tracing::error!(error = %e, "document storage failed");
    }
    Ok(Err(Refused {
        message: problem.message(ctx),
        status: problem.status(),
    }))
}

/// `POST /espaces/{slug}/documents/deposer?dossier=ID&csrf=…` (multipart, field `file`)
pub async fn upload(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<UploadQuery>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::UploadDocuments(fact))?;
    let folder = match q.dossier.as_deref().unwrap_or("") {
        "" => None,
        id => Some(space_folder(&ctx, &space, id).await?),
    };
    let folder_id = folder.as_ref().map(|f| f.id);
    match upload_document(&ctx, &space, folder_id, &mut multipart).await? {
        Ok(_) => Ok(see_other(&format!(
            "{}?fait=depot",
            folder_url(&space, folder_id)
        ))),
        Err(refused) => {
            let mut errors = FormErrors::default();
            errors.add("file", refused.message);
            let mut page = folder_page(
                &ctx,
                &space,
                fact,
                folder.as_ref(),
                None,
                errors,
                String::new(),
            )
            .await?;
            *page.status_mut() = refused.status;
            Ok(page)
        }
    }
}

pub struct VersionLine {
    id: i64,
    number: i64,
    who: String,
    when: String,
    size: String,
    original_name: String,
    sha256: String,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    chrome: Chrome,
    slug: String,
    space_name: String,
    trail: Vec<(i64, String)>,
    id: i64,
    name: String,
    kind: String,
    size: String,
    updated: String,
    trashed: bool,
    preview: Option<(bool, String)>,
    versions: Vec<VersionLine>,
    /// Folders to move to: id, path, whether the document is there.
    folders: Vec<(i64, String, bool)>,
    folder_id: Option<i64>,
    notice: Option<String>,
    errors: FormErrors,
    new_name: String,
    can_upload: bool,
    can_manage: bool,
    can_restore: bool,
    version_action: String,
    limit_hint: String,
}

async fn document_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    fact: SpaceFact,
    document: &DocumentRecord,
    notice: Option<String>,
    errors: FormErrors,
    new_name: Option<String>,
) -> Result<Response, WebError> {
    let tree = Tree::of(ctx, space.id).await?;
    let trail = document
        .folder_id
        .map(|id| {
            tree.ancestry(id)
                .iter()
                .map(|f| (f.id, f.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let versions: Vec<VersionLine> = ctx
        .state
        .store
        .document_versions(document.id)
        .await?
        .into_iter()
        .map(|v| VersionLine {
            id: v.id,
            number: v.number,
            who: v
                .uploader_name
                .unwrap_or_else(|| ctx.t("documents-someone")),
            when: show_time(ctx, &v.uploaded_at),
            size: human_size(ctx.locale, v.size),
            original_name: v.original_name,
            sha256: v.sha256,
        })
        .collect();
    let preview = match document.current_version_id {
        Some(v) if sniff::is_previewable(&document.content_type) => Some((
            document.content_type == "application/pdf",
            format!(
                "/espaces/{}/documents/{}/versions/{v}/apercu",
                space.slug, document.id
            ),
        )),
        _ => None,
    };
    let limits = ctx.state.files.limits;
    let invalid = !errors.is_empty();
    let page = DocumentPage {
        chrome: ctx.chrome(&document.name, Nav::Spaces),
        slug: space.slug.clone(),
        space_name: space.name.clone(),
        trail,
        id: document.id,
        name: document.name.clone(),
        kind: kind_label(ctx, &document.content_type),
        size: human_size(ctx.locale, document.size),
        updated: show_time(ctx, &document.updated_at),
        trashed: document.trashed_at.is_some(),
        preview: if document.trashed_at.is_some() {
            None
        } else {
            preview
        },
        versions,
        folders: tree
            .choices()
            .into_iter()
            .map(|(id, path)| (id, path, document.folder_id == Some(id)))
            .collect(),
        folder_id: document.folder_id,
        notice,
        errors,
        new_name: new_name.unwrap_or_else(|| document.name.clone()),
        can_upload: allowed(ctx, Action::UploadDocuments(fact)),
        can_manage: allowed(ctx, Action::ManageDocuments(fact)),
        can_restore: allowed(ctx, Action::RestoreDocuments(fact)),
        version_action: format!(
            "/espaces/{}/documents/{}/versions?csrf={}",
            space.slug, document.id, ctx.csrf
        ),
        limit_hint: ctx.ta(
            "documents-upload-hint",
            &[(
                "max",
                Arg::from(human_size(ctx.locale, limits.max_file_bytes as i64)),
            )],
        ),
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /espaces/{slug}/documents/{doc}`
pub async fn show(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
    Query(q): Query<FolderQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    let notice = notice(&ctx, q.fait.as_deref());
    document_page(
        &ctx,
        &space,
        fact,
        &document,
        notice,
        FormErrors::default(),
        None,
    )
    .await
}

/// `POST /espaces/{slug}/documents/{doc}/versions?csrf=…` (multipart, field `file`)
pub async fn upload_version(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::UploadDocuments(fact))?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    if document.trashed_at.is_some() {
        return Err(WebError::NotFound);
    }
    let outcome = match receive_for(&ctx, &space, &mut multipart).await {
        Ok(received) => {
            let quota = ctx.state.files.limits.space_quota_bytes as i64;
            match ctx
                .state
                .store
                .add_document_version(space.id, document.id, &new_version(&ctx, &received), quota)
                .await
            {
                Ok(Ok(version)) => {
                    tracing::info!(
                        document.id = document.id,
                        version.id = version,
                        "new version uploaded"
                    );
                    record(
                        &ctx,
                        &space,
                        EventKind::DocumentNewVersion,
                        document.id,
                        &document.name,
                    )
                    .await;
                    Ok(())
                }
                Ok(Err(_)) => {
                    discard(&ctx, &received.stored.key).await;
                    Err(Problem::OverQuota {
                        used: ctx.state.store.documents_used_bytes(space.id).await?,
                        quota: quota as u64,
                    })
                }
                Err(e) => {
                    discard(&ctx, &received.stored.key).await;
                    return Err(e.into());
                }
            }
        }
        Err(problem) => Err(problem),
    };
    match outcome {
        Ok(()) => Ok(see_other(&format!(
            "/espaces/{}/documents/{}?fait=version",
            space.slug, document.id
        ))),
        Err(problem) => {
            if let Problem::Storage(e) = &problem {
                tracing::error!(error = %e, "document storage failed");
            }
            let mut errors = FormErrors::default();
            errors.add("file", problem.message(&ctx));
            let mut page = document_page(&ctx, &space, fact, &document, None, errors, None).await?;
            *page.status_mut() = problem.status();
            Ok(page)
        }
    }
}

/// `POST /espaces/{slug}/documents/{doc}/renommer` (name)
pub async fn rename(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::ManageDocuments(fact))?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    if document.trashed_at.is_some() {
        return Err(WebError::NotFound);
    }
    let mut errors = FormErrors::default();
    match clean_name(form.get("name")) {
        Ok(name) => {
            if ctx
                .state
                .store
                .document_name_taken(space.id, document.folder_id, &name, Some(document.id))
                .await?
            {
                errors.add(
                    "name",
                    ctx.ta(
                        "documents-error-name-taken",
                        &[("name", Arg::from(name.as_str()))],
                    ),
                );
            } else {
                ctx.state
                    .store
                    .rename_document(space.id, document.id, &name)
                    .await?;
            }
        }
        Err(e) => errors.add("name", name_message(&ctx, e)),
    }
    if !errors.is_empty() {
        let typed = form.get("name").chars().take(250).collect();
        return document_page(&ctx, &space, fact, &document, None, errors, Some(typed)).await;
    }
    Ok(see_other(&format!(
        "/espaces/{}/documents/{}?fait=renomme",
        space.slug, document.id
    )))
}

/// `POST /espaces/{slug}/documents/{doc}/deplacer` (folder: an id, or empty for the top)
pub async fn move_to(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::ManageDocuments(fact))?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    if document.trashed_at.is_some() {
        return Err(WebError::NotFound);
    }
    let mut errors = FormErrors::default();
    let target = match form.get("folder") {
        "" => None,
        id => {
            let found = match id.parse::<i64>() {
                Ok(id) => ctx.state.store.doc_folder(space.id, id).await?,
                Err(_) => None,
            };
            if found.is_none() {
                errors.add("folder", ctx.t("documents-error-folder-unknown"));
            }
            found.map(|f| f.id)
        }
    };
    if errors.is_empty()
        && ctx
            .state
            .store
            .document_name_taken(space.id, target, &document.name, Some(document.id))
            .await?
    {
        errors.add(
            "folder",
            ctx.ta(
                "documents-error-name-taken",
                &[("name", Arg::from(document.name.as_str()))],
            ),
        );
    }
    if !errors.is_empty() {
        return document_page(&ctx, &space, fact, &document, None, errors, None).await;
    }
    ctx.state
        .store
        .move_document(space.id, document.id, target)
        .await?;
    Ok(see_other(&format!(
        "/espaces/{}/documents/{}?fait=deplace",
        space.slug, document.id
    )))
}

/// `POST /espaces/{slug}/documents/{doc}/corbeille`
pub async fn to_trash(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::ManageDocuments(fact))?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    ctx.state
        .store
        .trash_document(space.id, document.id, ctx.viewer.person_id())
        .await?;
    tracing::info!(document.id = document.id, "document put in the trash");
    record(
        &ctx,
        &space,
        EventKind::DocumentDeleted,
        document.id,
        &document.name,
    )
    .await;
    Ok(see_other(&format!(
        "{}?fait=corbeille",
        folder_url(&space, document.folder_id)
    )))
}

/// `POST /espaces/{slug}/documents/{doc}/restaurer`
pub async fn restore(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::RestoreDocuments(fact))?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    ctx.state
        .store
        .restore_document(space.id, document.id)
        .await?;
    tracing::info!(document.id = document.id, "document restored");
    Ok(see_other(&format!(
        "/espaces/{}/documents/{}?fait=restaure",
        space.slug, document.id
    )))
}

#[derive(Template)]
#[template(path = "documents_trash.html")]
struct TrashPage {
    chrome: Chrome,
    heading: String,
    slug: String,
    space_name: String,
    documents: Vec<DocLine>,
    notice: Option<String>,
}

/// `GET /espaces/{slug}/documents/corbeille`
pub async fn trash(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<FolderQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::RestoreDocuments(fact))?;
    let documents = ctx
        .state
        .store
        .trashed_documents(space.id)
        .await?
        .iter()
        .map(|d| doc_line(&ctx, d))
        .collect();
    let heading = ctx.ta(
        "documents-trash-title",
        &[("space", Arg::from(space.name.as_str()))],
    );
    ctx.render_form(&TrashPage {
        chrome: ctx.chrome(&heading, Nav::Spaces),
        heading,
        slug: space.slug.clone(),
        space_name: space.name.clone(),
        documents,
        notice: notice(&ctx, q.fait.as_deref()),
    })
}

/// `POST /espaces/{slug}/documents/corbeille/vider`: deletes for good.
pub async fn empty_trash(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    ctx.require(Action::RestoreDocuments(fact))?;
    let keys = ctx.state.store.empty_trash(space.id).await?;
    for key in &keys {
        discard(&ctx, key).await;
    }
    tracing::info!(space.id = space.id, objects = keys.len(), "trash emptied");
    Ok(see_other(&format!(
        "/espaces/{}/documents/corbeille?fait=vide",
        space.slug
    )))
}

/// Tells the space's activity stream and members (never the actor); the
/// document change is done whatever happens here.
async fn record(ctx: &PageCtx, space: &SpaceRecord, kind: EventKind, id: i64, name: &str) {
    let path = match kind {
        // A document in the trash has nothing to show to most members.
        EventKind::DocumentDeleted => String::new(),
        _ => format!("/espaces/{}/documents/{id}", space.slug),
    };
    let event = EventInput::new(
        space.id,
        ctx.viewer.person_id(),
        kind,
        "document",
        Some(id),
        name,
        &path,
    );
    if let Err(e) = ctx.state.store.record_event(&event).await {
        tracing::warn!(error = %e, document.id = id, "cannot record the document event");
    }
}

/// Streams a version's bytes: as an attachment, or inline for a preview.
/// Answers a single `Range` (206, or 416 past the end) and `If-None-Match`
/// (304); the caller has checked the permission for this very request.
pub(crate) async fn send(
    ctx: &PageCtx,
    request: &HeaderMap,
    document: &DocumentRecord,
    version: &VersionRecord,
    inline: bool,
) -> Result<Response, WebError> {
    let etag = format!("\"{}\"", version.sha256);
    let size = version.size.max(0) as u64;
    let header_text = |name: header::HeaderName| request.get(name).and_then(|v| v.to_str().ok());
    let set = |v: &str| HeaderValue::from_str(v).map_err(|e| WebError::Internal(e.to_string()));
    // Weak comparison, as RFC 9110 requires for `If-None-Match`: `W/"x"` matches `"x"`.
    let fresh = header_text(header::IF_NONE_MATCH).is_some_and(|tags| {
        comcom_feeds::is_not_modified(Some(tags), None, &etag, chrono::Utc::now())
    });
    let answer = if fresh {
        None
    } else {
        Some(range::decide(
            header_text(header::RANGE),
            header_text(header::IF_RANGE),
            &etag,
            size,
        ))
    };
    let (status, body, length, content_range) = match answer {
        None => (StatusCode::NOT_MODIFIED, Body::empty(), None, None),
        Some(RangeAnswer::Unsatisfiable) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_RANGE, set(&format!("bytes */{size}"))?);
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            headers.insert(header::ETAG, set(&etag)?);
            return Ok(response);
        }
        Some(RangeAnswer::Full) => {
            let (stored, stream) = read_object(ctx, version).await?;
            let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
            (StatusCode::OK, body, Some(stored), None)
        }
        Some(RangeAnswer::Partial { start, last }) => {
            let stream = match ctx
                .state
                .files
                .read_range(&version.object_key, start, last + 1)
                .await
            {
                Ok(stream) => stream,
                Err(FilesError::NotFound) => {
                    tracing::error!(key = %version.object_key, "a version's object is missing");
                    return Err(WebError::NotFound);
                }
                Err(e) => return Err(WebError::Unavailable(e.to_string())),
            };
            let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
            (
                StatusCode::PARTIAL_CONTENT,
                body,
                Some(last + 1 - start),
                Some(format!("bytes {start}-{last}/{size}")),
            )
        }
    };
    // The type recognised at upload; text is offered as a download only.
    let content_type = version.content_type.clone();
    let name = &document.name;
    let policy = if inline && version.content_type == "application/pdf" {
        // Chromium refuses to run its PDF viewer in a sandbox; the bytes are
        // a PDF (checked at upload), never HTML, and nosniff holds them to it.
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    } else {
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, set(&content_type)?);
    if let Some(length) = length {
        headers.insert(header::CONTENT_LENGTH, set(&length.to_string())?);
    }
    if let Some(content_range) = content_range {
        headers.insert(header::CONTENT_RANGE, set(&content_range)?);
    }
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        set(&content_disposition(inline, name))?,
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, set(policy)?);
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::ETAG, set(&etag)?);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(response)
}

/// The whole object of a version: its size and bytes as a stream.
async fn read_object(
    ctx: &PageCtx,
    version: &VersionRecord,
) -> Result<
    (
        u64,
        futures_util::stream::BoxStream<'static, Result<axum::body::Bytes, FilesError>>,
    ),
    WebError,
> {
    match ctx.state.files.read(&version.object_key).await {
        Ok(found) => Ok(found),
        Err(FilesError::NotFound) => {
            tracing::error!(key = %version.object_key, "a version's object is missing");
            Err(WebError::NotFound)
        }
        Err(e) => Err(WebError::Unavailable(e.to_string())),
    }
}

async fn version_of(
    ctx: &PageCtx,
    document: &DocumentRecord,
    id: &str,
) -> Result<VersionRecord, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    ctx.state
        .store
        .document_version(document.id, id)
        .await?
        .ok_or(WebError::NotFound)
}

/// `GET /espaces/{slug}/documents/{doc}/telecharger`: the current version.
pub async fn download_current(
    ctx: PageCtx,
    Path((slug, doc)): Path<(String, String)>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    let version_id = document.current_version_id.ok_or(WebError::NotFound)?;
    let version = version_of(&ctx, &document, &version_id.to_string()).await?;
    send(&ctx, &request, &document, &version, false).await
}

/// `GET /espaces/{slug}/documents/{doc}/versions/{version}/telecharger`
pub async fn download_version(
    ctx: PageCtx,
    Path((slug, doc, version)): Path<(String, String, String)>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    let version = version_of(&ctx, &document, &version).await?;
    send(&ctx, &request, &document, &version, false).await
}

/// `GET /espaces/{slug}/documents/{doc}/versions/{version}/apercu`: PDF and images only.
pub async fn preview_version(
    ctx: PageCtx,
    Path((slug, doc, version)): Path<(String, String, String)>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    let (space, fact) = documents_space(&ctx, &slug).await?;
    let document = space_document(&ctx, &space, fact, &doc).await?;
    let version = version_of(&ctx, &document, &version).await?;
    if !sniff::is_previewable(&version.content_type) {
        return Err(WebError::NotFound);
    }
    send(&ctx, &request, &document, &version, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(Locale::Fr, 512), "512\u{a0}o");
        assert_eq!(human_size(Locale::Fr, 1_500_000), "1,5\u{a0}Mo");
        assert_eq!(human_size(Locale::En, 1_500_000), "1.5 MB");
        assert_eq!(human_size(Locale::Fr, 2_000_000_000), "2,0\u{a0}Go");
        assert_eq!(human_size(Locale::En, 100_000_000), "100 MB");
    }
}
