//! Static assets, compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../../static/comcom.css");
const EDITOR: &str = include_str!("../../static/editor.js");
const DOCUMENTS: &str = include_str!("../../static/documents.js");
const FAVICON: &str = include_str!("../../static/favicon.svg");

/// `GET /static/comcom.css`
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

/// `GET /static/favicon.svg` (also answers `/favicon.ico`, which browsers ask for anyway).
pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
}

/// `GET /robots.txt`: the public portal may be indexed, the signed-in area not.
pub async fn robots() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "User-agent: *\nDisallow: /admin\nDisallow: /espaces\nDisallow: /profil\nDisallow: /connexion\nDisallow: /personnes\nDisallow: /invitation\nDisallow: /mot-de-passe\n",
    )
}

/// `GET /static/editor.js`: the optional Markdown toolbar.
pub async fn editor() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        EDITOR,
    )
}

/// `GET /static/documents.js`: dropping a file on the upload form (optional).
pub async fn documents_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        DOCUMENTS,
    )
}
