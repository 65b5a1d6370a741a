//! Reading forms without trusting them: every field is optional text, so a
//! garbage post gets field messages instead of a framework error.

use std::collections::HashMap;

use axum::extract::{FromRequest, Request};

use crate::WebError;
use crate::auth::csrf::MAX_FORM_BYTES;

/// The fields of a url-encoded form.
#[derive(Debug, Default)]
pub struct FormData(HashMap<String, String>);

impl FormData {
    /// A field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(|v| v.trim()).unwrap_or("")
    }

    /// A field exactly as sent (passwords keep their spaces).
    pub fn raw(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = WebError;

    async fn from_request(request: Request, _: &S) -> Result<Self, WebError> {
        let bytes = axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| WebError::PayloadTooLarge)?;
        let mut fields = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(&bytes) {
            // The first value wins; a repeated field cannot override it.
            fields
                .entry(k.into_owned())
                .or_insert_with(|| v.into_owned());
        }
        Ok(FormData(fields))
    }
}

/// A message next to a field: which field, and what to fix.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Errors of one form submission.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn add(&mut self, field: &'static str, message: String) {
        self.0.push(FieldError { field, message });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for a field, if any.
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.of(field).is_some()
    }
}

/// An email address a mail server will take: the usual characters only (no
/// quotes, brackets or address literals), one @, a domain of dotted labels.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    text.len() <= 254 && local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_checked_for_shape() {
        assert!(is_email("maire@engins.fr"));
        assert!(!is_email("maire@engins"));
        assert!(!is_email("maire engins@x.fr"));
        assert!(!is_email("@x.fr"));
        assert!(!is_email("a@b@c.fr"));
        assert!(!is_email(&format!("{}@x.fr", "a".repeat(300))));
        assert!(!is_email("\"<script>alert(1)</script>\"@x.fr"));
        assert!(!is_email("<img/src=x>@x.fr"));
        assert!(!is_email("a@[127.0.0.1]"));
        assert!(is_email("prenom.nom+tag@mairie-engins.fr"));
    }
}
