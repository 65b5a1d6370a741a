//! The syndication charter (public page and administrators' form), the
//! territory's news categories and which way each flows, the copy-paste
//! snippets of each commune's zone, and the queue where a commune agent
//! accepts or refuses the interco's items for the commune's zone.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use chrono::{Duration, Utc};
use comcom_core::InseeCode;
use comcom_core::permissions::Action;
use comcom_i18n::Arg;
use comcom_store::CommuneRecord;
use comcom_store::syndication::{ApprovalMode, Charter};
use comcom_store::zones::{CategoryRecord, Relevance, ZoneDecision, ZoneQuery};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::{FormData, FormErrors};
use crate::pages::articles::article_path;
use crate::pages::{PageCtx, see_other};

const MAX_CHARTER: usize = 50_000;
const MAX_ATTRIBUTION: usize = 300;
const MAX_CATEGORY: usize = 80;
const MAX_RETENTION_DAYS: i64 = 3650;
/// Items the approval queue lists.
const QUEUE_SIZE: i64 = 50;

#[derive(Deserialize)]
pub struct Done {
    fait: Option<String>,
}

fn mode_label(ctx: &PageCtx, mode: ApprovalMode) -> String {
    match mode {
        ApprovalMode::Approve => ctx.t("charter-mode-approve"),
        ApprovalMode::AcceptAll => ctx.t("charter-mode-accept-all"),
    }
}

fn yes_no(ctx: &PageCtx, value: bool) -> String {
    if value {
        ctx.t("charter-yes")
    } else {
        ctx.t("charter-no")
    }
}

// ----- public page

#[derive(Template)]
#[template(path = "charter.html")]
struct CharterPage {
    chrome: Chrome,
    heading: String,
    body_html: Option<String>,
    inbound: String,
    outbound: String,
    attribution: String,
    retention: String,
    categories: Vec<(String, String, String, String)>,
    updated: Option<String>,
}

/// `GET /charte-de-syndication`
pub async fn public(ctx: PageCtx) -> Result<Response, WebError> {
    let charter = ctx
        .state
        .store
        .syndication_charter(ctx.territory_id())
        .await?;
    let categories = ctx.state.store.categories(ctx.territory_id()).await?;
    let heading = ctx.t("charter-title");
    let territory = ctx.site.territory.name.as_str();
    let page = CharterPage {
        chrome: ctx.chrome(&heading, Nav::None),
        heading,
        body_html: (!charter.body.trim().is_empty())
            .then(|| comcom_markdown::to_html(&charter.body)),
        inbound: mode_label(&ctx, charter.inbound_approval),
        outbound: mode_label(&ctx, charter.outbound_approval),
        attribution: if charter.attribution.is_empty() {
            ctx.ta(
                "zone-attribution-default",
                &[("territory", Arg::from(territory))],
            )
        } else {
            charter.attribution.clone()
        },
        retention: ctx.ta(
            "charter-retention-days",
            &[("value", Arg::Num(charter.retention_days))],
        ),
        categories: categories
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    format!("/categories/{}", c.slug),
                    yes_no(&ctx, c.outbound),
                    yes_no(&ctx, c.inbound),
                )
            })
            .collect(),
        updated: charter.updated_at.map(|at| {
            ctx.ta(
                "charter-updated",
                &[(
                    "date",
                    Arg::from(clock::show(ctx.locale, &ctx.site.territory.time_zone, at)),
                )],
            )
        }),
    };
    ctx.render(&page)
}

// ----- administration

fn require_admin(ctx: &PageCtx) -> Result<(), WebError> {
    ctx.require(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    })
}

pub struct CategoryLine {
    id: i64,
    name: String,
    slug: String,
    outbound: bool,
    inbound: bool,
    delete_label: String,
    outbound_label: String,
    inbound_label: String,
}

#[derive(Template)]
#[template(path = "charter_form.html")]
struct CharterForm {
    chrome: Chrome,
    heading: String,
    notice: Option<String>,
    errors: FormErrors,
    body: String,
    inbound: String,
    outbound: String,
    attribution: String,
    retention_days: String,
    attribution_hint: String,
    categories: Vec<CategoryLine>,
    new_category: String,
}

struct CharterValues {
    body: String,
    inbound: String,
    outbound: String,
    attribution: String,
    retention_days: String,
    /// Category id → (outbound, inbound), as the form says.
    directions: Vec<(i64, bool, bool)>,
    new_category: String,
}

fn values_of(charter: &Charter, categories: &[CategoryRecord]) -> CharterValues {
    CharterValues {
        body: charter.body.clone(),
        inbound: charter.inbound_approval.code().to_owned(),
        outbound: charter.outbound_approval.code().to_owned(),
        attribution: charter.attribution.clone(),
        retention_days: charter.retention_days.to_string(),
        directions: categories
            .iter()
            .map(|c| (c.id, c.outbound, c.inbound))
            .collect(),
        new_category: String::new(),
    }
}

async fn render_charter_form(
    ctx: &PageCtx,
    values: CharterValues,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let categories = ctx.state.store.categories(ctx.territory_id()).await?;
    let lines = categories
        .into_iter()
        .map(|c| {
            let (outbound, inbound) = values
                .directions
                .iter()
                .find(|(id, _, _)| *id == c.id)
                .map_or((c.outbound, c.inbound), |(_, o, i)| (*o, *i));
            let name = Arg::from(c.name.as_str());
            CategoryLine {
                delete_label: ctx.ta("charter-category-delete", &[("name", name.clone())]),
                outbound_label: ctx.ta("charter-category-outbound", &[("name", name.clone())]),
                inbound_label: ctx.ta("charter-category-inbound", &[("name", name)]),
                id: c.id,
                name: c.name,
                slug: c.slug,
                outbound,
                inbound,
            }
        })
        .collect();
    let heading = ctx.t("charter-admin-title");
    let invalid = !errors.is_empty();
    let page = CharterForm {
        chrome: ctx.chrome(&heading, Nav::Admin),
        heading,
        notice,
        errors,
        body: values.body,
        inbound: values.inbound,
        outbound: values.outbound,
        attribution: values.attribution,
        retention_days: values.retention_days,
        attribution_hint: ctx.ta(
            "charter-attribution-hint",
            &[("territory", Arg::from(ctx.site.territory.name.as_str()))],
        ),
        categories: lines,
        new_category: values.new_category,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /admin/syndication`
pub async fn admin_form(ctx: PageCtx, Query(done): Query<Done>) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let charter = ctx
        .state
        .store
        .syndication_charter(ctx.territory_id())
        .await?;
    let categories = ctx.state.store.categories(ctx.territory_id()).await?;
    let notice = match done.fait.as_deref() {
        Some("charte") => Some(ctx.t("charter-saved")),
        Some("categorie") => Some(ctx.t("charter-category-added")),
        Some("suppression") => Some(ctx.t("charter-category-deleted")),
        _ => None,
    };
    render_charter_form(
        &ctx,
        values_of(&charter, &categories),
        FormErrors::default(),
        notice,
    )
    .await
}

/// `POST /admin/syndication`: the charter and the categories' directions.
pub async fn admin_save(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let categories = ctx.state.store.categories(ctx.territory_id()).await?;
    let values = CharterValues {
        body: form.raw("body").replace("\r\n", "\n"),
        inbound: form.get("inbound_approval").to_owned(),
        outbound: form.get("outbound_approval").to_owned(),
        attribution: form.get("attribution").to_owned(),
        retention_days: form.get("retention_days").to_owned(),
        directions: categories
            .iter()
            .map(|c| {
                (
                    c.id,
                    !form.get(&format!("out-{}", c.id)).is_empty(),
                    !form.get(&format!("in-{}", c.id)).is_empty(),
                )
            })
            .collect(),
        new_category: String::new(),
    };
    let mut errors = FormErrors::default();
    if values.body.chars().count() > MAX_CHARTER {
        errors.add(
            "body",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_CHARTER))]),
        );
    }
    let inbound = ApprovalMode::from_code(&values.inbound);
    if inbound.is_none() {
        errors.add("inbound_approval", ctx.t("charter-error-mode"));
    }
    let outbound = ApprovalMode::from_code(&values.outbound);
    if outbound.is_none() {
        errors.add("outbound_approval", ctx.t("charter-error-mode"));
    }
    if values.attribution.chars().count() > MAX_ATTRIBUTION
        || values.attribution.chars().any(char::is_control)
    {
        errors.add(
            "attribution",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_ATTRIBUTION))]),
        );
    }
    let retention = values
        .retention_days
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=MAX_RETENTION_DAYS).contains(d));
    if retention.is_none() {
        errors.add(
            "retention_days",
            ctx.ta(
                "charter-error-retention",
                &[("max", Arg::from(MAX_RETENTION_DAYS))],
            ),
        );
    }
    let (Some(inbound), Some(outbound), Some(retention_days), true) =
        (inbound, outbound, retention, errors.is_empty())
    else {
        return render_charter_form(&ctx, values, errors, None).await;
    };
    let charter = Charter {
        territory_id: ctx.territory_id(),
        body: values.body.clone(),
        inbound_approval: inbound,
        outbound_approval: outbound,
        attribution: values.attribution.clone(),
        retention_days,
        updated_at: None,
        updated_by: None,
    };
    ctx.state
        .store
        .save_charter_with_directions(&charter, ctx.viewer.person_id(), &values.directions)
        .await?;
    tracing::info!(
        territory.id = ctx.territory_id(),
        "syndication charter saved"
    );
    Ok(see_other("/admin/syndication?fait=charte"))
}

/// `POST /admin/syndication/categories`: adds a category.
pub async fn add_category(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let name = form.get("name").to_owned();
    let mut errors = FormErrors::default();
    let length = name.chars().count();
    if length == 0 {
        errors.add("name", ctx.t("charter-error-category-name"));
    } else if length > MAX_CATEGORY || name.chars().any(char::is_control) {
        errors.add(
            "name",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_CATEGORY))]),
        );
    } else if ctx
        .state
        .store
        .create_category(ctx.territory_id(), &name)
        .await?
        .is_none()
    {
        errors.add(
            "name",
            ctx.ta(
                "charter-error-category-exists",
                &[("name", Arg::from(name.as_str()))],
            ),
        );
    }
    if errors.is_empty() {
        return Ok(see_other("/admin/syndication?fait=categorie"));
    }
    let charter = ctx
        .state
        .store
        .syndication_charter(ctx.territory_id())
        .await?;
    let categories = ctx.state.store.categories(ctx.territory_id()).await?;
    let mut values = values_of(&charter, &categories);
    values.new_category = name.chars().take(MAX_CATEGORY * 2).collect();
    render_charter_form(&ctx, values, errors, None).await
}

/// `POST /admin/syndication/categories/{id}/supprimer`
pub async fn delete_category(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    if !ctx
        .state
        .store
        .delete_category(ctx.territory_id(), id)
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/admin/syndication?fait=suppression"))
}

// ----- snippets

pub struct SnippetLine {
    name: String,
    insee: String,
    script: String,
    iframe: String,
    fragment: String,
    preview: String,
    queue: String,
}

#[derive(Template)]
#[template(path = "zone_snippets.html")]
struct SnippetsPage {
    chrome: Chrome,
    heading: String,
    communes: Vec<SnippetLine>,
}

/// The three ways to show a commune's zone, ready to paste.
pub fn snippets(ctx: &PageCtx, commune: &CommuneRecord) -> SnippetLine {
    let base = &ctx.site.base_url;
    let insee = commune.insee_code.to_string();
    let link_text = ctx.ta(
        "zone-heading",
        &[
            ("territory", Arg::from(ctx.site.territory.name.as_str())),
            ("commune", Arg::from(commune.name.as_str())),
        ],
    );
    SnippetLine {
        script: format!(
            "<script src=\"{base}/embed/zone.js\" defer></script>\n\
             <comcom-zone commune=\"{insee}\" limit=\"5\">\n  \
             <a href=\"{base}/embed/zone?commune={insee}\">{link_text}</a>\n\
             </comcom-zone>"
        ),
        iframe: format!(
            "<iframe src=\"{base}/embed/zone?commune={insee}&amp;limit=5\" \
             title=\"{link_text}\" width=\"100%\" height=\"420\" loading=\"lazy\" \
             data-comcom-zone></iframe>\n\
             <script src=\"{base}/embed/host.js\" defer></script>"
        ),
        fragment: format!("{base}/embed/zone.html?commune={insee}&limit=5"),
        preview: format!("/embed/zone?commune={insee}"),
        queue: format!("/communes/{insee}/zone/validation"),
        name: commune.name.clone(),
        insee,
    }
}

/// `GET /admin/syndication/zones`
pub async fn admin_snippets(ctx: PageCtx) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let communes = ctx.state.store.communes(ctx.territory_id()).await?;
    let heading = ctx.t("zone-snippets-title");
    let page = SnippetsPage {
        chrome: ctx.chrome(&heading, Nav::Admin),
        heading,
        communes: communes.iter().map(|c| snippets(&ctx, c)).collect(),
    };
    ctx.render(&page)
}

// ----- approval queue

pub struct QueueLine {
    id: i64,
    title: String,
    url: String,
    date: String,
    state: String,
    accept_label: String,
    refuse_label: String,
    accepted: bool,
    refused: bool,
}

#[derive(Template)]
#[template(path = "zone_queue.html")]
struct QueuePage {
    chrome: Chrome,
    heading: String,
    notice: Option<String>,
    mode_note: String,
    items: Vec<QueueLine>,
    action: String,
    preview: String,
}

/// The commune at `insee` and the viewer's right to approve its zone.
async fn approvable(ctx: &PageCtx, insee: &str) -> Result<CommuneRecord, WebError> {
    let code = InseeCode::parse(insee).map_err(|_| WebError::NotFound)?;
    let commune = ctx
        .state
        .store
        .commune(ctx.territory_id(), &code)
        .await?
        .ok_or(WebError::NotFound)?;
    let role = match (
        ctx.viewer.person_id(),
        ctx.state.store.commune_space(commune.id).await?,
    ) {
        (Some(person), Some(space)) => ctx.state.store.membership(space.id, person).await?,
        _ => None,
    };
    ctx.require(Action::ApproveZoneItems {
        territory_id: ctx.territory_id(),
        commune_id: commune.id,
        commune_space_role: role,
    })?;
    Ok(commune)
}

/// `GET /communes/{insee}/zone/validation`
pub async fn queue(
    ctx: PageCtx,
    Path(insee): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let commune = approvable(&ctx, &insee).await?;
    let charter = ctx
        .state
        .store
        .syndication_charter(ctx.territory_id())
        .await?;
    let items = ctx
        .state
        .store
        .zone_articles(&ZoneQuery {
            territory_id: ctx.territory_id(),
            commune_id: commune.id,
            space_id: None,
            category_id: None,
            relevance: Relevance::Local,
            accepted_only: false,
            since: Some(Utc::now() - Duration::days(charter.retention_days.max(1))),
            limit: QUEUE_SIZE,
        })
        .await?;
    let tz = &ctx.site.territory.time_zone;
    let lines = items
        .into_iter()
        .map(|(a, decision)| {
            let title = Arg::from(a.title.as_str());
            QueueLine {
                id: a.id,
                url: article_path(&a),
                date: clock::show(ctx.locale, tz, a.publish_at.unwrap_or(a.created_at)),
                state: match decision {
                    Some(ZoneDecision::Accepted) => ctx.t("zone-queue-accepted"),
                    Some(ZoneDecision::Refused) => ctx.t("zone-queue-refused"),
                    None => ctx.t("zone-queue-pending"),
                },
                accept_label: ctx.ta("zone-queue-accept", &[("title", title.clone())]),
                refuse_label: ctx.ta("zone-queue-refuse", &[("title", title)]),
                accepted: decision == Some(ZoneDecision::Accepted),
                refused: decision == Some(ZoneDecision::Refused),
                title: a.title,
            }
        })
        .collect();
    let heading = ctx.ta(
        "zone-queue-title",
        &[("commune", Arg::from(commune.name.as_str()))],
    );
    let tab = ctx.ta(
        "zone-queue-tab",
        &[("commune", Arg::from(commune.name.as_str()))],
    );
    let page = QueuePage {
        chrome: ctx.chrome(&tab, Nav::None),
        heading,
        notice: done.fait.is_some().then(|| ctx.t("zone-queue-saved")),
        mode_note: match charter.outbound_approval {
            ApprovalMode::Approve => ctx.t("zone-queue-mode-approve"),
            ApprovalMode::AcceptAll => ctx.t("zone-queue-mode-accept-all"),
        },
        items: lines,
        action: format!("/communes/{}/zone/validation", commune.insee_code),
        preview: format!("/embed/zone?commune={}", commune.insee_code),
    };
    ctx.render_form(&page)
}

/// `POST /communes/{insee}/zone/validation`: accepts or refuses one item.
pub async fn decide(
    ctx: PageCtx,
    Path(insee): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let commune = approvable(&ctx, &insee).await?;
    let decision = ZoneDecision::from_code(form.get("decision")).ok_or(WebError::BadRequest)?;
    let id: i64 = form
        .get("article")
        .parse()
        .map_err(|_| WebError::BadRequest)?;
    // Only an item the zone could show may be decided on.
    let article = ctx
        .state
        .store
        .article(id)
        .await?
        .filter(|a| a.territory_id == ctx.territory_id())
        .ok_or(WebError::NotFound)?;
    ctx.state
        .store
        .decide_zone_item(article.id, commune.id, decision, &ctx.audit_actor())
        .await?;
    tracing::info!(
        article.id = article.id,
        commune.id = commune.id,
        decision = decision.code(),
        "zone item decided"
    );
    Ok(see_other(&format!(
        "/communes/{}/zone/validation?fait=1",
        commune.insee_code
    )))
}

// ----- a category's news

#[derive(Template)]
#[template(path = "category.html")]
struct CategoryPage {
    chrome: Chrome,
    heading: String,
    articles: Vec<crate::pages::articles::ArticleLine>,
    feeds: Vec<(&'static str, String, String)>,
}

/// `GET /categories/{slug}`: a category's public news, with its feeds.
pub async fn category(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let category = ctx
        .state
        .store
        .category_by_slug(ctx.territory_id(), &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let articles = ctx.state.store.category_articles(category.id, 20).await?;
    let heading = ctx.ta(
        "category-title",
        &[("name", Arg::from(category.name.as_str()))],
    );
    let feeds = crate::pages::feeds::discovery(&format!("/categories/{}", category.slug), &heading);
    let mut chrome = ctx.chrome(&heading, Nav::News);
    chrome.feeds.extend(feeds.iter().cloned());
    ctx.render(&CategoryPage {
        chrome,
        heading,
        articles: articles
            .iter()
            .map(|a| crate::pages::articles::line(&ctx, a))
            .collect(),
        feeds,
    })
}
