//! Middleware around every route: a request id and its tracing span, security
//! headers, and the rendering of error pages.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::AppState;
use crate::error::ErrorPage;
use crate::locale::locale_of;

/// Paths whose last part is a secret: one-time links (login, reset,
/// invitation) and calendar feed addresses.
const SECRET_PATHS: [&str; 5] = [
    "/connexion/jeton/",
    "/invitation/",
    "/invitations/",
    "/mot-de-passe/",
    "/agenda/",
];

/// The path with any one-time secret hidden, fit for logs and for links
/// back to the page; `None` when nothing needed hiding.
pub fn redact_path(path: &str) -> Option<String> {
    SECRET_PATHS
        .iter()
        .find(|prefix| path.len() > prefix.len() && path.starts_with(*prefix))
        .map(|prefix| format!("{prefix}…"))
}

/// The id of one request, shown on error pages and sent as `X-Request-Id`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Gives each request a fresh id (a client cannot choose it) and a span that
/// carries it on every log line; logs the outcome once.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %redact_path(request.uri().path()).unwrap_or_else(|| request.uri().path().to_owned()),
    );
    async move {
        let started = Instant::now();
        let mut response = next.run(request).await;
        let status = response.status().as_u16();
        let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        if status >= 500 {
            tracing::warn!(status, elapsed_ms, "request finished");
        } else {
            tracing::info!(status, elapsed_ms, "request finished");
        }
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert(X_REQUEST_ID.clone(), value);
        }
        response
    }
    .instrument(span)
    .await
}

/// The policy every response carries: no inline script, no framing by other
/// sites, no content sniffing, no full referrer to other sites.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The policy of the embeddable zone (`/embed/…`): the same, except that
/// any site may frame it.
const EMBED_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *";

/// Whether a path is one of the embeddable pages, which other sites may frame.
fn is_embeddable(path: &str) -> bool {
    path.starts_with("/embed/")
}

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let embeddable = is_embeddable(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if embeddable {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(EMBED_CSP),
        );
    } else {
        // A file download sets a stricter policy of its own (a sandbox), and
        // a preview may be framed by our own pages: those are kept.
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            );
        }
        if !headers.contains_key(header::X_FRAME_OPTIONS) {
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
    }
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if state.config.is_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // Pages vary with the language cookie and Accept-Language (a zone's
    // language is in its URL).
    if !embeddable
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
    {
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    response
}

/// Replaces the body of an error response with the page for it.
pub async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let locale = locale_of(request.headers());
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let path = redact_path(request.uri().path()).unwrap_or_else(|| request.uri().path().to_owned());
    let id = request
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();

    let response = next.run(request).await;
    let kind = match response.extensions().get::<ErrorPage>().copied() {
        Some(kind) => kind,
        // The router's own refusals come with an empty body.
        None if is_bare(&response, StatusCode::METHOD_NOT_ALLOWED) => ErrorPage::MethodNotAllowed,
        None if is_bare(&response, StatusCode::BAD_REQUEST) => ErrorPage::BadRequest,
        None => return response,
    };
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut page =
        crate::pages::errors::render(&state, kind, locale, host.as_deref(), &path, &id).await;
    if let Some(allow) = allow {
        page.headers_mut().insert(header::ALLOW, allow);
    }
    page
}

fn is_bare(response: &Response, status: StatusCode) -> bool {
    response.status() == status && !response.headers().contains_key(header::CONTENT_TYPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_secrets_never_reach_the_logs() {
        assert_eq!(
            redact_path("/connexion/jeton/abc").as_deref(),
            Some("/connexion/jeton/…")
        );
        assert_eq!(
            redact_path("/invitation/abc").as_deref(),
            Some("/invitation/…")
        );
        assert_eq!(
            redact_path("/mot-de-passe/abc").as_deref(),
            Some("/mot-de-passe/…")
        );
        assert_eq!(redact_path("/mot-de-passe"), None);
        assert_eq!(redact_path("/communes/38548"), None);
    }
}
