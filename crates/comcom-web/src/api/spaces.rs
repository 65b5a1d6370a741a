//! `GET /api/v1/spaces` and `GET /api/v1/spaces/{slug}`: the workspaces the
//! token's owner may see, as the permission core decides.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::response::Response;
use comcom_core::permissions::{Action, SpaceFact};
use comcom_store::CommuneRecord;
use comcom_store::spaces::SpaceRecord;
use serde::Serialize;
use utoipa::ToSchema;

use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody};
use super::json::ok;

/// A workspace.
#[derive(Serialize, ToSchema)]
pub struct Space {
    /// Its identifier in URLs, unique in the territory.
    #[schema(example = "commission-eau-et-assainissement")]
    pub slug: String,
    #[schema(example = "Commission eau et assainissement")]
    pub name: String,
    /// territory, commune, commission, working_group, mayors_conference or development_council.
    #[schema(example = "commission")]
    pub kind: String,
    /// public, territory (the territory's elected officials and staff) or restricted (members).
    #[schema(example = "public")]
    pub visibility: String,
    pub description: String,
    /// INSEE code of the commune, for a commune's space.
    pub commune: Option<String>,
    /// The token owner's role in it (facilitator, member, reader), if a member.
    pub role: Option<String>,
    /// Whether the token's owner may write its news.
    pub can_write: bool,
    /// Its page on the portal.
    pub url: String,
}

fn space(
    ctx: &ApiCtx,
    record: &SpaceRecord,
    fact: &SpaceFact,
    communes: &[CommuneRecord],
) -> Space {
    Space {
        slug: record.slug.clone(),
        name: record.name.clone(),
        kind: record.kind.code().to_owned(),
        visibility: record.visibility.code().to_owned(),
        description: record.description.clone(),
        commune: record
            .commune_id
            .and_then(|id| communes.iter().find(|c| c.id == id))
            .map(|c| c.insee_code.to_string()),
        role: fact.membership.map(|r| r.code().to_owned()),
        can_write: ctx.decide(Action::WriteArticle(*fact)).is_allowed(),
        url: ctx.site.absolute(&format!("/espaces/{}", record.slug)),
    }
}

/// The spaces
///
/// Every space of the territory the token's owner may see, by name.
#[utoipa::path(
    get,
    path = "/spaces",
    tag = "spaces",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The spaces", body = Vec<Space>),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
    )
)]
pub async fn list_spaces(ctx: ApiCtx) -> Result<Response, ApiError> {
    let person_id = ctx.require_token()?.person_id;
    let store = &ctx.state.store;
    let memberships = store.memberships_of(person_id).await?;
    let communes = store.communes(ctx.territory_id()).await?;
    let mut list = Vec::new();
    for record in store.spaces(ctx.territory_id()).await? {
        let fact = SpaceFact {
            territory_id: record.territory_id,
            commune_id: record.commune_id,
            kind: record.kind,
            visibility: record.visibility,
            membership: memberships
                .iter()
                .find(|(id, _)| *id == record.id)
                .map(|(_, role)| *role),
        };
        if ctx.decide(Action::ViewSpace(fact)).is_allowed() {
            list.push(space(&ctx, &record, &fact, &communes));
        }
    }
    Ok(ok(&list))
}

/// A space
///
/// One space, if the token's owner may see it; a space they may not see is
/// answered 404, like a missing one.
#[utoipa::path(
    get,
    path = "/spaces/{slug}",
    tag = "spaces",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The space's identifier")),
    responses(
        (status = 200, description = "The space", body = Space),
        (status = 401, description = "No token, or one not valid or revoked", body = ErrorBody),
        (status = 404, description = "No such space, or one the token's owner may not see", body = ErrorBody),
    )
)]
pub async fn get_space(
    ctx: ApiCtx,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    ctx.require_token()?;
    let Ok(Path(slug)) = slug else {
        return Err(ApiError::NotFound);
    };
    let (record, fact) = ctx.visible_space(&slug).await?;
    let communes = ctx.state.store.communes(ctx.territory_id()).await?;
    Ok(ok(&space(&ctx, &record, &fact, &communes)))
}
