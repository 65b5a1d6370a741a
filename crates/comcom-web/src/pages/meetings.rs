//! Meetings of a space: the list, convening (with the convocation emails),
//! changing, cancelling, the meeting's page with attendance answers and
//! proxies, minutes, and the visio link that checks the person on each use.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use comcom_calendar::Organizer;
use comcom_core::permissions::{Action, SpaceFact};
use comcom_i18n::{Arg, format_date};
use comcom_store::meetings::{
    Answer, AnswerRefusal, InviteeRecord, MeetingFields, MeetingRecord, MeetingStatus,
    OutgoingEmail,
};
use comcom_store::spaces::SpaceRecord;
use serde::Deserialize;

use comcom_core::events::EventKind;
use comcom_store::events::EventInput;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors};
use crate::invitations::{self, MeetingContext, Notice, zone};
use crate::pages::account::MessagePage;
use crate::pages::spaces::{fact, visible_space};
use crate::pages::{PageCtx, see_other};

/// Longest title, place, agenda and minutes.
const MAX_TITLE: usize = 200;
const MAX_PLACE: usize = 300;
const MAX_AGENDA: usize = 20_000;
const MAX_MINUTES: usize = 100_000;

/// The meeting `id` with its space, if the viewer may see the space's
/// meetings; anything else is answered like a missing page.
pub(crate) async fn visible_meeting(
    ctx: &PageCtx,
    id: &str,
) -> Result<(MeetingRecord, SpaceRecord, SpaceFact), WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let meeting = ctx
        .state
        .store
        .meeting(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let space = ctx
        .state
        .store
        .space(meeting.space_id)
        .await?
        .filter(|s| s.territory_id == ctx.territory_id())
        .ok_or(WebError::NotFound)?;
    let fact = fact(ctx, &space).await?;
    match ctx.require(Action::ViewMeetings(fact)) {
        Ok(()) => Ok((meeting, space, fact)),
        Err(WebError::LoginRequired) => Err(WebError::LoginRequired),
        Err(_) => Err(WebError::NotFound),
    }
}

/// The space at `slug` if the viewer may see its meetings.
async fn meetings_space(ctx: &PageCtx, slug: &str) -> Result<(SpaceRecord, SpaceFact), WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    match ctx.require(Action::ViewMeetings(fact)) {
        Ok(()) => Ok((space, fact)),
        Err(WebError::LoginRequired) => Err(WebError::LoginRequired),
        Err(_) => Err(WebError::NotFound),
    }
}

fn tz(ctx: &PageCtx) -> Tz {
    zone(&ctx.site.territory.time_zone)
}

pub struct MeetingLine {
    id: i64,
    title: String,
    when: String,
    cancelled: bool,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    chrome: Chrome,
    heading: String,
    slug: String,
    space_name: String,
    can_convene: bool,
    notice: Option<String>,
    upcoming: Vec<MeetingLine>,
    past: Vec<MeetingLine>,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    fait: Option<String>,
}

/// `GET /espaces/{slug}/reunions`
pub async fn index(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = meetings_space(&ctx, &slug).await?;
    let tz = tz(&ctx);
    let now = Utc::now();
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for m in ctx.state.store.meetings_of_space(space.id).await? {
        let line = MeetingLine {
            id: m.id,
            when: invitations::when(ctx.locale, tz, m.starts_at, m.ends_at),
            cancelled: m.status == MeetingStatus::Cancelled,
            title: m.title,
        };
        if m.ends_at >= now {
            upcoming.push(line);
        } else {
            past.push(line);
        }
    }
    past.reverse();
    let heading = ctx.ta(
        "meetings-title",
        &[("space", Arg::from(space.name.as_str()))],
    );
    let notice = (q.fait.as_deref() == Some("annulee")).then(|| ctx.t("meetings-cancelled-notice"));
    ctx.render(&MeetingsPage {
        chrome: ctx.chrome(&heading, Nav::Spaces),
        heading,
        slug: space.slug,
        space_name: space.name,
        can_convene: ctx.viewer.decide(Action::ConveneMeeting(fact)).is_allowed(),
        notice,
        upcoming,
        past,
    })
}

/// One member in the invitees' checkboxes.
pub struct MemberChoice {
    id: i64,
    name: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "meeting_form.html")]
struct MeetingFormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    slug: String,
    space_name: String,
    errors: FormErrors,
    values: FormValues,
    members: Vec<MemberChoice>,
    visio_available: bool,
    /// The space is public: the meeting may be open to the public.
    public_space: bool,
    time_zone: String,
    is_update: bool,
    sequence: i64,
    /// Documents of the space to attach when convening: (id, name, ticked).
    documents: Vec<(i64, String, bool)>,
}

/// What the form shows (as typed).
#[derive(Debug, Clone, Default)]
pub struct FormValues {
    title: String,
    agenda: String,
    date: String,
    start: String,
    end: String,
    place: String,
    visio: bool,
    open_to_public: bool,
    /// `all` or `chosen`.
    invite: String,
    /// Documents of the space ticked to attach (convening only).
    documents: Vec<i64>,
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

impl FormValues {
    fn from_form(form: &FormData) -> FormValues {
        FormValues {
            title: clip(form.get("title"), MAX_TITLE * 2),
            agenda: clip(form.raw("agenda"), MAX_AGENDA * 2),
            date: clip(form.get("date"), 20),
            start: clip(form.get("start"), 10),
            end: clip(form.get("end"), 10),
            place: clip(form.get("place"), MAX_PLACE * 2),
            visio: form.get("visio") == "1",
            open_to_public: form.get("open_to_public") == "1",
            invite: if form.get("invite") == "all" {
                "all".to_owned()
            } else {
                "chosen".to_owned()
            },
            documents: Vec::new(),
        }
    }

    fn of_meeting(m: &MeetingRecord, tz: Tz) -> FormValues {
        let (s, e) = (m.starts_at.with_timezone(&tz), m.ends_at.with_timezone(&tz));
        FormValues {
            title: m.title.clone(),
            agenda: m.agenda.clone(),
            date: s.format("%Y-%m-%d").to_string(),
            start: s.format("%H:%M").to_string(),
            end: e.format("%H:%M").to_string(),
            place: m.place.clone(),
            visio: m.visio,
            open_to_public: m.open_to_public,
            invite: "chosen".to_owned(),
            documents: Vec::new(),
        }
    }
}

/// A wall-clock time of the territory as an instant: a time skipped by the
/// spring change is refused with a message; a time repeated in autumn takes
/// the first of the two (still summer time), as documented.
fn resolve_local(
    ctx: &PageCtx,
    tz: Tz,
    date: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<Utc>, String> {
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(ctx.ta(
            "meetings-error-time-skipped",
            &[
                ("date", Arg::from(format_date(ctx.locale, date))),
                (
                    "value",
                    Arg::from(invitations::time_of_day(ctx.locale, time)),
                ),
            ],
        )),
    }
}

/// Checks the form; the meeting's fields (with the chosen invitees) when valid.
fn check(
    ctx: &PageCtx,
    values: &FormValues,
    form: &FormData,
    members: &[i64],
    errors: &mut FormErrors,
) -> Option<(DateTime<Utc>, DateTime<Utc>, Vec<i64>)> {
    let tz = tz(ctx);
    let title = values.title.trim();
    if title.is_empty() {
        errors.add("title", ctx.t("meetings-error-title"));
    } else if title.chars().count() > MAX_TITLE || title.chars().any(char::is_control) {
        errors.add(
            "title",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_TITLE))]),
        );
    }
    if values.agenda.chars().count() > MAX_AGENDA {
        errors.add(
            "agenda",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_AGENDA))]),
        );
    }
    let date = NaiveDate::parse_from_str(&values.date, "%Y-%m-%d").ok();
    if date.is_none() {
        errors.add("date", ctx.t("meetings-error-date"));
    }
    let parse_time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    let (start, end) = (parse_time(&values.start), parse_time(&values.end));
    if start.is_none() {
        errors.add("start", ctx.t("meetings-error-start"));
    }
    if end.is_none() {
        errors.add("end", ctx.t("meetings-error-end"));
    }
    let mut times = None;
    if let (Some(date), Some(start), Some(end)) = (date, start, end) {
        let starts_at = resolve_local(ctx, tz, date, start);
        let ends_at = resolve_local(ctx, tz, date, end);
        match (starts_at, ends_at) {
            (Err(message), _) => errors.add("start", message),
            (_, Err(message)) => errors.add("end", message),
            (Ok(s), Ok(e)) if e <= s => errors.add("end", ctx.t("meetings-error-end-before")),
            (Ok(s), _) if s <= Utc::now() => errors.add("date", ctx.t("meetings-error-past")),
            (Ok(s), Ok(e)) => times = Some((s, e)),
        }
    }
    let place = values.place.trim();
    if place.chars().count() > MAX_PLACE || place.chars().any(char::is_control) {
        errors.add(
            "place",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_PLACE))]),
        );
    } else if place.is_empty() && !values.visio {
        errors.add("place", ctx.t("meetings-error-place"));
    }
    if values.visio && ctx.state.config.visio.is_none() {
        errors.add("visio", ctx.t("meetings-error-no-visio"));
    }
    let invitees: Vec<i64> = if values.invite == "all" {
        members.to_vec()
    } else {
        members
            .iter()
            .copied()
            .filter(|id| form.get(&format!("invitee-{id}")) == "1")
            .collect()
    };
    if invitees.is_empty() {
        errors.add("invitees", ctx.t("meetings-error-invitees"));
    }
    let (starts_at, ends_at) = times?;
    errors.is_empty().then_some((starts_at, ends_at, invitees))
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    ctx: &PageCtx,
    space: &SpaceRecord,
    meeting: Option<&MeetingRecord>,
    values: FormValues,
    chosen: &[i64],
    errors: FormErrors,
) -> Result<Response, WebError> {
    let members = ctx
        .state
        .store
        .members(space.id)
        .await?
        .into_iter()
        .map(|m| MemberChoice {
            checked: chosen.contains(&m.person_id),
            id: m.person_id,
            name: m.display_name,
        })
        .collect();
    let (heading, action) = match meeting {
        Some(m) => (
            ctx.ta(
                "meetings-edit-title",
                &[("title", Arg::from(m.title.as_str()))],
            ),
            format!("/reunions/{}/modifier", m.id),
        ),
        None => (
            ctx.t("meetings-new-title"),
            format!("/espaces/{}/reunions/nouvelle", space.slug),
        ),
    };
    let invalid = !errors.is_empty();
    // Documents are attached when convening here, afterwards on the meeting's page.
    let documents = match meeting {
        None if may_view_documents(ctx, space).await? => ctx
            .state
            .store
            .space_document_choices(space.id)
            .await?
            .into_iter()
            .map(|(id, name)| (id, name, values.documents.contains(&id)))
            .collect(),
        _ => Vec::new(),
    };
    let page = MeetingFormPage {
        chrome: ctx.chrome(&heading, Nav::Spaces),
        heading,
        action,
        slug: space.slug.clone(),
        space_name: space.name.clone(),
        errors,
        values,
        members,
        visio_available: ctx.state.config.visio.is_some(),
        public_space: space.visibility == comcom_core::Visibility::Public,
        time_zone: ctx.ta(
            "meetings-time-zone",
            &[("zone", Arg::from(ctx.site.territory.time_zone.as_str()))],
        ),
        is_update: meeting.is_some(),
        sequence: meeting.map(|m| m.sequence).unwrap_or(0),
        documents,
    };
    ctx.render_form_page(&page, invalid)
}

/// Records a meeting's event in the space's activity stream and gives the
/// people it concerns (`convened`: those who were just emailed about it) an
/// in-app notification, never the actor. They already got the convocation,
/// its update or its cancellation by email, so the notification is recorded
/// as emailed: no email per event, and the daily digest leaves it out. A
/// failure here does not undo the meeting, whose emails are already queued.
async fn record(ctx: &PageCtx, meeting: &MeetingRecord, kind: EventKind, convened: Vec<i64>) {
    let mut event = EventInput::new(
        meeting.space_id,
        ctx.viewer.person_id(),
        kind,
        "meeting",
        Some(meeting.id),
        &meeting.title,
        &format!("/reunions/{}", meeting.id),
    );
    event.already_emailed = convened.clone();
    event.only_to = Some(convened);
    if let Err(e) = ctx.state.store.record_event(&event).await {
        tracing::warn!(meeting.id = meeting.id, error = %e, "cannot record the meeting's event");
    }
}

/// The space at `slug` if the viewer may convene its meetings.
async fn convening_space(ctx: &PageCtx, slug: &str) -> Result<SpaceRecord, WebError> {
    let (space, fact) = meetings_space(ctx, slug).await?;
    ctx.require(Action::ConveneMeeting(fact))?;
    Ok(space)
}

/// `GET /espaces/{slug}/reunions/nouvelle`
pub async fn new_form(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let space = convening_space(&ctx, &slug).await?;
    let values = FormValues {
        invite: "all".to_owned(),
        visio: ctx.state.config.visio.is_some(),
        start: "14:00".to_owned(),
        end: "16:00".to_owned(),
        ..FormValues::default()
    };
    form_page(&ctx, &space, None, values, &[], FormErrors::default()).await
}

/// The organizer written in invitations: the convener, or the instance.
fn organizer(ctx: &PageCtx) -> Organizer {
    let account = ctx.viewer.account.as_ref();
    Organizer {
        name: account
            .map(|a| a.display_name.clone())
            .unwrap_or_else(|| ctx.site.territory.name.clone()),
        email: account
            .and_then(|a| a.email.clone())
            .unwrap_or_else(|| format!("ne-pas-repondre@{}", ctx.state.config.mail_domain())),
    }
}

/// Invitees as the emails need them, before the change is stored.
fn pending_invitees(
    members: &[comcom_store::spaces::MemberRecord],
    accounts: &[(i64, Option<String>, String)],
    ids: &[i64],
) -> Vec<InviteeRecord> {
    ids.iter()
        .filter_map(|id| {
            let m = members.iter().find(|m| m.person_id == *id)?;
            let (_, email, locale) = accounts.iter().find(|(p, _, _)| p == id)?;
            Some(InviteeRecord {
                person_id: *id,
                display_name: m.display_name.clone(),
                email: email.clone(),
                locale: locale.clone(),
                answer: Answer::Pending,
                proxy_id: None,
                answered_at: None,
            })
        })
        .collect()
}

/// The address and language of each member.
async fn member_accounts(
    ctx: &PageCtx,
    members: &[comcom_store::spaces::MemberRecord],
) -> Result<Vec<(i64, Option<String>, String)>, WebError> {
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        if let Some(a) = ctx.state.store.account(m.person_id).await? {
            out.push((a.person_id, a.email, a.locale));
        }
    }
    Ok(out)
}

/// `POST /espaces/{slug}/reunions/nouvelle`: convenes the meeting and
/// queues the convocations, in one transaction.
pub async fn create(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let space = convening_space(&ctx, &slug).await?;
    let members = ctx.state.store.members(space.id).await?;
    let member_ids: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    let mut values = FormValues::from_form(&form);
    // Only documents of this space, which the convener may see.
    let attached: Vec<(i64, String)> = if may_view_documents(&ctx, &space).await? {
        ctx.state
            .store
            .space_document_choices(space.id)
            .await?
            .into_iter()
            .filter(|(id, _)| form.get(&format!("document-{id}")) == "1")
            .collect()
    } else {
        Vec::new()
    };
    values.documents = attached.iter().map(|(id, _)| *id).collect();
    let mut errors = FormErrors::default();
    let Some((starts_at, ends_at, invitees)) =
        check(&ctx, &values, &form, &member_ids, &mut errors)
    else {
        let chosen: Vec<i64> = member_ids
            .iter()
            .copied()
            .filter(|id| form.get(&format!("invitee-{id}")) == "1")
            .collect();
        return form_page(&ctx, &space, None, values, &chosen, errors).await;
    };
    let accounts = member_accounts(&ctx, &members).await?;
    let recipients = pending_invitees(&members, &accounts, &invitees);
    let person_id = ctx.person_id()?;
    let fields = MeetingFields {
        title: values.title.trim(),
        agenda: values.agenda.trim_end(),
        starts_at,
        ends_at,
        place: values.place.trim(),
        visio: values.visio,
        // Only a public space's meetings may be public (the box is not
        // offered elsewhere).
        open_to_public: values.open_to_public
            && space.visibility == comcom_core::Visibility::Public,
        invitees: &invitees,
    };
    let organizer = organizer(&ctx);
    let tz = tz(&ctx);
    let domain = ctx.state.config.mail_domain();
    let links = document_links(&space, &attached);
    let meeting = ctx
        .state
        .store
        .create_meeting_with_documents(
            space.id,
            person_id,
            &fields,
            &values.documents,
            &domain,
            |meeting| {
                let cx = MeetingContext {
                    documents: &links,
                    meeting,
                    space_name: &space.name,
                    territory_name: &ctx.site.territory.name,
                    base_url: &ctx.site.base_url,
                    tz,
                    organizer: organizer.clone(),
                    now: Utc::now(),
                };
                recipients
                    .iter()
                    .filter_map(|i| invitations::email_for(&cx, Notice::Convene, i))
                    .collect()
            },
        )
        .await?;
    tracing::info!(
        meeting.id = meeting.id,
        space.id = space.id,
        invitees = invitees.len(),
        "meeting convened"
    );
    record(&ctx, &meeting, EventKind::MeetingConvened, invitees.clone()).await;
    Ok(see_other(&format!(
        "/reunions/{}?fait=convoquee",
        meeting.id
    )))
}

/// The meeting `id` if the viewer may convene (change) it.
async fn convened_meeting(
    ctx: &PageCtx,
    id: &str,
) -> Result<(MeetingRecord, SpaceRecord), WebError> {
    let (meeting, space, fact) = visible_meeting(ctx, id).await?;
    ctx.require(Action::ConveneMeeting(fact))?;
    Ok((meeting, space))
}

/// `GET /reunions/{id}/modifier`
pub async fn edit_form(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let (meeting, space) = convened_meeting(&ctx, &id).await?;
    if meeting.status == MeetingStatus::Cancelled {
        return Ok(see_other(&format!("/reunions/{}", meeting.id)));
    }
    let chosen: Vec<i64> = ctx
        .state
        .store
        .meeting_invitees(meeting.id)
        .await?
        .iter()
        .map(|i| i.person_id)
        .collect();
    let values = FormValues::of_meeting(&meeting, tz(&ctx));
    form_page(
        &ctx,
        &space,
        Some(&meeting),
        values,
        &chosen,
        FormErrors::default(),
    )
    .await
}

/// `POST /reunions/{id}/modifier`: the change, with SEQUENCE+1 and emails to
/// the invitees kept (update), added (convocation) and removed (cancellation).
pub async fn update(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (meeting, space) = convened_meeting(&ctx, &id).await?;
    if meeting.status == MeetingStatus::Cancelled {
        return Ok(see_other(&format!("/reunions/{}", meeting.id)));
    }
    let members = ctx.state.store.members(space.id).await?;
    let current = ctx.state.store.meeting_invitees(meeting.id).await?;
    let mut member_ids: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    let values = FormValues::from_form(&form);
    let mut errors = FormErrors::default();
    let checked = check(&ctx, &values, &form, &member_ids, &mut errors);
    let expected: i64 = form.get("sequence").parse().unwrap_or(-1);
    if checked.is_some() && expected != meeting.sequence {
        errors.add("title", ctx.t("meetings-error-changed-meanwhile"));
    }
    let (Some((starts_at, ends_at, invitees)), true) = (checked, errors.is_empty()) else {
        let chosen: Vec<i64> = member_ids
            .iter()
            .copied()
            .filter(|id| form.get(&format!("invitee-{id}")) == "1")
            .collect();
        return form_page(&ctx, &space, Some(&meeting), values, &chosen, errors).await;
    };
    // Emails go to former invitees too, who may have left the space.
    member_ids.extend(current.iter().map(|i| i.person_id));
    let accounts = member_accounts(&ctx, &members).await?;
    let new_people = pending_invitees(&members, &accounts, &invitees);
    let fields = MeetingFields {
        title: values.title.trim(),
        agenda: values.agenda.trim_end(),
        starts_at,
        ends_at,
        place: values.place.trim(),
        visio: values.visio,
        // Only a public space's meetings may be public (the box is not
        // offered elsewhere).
        open_to_public: values.open_to_public
            && space.visibility == comcom_core::Visibility::Public,
        invitees: &invitees,
    };
    let organizer = organizer(&ctx);
    let tz = tz(&ctx);
    let domain = ctx.state.config.mail_domain();
    let attached: Vec<(i64, String)> = ctx
        .state
        .store
        .meeting_documents(meeting.id)
        .await?
        .into_iter()
        .map(|d| (d.document_id, d.name))
        .collect();
    let links = document_links(&space, &attached);
    // Everyone emailed about the change: kept, added and removed invitees.
    let mut concerned: Vec<i64> = Vec::new();
    let updated = ctx
        .state
        .store
        .update_meeting(
            meeting.id,
            meeting.sequence,
            &fields,
            &domain,
            |meeting, change| {
                let cx = MeetingContext {
                    documents: &links,
                    meeting,
                    space_name: &space.name,
                    territory_name: &ctx.site.territory.name,
                    base_url: &ctx.site.base_url,
                    tz,
                    organizer: organizer.clone(),
                    now: Utc::now(),
                };
                concerned.extend(&change.kept);
                concerned.extend(&change.added);
                concerned.extend(&change.removed);
                let mut emails: Vec<OutgoingEmail> = Vec::new();
                for i in &current {
                    if change.kept.contains(&i.person_id) {
                        emails.extend(invitations::email_for(&cx, Notice::Update, i));
                    } else if change.removed.contains(&i.person_id) {
                        emails.extend(invitations::email_for(&cx, Notice::Uninvite, i));
                    }
                }
                for i in &new_people {
                    if change.added.contains(&i.person_id) {
                        emails.extend(invitations::email_for(&cx, Notice::Convene, i));
                    }
                }
                emails
            },
        )
        .await?;
    let Some(updated) = updated else {
        let mut errors = FormErrors::default();
        errors.add("title", ctx.t("meetings-error-changed-meanwhile"));
        return form_page(&ctx, &space, Some(&meeting), values, &invitees, errors).await;
    };
    tracing::info!(
        meeting.id = updated.id,
        sequence = updated.sequence,
        "meeting changed"
    );
    record(&ctx, &updated, EventKind::MeetingUpdated, concerned).await;
    Ok(see_other(&format!(
        "/reunions/{}?fait=modifiee",
        updated.id
    )))
}

/// `POST /reunions/{id}/annuler`
pub async fn cancel(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let (meeting, space) = convened_meeting(&ctx, &id).await?;
    let invitees = ctx.state.store.meeting_invitees(meeting.id).await?;
    let organizer = organizer(&ctx);
    let tz = tz(&ctx);
    let domain = ctx.state.config.mail_domain();
    let cancelled = ctx
        .state
        .store
        .cancel_meeting(meeting.id, &domain, |meeting| {
            let cx = MeetingContext {
                documents: &[],
                meeting,
                space_name: &space.name,
                territory_name: &ctx.site.territory.name,
                base_url: &ctx.site.base_url,
                tz,
                organizer: organizer.clone(),
                now: Utc::now(),
            };
            invitees
                .iter()
                .filter_map(|i| invitations::email_for(&cx, Notice::Cancel, i))
                .collect()
        })
        .await?;
    if let Some(m) = cancelled {
        tracing::info!(
            meeting.id = m.id,
            sequence = m.sequence,
            "meeting cancelled"
        );
        record(
            &ctx,
            &m,
            EventKind::MeetingCancelled,
            invitees.iter().map(|i| i.person_id).collect(),
        )
        .await;
    }
    Ok(see_other(&format!("/reunions/{}?fait=annulee", meeting.id)))
}

pub struct InviteeLine {
    name: String,
    answer: String,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    id: i64,
    title: String,
    slug: String,
    space_name: String,
    when: String,
    place: String,
    visio: bool,
    /// In the public calendar feeds (open to the public, public space).
    public_event: bool,
    cancelled: bool,
    notice: Option<String>,
    errors: FormErrors,
    agenda_html: String,
    minutes_html: String,
    minutes: String,
    invitees: Vec<InviteeLine>,
    /// The viewer's own answer form: (answer code, proxy holder id).
    my_answer: Option<(String, i64)>,
    /// Other invitees who may hold the viewer's proxy.
    proxy_choices: Vec<(i64, String)>,
    /// Whose proxy the viewer holds.
    holding: Option<String>,
    can_join: bool,
    can_convene: bool,
    /// Documents attached, for whoever may see the space's documents.
    documents: Vec<AttachedLine>,
    /// The viewer may attach, detach and mark documents.
    can_attach: bool,
    /// The viewer may also upload a new document from here.
    can_upload: bool,
    /// Documents of the space not attached yet: (id, name).
    attach_choices: Vec<(i64, String)>,
    upload_action: String,
    limit_hint: String,
}

/// A document attached to the meeting.
pub struct AttachedLine {
    id: i64,
    name: String,
    size: String,
    is_minutes: bool,
    page: String,
    download: String,
}

fn answer_label(ctx: &PageCtx, i: &InviteeRecord, all: &[InviteeRecord]) -> String {
    match i.answer {
        Answer::Pending => ctx.t("meetings-answer-pending"),
        Answer::Yes => ctx.t("meetings-answer-yes"),
        Answer::No => ctx.t("meetings-answer-no"),
        Answer::Proxy => {
            let holder = i
                .proxy_id
                .and_then(|p| all.iter().find(|x| x.person_id == p))
                .map(|x| x.display_name.as_str())
                .unwrap_or("?");
            ctx.ta("meetings-answer-proxy-to", &[("name", Arg::from(holder))])
        }
    }
}

async fn meeting_page(
    ctx: &PageCtx,
    meeting: MeetingRecord,
    space: SpaceRecord,
    fact: SpaceFact,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let invitees = ctx.state.store.meeting_invitees(meeting.id).await?;
    let me = ctx
        .viewer
        .person_id()
        .and_then(|p| invitees.iter().find(|i| i.person_id == p));
    let invited = me.is_some();
    let may_attend = ctx
        .viewer
        .decide(Action::AttendMeeting {
            space: fact,
            invited,
        })
        .is_allowed();
    let scheduled = meeting.status == MeetingStatus::Scheduled;
    let open = scheduled && meeting.ends_at > Utc::now();
    let my_answer = me
        .filter(|_| may_attend && open)
        .map(|i| (i.answer.code().to_owned(), i.proxy_id.unwrap_or(0)));
    let proxy_choices = match me {
        Some(me) => invitees
            .iter()
            .filter(|i| i.person_id != me.person_id)
            .map(|i| (i.person_id, i.display_name.clone()))
            .collect(),
        None => Vec::new(),
    };
    let holding = me.and_then(|me| {
        invitees
            .iter()
            .find(|i| i.proxy_id == Some(me.person_id))
            .map(|i| {
                ctx.ta(
                    "meetings-holding",
                    &[("name", Arg::from(i.display_name.as_str()))],
                )
            })
    });
    let lines = invitees
        .iter()
        .map(|i| InviteeLine {
            name: i.display_name.clone(),
            answer: answer_label(ctx, i, &invitees),
        })
        .collect();
    let tz = tz(ctx);
    let invalid = !errors.is_empty();
    let see_documents = ctx.viewer.decide(Action::ViewDocuments(fact)).is_allowed();
    let can_convene = ctx.viewer.decide(Action::ConveneMeeting(fact)).is_allowed();
    let attached = if see_documents {
        ctx.state.store.meeting_documents(meeting.id).await?
    } else {
        Vec::new()
    };
    let can_attach = can_convene && see_documents;
    let attach_choices = if can_attach {
        ctx.state
            .store
            .space_document_choices(space.id)
            .await?
            .into_iter()
            .filter(|(id, _)| !attached.iter().any(|d| d.document_id == *id))
            .collect()
    } else {
        Vec::new()
    };
    let documents = attached
        .iter()
        .map(|d| AttachedLine {
            id: d.document_id,
            name: d.name.clone(),
            size: crate::pages::documents::human_size(ctx.locale, d.size),
            is_minutes: d.is_minutes,
            page: format!("/espaces/{}/documents/{}", space.slug, d.document_id),
            download: format!(
                "/espaces/{}/documents/{}/telecharger",
                space.slug, d.document_id
            ),
        })
        .collect();
    let limits = ctx.state.files.limits;
    let page = MeetingPage {
        documents,
        can_attach,
        can_upload: can_attach
            && ctx
                .viewer
                .decide(Action::UploadDocuments(fact))
                .is_allowed(),
        attach_choices,
        upload_action: format!(
            "/reunions/{}/documents/deposer?csrf={}",
            meeting.id, ctx.csrf
        ),
        limit_hint: ctx.ta(
            "documents-upload-hint",
            &[(
                "max",
                Arg::from(crate::pages::documents::human_size(
                    ctx.locale,
                    limits.max_file_bytes as i64,
                )),
            )],
        ),
        chrome: ctx.chrome(&meeting.title, Nav::Spaces),
        id: meeting.id,
        slug: space.slug,
        space_name: space.name,
        when: invitations::when(ctx.locale, tz, meeting.starts_at, meeting.ends_at),
        place: meeting.place.clone(),
        visio: meeting.visio,
        public_event: meeting.open_to_public && space.visibility == comcom_core::Visibility::Public,
        cancelled: !scheduled,
        notice,
        errors,
        agenda_html: comcom_markdown::to_html(&meeting.agenda),
        minutes_html: comcom_markdown::to_html(&meeting.minutes),
        minutes: meeting.minutes,
        invitees: lines,
        my_answer,
        proxy_choices,
        holding,
        can_join: may_attend && scheduled && meeting.visio,
        can_convene,
        title: meeting.title,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /reunions/{id}`
pub async fn show(
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let (meeting, space, fact) = visible_meeting(&ctx, &id).await?;
    let notice = match q.fait.as_deref() {
        Some("convoquee") => Some(ctx.t("meetings-convened-notice")),
        Some("modifiee") => Some(ctx.t("meetings-updated-notice")),
        Some("annulee") => Some(ctx.t("meetings-cancelled-notice")),
        Some("reponse") => Some(ctx.t("meetings-answered-notice")),
        Some("compte-rendu") => Some(ctx.t("meetings-minutes-notice")),
        Some("document-joint") => Some(ctx.t("meetings-document-attached-notice")),
        Some("document-retire") => Some(ctx.t("meetings-document-detached-notice")),
        Some("document-compte-rendu") => Some(ctx.t("meetings-document-minutes-notice")),
        _ => None,
    };
    meeting_page(&ctx, meeting, space, fact, notice, FormErrors::default()).await
}

/// `POST /reunions/{id}/reponse`: yes, no, or a proxy to another invitee.
///
/// Rules: only an invitee answers, for themselves, while the meeting is
/// scheduled and not over; a proxy goes to another invitee who has not
/// answered no and has not given their own proxy; a holder holds one proxy
/// at most; someone who holds a proxy must come (cannot answer no or give a
/// proxy) until its giver changes their answer.
pub async fn answer(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (meeting, space, fact) = visible_meeting(&ctx, &id).await?;
    let person_id = ctx.person_id()?;
    let invitees = ctx.state.store.meeting_invitees(meeting.id).await?;
    let me = invitees.iter().find(|i| i.person_id == person_id);
    ctx.require(Action::AttendMeeting {
        space: fact,
        invited: me.is_some(),
    })?;
    let mut errors = FormErrors::default();
    let open = meeting.status == MeetingStatus::Scheduled && meeting.ends_at > Utc::now();
    let answer = Answer::from_code(form.get("answer")).filter(|a| *a != Answer::Pending);
    let mut holder = None;
    if !open {
        errors.add("answer", ctx.t("meetings-error-closed"));
    } else if answer.is_none() {
        errors.add("answer", ctx.t("meetings-error-answer"));
    }
    if errors.is_empty()
        && matches!(answer, Some(Answer::No | Answer::Proxy))
        && let Some(giver) = invitees.iter().find(|i| i.proxy_id == Some(person_id))
    {
        errors.add(
            "answer",
            ctx.ta(
                "meetings-error-holding",
                &[("name", Arg::from(giver.display_name.as_str()))],
            ),
        );
    }
    if errors.is_empty() && answer == Some(Answer::Proxy) {
        let chosen = form
            .get("proxy")
            .parse::<i64>()
            .ok()
            .and_then(|p| invitees.iter().find(|i| i.person_id == p));
        match chosen {
            None => errors.add("proxy", ctx.t("meetings-error-proxy-choose")),
            Some(h) if h.person_id == person_id => {
                errors.add("proxy", ctx.t("meetings-error-proxy-self"))
            }
            Some(h) if matches!(h.answer, Answer::No | Answer::Proxy) => errors.add(
                "proxy",
                ctx.ta(
                    "meetings-error-proxy-absent",
                    &[("name", Arg::from(h.display_name.as_str()))],
                ),
            ),
            Some(h) => holder = Some(h),
        }
    }
    let Some(answer) = answer.filter(|_| errors.is_empty()) else {
        return meeting_page(&ctx, meeting, space, fact, None, errors).await;
    };
    let outcome = ctx
        .state
        .store
        .answer_meeting(meeting.id, person_id, answer, holder.map(|h| h.person_id))
        .await?;
    if let Err(AnswerRefusal::HolderTaken) = outcome {
        let name = holder.map(|h| h.display_name.as_str()).unwrap_or("");
        errors.add(
            "proxy",
            ctx.ta("meetings-error-proxy-taken", &[("name", Arg::from(name))]),
        );
        return meeting_page(&ctx, meeting, space, fact, None, errors).await;
    }
    tracing::info!(
        meeting.id = meeting.id,
        person.id = person_id,
        answer = answer.code(),
        "meeting answered"
    );
    Ok(see_other(&format!("/reunions/{}?fait=reponse", meeting.id)))
}

/// `POST /reunions/{id}/compte-rendu`: the minutes, in Markdown.
pub async fn minutes(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (meeting, space, fact) = visible_meeting(&ctx, &id).await?;
    ctx.require(Action::ConveneMeeting(fact))?;
    let text = form.raw("minutes").replace("\r\n", "\n");
    if text.chars().count() > MAX_MINUTES {
        let mut errors = FormErrors::default();
        errors.add(
            "minutes",
            ctx.ta("error-too-long", &[("max", Arg::from(MAX_MINUTES))]),
        );
        return meeting_page(&ctx, meeting, space, fact, None, errors).await;
    }
    ctx.state
        .store
        .set_meeting_minutes(meeting.id, text.trim_end())
        .await?;
    tracing::info!(meeting.id = meeting.id, "meeting minutes written");
    Ok(see_other(&format!(
        "/reunions/{}?fait=compte-rendu",
        meeting.id
    )))
}

fn message(
    ctx: &PageCtx,
    status: StatusCode,
    heading: &str,
    text: String,
    back: String,
) -> Response {
    let page = MessagePage {
        chrome: ctx.chrome(heading, Nav::Spaces),
        heading: heading.to_owned(),
        paragraphs: vec![text],
        link: Some((back, ctx.t("meetings-back"))),
    };
    let mut response = page.into_response();
    *response.status_mut() = status;
    response
}

/// `GET /reunions/{id}/visio`: checks, on every use, that the person is
/// invited to a meeting still scheduled, then sends them to the territory's
/// provider with a token made now and valid for a few minutes.
pub async fn visio(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let (meeting, space, fact) = visible_meeting(&ctx, &id).await?;
    let person_id = ctx.person_id()?;
    let invitees = ctx.state.store.meeting_invitees(meeting.id).await?;
    let me = invitees.iter().find(|i| i.person_id == person_id);
    ctx.require(Action::AttendMeeting {
        space: fact,
        invited: me.is_some(),
    })?;
    let back = format!("/reunions/{}", meeting.id);
    if !meeting.visio {
        return Err(WebError::NotFound);
    }
    if meeting.status == MeetingStatus::Cancelled {
        return Ok(message(
            &ctx,
            StatusCode::GONE,
            &ctx.t("meetings-visio-title"),
            ctx.t("meetings-visio-cancelled"),
            back,
        ));
    }
    let Some(provider) = ctx.state.config.visio.as_ref() else {
        return Ok(message(
            &ctx,
            StatusCode::SERVICE_UNAVAILABLE,
            &ctx.t("meetings-visio-title"),
            ctx.t("meetings-visio-none"),
            back,
        ));
    };
    let account = ctx.viewer.account.as_ref().ok_or(WebError::LoginRequired)?;
    let moderator = ctx.viewer.decide(Action::ConveneMeeting(fact)).is_allowed()
        || meeting.organizer_id == Some(person_id);
    let page_url = ctx.site.absolute(&back);
    let join = comcom_visio::join(
        provider,
        &comcom_visio::Room {
            name: &meeting.room,
            title: &meeting.title,
            logout_url: Some(&page_url),
        },
        &comcom_visio::Participant {
            id: format!("person-{person_id}"),
            name: account.display_name.clone(),
            email: account.email.clone(),
            moderator,
        },
        Utc::now().timestamp(),
    );
    if let Some(create) = &join.prepare
        && let Err(reason) = prepare_room(create).await
    {
        // The reason never holds the URL (whose checksum is a secret's work).
        tracing::warn!(meeting.id = meeting.id, %reason, "the visio provider refused to open the room");
        return Ok(message(
            &ctx,
            StatusCode::BAD_GATEWAY,
            &ctx.t("meetings-visio-title"),
            ctx.t("meetings-visio-unreachable"),
            back,
        ));
    }
    tracing::info!(
        meeting.id = meeting.id,
        space.id = space.id,
        provider = provider.code(),
        "visio joined"
    );
    let mut response = see_other(join.url.as_str());
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

/// Calls BigBlueButton's `create` (which answers SUCCESS for a room that
/// already exists) so that `join` finds the room.
async fn prepare_room(url: &url::Url) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(8))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.without_url().to_string())?;
    let response = client
        .get(url.as_str())
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| e.without_url().to_string())?;
    if status.is_success() && body.contains("<returncode>SUCCESS</returncode>") {
        Ok(())
    } else {
        let key = body
            .split("<messageKey>")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .unwrap_or("")
            .chars()
            .take(60)
            .collect::<String>();
        Err(format!("status {status}, {key}"))
    }
}

/// Whether the viewer may see the documents of `space`.
async fn may_view_documents(ctx: &PageCtx, space: &SpaceRecord) -> Result<bool, WebError> {
    let fact = fact(ctx, space).await?;
    Ok(ctx.viewer.decide(Action::ViewDocuments(fact)).is_allowed())
}

/// The documents as the emails list them: (name, path of the document's page).
fn document_links(space: &SpaceRecord, documents: &[(i64, String)]) -> Vec<(String, String)> {
    documents
        .iter()
        .map(|(id, name)| {
            (
                name.clone(),
                format!("/espaces/{}/documents/{id}", space.slug),
            )
        })
        .collect()
}

/// The meeting `id` if the viewer may manage its documents: convene its
/// meetings and see the space's documents.
async fn organised_meeting(
    ctx: &PageCtx,
    id: &str,
) -> Result<(MeetingRecord, SpaceRecord, SpaceFact), WebError> {
    let (meeting, space, fact) = visible_meeting(ctx, id).await?;
    ctx.require(Action::ConveneMeeting(fact))?;
    ctx.require(Action::ViewDocuments(fact))?;
    Ok((meeting, space, fact))
}

/// A document of the meeting's space outside the trash, from a form's text.
async fn space_document_of(
    ctx: &PageCtx,
    space: &SpaceRecord,
    id: &str,
) -> Result<Option<comcom_store::documents::DocumentRecord>, WebError> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    Ok(ctx
        .state
        .store
        .document(space.id, id)
        .await?
        .filter(|d| d.trashed_at.is_none()))
}

/// `POST /reunions/{id}/documents` (document, minutes): attaches a document
/// of the space, as the minutes when ticked.
pub async fn attach_document(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (meeting, space, fact) = organised_meeting(&ctx, &id).await?;
    let Some(document) = space_document_of(&ctx, &space, form.get("document")).await? else {
        let mut errors = FormErrors::default();
        errors.add("document", ctx.t("meetings-error-document"));
        return meeting_page(&ctx, meeting, space, fact, None, errors).await;
    };
    let store = &ctx.state.store;
    store
        .attach_meeting_document(meeting.id, document.id, ctx.viewer.person_id())
        .await?;
    if form.get("minutes") == "1" {
        store
            .mark_meeting_minutes_document(meeting.id, document.id, true)
            .await?;
    }
    tracing::info!(
        meeting.id = meeting.id,
        document.id = document.id,
        "document attached"
    );
    Ok(see_other(&format!(
        "/reunions/{}?fait=document-joint",
        meeting.id
    )))
}

/// `POST /reunions/{id}/documents/deposer?csrf=…` (multipart, field `file`):
/// uploads a new document into the space's documents (the same limits, type
/// check and quota as there) and attaches it.
pub async fn upload_document(
    ctx: PageCtx,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let (meeting, space, fact) = organised_meeting(&ctx, &id).await?;
    ctx.require(Action::UploadDocuments(fact))?;
    match crate::pages::documents::upload_document(&ctx, &space, None, &mut multipart).await? {
        Ok((document_id, _)) => {
            ctx.state
                .store
                .attach_meeting_document(meeting.id, document_id, ctx.viewer.person_id())
                .await?;
            tracing::info!(
                meeting.id = meeting.id,
                document.id = document_id,
                "document uploaded and attached"
            );
            Ok(see_other(&format!(
                "/reunions/{}?fait=document-joint",
                meeting.id
            )))
        }
        Err(refused) => {
            let mut errors = FormErrors::default();
            errors.add("file", refused.message);
            let mut page = meeting_page(&ctx, meeting, space, fact, None, errors).await?;
            *page.status_mut() = refused.status;
            Ok(page)
        }
    }
}

/// `POST /reunions/{id}/documents/{doc}/retirer`: the document stays in the space.
pub async fn detach_document(
    ctx: PageCtx,
    Path((id, doc)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (meeting, _, _) = organised_meeting(&ctx, &id).await?;
    let document_id: i64 = doc.parse().map_err(|_| WebError::NotFound)?;
    ctx.state
        .store
        .detach_meeting_document(meeting.id, document_id)
        .await?;
    Ok(see_other(&format!(
        "/reunions/{}?fait=document-retire",
        meeting.id
    )))
}

/// `POST /reunions/{id}/documents/{doc}/compte-rendu` (minutes: 1 or 0):
/// marks the attached document as the minutes, or no longer.
pub async fn mark_minutes_document(
    ctx: PageCtx,
    Path((id, doc)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let (meeting, space, _) = organised_meeting(&ctx, &id).await?;
    let document = space_document_of(&ctx, &space, &doc)
        .await?
        .ok_or(WebError::NotFound)?;
    let attached = ctx.state.store.meeting_documents(meeting.id).await?;
    if !attached.iter().any(|d| d.document_id == document.id) {
        return Err(WebError::NotFound);
    }
    ctx.state
        .store
        .mark_meeting_minutes_document(meeting.id, document.id, form.get("minutes") == "1")
        .await?;
    Ok(see_other(&format!(
        "/reunions/{}?fait=document-compte-rendu",
        meeting.id
    )))
}
