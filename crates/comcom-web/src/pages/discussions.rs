//! A space's discussions: the list of threads (pinned first, unread counts),
//! a thread with its replies, replying, editing with history, lock and pin.
//! Posts are Markdown shown through `comcom-markdown`; `@prénom.nom` names a
//! member of the space, becomes a link and notifies them.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use comcom_core::events::EventKind;
use comcom_core::mentions;
use comcom_core::permissions::{Action, SpaceFact};
use comcom_i18n::Arg;
use comcom_store::discussions::{PostRecord, ReplyOutcome, ThreadRecord};
use comcom_store::events::EventInput;
use comcom_store::spaces::SpaceRecord;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::{FormData, FormErrors};
use crate::pages::spaces::visible_space;
use crate::pages::{PageCtx, see_other};

/// Longest thread title.
pub const MAX_TITLE: usize = 200;
/// Longest post, in characters.
pub const MAX_BODY: usize = 20_000;
/// Threads per page of the list.
const PAGE: i64 = 30;

#[derive(serde::Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

/// The space at `slug` if the viewer may read its discussions.
async fn discussion_space(ctx: &PageCtx, slug: &str) -> Result<(SpaceRecord, SpaceFact), WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    ctx.require(Action::ReadDiscussions(fact))?;
    Ok((space, fact))
}

/// The thread `id` of the space, for the viewer; a thread of another space
/// is answered like a missing one.
async fn thread_of(ctx: &PageCtx, space: &SpaceRecord, id: &str) -> Result<ThreadRecord, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    ctx.state
        .store
        .thread(id, ctx.viewer.person_id())
        .await?
        .filter(|t| t.space_id == space.id)
        .ok_or(WebError::NotFound)
}

fn thread_path(space: &SpaceRecord, thread_id: i64) -> String {
    format!("/espaces/{}/discussions/{thread_id}", space.slug)
}

/// Members of the space who may be mentioned: (id, name).
async fn mentionable(ctx: &PageCtx, space: &SpaceRecord) -> Result<Vec<(i64, String)>, WebError> {
    Ok(ctx
        .state
        .store
        .members(space.id)
        .await?
        .into_iter()
        .map(|m| (m.person_id, m.display_name))
        .collect())
}

/// A post's Markdown as HTML, mentions of members as links.
fn render_body(body: &str, members: &[(i64, String)]) -> String {
    let linked = mentions::link(body, members, |id| format!("/personnes/{id}"));
    comcom_markdown::to_html(&linked)
}

fn when(ctx: &PageCtx, stamp: &str) -> String {
    comcom_store::time::parse(stamp)
        .map(|t| clock::show(ctx.locale, &ctx.site.territory.time_zone, t))
        .unwrap_or_default()
}

fn check_body(ctx: &PageCtx, body: &str, errors: &mut FormErrors) {
    if body.is_empty() {
        errors.add("body", ctx.t("error-post-empty"));
    } else if body.chars().count() > MAX_BODY {
        errors.add(
            "body",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_BODY))]),
        );
    }
}

fn check_title(ctx: &PageCtx, title: &str, errors: &mut FormErrors) {
    if title.is_empty() {
        errors.add("title", ctx.t("error-thread-title-empty"));
    } else if title.chars().count() > MAX_TITLE {
        errors.add(
            "title",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_TITLE))]),
        );
    }
}

pub struct ThreadLine {
    url: String,
    title: String,
    meta: String,
    pinned: bool,
    locked: bool,
    /// « nouveau » or « 3 non lus », empty when all is read.
    unread: String,
}

#[derive(Template)]
#[template(path = "discussions.html")]
struct ListPage {
    chrome: Chrome,
    slug: String,
    name: String,
    threads: Vec<ThreadLine>,
    previous: Option<String>,
    next: Option<String>,
    can_post: bool,
    title: String,
    body: String,
    errors: FormErrors,
}

/// `GET /espaces/{slug}/discussions[?page=N]`
pub async fn index(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    // A page number that is not one shows the first page.
    let page = query
        .page
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    list_page(
        &ctx,
        &space,
        fact,
        page,
        String::new(),
        String::new(),
        FormErrors::default(),
    )
    .await
}

async fn list_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    fact: SpaceFact,
    page: i64,
    title: String,
    body: String,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let reader = ctx.viewer.person_id();
    // One more than a page tells whether there is a next one.
    let mut found = ctx
        .state
        .store
        .thread_page(space.id, reader, (page - 1) * PAGE, PAGE + 1)
        .await?;
    let more = found.len() as i64 > PAGE;
    found.truncate(PAGE as usize);
    let base = format!("/espaces/{}/discussions", space.slug);
    let previous = (page > 1).then(|| format!("{base}?page={}", page - 1));
    let next = more.then(|| format!("{base}?page={}", page + 1));
    let threads = found
        .into_iter()
        .map(|t| {
            let unread = if reader.is_none() || t.unread == 0 {
                String::new()
            } else if t.never_read {
                ctx.t("discussions-new")
            } else {
                ctx.ta("discussions-unread", &[("count", Arg::from(t.unread))])
            };
            ThreadLine {
                url: thread_path(space, t.id),
                meta: ctx.ta(
                    "discussions-meta",
                    &[
                        ("name", Arg::from(t.author_name.as_str())),
                        ("count", Arg::from(t.reply_count)),
                        ("date", Arg::from(when(ctx, &t.last_post_at))),
                    ],
                ),
                title: t.title,
                pinned: t.pinned,
                locked: t.locked,
                unread,
            }
        })
        .collect();
    let invalid = !errors.is_empty();
    let page = ListPage {
        chrome: ctx.chrome(
            &ctx.ta(
                "discussions-title",
                &[("space", Arg::from(space.name.as_str()))],
            ),
            Nav::Spaces,
        ),
        slug: space.slug.clone(),
        name: space.name.clone(),
        threads,
        previous,
        next,
        can_post: ctx
            .viewer
            .decide(Action::PostInDiscussions(fact))
            .is_allowed(),
        title,
        body,
        errors,
    };
    ctx.render_form_page(&page, invalid)
}

/// `POST /espaces/{slug}/discussions`: opens a thread.
pub async fn create(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    ctx.require(Action::PostInDiscussions(fact))?;
    let author = ctx.person_id()?;
    let title = form.get("title").to_owned();
    let body = form.get("body").to_owned();
    let mut errors = FormErrors::default();
    check_title(&ctx, &title, &mut errors);
    check_body(&ctx, &body, &mut errors);
    if !errors.is_empty() {
        return list_page(&ctx, &space, fact, 1, title, body, errors).await;
    }
    let (thread_id, _) = ctx
        .state
        .store
        .create_thread(space.id, author, &title, &body)
        .await?;
    let members = mentionable(&ctx, &space).await?;
    let path = thread_path(&space, thread_id);
    let mut event = EventInput::new(
        space.id,
        Some(author),
        EventKind::ThreadCreated,
        "thread",
        Some(thread_id),
        &title,
        &path,
    );
    event.mentions = mentions::resolve(&body, &members);
    ctx.state.store.record_event(&event).await?;
    tracing::info!(thread.id = thread_id, space.id = space.id, "thread opened");
    Ok(see_other(&path))
}

pub struct PostView {
    id: i64,
    author: String,
    author_id: Option<i64>,
    date: String,
    edited: String,
    history_url: Option<String>,
    edit_url: Option<String>,
    body_html: String,
    is_new: bool,
    heading: String,
}

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadPage {
    chrome: Chrome,
    slug: String,
    name: String,
    path: String,
    title: String,
    pinned: bool,
    locked: bool,
    opening: Option<PostView>,
    replies: Vec<PostView>,
    replies_heading: String,
    can_reply: bool,
    can_moderate: bool,
    body: String,
    errors: FormErrors,
    mention_hint: String,
}

/// `GET /espaces/{slug}/discussions/{id}`: the thread; what was new is marked,
/// then counted as read.
pub async fn show(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    let thread = thread_of(&ctx, &space, &id).await?;
    thread_page(
        &ctx,
        &space,
        fact,
        thread,
        String::new(),
        FormErrors::default(),
        None,
    )
    .await
}

async fn thread_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    fact: SpaceFact,
    thread: ThreadRecord,
    body: String,
    errors: FormErrors,
    status: Option<StatusCode>,
) -> Result<Response, WebError> {
    let store = &ctx.state.store;
    let reader = ctx.viewer.person_id();
    let read_up_to = match reader {
        Some(person) => store.read_up_to(person, thread.id).await?,
        None => None,
    };
    let posts = store.posts(thread.id).await?;
    let members = mentionable(ctx, space).await?;
    let can_moderate = ctx
        .viewer
        .decide(Action::ModerateDiscussions(fact))
        .is_allowed();
    let path = thread_path(space, thread.id);
    let view = |post: &PostRecord| {
        let own = post.author_id.is_some() && post.author_id == reader;
        let may_edit = ctx
            .viewer
            .decide(Action::EditPost { space: fact, own })
            .is_allowed();
        let edited = match (&post.edited_at, &post.edited_by_name) {
            (Some(at), Some(by)) => ctx.ta(
                "post-edited",
                &[
                    ("date", Arg::from(when(ctx, at))),
                    ("name", Arg::from(by.as_str())),
                ],
            ),
            (Some(at), None) => ctx.ta(
                "post-edited",
                &[
                    ("date", Arg::from(when(ctx, at))),
                    ("name", Arg::from(ctx.t("event-someone"))),
                ],
            ),
            _ => String::new(),
        };
        PostView {
            id: post.id,
            author: if post.author_name.is_empty() {
                ctx.t("event-someone")
            } else {
                post.author_name.clone()
            },
            author_id: post.author_id,
            date: when(ctx, &post.created_at),
            edited,
            history_url: (post.revisions > 0)
                .then(|| format!("{path}/messages/{}/historique", post.id)),
            edit_url: may_edit.then(|| format!("{path}/messages/{}/modifier", post.id)),
            body_html: render_body(&post.body, &members),
            is_new: reader.is_some() && read_up_to.is_none_or(|r| post.id > r),
            heading: ctx.ta(
                "post-heading",
                &[("name", Arg::from(post.author_name.as_str()))],
            ),
        }
    };
    let mut views: Vec<PostView> = posts.iter().map(view).collect();
    let opening = if views.is_empty() {
        None
    } else {
        Some(views.remove(0))
    };
    if let (Some(person), Some(last)) = (reader, posts.last()) {
        store.mark_thread_read(person, thread.id, last.id).await?;
        store
            .mark_object_notifications_read(person, "thread", thread.id)
            .await?;
    }
    let can_reply = !thread.locked
        && ctx
            .viewer
            .decide(Action::PostInDiscussions(fact))
            .is_allowed();
    let page = ThreadPage {
        chrome: ctx.chrome(&thread.title, Nav::Spaces),
        slug: space.slug.clone(),
        name: space.name.clone(),
        path,
        replies_heading: ctx.ta(
            "thread-replies",
            &[("count", Arg::from(thread.reply_count))],
        ),
        title: thread.title,
        pinned: thread.pinned,
        locked: thread.locked,
        opening,
        replies: views,
        can_reply,
        can_moderate,
        body,
        errors,
        mention_hint: ctx.t("field-post-body-hint"),
    };
    let mut response = ctx.render_form(&page)?;
    if let Some(status) = status {
        *response.status_mut() = status;
    }
    Ok(response)
}

/// `POST /espaces/{slug}/discussions/{id}/repondre`
pub async fn reply(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    ctx.require(Action::PostInDiscussions(fact))?;
    let author = ctx.person_id()?;
    let thread = thread_of(&ctx, &space, &id).await?;
    let body = form.get("body").to_owned();
    let mut errors = FormErrors::default();
    if thread.locked {
        errors.add("body", ctx.t("error-thread-locked"));
        let status = Some(StatusCode::CONFLICT);
        return thread_page(&ctx, &space, fact, thread, body, errors, status).await;
    }
    check_body(&ctx, &body, &mut errors);
    if !errors.is_empty() {
        let status = Some(StatusCode::UNPROCESSABLE_ENTITY);
        return thread_page(&ctx, &space, fact, thread, body, errors, status).await;
    }
    let post_id = match ctx.state.store.reply(thread.id, author, &body).await? {
        ReplyOutcome::Posted(id) => id,
        ReplyOutcome::Missing => return Err(WebError::NotFound),
        ReplyOutcome::Locked => {
            errors.add("body", ctx.t("error-thread-locked"));
            let thread = thread_of(&ctx, &space, &id).await?;
            let status = Some(StatusCode::CONFLICT);
            return thread_page(&ctx, &space, fact, thread, body, errors, status).await;
        }
    };
    let members = mentionable(&ctx, &space).await?;
    let path = thread_path(&space, thread.id);
    let mut event = EventInput::new(
        space.id,
        Some(author),
        EventKind::ReplyPosted,
        "thread",
        Some(thread.id),
        &thread.title,
        &format!("{path}#message-{post_id}"),
    );
    event.mentions = mentions::resolve(&body, &members);
    ctx.state.store.record_event(&event).await?;
    tracing::info!(thread.id = thread.id, post.id = post_id, "reply posted");
    Ok(see_other(&format!("{path}#message-{post_id}")))
}

/// The post `post` of the thread, if the viewer may edit it.
async fn editable_post(
    ctx: &PageCtx,
    space: &SpaceRecord,
    fact: SpaceFact,
    thread: &ThreadRecord,
    post: &str,
) -> Result<(PostRecord, bool), WebError> {
    let post_id: i64 = post.parse().map_err(|_| WebError::NotFound)?;
    let post = ctx
        .state
        .store
        .post(post_id)
        .await?
        .filter(|p| p.thread_id == thread.id)
        .ok_or(WebError::NotFound)?;
    let own = post.author_id.is_some() && post.author_id == ctx.viewer.person_id();
    ctx.require(Action::EditPost { space: fact, own })?;
    let _ = space;
    let opening = ctx.state.store.opening_post_id(thread.id).await? == Some(post.id);
    Ok((post, opening))
}

#[derive(Template)]
#[template(path = "post_edit.html")]
struct EditPage {
    chrome: Chrome,
    slug: String,
    name: String,
    thread_url: String,
    thread_title: String,
    action: String,
    with_title: bool,
    title: String,
    body: String,
    errors: FormErrors,
}

/// `GET /espaces/{slug}/discussions/{id}/messages/{post}/modifier`
pub async fn edit_form(
    ctx: PageCtx,
    Path((slug, id, post)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    let thread = thread_of(&ctx, &space, &id).await?;
    let (post, opening) = editable_post(&ctx, &space, fact, &thread, &post).await?;
    let page = edit_page(
        &ctx,
        &space,
        &thread,
        &post,
        opening,
        thread.title.clone(),
        post.body.clone(),
        FormErrors::default(),
    );
    ctx.render_form(&page)
}

#[allow(clippy::too_many_arguments)]
fn edit_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    thread: &ThreadRecord,
    post: &PostRecord,
    opening: bool,
    title: String,
    body: String,
    errors: FormErrors,
) -> EditPage {
    let thread_url = thread_path(space, thread.id);
    EditPage {
        chrome: ctx.chrome(&ctx.t("post-edit-title"), Nav::Spaces),
        slug: space.slug.clone(),
        name: space.name.clone(),
        action: format!("{thread_url}/messages/{}/modifier", post.id),
        thread_url,
        thread_title: thread.title.clone(),
        with_title: opening,
        title,
        body,
        errors,
    }
}

/// `POST /espaces/{slug}/discussions/{id}/messages/{post}/modifier`: the
/// earlier version is kept; people newly mentioned are notified.
pub async fn update(
    ctx: PageCtx,
    Path((slug, id, post)): Path<(String, String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    let thread = thread_of(&ctx, &space, &id).await?;
    let (post, opening) = editable_post(&ctx, &space, fact, &thread, &post).await?;
    let editor = ctx.person_id()?;
    let title = form.get("title").to_owned();
    let body = form.get("body").to_owned();
    let mut errors = FormErrors::default();
    if opening {
        check_title(&ctx, &title, &mut errors);
    }
    check_body(&ctx, &body, &mut errors);
    if !errors.is_empty() {
        let page = edit_page(&ctx, &space, &thread, &post, opening, title, body, errors);
        return ctx.render_invalid(&page);
    }
    let changed = ctx
        .state
        .store
        .edit_post(post.id, editor, &body, opening.then_some(title.as_str()))
        .await?;
    let path = thread_path(&space, thread.id);
    if changed {
        let members = mentionable(&ctx, &space).await?;
        let before = mentions::resolve(&post.body, &members);
        let mut event = EventInput::new(
            space.id,
            Some(editor),
            EventKind::PostEdited,
            "thread",
            Some(thread.id),
            if opening { &title } else { &thread.title },
            &format!("{path}#message-{}", post.id),
        );
        event.mentions = mentions::resolve(&body, &members)
            .into_iter()
            .filter(|id| !before.contains(id))
            .collect();
        ctx.state.store.record_event(&event).await?;
        tracing::info!(post.id = post.id, "post edited");
    }
    Ok(see_other(&format!("{path}#message-{}", post.id)))
}

pub struct RevisionView {
    heading: String,
    title: Option<String>,
    body_html: String,
}

#[derive(Template)]
#[template(path = "post_history.html")]
struct HistoryPage {
    chrome: Chrome,
    slug: String,
    name: String,
    thread_url: String,
    thread_title: String,
    post_id: i64,
    current_heading: String,
    current_html: String,
    revisions: Vec<RevisionView>,
}

/// `GET /espaces/{slug}/discussions/{id}/messages/{post}/historique`: every
/// version of a post, newest first.
pub async fn history(
    ctx: PageCtx,
    Path((slug, id, post)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let (space, _) = discussion_space(&ctx, &slug).await?;
    let thread = thread_of(&ctx, &space, &id).await?;
    let post_id: i64 = post.parse().map_err(|_| WebError::NotFound)?;
    let post = ctx
        .state
        .store
        .post(post_id)
        .await?
        .filter(|p| p.thread_id == thread.id)
        .ok_or(WebError::NotFound)?;
    let members = mentionable(&ctx, &space).await?;
    let revisions = ctx
        .state
        .store
        .post_revisions(post.id)
        .await?
        .into_iter()
        .map(|r| RevisionView {
            heading: ctx.ta(
                "history-version",
                &[
                    ("name", Arg::from(r.written_by_name.as_str())),
                    ("date", Arg::from(when(&ctx, &r.written_at))),
                ],
            ),
            title: r
                .title
                .map(|t| ctx.ta("history-thread-title", &[("title", Arg::from(t))])),
            body_html: render_body(&r.body, &members),
        })
        .collect();
    let current_heading = ctx.ta(
        "history-current",
        &[(
            "date",
            Arg::from(when(
                &ctx,
                post.edited_at.as_deref().unwrap_or(&post.created_at),
            )),
        )],
    );
    ctx.render(&HistoryPage {
        chrome: ctx.chrome(&ctx.t("history-title"), Nav::Spaces),
        slug: space.slug.clone(),
        name: space.name.clone(),
        thread_url: thread_path(&space, thread.id),
        thread_title: thread.title,
        post_id: post.id,
        current_heading,
        current_html: render_body(&post.body, &members),
        revisions,
    })
}

/// `POST /espaces/{slug}/discussions/{id}/epingler` (`value` 1 or 0).
pub async fn pin(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    moderate(ctx, slug, id, form, Moderation::Pin).await
}

/// `POST /espaces/{slug}/discussions/{id}/verrouiller` (`value` 1 or 0).
pub async fn lock(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    moderate(ctx, slug, id, form, Moderation::Lock).await
}

enum Moderation {
    Pin,
    Lock,
}

async fn moderate(
    ctx: PageCtx,
    slug: String,
    id: String,
    form: FormData,
    what: Moderation,
) -> Result<Response, WebError> {
    let (space, fact) = discussion_space(&ctx, &slug).await?;
    ctx.require(Action::ModerateDiscussions(fact))?;
    let thread = thread_of(&ctx, &space, &id).await?;
    let on = match form.get("value") {
        "1" => true,
        "0" => false,
        _ => return Err(WebError::BadRequest),
    };
    match what {
        Moderation::Pin => ctx.state.store.set_thread_pinned(thread.id, on).await?,
        Moderation::Lock => ctx.state.store.set_thread_locked(thread.id, on).await?,
    }
    tracing::info!(thread.id = thread.id, on, "thread moderated");
    Ok(see_other(&thread_path(&space, thread.id)))
}
