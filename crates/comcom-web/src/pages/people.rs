//! The directory: a person's page with their mandates, their contact details
//! for people of the territory, and the administrators' invitation form.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use chrono::{Datelike, Duration};
use comcom_core::Role;
use comcom_core::permissions::Action;
use comcom_i18n::{Arg, Locale};
use comcom_store::accounts::{TokenPurpose, normalize_email};
use comcom_store::people::{CouncilMember, MandateRecord};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors, is_email};
use crate::mail::{self, Kind};
use crate::pages::account::INVITATION_DAYS;
use crate::pages::{PageCtx, see_other};

/// "Élu municipal – Maire (Engins)" in the page's language.
pub fn describe(locale: Locale, m: &MandateRecord) -> String {
    let role = locale.t(m.role.message_key());
    let place = m
        .commune_name
        .clone()
        .unwrap_or_else(|| m.territory_name.clone());
    let function = match (&m.function_label, m.function) {
        (Some(label), _) if locale == Locale::Fr && !label.is_empty() => Some(label.clone()),
        (_, Some(f)) => Some(match m.function_rank {
            Some(rank) if rank > 0 => locale.t_args(
                "function-ranked",
                &[
                    ("rank", Arg::Num(rank)),
                    ("function", Arg::from(locale.t(f.message_key()))),
                ],
            ),
            _ => locale.t(f.message_key()),
        }),
        _ => None,
    };
    let organisation = m.organisation.as_deref().filter(|o| !o.is_empty());
    match (function, organisation) {
        (Some(f), _) => format!("{role} – {f} ({place})"),
        (None, Some(o)) => format!("{role} – {o} ({place})"),
        (None, None) => format!("{role} ({place})"),
    }
}

/// The function of a council seat: the RNE's own words in French
/// ("2e adjointe au maire"), the function's name otherwise.
pub fn function_name(locale: Locale, m: &CouncilMember) -> String {
    match (&m.function_label, m.function_rank) {
        (Some(label), _) if locale == Locale::Fr && !label.is_empty() => label.clone(),
        (_, Some(rank)) if rank > 0 => locale.t_args(
            "function-ranked",
            &[
                ("rank", Arg::Num(rank)),
                ("function", Arg::from(locale.t(m.function.message_key()))),
            ],
        ),
        _ => locale.t(m.function.message_key()),
    }
}

/// The current mandates of a person, described.
pub async fn describe_mandates(ctx: &PageCtx, person_id: i64) -> Result<Vec<String>, WebError> {
    let mandates = ctx
        .state
        .store
        .current_mandates_of_person(person_id)
        .await?;
    Ok(mandates.iter().map(|m| describe(ctx.locale, m)).collect())
}

/// A person of the page's territory (living there, or holding a mandate
/// there); people of other territories are answered as missing.
async fn person_of_territory(
    ctx: &PageCtx,
    id: i64,
) -> Result<comcom_store::people::PersonRecord, WebError> {
    let territory_id = ctx.territory_id();
    let person = ctx
        .state
        .store
        .person(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if person.territory_id == Some(territory_id) {
        return Ok(person);
    }
    let mandates = ctx.state.store.current_mandates_of_person(id).await?;
    if mandates.iter().any(|m| m.territory_id == territory_id) {
        Ok(person)
    } else {
        Err(WebError::NotFound)
    }
}

/// Elected officials' names and functions are public; other people are shown
/// only to those who may see the territory's contact details.
fn is_elected(m: &MandateRecord) -> bool {
    matches!(
        m.role,
        Role::CommunityCouncillor | Role::MunicipalCouncillor
    )
}

/// The administrators' part of a person's page: their mandates and a form to add one.
pub struct AdminMandates {
    /// Mandate id, description, label of its "end" button.
    mandates: Vec<(i64, String, String)>,
    roles: Vec<(&'static str, String)>,
    communes: Vec<(String, String)>,
    functions: Vec<(&'static str, String)>,
    errors: FormErrors,
    role: String,
    commune: String,
    function: String,
    organisation: String,
    start: String,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    chrome: Chrome,
    id: i64,
    name: String,
    notice: Option<String>,
    mandates: Vec<String>,
    contact: Option<(Option<String>, Option<String>)>,
    can_invite: bool,
    email: String,
    errors: FormErrors,
    admin: Option<AdminMandates>,
}

#[derive(Deserialize)]
pub struct PersonQuery {
    fait: Option<String>,
}

async fn person_page(
    ctx: &PageCtx,
    id: i64,
    notice: Option<String>,
    email: String,
    errors: FormErrors,
) -> Result<Response, WebError> {
    person_page_with(ctx, id, notice, email, errors, None).await
}

/// Values of the "add a mandate" form shown again with its errors.
type MandateForm = (FormErrors, [String; 5]);

async fn person_page_with(
    ctx: &PageCtx,
    id: i64,
    notice: Option<String>,
    email: String,
    errors: FormErrors,
    mandate_form: Option<MandateForm>,
) -> Result<Response, WebError> {
    let territory_id = ctx.territory_id();
    let person = ctx
        .state
        .store
        .person(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let mandates: Vec<MandateRecord> = ctx
        .state
        .store
        .current_mandates_of_person(id)
        .await?
        .into_iter()
        .filter(|m| m.territory_id == territory_id)
        .collect();
    let sees_contacts = ctx
        .viewer
        .decide(Action::ViewContactDetails { territory_id })
        .is_allowed();
    let belongs = person.territory_id == Some(territory_id) || !mandates.is_empty();
    if !belongs || !(sees_contacts || mandates.iter().any(is_elected)) {
        return Err(WebError::NotFound);
    }
    let is_admin = ctx
        .viewer
        .decide(Action::AdministerTerritory { territory_id })
        .is_allowed();
    let can_invite = is_admin && person.email.is_none();
    let invalid = !errors.is_empty() || mandate_form.as_ref().is_some_and(|(e, _)| !e.is_empty());
    let admin = if is_admin {
        Some(admin_mandates(ctx, &mandates, mandate_form.unwrap_or_default()).await?)
    } else {
        None
    };
    let page = PersonPage {
        chrome: ctx.chrome(&person.display_name, Nav::None),
        id,
        notice,
        mandates: mandates.iter().map(|m| describe(ctx.locale, m)).collect(),
        contact: sees_contacts.then(|| (person.email.clone(), person.phone.clone())),
        can_invite,
        email,
        errors,
        admin,
        name: person.display_name,
    };
    if invalid {
        ctx.render_invalid(&page)
    } else if can_invite || is_admin {
        ctx.render_form(&page)
    } else {
        ctx.render(&page)
    }
}

/// `GET /personnes/{id}`
pub async fn show(
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<PersonQuery>,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let notice = match q.fait.as_deref() {
        Some("invitation") => Some(ctx.t("person-invited")),
        Some("mandat") => Some(ctx.t("mandates-added")),
        Some("fin") => Some(ctx.t("mandates-ended")),
        _ => None,
    };
    person_page(&ctx, id, notice, String::new(), FormErrors::default()).await
}

/// `POST /personnes/{id}/inviter`: attaches an address to a known person
/// (an imported mayor, say) and sends them an invitation.
pub async fn invite(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let territory_id = ctx.territory_id();
    ctx.require(Action::AdministerTerritory { territory_id })?;
    let person = person_of_territory(&ctx, id).await?;
    let email = normalize_email(form.get("email"));
    let mut errors = FormErrors::default();
    if person.email.is_some() {
        // A person with an address signs in by a link or resets a password;
        // an invitation must not replace either.
        errors.add("email", ctx.t("error-person-has-email"));
    } else if !is_email(&email) {
        errors.add("email", ctx.t("error-email"));
    } else if person.email.is_none() && !ctx.state.store.attach_email(id, &email).await? {
        errors.add("email", ctx.t("error-email-taken"));
    }
    if !errors.is_empty() {
        return person_page(&ctx, id, None, email.chars().take(254).collect(), errors).await;
    }
    let to = ctx
        .state
        .store
        .account(id)
        .await?
        .and_then(|a| a.email)
        .unwrap_or(email);
    send_invitation(&ctx, id, &to, None).await?;
    Ok(see_other(&format!("/personnes/{id}?fait=invitation")))
}

/// Creates an invitation token and queues the email, in the invitee's language.
pub async fn send_invitation(
    ctx: &PageCtx,
    person_id: i64,
    to: &str,
    space: Option<(i64, &str)>,
) -> Result<(), WebError> {
    let token = ctx
        .state
        .store
        .create_token(
            person_id,
            TokenPurpose::Invitation,
            Duration::days(INVITATION_DAYS),
            space,
        )
        .await?;
    let link = ctx.site.absolute(&format!("/invitation/{token}"));
    let inviter = ctx.viewer.account.as_ref().map(|a| a.display_name.clone());
    let locale = match ctx.state.store.account(person_id).await? {
        Some(account) => Locale::from_tag(&account.locale).unwrap_or(ctx.locale),
        None => ctx.locale,
    };
    mail::send_link(
        &ctx.state,
        locale,
        Kind::Invitation,
        to,
        &ctx.site.territory.name,
        inviter.as_deref(),
        &link,
    )
    .await?;
    tracing::info!(person.id = person_id, "invitation queued");
    Ok(())
}

async fn admin_mandates(
    ctx: &PageCtx,
    mandates: &[MandateRecord],
    (errors, values): MandateForm,
) -> Result<AdminMandates, WebError> {
    let [role, commune, function, organisation, start] = values;
    let communes = ctx
        .state
        .store
        .communes(ctx.territory_id())
        .await?
        .into_iter()
        .map(|c| (c.insee_code.to_string(), c.name))
        .collect();
    Ok(AdminMandates {
        mandates: mandates
            .iter()
            .map(|m| {
                let text = describe(ctx.locale, m);
                let label = ctx.ta(
                    "mandates-end-label",
                    &[("mandate", Arg::from(text.as_str()))],
                );
                (m.id, text, label)
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.code(), ctx.t(r.message_key())))
            .collect(),
        communes,
        functions: comcom_core::Function::ALL
            .iter()
            .map(|f| (f.code(), ctx.t(f.message_key())))
            .collect(),
        errors,
        role: if role.is_empty() {
            Role::CommuneStaff.code().to_owned()
        } else {
            role
        },
        commune,
        function,
        organisation,
        start: if start.is_empty() {
            chrono::Utc::now().date_naive().to_string()
        } else {
            start
        },
    })
}

/// `POST /personnes/{id}/mandats`: an administrator records a mandate.
pub async fn add_mandate(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let territory_id = ctx.territory_id();
    ctx.require(Action::AdministerTerritory { territory_id })?;
    // People of another territory are not this administrator's to change.
    let person = ctx
        .state
        .store
        .person(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if person.territory_id.is_some() {
        person_of_territory(&ctx, id).await?;
    }

    let mut errors = FormErrors::default();
    let role = Role::from_code(form.get("role"));
    if role.is_none() {
        errors.add("role", ctx.t("error-mandate-role"));
    }
    let commune = match form.get("commune") {
        "" => None,
        code => match comcom_core::InseeCode::parse(code) {
            Ok(code) => ctx.state.store.commune(territory_id, &code).await?,
            Err(_) => None,
        }
        .map(Some)
        .unwrap_or_else(|| {
            errors.add("commune", ctx.t("error-mandate-commune"));
            None
        }),
    };
    if let Some(role) = role
        && role.needs_commune()
        && commune.is_none()
        && !errors.has("commune")
    {
        errors.add("commune", ctx.t("error-mandate-commune-needed"));
    }
    let function = match form.get("function") {
        "" => None,
        code => comcom_core::Function::from_code(code),
    };
    if !form.get("function").is_empty() && function.is_none_or(|f| role.is_some_and(|r| !f.fits(r)))
    {
        errors.add("function", ctx.t("error-mandate-function"));
    }
    let organisation = form.get("organisation");
    if organisation.chars().count() > 200 || organisation.chars().any(char::is_control) {
        errors.add(
            "organisation",
            ctx.ta("error-too-long", &[("max", Arg::from(200_i64))]),
        );
    }
    let start = chrono::NaiveDate::parse_from_str(form.get("start"), "%Y-%m-%d").ok();
    let latest = chrono::Utc::now().date_naive() + chrono::Duration::days(366);
    if start.is_none_or(|d| d > latest || d.year() < 1900) {
        errors.add("start", ctx.t("error-mandate-start"));
    }
    let (Some(role), Some(start), true) = (role, start, errors.is_empty()) else {
        let keep = |name: &str| form.get(name).chars().take(200).collect::<String>();
        let values = [
            keep("role"),
            keep("commune"),
            keep("function"),
            keep("organisation"),
            keep("start"),
        ];
        return person_page_with(
            &ctx,
            id,
            None,
            String::new(),
            FormErrors::default(),
            Some((errors, values)),
        )
        .await;
    };
    let new = comcom_store::mandates::NewMandate {
        person_id: id,
        territory_id,
        commune_id: commune.map(|c| c.id),
        role,
        function,
        organisation: (!organisation.is_empty()).then_some(organisation),
        start,
    };
    let mandate = ctx
        .state
        .store
        .add_mandate_audited(&new, &ctx.audit_actor())
        .await?;
    tracing::info!(
        person.id = id,
        mandate.id = mandate,
        role = role.code(),
        "mandate added"
    );
    Ok(see_other(&format!("/personnes/{id}?fait=mandat")))
}

/// `POST /personnes/{id}/mandats/{mandate}/fin`: ends a mandate today.
pub async fn end_mandate(
    ctx: PageCtx,
    Path((id, mandate)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (Ok(id), Ok(mandate)) = (id.parse::<i64>(), mandate.parse::<i64>()) else {
        return Err(WebError::NotFound);
    };
    let territory_id = ctx.territory_id();
    ctx.require(Action::AdministerTerritory { territory_id })?;
    let today = chrono::Utc::now().date_naive();
    if !ctx
        .state
        .store
        .end_mandate_audited(id, territory_id, None, mandate, today, &ctx.audit_actor())
        .await?
    {
        return Err(WebError::NotFound);
    }
    tracing::info!(person.id = id, mandate.id = mandate, "mandate ended");
    Ok(see_other(&format!("/personnes/{id}?fait=fin")))
}
