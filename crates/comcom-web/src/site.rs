//! Which territory a request is for: the one whose configured public host
//! matches `Host`, else the instance's first territory. Links always come from
//! the configured URL, never from the `Host` header.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use comcom_store::TerritoryRecord;

use crate::{AppState, WebError};

/// The territory a page belongs to, with the base URL its links use.
pub struct Site {
    pub territory: TerritoryRecord,
    /// Public base URL without a trailing slash.
    pub base_url: String,
}

impl Site {
    /// An absolute URL for a path of this site (`/communes/38548`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl FromRequestParts<AppState> for Site {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        resolve(
            parts
                .headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok()),
            state,
        )
        .await
    }
}

/// Resolves the territory for a `Host` header value.
pub async fn resolve(host: Option<&str>, state: &AppState) -> Result<Site, WebError> {
    if let Some(host) = host.filter(|h| h.len() <= 255)
        && let Some(territory) = state.store.territory_by_host(host).await?
        && let Some(base_url) = territory.public_url.clone()
    {
        return Ok(Site {
            territory,
            base_url,
        });
    }
    let territory = state
        .store
        .first_territory()
        .await?
        .ok_or(WebError::NoTerritory)?;
    let base_url = state
        .config
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    Ok(Site {
        territory,
        base_url,
    })
}
