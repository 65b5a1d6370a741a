//! JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, JWS compact form).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `header.payload.signature` with `{"alg":"HS256","typ":"JWT"}`.
pub fn hs256(claims: &serde_json::Value, secret: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string().as_bytes());
    let signing_input = format!("{header}.{payload}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7515_hs256_shape() {
        let token = hs256(&serde_json::json!({"sub": "1"}), b"key");
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts[0], "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[1]).unwrap(), br#"{"sub":"1"}"#);
        assert_eq!(parts[2].len(), 43);
    }
}
