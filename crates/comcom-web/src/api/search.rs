//! Search through the API: the same index, rules and filters as the
//! `/recherche` page; without a token, public content only.

use axum::extract::RawQuery;
use axum::response::Response;
use comcom_core::search::Query;
use serde::Serialize;
use utoipa::ToSchema;

use super::articles::SpaceRef;
use super::context::ApiCtx;
use super::error::{ApiError, ErrorBody};
use super::json::{ok, param, query_params, time};
use crate::pages::search::{PER_PAGE, SNIPPET_WORDS, check, run};

/// A piece of a snippet: `highlight` marks a word that matched the query.
#[derive(Serialize, ToSchema)]
pub struct SnippetPiece {
    pub text: String,
    pub highlight: bool,
}

/// One result.
#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    /// `article`, `document`, `thread` or `meeting`.
    pub kind: String,
    /// The object's number among those of its kind.
    pub id: i64,
    pub title: String,
    pub space: SpaceRef,
    /// Its page on the portal (a path).
    pub url: String,
    #[schema(value_type = String, format = DateTime)]
    pub date: String,
    /// Plain text around the first match, in pieces.
    pub snippet: Vec<SnippetPiece>,
}

/// A page of results, best first.
#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    pub items: Vec<SearchResult>,
    pub page: i64,
    pub per_page: i64,
    /// The next page's number, when there are more results.
    pub next_page: Option<i64>,
}

/// Search
///
/// Full-text search in French (accents, case and plurals do not matter;
/// the last word also matches as the start of a word) over what the caller
/// may see: without a token, the public spaces' content. Every word must
/// match. 20 results a page.
#[utoipa::path(
    get,
    path = "/search",
    tag = "search",
    security((), ("bearer" = [])),
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "The words to find; none gives no result"),
        ("type" = Option<String>, Query, description = "Only this kind: `article`, `document`, `thread` or `meeting`"),
        ("space" = Option<String>, Query, description = "Only in this space (its slug)"),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 50, description = "Page number, from 1"),
    ),
    responses(
        (status = 200, description = "A page of results", body = SearchPage),
        (status = 401, description = "The token sent is not valid or was revoked", body = ErrorBody),
        (status = 422, description = "A parameter is wrong (too long a query, unknown kind or space, bad page)", body = ErrorBody),
    )
)]
pub async fn search(ctx: ApiCtx, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let params = query_params(query.as_deref());
    let store = &ctx.state.store;
    let territory_id = ctx.territory_id();
    let scope = store.search_scope(territory_id, &ctx.actor).await?;
    let checked = check(
        store,
        territory_id,
        &scope,
        param(&params, "q"),
        param(&params, "type"),
        param(&params, "space"),
        param(&params, "page"),
    )
    .await
    .map_err(|(field, key)| {
        let field = if field == "espace" { "space" } else { field };
        ApiError::field(field, ctx.locale.t(key))
    })?;
    let parsed = Query::parse(&checked.q);
    let (hits, more) = if parsed.is_empty() {
        (Vec::new(), false)
    } else {
        run(store, territory_id, &scope, &checked, &parsed).await?
    };
    let items = hits
        .iter()
        .map(|h| SearchResult {
            kind: h.kind.clone(),
            id: h.object_id,
            title: h.title.clone(),
            space: SpaceRef {
                slug: h.space_slug.clone(),
                name: h.space_name.clone(),
            },
            url: h.path.clone(),
            date: time(h.sort_at),
            snippet: comcom_core::search::snippet(&h.text, &parsed, SNIPPET_WORDS)
                .into_iter()
                .map(|p| SnippetPiece {
                    text: p.text,
                    highlight: p.hit,
                })
                .collect(),
        })
        .collect();
    Ok(ok(&SearchPage {
        items,
        page: checked.page,
        per_page: PER_PAGE,
        next_page: more.then_some(checked.page + 1),
    }))
}
