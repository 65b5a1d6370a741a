//! HTTP range requests for downloads (RFC 9110 §14): one byte range per
//! request, so that a browser's PDF viewer reads pages as it needs them and
//! an interrupted download resumes. Several ranges in one request are
//! answered with the whole file (the RFC lets a server ignore `Range`), as
//! is a `Range` that is not valid syntax or an `If-Range` that does not
//! name the current ETag.

/// What to send for a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// 200 with the whole file.
    Full,
    /// 206 with the bytes `start..=last`.
    Partial { start: u64, last: u64 },
    /// 416: the range starts past the end of the file.
    Unsatisfiable,
}

/// Decides from the request's `Range` and `If-Range` headers, the file's
/// strong ETag (with its quotes) and its size.
pub fn decide(range: Option<&str>, if_range: Option<&str>, etag: &str, size: u64) -> RangeAnswer {
    let Some(range) = range else {
        return RangeAnswer::Full;
    };
    // If-Range holds an ETag or a date; only the current strong ETag keeps
    // the range (a date, or a weak or older tag, gets the whole file).
    if let Some(validator) = if_range
        && validator.trim() != etag
    {
        return RangeAnswer::Full;
    }
    let Some((unit, set)) = range.trim().split_once('=') else {
        return RangeAnswer::Full;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || set.contains(',') {
        return RangeAnswer::Full;
    }
    let Some((first, last)) = set.trim().split_once('-') else {
        return RangeAnswer::Full;
    };
    let number = |text: &str| -> Option<u64> {
        let text = text.trim();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Larger than any file: as good as the end.
        Some(text.parse().unwrap_or(u64::MAX))
    };
    match (first.trim().is_empty(), number(first), number(last)) {
        // `-N`: the last N bytes.
        (true, _, Some(suffix)) => {
            if suffix == 0 || size == 0 {
                RangeAnswer::Unsatisfiable
            } else {
                RangeAnswer::Partial {
                    start: size.saturating_sub(suffix),
                    last: size - 1,
                }
            }
        }
        // `A-`: from A to the end.
        (false, Some(start), None) if last.trim().is_empty() => {
            if start >= size {
                RangeAnswer::Unsatisfiable
            } else {
                RangeAnswer::Partial {
                    start,
                    last: size - 1,
                }
            }
        }
        // `A-B`, B not before A.
        (false, Some(start), Some(end)) if end >= start => {
            if start >= size {
                RangeAnswer::Unsatisfiable
            } else {
                RangeAnswer::Partial {
                    start,
                    last: end.min(size - 1),
                }
            }
        }
        _ => RangeAnswer::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::RangeAnswer::{Full, Partial, Unsatisfiable};
    use super::decide;

    const TAG: &str = "\"abc\"";

    #[test]
    fn one_range_of_each_form_is_served() {
        assert_eq!(decide(None, None, TAG, 100), Full);
        assert_eq!(
            decide(Some("bytes=0-9"), None, TAG, 100),
            Partial { start: 0, last: 9 }
        );
        assert_eq!(
            decide(Some("bytes=90-"), None, TAG, 100),
            Partial {
                start: 90,
                last: 99
            }
        );
        assert_eq!(
            decide(Some("bytes=-10"), None, TAG, 100),
            Partial {
                start: 90,
                last: 99
            }
        );
        assert_eq!(
            decide(Some("bytes=-1000"), None, TAG, 100),
            Partial { start: 0, last: 99 }
        );
        assert_eq!(
            decide(Some("bytes=50-5000"), None, TAG, 100),
            Partial {
                start: 50,
                last: 99
            }
        );
        assert_eq!(
            decide(Some("Bytes = 1-1"), None, TAG, 100),
            Partial { start: 1, last: 1 }
        );
        assert_eq!(
            decide(Some("bytes=0-99999999999999999999999"), None, TAG, 100),
            Partial { start: 0, last: 99 }
        );
    }

    #[test]
    fn ranges_past_the_end_are_unsatisfiable() {
        assert_eq!(decide(Some("bytes=100-"), None, TAG, 100), Unsatisfiable);
        assert_eq!(decide(Some("bytes=100-200"), None, TAG, 100), Unsatisfiable);
        assert_eq!(decide(Some("bytes=-0"), None, TAG, 100), Unsatisfiable);
    }

    #[test]
    fn invalid_or_multiple_ranges_and_stale_validators_get_the_whole_file() {
        for range in [
            "bytes=9-1",
            "bytes=a-b",
            "bytes=-",
            "bytes=1",
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=+1-2",
            "",
        ] {
            assert_eq!(decide(Some(range), None, TAG, 100), Full, "{range}");
        }
        assert_eq!(decide(Some("bytes=0-1"), Some("\"old\""), TAG, 100), Full);
        assert_eq!(decide(Some("bytes=0-1"), Some("W/\"abc\""), TAG, 100), Full);
        assert_eq!(
            decide(
                Some("bytes=0-1"),
                Some("Wed, 21 Oct 2026 07:28:00 GMT"),
                TAG,
                100
            ),
            Full
        );
        assert_eq!(
            decide(Some("bytes=0-1"), Some(TAG), TAG, 100),
            Partial { start: 0, last: 1 }
        );
    }
}
