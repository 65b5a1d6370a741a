//! A member commune's page.

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use comcom_core::InseeCode;
use comcom_i18n::{Arg, Locale, format_int};

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::pages::PageCtx;

#[derive(Template)]
#[template(path = "commune.html")]
struct CommunePage {
    chrome: Chrome,
    territory_name: String,
    name: String,
    intro: String,
    insee_code: String,
    siren: String,
    population: String,
    population_totale: String,
    website: Option<String>,
    share: String,
    back: String,
    /// Person id, name and function of each current municipal councillor.
    council: Vec<(i64, String, String)>,
    space_slug: Option<String>,
    /// The viewer manages the commune's people (its mayor, a designated agent, an administrator).
    can_manage_people: bool,
    articles: Vec<crate::pages::articles::ArticleLine>,
    /// The commune zone: accepted items from the commune's own site.
    zone: Vec<crate::pages::commune_news::ItemView>,
    attribution: String,
}

/// `GET /communes`: the list lives on the home page.
pub async fn index() -> Response {
    crate::pages::see_other("/#communes")
}

/// `GET /communes/{insee}`
pub async fn show(ctx: PageCtx, Path(insee): Path<String>) -> Result<Response, WebError> {
    let (state, locale, site) = (&ctx.state, ctx.locale, &ctx.site);
    let code = InseeCode::parse(&insee)
        .ok()
        .filter(|c| c.as_str().eq_ignore_ascii_case(&insee))
        .ok_or(WebError::NotFound)?;
    let t = &site.territory;
    let commune = state
        .store
        .commune(t.id, &code)
        .await?
        .ok_or(WebError::NotFound)?;

    let mut chrome = ctx.chrome(&commune.name, Nav::None);
    let prefix = format!("/communes/{}", commune.insee_code);
    let title = format!("{} – {}", commune.name, t.name);
    let mut feeds = crate::pages::feeds::discovery(&prefix, &title);
    feeds.push(crate::pages::public_calendar::discovery(
        &ctx, &prefix, &title,
    ));
    chrome.feeds.splice(0..0, feeds);
    chrome.feeds.push((
        "application/json+oembed",
        title,
        crate::pages::embed::oembed_link(site, &site.absolute(&prefix)),
    ));
    let council = state
        .store
        .municipal_council(commune.id)
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
    let space_slug = state.store.commune_space(commune.id).await?.map(|s| s.slug);

    let articles = state.store.commune_articles(commune.id, 5).await?;
    let (zone, attribution) = crate::pages::commune_news::zone(&ctx, commune.id).await?;
    ctx.render(&CommunePage {
        zone,
        attribution,
        articles: articles
            .iter()
            .map(|a| crate::pages::articles::line(&ctx, a))
            .collect(),
        council,
        space_slug,
        can_manage_people: ctx
            .viewer
            .decide(comcom_core::permissions::Action::ManageCommunePeople {
                territory_id: t.id,
                commune_id: commune.id,
            })
            .is_allowed(),
        territory_name: t.name.clone(),
        intro: ctx.tt("commune-intro", &[]),
        insee_code: commune.insee_code.to_string(),
        siren: commune.siren.to_string(),
        population: format_int(locale, commune.population_municipale),
        population_totale: format_int(locale, commune.population_totale),
        website: commune.website.clone(),
        share: ctx.tt(
            "commune-share",
            &[(
                "share",
                Arg::from(percent(
                    locale,
                    commune.population_municipale,
                    t.population_municipale,
                )),
            )],
        ),
        back: ctx.tt("commune-back", &[]),
        name: commune.name,
        chrome,
    })
}

/// A share with one decimal, written with the locale's decimal mark.
fn percent(locale: Locale, part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "0".to_owned();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    match locale {
        Locale::Fr => text.replace('.', ","),
        Locale::En => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_use_the_locale_decimal_mark() {
        assert_eq!(percent(Locale::Fr, 4365, 11997), "36,4");
        assert_eq!(percent(Locale::En, 368, 11997), "3.1");
        assert_eq!(percent(Locale::En, 1, 0), "0");
    }
}
