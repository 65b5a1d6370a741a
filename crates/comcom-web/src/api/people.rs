//! `GET /api/v1/people/{id}`: a person's entry in the territory's directory,
//! with the same rules as the person's page: elected officials are public,
//! other people and everyone's email and phone only for those the permission
//! core lets see the territory's contact details.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::response::Response;
use comcom_core::Role;
use comcom_core::permissions::Action;
use comcom_store::people::MandateRecord;
use serde::Serialize;
use utoipa::ToSchema;

use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody};
use super::json::ok;
use crate::pages::people::describe;

/// A current mandate in the territory.
#[derive(Serialize, ToSchema)]
pub struct Mandate {
    /// community_councillor, interco_staff, municipal_councillor,
    /// commune_staff, development_council, inhabitant or partner.
    #[schema(example = "municipal_councillor")]
    pub role: String,
    /// president, vice_president, mayor, deputy_mayor, delegated_councillor or councillor.
    #[schema(example = "mayor")]
    pub function: Option<String>,
    /// 2 for a second deputy.
    pub function_rank: Option<i64>,
    /// The mandate in words, in the caller's language.
    #[schema(example = "Élu municipal – Maire (Engins)")]
    pub label: String,
    /// INSEE code of the commune, for a commune's mandate.
    pub commune: Option<String>,
    #[schema(value_type = String, format = Date, example = "2020-05-23")]
    pub start_date: String,
}

/// A directory entry.
#[derive(Serialize, ToSchema)]
pub struct Person {
    pub id: i64,
    #[schema(example = "Agnès BOUVIER")]
    pub name: String,
    pub mandates: Vec<Mandate>,
    /// Present only when the token's owner may see the territory's contact details.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    /// Present only when the token's owner may see the territory's contact details.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
}

fn is_elected(m: &MandateRecord) -> bool {
    matches!(
        m.role,
        Role::CommunityCouncillor | Role::MunicipalCouncillor
    )
}

/// A person
///
/// A person of the territory: their name and current mandates; their email
/// and phone when the token's owner may see the territory's contact details
/// (its elected officials, staff and administrators).
#[utoipa::path(
    get,
    path = "/people/{id}",
    tag = "people",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The person's number")),
    responses(
        (status = 200, description = "The directory entry", body = Person),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 404, description = "No such person in this territory's directory", body = ErrorBody),
    )
)]
pub async fn get_person(
    ctx: ApiCtx,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    ctx.require_token()?;
    let id: i64 = match id {
        Ok(Path(text)) => text.parse().map_err(|_| ApiError::NotFound)?,
        Err(_) => return Err(ApiError::NotFound),
    };
    let territory_id = ctx.territory_id();
    let store = &ctx.state.store;
    let person = store.person(id).await?.ok_or(ApiError::NotFound)?;
    let mandates: Vec<MandateRecord> = store
        .current_mandates_of_person(id)
        .await?
        .into_iter()
        .filter(|m| m.territory_id == territory_id)
        .collect();
    let sees_contacts = ctx
        .decide(Action::ViewContactDetails { territory_id })
        .is_allowed();
    let belongs = person.territory_id == Some(territory_id) || !mandates.is_empty();
    if !belongs || !(sees_contacts || mandates.iter().any(is_elected)) {
        return Err(ApiError::NotFound);
    }
    let communes = store.communes(territory_id).await?;
    let mandates = mandates
        .iter()
        .map(|m| Mandate {
            role: m.role.code().to_owned(),
            function: m.function.map(|f| f.code().to_owned()),
            function_rank: m.function_rank,
            label: describe(ctx.locale, m),
            commune: m
                .commune_id
                .and_then(|id| communes.iter().find(|c| c.id == id))
                .map(|c| c.insee_code.to_string()),
            start_date: m.start_date.format("%Y-%m-%d").to_string(),
        })
        .collect();
    Ok(ok(&Person {
        id: person.id,
        name: person.display_name,
        mandates,
        email: sees_contacts.then_some(person.email),
        phone: sees_contacts.then_some(person.phone),
    }))
}
