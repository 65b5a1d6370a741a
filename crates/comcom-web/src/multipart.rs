//! Reading a multipart form (a form with a file) without trusting it:
//! bounded sizes, one file field, text fields kept as they came.

use axum::extract::Multipart;
use axum::http::StatusCode;

use crate::WebError;

/// The fields and the file of a multipart form.
#[derive(Debug, Default)]
pub struct MultiForm {
    fields: Vec<(String, String)>,
    /// Bytes of the file field, when a non-empty file was sent.
    pub file: Option<Vec<u8>>,
}

/// Longest text field read.
const MAX_FIELD_BYTES: usize = 200_000;

impl MultiForm {
    /// Reads every part; `file_field` names the part holding a file of at most `max_file` bytes.
    pub async fn read(
        mut multipart: Multipart,
        file_field: &str,
        max_file: usize,
    ) -> Result<MultiForm, WebError> {
        let mut form = MultiForm::default();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(WebError::PayloadTooLarge);
                }
                Err(_) => return Err(WebError::BadRequest),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    WebError::PayloadTooLarge
                } else {
                    WebError::BadRequest
                }
            })?;
            if name == file_field {
                if bytes.len() > max_file {
                    return Err(WebError::PayloadTooLarge);
                }
                if !bytes.is_empty() {
                    form.file = Some(bytes.to_vec());
                }
            } else if bytes.len() <= MAX_FIELD_BYTES {
                form.fields
                    .push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        Ok(form)
    }

    /// The first value of a text field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .collect()
    }
}

/// The image type of these bytes, from their signature (never from a name).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(b"\xFF\xD8\xFF\xE0"), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8"), Some("image/webp"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_type(b""), None);
    }
}
