//! `GET /api/v1/territory`: the territory served at this address.

use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody};
use super::json::ok;

/// An intercommunality (EPCI) served by this instance.
#[derive(Serialize, ToSchema)]
pub struct Territory {
    /// Its SIREN number.
    #[schema(example = "243801024")]
    pub siren: String,
    #[schema(example = "CC du Massif du Vercors")]
    pub name: String,
    /// Its legal kind, as the official data spells it: CC, CA, CU, METRO or MET69.
    #[schema(example = "CC")]
    pub kind: String,
    /// Department code.
    #[schema(example = "38")]
    pub department: String,
    /// The time zone its people live in.
    #[schema(example = "Europe/Paris")]
    pub time_zone: String,
    pub population_municipale: i64,
    pub population_totale: i64,
    /// How many member communes it has.
    pub communes: i64,
    /// Address of its public portal.
    pub url: String,
}

/// The territory
///
/// The territory this address serves. No token needed.
#[utoipa::path(
    get,
    path = "/territory",
    tag = "territory",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The territory", body = Territory),
        (status = 401, description = "The token sent is not valid or was revoked", body = ErrorBody),
    )
)]
pub async fn get_territory(ctx: ApiCtx) -> Result<Response, ApiError> {
    let t = &ctx.site.territory;
    let communes = ctx.state.store.communes(t.id).await?.len() as i64;
    Ok(ok(&Territory {
        siren: t.siren.to_string(),
        name: t.name.clone(),
        kind: t.kind.code().to_owned(),
        department: t.department.clone(),
        time_zone: t.time_zone.clone(),
        population_municipale: t.population_municipale,
        population_totale: t.population_totale,
        communes,
        url: ctx.site.absolute("/"),
    }))
}
