//! The territory's home page: who it is and its member communes.

use askama::Template;
use axum::response::Response;
use comcom_i18n::{Arg, format_int};

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::pages::PageCtx;

/// A commune as listed on the home page.
pub struct CommuneRow {
    pub insee_code: String,
    pub name: String,
    pub population: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    name: String,
    intro: String,
    kind: String,
    siren: String,
    population: String,
    caption: String,
    communes: Vec<CommuneRow>,
    /// The president and vice-presidents: person id, name, function.
    bureau: Vec<(i64, String, String)>,
    articles: Vec<crate::pages::articles::ArticleLine>,
}

/// `GET /`
pub async fn show(ctx: PageCtx) -> Result<Response, WebError> {
    let (locale, site) = (ctx.locale, &ctx.site);
    let t = &site.territory;
    let communes = ctx.state.store.communes(t.id).await?;
    let kind = locale.t(t.kind.message_key());
    let population = format_int(locale, t.population_municipale);

    let intro = locale.t_args(
        "home-intro",
        &[
            ("kind", Arg::from(kind.as_str())),
            ("count", Arg::from(communes.len())),
            ("population", Arg::from(population.as_str())),
        ],
    );
    let chrome = ctx.chrome(&t.name, Nav::Home);
    let bureau = ctx
        .state
        .store
        .bureau(t.id)
        .await?
        .iter()
        .map(|m| {
            (
                m.person_id,
                m.display_name.clone(),
                crate::pages::people::function_name(locale, m),
            )
        })
        .collect();

    let articles = ctx.state.store.public_articles(t.id, 5, 0).await?;
    ctx.render(&HomePage {
        articles: articles
            .iter()
            .map(|a| crate::pages::articles::line(&ctx, a))
            .collect(),
        bureau,
        caption: ctx.tt("home-communes-caption", &[]),
        communes: communes
            .iter()
            .map(|c| CommuneRow {
                insee_code: c.insee_code.to_string(),
                name: c.name.clone(),
                population: format_int(locale, c.population_municipale),
            })
            .collect(),
        chrome,
        name: t.name.clone(),
        intro,
        kind,
        siren: t.siren.to_string(),
        population,
    })
}
