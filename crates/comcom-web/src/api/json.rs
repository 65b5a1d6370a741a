//! JSON in and out without trusting the input: bodies are read up to a limit
//! and parsed into a JSON object by hand, so that every mistake becomes a
//! 400 or a 422 with its field, never a framework error page.

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::error::ApiError;

/// Largest body read: an article's text (50 000 characters, up to four bytes
/// each) with room for the other fields.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A JSON answer; never cached, since it may depend on the token.
pub fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = (status, Body::from(bytes)).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => ApiError::Internal(format!("JSON encoding: {e}")).into_response(),
    }
}

/// 200 with a JSON body.
pub fn ok<T: Serialize>(value: &T) -> Response {
    json_response(StatusCode::OK, value)
}

/// Times in answers: RFC 3339 in UTC, to the second (`2026-05-01T08:00:00Z`).
pub fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The fields of a JSON object sent as the body.
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| ApiError::PayloadTooLarge)?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonObject(map)),
            _ => Err(ApiError::MalformedJson),
        }
    }
}

/// The first value of each parameter of a query string (a repeated
/// parameter cannot override the first).
pub fn query_params(query: Option<&str>) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = Vec::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if !params.iter().any(|(name, _)| *name == k) {
            params.push((k.into_owned(), v.into_owned()));
        }
    }
    params
}

/// The value of a query parameter.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_utc_to_the_second() {
        let at = DateTime::parse_from_rfc3339("2026-05-01T10:00:00.123+02:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(time(at), "2026-05-01T08:00:00Z");
    }

    #[test]
    fn the_first_value_of_a_repeated_parameter_wins() {
        let params = query_params(Some("page=2&space=eau&page=3&x"));
        assert_eq!(param(&params, "page"), Some("2"));
        assert_eq!(param(&params, "space"), Some("eau"));
        assert_eq!(param(&params, "x"), Some(""));
        assert_eq!(param(&params, "y"), None);
        assert!(query_params(None).is_empty());
    }
}
