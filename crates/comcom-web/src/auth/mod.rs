//! Who is asking: the signed-in person (from the session cookie) with the
//! facts the permission core needs; passwords; CSRF protection.

pub mod csrf;
pub mod password;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use comcom_core::permissions::{Action, Actor, Decision, decide};
use comcom_store::accounts::Account;

use crate::{AppState, WebError};

/// The session cookie; its value is a random secret whose hash is the session id.
pub const SESSION_COOKIE: &str = "comcom_session";

/// How long a session lasts without a new login.
pub const SESSION_DAYS: i64 = 30;

/// The person viewing a page, or a visitor.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub account: Option<Account>,
    pub actor: Actor,
    /// The session cookie's secret, to end this session at logout.
    pub session: Option<String>,
}

impl Viewer {
    /// Asks the permission core.
    pub fn decide(&self, action: Action) -> Decision {
        decide(&self.actor, action)
    }

    /// `Ok` when allowed; else the error that shows a login page or a refusal.
    pub fn require(&self, action: Action) -> Result<(), WebError> {
        match self.decide(action) {
            Decision::Allow => Ok(()),
            Decision::LoginRequired => Err(WebError::LoginRequired),
            Decision::Forbidden => Err(WebError::Forbidden),
        }
    }

    pub fn person_id(&self) -> Option<i64> {
        self.account.as_ref().map(|a| a.person_id)
    }

    pub fn is_admin_of(&self, territory_id: i64) -> bool {
        self.actor.is_admin_of(territory_id)
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if let Some(viewer) = parts.extensions.get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let viewer = load(parts, state).await?;
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

async fn load(parts: &Parts, state: &AppState) -> Result<Viewer, WebError> {
    let Some(secret) = crate::cookies::get(&parts.headers, SESSION_COOKIE) else {
        return Ok(Viewer::default());
    };
    if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Viewer::default());
    }
    let Some(person_id) = state.store.session_person(&secret).await? else {
        return Ok(Viewer::default());
    };
    let Some(account) = state.store.account(person_id).await? else {
        return Ok(Viewer::default());
    };
    let actor = Actor {
        person_id: Some(person_id),
        mandates: state.store.mandate_facts(person_id).await?,
        admin_of: state.store.admin_grants(person_id).await?,
        agent_of: state.store.agent_communes(person_id).await?,
    };
    Ok(Viewer {
        account: Some(account),
        actor,
        session: Some(secret),
    })
}

/// The client's IP address (for rate limits), from the connection.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(ClientIp(ip))
    }
}
