//! Atom, RSS and JSON feeds of public news: the territory's, each public
//! space's, each category's and each commune's (the news concerning it), with
//! stable ids, absolute links, and conditional GET.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, TimeZone, Utc};
use comcom_core::Visibility;
use comcom_feeds::{FeedEntry, FeedImage, FeedMeta};
use comcom_store::articles::ArticleRecord;

use crate::WebError;
use crate::pages::PageCtx;
use crate::pages::articles::article_path;

/// Entries in a feed.
const FEED_SIZE: i64 = 30;

#[derive(Clone, Copy)]
pub enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Atom, Format::Rss, Format::Json];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Atom => "atom",
            Format::Rss => "rss",
            Format::Json => "json",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Atom => comcom_feeds::ATOM_MEDIA_TYPE,
            Format::Rss => comcom_feeds::RSS_MEDIA_TYPE,
            Format::Json => comcom_feeds::JSON_FEED_MEDIA_TYPE,
        }
    }

    fn from_extension(ext: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// The autodiscovery links of the feeds under `prefix` ("" for the
/// territory's), titled `title` and the format's name.
pub fn discovery(prefix: &str, title: &str) -> Vec<(&'static str, String, String)> {
    Format::ALL
        .into_iter()
        .map(|f| {
            let name = match f {
                Format::Atom => "Atom",
                Format::Rss => "RSS",
                Format::Json => "JSON Feed",
            };
            (
                f.media_type(),
                format!("{title} ({name})"),
                self_path(prefix, f),
            )
        })
        .collect()
}

/// A stable entry id: a tag URI from the site's host, the article's
/// creation date and its number; a new title never changes it.
fn entry_id(host: &str, a: &ArticleRecord) -> String {
    let d = a.created_at;
    format!(
        "tag:{host},{:04}-{:02}-{:02}:article/{}",
        d.year(),
        d.month(),
        d.day(),
        a.id
    )
}

/// The feed entries of `articles`, with their categories.
pub async fn feed_entries(
    ctx: &PageCtx,
    articles: &[ArticleRecord],
) -> Result<Vec<FeedEntry>, WebError> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut names = ctx.state.store.category_names_of(&ids).await?;
    let mut files = ctx.state.store.attachments_of(&ids).await?;
    let mut list = entries(ctx, articles);
    for (entry, article) in list.iter_mut().zip(articles) {
        entry
            .categories
            .extend(names.remove(&article.id).unwrap_or_default());
        entry.attachments = files
            .remove(&article.id)
            .unwrap_or_default()
            .iter()
            .map(|f| FeedImage {
                url: ctx
                    .site
                    .absolute(&crate::pages::article_files::file_path(article.id, f)),
                alt: f.file_name.clone(),
                mime: f.content_type.clone(),
                length: u64::try_from(f.size).ok(),
            })
            .collect();
    }
    Ok(list)
}

fn entries(ctx: &PageCtx, articles: &[ArticleRecord]) -> Vec<FeedEntry> {
    let base = url::Url::parse(&ctx.site.base_url).ok();
    let host = base
        .as_ref()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    articles
        .iter()
        .map(|a| {
            let html = comcom_markdown::to_html(&a.body);
            let content_html = match &base {
                Some(base) => comcom_markdown::absolutize(&html, base),
                None => html,
            };
            FeedEntry {
                id: entry_id(&host, a),
                title: a.title.clone(),
                url: ctx.site.absolute(&article_path(a)),
                published: a.publish_at.unwrap_or(a.created_at),
                updated: a.updated_at.max(a.publish_at.unwrap_or(a.created_at)),
                author: a.author_name.clone(),
                summary: Some(comcom_markdown::excerpt(&a.body, 280)),
                content_html,
                image: a.image_type.as_ref().map(|mime| FeedImage {
                    url: ctx.site.absolute(&format!("/actualites/{}/image", a.id)),
                    alt: a.image_alt.clone().unwrap_or_default(),
                    mime: mime.clone(),
                    length: None,
                }),
                attachments: Vec::new(),
                categories: vec![a.space_name.clone()],
            }
        })
        .collect()
}

/// The feed's own date: the newest change of its entries or of any article
/// of the territory (one that left the feed, unpublished or moved, counts:
/// the date never goes back), or a fixed old date when there is none.
async fn last_change(ctx: &PageCtx, entries: &[FeedEntry]) -> Result<DateTime<Utc>, WebError> {
    let removed = ctx
        .state
        .store
        .articles_changed_at(ctx.territory_id())
        .await?;
    Ok(entries
        .iter()
        .map(|e| e.updated)
        .chain(removed)
        .max()
        .unwrap_or_else(|| {
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default()
        }))
}

pub(crate) fn respond(
    headers: &HeaderMap,
    format: Format,
    meta: &FeedMeta,
    entries: &[FeedEntry],
) -> Response {
    let body = match format {
        Format::Atom => comcom_feeds::atom(meta, entries),
        Format::Rss => comcom_feeds::rss(meta, entries),
        Format::Json => comcom_feeds::json_feed(meta, entries),
    };
    let media = format.media_type();
    let etag = comcom_feeds::etag(&body);
    let header_text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fresh = comcom_feeds::is_not_modified(
        header_text(header::IF_NONE_MATCH),
        header_text(header::IF_MODIFIED_SINCE),
        &etag,
        meta.updated,
    );
    let common = [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, comcom_feeds::http_date(meta.updated)),
        (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let mut response = (common, body).into_response();
    let content_type = format!("{media}; charset=utf-8");
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

fn self_path(prefix: &str, format: Format) -> String {
    format!("{prefix}/feed.{}", format.extension())
}

/// `GET /feed.atom`, `GET /feed.rss`: every public space's news.
pub async fn territory(
    ctx: PageCtx,
    headers: HeaderMap,
    format: Format,
) -> Result<Response, WebError> {
    let articles = ctx
        .state
        .store
        .public_articles(ctx.territory_id(), FEED_SIZE, 0)
        .await?;
    let entries = feed_entries(&ctx, &articles).await?;
    let name = &ctx.site.territory.name;
    let meta = FeedMeta {
        id: ctx.site.absolute("/"),
        title: ctx.ta(
            "feed-title",
            &[("name", comcom_i18n::Arg::from(name.as_str()))],
        ),
        subtitle: Some(ctx.t("feed-subtitle")),
        self_url: ctx.site.absolute(&self_path("", format)),
        html_url: ctx.site.absolute("/actualites"),
        updated: last_change(&ctx, &entries).await?,
        language: ctx.locale.code().to_owned(),
        author: Some(name.clone()),
    };
    Ok(respond(&headers, format, &meta, &entries))
}

/// `GET /espaces/{slug}/feed.atom|rss`: a public space's news.
pub async fn space(
    ctx: PageCtx,
    headers: HeaderMap,
    slug: String,
    format: Format,
) -> Result<Response, WebError> {
    let space = ctx
        .state
        .store
        .space_by_slug(ctx.territory_id(), &slug)
        .await?;
    let space = space
        .filter(|s| s.visibility == Visibility::Public)
        .ok_or(WebError::NotFound)?;
    let articles = ctx
        .state
        .store
        .space_articles(space.id, false, FEED_SIZE, 0)
        .await?;
    let entries = feed_entries(&ctx, &articles).await?;
    let prefix = format!("/espaces/{}", space.slug);
    let meta = FeedMeta {
        id: ctx.site.absolute(&prefix),
        title: format!("{} – {}", space.name, ctx.site.territory.name),
        subtitle: (!space.description.is_empty()).then(|| space.description.clone()),
        self_url: ctx.site.absolute(&self_path(&prefix, format)),
        html_url: ctx.site.absolute(&format!("{prefix}/actualites")),
        updated: last_change(&ctx, &entries).await?,
        language: ctx.locale.code().to_owned(),
        author: Some(ctx.site.territory.name.clone()),
    };
    Ok(respond(&headers, format, &meta, &entries))
}

/// `GET /categories/{slug}/feed.atom|rss|json`: a category's public news.
pub async fn category(
    ctx: PageCtx,
    headers: HeaderMap,
    slug: String,
    format: Format,
) -> Result<Response, WebError> {
    let category = ctx
        .state
        .store
        .category_by_slug(ctx.territory_id(), &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let articles = ctx
        .state
        .store
        .category_articles(category.id, FEED_SIZE)
        .await?;
    let entries = feed_entries(&ctx, &articles).await?;
    let prefix = format!("/categories/{}", category.slug);
    let meta = FeedMeta {
        id: ctx.site.absolute(&prefix),
        title: format!("{} – {}", category.name, ctx.site.territory.name),
        subtitle: None,
        self_url: ctx.site.absolute(&self_path(&prefix, format)),
        html_url: ctx.site.absolute(&prefix),
        updated: last_change(&ctx, &entries).await?,
        language: ctx.locale.code().to_owned(),
        author: Some(ctx.site.territory.name.clone()),
    };
    Ok(respond(&headers, format, &meta, &entries))
}

/// `GET /communes/{insee}/feed.atom|rss|json`: the public news concerning a
/// commune (its audience).
pub async fn commune(
    ctx: PageCtx,
    headers: HeaderMap,
    insee: String,
    format: Format,
) -> Result<Response, WebError> {
    let code = comcom_core::InseeCode::parse(&insee).map_err(|_| WebError::NotFound)?;
    let commune = ctx
        .state
        .store
        .commune(ctx.territory_id(), &code)
        .await?
        .ok_or(WebError::NotFound)?;
    let articles = ctx
        .state
        .store
        .commune_articles(commune.id, FEED_SIZE)
        .await?;
    let entries = feed_entries(&ctx, &articles).await?;
    let prefix = format!("/communes/{}", commune.insee_code);
    let meta = FeedMeta {
        id: ctx.site.absolute(&prefix),
        title: format!("{} – {}", commune.name, ctx.site.territory.name),
        subtitle: None,
        self_url: ctx.site.absolute(&self_path(&prefix, format)),
        html_url: ctx.site.absolute(&prefix),
        updated: last_change(&ctx, &entries).await?,
        language: ctx.locale.code().to_owned(),
        author: Some(ctx.site.territory.name.clone()),
    };
    Ok(respond(&headers, format, &meta, &entries))
}

/// The format named by a feed file's name (`feed.json`), or 404.
fn named(file: &str) -> Result<Format, WebError> {
    file.strip_prefix("feed.")
        .and_then(Format::from_extension)
        .ok_or(WebError::NotFound)
}

/// `GET /feed.json`
pub async fn territory_json(ctx: PageCtx, headers: HeaderMap) -> Result<Response, WebError> {
    territory(ctx, headers, Format::Json).await
}

/// `GET /espaces/{slug}/feed.json`
pub async fn space_json(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    space(ctx, headers, slug, Format::Json).await
}

/// `GET /categories/{slug}/{file}` with file `feed.atom`, `feed.rss` or `feed.json`.
pub async fn category_file(
    ctx: PageCtx,
    headers: HeaderMap,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let format = named(&file)?;
    category(ctx, headers, slug, format).await
}

pub async fn commune_atom(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(insee): Path<String>,
) -> Result<Response, WebError> {
    commune(ctx, headers, insee, Format::Atom).await
}

pub async fn commune_rss(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(insee): Path<String>,
) -> Result<Response, WebError> {
    commune(ctx, headers, insee, Format::Rss).await
}

pub async fn commune_json(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(insee): Path<String>,
) -> Result<Response, WebError> {
    commune(ctx, headers, insee, Format::Json).await
}

pub async fn territory_atom(ctx: PageCtx, headers: HeaderMap) -> Result<Response, WebError> {
    territory(ctx, headers, Format::Atom).await
}

pub async fn territory_rss(ctx: PageCtx, headers: HeaderMap) -> Result<Response, WebError> {
    territory(ctx, headers, Format::Rss).await
}

pub async fn space_atom(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    space(ctx, headers, slug, Format::Atom).await
}

pub async fn space_rss(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    space(ctx, headers, slug, Format::Rss).await
}
