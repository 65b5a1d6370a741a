//! Random values the instance keeps for itself (keys for CSRF tokens and for
//! the hash that recognises imported people), made on first use.

use sqlx::Row;

use crate::Result;
use crate::db::Store;

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random token of 32 bytes, URL-safe (hexadecimal).
pub fn random_token() -> String {
    hex(&random_bytes::<32>())
}

/// SHA-256 of a token, as stored in place of the token itself.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

impl Store {
    /// The instance's secret called `name` (hexadecimal, 32 bytes), created
    /// on first use; two nodes asking at once get the same value.
    pub async fn instance_secret(&self, name: &str) -> Result<Vec<u8>> {
        let candidate = random_token();
        sqlx::query("INSERT INTO instance_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(&candidate)
            .execute(&self.pool)
            .await?;
        let row = sqlx::query("SELECT value FROM instance_secret WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        let value: String = row.try_get("value")?;
        Ok(value.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_are_stable() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
