//! Password hashing with Argon2id, always off the async runtime: hashing is
//! slow on purpose and would otherwise stall every other request.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::WebError;

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// Longest password accepted (hashing cost must stay bounded).
pub const MAX_LENGTH: usize = 200;

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&comcom_store::secrets::random_bytes::<16>())
            .map_err(|e| WebError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| WebError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

/// Checks a password against a stored hash; `false` for a malformed hash.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    // Without a stored hash, still spend the time, so that timing does not
    // tell which addresses have an account with a password.
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let is_dummy = stored == DUMMY_HASH;
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
        && !is_dummy
}

/// A valid Argon2id hash of a random value nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Vg1mYQp2RxvWc0pQp3c6Ylq3wbFQn+0v3P2E2oM4nGE";
