//! Inbound syndication on the interco's site: the communes' news read from
//! their own sites' feeds (accepted items only, within the charter's
//! retention), their Atom feed, the commune zone of a commune's page, and the
//! administration of the feeds with the approval queue.
//!
//! Item HTML was sanitized once, when it was stored
//! (`comcom_syndication::sanitize_html`, the poller's only way in); pages
//! show what was stored.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Duration, TimeZone, Utc};
use comcom_core::InseeCode;
use comcom_core::permissions::{Action, Decision};
use comcom_feeds::{FeedEntry, FeedMeta};
use comcom_i18n::Arg;
use comcom_store::feed_sources::{FeedItem, ItemStatus};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors};
use crate::pages::feeds::{Format, respond};
use crate::pages::{PageCtx, see_other};

/// Items on the combined page and in its feed; in a commune zone.
const PAGE_SIZE: i64 = 30;
const ZONE_SIZE: i64 = 5;
const QUEUE_SIZE: i64 = 100;

/// One item as pages show it.
pub struct ItemView {
    pub id: i64,
    pub title: String,
    pub link: Option<String>,
    /// Sanitized when stored.
    pub content_html: String,
    pub date: String,
    pub commune: String,
    pub commune_insee: String,
    pub source_line: String,
    pub accept_label: String,
    pub refuse_label: String,
    pub read_text: String,
    pub read_label: String,
}

fn view(ctx: &PageCtx, item: &FeedItem) -> ItemView {
    let title = if item.title.trim().is_empty() {
        ctx.t("syndin-untitled")
    } else {
        item.title.clone()
    };
    ItemView {
        id: item.id,
        link: item.link.clone(),
        content_html: item.content_html.clone(),
        date: crate::clock::show(ctx.locale, &ctx.site.territory.time_zone, item.sort_at),
        commune: item.commune_name.clone(),
        commune_insee: item.commune_insee.clone(),
        source_line: ctx.ta(
            "syndin-source-line",
            &[("commune", Arg::from(item.commune_name.as_str()))],
        ),
        read_text: ctx.t("syndin-read-on-site"),
        read_label: ctx.ta("syndin-read-label", &[("title", Arg::from(title.as_str()))]),
        accept_label: ctx.ta(
            "syndin-accept-label",
            &[("title", Arg::from(title.as_str()))],
        ),
        refuse_label: ctx.ta(
            "syndin-refuse-label",
            &[("title", Arg::from(title.as_str()))],
        ),
        title,
    }
}

/// Accepted items not older than the charter's retention.
async fn shown(
    ctx: &PageCtx,
    commune_id: Option<i64>,
    limit: i64,
) -> Result<(Vec<FeedItem>, String), WebError> {
    let charter = ctx
        .state
        .store
        .syndication_charter(ctx.territory_id())
        .await?;
    let oldest = Utc::now() - Duration::days(charter.retention_days.max(1));
    let items = ctx
        .state
        .store
        .accepted_feed_items(ctx.territory_id(), commune_id, oldest, limit)
        .await?;
    Ok((items, charter.attribution))
}

/// The commune zone of `/communes/{insee}`.
pub async fn zone(ctx: &PageCtx, commune_id: i64) -> Result<(Vec<ItemView>, String), WebError> {
    let (items, attribution) = shown(ctx, Some(commune_id), ZONE_SIZE).await?;
    Ok((items.iter().map(|i| view(ctx, i)).collect(), attribution))
}

#[derive(Template)]
#[template(path = "commune_news.html")]
struct NewsPage {
    chrome: Chrome,
    items: Vec<ItemView>,
    attribution: String,
}

/// `GET /actualites-des-communes`
pub async fn index(ctx: PageCtx) -> Result<Response, WebError> {
    let (items, attribution) = shown(&ctx, None, PAGE_SIZE).await?;
    let mut chrome = ctx.chrome(&ctx.t("syndin-news-title"), Nav::News);
    chrome.feeds.push((
        comcom_feeds::ATOM_MEDIA_TYPE,
        ctx.t("syndin-news-feed"),
        "/actualites-des-communes/feed.atom".to_owned(),
    ));
    ctx.render(&NewsPage {
        items: items.iter().map(|i| view(&ctx, i)).collect(),
        attribution,
        chrome,
    })
}

/// `GET /actualites-des-communes/feed.atom`: the same items, with each
/// item's link back to the commune's site.
pub async fn atom(ctx: PageCtx, headers: HeaderMap) -> Result<Response, WebError> {
    let (items, _) = shown(&ctx, None, PAGE_SIZE).await?;
    let entries: Vec<FeedEntry> = items
        .iter()
        .map(|i| FeedEntry {
            id: ctx
                .site
                .absolute(&format!("/actualites-des-communes#item-{}", i.id)),
            title: if i.title.is_empty() {
                ctx.t("syndin-untitled")
            } else {
                i.title.clone()
            },
            url: i
                .link
                .clone()
                .unwrap_or_else(|| ctx.site.absolute("/actualites-des-communes")),
            published: i.published_at.unwrap_or(i.sort_at),
            updated: i
                .updated_at
                .unwrap_or(i.sort_at)
                .max(i.published_at.unwrap_or(i.sort_at)),
            author: Some(i.commune_name.clone()),
            summary: None,
            content_html: i.content_html.clone(),
            image: None,
            attachments: Vec::new(),
            categories: vec![i.commune_name.clone()],
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    });
    let meta = FeedMeta {
        id: ctx.site.absolute("/actualites-des-communes"),
        title: ctx.ta(
            "syndin-feed-title",
            &[("territory", Arg::from(ctx.site.territory.name.as_str()))],
        ),
        subtitle: Some(ctx.t("syndin-news-intro")),
        self_url: ctx.site.absolute("/actualites-des-communes/feed.atom"),
        html_url: ctx.site.absolute("/actualites-des-communes"),
        updated,
        language: ctx.locale.code().to_owned(),
        author: Some(ctx.site.territory.name.clone()),
    };
    Ok(respond(&headers, Format::Atom, &meta, &entries))
}

pub struct SourceView {
    pub id: i64,
    pub commune: String,
    pub url: String,
    pub title: String,
    pub success: String,
    pub error: String,
    pub next: String,
    pub remove_label: String,
}

#[derive(Template)]
#[template(path = "commune_feeds_admin.html")]
struct AdminPage {
    chrome: Chrome,
    notice: Option<String>,
    errors: FormErrors,
    can_manage: bool,
    communes: Vec<(String, String)>,
    chosen_commune: String,
    url: String,
    sources: Vec<SourceView>,
    queue: Vec<ItemView>,
    approval: bool,
}

#[derive(Deserialize)]
pub struct AdminQuery {
    fait: Option<String>,
}

fn can_manage(ctx: &PageCtx) -> bool {
    ctx.viewer.decide(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    }) == Decision::Allow
}

fn require_review(ctx: &PageCtx) -> Result<(), WebError> {
    ctx.require(Action::ReviewInboundItem {
        territory_id: ctx.territory_id(),
    })
}

async fn admin_page(
    ctx: &PageCtx,
    notice: Option<String>,
    errors: FormErrors,
    form: (String, String),
) -> Result<Response, WebError> {
    let store = &ctx.state.store;
    let manage = can_manage(ctx);
    let zone = &ctx.site.territory.time_zone;
    let when = |t| crate::clock::show(ctx.locale, zone, t);
    let sources = if manage {
        store
            .feed_sources(Some(ctx.territory_id()))
            .await?
            .into_iter()
            .map(|s| SourceView {
                id: s.id,
                remove_label: ctx.ta("syndin-remove-label", &[("url", Arg::from(s.url.as_str()))]),
                success: s
                    .last_success_at
                    .map_or_else(|| ctx.t("syndin-never"), when),
                error: match &s.last_error {
                    Some((id, detail)) => ctx.ta(
                        "syndin-error-line",
                        &[
                            (
                                "date",
                                Arg::from(s.last_error_at.map(when).unwrap_or_default()),
                            ),
                            (
                                "reason",
                                Arg::from(ctx.ta(id, &[("detail", Arg::from(detail.as_str()))])),
                            ),
                        ],
                    ),
                    None => ctx.t("syndin-no-error"),
                },
                next: when(s.next_poll_at),
                commune: s.commune_name,
                title: s.title,
                url: s.url,
            })
            .collect()
    } else {
        Vec::new()
    };
    let communes = store
        .communes(ctx.territory_id())
        .await?
        .into_iter()
        .map(|c| (c.insee_code.to_string(), c.name))
        .collect();
    let queue = store
        .pending_feed_items(ctx.territory_id(), QUEUE_SIZE)
        .await?
        .iter()
        .map(|i| view(ctx, i))
        .collect();
    let charter = store.syndication_charter(ctx.territory_id()).await?;
    let invalid = !errors.is_empty();
    let page = AdminPage {
        chrome: ctx.chrome(&ctx.t("syndin-admin-title"), Nav::Admin),
        notice,
        errors,
        can_manage: manage,
        communes,
        chosen_commune: form.0,
        url: form.1,
        sources,
        queue,
        approval: charter.inbound_approval == comcom_store::syndication::ApprovalMode::Approve,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /admin/flux-communes`
pub async fn admin(ctx: PageCtx, Query(q): Query<AdminQuery>) -> Result<Response, WebError> {
    require_review(&ctx)?;
    let notice = match q.fait.as_deref() {
        Some("ajout") => Some(ctx.t("syndin-added-short")),
        Some("deja") => Some(ctx.t("syndin-already")),
        Some("retrait") => Some(ctx.t("syndin-removed")),
        Some("accepte") => Some(ctx.t("syndin-accepted")),
        Some("refuse") => Some(ctx.t("syndin-refused")),
        Some("traite") => Some(ctx.t("syndin-decided-already")),
        _ => None,
    };
    admin_page(&ctx, notice, FormErrors::default(), Default::default()).await
}

/// `POST /admin/flux-communes`: registers a commune's feed (or its home
/// page, which the poller replaces with the feed it announces). The first
/// poll is scheduled at once.
pub async fn add(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    ctx.require(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    })?;
    let insee = form.get("commune").trim().to_owned();
    let url = form.get("url").trim().to_owned();
    let mut errors = FormErrors::default();
    let commune = match InseeCode::parse(&insee) {
        Ok(code) => ctx.state.store.commune(ctx.territory_id(), &code).await?,
        Err(_) => None,
    };
    if commune.is_none() {
        errors.add("commune", ctx.t("syndin-error-commune"));
    }
    let parsed = url::Url::parse(&url).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https") && u.host().is_some() && url.len() <= 2000
    });
    if parsed.is_none() {
        errors.add("url", ctx.t("syndin-error-url"));
    }
    let (Some(commune), Some(parsed)) = (commune, parsed) else {
        let values = (
            insee.chars().take(10).collect(),
            url.chars().take(2000).collect(),
        );
        return admin_page(&ctx, None, errors, values).await;
    };
    let added = ctx
        .state
        .store
        .add_feed_source(commune.id, parsed.as_str(), "", ctx.viewer.person_id())
        .await?;
    Ok(see_other(match added {
        Ok(_) => "/admin/flux-communes?fait=ajout",
        Err(_) => "/admin/flux-communes?fait=deja",
    }))
}

/// `POST /admin/flux-communes/{id}/retirer`
pub async fn remove(ctx: PageCtx, Path(id): Path<i64>) -> Result<Response, WebError> {
    ctx.require(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    })?;
    let source = ctx
        .state
        .store
        .feed_source(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if source.territory_id != ctx.territory_id() {
        return Err(WebError::NotFound);
    }
    ctx.state.store.remove_feed_source(id).await?;
    Ok(see_other("/admin/flux-communes?fait=retrait"))
}

async fn decide_item(ctx: PageCtx, id: i64, status: ItemStatus) -> Result<Response, WebError> {
    require_review(&ctx)?;
    ctx.person_id()?;
    let (_, territory_id) = ctx
        .state
        .store
        .feed_item(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if territory_id != ctx.territory_id() {
        return Err(WebError::NotFound);
    }
    let done = ctx
        .state
        .store
        .decide_feed_item(id, status, &ctx.audit_actor())
        .await?;
    Ok(see_other(match (done, status) {
        (false, _) => "/admin/flux-communes?fait=traite",
        (true, ItemStatus::Accepted) => "/admin/flux-communes?fait=accepte",
        (true, _) => "/admin/flux-communes?fait=refuse",
    }))
}

/// `POST /admin/flux-communes/articles/{id}/accepter`
pub async fn accept(ctx: PageCtx, Path(id): Path<i64>) -> Result<Response, WebError> {
    decide_item(ctx, id, ItemStatus::Accepted).await
}

/// `POST /admin/flux-communes/articles/{id}/refuser`
pub async fn refuse(ctx: PageCtx, Path(id): Path<i64>) -> Result<Response, WebError> {
    decide_item(ctx, id, ItemStatus::Refused).await
}
