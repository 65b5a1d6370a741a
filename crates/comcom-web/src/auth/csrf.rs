//! Protection against cross-site request forgery on every form: a random
//! cookie, and in each form a token that is an HMAC of that cookie under the
//! instance's key. Another site can neither read the cookie nor compute the
//! token. Requests whose `Origin` is another site are refused as well.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{AppState, WebError};

pub const CSRF_COOKIE: &str = "comcom_csrf";
/// Name of the hidden field (or query parameter, for file uploads).
pub const FIELD: &str = "csrf";
/// Largest form body read (file uploads have their own limit).
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The request's CSRF seed: the cookie, or a fresh value to set.
#[derive(Debug, Clone)]
pub struct Seed {
    pub value: String,
    pub fresh: bool,
}

/// Marks a response whose page holds a form, so that a fresh seed is set as a cookie.
#[derive(Debug, Clone, Copy)]
pub struct FormShown;

/// The token that forms must carry for `seed`.
pub fn token(key: &[u8], seed: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(seed.as_bytes());
    comcom_store::secrets::hex(&mac.finalize().into_bytes())
}

fn valid(key: &[u8], seed: &str, given: &str) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(seed.as_bytes());
    let Ok(bytes) = decode_hex(given) else {
        return false;
    };
    mac.verify_slice(&bytes).is_ok()
}

fn decode_hex(text: &str) -> Result<Vec<u8>, ()> {
    if !text.len().is_multiple_of(2) {
        return Err(());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2).ok_or(())?, 16).map_err(|_| ()))
        .collect()
}

/// Checks unsafe requests and provides the seed to handlers.
pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let existing = crate::cookies::get(request.headers(), CSRF_COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let seed = match existing {
        Some(value) => Seed {
            value,
            fresh: false,
        },
        None => Seed {
            value: comcom_store::secrets::random_token(),
            fresh: true,
        },
    };

    // The API is used with bearer tokens only, never with cookies, so a
    // forged request carries no authority there; one without a token is
    // told it needs one.
    let api = request.uri().path().starts_with("/api/");
    let bearer = api && crate::api::context::has_bearer(request.headers());
    let one_click = is_one_click_unsubscribe(request.method(), request.uri().path());
    let request = if is_unsafe(request.method()) && !bearer && !one_click {
        let locale = crate::api::context::api_locale(request.headers());
        match check(&state, &seed, request).await {
            Ok(request) => request,
            Err(_) if api => return crate::api::error::token_missing(locale),
            Err(e) => return e.into_response(),
        }
    } else {
        request
    };

    let mut request = request;
    request.extensions_mut().insert(seed.clone());
    let mut response = next.run(request).await;
    if seed.fresh && response.extensions().get::<FormShown>().is_some() {
        let cookie = crate::cookies::set(
            CSRF_COOKIE,
            &seed.value,
            86_400 * 30,
            state.config.is_https(),
        );
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// RFC 8058 one-click unsubscription: mail clients `POST` to the link of a
/// letter's `List-Unsubscribe` header without cookies, so no CSRF token can
/// come with it. This one route is exempt, and only for `POST` to
/// `/desabonnement/` followed by exactly 64 hexadecimal digits: the token in
/// the path is the secret, and the request can do nothing but unsubscribe the
/// address it stands for.
pub fn is_one_click_unsubscribe(method: &Method, path: &str) -> bool {
    *method == Method::POST
        && path
            .strip_prefix("/desabonnement/")
            .is_some_and(crate::pages::letters::valid_token)
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses a foreign `Origin`, then looks for a valid token in the query
/// string or the url-encoded body (which is read and put back).
async fn check(state: &AppState, seed: &Seed, request: Request) -> Result<Request, WebError> {
    if let Some(origin) = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        && origin != "null"
        && !state.config.is_own_origin(origin)
    {
        return Err(WebError::CsrfRejected);
    }
    if seed.fresh {
        return Err(WebError::CsrfRejected);
    }
    let from_query = request.uri().query().and_then(|q| field(q.as_bytes()));
    if let Some(token) = from_query {
        return if valid(&state.csrf_key, &seed.value, &token) {
            Ok(request)
        } else {
            Err(WebError::CsrfRejected)
        };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(WebError::CsrfRejected);
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| WebError::PayloadTooLarge)?;
    match field(&bytes) {
        Some(token) if valid(&state.csrf_key, &seed.value, &token) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(WebError::CsrfRejected),
    }
}

fn field(encoded: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(encoded)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_post_of_an_unsubscribe_token_skips_the_check() {
        let token = "a".repeat(64);
        assert!(is_one_click_unsubscribe(
            &Method::POST,
            &format!("/desabonnement/{token}")
        ));
        assert!(!is_one_click_unsubscribe(
            &Method::PUT,
            &format!("/desabonnement/{token}")
        ));
        assert!(!is_one_click_unsubscribe(
            &Method::POST,
            &format!("/desabonnement/{token}/x")
        ));
        assert!(!is_one_click_unsubscribe(
            &Method::POST,
            "/desabonnement/abc"
        ));
        assert!(!is_one_click_unsubscribe(
            &Method::POST,
            &format!("/lettres/{token}")
        ));
    }

    #[test]
    fn a_token_is_valid_only_for_its_seed_and_key() {
        let t = token(b"key", "seed");
        assert!(valid(b"key", "seed", &t));
        assert!(!valid(b"key", "other", &t));
        assert!(!valid(b"other", "seed", &t));
        assert!(!valid(b"key", "seed", "zz"));
        assert!(!valid(b"key", "seed", ""));
    }
}
