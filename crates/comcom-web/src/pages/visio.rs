//! The administrators' view of the territory's one visio tool: which provider
//! is active and where; its secret is never shown.

use askama::Template;
use axum::response::Response;
use comcom_core::permissions::Action;
use comcom_i18n::Arg;
use comcom_visio::Provider;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::pages::PageCtx;

#[derive(Template)]
#[template(path = "admin_visio.html")]
struct VisioPage {
    chrome: Chrome,
    /// The provider's name, or `None` when no tool is configured.
    provider: Option<String>,
    /// (label, value) lines, never the secret.
    facts: Vec<(String, String)>,
}

/// `GET /admin/visio`
pub async fn show(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    })?;
    let (provider, facts) = match ctx.state.config.visio.as_ref() {
        None => (None, Vec::new()),
        Some(p) => {
            let mut facts = vec![(ctx.t("meetings-admin-address"), p.address())];
            match p {
                Provider::Jitsi {
                    app_id, audience, ..
                } => {
                    facts.push((ctx.t("meetings-admin-app-id"), app_id.clone()));
                    facts.push((ctx.t("meetings-admin-audience"), audience.clone()));
                }
                Provider::BigBlueButton { checksum, .. } => {
                    facts.push((ctx.t("meetings-admin-checksum"), checksum.code().to_owned()));
                }
                Provider::LiveKit {
                    api_key,
                    client_url,
                    ..
                } => {
                    facts.push((ctx.t("meetings-admin-api-key"), api_key.clone()));
                    facts.push((ctx.t("meetings-admin-client"), client_url.to_string()));
                }
            }
            facts.push((
                ctx.t("meetings-admin-secret"),
                ctx.t("meetings-admin-secret-hidden"),
            ));
            let name = ctx.t(match p.code() {
                "jitsi" => "meetings-provider-jitsi",
                "bbb" => "meetings-provider-bbb",
                _ => "meetings-provider-livekit",
            });
            let active = ctx.ta("meetings-admin-active", &[("name", Arg::from(name))]);
            (Some(active), facts)
        }
    };
    ctx.render(&VisioPage {
        chrome: ctx.chrome(&ctx.t("meetings-admin-title"), Nav::Admin),
        provider,
        facts,
    })
}
