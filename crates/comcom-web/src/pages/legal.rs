//! The legal pages every public site owes its visitors, with defaults that
//! are true of comcom out of the box.

use askama::Template;
use axum::response::Response;
use comcom_i18n::Arg;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::pages::PageCtx;

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
    mut sections: Vec<(String, String)>,
) -> Result<Response, WebError> {
    if let Some(email) = &ctx.state.config.contact_email {
        let text = ctx.ta(
            "legal-contact-text",
            &[("email", Arg::from(email.as_str()))],
        );
        sections.push((ctx.t("legal-contact"), text));
    }
    let heading = ctx.t(title_key);
    let chrome = ctx.chrome(&heading, Nav::None);
    ctx.render(&LegalPage {
        chrome,
        heading,
        lead,
        sections,
    })
}

/// `GET /mentions-legales`
pub async fn notice(ctx: PageCtx) -> Result<Response, WebError> {
    let (l, site) = (ctx.locale, &ctx.site);
    let t = &site.territory;
    let publisher = ctx.tt(
        "legal-publisher-text",
        &[
            ("kind", Arg::from(l.t(t.kind.message_key()))),
            ("siren", Arg::from(t.siren.as_str())),
        ],
    );
    let host = match &ctx.state.config.hosting {
        Some(host) => l.t_args("legal-host-text", &[("host", Arg::from(host.as_str()))]),
        None => ctx.tt("legal-host-default", &[]),
    };
    let sections = vec![
        (
            l.t("legal-director"),
            match &ctx.state.config.publication_director {
                Some(director) => ctx.tt(
                    "legal-director-named",
                    &[("director", Arg::from(director.as_str()))],
                ),
                None => ctx.tt("legal-director-text", &[]),
            },
        ),
        (l.t("legal-host"), host),
        (l.t("legal-software"), l.t("legal-software-text")),
        (l.t("legal-data"), l.t("legal-data-text")),
    ];
    page(&ctx, "legal-notice-title", publisher, sections)
}

/// `GET /donnees-personnelles`
pub async fn privacy(ctx: PageCtx) -> Result<Response, WebError> {
    let l = ctx.locale;
    let sections = vec![
        (l.t("privacy-cookies"), l.t("privacy-cookies-text")),
        (l.t("privacy-logs"), l.t("privacy-logs-text")),
        (l.t("privacy-account"), l.t("privacy-account-text")),
        (l.t("privacy-rights"), ctx.tt("privacy-rights-text", &[])),
    ];
    page(&ctx, "privacy-title", l.t("privacy-lead"), sections)
}

/// `GET /accessibilite`
pub async fn accessibility(ctx: PageCtx) -> Result<Response, WebError> {
    let l = ctx.locale;
    let lead = ctx.tt("a11y-lead", &[]);
    let sections = vec![
        (l.t("a11y-status"), l.t("a11y-status-text")),
        (l.t("a11y-tests"), l.t("a11y-tests-text")),
        (l.t("a11y-limits"), l.t("a11y-limits-text")),
        (l.t("a11y-feedback"), ctx.tt("a11y-feedback-text", &[])),
        (l.t("a11y-remedy"), l.t("a11y-remedy-text")),
    ];
    page(&ctx, "a11y-title", lead, sections)
}
