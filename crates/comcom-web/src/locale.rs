//! The visitor's language: the cookie set by the language switch, else the
//! browser's `Accept-Language`, else French.

use axum::http::{HeaderMap, header};
use comcom_i18n::Locale;

/// Name of the only cookie a visitor gets.
pub const LANG_COOKIE: &str = "comcom_lang";

/// The locale a request asks for.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    if let Some(locale) =
        crate::cookies::get(headers, LANG_COOKIE).and_then(|v| Locale::from_tag(&v))
    {
        return locale;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_accept_language)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_cookie_wins_over_the_browser_language() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("fr-FR"));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; comcom_lang=en"),
        );
        assert_eq!(locale_of(&h), Locale::En);
    }

    #[test]
    fn without_a_cookie_the_browser_decides_and_french_is_the_default() {
        let mut h = HeaderMap::new();
        assert_eq!(locale_of(&h), Locale::Fr);
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-US,en;q=0.8"),
        );
        assert_eq!(locale_of(&h), Locale::En);
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("comcom_lang=klingon"),
        );
        assert_eq!(locale_of(&h), Locale::En);
    }
}
