//! `GET /api/v1/communes` and `GET /api/v1/communes/{insee}`: the member
//! communes of the territory, one of them with its municipal council.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::response::Response;
use comcom_core::InseeCode;
use comcom_store::CommuneRecord;
use serde::Serialize;
use utoipa::ToSchema;

use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody};
use super::json::ok;
use crate::pages::people::function_name;

/// A member commune.
#[derive(Serialize, ToSchema)]
pub struct Commune {
    /// Its INSEE code.
    #[schema(example = "38153")]
    pub insee: String,
    #[schema(example = "213801536")]
    pub siren: String,
    #[schema(example = "Engins")]
    pub name: String,
    pub population_municipale: i64,
    pub population_totale: i64,
    /// Its own website, when known.
    pub website: Option<String>,
    /// Its page on the portal.
    pub url: String,
}

/// A seat of a municipal council.
#[derive(Serialize, ToSchema)]
pub struct CouncilSeat {
    /// The person, whose directory entry is `/api/v1/people/{person_id}`.
    pub person_id: i64,
    #[schema(example = "Agnès BOUVIER")]
    pub name: String,
    /// mayor, deputy_mayor, delegated_councillor or councillor.
    #[schema(example = "deputy_mayor")]
    pub function: String,
    /// The function in words, in the caller's language.
    #[schema(example = "2e adjointe au maire")]
    pub function_label: String,
}

/// A member commune with its current municipal council.
#[derive(Serialize, ToSchema)]
pub struct CommuneDetail {
    #[serde(flatten)]
    pub commune: Commune,
    /// The mayor first, then the deputies by rank, the delegated councillors
    /// and the councillors by name.
    pub council: Vec<CouncilSeat>,
}

fn commune(ctx: &ApiCtx, c: CommuneRecord) -> Commune {
    Commune {
        url: ctx.site.absolute(&format!("/communes/{}", c.insee_code)),
        insee: c.insee_code.to_string(),
        siren: c.siren.to_string(),
        name: c.name,
        population_municipale: c.population_municipale,
        population_totale: c.population_totale,
        website: c.website,
    }
}

/// The communes
///
/// The member communes of the territory, in alphabetical order. No token needed.
#[utoipa::path(
    get,
    path = "/communes",
    tag = "territory",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The communes", body = Vec<Commune>),
        (status = 401, description = "The token sent is not valid or was revoked", body = ErrorBody),
    )
)]
pub async fn list_communes(ctx: ApiCtx) -> Result<Response, ApiError> {
    let communes = ctx.state.store.communes(ctx.territory_id()).await?;
    let list: Vec<Commune> = communes.into_iter().map(|c| commune(&ctx, c)).collect();
    Ok(ok(&list))
}

/// A commune
///
/// A member commune with its current municipal council (names and
/// functions, which are public). No token needed.
#[utoipa::path(
    get,
    path = "/communes/{insee}",
    tag = "territory",
    security((), ("bearer" = [])),
    params(("insee" = String, Path, description = "INSEE code of the commune", example = "38153")),
    responses(
        (status = 200, description = "The commune", body = CommuneDetail),
        (status = 401, description = "The token sent is not valid or was revoked", body = ErrorBody),
        (status = 404, description = "Not a commune of this territory", body = ErrorBody),
    )
)]
pub async fn get_commune(
    ctx: ApiCtx,
    insee: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(insee)) = insee else {
        return Err(ApiError::NotFound);
    };
    let code = InseeCode::parse(&insee)
        .ok()
        .filter(|c| c.as_str().eq_ignore_ascii_case(&insee))
        .ok_or(ApiError::NotFound)?;
    let record = ctx
        .state
        .store
        .commune(ctx.territory_id(), &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    let council = ctx
        .state
        .store
        .municipal_council(record.id)
        .await?
        .iter()
        .map(|m| CouncilSeat {
            person_id: m.person_id,
            name: m.display_name.clone(),
            function: m.function.code().to_owned(),
            function_label: function_name(ctx.locale, m),
        })
        .collect();
    Ok(ok(&CommuneDetail {
        commune: commune(&ctx, record),
        council,
    }))
}
