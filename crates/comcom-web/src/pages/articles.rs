//! News (actualités): a space's list, writing with a server-side preview,
//! draft / scheduled / published, one image with its text alternative, the
//! article's page, and the portal's public news.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use comcom_core::permissions::{Action, SpaceFact};
use comcom_i18n::Arg;
use comcom_store::articles::{
    ArticleDraft, ArticleImage, ArticleRecord, ArticleStatus, ImageChange,
};
use comcom_store::spaces::SpaceRecord;
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::FormErrors;
use crate::multipart::{MultiForm, image_type};
use crate::pages::spaces::visible_space;
use crate::pages::{PageCtx, see_other};

/// Largest image accepted for an article.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Articles per page of a list.
const PER_PAGE: i64 = 20;
const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 50_000;
const MAX_ALT: usize = 300;

/// An article as lists show it.
pub struct ArticleLine {
    pub url: String,
    pub title: String,
    pub date: String,
    pub excerpt: String,
    pub state: String,
    pub space: String,
}

/// The public path of an article.
pub fn article_path(a: &ArticleRecord) -> String {
    format!("/espaces/{}/actualites/{}", a.space_slug, a.id)
}

/// One line of a list, in the page's language and the territory's time.
pub fn line(ctx: &PageCtx, a: &ArticleRecord) -> ArticleLine {
    let now = Utc::now();
    let when = a.publish_at.unwrap_or(a.updated_at);
    let state = if a.status == ArticleStatus::Draft {
        ctx.t("article-state-draft")
    } else if a.is_scheduled(now) {
        ctx.t("article-state-scheduled")
    } else {
        String::new()
    };
    ArticleLine {
        url: article_path(a),
        title: a.title.clone(),
        date: clock::show(ctx.locale, &ctx.site.territory.time_zone, when),
        excerpt: comcom_markdown::excerpt(&a.body, 240),
        state,
        space: a.space_name.clone(),
    }
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

fn page_number(q: &PageQuery) -> i64 {
    q.page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1)
}

#[derive(Template)]
#[template(path = "articles.html")]
struct ArticlesPage {
    chrome: Chrome,
    heading: String,
    space_slug: Option<String>,
    can_write: bool,
    articles: Vec<ArticleLine>,
    previous: Option<String>,
    next: Option<String>,
    feed_atom: String,
}

fn pager(base: &str, page: i64, shown: usize) -> (Option<String>, Option<String>) {
    let previous = (page > 1).then(|| format!("{base}?page={}", page - 1));
    let next = (shown as i64 == PER_PAGE).then(|| format!("{base}?page={}", page + 1));
    (previous, next)
}

/// `GET /espaces/{slug}/actualites`
pub async fn space_list(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = visible_space(&ctx, &slug).await?;
    let can_write = ctx.viewer.decide(Action::WriteArticle(fact)).is_allowed();
    let page = page_number(&q);
    let list = ctx
        .state
        .store
        .space_articles(space.id, can_write, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let base = format!("/espaces/{}/actualites", space.slug);
    let (previous, next) = pager(&base, page, list.len());
    let heading = ctx.ta(
        "articles-of-space",
        &[("space", Arg::from(space.name.as_str()))],
    );
    let mut chrome = ctx.chrome(&heading, Nav::Spaces);
    if space.visibility == comcom_core::Visibility::Public {
        let title = format!("{} – {}", space.name, ctx.site.territory.name);
        let prefix = format!("/espaces/{}", space.slug);
        let mut feeds = crate::pages::feeds::discovery(&prefix, &title);
        feeds.push(crate::pages::public_calendar::discovery(
            &ctx, &prefix, &title,
        ));
        chrome.feeds.splice(0..0, feeds);
    }
    ctx.render(&ArticlesPage {
        chrome,
        heading,
        space_slug: Some(space.slug.clone()),
        can_write,
        articles: list.iter().map(|a| line(&ctx, a)).collect(),
        previous,
        next,
        feed_atom: format!("/espaces/{}/feed.atom", space.slug),
    })
}

/// `GET /actualites`: the live news of the territory's public spaces.
pub async fn public_list(ctx: PageCtx, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let page = page_number(&q);
    let list = ctx
        .state
        .store
        .public_articles(ctx.territory_id(), PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let (previous, next) = pager("/actualites", page, list.len());
    let heading = ctx.t("articles-title");
    ctx.render(&ArticlesPage {
        chrome: ctx.chrome(&heading, Nav::News),
        heading,
        space_slug: None,
        can_write: false,
        articles: list.iter().map(|a| line(&ctx, a)).collect(),
        previous,
        next,
        feed_atom: "/feed.atom".to_owned(),
    })
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    chrome: Chrome,
    space_slug: String,
    space_name: String,
    title: String,
    date: String,
    updated: Option<String>,
    author: Option<String>,
    state: String,
    body_html: String,
    image: Option<(String, String)>,
    communes: Vec<(String, String)>,
    /// Slug and name of each category.
    categories: Vec<(String, String)>,
    edit: Option<String>,
    files: Vec<crate::pages::article_files::FileLine>,
}

/// The article `id` of space `slug`, if the viewer may read it (writers also
/// see drafts and scheduled ones).
pub(crate) async fn readable(
    ctx: &PageCtx,
    slug: &str,
    id: &str,
) -> Result<(SpaceRecord, SpaceFact, ArticleRecord), WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let article = ctx
        .state
        .store
        .article(id)
        .await?
        .filter(|a| a.space_id == space.id)
        .ok_or(WebError::NotFound)?;
    let can_write = ctx.viewer.decide(Action::WriteArticle(fact)).is_allowed();
    if !article.is_live(Utc::now()) && !can_write {
        return Err(WebError::NotFound);
    }
    Ok((space, fact, article))
}

/// `GET /espaces/{slug}/actualites/{id}`
pub async fn show(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (space, fact, article) = readable(&ctx, &slug, &id).await?;
    let tz = &ctx.site.territory.time_zone;
    let when = article.publish_at.unwrap_or(article.created_at);
    let updated = (article.updated_at > when + chrono::Duration::minutes(5)).then(|| {
        ctx.ta(
            "article-updated",
            &[(
                "date",
                Arg::from(clock::show(ctx.locale, tz, article.updated_at)),
            )],
        )
    });
    let all = ctx.state.store.communes(ctx.territory_id()).await?;
    let concerned = ctx.state.store.article_communes(article.id).await?;
    let communes = all
        .into_iter()
        .filter(|c| concerned.contains(&c.id))
        .map(|c| (c.insee_code.to_string(), c.name))
        .collect();
    let chosen = ctx.state.store.article_categories(article.id).await?;
    let categories = ctx
        .state
        .store
        .categories(ctx.territory_id())
        .await?
        .into_iter()
        .filter(|c| chosen.contains(&c.id))
        .map(|c| (c.slug, c.name))
        .collect();
    let can_write = ctx.viewer.decide(Action::WriteArticle(fact)).is_allowed();
    let mut chrome = ctx.chrome(&article.title, Nav::Spaces);
    if space.visibility == comcom_core::Visibility::Public && article.is_live(Utc::now()) {
        let page = ctx.site.absolute(&article_path(&article));
        chrome.feeds.push((
            "application/json+oembed",
            article.title.clone(),
            crate::pages::embed::oembed_link(&ctx.site, &page),
        ));
    }
    let files = crate::pages::article_files::lines(&ctx, &article).await?;
    ctx.render(&ArticlePage {
        files,
        chrome,
        space_slug: space.slug.clone(),
        space_name: space.name.clone(),
        date: clock::show(ctx.locale, tz, when),
        updated,
        author: article.author_name.clone(),
        state: line(&ctx, &article).state,
        body_html: comcom_markdown::to_html(&article.body),
        image: article.has_image.then(|| {
            (
                format!("/actualites/{}/image", article.id),
                article.image_alt.clone().unwrap_or_default(),
            )
        }),
        communes,
        categories,
        edit: can_write.then(|| format!("{}/modifier", article_path(&article))),
        title: article.title,
    })
}

/// The `Cache-Control` of an article's image or attached file: shared caches
/// may keep it only while the article is live in a public space; anything
/// else (a restricted or private space, a draft) is for the viewer alone and
/// never stored.
pub(crate) fn file_cache_control(space: &SpaceRecord, article: &ArticleRecord) -> &'static str {
    if space.visibility == comcom_core::Visibility::Public && article.is_live(Utc::now()) {
        "public, max-age=3600"
    } else {
        "private, no-store"
    }
}

/// `GET /actualites/{id}/image`: the image, for whoever may read the article.
pub async fn image(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let article = ctx
        .state
        .store
        .article(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if article.territory_id != ctx.territory_id() {
        return Err(WebError::NotFound);
    }
    let (space, _, _) = readable(&ctx, &article.space_slug, &id.to_string()).await?;
    let image = ctx
        .state
        .store
        .article_image(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cache = file_cache_control(&space, &article);
    Ok((
        [
            (header::CONTENT_TYPE, image.content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::VARY, "Cookie".to_owned()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
        ],
        image.bytes,
    )
        .into_response())
}

// ----- writing

#[derive(Template)]
#[template(path = "article_form.html")]
struct ArticleForm {
    chrome: Chrome,
    heading: String,
    action: String,
    space_slug: String,
    space_name: String,
    errors: FormErrors,
    title: String,
    body: String,
    publication: String,
    publish_at: String,
    image_alt: String,
    has_image: bool,
    communes: Vec<(String, String, bool)>,
    categories: Vec<(String, String, bool)>,
    preview: Option<String>,
    time_zone: String,
    /// Labels of the Markdown toolbar, as JSON for editor.js.
    toolbar: String,
    /// The attached files, when changing an article.
    files: Option<crate::pages::article_files::FilesSection>,
}

/// What the form holds, as typed.
#[derive(Default)]
struct Values {
    title: String,
    body: String,
    publication: String,
    publish_at: String,
    image_alt: String,
    communes: Vec<String>,
    /// Ids of the chosen categories.
    categories: Vec<String>,
    /// The article already has an image (editing).
    has_image: bool,
    /// Rendered body, when the writer asked for a preview.
    preview: Option<String>,
    /// The article being changed (its files are shown), `None` for a new one.
    article_id: Option<i64>,
}

async fn render_form(
    ctx: &PageCtx,
    space: &SpaceRecord,
    action: String,
    heading: String,
    values: Values,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let (has_image, preview) = (values.has_image, values.preview.clone());
    let communes = ctx
        .state
        .store
        .communes(ctx.territory_id())
        .await?
        .into_iter()
        .map(|c| {
            let code = c.insee_code.to_string();
            let checked = values.communes.contains(&code);
            (code, c.name, checked)
        })
        .collect();
    let categories = ctx
        .state
        .store
        .categories(ctx.territory_id())
        .await?
        .into_iter()
        .map(|c| {
            let id = c.id.to_string();
            let checked = values.categories.contains(&id);
            (id, c.name, checked)
        })
        .collect();
    let invalid = !errors.is_empty();
    let files = match values.article_id {
        Some(id) => Some(crate::pages::article_files::section(ctx, space, id).await?),
        None => None,
    };
    let page = ArticleForm {
        files,
        categories,
        chrome: ctx.chrome(&heading, Nav::Spaces),
        heading,
        action: format!("{action}?csrf={}", ctx.csrf),
        space_slug: space.slug.clone(),
        space_name: space.name.clone(),
        errors,
        title: values.title,
        body: values.body,
        publication: if values.publication.is_empty() {
            "draft".to_owned()
        } else {
            values.publication
        },
        publish_at: values.publish_at,
        image_alt: values.image_alt,
        has_image,
        communes,
        preview,
        toolbar: toolbar_labels(ctx),
        time_zone: ctx.ta(
            "field-article-publish-at-hint",
            &[("zone", Arg::from(ctx.site.territory.time_zone.as_str()))],
        ),
    };
    ctx.render_form_page(&page, invalid)
}

/// The space at `slug` if the viewer may write its news.
async fn writable_space(ctx: &PageCtx, slug: &str) -> Result<SpaceRecord, WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    ctx.require(Action::WriteArticle(fact))?;
    Ok(space)
}

/// `GET /espaces/{slug}/actualites/nouvelle`
pub async fn new_form(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let space = writable_space(&ctx, &slug).await?;
    let action = format!("/espaces/{}/actualites/nouvelle", space.slug);
    render_form(
        &ctx,
        &space,
        action,
        ctx.t("article-new"),
        Values::default(),
        FormErrors::default(),
    )
    .await
}

/// A checked submission.
struct Checked {
    draft_status: ArticleStatus,
    publish_at: Option<DateTime<Utc>>,
    communes: Vec<i64>,
    categories: Vec<i64>,
    image: Option<ArticleImage>,
}

/// Checks the form; fills `errors` with one message per wrong field.
async fn check(
    ctx: &PageCtx,
    form: &MultiForm,
    values: &Values,
    has_image: bool,
    errors: &mut FormErrors,
) -> Result<Checked, WebError> {
    let title_len = values.title.chars().count();
    if title_len == 0 {
        errors.add("title", ctx.t("error-article-title"));
    } else if title_len > MAX_TITLE || values.title.chars().any(char::is_control) {
        errors.add(
            "title",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_TITLE))]),
        );
    }
    if values.body.is_empty() {
        errors.add("body", ctx.t("error-article-body"));
    } else if values.body.chars().count() > MAX_BODY {
        errors.add(
            "body",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_BODY))]),
        );
    }
    let tz = &ctx.site.territory.time_zone;
    let (draft_status, publish_at) = match values.publication.as_str() {
        "draft" | "" => (ArticleStatus::Draft, None),
        "now" => (ArticleStatus::Published, None),
        "schedule" => match clock::parse_local(tz, &values.publish_at) {
            Some(at) if at > Utc::now() => (ArticleStatus::Published, Some(at)),
            Some(_) => {
                errors.add("publish_at", ctx.t("error-article-past"));
                (ArticleStatus::Draft, None)
            }
            None => {
                errors.add("publish_at", ctx.t("error-article-date"));
                (ArticleStatus::Draft, None)
            }
        },
        _ => {
            errors.add("publication", ctx.t("error-article-publication"));
            (ArticleStatus::Draft, None)
        }
    };
    let all = ctx.state.store.communes(ctx.territory_id()).await?;
    let mut communes = Vec::new();
    for code in &values.communes {
        match all.iter().find(|c| c.insee_code.as_str() == code) {
            Some(c) if !communes.contains(&c.id) => communes.push(c.id),
            Some(_) => {}
            None => errors.add("communes", ctx.t("error-article-commune")),
        }
    }
    let known = ctx.state.store.categories(ctx.territory_id()).await?;
    let mut categories = Vec::new();
    for id in &values.categories {
        match known.iter().find(|c| c.id.to_string() == *id) {
            Some(c) if !categories.contains(&c.id) => categories.push(c.id),
            Some(_) => {}
            None => errors.add("categories", ctx.t("error-article-category")),
        }
    }
    let alt_len = values.image_alt.chars().count();
    let image = match &form.file {
        Some(bytes) => match image_type(bytes) {
            Some(content_type) => Some(ArticleImage {
                bytes: bytes.clone(),
                content_type: content_type.to_owned(),
                alt: values.image_alt.clone(),
            }),
            None => {
                errors.add("image", ctx.t("error-article-image-type"));
                None
            }
        },
        None => None,
    };
    if (image.is_some() || (has_image && form.get("remove_image").is_empty())) && alt_len == 0 {
        errors.add("image_alt", ctx.t("error-article-alt"));
    } else if alt_len > MAX_ALT {
        errors.add(
            "image_alt",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_ALT))]),
        );
    }
    Ok(Checked {
        draft_status,
        publish_at,
        communes,
        categories,
        image,
    })
}

fn values_of(form: &MultiForm) -> Values {
    Values {
        title: form.get("title").to_owned(),
        body: form.get("body").to_owned(),
        publication: form.get("publication").to_owned(),
        publish_at: form.get("publish_at").to_owned(),
        image_alt: form.get("image_alt").to_owned(),
        communes: form.all("commune").into_iter().map(str::to_owned).collect(),
        categories: form
            .all("category")
            .into_iter()
            .map(str::to_owned)
            .collect(),
        has_image: false,
        preview: None,
        article_id: None,
    }
}

/// The values shown again after a refusal, cut to their limits.
fn kept(mut values: Values) -> Values {
    values.title = values.title.chars().take(MAX_TITLE * 2).collect();
    values.body = values.body.chars().take(MAX_BODY).collect();
    values.image_alt = values.image_alt.chars().take(MAX_ALT * 2).collect();
    values.publish_at = values.publish_at.chars().take(40).collect();
    values.publication = values.publication.chars().take(20).collect();
    values
}

/// `POST /espaces/{slug}/actualites/nouvelle?csrf=…` (multipart)
pub async fn create(
    ctx: PageCtx,
    Path(slug): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let space = writable_space(&ctx, &slug).await?;
    let form = MultiForm::read(
        multipart.map_err(|_| WebError::BadRequest)?,
        "image",
        MAX_IMAGE_BYTES,
    )
    .await?;
    let values = values_of(&form);
    let action = format!("/espaces/{}/actualites/nouvelle", space.slug);
    let mut errors = FormErrors::default();
    let checked = check(&ctx, &form, &values, false, &mut errors).await?;
    let preview = (form.get("action") == "preview" && !values.body.is_empty())
        .then(|| comcom_markdown::to_html(&values.body));
    if !errors.is_empty() || preview.is_some() {
        let heading = ctx.t("article-new");
        let values = Values {
            preview,
            ..kept(values)
        };
        return render_form(&ctx, &space, action, heading, values, errors).await;
    }
    let draft = ArticleDraft {
        title: &values.title,
        body: &values.body,
        status: checked.draft_status,
        publish_at: checked.publish_at,
        communes: &checked.communes,
    };
    let author = ctx.viewer.person_id();
    let id = ctx
        .state
        .store
        .create_article_with_categories(
            ctx.territory_id(),
            space.id,
            author,
            &draft,
            checked.image.as_ref(),
            &checked.categories,
        )
        .await?;
    ctx.state.store.record_article_published(id, author).await?;
    tracing::info!(
        article.id = id,
        space.id = space.id,
        status = draft.status.code(),
        "article written"
    );
    Ok(see_other(&format!(
        "/espaces/{}/actualites/{id}",
        space.slug
    )))
}

/// `GET /espaces/{slug}/actualites/{id}/modifier`
pub async fn edit_form(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (space, fact, article) = readable(&ctx, &slug, &id).await?;
    ctx.require(Action::WriteArticle(fact))?;
    edit_page(&ctx, &space, &article, FormErrors::default()).await
}

/// The form changing `article` as stored, with `errors` (those of its files).
pub(crate) async fn edit_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    article: &ArticleRecord,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let tz = &ctx.site.territory.time_zone;
    let now = Utc::now();
    let concerned = ctx.state.store.article_communes(article.id).await?;
    let codes = ctx
        .state
        .store
        .communes(ctx.territory_id())
        .await?
        .into_iter()
        .filter(|c| concerned.contains(&c.id))
        .map(|c| c.insee_code.to_string())
        .collect();
    let values = Values {
        publication: match article.status {
            ArticleStatus::Draft => "draft",
            ArticleStatus::Published if article.is_scheduled(now) => "schedule",
            ArticleStatus::Published => "now",
        }
        .to_owned(),
        publish_at: article
            .publish_at
            .filter(|_| article.is_scheduled(now))
            .map(|t| clock::input_value(tz, t))
            .unwrap_or_default(),
        title: article.title.clone(),
        body: article.body.clone(),
        image_alt: article.image_alt.clone().unwrap_or_default(),
        communes: codes,
        categories: ctx
            .state
            .store
            .article_categories(article.id)
            .await?
            .iter()
            .map(i64::to_string)
            .collect(),
        has_image: article.has_image,
        preview: None,
        article_id: Some(article.id),
    };
    let action = format!("{}/modifier", article_path(article));
    let heading = ctx.ta(
        "article-edit",
        &[("title", Arg::from(article.title.as_str()))],
    );
    render_form(ctx, space, action, heading, values, errors).await
}

/// `POST /espaces/{slug}/actualites/{id}/modifier?csrf=…` (multipart)
pub async fn update(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let (space, fact, article) = readable(&ctx, &slug, &id).await?;
    ctx.require(Action::WriteArticle(fact))?;
    let form = MultiForm::read(
        multipart.map_err(|_| WebError::BadRequest)?,
        "image",
        MAX_IMAGE_BYTES,
    )
    .await?;
    let values = values_of(&form);
    let mut errors = FormErrors::default();
    let checked = check(&ctx, &form, &values, article.has_image, &mut errors).await?;
    let preview = (form.get("action") == "preview" && !values.body.is_empty())
        .then(|| comcom_markdown::to_html(&values.body));
    let action = format!("{}/modifier", article_path(&article));
    if !errors.is_empty() || preview.is_some() {
        let heading = ctx.ta(
            "article-edit",
            &[("title", Arg::from(article.title.as_str()))],
        );
        let values = Values {
            preview,
            has_image: article.has_image,
            article_id: Some(article.id),
            ..kept(values)
        };
        return render_form(&ctx, &space, action, heading, values, errors).await;
    }
    // An article already live keeps its publication date when corrected.
    let publish_at = match (checked.draft_status, checked.publish_at) {
        (ArticleStatus::Published, None) if article.is_live(Utc::now()) => article.publish_at,
        (_, at) => at,
    };
    let draft = ArticleDraft {
        title: &values.title,
        body: &values.body,
        status: checked.draft_status,
        publish_at,
        communes: &checked.communes,
    };
    let image = match (checked.image, form.get("remove_image").is_empty()) {
        (Some(image), _) => ImageChange::Replace(image),
        (None, false) => ImageChange::Remove,
        (None, true) => ImageChange::Keep {
            alt: (!values.image_alt.is_empty()).then(|| values.image_alt.clone()),
        },
    };
    ctx.state
        .store
        .update_article_with_categories(article.id, &draft, image, &checked.categories)
        .await?;
    ctx.state
        .store
        .record_article_published(article.id, ctx.viewer.person_id())
        .await?;
    tracing::info!(
        article.id = article.id,
        status = draft.status.code(),
        "article updated"
    );
    Ok(see_other(&article_path(&article)))
}

/// The toolbar's labels in the page's language, for `static/editor.js`.
pub(crate) fn toolbar_labels(ctx: &PageCtx) -> String {
    let keys = [
        "toolbar", "bold", "italic", "heading", "list", "link", "sample",
    ];
    let pairs: Vec<String> = keys
        .iter()
        .map(|k| {
            let text = ctx.t(&format!("editor-{k}"));
            format!("{}:{}", json_string(k), json_string(&text))
        })
        .collect();
    format!("{{{}}}", pairs.join(","))
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
