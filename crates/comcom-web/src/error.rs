//! Handler errors: what the visitor sees is decided by the error-page
//! middleware, which knows their language and the request id; the cause is
//! logged once, here.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Which error page the middleware must render in place of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    LoginRequired,
    Forbidden,
    CsrfRejected,
    PayloadTooLarge,
    BadRequest,
    MethodNotAllowed,
    Internal,
    Unavailable,
    NoTerritory,
}

/// An error a handler returns.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The page does not exist (404).
    #[error("not found")]
    NotFound,
    /// Nobody is logged in and the page needs someone (303 to the login page).
    #[error("login required")]
    LoginRequired,
    /// The person may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// A form without a valid CSRF token, or from another site (403).
    #[error("CSRF check failed")]
    CsrfRejected,
    /// A request body over the limit (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// A request that cannot be read at all (400).
    #[error("bad request")]
    BadRequest,
    /// The instance serves no territory yet (503).
    #[error("no territory configured")]
    NoTerritory,
    /// The database does not answer (503).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything the visitor cannot fix (500); the cause is logged.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<comcom_store::StoreError> for WebError {
    fn from(e: comcom_store::StoreError) -> Self {
        use comcom_store::StoreError::Database;
        match e {
            Database(
                sqlx_error @ (sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)),
            ) => WebError::Unavailable(sqlx_error.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            WebError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::NotFound),
            WebError::LoginRequired => (StatusCode::SEE_OTHER, ErrorPage::LoginRequired),
            WebError::Forbidden => (StatusCode::FORBIDDEN, ErrorPage::Forbidden),
            WebError::CsrfRejected => (StatusCode::FORBIDDEN, ErrorPage::CsrfRejected),
            WebError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorPage::PayloadTooLarge)
            }
            WebError::BadRequest => (StatusCode::BAD_REQUEST, ErrorPage::BadRequest),
            WebError::NoTerritory => (StatusCode::SERVICE_UNAVAILABLE, ErrorPage::NoTerritory),
            WebError::Unavailable(cause) => {
                tracing::warn!(%cause, "database unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, ErrorPage::Unavailable)
            }
            WebError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Internal)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}
