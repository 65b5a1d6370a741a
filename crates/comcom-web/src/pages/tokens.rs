//! The profile's API access tokens: the list, a form to make one (its secret
//! shown once, on the answer to the form), and revoking.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use comcom_core::permissions::Action;
use comcom_i18n::Arg;
use comcom_store::tokens::{ApiTokenRecord, TokenScope};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::clock;
use crate::form::{FormData, FormErrors};
use crate::pages::{PageCtx, see_other};

/// Most tokens a person may have working at once.
const MAX_ACTIVE: i64 = 50;
/// Longest token name.
const MAX_NAME: usize = 100;

/// A token as the list shows it.
pub struct TokenLine {
    id: i64,
    name: String,
    scope: String,
    created: String,
    last_used: String,
    /// "Revoked on …" for a revoked token.
    revoked: Option<String>,
    revoke_label: String,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    chrome: Chrome,
    notice: Option<String>,
    /// The heading and the secret of a token just made.
    created: Option<(String, String)>,
    errors: FormErrors,
    tokens: Vec<TokenLine>,
    token_name: String,
    scope: String,
}

fn line(ctx: &PageCtx, t: &ApiTokenRecord) -> TokenLine {
    let tz = &ctx.site.territory.time_zone;
    let show = |at| clock::show(ctx.locale, tz, at);
    TokenLine {
        id: t.id,
        name: t.name.clone(),
        scope: ctx.t(match t.scope {
            TokenScope::Read => "token-scope-read",
            TokenScope::Write => "token-scope-write",
        }),
        created: show(t.created_at),
        last_used: t
            .last_used_at
            .map(show)
            .unwrap_or_else(|| ctx.t("tokens-never-used")),
        revoked: t
            .revoked_at
            .map(|at| ctx.ta("tokens-revoked", &[("date", Arg::from(show(at)))])),
        revoke_label: ctx.ta(
            "tokens-revoke-label",
            &[("name", Arg::from(t.name.as_str()))],
        ),
    }
}

/// What the page shows besides the list.
#[derive(Default)]
struct Shown {
    notice: Option<String>,
    created: Option<(String, String)>,
    errors: FormErrors,
    name: String,
    scope: String,
}

async fn render(ctx: &PageCtx, shown: Shown) -> Result<Response, WebError> {
    let person_id = ctx.person_id()?;
    let tokens = ctx.state.store.api_tokens_of(person_id).await?;
    let invalid = !shown.errors.is_empty();
    let secret_shown = shown.created.is_some();
    let page = TokensPage {
        chrome: ctx.chrome(&ctx.t("tokens-title"), Nav::Profile),
        notice: shown.notice,
        created: shown.created,
        errors: shown.errors,
        tokens: tokens.iter().map(|t| line(ctx, t)).collect(),
        token_name: shown.name,
        scope: if shown.scope.is_empty() {
            "read".to_owned()
        } else {
            shown.scope
        },
    };
    let mut response = if invalid {
        ctx.render_invalid(&page)?
    } else {
        ctx.render_form(&page)?
    };
    if secret_shown {
        // The secret must not stay in a cache, nor be shown again by "back".
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct TokensQuery {
    fait: Option<String>,
}

/// `GET /profil/jetons`
pub async fn index(ctx: PageCtx, Query(q): Query<TokensQuery>) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let notice = (q.fait.as_deref() == Some("revoque")).then(|| ctx.t("tokens-revoked-notice"));
    render(
        &ctx,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

/// `POST /profil/jetons`: makes a token and shows its secret, once.
pub async fn create(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    let name = form.get("name");
    let mut errors = FormErrors::default();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        errors.add("name", ctx.t("error-token-name"));
    }
    let scope = TokenScope::from_code(form.get("scope"));
    if scope.is_none() {
        errors.add("scope", ctx.t("error-token-scope"));
    }
    if ctx.state.store.active_api_token_count(person_id).await? >= MAX_ACTIVE {
        errors.add(
            "name",
            ctx.ta("error-token-limit", &[("max", Arg::from(MAX_ACTIVE))]),
        );
    }
    let (Some(scope), true) = (scope, errors.is_empty()) else {
        let shown = Shown {
            errors,
            name: name.chars().take(MAX_NAME * 2).collect(),
            scope: scope.map(|s| s.code().to_owned()).unwrap_or_default(),
            ..Shown::default()
        };
        return render(&ctx, shown).await;
    };
    let (token, secret) = ctx
        .state
        .store
        .create_api_token(person_id, name, scope)
        .await?;
    tracing::info!(
        token.id = token.id,
        person.id = person_id,
        scope = scope.code(),
        "API token made"
    );
    let heading = ctx.ta(
        "tokens-secret-title",
        &[("name", Arg::from(token.name.as_str()))],
    );
    render(
        &ctx,
        Shown {
            created: Some((heading, secret)),
            ..Shown::default()
        },
    )
    .await
}

/// `POST /profil/jetons/{id}/revoquer`: revokes one of the person's own tokens.
pub async fn revoke(ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    if ctx.state.store.revoke_api_token(person_id, id).await? {
        tracing::info!(token.id = id, person.id = person_id, "API token revoked");
    } else if !ctx
        .state
        .store
        .api_tokens_of(person_id)
        .await?
        .iter()
        .any(|t| t.id == id)
    {
        // Someone else's token is answered like a missing one.
        return Err(WebError::NotFound);
    }
    Ok(see_other("/profil/jetons?fait=revoque"))
}
