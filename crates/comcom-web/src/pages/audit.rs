//! The audit log for administrators: membership, permission, mandate and
//! deletion events, filtered and paged (newest first).

use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use chrono::NaiveDate;
use comcom_core::permissions::Action;
use comcom_store::audit::{AuditFilter, AuditRecord, kind};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::pages::PageCtx;

/// Rows per page.
const PAGE_SIZE: i64 = 50;

/// The kind groups offered besides single kinds.
const GROUPS: [&str; 6] = [
    "membership.",
    "permission.",
    "person.",
    "mandate.",
    "privacy.",
    "syndication.",
];

pub struct AuditLine {
    at: String,
    kind: String,
    actor: Option<(i64, String)>,
    target: Option<(i64, String)>,
    place: String,
    detail: String,
    request_id: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    lines: Vec<AuditLine>,
    kinds: Vec<(String, String)>,
    spaces: Vec<(String, String)>,
    communes: Vec<(String, String)>,
    kind: String,
    space: String,
    commune: String,
    person: String,
    from: String,
    to: String,
    errors: Vec<String>,
    next: Option<String>,
    first_page: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    genre: Option<String>,
    espace: Option<String>,
    commune: Option<String>,
    personne: Option<String>,
    du: Option<String>,
    au: Option<String>,
    avant: Option<String>,
}

/// The name of a kind of event: its message, or its code when it has none.
pub fn kind_name(ctx: &PageCtx, code: &str) -> String {
    let key = format!("audit-kind-{}", code.replace(['.', '_'], "-"));
    let text = ctx.t(&key);
    if text == key { code.to_owned() } else { text }
}

fn clean(value: Option<String>, max: usize) -> String {
    value.unwrap_or_default().trim().chars().take(max).collect()
}

/// `GET /admin/journal`
pub async fn index(ctx: PageCtx, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    let territory_id = ctx.territory_id();
    ctx.require(Action::ViewAuditLog { territory_id })?;
    let store = &ctx.state.store;
    let spaces = store.spaces(territory_id).await?;
    let communes = store.communes(territory_id).await?;
    let (kind_v, space_v, commune_v, person_v, from_v, to_v) = (
        clean(q.genre, 60),
        clean(q.espace, 80),
        clean(q.commune, 10),
        clean(q.personne, 20),
        clean(q.du, 10),
        clean(q.au, 10),
    );
    let mut errors = Vec::new();
    let mut filter = AuditFilter {
        territory_id: Some(territory_id),
        ..AuditFilter::default()
    };
    // Unknown values are ignored with a message rather than refused.
    if !kind_v.is_empty() {
        if kind::ALL.contains(&kind_v.as_str()) || GROUPS.contains(&kind_v.as_str()) {
            filter.kind = Some(kind_v.clone());
        } else {
            errors.push(ctx.t("audit-error-kind"));
        }
    }
    if !space_v.is_empty() {
        match spaces.iter().find(|s| s.slug == space_v) {
            Some(s) => filter.space_id = Some(s.id),
            None => errors.push(ctx.t("audit-error-space")),
        }
    }
    if !commune_v.is_empty() {
        match communes.iter().find(|c| c.insee_code.as_str() == commune_v) {
            Some(c) => filter.commune_id = Some(c.id),
            None => errors.push(ctx.t("audit-error-commune")),
        }
    }
    if !person_v.is_empty() {
        match person_v.parse::<i64>() {
            Ok(id) if id > 0 => filter.person_id = Some(id),
            _ => errors.push(ctx.t("audit-error-person")),
        }
    }
    for (value, slot) in [(&from_v, &mut filter.from), (&to_v, &mut filter.to)] {
        if value.is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => *slot = Some(d.format("%Y-%m-%d").to_string()),
            Err(_) => errors.push(ctx.t("audit-error-date")),
        }
    }
    filter.before_id = q
        .avant
        .as_deref()
        .and_then(|b| b.parse::<i64>().ok())
        .filter(|b| *b > 0);
    let paged = filter.before_id.is_some();
    // One more row than shown tells whether there is a next page.
    let mut rows: Vec<AuditRecord> = store.audit_events(&filter, PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let time_zone = ctx.site.territory.time_zone.clone();
    let deleted = ctx.t("mydata-deleted-name");
    let lines = rows
        .iter()
        .map(|r| {
            let place = match (&r.space_name, &r.commune_name) {
                (Some(s), Some(c)) => format!("{s} · {c}"),
                (Some(s), None) => s.clone(),
                (None, Some(c)) => c.clone(),
                (None, None) => String::new(),
            };
            let name = |id: Option<i64>, n: &Option<String>| {
                id.map(|id| (id, n.clone().unwrap_or_else(|| deleted.clone())))
            };
            AuditLine {
                at: comcom_store::time::parse(&r.at)
                    .map(|t| crate::clock::show(ctx.locale, &time_zone, t))
                    .unwrap_or_else(|_| r.at.clone()),
                kind: kind_name(&ctx, &r.kind),
                actor: name(r.actor_id, &r.actor_name),
                target: name(r.target_person_id, &r.target_name),
                place,
                detail: r.detail.clone(),
                request_id: r.request_id.clone().unwrap_or_default(),
            }
        })
        .collect();
    let query_without_page = {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("genre", &kind_v),
            ("espace", &space_v),
            ("commune", &commune_v),
            ("personne", &person_v),
            ("du", &from_v),
            ("au", &to_v),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.finish()
    };
    let next = (more)
        .then(|| rows.last().map(|r| r.id))
        .flatten()
        .map(|last| {
            let sep = if query_without_page.is_empty() {
                ""
            } else {
                "&"
            };
            format!("/admin/journal?{query_without_page}{sep}avant={last}")
        });
    let first_page = paged.then(|| format!("/admin/journal?{query_without_page}"));
    let mut kinds: Vec<(String, String)> = GROUPS
        .iter()
        .map(|g| {
            (
                (*g).to_owned(),
                ctx.t(&format!("audit-group-{}", g.trim_end_matches('.'))),
            )
        })
        .collect();
    kinds.extend(
        kind::ALL
            .iter()
            .map(|k| ((*k).to_owned(), kind_name(&ctx, k))),
    );
    let page = AuditPage {
        chrome: ctx.chrome(&ctx.t("audit-title"), Nav::Admin),
        lines,
        kinds,
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        communes: communes
            .into_iter()
            .map(|c| (c.insee_code.to_string(), c.name))
            .collect(),
        kind: kind_v,
        space: space_v,
        commune: commune_v,
        person: person_v,
        from: from_v,
        to: to_v,
        errors,
        next,
        first_page,
    };
    ctx.render(&page)
}
