//! A space's activity stream, a person's notifications and their delivery
//! preference for each space.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use comcom_core::events::{Delivery, EventKind};
use comcom_core::permissions::Action;
use comcom_i18n::Arg;
use comcom_store::events::EventRecord;
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::{FormData, FormErrors};
use crate::notify::event_sentence;
use crate::pages::spaces::visible_space;
use crate::pages::{PageCtx, see_other};

/// Events per page of a stream or of the notifications.
const PAGE: i64 = 30;

#[derive(Deserialize)]
pub struct PageQuery {
    avant: Option<String>,
}

impl PageQuery {
    /// The cursor: events older than this id. Anything else is the first page.
    fn before(&self) -> Option<i64> {
        self.avant.as_deref().and_then(|a| a.parse().ok())
    }
}

pub struct EventLine {
    text: String,
    url: String,
    date: String,
    /// The machine-readable time for `<time datetime>`.
    datetime: String,
}

fn when(ctx: &PageCtx, stamp: &str) -> String {
    comcom_store::time::parse(stamp)
        .map(|t| clock::show(ctx.locale, &ctx.site.territory.time_zone, t))
        .unwrap_or_default()
}

fn line(ctx: &PageCtx, event: &EventRecord, mention: bool) -> EventLine {
    EventLine {
        text: event_sentence(ctx.locale, event, mention),
        url: event.path.clone(),
        date: when(ctx, &event.created_at),
        datetime: event.created_at.clone(),
    }
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    chrome: Chrome,
    slug: String,
    name: String,
    events: Vec<EventLine>,
    older: Option<String>,
    newest: Option<String>,
}

/// `GET /espaces/{slug}/activite[?avant=ID]`: newest first, a page at a
/// time. People outside the space's extranet (visitors of a public space)
/// see only its published news.
pub async fn space(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = visible_space(&ctx, &slug).await?;
    let insider = ctx
        .viewer
        .decide(Action::ReadDiscussions(fact))
        .is_allowed();
    let public_only = [EventKind::ArticlePublished];
    let events = ctx
        .state
        .store
        .space_events(
            space.id,
            query.before(),
            PAGE,
            (!insider).then_some(&public_only[..]),
        )
        .await?;
    let base = format!("/espaces/{}/activite", space.slug);
    let older = (events.len() as i64 == PAGE)
        .then(|| events.last().map(|e| format!("{base}?avant={}", e.id)))
        .flatten();
    ctx.render(&ActivityPage {
        chrome: ctx.chrome(
            &ctx.ta(
                "activity-title",
                &[("space", Arg::from(space.name.as_str()))],
            ),
            Nav::Spaces,
        ),
        events: events.iter().map(|e| line(&ctx, e, false)).collect(),
        older,
        newest: query.before().map(|_| base),
        slug: space.slug,
        name: space.name,
    })
}

pub struct NotificationLine {
    id: i64,
    event: EventLine,
    space: String,
    space_url: String,
    read: bool,
    mark_label: String,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    chrome: Chrome,
    items: Vec<NotificationLine>,
    unread: i64,
    unread_text: String,
    older: Option<String>,
    newest: Option<String>,
}

/// `GET /notifications[?avant=ID]`: the signed-in person's notifications.
pub async fn index(ctx: PageCtx, Query(query): Query<PageQuery>) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person = ctx.person_id()?;
    let list = ctx
        .state
        .store
        .notifications(person, query.before(), PAGE)
        .await?;
    let unread = ctx.state.store.unread_notification_count(person).await?;
    let older = (list.len() as i64 == PAGE)
        .then(|| {
            list.last()
                .map(|n| format!("/notifications?avant={}", n.id))
        })
        .flatten();
    let items = list
        .iter()
        .map(|n| {
            let event = line(&ctx, &n.event, n.mention);
            NotificationLine {
                id: n.id,
                mark_label: ctx.ta(
                    "notifications-mark-one",
                    &[("title", Arg::from(event.text.as_str()))],
                ),
                event,
                space: n.event.space_name.clone(),
                space_url: format!("/espaces/{}", n.event.space_slug),
                read: n.read,
            }
        })
        .collect();
    ctx.render(&NotificationsPage {
        chrome: ctx.chrome(&ctx.t("notifications-title"), Nav::None),
        items,
        unread,
        unread_text: ctx.ta("notifications-unread", &[("count", Arg::from(unread))]),
        older,
        newest: query.before().map(|_| "/notifications".to_owned()),
    })
}

/// `POST /notifications/lues`: marks them all read.
pub async fn mark_all(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person = ctx.person_id()?;
    ctx.state
        .store
        .mark_notifications_read(person, None)
        .await?;
    Ok(see_other("/notifications"))
}

/// `POST /notifications/{id}/lue`: marks one read (only one's own).
pub async fn mark_one(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person = ctx.person_id()?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    ctx.state
        .store
        .mark_notifications_read(person, Some(id))
        .await?;
    Ok(see_other("/notifications"))
}

#[derive(Template)]
#[template(path = "notification_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    slug: String,
    name: String,
    is_member: bool,
    /// (code, label, checked)
    choices: Vec<(&'static str, String, bool)>,
    notice: Option<String>,
    errors: FormErrors,
}

#[derive(Deserialize)]
pub struct SettingsQuery {
    fait: Option<String>,
}

/// `GET /espaces/{slug}/notifications`: how the person hears about this space.
pub async fn settings(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(query): Query<SettingsQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let (space, fact) = visible_space(&ctx, &slug).await?;
    let person = ctx.person_id()?;
    let current = ctx
        .state
        .store
        .notification_preference(person, space.id)
        .await?;
    let notice = query
        .fait
        .is_some()
        .then(|| ctx.t("notification-settings-saved"));
    settings_page(
        &ctx,
        &space,
        fact.membership.is_some(),
        current.map(|d| d.code()).unwrap_or("default"),
        notice,
        FormErrors::default(),
    )
}

fn settings_page(
    ctx: &PageCtx,
    space: &comcom_store::spaces::SpaceRecord,
    is_member: bool,
    chosen: &str,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let choices = ["default", "immediate", "daily", "none"]
        .into_iter()
        .map(|code| {
            (
                code,
                ctx.t(&format!("notification-delivery-{code}")),
                code == chosen,
            )
        })
        .collect();
    let invalid = !errors.is_empty();
    let page = SettingsPage {
        chrome: ctx.chrome(
            &ctx.ta(
                "notification-settings-title",
                &[("space", Arg::from(space.name.as_str()))],
            ),
            Nav::Spaces,
        ),
        slug: space.slug.clone(),
        name: space.name.clone(),
        is_member,
        choices,
        notice,
        errors,
    };
    ctx.render_form_page(&page, invalid)
}

/// `POST /espaces/{slug}/notifications`
pub async fn save_settings(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let (space, fact) = visible_space(&ctx, &slug).await?;
    let person = ctx.person_id()?;
    let chosen = form.get("delivery");
    let delivery = match chosen {
        "default" => None,
        code => match Delivery::from_code(code) {
            Some(d) => Some(d),
            None => {
                let mut errors = FormErrors::default();
                errors.add("delivery", ctx.t("error-delivery"));
                return settings_page(
                    &ctx,
                    &space,
                    fact.membership.is_some(),
                    "default",
                    None,
                    errors,
                );
            }
        },
    };
    ctx.state
        .store
        .set_notification_preference(person, space.id, delivery)
        .await?;
    Ok(see_other(&format!(
        "/espaces/{}/notifications?fait=1",
        space.slug
    )))
}
