//! The language switch: remembers the choice in a cookie and goes back to the page.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use comcom_i18n::Locale;
use serde::Deserialize;

use crate::locale::LANG_COOKIE;
use crate::pages::is_local_path;
use crate::{AppState, WebError};

#[derive(Deserialize)]
pub struct Back {
    retour: Option<String>,
}

/// `GET /langue/{code}?retour=/path`
pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, WebError> {
    let locale = match code.as_str() {
        "fr" => Locale::Fr,
        "en" => Locale::En,
        _ => return Err(WebError::NotFound),
    };
    let target = back
        .retour
        .filter(|p| is_local_path(p))
        .unwrap_or_else(|| "/".to_owned());
    let secure = if state.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.code()
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, header_value(&cookie)?);
    headers.insert(header::LOCATION, header_value(&target)?);
    Ok(response)
}

fn header_value(text: &str) -> Result<HeaderValue, WebError> {
    HeaderValue::from_str(text).map_err(|e| WebError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/communes/38548"));
        assert!(is_local_path("/?a=b"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }
}
