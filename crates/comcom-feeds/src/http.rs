//! Conditional requests (RFC 9110, section 13): the validators a feed is
//! served with and the decision to answer 304 Not Modified.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// A strong entity tag for `body`, quoted as it goes in the `ETag` header:
/// the first 128 bits of its SHA-256, in hexadecimal.
pub fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// `t` as an HTTP date (IMF-fixdate), for `Last-Modified`: "Tue, 12 May 2026 08:30:00 GMT".
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Whether a GET or HEAD request with these headers may be answered 304 Not
/// Modified, for a representation with this `etag` and `last_modified`.
///
/// As RFC 9110 says: when `If-None-Match` is present it alone decides, by weak
/// comparison against each entity tag of its list (`*` matches any current
/// representation); otherwise `If-Modified-Since` is compared with
/// `last_modified` at one-second precision, and ignored when it is not a valid
/// HTTP date (all three formats are accepted).
pub fn is_not_modified(
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
    etag: &str,
    last_modified: DateTime<Utc>,
) -> bool {
    if let Some(if_none_match) = if_none_match {
        return none_match_fails(if_none_match, etag);
    }

    let Some(since) = if_modified_since.and_then(|since| httpdate::parse_http_date(since).ok())
    else {
        return false;
    };
    // HTTP dates have no fractions of a second; neither may the comparison.
    let last_modified = last_modified.timestamp();
    let since = match since.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(duration) => i64::try_from(duration.as_secs()).unwrap_or(i64::MAX),
        Err(_) => return false,
    };
    last_modified <= since
}

/// Whether `If-None-Match` names the current representation, which makes the
/// condition false and the answer 304.
fn none_match_fails(if_none_match: &str, etag: &str) -> bool {
    if if_none_match.trim() == "*" {
        return true;
    }
    let current = opaque_tag(etag);
    entity_tags(if_none_match).any(|tag| opaque_tag(tag) == current)
}

/// The entity tags of an `If-None-Match` list, each with its quotes and any `W/`.
/// A comma may appear inside a tag, so the list is read quote by quote; reading
/// stops at the first thing that is not an entity tag.
fn entity_tags(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = list;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        let start = rest;
        let after_weak = rest.strip_prefix("W/").unwrap_or(rest);
        let inside = after_weak.strip_prefix('"')?;
        let close = inside.find('"')?;
        let tag_len = start.len() - inside.len() + close + 1;
        let (tag, after) = start.split_at(tag_len);
        rest = after;
        Some(tag)
    })
}

/// An entity tag without its weakness indicator: weak comparison compares these.
fn opaque_tag(tag: &str) -> &str {
    let tag = tag.trim();
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn may_12() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 12, 8, 30, 0).unwrap()
    }

    #[test]
    fn an_etag_is_strong_quoted_and_follows_the_body() {
        let tag = etag("<feed/>");
        assert_eq!(tag.len(), 34);
        assert!(tag.starts_with('"') && tag.ends_with('"') && !tag.starts_with("W/"));
        assert_eq!(tag, etag("<feed/>"));
        assert_ne!(tag, etag("<feed />"));
    }

    #[test]
    fn an_http_date_is_an_imf_fixdate() {
        assert_eq!(http_date(may_12()), "Tue, 12 May 2026 08:30:00 GMT");
        let early = Utc.with_ymd_and_hms(2026, 1, 5, 7, 3, 9).unwrap();
        assert_eq!(http_date(early), "Mon, 05 Jan 2026 07:03:09 GMT");
    }

    #[test]
    fn the_same_etag_is_not_modified() {
        let tag = etag("x");
        assert!(is_not_modified(Some(&tag), None, &tag, may_12()));
    }

    #[test]
    fn a_weak_etag_matches_by_weak_comparison() {
        let tag = etag("x");
        assert!(is_not_modified(
            Some(&format!("W/{tag}")),
            None,
            &tag,
            may_12()
        ));
    }

    #[test]
    fn an_etag_anywhere_in_a_list_matches() {
        let tag = etag("x");
        let list = format!("\"old\", W/\"a,b\" ,{tag}");
        assert!(is_not_modified(Some(&list), None, &tag, may_12()));
        assert!(!is_not_modified(
            Some("\"old\", W/\"a,b\""),
            None,
            &tag,
            may_12()
        ));
    }

    #[test]
    fn a_star_matches_any_current_representation() {
        assert!(is_not_modified(Some("*"), None, &etag("x"), may_12()));
    }

    #[test]
    fn another_etag_is_modified_even_when_the_date_says_otherwise() {
        let since = http_date(may_12());
        assert!(!is_not_modified(
            Some("\"old\""),
            Some(&since),
            &etag("x"),
            may_12()
        ));
    }

    #[test]
    fn a_tag_without_quotes_matches_nothing() {
        let tag = etag("x");
        let bare = tag.trim_matches('"');
        assert!(!is_not_modified(Some(bare), None, &tag, may_12()));
    }

    #[test]
    fn if_modified_since_compares_whole_seconds() {
        let since = http_date(may_12());
        let later_in_the_same_second = may_12() + chrono::Duration::milliseconds(700);
        assert!(is_not_modified(
            None,
            Some(&since),
            "\"x\"",
            later_in_the_same_second
        ));
        assert!(is_not_modified(
            None,
            Some(&since),
            "\"x\"",
            may_12() - chrono::Duration::days(1)
        ));
        let a_second_later = may_12() + chrono::Duration::seconds(1);
        assert!(!is_not_modified(
            None,
            Some(&since),
            "\"x\"",
            a_second_later
        ));
    }

    #[test]
    fn if_modified_since_accepts_the_obsolete_date_formats() {
        assert!(is_not_modified(
            None,
            Some("Tuesday, 12-May-26 08:30:00 GMT"),
            "\"x\"",
            may_12()
        ));
        assert!(is_not_modified(
            None,
            Some("Tue May 12 08:30:00 2026"),
            "\"x\"",
            may_12()
        ));
    }

    #[test]
    fn an_invalid_date_is_ignored() {
        assert!(!is_not_modified(None, Some("hier"), "\"x\"", may_12()));
        assert!(!is_not_modified(None, None, "\"x\"", may_12()));
    }
}
