//! A commune's people, managed by its mayor, its designated agents and the
//! territory's administrators: add an agent or a councillor by hand, end a
//! mandate, designate the agents who help the mayor.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use comcom_core::permissions::Action;
use comcom_core::{Function, InseeCode, Role};
use comcom_i18n::Arg;
use comcom_store::CommuneRecord;
use comcom_store::commune_people::NewCommunePerson;
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors, is_email};
use crate::pages::{PageCtx, see_other};

/// Roles a commune manages for itself.
const ROLES: [Role; 2] = [Role::CommuneStaff, Role::MunicipalCouncillor];
/// Functions a mayor may record by hand (the mayor comes from the RNE or an
/// administrator).
const FUNCTIONS: [Function; 3] = [
    Function::DeputyMayor,
    Function::DelegatedCouncillor,
    Function::Councillor,
];

pub struct PersonLine {
    person_id: i64,
    mandate_id: i64,
    name: String,
    mandate: String,
    since: String,
    /// Ending is offered for mandates entered by hand (RNE mandates follow
    /// the next import), and for any mandate to administrators.
    can_end: bool,
    end_label: String,
    /// `Some(designated)` for an agent when the viewer may designate.
    agent: Option<bool>,
    agent_label: String,
}

#[derive(Template)]
#[template(path = "commune_people.html")]
struct CommunePeoplePage {
    chrome: Chrome,
    heading: String,
    insee: String,
    commune_name: String,
    notice: Option<String>,
    errors: FormErrors,
    people: Vec<PersonLine>,
    roles: Vec<(&'static str, String)>,
    functions: Vec<(&'static str, String)>,
    person_name: String,
    email: String,
    role: String,
    function: String,
    start: String,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    fait: Option<String>,
}

/// The commune at `insee` in this territory, if the viewer manages its people.
async fn managed_commune(ctx: &PageCtx, insee: &str) -> Result<CommuneRecord, WebError> {
    let code = InseeCode::parse(insee).map_err(|_| WebError::NotFound)?;
    let commune = ctx
        .state
        .store
        .commune(ctx.territory_id(), &code)
        .await?
        .ok_or(WebError::NotFound)?;
    ctx.require(Action::ManageCommunePeople {
        territory_id: commune.territory_id,
        commune_id: commune.id,
    })?;
    Ok(commune)
}

fn can_designate(ctx: &PageCtx, commune: &CommuneRecord) -> bool {
    ctx.viewer
        .decide(Action::DesignateCommuneAgent {
            territory_id: commune.territory_id,
            commune_id: commune.id,
        })
        .is_allowed()
}

fn is_admin(ctx: &PageCtx) -> bool {
    ctx.viewer
        .decide(Action::AdministerTerritory {
            territory_id: ctx.territory_id(),
        })
        .is_allowed()
}

async fn page(
    ctx: &PageCtx,
    commune: CommuneRecord,
    notice: Option<String>,
    errors: FormErrors,
    values: [String; 5],
) -> Result<Response, WebError> {
    let designate = can_designate(ctx, &commune);
    let admin = is_admin(ctx);
    let people = ctx
        .state
        .store
        .commune_people(commune.id)
        .await?
        .into_iter()
        .map(|p| {
            let role = ctx.t(p.role.message_key());
            let mandate = match (&p.function_label, p.function) {
                (Some(label), _) if !label.is_empty() && ctx.locale == comcom_i18n::Locale::Fr => {
                    format!("{role} – {label}")
                }
                (_, Some(f)) => format!("{role} – {}", ctx.t(f.message_key())),
                _ => role,
            };
            let name = Arg::from(p.display_name.as_str());
            PersonLine {
                end_label: ctx.ta(
                    "commune-people-end-label",
                    &[
                        ("name", name.clone()),
                        ("mandate", Arg::from(mandate.as_str())),
                    ],
                ),
                agent_label: ctx.ta(
                    if p.designated {
                        "commune-people-undesignate-label"
                    } else {
                        "commune-people-designate-label"
                    },
                    &[("name", name)],
                ),
                can_end: admin || p.source == "manual",
                agent: (designate && p.role == Role::CommuneStaff).then_some(p.designated),
                since: comcom_i18n::format_date(ctx.locale, p.start_date),
                person_id: p.person_id,
                mandate_id: p.mandate_id,
                name: p.display_name,
                mandate,
            }
        })
        .collect();
    let [name, email, role, function, start] = values;
    let heading = ctx.ta(
        "commune-people-title",
        &[("name", Arg::from(commune.name.as_str()))],
    );
    let invalid = !errors.is_empty();
    let page = CommunePeoplePage {
        chrome: ctx.chrome(&heading, Nav::None),
        heading,
        insee: commune.insee_code.to_string(),
        commune_name: commune.name,
        notice,
        errors,
        people,
        roles: ROLES
            .iter()
            .map(|r| (r.code(), ctx.t(r.message_key())))
            .collect(),
        functions: FUNCTIONS
            .iter()
            .map(|f| (f.code(), ctx.t(f.message_key())))
            .collect(),
        person_name: name,
        email,
        role: if role.is_empty() {
            Role::CommuneStaff.code().to_owned()
        } else {
            role
        },
        function,
        start: if start.is_empty() {
            chrono::Utc::now().date_naive().to_string()
        } else {
            start
        },
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /communes/{insee}/personnes`
pub async fn index(
    ctx: PageCtx,
    Path(insee): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let commune = managed_commune(&ctx, &insee).await?;
    let notice = match q.fait.as_deref() {
        Some("ajout") => Some(ctx.t("commune-people-added")),
        Some("fin") => Some(ctx.t("mandates-ended")),
        Some("agent") => Some(ctx.t("commune-people-designated")),
        Some("retrait-agent") => Some(ctx.t("commune-people-undesignated")),
        _ => None,
    };
    page(
        &ctx,
        commune,
        notice,
        FormErrors::default(),
        Default::default(),
    )
    .await
}

/// `POST /communes/{insee}/personnes`: a person and their mandate.
pub async fn add(
    ctx: PageCtx,
    Path(insee): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let commune = managed_commune(&ctx, &insee).await?;
    let mut errors = FormErrors::default();
    let name = form.get("name");
    if name.is_empty() {
        errors.add("name", ctx.t("error-name-empty"));
    } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
        errors.add(
            "name",
            ctx.ta("error-too-long", &[("max", Arg::from(120_i64))]),
        );
    }
    let email = comcom_store::accounts::normalize_email(form.get("email"));
    if !email.is_empty() && !is_email(&email) {
        errors.add("email", ctx.t("error-email"));
    } else if !email.is_empty()
        && let Some(account) = ctx.state.store.account_by_email(&email).await?
        && account
            .territory_id
            .is_some_and(|t| t != commune.territory_id)
    {
        errors.add("email", ctx.t("error-email-taken"));
    }
    let role = Role::from_code(form.get("role")).filter(|r| ROLES.contains(r));
    if role.is_none() {
        errors.add("role", ctx.t("error-commune-people-role"));
    }
    let function = match form.get("function") {
        "" => None,
        code => {
            let f = Function::from_code(code).filter(|f| FUNCTIONS.contains(f));
            if f.is_none() || role != Some(Role::MunicipalCouncillor) {
                errors.add("function", ctx.t("error-commune-people-function"));
            }
            f
        }
    };
    let function = match (role, function) {
        (Some(Role::MunicipalCouncillor), None) => Some(Function::Councillor),
        (_, f) => f,
    };
    let start = NaiveDate::parse_from_str(form.get("start"), "%Y-%m-%d").ok();
    let latest = chrono::Utc::now().date_naive() + chrono::Duration::days(366);
    if start.is_none_or(|d| d > latest || d.year() < 1900) {
        errors.add("start", ctx.t("error-mandate-start"));
    }
    let (Some(role), Some(start), true) = (role, start, errors.is_empty()) else {
        let keep = |n: &str, max: usize| form.get(n).chars().take(max).collect::<String>();
        let values = [
            keep("name", 120),
            keep("email", 254),
            keep("role", 40),
            keep("function", 40),
            keep("start", 20),
        ];
        return page(&ctx, commune, None, errors, values).await;
    };
    let (person_id, mandate_id) = ctx
        .state
        .store
        .add_commune_person(
            &NewCommunePerson {
                territory_id: commune.territory_id,
                commune_id: commune.id,
                display_name: name,
                email: (!email.is_empty()).then_some(email.as_str()),
                role,
                function,
                start,
            },
            &ctx.audit_actor(),
        )
        .await?;
    tracing::info!(
        commune.id = commune.id,
        person.id = person_id,
        mandate.id = mandate_id,
        role = role.code(),
        "commune person added"
    );
    Ok(see_other(&format!(
        "/communes/{}/personnes?fait=ajout",
        commune.insee_code
    )))
}

/// `POST /communes/{insee}/personnes/{person}/mandats/{mandate}/fin`
pub async fn end_mandate(
    ctx: PageCtx,
    Path((insee, person, mandate)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let (Ok(person), Ok(mandate)) = (person.parse::<i64>(), mandate.parse::<i64>()) else {
        return Err(WebError::NotFound);
    };
    let commune = managed_commune(&ctx, &insee).await?;
    let line = ctx
        .state
        .store
        .commune_people(commune.id)
        .await?
        .into_iter()
        .find(|p| p.mandate_id == mandate && p.person_id == person)
        .ok_or(WebError::NotFound)?;
    if line.source != "manual" && !is_admin(&ctx) {
        return Err(WebError::Forbidden);
    }
    let today = chrono::Utc::now().date_naive();
    if !ctx
        .state
        .store
        .end_mandate_audited(
            person,
            commune.territory_id,
            Some(commune.id),
            mandate,
            today,
            &ctx.audit_actor(),
        )
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(see_other(&format!(
        "/communes/{}/personnes?fait=fin",
        commune.insee_code
    )))
}

/// `POST /communes/{insee}/personnes/{person}/agent` with `designate=1|0`.
pub async fn designate(
    ctx: PageCtx,
    Path((insee, person)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let person: i64 = person.parse().map_err(|_| WebError::NotFound)?;
    let commune = managed_commune(&ctx, &insee).await?;
    ctx.require(Action::DesignateCommuneAgent {
        territory_id: commune.territory_id,
        commune_id: commune.id,
    })?;
    let actor = ctx.audit_actor();
    let store = &ctx.state.store;
    let (done, notice) = match form.get("designate") {
        "1" => (
            store
                .designate_agent(commune.territory_id, commune.id, person, &actor)
                .await?,
            "agent",
        ),
        "0" => (
            store
                .undesignate_agent(commune.territory_id, commune.id, person, &actor)
                .await?,
            "retrait-agent",
        ),
        _ => return Err(WebError::BadRequest),
    };
    if !done {
        return Err(WebError::NotFound);
    }
    Ok(see_other(&format!(
        "/communes/{}/personnes?fait={notice}",
        commune.insee_code
    )))
}
