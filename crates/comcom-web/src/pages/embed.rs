//! The "interco zone": the interco's news shown on a commune's own website,
//! in three forms that share one query and one rendering.
//!
//! - `GET /embed/zone.html?commune=…` an HTML fragment for server-side
//!   insertion, with `Access-Control-Allow-Origin: *`;
//! - `GET /embed/zone?commune=…` a whole page for an `<iframe>`, which works
//!   without JavaScript on the host page and tells the host its height;
//! - `GET /embed/zone.js` a script defining `<comcom-zone commune="…">`, which
//!   renders the fragment in a shadow root.
//!
//! None of them reads or sets a cookie: a zone is the same for everyone, and
//! is cached for [`ZONE_MAX_AGE`] seconds, the delay within which an
//! unpublished or corrected article changes everywhere it is shown.
//! `GET /embed/article/{id}` is one article for an `<iframe>` (oEmbed).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, TimeZone, Utc};
use comcom_core::InseeCode;
use comcom_i18n::{Arg, Locale};
use comcom_store::CommuneRecord;
use comcom_store::articles::ArticleRecord;
use comcom_store::syndication::ApprovalMode;
use comcom_store::zones::{Relevance, ZoneQuery};
use serde::Deserialize;

use crate::pages::articles::article_path;
use crate::site::Site;
use crate::{AppState, WebError, clock};

/// Seconds a zone may be cached: withdrawal reaches every site within it.
pub const ZONE_MAX_AGE: u32 = 300;
/// Items a zone shows when not told.
pub const DEFAULT_LIMIT: i64 = 5;
/// The most items a zone shows.
pub const MAX_LIMIT: i64 = 20;

const ZONE_JS: &str = include_str!("../../static/embed/zone.js");
const ZONE_CSS: &str = include_str!("../../static/embed/zone.css");
const FRAME_JS: &str = include_str!("../../static/embed/frame.js");
const HOST_JS: &str = include_str!("../../static/embed/host.js");

/// A zone's settings, as given in its URL or the element's attributes.
#[derive(Debug, Default, Deserialize)]
pub struct ZoneParams {
    pub commune: Option<String>,
    pub limit: Option<String>,
    pub space: Option<String>,
    pub category: Option<String>,
    pub relevance: Option<String>,
    pub lang: Option<String>,
}

/// One item of a zone.
pub struct ZoneItem {
    pub title: String,
    pub url: String,
    pub date: String,
    pub datetime: String,
    pub excerpt: String,
}

/// A zone, ready to render.
pub struct Zone {
    pub lang: &'static str,
    pub heading: String,
    pub items: Vec<ZoneItem>,
    pub empty: String,
    pub attribution: String,
    pub source_label: String,
    pub source_url: String,
    pub charter_label: String,
    pub charter_url: String,
    /// The newest change among the items, for `Last-Modified`.
    pub updated: DateTime<Utc>,
}

#[derive(Template)]
#[template(path = "embed/fragment.html")]
struct Fragment<'a> {
    zone: &'a Zone,
    /// The heading's level: 2 in a host's page, 1 alone in an iframe.
    level: u8,
}

#[derive(Template)]
#[template(path = "embed/zone.html")]
struct FramePage<'a> {
    zone: &'a Zone,
    level: u8,
    title: String,
    oembed: String,
}

/// Why a zone cannot be shown, in the zone's language.
pub struct ZoneRefusal {
    pub status: StatusCode,
    pub message: String,
}

impl IntoResponse for ZoneRefusal {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            self.message,
        )
            .into_response();
        allow_any_origin(&mut response);
        response
    }
}

fn refuse(locale: Locale, status: StatusCode, key: &str, args: &[(&str, Arg)]) -> ZoneRefusal {
    ZoneRefusal {
        status,
        message: locale.t_args(key, args),
    }
}

/// The locale a zone is written in: its `lang`, else French.
fn zone_locale(params: &ZoneParams) -> Locale {
    params
        .lang
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_default()
}

/// The commune a zone is for.
async fn zone_commune(
    state: &AppState,
    site: &Site,
    locale: Locale,
    code: Option<&str>,
) -> Result<Result<CommuneRecord, ZoneRefusal>, WebError> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(Err(refuse(
            locale,
            StatusCode::BAD_REQUEST,
            "zone-error-no-commune",
            &[],
        )));
    };
    let shown: String = code.chars().take(20).collect();
    let Ok(insee) = InseeCode::parse(code) else {
        return Ok(Err(refuse(
            locale,
            StatusCode::BAD_REQUEST,
            "zone-error-commune-code",
            &[("value", Arg::from(shown))],
        )));
    };
    match state.store.commune(site.territory.id, &insee).await? {
        Some(commune) => Ok(Ok(commune)),
        None => Ok(Err(refuse(
            locale,
            StatusCode::NOT_FOUND,
            "zone-error-unknown-commune",
            &[
                ("value", Arg::from(shown)),
                ("territory", Arg::from(site.territory.name.as_str())),
            ],
        ))),
    }
}

/// Reads a zone's settings and finds its items.
pub async fn load_zone(
    state: &AppState,
    site: &Site,
    params: &ZoneParams,
) -> Result<Result<Zone, ZoneRefusal>, WebError> {
    let locale = zone_locale(params);
    let commune = match zone_commune(state, site, locale, params.commune.as_deref()).await? {
        Ok(commune) => commune,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let limit = match params.limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Ok(Err(refuse(
                    locale,
                    StatusCode::BAD_REQUEST,
                    "zone-error-limit",
                    &[("max", Arg::from(MAX_LIMIT))],
                )));
            }
        },
    };
    let relevance = match params.relevance.as_deref().map(str::trim) {
        None | Some("") => Relevance::Local,
        Some(code) => match Relevance::from_code(code) {
            Some(r) => r,
            None => {
                return Ok(Err(refuse(
                    locale,
                    StatusCode::BAD_REQUEST,
                    "zone-error-relevance",
                    &[],
                )));
            }
        },
    };
    let space_id = match params.space.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(slug) => match state.store.space_by_slug(site.territory.id, slug).await? {
            Some(space) if space.visibility == comcom_core::Visibility::Public => Some(space.id),
            _ => {
                return Ok(Err(refuse(
                    locale,
                    StatusCode::NOT_FOUND,
                    "zone-error-space",
                    &[(
                        "value",
                        Arg::from(slug.chars().take(60).collect::<String>()),
                    )],
                )));
            }
        },
    };
    let category_id = match params.category.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(slug) => match state
            .store
            .category_by_slug(site.territory.id, slug)
            .await?
        {
            Some(category) => Some(category.id),
            None => {
                return Ok(Err(refuse(
                    locale,
                    StatusCode::NOT_FOUND,
                    "zone-error-category",
                    &[(
                        "value",
                        Arg::from(slug.chars().take(60).collect::<String>()),
                    )],
                )));
            }
        },
    };
    let charter = state.store.syndication_charter(site.territory.id).await?;
    let query = ZoneQuery {
        territory_id: site.territory.id,
        commune_id: commune.id,
        space_id,
        category_id,
        relevance,
        accepted_only: charter.outbound_approval == ApprovalMode::Approve,
        since: Some(Utc::now() - Duration::days(charter.retention_days.max(1))),
        limit,
    };
    let articles: Vec<ArticleRecord> = state
        .store
        .zone_articles(&query)
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    let territory = site.territory.name.as_str();
    let tz = &site.territory.time_zone;
    let items = articles
        .iter()
        .map(|a| {
            let when = a.publish_at.unwrap_or(a.created_at);
            ZoneItem {
                title: a.title.clone(),
                url: site.absolute(&article_path(a)),
                date: clock::show(locale, tz, when),
                datetime: when.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                excerpt: comcom_markdown::excerpt(&a.body, 200),
            }
        })
        .collect();
    let updated = articles
        .iter()
        .map(|a| a.updated_at.max(a.publish_at.unwrap_or(a.created_at)))
        .max()
        .unwrap_or_else(|| {
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default()
        })
        .max(charter.updated_at.unwrap_or_default());
    let attribution = if charter.attribution.trim().is_empty() {
        locale.t_args(
            "zone-attribution-default",
            &[("territory", Arg::from(territory))],
        )
    } else {
        charter.attribution.trim().to_owned()
    };
    Ok(Ok(Zone {
        lang: locale.code(),
        heading: locale.t_args(
            "zone-heading",
            &[
                ("territory", Arg::from(territory)),
                ("commune", Arg::from(commune.name.as_str())),
            ],
        ),
        items,
        empty: locale.t("zone-empty"),
        attribution,
        source_label: locale.t_args("zone-source", &[("territory", Arg::from(territory))]),
        source_url: site.absolute("/actualites"),
        charter_label: locale.t("zone-charter"),
        charter_url: site.absolute("/charte-de-syndication"),
        updated,
    }))
}

/// A zone's `ETag`, built from the zone's version in the store
/// ([`comcom_store::Store::zone_version`]) and its settings, without reading
/// or rendering its items; `None` when the settings name no commune of the
/// territory (the full answer then says what is wrong). `form` tells the
/// answers apart (`fragment`, `frame` and its address).
async fn zone_etag(
    state: &AppState,
    site: &Site,
    params: &ZoneParams,
    form: &str,
) -> Result<Option<String>, WebError> {
    let Some(code) = params
        .commune
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return Ok(None);
    };
    let Ok(insee) = InseeCode::parse(code) else {
        return Ok(None);
    };
    // TODO: the site, the commune and the charter are read again on every
    // revalidation (four queries before the version's); a per-process cache
    // of them would leave one query.
    let Some(commune) = state.store.commune(site.territory.id, &insee).await? else {
        return Ok(None);
    };
    let charter = state.store.syndication_charter(site.territory.id).await?;
    let since = Utc::now() - Duration::days(charter.retention_days.max(1));
    let version = state
        .store
        .zone_version(site.territory.id, commune.id, since)
        .await?;
    let setting = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let key = format!(
        "zone\n{form}\n{}\n{}\n{}\n{version}\n{}\n{}\n{}\n{}\n{}\n{}",
        env!("CARGO_PKG_VERSION"),
        site.base_url,
        site.territory.name,
        commune.id,
        setting(&params.limit),
        setting(&params.space),
        setting(&params.category),
        setting(&params.relevance),
        setting(&params.lang),
    );
    Ok(Some(comcom_feeds::etag(&key)))
}

/// The 304 answer for a zone whose `If-None-Match` names `etag`, if it does.
fn zone_not_modified(headers: &HeaderMap, etag: Option<&String>) -> Option<Response> {
    let etag = etag?;
    let if_none_match = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    if !comcom_feeds::is_not_modified(Some(if_none_match), None, etag, Utc::now()) {
        return None;
    }
    let mut response = (
        StatusCode::NOT_MODIFIED,
        [
            (header::ETAG, etag.clone()),
            (
                header::CACHE_CONTROL,
                format!("public, max-age={ZONE_MAX_AGE}"),
            ),
        ],
    )
        .into_response();
    allow_any_origin(&mut response);
    Some(response)
}

/// Lets any site read the response from a script (no cookie is ever used).
fn allow_any_origin(response: &mut Response) {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
}

/// Answers with `body`, cached for the zone's period, or 304 when the
/// client's copy is current. The `ETag` is `etag`, else a hash of the body.
fn cached(
    headers: &HeaderMap,
    content_type: &'static str,
    body: String,
    updated: DateTime<Utc>,
    etag: Option<String>,
) -> Response {
    let etag = etag.unwrap_or_else(|| comcom_feeds::etag(&body));
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fresh = comcom_feeds::is_not_modified(
        text(header::IF_NONE_MATCH),
        text(header::IF_MODIFIED_SINCE),
        &etag,
        updated,
    );
    let common = [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, comcom_feeds::http_date(updated)),
        (
            header::CACHE_CONTROL,
            format!("public, max-age={ZONE_MAX_AGE}"),
        ),
    ];
    let mut response = if fresh {
        (StatusCode::NOT_MODIFIED, common).into_response()
    } else {
        (common, [(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    allow_any_origin(&mut response);
    response
}

/// `GET /embed/zone.html`: the zone as an HTML fragment, for any site.
pub async fn fragment(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Query(params): Query<ZoneParams>,
) -> Result<Response, WebError> {
    // A revalidation is answered from the zone's version alone.
    let etag = zone_etag(&state, &site, &params, "fragment").await?;
    if let Some(response) = zone_not_modified(&headers, etag.as_ref()) {
        return Ok(response);
    }
    let zone = match load_zone(&state, &site, &params).await? {
        Ok(zone) => zone,
        Err(refusal) => return Ok(refusal.into_response()),
    };
    let body = Fragment {
        zone: &zone,
        level: 2,
    }
    .render()?;
    Ok(cached(
        &headers,
        "text/html; charset=utf-8",
        body,
        zone.updated,
        etag,
    ))
}

/// The oEmbed discovery address of a page at `page_url`.
pub fn oembed_link(site: &Site, page_url: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(page_url.as_bytes()).collect();
    site.absolute(&format!("/oembed?url={encoded}&format=json"))
}

/// `GET /embed/zone`: the zone as a page for an `<iframe>`.
pub async fn frame(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    Query(params): Query<ZoneParams>,
) -> Result<Response, WebError> {
    let page_url = match raw.filter(|q| !q.is_empty()) {
        Some(q) => site.absolute(&format!("/embed/zone?{q}")),
        None => site.absolute("/embed/zone"),
    };
    // The page names its own address (oEmbed discovery): part of its tag.
    let etag = zone_etag(&state, &site, &params, &format!("frame {page_url}")).await?;
    if let Some(response) = zone_not_modified(&headers, etag.as_ref()) {
        return Ok(response);
    }
    let zone = match load_zone(&state, &site, &params).await? {
        Ok(zone) => zone,
        Err(refusal) => return Ok(refusal.into_response()),
    };
    let body = FramePage {
        title: zone.heading.clone(),
        oembed: oembed_link(&site, &page_url),
        zone: &zone,
        level: 1,
    }
    .render()?;
    Ok(cached(
        &headers,
        "text/html; charset=utf-8",
        body,
        zone.updated,
        etag,
    ))
}

#[derive(Template)]
#[template(path = "embed/article.html")]
struct ArticleFrame {
    lang: &'static str,
    title: String,
    date: String,
    datetime: String,
    body_html: String,
    url: String,
    read_label: String,
    attribution: String,
    source_label: String,
    source_url: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct LangParam {
    lang: Option<String>,
}

/// The live public article `id` of the site's territory, if any.
pub async fn public_article(
    state: &AppState,
    site: &Site,
    id: &str,
) -> Result<Option<ArticleRecord>, WebError> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    let Some(article) = state.store.article(id).await? else {
        return Ok(None);
    };
    if article.territory_id != site.territory.id || !article.is_live(Utc::now()) {
        return Ok(None);
    }
    let space = state
        .store
        .space_by_slug(site.territory.id, &article.space_slug)
        .await?;
    Ok(space
        .filter(|s| s.visibility == comcom_core::Visibility::Public)
        .map(|_| article))
}

/// `GET /embed/article/{id}`: one public article for an `<iframe>`.
pub async fn article(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(params): Query<LangParam>,
) -> Result<Response, WebError> {
    let locale = params
        .lang
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_default();
    let Some(article) = public_article(&state, &site, &id).await? else {
        return Ok(
            refuse(locale, StatusCode::NOT_FOUND, "zone-error-article", &[]).into_response(),
        );
    };
    let charter = state.store.syndication_charter(site.territory.id).await?;
    let territory = site.territory.name.as_str();
    let when = article.publish_at.unwrap_or(article.created_at);
    let url = site.absolute(&article_path(&article));
    let base = url::Url::parse(&site.base_url).ok();
    let html = comcom_markdown::to_html(&article.body);
    let body_html = match &base {
        Some(base) => comcom_markdown::absolutize(&html, base),
        None => html,
    };
    let attribution = if charter.attribution.trim().is_empty() {
        locale.t_args(
            "zone-attribution-default",
            &[("territory", Arg::from(territory))],
        )
    } else {
        charter.attribution.trim().to_owned()
    };
    let page = ArticleFrame {
        lang: locale.code(),
        date: clock::show(locale, &site.territory.time_zone, when),
        datetime: when.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        body_html,
        read_label: locale.t("zone-read-on-site"),
        attribution,
        source_label: locale.t_args("zone-source", &[("territory", Arg::from(territory))]),
        source_url: site.absolute("/actualites"),
        url,
        title: article.title.clone(),
    };
    let updated = article.updated_at.max(when);
    Ok(cached(
        &headers,
        "text/html; charset=utf-8",
        page.render()?,
        updated,
        None,
    ))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response();
    allow_any_origin(&mut response);
    response
}

/// `GET /embed/zone.js`: the `<comcom-zone>` element.
pub async fn zone_js() -> Response {
    asset("text/javascript; charset=utf-8", ZONE_JS)
}

/// `GET /embed/zone.css`: the zone's style, inside the iframe and the shadow root.
pub async fn zone_css() -> Response {
    asset("text/css; charset=utf-8", ZONE_CSS)
}

/// `GET /embed/frame.js`: inside the iframe, tells the host page its height.
pub async fn frame_js() -> Response {
    asset("text/javascript; charset=utf-8", FRAME_JS)
}

/// `GET /embed/host.js`: optional, on the host page, resizes zone iframes.
pub async fn host_js() -> Response {
    asset("text/javascript; charset=utf-8", HOST_JS)
}

/// What an oEmbed consumer asks.
#[derive(Debug, Default, Deserialize)]
pub struct OembedParams {
    url: Option<String>,
    format: Option<String>,
    maxwidth: Option<String>,
    maxheight: Option<String>,
}

/// What an oEmbed answer embeds: the iframe's path, its title and its
/// natural size.
struct Embeddable {
    path: String,
    title: String,
    height: u32,
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Which embeddable thing of this site `page` is: an article's page, a
/// commune's page (its zone) or a zone's page.
async fn embeddable(
    state: &AppState,
    site: &Site,
    page: &str,
) -> Result<Option<Embeddable>, WebError> {
    let Some(rest) = page.strip_prefix(&site.base_url) else {
        return Ok(None);
    };
    let Ok(parsed) = url::Url::parse(&format!("http://x{rest}")) else {
        return Ok(None);
    };
    let segments: Vec<&str> = parsed.path().trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["espaces", _, "actualites", id] => {
            Ok(public_article(state, site, id)
                .await?
                .map(|article| Embeddable {
                    path: format!("/embed/article/{}", article.id),
                    title: article.title,
                    height: 500,
                }))
        }
        ["communes", insee] => {
            let params = ZoneParams {
                commune: Some((*insee).to_owned()),
                ..ZoneParams::default()
            };
            Ok(match load_zone(state, site, &params).await? {
                Ok(zone) => Some(Embeddable {
                    path: format!("/embed/zone?commune={insee}"),
                    title: zone.heading,
                    height: 420,
                }),
                Err(_) => None,
            })
        }
        ["embed", "zone"] => {
            let query = parsed.query().unwrap_or_default();
            let params: ZoneParams = zone_params_of(query);
            Ok(match load_zone(state, site, &params).await? {
                Ok(zone) => Some(Embeddable {
                    path: format!("/embed/zone?{query}"),
                    title: zone.heading,
                    height: 420,
                }),
                Err(_) => None,
            })
        }
        _ => Ok(None),
    }
}

fn zone_params_of(query: &str) -> ZoneParams {
    let mut params = ZoneParams::default();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = Some(value.into_owned());
        match key.as_ref() {
            "commune" => params.commune = value,
            "limit" => params.limit = value,
            "space" => params.space = value,
            "category" => params.category = value,
            "relevance" => params.relevance = value,
            "lang" => params.lang = value,
            _ => {}
        }
    }
    params
}

/// A positive size limit from the request, if given and readable.
fn size_limit(text: Option<&str>) -> Option<u32> {
    text.and_then(|t| t.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
}

/// `GET /oembed?url=…&format=json`: the oEmbed provider (type `rich`) for
/// articles, communes' pages and zones.
pub async fn oembed(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Query(params): Query<OembedParams>,
) -> Result<Response, WebError> {
    let locale = crate::locale::locale_of(&headers);
    match params.format.as_deref().map(str::trim) {
        None | Some("") | Some("json") => {}
        Some(_) => {
            return Ok(refuse(
                locale,
                StatusCode::NOT_IMPLEMENTED,
                "oembed-error-format",
                &[],
            )
            .into_response());
        }
    }
    let Some(page) = params
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    else {
        return Ok(
            refuse(locale, StatusCode::BAD_REQUEST, "oembed-error-no-url", &[]).into_response(),
        );
    };
    let Some(found) = embeddable(&state, &site, page).await? else {
        return Ok(
            refuse(locale, StatusCode::NOT_FOUND, "oembed-error-unknown", &[]).into_response(),
        );
    };
    let width = size_limit(params.maxwidth.as_deref()).map_or(600, |max| max.min(600));
    let height =
        size_limit(params.maxheight.as_deref()).map_or(found.height, |max| max.min(found.height));
    let src = site.absolute(&found.path);
    let html = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" \
         data-comcom-zone></iframe>",
        escape_attribute(&src),
        escape_attribute(&found.title),
    );
    let body = serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "title": found.title,
        "provider_name": site.territory.name,
        "provider_url": site.absolute("/"),
        "cache_age": ZONE_MAX_AGE,
        "html": html,
        "width": width,
        "height": height,
    });
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body.to_string(),
    )
        .into_response();
    allow_any_origin(&mut response);
    Ok(response)
}
