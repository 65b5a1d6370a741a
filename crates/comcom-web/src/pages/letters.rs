//! Letters to elected officials (lettre aux élus): compose with a
//! server-side preview of the email (HTML and plain text), choose and preview
//! the audience, test, send now or later, pause, resume, cancel; the archive
//! of sent letters with its Atom feed; the one-click unsubscribe page.

use askama::Template;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{TimeZone, Utc};
use comcom_core::permissions::{Action, LetterFact};
use comcom_feeds::{FeedEntry, FeedMeta};
use comcom_i18n::{Arg, format_int};
use comcom_store::letters::{Audience, LetterDraft, LetterRecord, LetterStatus, Selector};
use comcom_store::outbox::NewEmail;
use serde::Deserialize;

use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::{FormData, FormErrors, is_email};
use crate::letter_mail::{self, LetterContent};
use crate::pages::{PageCtx, see_other};
use crate::{AppState, WebError};

pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 50_000;
/// Addresses of one test send, besides the sender's own.
pub const MAX_TEST_ADDRESSES: usize = 10;
const LIST_LIMIT: i64 = 200;

/// The letter facts of the territory for the viewer (editor grant looked up).
pub async fn letters_fact(ctx: &PageCtx) -> Result<LetterFact, WebError> {
    let editor = match ctx.viewer.person_id() {
        Some(person) => {
            ctx.state
                .store
                .is_letter_editor(ctx.territory_id(), person)
                .await?
        }
        None => false,
    };
    Ok(LetterFact {
        territory_id: ctx.territory_id(),
        editor,
        public: false,
        recipient: false,
    })
}

async fn require_manager(ctx: &PageCtx) -> Result<LetterFact, WebError> {
    let fact = letters_fact(ctx).await?;
    ctx.require(Action::ManageLetters(fact))?;
    Ok(fact)
}

/// A letter of this territory, for its managers.
async fn managed_letter(ctx: &PageCtx, id: &str) -> Result<LetterRecord, WebError> {
    require_manager(ctx).await?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    ctx.state
        .store
        .letter(id)
        .await?
        .filter(|l| l.territory_id == ctx.territory_id())
        .ok_or(WebError::NotFound)
}

fn status_label(ctx: &PageCtx, status: LetterStatus) -> String {
    ctx.t(&format!(
        "letter-status-{}",
        status.code().replace('_', "-")
    ))
}

/// One line of a list of letters.
pub struct LetterLine {
    pub url: String,
    pub subject: String,
    pub status: String,
    pub date: String,
}

fn line(ctx: &PageCtx, letter: &LetterRecord, manage: bool) -> LetterLine {
    let tz = &ctx.site.territory.time_zone;
    let when = letter
        .sent_at
        .or(letter.scheduled_at)
        .unwrap_or(letter.updated_at);
    LetterLine {
        url: if manage && letter.status != LetterStatus::Sent {
            format!("/lettres/{}/gestion", letter.id)
        } else {
            format!("/lettres/{}", letter.id)
        },
        subject: letter.subject.clone(),
        status: status_label(ctx, letter.status),
        date: clock::show(ctx.locale, tz, when),
    }
}

#[derive(Template)]
#[template(path = "letters.html")]
struct LettersPage {
    chrome: Chrome,
    manage: bool,
    mail_is_folder: bool,
    letters: Vec<LetterLine>,
    archive: Vec<LetterLine>,
    bounces: Vec<(String, String, String, String)>,
    /// For administrators: who may write letters, and the form to add someone.
    editors: Option<Vec<String>>,
    errors: FormErrors,
    editor_email: String,
}

/// `GET /lettres`: the archive; for editors, every letter and the bounced addresses.
pub async fn index(ctx: PageCtx) -> Result<Response, WebError> {
    index_page(ctx, FormErrors::default(), String::new()).await
}

/// `POST /lettres/redacteurs`: an administrator lets a person write letters.
pub async fn add_editor(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    ctx.require(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    })?;
    let email = form.get("email").to_owned();
    let account = if is_email(&email.to_lowercase()) {
        ctx.state.store.account_by_email(&email).await?
    } else {
        None
    };
    let Some(account) = account else {
        let mut errors = FormErrors::default();
        errors.add("email", ctx.t("letter-error-editor-unknown"));
        return index_page(ctx, errors, email).await;
    };
    ctx.state
        .store
        .add_letter_editor(ctx.territory_id(), account.person_id)
        .await?;
    Ok(see_other("/lettres"))
}

async fn index_page(
    ctx: PageCtx,
    errors: FormErrors,
    editor_email: String,
) -> Result<Response, WebError> {
    let fact = letters_fact(&ctx).await?;
    let manage = ctx.viewer.decide(Action::ManageLetters(fact)).is_allowed();
    let store = &ctx.state.store;
    let mut archive = Vec::new();
    for letter in store
        .sent_letters(ctx.territory_id(), false, LIST_LIMIT)
        .await?
    {
        if can_read(&ctx, &letter, fact).await? {
            archive.push(line(&ctx, &letter, false));
        }
    }
    let (letters, bounces) = if manage {
        let letters = store
            .letters(ctx.territory_id(), LIST_LIMIT)
            .await?
            .iter()
            .map(|l| line(&ctx, l, true))
            .collect();
        let tz = &ctx.site.territory.time_zone;
        let bounces = store
            .bounces(100)
            .await?
            .into_iter()
            .map(|b| {
                let state = if b.stopped {
                    ctx.t("letter-bounce-stopped")
                } else {
                    ctx.t("letter-bounce-watched")
                };
                (
                    b.address,
                    format!("{} / {}", b.hard_count, b.soft_count),
                    state,
                    format!(
                        "{} ({})",
                        clock::show(ctx.locale, tz, b.last_at),
                        b.last_status
                    ),
                )
            })
            .collect();
        (letters, bounces)
    } else {
        (Vec::new(), Vec::new())
    };
    let is_admin = ctx
        .viewer
        .decide(Action::AdministerTerritory {
            territory_id: ctx.territory_id(),
        })
        .is_allowed();
    let editors = if is_admin {
        Some(
            store
                .letter_editors(ctx.territory_id())
                .await?
                .into_iter()
                .map(|(_, name)| name)
                .collect(),
        )
    } else {
        None
    };
    let title = ctx.t("letters-title");
    let invalid = !errors.is_empty();
    let page = LettersPage {
        chrome: ctx.chrome(&title, Nav::None),
        manage,
        mail_is_folder: ctx.state.config.mail_is_folder,
        letters,
        archive,
        bounces,
        editors,
        errors,
        editor_email,
    };
    if manage {
        ctx.render_form_page(&page, invalid)
    } else {
        ctx.render(&page)
    }
}

async fn can_read(
    ctx: &PageCtx,
    letter: &LetterRecord,
    fact: LetterFact,
) -> Result<bool, WebError> {
    if letter.status != LetterStatus::Sent {
        return Ok(false);
    }
    let recipient = match ctx.viewer.person_id() {
        Some(person) if !letter.public => {
            ctx.state
                .store
                .is_letter_recipient(letter.id, person)
                .await?
        }
        _ => false,
    };
    let fact = LetterFact {
        public: letter.public,
        recipient,
        ..fact
    };
    Ok(ctx.viewer.decide(Action::ViewLetter(fact)).is_allowed())
}

// ----- composing

/// An audience choice shown as a checkbox: field name, label, checked.
pub struct Choice {
    pub field: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "letter_form.html")]
struct LetterForm {
    chrome: Chrome,
    heading: String,
    action: String,
    errors: FormErrors,
    subject: String,
    body: String,
    public: bool,
    groups: Vec<Choice>,
    communes: Vec<Choice>,
    spaces: Vec<Choice>,
    saved: Vec<Choice>,
    save_as: String,
    preview: Option<(String, String)>,
    toolbar: String,
}

/// The audience choices of the territory, checked as in `audience`.
async fn choices(
    ctx: &PageCtx,
    audience: &Audience,
) -> Result<(Vec<Choice>, Vec<Choice>, Vec<Choice>, Vec<Choice>), WebError> {
    let has = |s: Selector| audience.0.contains(&s);
    let groups = [
        (
            Selector::Councillors,
            "councillors",
            "letter-audience-councillors",
        ),
        (Selector::Mayors, "mayors", "letter-audience-mayors"),
        (
            Selector::Community,
            "community",
            "letter-audience-community",
        ),
        (
            Selector::DevelopmentCouncil,
            "development_council",
            "letter-audience-development-council",
        ),
    ]
    .into_iter()
    .map(|(s, field, key)| Choice {
        field: format!("a-{field}"),
        label: ctx.t(key),
        checked: has(s),
    })
    .collect();
    let store = &ctx.state.store;
    let communes = store
        .communes(ctx.territory_id())
        .await?
        .into_iter()
        .map(|c| Choice {
            field: format!("a-commune-{}", c.id),
            label: c.name,
            checked: has(Selector::Commune(c.id)),
        })
        .collect();
    // Only spaces the editor may see: a letter must not reveal who belongs
    // to a restricted space its author is not part of.
    let visible = store
        .search_scope(ctx.territory_id(), &ctx.viewer.actor)
        .await?
        .readable;
    let spaces = store
        .spaces(ctx.territory_id())
        .await?
        .into_iter()
        .filter(|s| s.commune_id.is_none() && visible.contains(&s.id))
        .map(|s| Choice {
            field: format!("a-space-{}", s.id),
            label: s.name,
            checked: has(Selector::Space(s.id)),
        })
        .collect();
    let saved = store
        .saved_audiences(ctx.territory_id())
        .await?
        .into_iter()
        .map(|a| Choice {
            field: format!("a-saved-{}", a.id),
            label: a.name,
            checked: has(Selector::Saved(a.id)),
        })
        .collect();
    Ok((groups, communes, spaces, saved))
}

/// The audience ticked in a form (only choices that exist in the territory).
async fn audience_of(ctx: &PageCtx, form: &FormData) -> Result<Audience, WebError> {
    let mut audience = Audience::default();
    let (groups, communes, spaces, saved) = choices(ctx, &Audience::default()).await?;
    for choice in groups
        .iter()
        .chain(communes.iter())
        .chain(spaces.iter())
        .chain(saved.iter())
    {
        if form.get(&choice.field).is_empty() {
            continue;
        }
        if let Some(selector) = Selector::parse(
            &choice
                .field
                .trim_start_matches("a-")
                .replacen('-', ":", 1)
                .replace("development:council", "development_council"),
        ) {
            audience.0.insert(selector);
        }
    }
    Ok(audience)
}

/// Checks a letter's fields; the messages name what to fix.
pub fn check_fields(
    locale: comcom_i18n::Locale,
    subject: &str,
    body: &str,
    audience: &Audience,
) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if subject.is_empty() {
        errors.push(("subject", locale.t("letter-error-subject-missing")));
    } else if subject.chars().count() > MAX_SUBJECT {
        errors.push((
            "subject",
            locale.t_args(
                "letter-error-subject-long",
                &[("max", Arg::from(MAX_SUBJECT))],
            ),
        ));
    } else if subject.chars().any(char::is_control) {
        errors.push(("subject", locale.t("letter-error-subject-control")));
    }
    if body.trim().is_empty() {
        errors.push(("body", locale.t("letter-error-body-missing")));
    } else if body.chars().count() > MAX_BODY {
        errors.push((
            "body",
            locale.t_args(
                "letter-error-body-long",
                &[("max", Arg::from(format_int(locale, MAX_BODY as i64)))],
            ),
        ));
    }
    if audience.is_empty() {
        errors.push(("audience", locale.t("letter-error-audience-missing")));
    }
    errors
}

struct FormValues {
    subject: String,
    body: String,
    public: bool,
    audience: Audience,
    save_as: String,
}

async fn show_form(
    ctx: &PageCtx,
    heading: String,
    action: String,
    values: &FormValues,
    errors: FormErrors,
    preview: Option<(String, String)>,
) -> Result<Response, WebError> {
    let (groups, communes, spaces, saved) = choices(ctx, &values.audience).await?;
    let invalid = !errors.is_empty();
    let page = LetterForm {
        chrome: ctx.chrome(&heading, Nav::None),
        heading,
        action,
        errors,
        subject: values.subject.clone(),
        body: values.body.clone(),
        public: values.public,
        groups,
        communes,
        spaces,
        saved,
        save_as: values.save_as.clone(),
        preview,
        toolbar: crate::pages::articles::toolbar_labels(ctx),
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /lettres/nouvelle`
pub async fn new_form(ctx: PageCtx) -> Result<Response, WebError> {
    require_manager(&ctx).await?;
    let values = FormValues {
        subject: String::new(),
        body: String::new(),
        public: false,
        audience: Audience::default(),
        save_as: String::new(),
    };
    show_form(
        &ctx,
        ctx.t("letter-new"),
        "/lettres/nouvelle".into(),
        &values,
        FormErrors::default(),
        None,
    )
    .await
}

/// The content of a letter being written, for the preview.
async fn preview_of(ctx: &PageCtx, values: &FormValues, id: i64) -> (String, String) {
    let letter = LetterRecord {
        id,
        territory_id: ctx.territory_id(),
        subject: values.subject.clone(),
        body: values.body.clone(),
        status: LetterStatus::Draft,
        audience: values.audience.clone(),
        public: values.public,
        scheduled_at: None,
        started_at: None,
        sent_at: None,
        created_by: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    let content = content_of(ctx, &letter).await;
    (content.html.clone(), content.email_text(None))
}

pub(crate) async fn content_of(ctx: &PageCtx, letter: &LetterRecord) -> LetterContent {
    letter_mail::render(
        &ctx.state.store,
        letter,
        &ctx.site.territory.name,
        &ctx.site.base_url,
        ctx.locale,
    )
    .await
}

async fn read_form(ctx: &PageCtx, form: &FormData) -> Result<(FormValues, FormErrors), WebError> {
    let values = FormValues {
        subject: form.get("subject").to_owned(),
        body: form.raw("body").replace("\r\n", "\n"),
        public: !form.get("public").is_empty(),
        audience: audience_of(ctx, form).await?,
        save_as: form.get("save_as").to_owned(),
    };
    let mut errors = FormErrors::default();
    for (field, message) in
        check_fields(ctx.locale, &values.subject, &values.body, &values.audience)
    {
        errors.add(field, message);
    }
    if values.save_as.chars().count() > 100 || values.save_as.chars().any(char::is_control) {
        errors.add("save_as", ctx.t("letter-error-save-as"));
    }
    Ok((values, errors))
}

/// `POST /lettres/nouvelle`: preview, or save as a draft.
pub async fn create(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    require_manager(&ctx).await?;
    let (values, errors) = read_form(&ctx, &form).await?;
    let heading = ctx.t("letter-new");
    let action = "/lettres/nouvelle".to_owned();
    if form.get("action") == "preview" {
        let preview = preview_of(&ctx, &values, 0).await;
        return show_form(
            &ctx,
            heading,
            action,
            &values,
            FormErrors::default(),
            Some(preview),
        )
        .await;
    }
    if !errors.is_empty() {
        return show_form(&ctx, heading, action, &values, errors, None).await;
    }
    save_audience(&ctx, &values).await?;
    let draft = LetterDraft {
        subject: &values.subject,
        body: &values.body,
        audience: &values.audience,
        public: values.public,
    };
    let id = ctx
        .state
        .store
        .create_letter(ctx.territory_id(), &draft, ctx.viewer.person_id())
        .await?;
    Ok(see_other(&format!("/lettres/{id}/gestion")))
}

async fn save_audience(ctx: &PageCtx, values: &FormValues) -> Result<(), WebError> {
    if !values.save_as.is_empty() {
        let mut kept = values.audience.clone();
        kept.0.retain(|s| !matches!(s, Selector::Saved(_)));
        ctx.state
            .store
            .save_audience(ctx.territory_id(), &values.save_as, &kept)
            .await?;
    }
    Ok(())
}

/// `GET /lettres/{id}/modifier`
pub async fn edit_form(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    if !letter.status.is_editable() {
        return Ok(see_other(&format!("/lettres/{}/gestion", letter.id)));
    }
    let values = FormValues {
        subject: letter.subject.clone(),
        body: letter.body.clone(),
        public: letter.public,
        audience: letter.audience.clone(),
        save_as: String::new(),
    };
    show_form(
        &ctx,
        ctx.t("letter-edit"),
        format!("/lettres/{}/modifier", letter.id),
        &values,
        FormErrors::default(),
        None,
    )
    .await
}

/// `POST /lettres/{id}/modifier`
pub async fn update(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    let (values, errors) = read_form(&ctx, &form).await?;
    let heading = ctx.t("letter-edit");
    let action = format!("/lettres/{}/modifier", letter.id);
    if form.get("action") == "preview" {
        let preview = preview_of(&ctx, &values, letter.id).await;
        return show_form(
            &ctx,
            heading,
            action,
            &values,
            FormErrors::default(),
            Some(preview),
        )
        .await;
    }
    if !errors.is_empty() {
        return show_form(&ctx, heading, action, &values, errors, None).await;
    }
    save_audience(&ctx, &values).await?;
    let draft = LetterDraft {
        subject: &values.subject,
        body: &values.body,
        audience: &values.audience,
        public: values.public,
    };
    ctx.state.store.update_letter(letter.id, &draft).await?;
    Ok(see_other(&format!("/lettres/{}/gestion", letter.id)))
}

// ----- managing one letter

#[derive(Template)]
#[template(path = "letter_manage.html")]
struct ManagePage {
    chrome: Chrome,
    id: i64,
    subject: String,
    status: String,
    notice: Option<String>,
    errors: FormErrors,
    audience_count: String,
    unreachable_count: usize,
    editable: bool,
    can_send: bool,
    can_pause: bool,
    can_resume: bool,
    can_cancel: bool,
    started: bool,
    stats: Vec<(String, String)>,
    scheduled: Option<String>,
    html: String,
    text: String,
    mail_is_folder: bool,
    own_email: Option<String>,
    addresses: String,
    scheduled_at: String,
    time_zone: String,
    public: bool,
}

#[derive(Deserialize)]
pub struct ManageQuery {
    done: Option<String>,
}

/// `GET /lettres/{id}/gestion`
pub async fn manage(
    ctx: PageCtx,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ManageQuery>,
) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    let notice = match q.done.as_deref() {
        Some(
            what @ ("test" | "sending" | "scheduled" | "paused" | "resumed" | "cancelled"
            | "public"),
        ) => Some(ctx.t(&format!("letter-done-{what}"))),
        _ => None,
    };
    manage_page(&ctx, &letter, notice, FormErrors::default(), "").await
}

async fn manage_page(
    ctx: &PageCtx,
    letter: &LetterRecord,
    notice: Option<String>,
    errors: FormErrors,
    addresses: &str,
) -> Result<Response, WebError> {
    let store = &ctx.state.store;
    let recipients = store
        .resolve_audience(letter.territory_id, &letter.audience)
        .await?;
    let reachable = recipients.iter().filter(|r| r.email.is_some()).count();
    let unreachable_count = recipients.len() - reachable;
    let s = letter.status;
    let started = !s.is_editable() && s != LetterStatus::Cancelled
        || store.letter_stats(letter.id).await?.total > 0;
    let stats = if started {
        let st = store.letter_stats(letter.id).await?;
        [
            ("letter-stats-total", st.total),
            ("letter-stats-sent", st.sent),
            ("letter-stats-waiting", st.waiting),
            ("letter-stats-failed", st.failed),
            ("letter-stats-unsubscribed", st.unsubscribed),
            ("letter-stats-bounced", st.bounced),
        ]
        .into_iter()
        .map(|(k, n)| (ctx.t(k), format_int(ctx.locale, n)))
        .collect()
    } else {
        Vec::new()
    };
    let content = content_of(ctx, letter).await;
    let tz = &ctx.site.territory.time_zone;
    let invalid = !errors.is_empty();
    let page = ManagePage {
        chrome: ctx.chrome(&letter.subject, Nav::None),
        id: letter.id,
        subject: letter.subject.clone(),
        status: status_label(ctx, s),
        notice,
        errors,
        audience_count: format_int(ctx.locale, reachable as i64),
        unreachable_count,
        editable: s.is_editable(),
        can_send: s.is_editable(),
        can_pause: s == LetterStatus::Sending,
        can_resume: s == LetterStatus::Paused,
        can_cancel: matches!(
            s,
            LetterStatus::Scheduled | LetterStatus::Sending | LetterStatus::Paused
        ),
        started,
        stats,
        scheduled: letter
            .scheduled_at
            .filter(|_| s == LetterStatus::Scheduled)
            .map(|at| clock::show(ctx.locale, tz, at)),
        html: content.html.clone(),
        text: content.email_text(None),
        mail_is_folder: ctx.state.config.mail_is_folder,
        own_email: ctx.viewer.account.as_ref().and_then(|a| a.email.clone()),
        addresses: addresses.to_owned(),
        scheduled_at: String::new(),
        time_zone: tz.clone(),
        public: letter.public,
    };
    ctx.render_form_page(&page, invalid)
}

#[derive(Template)]
#[template(path = "letter_recipients.html")]
struct RecipientsPage {
    chrome: Chrome,
    id: i64,
    subject: String,
    reachable: Vec<(String, String)>,
    unreachable: Vec<String>,
    count: String,
}

/// `GET /lettres/{id}/destinataires`: who the audience reaches, and who has no address.
pub async fn recipients(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    let list = ctx
        .state
        .store
        .resolve_audience(letter.territory_id, &letter.audience)
        .await?;
    let mut reachable = Vec::new();
    let mut unreachable = Vec::new();
    for r in list {
        match r.email {
            Some(email) => reachable.push((r.name, email)),
            None => unreachable.push(r.name),
        }
    }
    let title = ctx.ta(
        "letter-recipients-title",
        &[("name", Arg::from(letter.subject.as_str()))],
    );
    ctx.render(&RecipientsPage {
        chrome: ctx.chrome(&title, Nav::None),
        id: letter.id,
        subject: letter.subject.clone(),
        count: format_int(ctx.locale, reachable.len() as i64),
        reachable,
        unreachable,
    })
}

/// Addresses typed for a test send: separated by commas, spaces or lines.
pub fn parse_addresses(text: &str) -> Result<Vec<String>, String> {
    let mut list: Vec<String> = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let address = part.to_lowercase();
        if !is_email(&address) {
            return Err(part.to_owned());
        }
        if !list.contains(&address) {
            list.push(address);
        }
    }
    Ok(list)
}

/// Queues a test of a letter to `addresses` (outbox, marked as a test).
pub async fn queue_test(
    state: &AppState,
    content: &LetterContent,
    addresses: &[String],
) -> Result<(), WebError> {
    let subject = format!(
        "{} {}",
        content.locale.t("letter-test-prefix"),
        content.subject
    );
    let html = content.email_html(None);
    let text = content.email_text(None);
    for to in addresses {
        let email = NewEmail {
            to,
            subject: &subject,
            text: &text,
            html: Some(&html),
            kind: "letter_test",
        };
        state
            .store
            .queue_email(&email, &state.config.mail_domain())
            .await?;
    }
    Ok(())
}

/// `POST /lettres/{id}/essai`: a test to oneself and chosen addresses.
pub async fn test_send(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    let typed = form.get("addresses");
    let mut errors = FormErrors::default();
    let mut addresses = match parse_addresses(typed) {
        Ok(list) => list,
        Err(bad) => {
            errors.add(
                "addresses",
                ctx.ta(
                    "letter-error-address",
                    &[("input", Arg::from(bad.as_str()))],
                ),
            );
            Vec::new()
        }
    };
    if addresses.len() > MAX_TEST_ADDRESSES {
        errors.add(
            "addresses",
            ctx.ta(
                "letter-error-too-many-addresses",
                &[("max", Arg::from(MAX_TEST_ADDRESSES))],
            ),
        );
    }
    if !form.get("me").is_empty()
        && let Some(own) = ctx.viewer.account.as_ref().and_then(|a| a.email.clone())
        && !addresses.contains(&own)
    {
        addresses.insert(0, own);
    }
    if errors.is_empty() && addresses.is_empty() {
        errors.add("addresses", ctx.t("letter-error-no-test-address"));
    }
    if !errors.is_empty() {
        return manage_page(&ctx, &letter, None, errors, typed).await;
    }
    let content = content_of(&ctx, &letter).await;
    queue_test(&ctx.state, &content, &addresses).await?;
    Ok(see_other(&format!(
        "/lettres/{}/gestion?done=test",
        letter.id
    )))
}

/// `POST /lettres/{id}/envoi`: send now, or at a time.
pub async fn send(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    if !letter.status.is_editable() {
        return Ok(see_other(&format!("/lettres/{}/gestion", letter.id)));
    }
    let mut errors = FormErrors::default();
    if letter.audience.is_empty() {
        errors.add("when", ctx.t("letter-error-audience-missing"));
    } else if reachable_count(&ctx.state.store, &letter).await? == 0 {
        errors.add("when", ctx.t("letter-error-audience-nobody"));
    }
    let tz = ctx.site.territory.time_zone.clone();
    let when = form.get("when");
    let at = match when {
        "now" => None,
        "schedule" => match clock::parse_local(&tz, form.get("scheduled_at")) {
            Some(at) if at > Utc::now() => Some(at),
            Some(_) => {
                errors.add("scheduled_at", ctx.t("letter-error-schedule-past"));
                None
            }
            None => {
                errors.add("scheduled_at", ctx.t("letter-error-schedule-invalid"));
                None
            }
        },
        _ => {
            errors.add("when", ctx.t("letter-error-when"));
            None
        }
    };
    if !errors.is_empty() {
        return manage_page(&ctx, &letter, None, errors, "").await;
    }
    match at {
        Some(at) => {
            ctx.state.store.schedule_letter(letter.id, at).await?;
            Ok(see_other(&format!(
                "/lettres/{}/gestion?done=scheduled",
                letter.id
            )))
        }
        None => {
            ctx.state
                .store
                .begin_sending(letter.id, &ctx.state.config.mail_domain())
                .await?;
            Ok(see_other(&format!(
                "/lettres/{}/gestion?done=sending",
                letter.id
            )))
        }
    }
}

/// How many recipients of a letter have an address: a letter to nobody is
/// refused rather than "sent".
pub(crate) async fn reachable_count(
    store: &comcom_store::Store,
    letter: &comcom_store::letters::LetterRecord,
) -> comcom_store::Result<usize> {
    Ok(store
        .resolve_audience(letter.territory_id, &letter.audience)
        .await?
        .iter()
        .filter(|r| r.email.is_some())
        .count())
}

async fn transition(
    ctx: PageCtx,
    id: String,
    from: &[LetterStatus],
    to: LetterStatus,
    done: &str,
) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    let changed = ctx
        .state
        .store
        .change_letter_status(letter.id, from, to)
        .await?;
    let suffix = if changed {
        format!("?done={done}")
    } else {
        String::new()
    };
    Ok(see_other(&format!(
        "/lettres/{}/gestion{suffix}",
        letter.id
    )))
}

/// `POST /lettres/{id}/pause`
pub async fn pause(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    transition(
        ctx,
        id,
        &[LetterStatus::Sending],
        LetterStatus::Paused,
        "paused",
    )
    .await
}

/// `POST /lettres/{id}/reprise`
pub async fn resume(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    transition(
        ctx,
        id,
        &[LetterStatus::Paused],
        LetterStatus::Sending,
        "resumed",
    )
    .await
}

/// `POST /lettres/{id}/annulation`
pub async fn cancel(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    transition(
        ctx,
        id,
        &[
            LetterStatus::Scheduled,
            LetterStatus::Sending,
            LetterStatus::Paused,
        ],
        LetterStatus::Cancelled,
        "cancelled",
    )
    .await
}

/// `POST /lettres/{id}/archive`: whether the archive page is public.
pub async fn set_public(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let letter = managed_letter(&ctx, &id).await?;
    ctx.state
        .store
        .set_letter_public(letter.id, !form.get("public").is_empty())
        .await?;
    Ok(see_other(&format!(
        "/lettres/{}/gestion?done=public",
        letter.id
    )))
}

// ----- the archive

#[derive(Template)]
#[template(path = "letter.html")]
struct ArchivePage {
    chrome: Chrome,
    subject: String,
    date: String,
    html: String,
    manage: Option<String>,
}

/// `GET /lettres/{id}`: a sent letter, for its audience or everyone if public.
pub async fn show(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let letter = ctx
        .state
        .store
        .letter(id)
        .await?
        .filter(|l| l.territory_id == ctx.territory_id())
        .ok_or(WebError::NotFound)?;
    let fact = letters_fact(&ctx).await?;
    let manage = ctx.viewer.decide(Action::ManageLetters(fact)).is_allowed();
    if letter.status != LetterStatus::Sent {
        return if manage {
            Ok(see_other(&format!("/lettres/{id}/gestion")))
        } else {
            Err(WebError::NotFound)
        };
    }
    if !can_read(&ctx, &letter, fact).await? {
        // A visitor may sign in to read a letter sent to them.
        return Err(if ctx.viewer.person_id().is_none() {
            WebError::LoginRequired
        } else {
            WebError::NotFound
        });
    }
    let content = content_of(&ctx, &letter).await;
    let tz = &ctx.site.territory.time_zone;
    ctx.render(&ArchivePage {
        chrome: ctx.chrome(&letter.subject, Nav::None),
        subject: letter.subject.clone(),
        date: clock::show(ctx.locale, tz, letter.sent_at.unwrap_or(letter.updated_at)),
        html: content.html,
        manage: manage.then(|| format!("/lettres/{id}/gestion")),
    })
}

/// `GET /lettres/feed.atom`: the public letters (recipients' links never appear).
pub async fn feed(ctx: PageCtx) -> Result<Response, WebError> {
    let letters = ctx
        .state
        .store
        .sent_letters(ctx.territory_id(), true, 50)
        .await?;
    let base = ctx.site.base_url.clone();
    let host = url::Url::parse(&base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let mut entries = Vec::new();
    for letter in &letters {
        let content = content_of(&ctx, letter).await;
        let when = letter.sent_at.unwrap_or(letter.updated_at);
        let created = letter.created_at;
        entries.push(FeedEntry {
            id: format!(
                "tag:{host},{}:letter/{}",
                created.format("%Y-%m-%d"),
                letter.id
            ),
            title: letter.subject.clone(),
            url: format!("{base}/lettres/{}", letter.id),
            published: when,
            updated: letter.updated_at.max(when),
            author: Some(ctx.site.territory.name.clone()),
            summary: Some(comcom_markdown::excerpt(&letter.body, 280)),
            content_html: content.html,
            image: None,
            attachments: Vec::new(),
            categories: Vec::new(),
        });
    }
    let title = ctx.ta(
        "letters-feed-title",
        &[("name", Arg::from(ctx.site.territory.name.as_str()))],
    );
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    });
    let meta = FeedMeta {
        id: format!("{base}/lettres/feed.atom"),
        title,
        subtitle: None,
        self_url: format!("{base}/lettres/feed.atom"),
        html_url: format!("{base}/lettres"),
        updated,
        language: ctx.locale.code().to_owned(),
        author: Some(ctx.site.territory.name.clone()),
    };
    let body = comcom_feeds::atom(&meta, &entries);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}

// ----- unsubscribing

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    action: String,
    address: Option<String>,
    done: bool,
}

/// `GET /desabonnement/{token}`: a confirmation button (GET changes nothing,
/// so that link checkers and previews do not unsubscribe anyone).
pub async fn unsubscribe_form(
    ctx: PageCtx,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let target = valid_token(&token)
        .then_some(())
        .map(|_| ctx.state.store.unsubscribe_target(&token));
    let target = match target {
        Some(future) => future.await?,
        None => None,
    };
    let Some((territory_id, address)) = target else {
        return Err(WebError::NotFound);
    };
    let done = ctx
        .state
        .store
        .is_unsubscribed(territory_id, &address)
        .await?;
    let title = ctx.t("unsubscribe-title");
    ctx.render_form(&UnsubscribePage {
        chrome: ctx.chrome(&title, Nav::None),
        action: format!("/desabonnement/{token}"),
        address: Some(address),
        done,
    })
}

/// `POST /desabonnement/{token}`: unsubscribes. Mail clients post here with
/// `List-Unsubscribe=One-Click` (RFC 8058) without any cookie, so this route
/// is exempt from the CSRF check (see `auth::csrf`): the token is the secret.
pub async fn unsubscribe(ctx: PageCtx, Path(token): Path<String>) -> Result<Response, WebError> {
    if !valid_token(&token) {
        return Err(WebError::NotFound);
    }
    let Some((_, address)) = ctx.state.store.unsubscribe(&token).await? else {
        return Err(WebError::NotFound);
    };
    tracing::info!("a letter recipient unsubscribed");
    let title = ctx.t("unsubscribe-title");
    ctx.render(&UnsubscribePage {
        chrome: ctx.chrome(&title, Nav::None),
        action: String::new(),
        address: Some(address),
        done: true,
    })
}

/// Unsubscribe tokens are 64 hexadecimal digits.
pub fn valid_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}
