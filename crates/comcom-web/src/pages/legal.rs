//! The legal pages every public site owes its visitors, with defaults that
//! are true of comcom out of the box.

use askama::Template;
use axum::response::Response;
use comcom_i18n::Arg;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::pages::PageCtx;
use crate::site::Site;

#[derive(Template)]
#[template(path = "legal.html")]
struct LegalPage {
    chrome: Chrome,
    heading: String,
    lead: String,
    sections: Vec<(String, String)>,
}

fn page(
    ctx: &PageCtx,
    title_key: &str,
    lead: String,
    sections: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let heading = ctx.t(title_key);
    let chrome = ctx.chrome(&heading, Nav::None);
    ctx.render(&LegalPage {
        chrome,
        heading,
        lead,
        sections,
    })
}

fn name(site: &Site) -> Arg {
    Arg::from(site.territory.name.as_str())
}

/// `GET /mentions-legales`
pub async fn notice(ctx: PageCtx) -> Result<Response, WebError> {
    let (l, site) = (ctx.locale, &ctx.site);
    let t = &site.territory;
    let publisher = l.t_args(
        "legal-publisher-text",
        &[
            ("name", name(site)),
            ("kind", Arg::from(l.t(t.kind.message_key()))),
            ("siren", Arg::from(t.siren.as_str())),
        ],
    );
    let host = match &ctx.state.config.hosting {
        Some(host) => l.t_args("legal-host-text", &[("host", Arg::from(host.as_str()))]),
        None => l.t_args("legal-host-default", &[("name", name(site))]),
    };
    let sections = vec![
        (
            l.t("legal-director"),
            l.t_args("legal-director-text", &[("name", name(site))]),
        ),
        (l.t("legal-host"), host),
        (l.t("legal-software"), l.t("legal-software-text")),
        (l.t("legal-data"), l.t("legal-data-text")),
    ];
    page(&ctx, "legal-notice-title", publisher, sections)
}

/// `GET /donnees-personnelles`
pub async fn privacy(ctx: PageCtx) -> Result<Response, WebError> {
    let (l, site) = (ctx.locale, &ctx.site);
    let sections = vec![
        (l.t("privacy-cookies"), l.t("privacy-cookies-text")),
        (l.t("privacy-logs"), l.t("privacy-logs-text")),
        (l.t("privacy-account"), l.t("privacy-account-text")),
        (
            l.t("privacy-rights"),
            l.t_args("privacy-rights-text", &[("name", name(site))]),
        ),
    ];
    page(&ctx, "privacy-title", l.t("privacy-lead"), sections)
}

/// `GET /accessibilite`
pub async fn accessibility(ctx: PageCtx) -> Result<Response, WebError> {
    let (l, site) = (ctx.locale, &ctx.site);
    let lead = l.t_args("a11y-lead", &[("name", name(site))]);
    let sections = vec![
        (l.t("a11y-status"), l.t("a11y-status-text")),
        (l.t("a11y-tests"), l.t("a11y-tests-text")),
        (l.t("a11y-limits"), l.t("a11y-limits-text")),
        (
            l.t("a11y-feedback"),
            l.t_args("a11y-feedback-text", &[("name", name(site))]),
        ),
        (l.t("a11y-remedy"), l.t("a11y-remedy-text")),
    ];
    page(&ctx, "a11y-title", lead, sections)
}
