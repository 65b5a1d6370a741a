//! Public iCalendar feeds (`METHOD:PUBLISH`) of the meetings open to the
//! public in the territory's public spaces: the whole territory's, a public
//! space's and a commune's (the meetings of its spaces). Anyone may read
//! them, without an account or a secret: they carry only what a poster in
//! the town hall would (title, agenda, time, place, the space's public
//! page), never the invitees, the organizer's address or a visio link.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, TimeZone, Utc};
use comcom_calendar::{Calendar, Event, Method, Status};
use comcom_core::{InseeCode, Visibility};
use comcom_i18n::Arg;
use comcom_store::meetings::{MeetingRecord, MeetingStatus, PublicScope};

use crate::WebError;
use crate::invitations::{PRODUCT, zone};
use crate::pages::PageCtx;

/// How long past events stay in a feed.
const PAST_DAYS: i64 = 90;
/// The most events in a feed.
const MAX_EVENTS: i64 = 500;

/// The file name of a public calendar under a page's address.
pub const FILE: &str = "agenda.ics";

/// The autodiscovery link of the public calendar under `prefix` ("" for the
/// territory's), titled `title`.
pub fn discovery(ctx: &PageCtx, prefix: &str, title: &str) -> (&'static str, String, String) {
    (
        comcom_calendar::MEDIA_TYPE,
        ctx.ta("public-events-feed-title", &[("name", Arg::from(title))]),
        format!("{prefix}/{FILE}"),
    )
}

/// One public meeting as an event: a stable UID (the meeting's own, the
/// one of its invitations), its SEQUENCE, `DTSTAMP` at its last change (so
/// that an unchanged feed is byte for byte the same, for its `ETag`).
fn event(ctx: &PageCtx, m: &MeetingRecord, space_slug: &str) -> Event {
    // The agenda keeps its lines (escaped as `\n` in the file).
    let agenda = comcom_markdown::to_text_lines(&m.agenda);
    let location = match (m.place.trim().is_empty(), m.visio) {
        (false, _) => Some(m.place.clone()),
        // Said, never linked: the visio room is for the invitees.
        (true, true) => Some(ctx.t("meetings-visio-only")),
        (true, false) => None,
    };
    Event {
        uid: m.uid.clone(),
        sequence: u32::try_from(m.sequence).unwrap_or(0),
        stamp: m.updated_at,
        start: m.starts_at,
        end: m.ends_at,
        summary: m.title.clone(),
        description: (!agenda.trim().is_empty()).then(|| agenda.trim().to_owned()),
        location,
        url: Some(ctx.site.absolute(&format!("/espaces/{space_slug}"))),
        status: match m.status {
            MeetingStatus::Scheduled => Status::Confirmed,
            MeetingStatus::Cancelled => Status::Cancelled,
        },
        organizer: None,
        attendees: Vec::new(),
        created: Some(m.created_at),
        last_modified: Some(m.updated_at),
    }
}

/// The feed of `scope`, named `name`, with conditional GET.
async fn respond(
    ctx: &PageCtx,
    headers: &HeaderMap,
    scope: PublicScope,
    name: String,
) -> Result<Response, WebError> {
    let now = Utc::now();
    let meetings = ctx
        .state
        .store
        .public_meetings(
            ctx.territory_id(),
            scope,
            now - Duration::days(PAST_DAYS),
            MAX_EVENTS,
        )
        .await?;
    // Any meeting's change counts, one that left the feed (no longer public)
    // too, so that `Last-Modified` never goes back in time.
    // TODO: a meeting that ages out of the feed (past PAST_DAYS) does not move it.
    let removed = ctx
        .state
        .store
        .meetings_changed_at(ctx.territory_id())
        .await?;
    let updated: DateTime<Utc> = meetings
        .iter()
        .map(|(m, _, _)| m.updated_at)
        .chain(removed)
        .max()
        .unwrap_or_else(|| {
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default()
        });
    let body = Calendar {
        method: Method::Publish,
        product: PRODUCT.to_owned(),
        time_zone: zone(&ctx.site.territory.time_zone),
        name: Some(name),
        events: meetings
            .iter()
            .map(|(m, slug, _)| event(ctx, m, slug))
            .collect(),
        now,
    }
    .to_ics();
    let etag = comcom_feeds::etag(&body);
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
        (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
    ];
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    Ok((
        common,
        [(header::CONTENT_TYPE, Method::Publish.content_type())],
        body,
    )
        .into_response())
}

/// `GET /agenda.ics`: the public meetings of every public space.
pub async fn territory(ctx: PageCtx, headers: HeaderMap) -> Result<Response, WebError> {
    let name = ctx.ta(
        "public-events-feed-title",
        &[("name", Arg::from(ctx.site.territory.name.as_str()))],
    );
    respond(&ctx, &headers, PublicScope::Territory, name).await
}

/// `GET /espaces/{slug}/agenda.ics`: a public space's public meetings.
pub async fn space(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let space = ctx
        .state
        .store
        .space_by_slug(ctx.territory_id(), &slug)
        .await?
        .filter(|s| s.visibility == Visibility::Public)
        .ok_or(WebError::NotFound)?;
    let title = format!("{} – {}", space.name, ctx.site.territory.name);
    let name = ctx.ta("public-events-feed-title", &[("name", Arg::from(title))]);
    respond(&ctx, &headers, PublicScope::Space(space.id), name).await
}

/// `GET /communes/{insee}/agenda.ics`: the public meetings of a commune's
/// public spaces.
pub async fn commune(
    ctx: PageCtx,
    headers: HeaderMap,
    Path(insee): Path<String>,
) -> Result<Response, WebError> {
    let code = InseeCode::parse(&insee).map_err(|_| WebError::NotFound)?;
    let commune = ctx
        .state
        .store
        .commune(ctx.territory_id(), &code)
        .await?
        .ok_or(WebError::NotFound)?;
    let title = format!("{} – {}", commune.name, ctx.site.territory.name);
    let name = ctx.ta("public-events-feed-title", &[("name", Arg::from(title))]);
    respond(&ctx, &headers, PublicScope::Commune(commune.id), name).await
}
