//! The API's errors: a status, a stable code for programs and a message in
//! the caller's language for people. Causes of server errors are logged once,
//! here, and never sent.

use std::collections::BTreeMap;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use comcom_i18n::Locale;
use serde::Serialize;
use utoipa::ToSchema;

use crate::WebError;

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "invalid_fields", "message": "Certains champs ne sont pas valides.", "fields": {"title": "Indiquez un titre."}}))]
pub struct ErrorBody {
    /// A stable identifier of the error, in snake_case, for programs.
    pub code: &'static str,
    /// What went wrong, in the language of `Accept-Language` (French by default).
    pub message: String,
    /// For `invalid_fields` (422): one message per field that must change.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// Messages for each field of a request, gathered before answering.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    /// Keeps the first message given for a field.
    pub fn add(&mut self, field: &str, message: String) {
        self.0.entry(field.to_owned()).or_insert(message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when no field is wrong, else the 422 answer.
    pub fn check(self) -> Result<(), ApiError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::InvalidFields(self))
        }
    }
}

/// What an API handler can fail with; each variant says its status.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// 401: no token, and the operation needs one.
    TokenMissing,
    /// 401: a token was sent that is not one, or was revoked.
    TokenInvalid,
    /// 403: a read token used to write.
    ScopeInsufficient,
    /// 403: the token's owner may not do this.
    Forbidden,
    /// 404: no such thing, or one the caller may not see.
    NotFound,
    /// 405: the path exists, not with this method.
    MethodNotAllowed,
    /// 409: the article is already published and live.
    AlreadyPublished,
    /// 409: the letter is not in a state that allows this (sent, sending…).
    LetterState,
    /// 400: the body is not a JSON object.
    MalformedJson,
    /// 413: the body is over the limit.
    PayloadTooLarge,
    /// 422: the request is well-formed but some fields are wrong.
    InvalidFields(FieldErrors),
    /// 503: the instance serves no territory yet.
    NoTerritory,
    /// 503: the database does not answer; the cause is logged.
    Unavailable(String),
    /// 500: anything else; the cause is logged.
    Internal(String),
}

impl ApiError {
    /// A 422 about one field.
    pub fn field(field: &str, message: String) -> ApiError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        ApiError::InvalidFields(errors)
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::TokenMissing | ApiError::TokenInvalid => StatusCode::UNAUTHORIZED,
            ApiError::ScopeInsufficient | ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::AlreadyPublished | ApiError::LetterState => StatusCode::CONFLICT,
            ApiError::MalformedJson => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NoTerritory | ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code and the key of its message.
    fn code(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::TokenMissing => ("token_missing", "api-error-token-missing"),
            ApiError::TokenInvalid => ("token_invalid", "api-error-token-invalid"),
            ApiError::ScopeInsufficient => ("scope_insufficient", "api-error-scope"),
            ApiError::Forbidden => ("forbidden", "api-error-forbidden"),
            ApiError::NotFound => ("not_found", "api-error-not-found"),
            ApiError::MethodNotAllowed => ("method_not_allowed", "api-error-method"),
            ApiError::AlreadyPublished => ("already_published", "api-error-already-published"),
            ApiError::LetterState => ("letter_state", "api-error-letter-state"),
            ApiError::MalformedJson => ("malformed_json", "api-error-malformed-json"),
            ApiError::PayloadTooLarge => ("payload_too_large", "api-error-too-large"),
            ApiError::InvalidFields(_) => ("invalid_fields", "api-error-invalid-fields"),
            ApiError::NoTerritory => ("no_territory", "api-error-no-territory"),
            ApiError::Unavailable(_) => ("unavailable", "api-error-unavailable"),
            ApiError::Internal(_) => ("internal_error", "api-error-internal"),
        }
    }

    /// The answer, in `locale`.
    pub fn render(self, locale: Locale) -> Response {
        let status = self.status();
        let (code, key) = self.code();
        let body = ErrorBody {
            code,
            message: locale.t(key),
            fields: match self {
                ApiError::InvalidFields(fields) => fields.0,
                _ => BTreeMap::new(),
            },
        };
        let mut response = super::json::json_response(status, &body);
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"comcom\""),
            );
        }
        response
    }
}

/// An error waiting for the API's middleware, which knows the caller's
/// language, to write its body.
#[derive(Debug, Clone)]
pub struct Unrendered(pub ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            ApiError::Internal(cause) => tracing::error!(%cause, "API request failed"),
            _ => {}
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Unrendered(self));
        response
    }
}

impl From<comcom_store::StoreError> for ApiError {
    fn from(e: comcom_store::StoreError) -> Self {
        WebError::from(e).into()
    }
}

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        match e {
            WebError::NotFound => ApiError::NotFound,
            WebError::NoTerritory => ApiError::NoTerritory,
            WebError::Unavailable(cause) => ApiError::Unavailable(cause),
            WebError::PayloadTooLarge => ApiError::PayloadTooLarge,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// The answer to a request under `/api/` that needs a token and has none,
/// for the middleware that stops such requests before any handler.
pub fn token_missing(locale: Locale) -> Response {
    ApiError::TokenMissing.render(locale)
}
