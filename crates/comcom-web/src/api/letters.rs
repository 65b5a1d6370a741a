//! Letters to elected officials through the API: write and change a letter,
//! choose its audience, see whom it reaches, test it, send it now or later,
//! pause, resume or cancel it, and read where it stands. The web pages'
//! rules and messages (`pages::letters`), and the one permission core
//! (`Action::ManageLetters`).

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use comcom_core::permissions::{Action, LetterFact};
use comcom_i18n::Arg;
use comcom_store::letters::{Audience, LetterDraft, LetterRecord, LetterStatus, Selector};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody, FieldErrors};
use super::json::{JsonObject, json_response, ok, time};
use crate::letter_mail;
use crate::pages::letters::{MAX_TEST_ADDRESSES, check_fields, parse_addresses, queue_test};

/// Letters listed, the newest first.
const LIST_LIMIT: i64 = 200;
/// The longest name of a saved audience (as in the web form).
const MAX_SAVE_AS: usize = 100;

/// Where a letter stands.
#[derive(Serialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum LetterState {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Cancelled,
    Sent,
}

impl From<LetterStatus> for LetterState {
    fn from(status: LetterStatus) -> LetterState {
        match status {
            LetterStatus::Draft => LetterState::Draft,
            LetterStatus::Scheduled => LetterState::Scheduled,
            LetterStatus::Sending => LetterState::Sending,
            LetterStatus::Paused => LetterState::Paused,
            LetterStatus::Cancelled => LetterState::Cancelled,
            LetterStatus::Sent => LetterState::Sent,
        }
    }
}

/// What became of a letter's messages. No tracking: nobody knows who
/// opened the letter (docs/letters.md).
#[derive(Serialize, ToSchema)]
pub struct LetterStatistics {
    /// One message per reachable recipient, written when sending starts.
    pub total: i64,
    /// Accepted by the SMTP server.
    pub delivered: i64,
    /// Not sent yet, or waiting for a retry.
    pub waiting: i64,
    /// Failed for good (the server's reason is kept per recipient).
    pub failed: i64,
    /// Not sent: the address unsubscribed.
    pub unsubscribed: i64,
    /// Not sent: the address bounced too often.
    pub bounced: i64,
}

/// A letter.
#[derive(Serialize, ToSchema)]
pub struct Letter {
    pub id: i64,
    pub subject: String,
    /// The text, in Markdown.
    pub body: String,
    /// Who receives it: see `NewLetter.audience`.
    pub audience: Vec<String>,
    /// Whether its archive page is public once sent.
    pub public: bool,
    pub status: LetterState,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub scheduled_at: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub started_at: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub sent_at: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: String,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: String,
    pub statistics: LetterStatistics,
    /// Its archive page.
    pub url: String,
}

/// A person the audience reaches.
#[derive(Serialize, ToSchema)]
pub struct LetterRecipient {
    pub person_id: i64,
    pub name: String,
    /// None for an unreachable person.
    pub email: Option<String>,
}

/// Whom a letter's audience reaches now.
#[derive(Serialize, ToSchema)]
pub struct RecipientPreview {
    /// People with an address: one message each.
    pub count: i64,
    pub recipients: Vec<LetterRecipient>,
    /// People of the audience without an email address.
    pub unreachable_count: i64,
    pub unreachable: Vec<LetterRecipient>,
}

/// A new letter.
#[derive(Deserialize, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
// Documents the body; the handler reads it field by field for precise messages.
#[allow(dead_code)]
pub struct NewLetter {
    /// 1 to 200 characters, without line breaks.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$",
        example = "La lettre de décembre"
    )]
    pub subject: String,
    /// Markdown, up to 50 000 characters; a paragraph holding only a link to
    /// a news article of the site becomes a card.
    #[schema(min_length = 1, max_length = 50000, pattern = r"\S")]
    pub body: String,
    /// Who receives it, at least one of: `councillors` (every municipal
    /// councillor), `mayors`, `community` (community councillors),
    /// `development_council`, `commune:INSEE` (a commune's councillors),
    /// `space:SLUG` (a space's members), `saved:ID` (a saved list). A person
    /// in several gets one message.
    #[schema(min_items = 1, example = json!(["mayors", "commune:38153"]))]
    pub audience: Vec<String>,
    /// Whether the archive page is public once sent (false when absent).
    pub public: Option<bool>,
    /// Also saves this audience as a list of that name (up to 100 characters).
    #[schema(max_length = 100)]
    pub save_as: Option<String>,
}

/// Changes to a letter not sent yet: fields left out stay as they are.
#[derive(Deserialize, ToSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct LetterChanges {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub subject: Option<String>,
    #[schema(min_length = 1, max_length = 50000, pattern = r"\S")]
    pub body: Option<String>,
    #[schema(min_items = 1)]
    pub audience: Option<Vec<String>>,
    /// May change even after sending.
    pub public: Option<bool>,
    #[schema(max_length = 100)]
    pub save_as: Option<String>,
}

/// Where a test goes.
#[derive(Deserialize, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
// Documents the body; the handler reads it field by field for precise messages.
#[allow(dead_code)]
pub struct TestSend {
    /// Up to 10 addresses.
    #[schema(max_items = 10, example = json!(["dgs@vercors.example"]))]
    pub addresses: Option<Vec<String>>,
    /// Also to the token owner's own address (false when absent).
    pub me: Option<bool>,
}

/// Where the test went.
#[derive(Serialize, ToSchema)]
pub struct TestSent {
    pub addresses: Vec<String>,
}

/// When to send.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum SendWhen {
    Now,
    Schedule,
}

/// Sending a letter.
#[derive(Deserialize, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
// Documents the body; the handler reads it field by field for precise messages.
#[allow(dead_code)]
pub struct SendLetter {
    pub when: SendWhen,
    /// With `when: "schedule"` only: an RFC 3339 time in the future.
    #[schema(value_type = Option<String>, format = DateTime, example = "2030-05-01T08:00:00Z")]
    pub scheduled_at: Option<String>,
}

/// The fields of a letter's body (a test checks that the schemas agree).
const FIELDS: [&str; 5] = ["subject", "body", "audience", "public", "save_as"];

/// The letter facts of the territory for the token's owner.
async fn fact(ctx: &ApiCtx) -> Result<LetterFact, ApiError> {
    let editor = match ctx.actor.person_id {
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

/// A token (write when `write`) whose owner may manage the territory's letters.
async fn require_manager(ctx: &ApiCtx, write: bool) -> Result<(), ApiError> {
    if write {
        ctx.require_write()?;
    } else {
        ctx.require_token()?;
    }
    let fact = fact(ctx).await?;
    ctx.require(Action::ManageLetters(fact))
}

/// The letter `id` of this territory, for its managers.
async fn managed(
    ctx: &ApiCtx,
    id: Result<Path<String>, PathRejection>,
    write: bool,
) -> Result<LetterRecord, ApiError> {
    require_manager(ctx, write).await?;
    let id: i64 = match id {
        Ok(Path(text)) => text.parse().map_err(|_| ApiError::NotFound)?,
        Err(_) => return Err(ApiError::NotFound),
    };
    ctx.state
        .store
        .letter(id)
        .await?
        .filter(|l| l.territory_id == ctx.territory_id())
        .ok_or(ApiError::NotFound)
}

/// An audience as the API writes it: communes by INSEE code, spaces by slug.
async fn audience_codes(ctx: &ApiCtx, audience: &Audience) -> Result<Vec<String>, ApiError> {
    let store = &ctx.state.store;
    let communes = store.communes(ctx.territory_id()).await?;
    let spaces = store.spaces(ctx.territory_id()).await?;
    Ok(audience
        .0
        .iter()
        .filter_map(|s| match s {
            Selector::Commune(id) => communes
                .iter()
                .find(|c| c.id == *id)
                .map(|c| format!("commune:{}", c.insee_code)),
            Selector::Space(id) => spaces
                .iter()
                .find(|sp| sp.id == *id)
                .map(|sp| format!("space:{}", sp.slug)),
            other => Some(other.code()),
        })
        .collect())
}

/// Reads an audience written in the API's form; only the choices the web
/// form offers in this territory are accepted.
async fn read_audience(
    ctx: &ApiCtx,
    codes: &[String],
    errors: &mut FieldErrors,
) -> Result<Audience, ApiError> {
    let store = &ctx.state.store;
    let communes = store.communes(ctx.territory_id()).await?;
    // Only spaces the token's owner may see, as on the form.
    let visible = store
        .search_scope(ctx.territory_id(), &ctx.actor)
        .await?
        .readable;
    let spaces: Vec<_> = store
        .spaces(ctx.territory_id())
        .await?
        .into_iter()
        .filter(|s| visible.contains(&s.id))
        .collect();
    let saved = store.saved_audiences(ctx.territory_id()).await?;
    let mut audience = Audience::default();
    for code in codes {
        let code = code.trim();
        let selector = match code {
            "councillors" => Some(Selector::Councillors),
            "mayors" => Some(Selector::Mayors),
            "community" => Some(Selector::Community),
            "development_council" => Some(Selector::DevelopmentCouncil),
            _ => match code.split_once(':') {
                Some(("commune", insee)) => communes
                    .iter()
                    .find(|c| c.insee_code.as_str() == insee)
                    .map(|c| Selector::Commune(c.id)),
                Some(("space", slug)) => spaces
                    .iter()
                    .find(|s| s.slug == slug && s.commune_id.is_none())
                    .map(|s| Selector::Space(s.id)),
                Some(("saved", id)) => id
                    .parse::<i64>()
                    .ok()
                    .and_then(|id| saved.iter().find(|a| a.id == id))
                    .map(|a| Selector::Saved(a.id)),
                _ => None,
            },
        };
        match selector {
            Some(s) => {
                audience.0.insert(s);
            }
            None => {
                let shown: String = code.chars().take(60).collect();
                errors.add(
                    "audience",
                    ctx.locale
                        .t_args("api-field-audience-unknown", &[("input", Arg::from(shown))]),
                );
            }
        }
    }
    Ok(audience)
}

/// Reads a JSON object field by field: each wrong field gets its message.
fn read_changes(
    ctx: &ApiCtx,
    object: Map<String, Value>,
    errors: &mut FieldErrors,
) -> LetterChanges {
    let mut changes = LetterChanges::default();
    for (key, value) in object {
        if value.is_null() && FIELDS.contains(&key.as_str()) {
            continue;
        }
        match (key.as_str(), value) {
            ("subject", Value::String(s)) => changes.subject = Some(s),
            ("body", Value::String(s)) => changes.body = Some(s),
            ("save_as", Value::String(s)) => changes.save_as = Some(s),
            ("subject" | "body" | "save_as", _) => {
                errors.add(&key, ctx.locale.t("api-field-string"))
            }
            ("public", Value::Bool(b)) => changes.public = Some(b),
            ("public", _) => errors.add("public", ctx.locale.t("api-field-boolean")),
            ("audience", Value::Array(items)) => {
                let codes: Option<Vec<String>> = items
                    .into_iter()
                    .map(|v| match v {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                match codes {
                    Some(codes) => changes.audience = Some(codes),
                    None => errors.add("audience", ctx.locale.t("api-field-audience")),
                }
            }
            ("audience", _) => errors.add("audience", ctx.locale.t("api-field-audience")),
            _ => errors.add(&key, ctx.locale.t("api-field-unknown")),
        }
    }
    changes
}

/// The name a list is saved under: the web form's rule.
fn check_save_as(ctx: &ApiCtx, save_as: &str, errors: &mut FieldErrors) {
    if save_as.chars().count() > MAX_SAVE_AS || save_as.chars().any(char::is_control) {
        errors.add("save_as", ctx.locale.t("letter-error-save-as"));
    }
}

async fn save_audience(ctx: &ApiCtx, save_as: &str, audience: &Audience) -> Result<(), ApiError> {
    let name = save_as.trim();
    if !name.is_empty() {
        let mut kept = audience.clone();
        kept.0.retain(|s| !matches!(s, Selector::Saved(_)));
        ctx.state
            .store
            .save_audience(ctx.territory_id(), name, &kept)
            .await?;
    }
    Ok(())
}

/// A letter as the API shows it.
async fn letter(ctx: &ApiCtx, l: &LetterRecord) -> Result<Letter, ApiError> {
    let st = ctx.state.store.letter_stats(l.id).await?;
    Ok(Letter {
        id: l.id,
        subject: l.subject.clone(),
        body: l.body.clone(),
        audience: audience_codes(ctx, &l.audience).await?,
        public: l.public,
        status: l.status.into(),
        scheduled_at: l.scheduled_at.map(time),
        started_at: l.started_at.map(time),
        sent_at: l.sent_at.map(time),
        created_at: time(l.created_at),
        updated_at: time(l.updated_at),
        statistics: LetterStatistics {
            total: st.total,
            delivered: st.sent,
            waiting: st.waiting,
            failed: st.failed,
            unsubscribed: st.unsubscribed,
            bounced: st.bounced,
        },
        url: ctx.site.absolute(&format!("/lettres/{}", l.id)),
    })
}

async fn current(ctx: &ApiCtx, id: i64) -> Result<Response, ApiError> {
    let record = ctx
        .state
        .store
        .letter(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(ok(&letter(ctx, &record).await?))
}

/// The letters
///
/// Every letter of the territory, the newest first (200 at most), for
/// administrators and letter editors.
#[utoipa::path(
    get,
    path = "/letters",
    tag = "letters",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The letters", body = Vec<Letter>),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "The owner may not manage letters", body = ErrorBody),
    )
)]
pub async fn list_letters(ctx: ApiCtx) -> Result<Response, ApiError> {
    require_manager(&ctx, false).await?;
    let list = ctx
        .state
        .store
        .letters(ctx.territory_id(), LIST_LIMIT)
        .await?;
    let mut items = Vec::with_capacity(list.len());
    for l in &list {
        items.push(letter(&ctx, l).await?);
    }
    Ok(ok(&items))
}

/// Write a letter
///
/// A draft letter, checked as the web form checks it. Needs a write token
/// whose owner administers the territory or may write letters.
#[utoipa::path(
    post,
    path = "/letters",
    tag = "letters",
    security(("bearer" = [])),
    request_body = NewLetter,
    responses(
        (status = 201, description = "The letter, a draft", body = Letter,
         headers(("Location" = String, description = "The letter's address in the API"))),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
        (status = 422, description = "Fields to correct, in `fields`", body = ErrorBody),
    )
)]
pub async fn create_letter(
    ctx: ApiCtx,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, ApiError> {
    require_manager(&ctx, true).await?;
    let JsonObject(object) = body?;
    let mut errors = FieldErrors::default();
    let changes = read_changes(&ctx, object, &mut errors);
    let audience = read_audience(
        &ctx,
        changes.audience.as_deref().unwrap_or(&[]),
        &mut errors,
    )
    .await?;
    let subject = changes.subject.as_deref().unwrap_or("").trim().to_owned();
    let text = changes.body.as_deref().unwrap_or("").replace("\r\n", "\n");
    for (field, message) in check_fields(ctx.locale, &subject, &text, &audience) {
        errors.add(field, message);
    }
    let save_as = changes.save_as.unwrap_or_default();
    check_save_as(&ctx, &save_as, &mut errors);
    errors.check()?;

    save_audience(&ctx, &save_as, &audience).await?;
    let draft = LetterDraft {
        subject: &subject,
        body: &text,
        audience: &audience,
        public: changes.public.unwrap_or(false),
    };
    let id = ctx
        .state
        .store
        .create_letter(ctx.territory_id(), &draft, ctx.actor.person_id)
        .await?;
    tracing::info!(letter.id = id, "letter written through the API");
    let record = ctx
        .state
        .store
        .letter(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut response = json_response(StatusCode::CREATED, &letter(&ctx, &record).await?);
    if let Ok(location) = HeaderValue::from_str(&format!("{}/letters/{id}", super::PREFIX)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// A letter
///
/// The letter with where it stands and what became of its messages.
#[utoipa::path(
    get,
    path = "/letters/{id}",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    responses(
        (status = 200, description = "The letter", body = Letter),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "The owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
    )
)]
pub async fn get_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let record = managed(&ctx, id, false).await?;
    Ok(ok(&letter(&ctx, &record).await?))
}

/// Change a letter
///
/// Changes the fields given; the others stay. Subject, text and audience
/// change only before sending starts (409 after); `public` may change at
/// any time. Needs a write token.
#[utoipa::path(
    patch,
    path = "/letters/{id}",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    request_body = LetterChanges,
    responses(
        (status = 200, description = "The letter, as changed", body = Letter),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
        (status = 409, description = "The letter has started sending: only `public` may change", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
        (status = 422, description = "Fields to correct, in `fields`", body = ErrorBody),
    )
)]
pub async fn update_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, ApiError> {
    let record = managed(&ctx, id, true).await?;
    let JsonObject(object) = body?;
    let mut errors = FieldErrors::default();
    let changes = read_changes(&ctx, object, &mut errors);
    let content_changes = changes.subject.is_some()
        || changes.body.is_some()
        || changes.audience.is_some()
        || changes.save_as.is_some();
    let audience = match &changes.audience {
        Some(codes) => read_audience(&ctx, codes, &mut errors).await?,
        None => record.audience.clone(),
    };
    let subject = changes
        .subject
        .as_deref()
        .unwrap_or(&record.subject)
        .trim()
        .to_owned();
    let text = changes
        .body
        .as_deref()
        .unwrap_or(&record.body)
        .replace("\r\n", "\n");
    for (field, message) in check_fields(ctx.locale, &subject, &text, &audience) {
        errors.add(field, message);
    }
    let save_as = changes.save_as.clone().unwrap_or_default();
    check_save_as(&ctx, &save_as, &mut errors);
    errors.check()?;

    let store = &ctx.state.store;
    if content_changes {
        if !record.status.is_editable() {
            return Err(ApiError::LetterState);
        }
        save_audience(&ctx, &save_as, &audience).await?;
        let draft = LetterDraft {
            subject: &subject,
            body: &text,
            audience: &audience,
            public: changes.public.unwrap_or(record.public),
        };
        if !store.update_letter(record.id, &draft).await? {
            return Err(ApiError::LetterState);
        }
    } else if let Some(public) = changes.public {
        store.set_letter_public(record.id, public).await?;
    }
    tracing::info!(letter.id = record.id, "letter changed through the API");
    current(&ctx, record.id).await
}

/// Whom a letter reaches
///
/// The people its audience reaches now, each once, and those without an
/// email address (listed as unreachable). When sending starts, one message
/// goes to each reachable person.
#[utoipa::path(
    get,
    path = "/letters/{id}/recipients",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    responses(
        (status = 200, description = "The recipients", body = RecipientPreview),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "The owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
    )
)]
pub async fn letter_recipients(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let record = managed(&ctx, id, false).await?;
    let list = ctx
        .state
        .store
        .resolve_audience(record.territory_id, &record.audience)
        .await?;
    let (reachable, unreachable): (Vec<_>, Vec<_>) =
        list.into_iter().partition(|r| r.email.is_some());
    let convert = |r: comcom_store::letters::Recipient| LetterRecipient {
        person_id: r.person_id,
        name: r.name,
        email: r.email,
    };
    Ok(ok(&RecipientPreview {
        count: reachable.len() as i64,
        unreachable_count: unreachable.len() as i64,
        recipients: reachable.into_iter().map(convert).collect(),
        unreachable: unreachable.into_iter().map(convert).collect(),
    }))
}

/// Test a letter
///
/// Sends the letter as it is now to up to 10 addresses and, with `me`, to
/// the token owner's own; the subject starts with « [Essai] » (« [Test] »
/// in English) and there is no unsubscribe link. Needs a write token.
#[utoipa::path(
    post,
    path = "/letters/{id}/test",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    request_body = TestSend,
    responses(
        (status = 202, description = "The test is on its way", body = TestSent),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
        (status = 422, description = "Fields to correct, in `fields`", body = ErrorBody),
    )
)]
pub async fn test_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, ApiError> {
    let record = managed(&ctx, id, true).await?;
    let JsonObject(object) = body?;
    let mut errors = FieldErrors::default();
    let mut typed: Vec<String> = Vec::new();
    let mut me = false;
    for (key, value) in object {
        match (key.as_str(), value) {
            (_, Value::Null) if key == "addresses" || key == "me" => {}
            ("addresses", Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(s) => typed.push(s),
                        _ => errors.add("addresses", ctx.locale.t("api-field-addresses")),
                    }
                }
            }
            ("addresses", _) => errors.add("addresses", ctx.locale.t("api-field-addresses")),
            ("me", Value::Bool(b)) => me = b,
            ("me", _) => errors.add("me", ctx.locale.t("api-field-boolean")),
            _ => errors.add(&key, ctx.locale.t("api-field-unknown")),
        }
    }
    let mut addresses = Vec::new();
    for text in &typed {
        match parse_addresses(text) {
            Ok(list) if list.len() == 1 => {
                if !addresses.contains(&list[0]) {
                    addresses.push(list[0].clone());
                }
            }
            _ => {
                let shown: String = text.chars().take(60).collect();
                errors.add(
                    "addresses",
                    ctx.locale
                        .t_args("letter-error-address", &[("input", Arg::from(shown))]),
                );
            }
        }
    }
    // Counted as written (the schema's limit), repeats included.
    if typed.len() > MAX_TEST_ADDRESSES {
        errors.add(
            "addresses",
            ctx.locale.t_args(
                "letter-error-too-many-addresses",
                &[("max", Arg::from(MAX_TEST_ADDRESSES))],
            ),
        );
    }
    if me && errors.is_empty() {
        let own = match ctx.actor.person_id {
            Some(person) => ctx
                .state
                .store
                .person(person)
                .await?
                .and_then(|p| p.email)
                .map(|e| e.to_lowercase()),
            None => None,
        };
        if let Some(own) = own
            && !addresses.contains(&own)
        {
            addresses.insert(0, own);
        }
    }
    if errors.is_empty() && addresses.is_empty() {
        errors.add("addresses", ctx.locale.t("letter-error-no-test-address"));
    }
    errors.check()?;

    let content = letter_mail::render(
        &ctx.state.store,
        &record,
        &ctx.site.territory.name,
        &ctx.site.base_url,
        ctx.locale,
    )
    .await;
    queue_test(&ctx.state, &content, &addresses).await?;
    tracing::info!(
        letter.id = record.id,
        addresses = addresses.len(),
        "letter test queued through the API"
    );
    Ok(json_response(StatusCode::ACCEPTED, &TestSent { addresses }))
}

/// Send a letter
///
/// `when: "now"` starts sending at once: one message per reachable
/// recipient, sent at the configured rate. `when: "schedule"` sends at
/// `scheduled_at`. Only a draft or a scheduled letter can be sent (409
/// otherwise). Needs a write token.
#[utoipa::path(
    post,
    path = "/letters/{id}/send",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    request_body = SendLetter,
    responses(
        (status = 200, description = "The letter, sending or scheduled", body = Letter),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
        (status = 409, description = "The letter is already sending, sent or cancelled", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
        (status = 422, description = "Fields to correct, in `fields`", body = ErrorBody),
    )
)]
pub async fn send_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, ApiError> {
    let record = managed(&ctx, id, true).await?;
    let JsonObject(object) = body?;
    let mut errors = FieldErrors::default();
    let mut when: Option<SendWhen> = None;
    let mut at_text: Option<String> = None;
    for (key, value) in object {
        match (key.as_str(), value) {
            ("scheduled_at", Value::Null) => {}
            ("when", Value::String(s)) if s == "now" => when = Some(SendWhen::Now),
            ("when", Value::String(s)) if s == "schedule" => when = Some(SendWhen::Schedule),
            ("when", _) => errors.add("when", ctx.locale.t("api-field-when")),
            ("scheduled_at", Value::String(s)) => at_text = Some(s),
            ("scheduled_at", _) => errors.add("scheduled_at", ctx.locale.t("api-field-publish-at")),
            _ => errors.add(&key, ctx.locale.t("api-field-unknown")),
        }
    }
    let t = |key: &str| ctx.locale.t(key);
    let at: Option<DateTime<Utc>> = match (when, at_text.as_deref()) {
        (None, _) => {
            errors.add("when", t("api-field-when"));
            None
        }
        (Some(SendWhen::Now), None) => None,
        (Some(SendWhen::Now), Some(_)) => {
            errors.add("scheduled_at", t("api-field-scheduled-at-unexpected"));
            None
        }
        (Some(SendWhen::Schedule), None) => {
            errors.add("scheduled_at", t("api-field-scheduled-at-missing"));
            None
        }
        (Some(SendWhen::Schedule), Some(text)) => match DateTime::parse_from_rfc3339(text) {
            Ok(at) if at > Utc::now() => Some(at.with_timezone(&Utc)),
            Ok(_) => {
                errors.add("scheduled_at", t("letter-error-schedule-past"));
                None
            }
            Err(_) => {
                errors.add("scheduled_at", t("api-field-publish-at"));
                None
            }
        },
    };
    errors.check()?;
    if !record.status.is_editable() {
        return Err(ApiError::LetterState);
    }
    if record.audience.is_empty() {
        return Err(ApiError::field(
            "audience",
            t("letter-error-audience-missing"),
        ));
    }
    let store = &ctx.state.store;
    if crate::pages::letters::reachable_count(store, &record).await? == 0 {
        return Err(ApiError::field(
            "audience",
            t("letter-error-audience-nobody"),
        ));
    }
    let done = match at {
        Some(at) => store.schedule_letter(record.id, at).await?,
        None => store
            .begin_sending(record.id, &ctx.state.config.mail_domain())
            .await?
            .is_some(),
    };
    if !done {
        return Err(ApiError::LetterState);
    }
    tracing::info!(
        letter.id = record.id,
        scheduled = at.is_some(),
        "letter sent through the API"
    );
    current(&ctx, record.id).await
}

async fn transition(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
    from: &[LetterStatus],
    to: LetterStatus,
) -> Result<Response, ApiError> {
    let record = managed(&ctx, id, true).await?;
    if !ctx
        .state
        .store
        .change_letter_status(record.id, from, to)
        .await?
    {
        return Err(ApiError::LetterState);
    }
    tracing::info!(
        letter.id = record.id,
        to = to.code(),
        "letter status changed through the API"
    );
    current(&ctx, record.id).await
}

/// Pause sending
///
/// Stops a letter that is sending after the message in flight; resume
/// carries on where it stopped. Needs a write token.
#[utoipa::path(
    post,
    path = "/letters/{id}/pause",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    responses(
        (status = 200, description = "The letter, paused", body = Letter),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
        (status = 409, description = "The letter is not sending", body = ErrorBody),
    )
)]
pub async fn pause_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    transition(ctx, id, &[LetterStatus::Sending], LetterStatus::Paused).await
}

/// Resume sending
///
/// Needs a write token.
#[utoipa::path(
    post,
    path = "/letters/{id}/resume",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    responses(
        (status = 200, description = "The letter, sending again", body = Letter),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
        (status = 409, description = "The letter is not paused", body = ErrorBody),
    )
)]
pub async fn resume_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    transition(ctx, id, &[LetterStatus::Paused], LetterStatus::Sending).await
}

/// Cancel sending
///
/// Cancels a scheduled letter, or one sending or paused; messages already
/// accepted by the server cannot be recalled. Needs a write token.
#[utoipa::path(
    post,
    path = "/letters/{id}/cancel",
    tag = "letters",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The letter's number")),
    responses(
        (status = 200, description = "The letter, cancelled", body = Letter),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 403, description = "A read token, or the owner may not manage letters", body = ErrorBody),
        (status = 404, description = "No such letter", body = ErrorBody),
        (status = 409, description = "The letter is a draft, sent or already cancelled", body = ErrorBody),
    )
)]
pub async fn cancel_letter(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    transition(
        ctx,
        id,
        &[
            LetterStatus::Scheduled,
            LetterStatus::Sending,
            LetterStatus::Paused,
        ],
        LetterStatus::Cancelled,
    )
    .await
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
        assert_eq!(properties::<NewLetter>(), fields);
        assert_eq!(properties::<LetterChanges>(), fields);
        assert_eq!(properties::<TestSend>(), ["addresses", "me"]);
        assert_eq!(properties::<SendLetter>(), ["scheduled_at", "when"]);
        let schema = serde_json::to_value(NewLetter::schema()).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(
            schema["required"],
            serde_json::json!(["subject", "body", "audience"])
        );
    }
}
