//! One module per page or resource, mirroring the URLs.

pub mod assets;
pub mod commune;
pub mod errors;
pub mod health;
pub mod home;
pub mod language;
pub mod legal;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::WebError;

/// Renders a page template into an HTML response.
pub fn render<T: Template>(template: &T) -> Result<Response, WebError> {
    Ok(Html(template.render()?).into_response())
}
