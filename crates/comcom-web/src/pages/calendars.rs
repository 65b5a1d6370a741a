//! Calendar feeds: each person (their invitations) and each space (its
//! meetings) has a feed at a secret address, made on request, shown once,
//! revocable and regenerable. The feed shows only what its owner may see
//! now: the owner's permissions are checked on every request.

use askama::Template;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use comcom_calendar::{Calendar, Method, Organizer};
use comcom_core::permissions::{Action, Actor, SpaceFact, decide};
use comcom_i18n::{Arg, Locale};
use comcom_store::meetings::MeetingRecord;
use comcom_store::spaces::SpaceRecord;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::FormData;
use crate::invitations::{MeetingContext, PRODUCT, zone};
use crate::pages::spaces::visible_space;
use crate::pages::{PageCtx, see_other};

#[derive(Template)]
#[template(path = "calendar_feed.html")]
struct FeedPage {
    chrome: Chrome,
    heading: String,
    intro: String,
    action: String,
    /// Breadcrumb: (href, label) pairs.
    trail: Vec<(String, String)>,
    /// "Active since …" when a feed exists.
    active: Option<String>,
    /// The address just made, shown once.
    created: Option<String>,
    notice: Option<String>,
}

async fn render(
    ctx: &PageCtx,
    space: Option<&SpaceRecord>,
    created: Option<String>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let person_id = ctx.person_id()?;
    let feed = ctx
        .state
        .store
        .calendar_feed_of(person_id, space.map(|s| s.id))
        .await?;
    let tz = &ctx.site.territory.time_zone;
    let active = feed.map(|f| {
        ctx.ta(
            "meetings-feed-active",
            &[("date", Arg::from(clock::show(ctx.locale, tz, f.created_at)))],
        )
    });
    let (heading, intro, action, trail) = match space {
        Some(s) => (
            ctx.ta(
                "meetings-feed-space-title",
                &[("space", Arg::from(s.name.as_str()))],
            ),
            ctx.t("meetings-feed-space-intro"),
            format!("/espaces/{}/agenda", s.slug),
            vec![
                (format!("/espaces/{}", s.slug), s.name.clone()),
                (
                    format!("/espaces/{}/reunions", s.slug),
                    ctx.t("meetings-nav"),
                ),
            ],
        ),
        None => (
            ctx.t("meetings-feed-mine-title"),
            ctx.t("meetings-feed-mine-intro"),
            "/profil/agenda".to_owned(),
            vec![("/profil".to_owned(), ctx.t("profile-title"))],
        ),
    };
    let shown = created.is_some();
    let page = FeedPage {
        // A short tab title: a space's name can be long.
        chrome: ctx.chrome(
            &ctx.t("meetings-feed-tab"),
            if space.is_some() {
                Nav::Spaces
            } else {
                Nav::Profile
            },
        ),
        heading,
        intro,
        action,
        trail,
        active,
        created,
        notice,
    };
    let mut response = ctx.render_form(&page)?;
    if shown {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// The space at `slug` whose meetings the viewer may see.
async fn feed_space(ctx: &PageCtx, slug: &str) -> Result<SpaceRecord, WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    match ctx.require(Action::ViewMeetings(fact)) {
        Ok(()) => Ok(space),
        Err(WebError::LoginRequired) => Err(WebError::LoginRequired),
        Err(_) => Err(WebError::NotFound),
    }
}

/// `GET /profil/agenda`
pub async fn mine(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    render(&ctx, None, None, None).await
}

/// `GET /espaces/{slug}/agenda`
pub async fn of_space(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let space = feed_space(&ctx, &slug).await?;
    render(&ctx, Some(&space), None, None).await
}

async fn change(
    ctx: &PageCtx,
    space: Option<&SpaceRecord>,
    form: &FormData,
) -> Result<Response, WebError> {
    let person_id = ctx.person_id()?;
    let space_id = space.map(|s| s.id);
    match form.get("action") {
        "create" => {
            let secret = ctx
                .state
                .store
                .create_calendar_feed(person_id, space_id)
                .await?;
            tracing::info!(person.id = person_id, space.id = ?space_id, "calendar feed made");
            let url = ctx.site.absolute(&format!("/agenda/{secret}.ics"));
            render(ctx, space, Some(url), None).await
        }
        "revoke" => {
            ctx.state
                .store
                .revoke_calendar_feed(person_id, space_id)
                .await?;
            tracing::info!(person.id = person_id, space.id = ?space_id, "calendar feed revoked");
            render(ctx, space, None, Some(ctx.t("meetings-feed-revoked"))).await
        }
        _ => Ok(see_other(&ctx.path)),
    }
}

/// `POST /profil/agenda`: makes (or remakes) or revokes the address.
pub async fn change_mine(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    change(&ctx, None, &form).await
}

/// `POST /espaces/{slug}/agenda`
pub async fn change_space(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let space = feed_space(&ctx, &slug).await?;
    change(&ctx, Some(&space), &form).await
}

/// Whether `actor` may see the meetings of `space` (with their membership).
async fn may_view(ctx: &PageCtx, actor: &Actor, space: &SpaceRecord) -> Result<bool, WebError> {
    let person_id = actor.person_id.unwrap_or_default();
    let membership = ctx.state.store.membership(space.id, person_id).await?;
    let fact = SpaceFact {
        territory_id: space.territory_id,
        commune_id: space.commune_id,
        kind: space.kind,
        visibility: space.visibility,
        membership,
    };
    Ok(decide(actor, Action::ViewMeetings(fact)).is_allowed())
}

/// `GET /agenda/{secret}.ics`: the feed, in METHOD:PUBLISH. An unknown or
/// revoked secret, or one whose owner may no longer see the space, is a 404.
pub async fn feed(ctx: PageCtx, Path(file): Path<String>) -> Result<Response, WebError> {
    let secret = file.strip_suffix(".ics").ok_or(WebError::NotFound)?;
    if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(WebError::NotFound);
    }
    let feed = ctx
        .state
        .store
        .calendar_feed_by_secret(secret)
        .await?
        .ok_or(WebError::NotFound)?;
    let owner = ctx
        .state
        .store
        .account(feed.person_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let actor = Actor {
        person_id: Some(owner.person_id),
        mandates: ctx.state.store.mandate_facts(owner.person_id).await?,
        admin_of: ctx.state.store.admin_grants(owner.person_id).await?,
        agent_of: ctx.state.store.agent_communes(owner.person_id).await?,
    };
    let locale = Locale::from_tag(&owner.locale).unwrap_or_default();
    let mut entries: Vec<(MeetingRecord, SpaceRecord)> = Vec::new();
    let name = match feed.space_id {
        Some(space_id) => {
            let space = ctx
                .state
                .store
                .space(space_id)
                .await?
                .filter(|s| s.territory_id == ctx.territory_id())
                .ok_or(WebError::NotFound)?;
            if !may_view(&ctx, &actor, &space).await? {
                return Err(WebError::NotFound);
            }
            for m in ctx.state.store.meetings_of_space(space.id).await? {
                entries.push((m, space.clone()));
            }
            locale.t_args(
                "meetings-feed-space-name",
                &[("space", Arg::from(space.name.as_str()))],
            )
        }
        None => {
            let mut spaces: Vec<(SpaceRecord, bool)> = Vec::new();
            for m in ctx.state.store.meetings_of_invitee(owner.person_id).await? {
                let known = spaces.iter().find(|(s, _)| s.id == m.space_id).cloned();
                let (space, visible) = match known {
                    Some(entry) => entry,
                    None => {
                        let Some(space) = ctx.state.store.space(m.space_id).await? else {
                            continue;
                        };
                        let visible = space.territory_id == ctx.territory_id()
                            && may_view(&ctx, &actor, &space).await?;
                        spaces.push((space.clone(), visible));
                        (space, visible)
                    }
                };
                if visible {
                    entries.push((m, space));
                }
            }
            locale.t_args(
                "meetings-feed-mine-name",
                &[("territory", Arg::from(ctx.site.territory.name.as_str()))],
            )
        }
    };
    let tz = zone(&ctx.site.territory.time_zone);
    let now = Utc::now();
    let mut events = Vec::with_capacity(entries.len());
    for (m, space) in &entries {
        let organizer = match m.organizer_id {
            Some(id) => ctx.state.store.account(id).await?,
            None => None,
        };
        let cx = MeetingContext {
            documents: &[],
            meeting: m,
            space_name: &space.name,
            territory_name: &ctx.site.territory.name,
            base_url: &ctx.site.base_url,
            tz,
            organizer: Organizer {
                name: organizer
                    .as_ref()
                    .map(|a| a.display_name.clone())
                    .unwrap_or_else(|| ctx.site.territory.name.clone()),
                email: organizer.and_then(|a| a.email).unwrap_or_else(|| {
                    format!("ne-pas-repondre@{}", ctx.state.config.mail_domain())
                }),
            },
            now,
        };
        events.push(cx.event(locale, None));
    }
    let body = Calendar {
        method: Method::Publish,
        product: PRODUCT.to_owned(),
        time_zone: tz,
        name: Some(name),
        events,
        now,
    }
    .to_ics();
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; method=PUBLISH; charset=UTF-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex"),
    );
    Ok(response)
}
