//! Error pages that help: in the visitor's language, with a way back and the
//! request id to quote.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use comcom_i18n::{Arg, Locale};

use crate::chrome::Chrome;
use crate::error::ErrorPage;
use crate::{AppState, WebError};

/// Fallback for every unknown path.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    chrome: Chrome,
    heading: String,
    lead: String,
    help: Option<String>,
    communes: Vec<(String, String)>,
}

/// Renders the page for `kind`; `host` picks the territory when the database answers.
pub async fn render(
    state: &AppState,
    kind: ErrorPage,
    locale: Locale,
    host: Option<&str>,
    path: &str,
    request_id: &str,
) -> Response {
    let site = match kind {
        ErrorPage::NoTerritory | ErrorPage::Unavailable => None,
        _ => crate::site::resolve(host, state).await.ok(),
    };
    let communes = match (&site, kind) {
        (Some(site), ErrorPage::NotFound) => state
            .store
            .communes(site.territory.id)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.insee_code.to_string(), c.name))
            .collect(),
        _ => Vec::new(),
    };
    if kind == ErrorPage::LoginRequired {
        let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
        return axum::response::Redirect::to(&format!("/connexion?retour={back}")).into_response();
    }
    let (status, title_key, lead, help) = match kind {
        ErrorPage::LoginRequired | ErrorPage::Forbidden => (
            StatusCode::FORBIDDEN,
            "error-403-title",
            locale.t("error-403-lead"),
            None,
        ),
        ErrorPage::CsrfRejected => (
            StatusCode::FORBIDDEN,
            "error-csrf-title",
            locale.t("error-csrf-lead"),
            None,
        ),
        ErrorPage::PayloadTooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "error-413-title",
            locale.t("error-413-lead"),
            None,
        ),
        ErrorPage::BadRequest => (
            StatusCode::BAD_REQUEST,
            "error-400-title",
            locale.t("error-400-lead"),
            None,
        ),
        ErrorPage::MethodNotAllowed => (
            StatusCode::METHOD_NOT_ALLOWED,
            "error-405-title",
            locale.t("error-405-lead"),
            None,
        ),
        ErrorPage::NotFound => (
            StatusCode::NOT_FOUND,
            "error-404-title",
            locale.t_args("error-404-lead", &[("path", Arg::from(shorten(path)))]),
            Some(locale.t("error-404-help")),
        ),
        ErrorPage::Internal => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "error-500-title",
            locale.t("error-500-lead"),
            None,
        ),
        ErrorPage::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "error-503-title",
            locale.t("error-503-lead"),
            None,
        ),
        ErrorPage::NoTerritory => (
            StatusCode::SERVICE_UNAVAILABLE,
            "error-no-territory-title",
            locale.t("error-no-territory-lead"),
            None,
        ),
    };
    let heading = locale.t(title_key);
    let site_name = site
        .as_ref()
        .map(|s| s.territory.name.as_str())
        .unwrap_or("comcom");
    let mut chrome = Chrome::new(locale, &heading, site_name, path);
    chrome.request_id = Some(request_id.to_owned());
    let page = ErrorTemplate {
        chrome,
        heading,
        lead,
        help,
        communes,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page could not be rendered");
            (status, format!("{status}\n{request_id}\n")).into_response()
        }
    }
}

/// Long paths are cut so that the page stays readable.
fn shorten(path: &str) -> String {
    const MAX: usize = 80;
    if path.chars().count() <= MAX {
        path.to_owned()
    } else {
        let cut: String = path.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
