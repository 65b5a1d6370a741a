//! `/recherche`: full-text search over what the viewer may see (public
//! content for visitors), with filters by kind and space, highlighted
//! snippets and pages of results.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use comcom_core::permissions::SearchScope;
use comcom_core::search::{Piece, Query, snippet};
use comcom_i18n::Arg;
use comcom_store::search::{KINDS, SearchHit, SearchRequest};

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::pages::PageCtx;

/// Results per page.
pub const PER_PAGE: i64 = 20;
/// The last page served.
pub const MAX_PAGE: i64 = 50;
/// Longest query read, in characters.
pub const MAX_QUERY: usize = 200;
/// Words of a snippet.
pub const SNIPPET_WORDS: usize = 36;

/// The message key naming a kind of result.
pub fn kind_key(kind: &str) -> &'static str {
    match kind {
        "article" => "search-kind-article",
        "document" => "search-kind-document",
        "thread" => "search-kind-thread",
        "meeting" => "search-kind-meeting",
        _ => "search-kind-other",
    }
}

/// The query string's fields (the first of each name counts; a malformed
/// query string is read as far as it goes, never refused).
#[derive(Default)]
pub struct SearchParams {
    q: Option<String>,
    kind: Option<String>,
    espace: Option<String>,
    page: Option<String>,
}

impl SearchParams {
    fn read(query: Option<&str>) -> SearchParams {
        let mut params = SearchParams::default();
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let slot = match key.as_ref() {
                "q" => &mut params.q,
                "type" => &mut params.kind,
                "espace" => &mut params.espace,
                "page" => &mut params.page,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.into_owned());
            }
        }
        params
    }
}

/// A result as the page shows it.
pub struct ResultLine {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub space: String,
    pub date: String,
    pub snippet: Vec<Piece>,
}

/// A choice of a filter.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    kinds: Vec<Choice>,
    spaces: Vec<Choice>,
    error: Option<String>,
    searched: bool,
    results: Vec<ResultLine>,
    summary: String,
    previous: Option<String>,
    next: Option<String>,
    signed_out: bool,
}

/// What a search asks, checked.
pub struct Checked {
    pub q: String,
    pub kind: Option<&'static str>,
    pub space_id: Option<i64>,
    pub page: i64,
}

/// Reads the query and filters; an unknown kind or a space the viewer may
/// not search is refused with a message (one they may not see is answered
/// like a missing one).
pub async fn check(
    store: &comcom_store::Store,
    territory_id: i64,
    scope: &SearchScope,
    q: Option<&str>,
    kind: Option<&str>,
    space: Option<&str>,
    page: Option<&str>,
) -> Result<Checked, (&'static str, &'static str)> {
    let q = q.unwrap_or("").trim();
    if q.chars().count() > MAX_QUERY {
        return Err(("q", "search-error-too-long"));
    }
    let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            *KINDS
                .iter()
                .find(|known| **known == k)
                .ok_or(("type", "search-error-kind"))?,
        ),
    };
    let space_id = match space.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(slug) => {
            let found = store
                .space_by_slug(territory_id, slug)
                .await
                .ok()
                .flatten()
                .filter(|s| scope.readable.contains(&s.id))
                .ok_or(("espace", "search-error-space"))?;
            Some(found.id)
        }
    };
    let page = match page.map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or(("page", "search-error-page"))?,
    };
    Ok(Checked {
        q: q.to_owned(),
        kind,
        space_id,
        page,
    })
}

/// Runs a checked search: one page of hits, and whether there are more.
pub async fn run(
    store: &comcom_store::Store,
    territory_id: i64,
    scope: &SearchScope,
    checked: &Checked,
    query: &Query,
) -> Result<(Vec<SearchHit>, bool), comcom_store::StoreError> {
    let mut hits = store
        .search(&SearchRequest {
            territory_id,
            query,
            scope,
            kind: checked.kind,
            space_id: checked.space_id,
            limit: PER_PAGE + 1,
            offset: (checked.page - 1) * PER_PAGE,
        })
        .await?;
    let more = hits.len() as i64 > PER_PAGE && checked.page < MAX_PAGE;
    hits.truncate(PER_PAGE as usize);
    Ok((hits, more))
}

fn link(q: &str, kind: Option<&str>, space: Option<&str>, page: i64) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    url.append_pair("q", q);
    if let Some(kind) = kind {
        url.append_pair("type", kind);
    }
    if let Some(space) = space {
        url.append_pair("espace", space);
    }
    if page > 1 {
        url.append_pair("page", &page.to_string());
    }
    format!("/recherche?{}", url.finish())
}

/// `GET /recherche?q=…&type=…&espace=…&page=…`
pub async fn show(ctx: PageCtx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let params = SearchParams::read(raw.as_deref());
    let store = &ctx.state.store;
    let territory_id = ctx.territory_id();
    let scope = store.search_scope(territory_id, &ctx.viewer.actor).await?;
    let space_slug = params
        .espace
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());

    let mut space_choices = vec![Choice {
        value: String::new(),
        label: ctx.t("search-space-all"),
        selected: space_slug.is_none(),
    }];
    for space in store.spaces(territory_id).await? {
        if scope.readable.contains(&space.id) {
            space_choices.push(Choice {
                selected: space_slug == Some(space.slug.as_str()),
                value: space.slug,
                label: space.name,
            });
        }
    }
    let checked = check(
        store,
        territory_id,
        &scope,
        params.q.as_deref(),
        params.kind.as_deref(),
        params.espace.as_deref(),
        params.page.as_deref(),
    )
    .await;
    let chosen_kind = checked.as_ref().ok().and_then(|c| c.kind);
    let mut kinds = vec![Choice {
        value: String::new(),
        label: ctx.t("search-kind-all"),
        selected: chosen_kind.is_none(),
    }];
    kinds.extend(KINDS.iter().map(|k| Choice {
        value: (*k).to_owned(),
        label: ctx.t(kind_key(k)),
        selected: chosen_kind == Some(*k),
    }));

    let heading = ctx.t("search-title");
    let mut page = SearchPage {
        chrome: ctx.chrome(&heading, Nav::None),
        q: params
            .q
            .clone()
            .unwrap_or_default()
            .chars()
            .take(MAX_QUERY)
            .collect(),
        kinds,
        spaces: space_choices,
        error: None,
        searched: false,
        results: Vec::new(),
        summary: String::new(),
        previous: None,
        next: None,
        signed_out: ctx.viewer.account.is_none(),
    };
    let checked = match checked {
        Ok(c) => c,
        Err((_, key)) => {
            page.error = Some(ctx.t(key));
            let mut response = ctx.render(&page)?;
            *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    if !checked.q.is_empty() {
        let query = Query::parse(&checked.q);
        page.searched = true;
        if query.is_empty() {
            page.summary = ctx.t("search-only-common-words");
        } else {
            let (hits, more) = run(store, territory_id, &scope, &checked, &query).await?;
            page.results = hits
                .iter()
                .map(|h| ResultLine {
                    url: h.path.clone(),
                    title: h.title.clone(),
                    kind: ctx.t(kind_key(&h.kind)),
                    space: h.space_name.clone(),
                    date: clock::show(ctx.locale, &ctx.site.territory.time_zone, h.sort_at),
                    snippet: snippet(&h.text, &query, SNIPPET_WORDS),
                })
                .collect();
            let shown = page.results.len() as i64;
            page.summary = if shown == 0 {
                ctx.t("search-none")
            } else {
                let first = (checked.page - 1) * PER_PAGE + 1;
                ctx.ta(
                    "search-summary",
                    &[
                        ("min", Arg::from(first)),
                        ("max", Arg::from(first + shown - 1)),
                        ("value", Arg::from(checked.q.as_str())),
                    ],
                )
            };
            let here = |p| link(&checked.q, checked.kind, space_slug, p);
            page.previous = (checked.page > 1).then(|| here(checked.page - 1));
            page.next = more.then(|| here(checked.page + 1));
        }
        let title = ctx.ta(
            "search-title-for",
            &[("value", Arg::from(checked.q.as_str()))],
        );
        page.chrome = ctx.chrome(&title, Nav::None);
    }
    ctx.render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_query_and_filters() {
        assert_eq!(
            link("eau & co", Some("article"), Some("engins"), 2),
            "/recherche?q=eau+%26+co&type=article&espace=engins&page=2"
        );
        assert_eq!(link("réunion", None, None, 1), "/recherche?q=r%C3%A9union");
    }
}
