//! News through the API: the live news of public spaces (or of one space the
//! caller may see), one article, and writing, changing and publishing an
//! article with the web form's rules.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use comcom_core::permissions::{Action, SpaceFact};
use comcom_i18n::Arg;
use comcom_store::CommuneRecord;
use comcom_store::articles::{ArticleDraft, ArticleRecord, ArticleStatus, ImageChange};
use comcom_store::spaces::SpaceRecord;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody, FieldErrors};
use super::json::{JsonObject, json_response, ok, param, query_params, time};
use crate::pages::articles::article_path;

/// Articles per page of a list.
const PER_PAGE: i64 = 20;
/// The last page a list serves (as on the web pages).
const MAX_PAGE: i64 = 10_000;
/// The web form's limits (`pages::articles`): the API accepts exactly what it does.
const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 50_000;

/// Where an article stands.
#[derive(Serialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ArticleState {
    /// Seen only by those who may write in its space.
    Draft,
    /// Published at a time still to come.
    Scheduled,
    /// Live.
    Published,
}

/// The space an article belongs to.
#[derive(Serialize, ToSchema)]
pub struct SpaceRef {
    pub slug: String,
    pub name: String,
}

/// Who wrote an article.
#[derive(Serialize, ToSchema)]
pub struct AuthorRef {
    pub id: i64,
    pub name: String,
}

/// An article's image and its text alternative.
#[derive(Serialize, ToSchema)]
pub struct ImageRef {
    pub url: String,
    pub alt: String,
}

/// A file attached to an article (read-only: files are added and removed on
/// the article's web form).
#[derive(Serialize, ToSchema)]
pub struct AttachmentRef {
    /// Its download address.
    pub url: String,
    /// The file's name.
    pub name: String,
    /// Its media type, recognised from its bytes.
    pub media_type: String,
    /// Its size in bytes.
    pub size: i64,
}

/// A news article.
#[derive(Serialize, ToSchema)]
pub struct Article {
    pub id: i64,
    pub title: String,
    /// The text, in Markdown.
    pub body: String,
    /// The text as sanitized HTML, as the portal shows it.
    pub body_html: String,
    pub status: ArticleState,
    /// When it is (or was, or will be) live; none for a draft.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub publish_at: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: String,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: String,
    pub space: SpaceRef,
    pub author: Option<AuthorRef>,
    /// INSEE codes of the communes it concerns.
    pub communes: Vec<String>,
    pub image: Option<ImageRef>,
    /// Its attached files, in their order on its page.
    pub attachments: Vec<AttachmentRef>,
    /// Its page on the portal.
    pub url: String,
}

/// A page of articles, the newest first.
#[derive(Serialize, ToSchema)]
pub struct ArticlePage {
    pub items: Vec<Article>,
    pub page: i64,
    pub per_page: i64,
    /// The next page's number, when there may be more.
    pub next_page: Option<i64>,
}

/// How an article is published.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum PublishMode {
    /// Keep it a draft (or make it one again).
    Draft,
    /// Publish now.
    Now,
    /// Publish at `publish_at`, which must be in the future.
    Schedule,
}

impl PublishMode {
    fn from_code(code: &str) -> Option<PublishMode> {
        match code {
            "draft" => Some(PublishMode::Draft),
            "now" => Some(PublishMode::Now),
            "schedule" => Some(PublishMode::Schedule),
            _ => None,
        }
    }
}

/// A new article.
#[derive(Deserialize, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// 1 to 200 characters, not only spaces, without control characters.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$",
        example = "Enquête publique"
    )]
    pub title: String,
    /// Markdown, up to 50 000 characters.
    #[schema(min_length = 1, max_length = 50000, pattern = r"\S")]
    pub body: String,
    /// INSEE codes of the territory's communes it concerns.
    #[schema(example = json!(["38153"]))]
    pub communes: Option<Vec<String>>,
    /// `draft` when absent.
    pub publish: Option<PublishMode>,
    /// With `publish: "schedule"` only: an RFC 3339 time in the future.
    #[schema(value_type = Option<String>, format = DateTime, example = "2030-05-01T08:00:00Z")]
    pub publish_at: Option<String>,
}

/// Changes to an article: fields left out stay as they are.
#[derive(Deserialize, ToSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct ArticleChanges {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 50000, pattern = r"\S")]
    pub body: Option<String>,
    pub communes: Option<Vec<String>>,
    /// `now` on a live article keeps its publication date.
    pub publish: Option<PublishMode>,
    /// With `publish: "schedule"` only: an RFC 3339 time in the future.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub publish_at: Option<String>,
}

impl From<ArticleChanges> for NewArticle {
    /// A missing title or text is an empty one, which the checks refuse.
    fn from(changes: ArticleChanges) -> NewArticle {
        NewArticle {
            title: changes.title.unwrap_or_default(),
            body: changes.body.unwrap_or_default(),
            communes: changes.communes,
            publish: changes.publish,
            publish_at: changes.publish_at,
        }
    }
}

/// The fields a body may hold (a test checks that the schemas agree).
const FIELDS: [&str; 5] = ["title", "body", "communes", "publish", "publish_at"];

/// Reads a JSON object field by field: each wrong field gets its message.
fn read_changes(
    ctx: &ApiCtx,
    object: Map<String, Value>,
    errors: &mut FieldErrors,
) -> ArticleChanges {
    let mut changes = ArticleChanges::default();
    for (key, value) in object {
        if value.is_null() && FIELDS.contains(&key.as_str()) {
            continue;
        }
        match (key.as_str(), value) {
            ("title", Value::String(s)) => changes.title = Some(s),
            ("body", Value::String(s)) => changes.body = Some(s),
            ("title" | "body", _) => errors.add(&key, ctx.locale.t("api-field-string")),
            ("communes", Value::Array(items)) => {
                let codes: Option<Vec<String>> = items
                    .into_iter()
                    .map(|v| match v {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                match codes {
                    Some(codes) => changes.communes = Some(codes),
                    None => errors.add("communes", ctx.locale.t("api-field-communes")),
                }
            }
            ("communes", _) => errors.add("communes", ctx.locale.t("api-field-communes")),
            ("publish", Value::String(s)) if PublishMode::from_code(&s).is_some() => {
                changes.publish = PublishMode::from_code(&s);
            }
            ("publish", _) => errors.add("publish", ctx.locale.t("api-field-publish")),
            ("publish_at", Value::String(s)) => changes.publish_at = Some(s),
            ("publish_at", _) => errors.add("publish_at", ctx.locale.t("api-field-publish-at")),
            _ => errors.add(&key, ctx.locale.t("api-field-unknown")),
        }
    }
    changes
}

/// An article ready to be written.
struct Checked {
    title: String,
    body: String,
    status: ArticleStatus,
    publish_at: Option<DateTime<Utc>>,
    communes: Vec<i64>,
}

/// The web form's checks on a title, a text, communes and a publication.
fn check(
    ctx: &ApiCtx,
    all_communes: &[CommuneRecord],
    input: (&str, &str, &[String]),
    publication: (Option<PublishMode>, Option<&str>),
    errors: &mut FieldErrors,
) -> Checked {
    let (title, body, codes) = (input.0.trim(), input.1.trim(), input.2);
    let t = |key: &str| ctx.locale.t(key);
    let too_long = |max: usize| {
        ctx.locale
            .t_args("error-too-long", &[("max", Arg::from(max))])
    };
    if title.is_empty() {
        errors.add("title", t("error-article-title"));
    } else if title.chars().count() > MAX_TITLE {
        errors.add("title", too_long(MAX_TITLE));
    } else if title.chars().any(char::is_control) {
        errors.add("title", t("api-field-control"));
    }
    if body.is_empty() {
        errors.add("body", t("error-article-body"));
    } else if body.chars().count() > MAX_BODY {
        errors.add("body", too_long(MAX_BODY));
    }
    let mut communes = Vec::new();
    for code in codes {
        match all_communes.iter().find(|c| c.insee_code.as_str() == code) {
            Some(c) if !communes.contains(&c.id) => communes.push(c.id),
            Some(_) => {}
            None => {
                let shown: String = code.chars().take(20).collect();
                let message = ctx
                    .locale
                    .t_args("api-field-commune-unknown", &[("insee", Arg::from(shown))]);
                errors.add("communes", message);
            }
        }
    }
    let (status, publish_at) = match publication {
        (None | Some(PublishMode::Draft), None) => (ArticleStatus::Draft, None),
        (Some(PublishMode::Now), None) => (ArticleStatus::Published, None),
        (Some(PublishMode::Schedule), Some(text)) => match DateTime::parse_from_rfc3339(text) {
            Ok(at) if at > Utc::now() => (ArticleStatus::Published, Some(at.with_timezone(&Utc))),
            Ok(_) => {
                errors.add("publish_at", t("api-field-publish-at-past"));
                (ArticleStatus::Draft, None)
            }
            Err(_) => {
                errors.add("publish_at", t("api-field-publish-at"));
                (ArticleStatus::Draft, None)
            }
        },
        (Some(PublishMode::Schedule), None) => {
            errors.add("publish_at", t("api-field-publish-at-missing"));
            (ArticleStatus::Draft, None)
        }
        (_, Some(_)) => {
            errors.add("publish_at", t("api-field-publish-at-unexpected"));
            (ArticleStatus::Draft, None)
        }
    };
    Checked {
        title: title.to_owned(),
        body: body.to_owned(),
        status,
        publish_at,
        communes,
    }
}

/// An article as the API shows it.
fn article(
    ctx: &ApiCtx,
    a: &ArticleRecord,
    concerned: &[i64],
    communes: &[CommuneRecord],
    files: &[comcom_store::attachments::AttachmentRecord],
) -> Article {
    let now = Utc::now();
    let status = match a.status {
        ArticleStatus::Draft => ArticleState::Draft,
        _ if a.is_scheduled(now) => ArticleState::Scheduled,
        _ => ArticleState::Published,
    };
    Article {
        id: a.id,
        title: a.title.clone(),
        body: a.body.clone(),
        body_html: comcom_markdown::to_html(&a.body),
        status,
        publish_at: a.publish_at.map(time),
        created_at: time(a.created_at),
        updated_at: time(a.updated_at),
        space: SpaceRef {
            slug: a.space_slug.clone(),
            name: a.space_name.clone(),
        },
        author: match (a.author_id, &a.author_name) {
            (Some(id), Some(name)) => Some(AuthorRef {
                id,
                name: name.clone(),
            }),
            _ => None,
        },
        communes: communes
            .iter()
            .filter(|c| concerned.contains(&c.id))
            .map(|c| c.insee_code.to_string())
            .collect(),
        image: a.has_image.then(|| ImageRef {
            url: ctx.site.absolute(&format!("/actualites/{}/image", a.id)),
            alt: a.image_alt.clone().unwrap_or_default(),
        }),
        attachments: files
            .iter()
            .map(|f| AttachmentRef {
                url: ctx
                    .site
                    .absolute(&crate::pages::article_files::file_path(a.id, f)),
                name: f.file_name.clone(),
                media_type: f.content_type.clone(),
                size: f.size,
            })
            .collect(),
        url: ctx.site.absolute(&article_path(a)),
    }
}

/// Articles with the communes they concern.
async fn articles(ctx: &ApiCtx, list: &[ArticleRecord]) -> Result<Vec<Article>, ApiError> {
    let communes = ctx.state.store.communes(ctx.territory_id()).await?;
    let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
    let files = ctx.state.store.attachments_of(&ids).await?;
    let mut items = Vec::with_capacity(list.len());
    // TODO: one query for the communes of a whole page instead of one per article.
    for a in list {
        let concerned = ctx.state.store.article_communes(a.id).await?;
        let none = Vec::new();
        let attached = files.get(&a.id).unwrap_or(&none);
        items.push(article(ctx, a, &concerned, &communes, attached));
    }
    Ok(items)
}

async fn one(ctx: &ApiCtx, a: &ArticleRecord) -> Result<Article, ApiError> {
    Ok(articles(ctx, std::slice::from_ref(a)).await?.remove(0))
}

/// The article `id` of this territory, with its space, if the caller may
/// read it (those who may write in its space also read drafts).
async fn readable(
    ctx: &ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<(ArticleRecord, SpaceRecord, SpaceFact), ApiError> {
    let id: i64 = match id {
        Ok(Path(text)) => text.parse().map_err(|_| ApiError::NotFound)?,
        Err(_) => return Err(ApiError::NotFound),
    };
    let record = ctx
        .state
        .store
        .article(id)
        .await?
        .filter(|a| a.territory_id == ctx.territory_id())
        .ok_or(ApiError::NotFound)?;
    let (space, fact) = ctx.visible_space(&record.space_slug).await?;
    let can_write = ctx.decide(Action::WriteArticle(fact)).is_allowed();
    if !record.is_live(Utc::now()) && !can_write {
        return Err(ApiError::NotFound);
    }
    Ok((record, space, fact))
}

/// The news
///
/// Without `space`: the live news of the territory's public spaces. With
/// `space`: the news of that space, if the caller may see it (drafts and
/// scheduled ones too for those who may write in it). Newest first, 20 a
/// page. No token needed for public spaces.
#[utoipa::path(
    get,
    path = "/articles",
    tag = "articles",
    security((), ("bearer" = [])),
    params(
        ("page" = Option<i64>, Query, minimum = 1, maximum = 10000, description = "Page number, from 1"),
        ("space" = Option<String>, Query, description = "Only the news of this space (its slug)"),
    ),
    responses(
        (status = 200, description = "A page of articles", body = ArticlePage),
        (status = 401, description = "The token sent is not valid or was revoked, or the space needs one", body = ErrorBody),
        (status = 404, description = "No such space, or one the caller may not see", body = ErrorBody),
        (status = 422, description = "`page` is not a page number", body = ErrorBody),
    )
)]
pub async fn list_articles(ctx: ApiCtx, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let params = query_params(query.as_deref());
    let page = match param(&params, "page") {
        None => 1,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or_else(|| ApiError::field("page", ctx.locale.t("api-field-page")))?,
    };
    let offset = (page - 1) * PER_PAGE;
    let store = &ctx.state.store;
    let list = match param(&params, "space") {
        Some(slug) => {
            let (space, fact) = ctx.visible_space(slug).await?;
            let can_write = ctx.decide(Action::WriteArticle(fact)).is_allowed();
            store
                .space_articles(space.id, can_write, PER_PAGE, offset)
                .await?
        }
        None => {
            store
                .public_articles(ctx.territory_id(), PER_PAGE, offset)
                .await?
        }
    };
    let more = list.len() as i64 == PER_PAGE && page < MAX_PAGE;
    Ok(ok(&ArticlePage {
        items: articles(&ctx, &list).await?,
        page,
        per_page: PER_PAGE,
        next_page: more.then_some(page + 1),
    }))
}

/// An article
///
/// A live article of a space the caller may see; drafts and scheduled
/// articles for those who may write in its space.
#[utoipa::path(
    get,
    path = "/articles/{id}",
    tag = "articles",
    security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "The article's number")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 401, description = "The token sent is not valid or was revoked, or the article's space needs one", body = ErrorBody),
        (status = 404, description = "No such article, or one the caller may not read", body = ErrorBody),
    )
)]
pub async fn get_article(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let (record, _, _) = readable(&ctx, id).await?;
    Ok(ok(&one(&ctx, &record).await?))
}

/// Write an article
///
/// Writes an article in a space whose news the token's owner may write
/// (its facilitators and the territory's administrators). Needs a write token.
#[utoipa::path(
    post,
    path = "/spaces/{slug}/articles",
    tag = "articles",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The space's identifier")),
    request_body = NewArticle,
    responses(
        (status = 201, description = "The article, as written", body = Article,
         headers(("Location" = String, description = "The article's address in the API"))),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not write in this space", body = ErrorBody),
        (status = 404, description = "No such space, or one the token's owner may not see", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
        (status = 422, description = "Fields to correct, in `fields`", body = ErrorBody),
    )
)]
pub async fn create_article(
    ctx: ApiCtx,
    slug: Result<Path<String>, PathRejection>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, ApiError> {
    let author = ctx.require_write()?.person_id;
    let Ok(Path(slug)) = slug else {
        return Err(ApiError::NotFound);
    };
    let (space, fact) = ctx.visible_space(&slug).await?;
    ctx.require(Action::WriteArticle(fact))?;
    let JsonObject(object) = body?;

    let mut errors = FieldErrors::default();
    let new = NewArticle::from(read_changes(&ctx, object, &mut errors));
    let all = ctx.state.store.communes(ctx.territory_id()).await?;
    let checked = check(
        &ctx,
        &all,
        (
            &new.title,
            &new.body,
            new.communes.as_deref().unwrap_or(&[]),
        ),
        (new.publish, new.publish_at.as_deref()),
        &mut errors,
    );
    errors.check()?;

    let draft = ArticleDraft {
        title: &checked.title,
        body: &checked.body,
        status: checked.status,
        publish_at: checked.publish_at,
        communes: &checked.communes,
    };
    let id = ctx
        .state
        .store
        .create_article(ctx.territory_id(), space.id, Some(author), &draft, None)
        .await?;
    ctx.state
        .store
        .record_article_published(id, Some(author))
        .await?;
    tracing::info!(
        article.id = id,
        space.id = space.id,
        status = draft.status.code(),
        "article written through the API"
    );
    let record = ctx
        .state
        .store
        .article(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut response = json_response(StatusCode::CREATED, &one(&ctx, &record).await?);
    if let Ok(location) = HeaderValue::from_str(&format!("{}/articles/{id}", super::PREFIX)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Change an article
///
/// Changes the fields given; the others stay. `publish: "now"` on a live
/// article keeps its publication date; `publish: "draft"` takes it back.
/// Needs a write token.
#[utoipa::path(
    patch,
    path = "/articles/{id}",
    tag = "articles",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The article's number")),
    request_body = ArticleChanges,
    responses(
        (status = 200, description = "The article, as changed", body = Article),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not write in this space", body = ErrorBody),
        (status = 404, description = "No such article, or one the token's owner may not read", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
        (status = 422, description = "Fields to correct, in `fields`", body = ErrorBody),
    )
)]
pub async fn update_article(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, ApiError> {
    ctx.require_write()?;
    let (record, _, fact) = readable(&ctx, id).await?;
    ctx.require(Action::WriteArticle(fact))?;
    let JsonObject(object) = body?;

    let mut errors = FieldErrors::default();
    let changes = read_changes(&ctx, object, &mut errors);
    let store = &ctx.state.store;
    let all = store.communes(ctx.territory_id()).await?;
    let current: Vec<String> = {
        let ids = store.article_communes(record.id).await?;
        all.iter()
            .filter(|c| ids.contains(&c.id))
            .map(|c| c.insee_code.to_string())
            .collect()
    };
    // Without `publish` the publication stays as it is; `publish_at` alone is refused.
    let publication = (changes.publish, changes.publish_at.as_deref());
    let checked = check(
        &ctx,
        &all,
        (
            changes.title.as_deref().unwrap_or(&record.title),
            changes.body.as_deref().unwrap_or(&record.body),
            changes.communes.as_deref().unwrap_or(&current),
        ),
        publication,
        &mut errors,
    );
    errors.check()?;

    let (status, publish_at) = match changes.publish {
        None => (record.status, record.publish_at),
        // An article already live keeps its publication date when corrected.
        Some(PublishMode::Now) if record.is_live(Utc::now()) => {
            (ArticleStatus::Published, record.publish_at)
        }
        Some(_) => (checked.status, checked.publish_at),
    };
    let draft = ArticleDraft {
        title: &checked.title,
        body: &checked.body,
        status,
        publish_at,
        communes: &checked.communes,
    };
    let image = ImageChange::Keep {
        alt: record.image_alt.clone(),
    };
    store.update_article(record.id, &draft, image).await?;
    store
        .record_article_published(record.id, ctx.actor.person_id)
        .await?;
    tracing::info!(
        article.id = record.id,
        status = status.code(),
        "article updated through the API"
    );
    let record = store.article(record.id).await?.ok_or(ApiError::NotFound)?;
    Ok(ok(&one(&ctx, &record).await?))
}

/// Publish an article
///
/// Publishes a draft or a scheduled article now. An article already live
/// answers 409. Needs a write token.
#[utoipa::path(
    post,
    path = "/articles/{id}/publish",
    tag = "articles",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The article's number")),
    responses(
        (status = 200, description = "The article, now live", body = Article),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not write in this space", body = ErrorBody),
        (status = 404, description = "No such article, or one the token's owner may not read", body = ErrorBody),
        (status = 409, description = "The article is already live", body = ErrorBody),
    )
)]
pub async fn publish_article(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    ctx.require_write()?;
    let (record, _, fact) = readable(&ctx, id).await?;
    ctx.require(Action::WriteArticle(fact))?;
    if record.is_live(Utc::now()) {
        return Err(ApiError::AlreadyPublished);
    }
    let store = &ctx.state.store;
    let communes = store.article_communes(record.id).await?;
    let draft = ArticleDraft {
        title: &record.title,
        body: &record.body,
        status: ArticleStatus::Published,
        publish_at: None,
        communes: &communes,
    };
    let image = ImageChange::Keep {
        alt: record.image_alt.clone(),
    };
    store.update_article(record.id, &draft, image).await?;
    store
        .record_article_published(record.id, ctx.actor.person_id)
        .await?;
    tracing::info!(article.id = record.id, "article published through the API");
    let record = store.article(record.id).await?.ok_or(ApiError::NotFound)?;
    Ok(ok(&one(&ctx, &record).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::PartialSchema;

    fn properties<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap();
        let mut names: Vec<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_documented_bodies_have_exactly_the_fields_the_parser_reads() {
        let mut fields: Vec<String> = FIELDS.iter().map(|f| f.to_string()).collect();
        fields.sort();
        assert_eq!(properties::<NewArticle>(), fields);
        assert_eq!(properties::<ArticleChanges>(), fields);
        let schema = serde_json::to_value(NewArticle::schema()).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"], serde_json::json!(["title", "body"]));
    }
}
