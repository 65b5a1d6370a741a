//! Who is calling the API: the owner of the bearer token, with the facts the
//! permission core needs, or an anonymous caller. Cookies are never read
//! here: a browser session cannot act through the API.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use comcom_core::permissions::{Action, Actor, Decision, SpaceFact, decide};
use comcom_i18n::Locale;
use comcom_store::spaces::SpaceRecord;
use comcom_store::tokens::{ApiTokenRecord, TokenScope};

use super::error::ApiError;
use crate::AppState;
use crate::site::Site;

/// The language of API messages: `Accept-Language`, else French. The
/// language cookie of the web pages is ignored, like every cookie here.
pub fn api_locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_accept_language)
        .unwrap_or_default()
}

/// The token of an `Authorization: Bearer …` header; `Ok(None)` without
/// the header, an error for any other kind of credentials.
fn bearer(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ApiError::TokenInvalid)?;
    match text.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(Some(token.trim())),
        _ => Err(ApiError::TokenInvalid),
    }
}

/// Whether a request carries a bearer token (the CSRF check leaves those alone).
pub fn has_bearer(headers: &HeaderMap) -> bool {
    matches!(bearer(headers), Ok(Some(_)))
}

/// What every API handler starts from.
pub struct ApiCtx {
    pub state: AppState,
    /// The language of messages and labels in answers.
    pub locale: Locale,
    pub site: Site,
    /// The token used, if any; it was found and is not revoked.
    pub token: Option<ApiTokenRecord>,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let site = Site::from_request_parts(parts, state).await?;
        let locale = api_locale(&parts.headers);
        let Some(secret) = bearer(&parts.headers)? else {
            return Ok(ApiCtx {
                state: state.clone(),
                locale,
                site,
                token: None,
                actor: Actor::default(),
            });
        };
        let token = state
            .store
            .api_token_by_secret(secret)
            .await?
            .ok_or(ApiError::TokenInvalid)?;
        state.store.touch_api_token(&token).await?;
        let person_id = token.person_id;
        let actor = Actor {
            person_id: Some(person_id),
            mandates: state.store.mandate_facts(person_id).await?,
            admin_of: state.store.admin_grants(person_id).await?,
            agent_of: state.store.agent_communes(person_id).await?,
        };
        tracing::debug!(
            token.id = token.id,
            person.id = person_id,
            "API token accepted"
        );
        Ok(ApiCtx {
            state: state.clone(),
            locale,
            site,
            token: Some(token),
            actor,
        })
    }
}

impl ApiCtx {
    pub fn territory_id(&self) -> i64 {
        self.site.territory.id
    }

    /// The token's owner, or 401 for an anonymous call.
    pub fn require_token(&self) -> Result<&ApiTokenRecord, ApiError> {
        self.token.as_ref().ok_or(ApiError::TokenMissing)
    }

    /// A token that may write, else 401 or 403.
    pub fn require_write(&self) -> Result<&ApiTokenRecord, ApiError> {
        let token = self.require_token()?;
        match token.scope {
            TokenScope::Write => Ok(token),
            TokenScope::Read => Err(ApiError::ScopeInsufficient),
        }
    }

    /// Asks the permission core.
    pub fn decide(&self, action: Action) -> Decision {
        decide(&self.actor, action)
    }

    /// `Ok` when the permission core allows `action`; 401 when a token might help.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        match self.decide(action) {
            Decision::Allow => Ok(()),
            Decision::LoginRequired => Err(ApiError::TokenMissing),
            Decision::Forbidden => Err(ApiError::Forbidden),
        }
    }

    /// The facts the permission core needs about a space, for the caller.
    pub async fn space_fact(&self, space: &SpaceRecord) -> Result<SpaceFact, ApiError> {
        let membership = match self.actor.person_id {
            Some(person_id) => self.state.store.membership(space.id, person_id).await?,
            None => None,
        };
        Ok(SpaceFact {
            territory_id: space.territory_id,
            commune_id: space.commune_id,
            kind: space.kind,
            visibility: space.visibility,
            membership,
        })
    }

    /// The space at `slug` if the caller may see it; one they may not see is
    /// answered like a missing one, so that its existence does not leak to
    /// token holders (an anonymous caller is told a token is needed, as the
    /// web pages ask a visitor to sign in).
    pub async fn visible_space(&self, slug: &str) -> Result<(SpaceRecord, SpaceFact), ApiError> {
        let space = self
            .state
            .store
            .space_by_slug(self.territory_id(), slug)
            .await?
            .ok_or(ApiError::NotFound)?;
        let fact = self.space_fact(&space).await?;
        match self.require(Action::ViewSpace(fact)) {
            Ok(()) => Ok((space, fact)),
            Err(ApiError::TokenMissing) => Err(ApiError::TokenMissing),
            Err(_) => Err(ApiError::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(authorization: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static(authorization),
        );
        h
    }

    #[test]
    fn only_bearer_credentials_are_read() {
        assert_eq!(bearer(&HeaderMap::new()).unwrap(), None);
        assert_eq!(bearer(&headers("Bearer ccm_abc")).unwrap(), Some("ccm_abc"));
        assert_eq!(
            bearer(&headers("bearer  ccm_abc ")).unwrap(),
            Some("ccm_abc")
        );
        assert!(bearer(&headers("Basic dXNlcjpwYXNz")).is_err());
        assert!(bearer(&headers("ccm_abc")).is_err());
        assert!(has_bearer(&headers("Bearer x")));
        assert!(!has_bearer(&headers("Basic x")));
    }
}
