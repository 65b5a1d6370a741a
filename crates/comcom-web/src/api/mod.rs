//! The JSON API under `/api/v1`: one module per resource, personal access
//! tokens sent as `Authorization: Bearer …`, errors as JSON with a stable
//! code, and an OpenAPI 3.1 document generated from the handlers themselves
//! (each route is registered from the attribute that documents it).
//!
//! Without a token, the territory, its communes and the live news of public
//! spaces can be read; everything else answers 401. Every permission is asked
//! of `comcom_core::permissions::decide`, as on the web pages.

mod articles;
mod communes;
pub mod context;
pub mod error;
mod json;
mod letters;
mod people;
mod search;
mod spaces;
mod territory;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use context::api_locale;
use error::{ApiError, Unrendered};

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "comcom API",
        description = "Read the territory, its communes, spaces, the public directory and news; \
                       write and publish news; write, target, test and send the letter to elected officials. Authenticate with a personal access token \
                       (`Authorization: Bearer ccm_…`), made in the profile or with \
                       `comcom token create`. Errors are JSON objects with a stable `code` and a \
                       `message` in the language of `Accept-Language` (French by default)."
    ),
    modifiers(&BearerToken),
    tags(
        (name = "territory", description = "The territory (EPCI) and its member communes"),
        (name = "spaces", description = "Workspaces the token's owner may see"),
        (name = "people", description = "The public directory"),
        (name = "articles", description = "News of the spaces"),
        (name = "search", description = "Full-text search over what the caller may see"),
        (name = "letters", description = "The letter to elected officials: write, target, test, send"),
    )
)]
struct ApiDoc;

/// Declares the bearer token as the API's way to authenticate.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ccm_ followed by 64 hexadecimal digits")
                    .description(Some("A personal access token, read or write"))
                    .build(),
            ),
        );
    }
}

/// The API's routes with their documentation.
fn resources() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(territory::get_territory))
        .routes(routes!(communes::list_communes))
        .routes(routes!(communes::get_commune))
        .routes(routes!(spaces::list_spaces))
        .routes(routes!(spaces::get_space))
        .routes(routes!(people::get_person))
        .routes(routes!(articles::list_articles))
        .routes(routes!(articles::get_article, articles::update_article))
        .routes(routes!(articles::create_article))
        .routes(routes!(articles::publish_article))
        .routes(routes!(search::search))
        .routes(routes!(letters::list_letters, letters::create_letter))
        .routes(routes!(letters::get_letter, letters::update_letter))
        .routes(routes!(letters::letter_recipients))
        .routes(routes!(letters::test_letter))
        .routes(routes!(letters::send_letter))
        .routes(routes!(letters::pause_letter))
        .routes(routes!(letters::resume_letter))
        .routes(routes!(letters::cancel_letter))
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(PREFIX, resources())
        .split_for_parts();
    doc
}

/// The API, to merge into the application: its routes, its document at
/// `/api/v1/openapi.json`, a JSON 404 for unknown paths under it, and error
/// bodies written in the caller's language.
pub fn router() -> Router<AppState> {
    let (routes, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(PREFIX, resources().fallback(not_found))
        .split_for_parts();
    let document: Arc<Vec<u8>> = Arc::new(doc.to_json().unwrap_or_default().into_bytes());
    routes
        .route(
            &format!("{PREFIX}/openapi.json"),
            get(move || serve_document(document.clone())),
        )
        .layer(axum::middleware::from_fn(render_errors))
}

async fn serve_document(document: Arc<Vec<u8>>) -> Response {
    let mut response = (StatusCode::OK, Body::from(document.as_ref().clone())).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// Writes the body of error answers in the caller's language, including the
/// router's own bare "method not allowed".
async fn render_errors(request: Request, next: Next) -> Response {
    let locale = api_locale(request.headers());
    let mut response = next.run(request).await;
    if let Some(Unrendered(error)) = response.extensions_mut().remove::<Unrendered>() {
        return error.render(locale);
    }
    if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        let allow = response.headers().get(header::ALLOW).cloned();
        let mut rendered = ApiError::MethodNotAllowed.render(locale);
        if let Some(allow) = allow {
            rendered.headers_mut().insert(header::ALLOW, allow);
        }
        return rendered;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_1_and_lists_every_path_once_under_the_prefix() {
        let doc: serde_json::Value = serde_json::from_str(&openapi().to_json().unwrap()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        for path in &paths {
            assert!(path.starts_with("/api/v1/"), "{path}");
        }
        for expected in [
            "/api/v1/territory",
            "/api/v1/communes",
            "/api/v1/communes/{insee}",
            "/api/v1/spaces",
            "/api/v1/spaces/{slug}",
            "/api/v1/spaces/{slug}/articles",
            "/api/v1/people/{id}",
            "/api/v1/articles",
            "/api/v1/articles/{id}",
            "/api/v1/articles/{id}/publish",
            "/api/v1/letters",
            "/api/v1/letters/{id}",
            "/api/v1/letters/{id}/recipients",
            "/api/v1/letters/{id}/test",
            "/api/v1/letters/{id}/send",
            "/api/v1/letters/{id}/pause",
            "/api/v1/letters/{id}/resume",
            "/api/v1/letters/{id}/cancel",
        ] {
            assert!(
                paths.iter().any(|p| *p == expected),
                "{expected} is documented"
            );
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
    }

    #[test]
    fn every_operation_has_a_unique_id_and_documents_its_errors() {
        let doc: serde_json::Value = serde_json::from_str(&openapi().to_json().unwrap()).unwrap();
        let mut ids = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let id = operation["operationId"].as_str().unwrap().to_owned();
                assert!(!ids.contains(&id), "{id} is used twice");
                ids.push(id);
                let responses = operation["responses"].as_object().unwrap();
                assert!(
                    responses.contains_key("401"),
                    "{method} {path} documents 401"
                );
                if path.contains('{') {
                    assert!(
                        responses.contains_key("404"),
                        "{method} {path} documents 404"
                    );
                }
            }
        }
    }
}
