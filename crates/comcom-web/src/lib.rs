//! comcom's web interface: server-rendered pages that work without
//! JavaScript, in French and English, behind one set of middleware that adds
//! a request id, security headers and helpful error pages.

mod chrome;
mod error;
mod locale;
mod middleware;
mod pages;
mod site;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use comcom_store::Store;

pub use error::WebError;

/// Settings the web interface needs, read once at start.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Public base URL of the instance's first territory (`COMCOM_PUBLIC_URL`),
    /// without a trailing slash. Links are built from it, never from `Host`.
    pub public_url: url::Url,
    /// Who hosts the service, shown in the legal notice (`COMCOM_HOSTING`).
    pub hosting: Option<String>,
}

impl WebConfig {
    /// Whether cookies must be marked `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
}

/// The whole web application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::show))
        .route("/communes/{insee}", get(pages::commune::show))
        .route("/mentions-legales", get(pages::legal::notice))
        .route("/donnees-personnelles", get(pages::legal::privacy))
        .route("/accessibilite", get(pages::legal::accessibility))
        .route("/langue/{code}", get(pages::language::switch))
        .route("/healthz", get(pages::health::check))
        .route("/static/comcom.css", get(pages::assets::stylesheet))
        .route("/static/favicon.svg", get(pages::assets::favicon))
        .route("/favicon.ico", get(pages::assets::favicon))
        .fallback(pages::errors::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::error_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn(middleware::request_id))
        .with_state(state)
}
