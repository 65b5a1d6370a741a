//! What other capabilities add to "my spaces" (`GET /espaces`), the
//! signed-in person's dashboard.
//!
//! Extension points (add to them rather than to the page):
//! - `unread`: per space id, how many items the person has not seen yet
//!   (notifications, discussions); shown next to the space's name.
//! - `panels`: a titled list of links (upcoming meetings, latest
//!   notifications…), shown below the spaces. Add one function per panel in
//!   [`extras`]; keep each to one or two queries.

use std::collections::HashMap;

use crate::WebError;
use crate::pages::PageCtx;

/// A box on the dashboard: a heading and a few links.
pub struct Panel {
    /// Unique on the page, used for `aria-labelledby`.
    pub id: &'static str,
    pub heading: String,
    /// (href, text, detail)
    pub items: Vec<(String, String, String)>,
    /// Shown when `items` is empty.
    pub empty: String,
}

/// What the dashboard shows besides spaces and invitations.
#[derive(Default)]
pub struct Extras {
    pub unread: HashMap<i64, i64>,
    pub panels: Vec<Panel>,
}

/// Gathers the extras for `person_id`, member of `space_ids`.
pub async fn extras(ctx: &PageCtx, person_id: i64, space_ids: &[i64]) -> Result<Extras, WebError> {
    let mut extras = Extras {
        unread: unread_by_space(ctx, person_id, space_ids).await?,
        panels: Vec::new(),
    };
    if let Some(panel) = communes_panel(ctx).await? {
        extras.panels.push(panel);
    }
    Ok(extras)
}

/// Unread notifications per space, from the person's latest notifications.
async fn unread_by_space(
    ctx: &PageCtx,
    person_id: i64,
    space_ids: &[i64],
) -> Result<HashMap<i64, i64>, WebError> {
    let mut unread = HashMap::new();
    // TODO: a grouped count in the store if people keep thousands of notifications.
    for n in ctx.state.store.notifications(person_id, None, 500).await? {
        if !n.read && space_ids.contains(&n.event.space_id) {
            *unread.entry(n.event.space_id).or_insert(0) += 1;
        }
    }
    Ok(unread)
}

/// "Ma commune": links to manage the people of the communes the person is
/// mayor or designated agent of.
async fn communes_panel(ctx: &PageCtx) -> Result<Option<Panel>, WebError> {
    let territory_id = ctx.territory_id();
    let actor = &ctx.viewer.actor;
    let mut items = Vec::new();
    for commune in ctx.state.store.communes(territory_id).await? {
        let mine = actor.is_mayor_of(territory_id, commune.id)
            || actor.is_agent_of(territory_id, commune.id);
        if mine {
            items.push((
                format!("/communes/{}/personnes", commune.insee_code),
                ctx.ta(
                    "dashboard-commune-people",
                    &[("name", comcom_i18n::Arg::from(commune.name.as_str()))],
                ),
                String::new(),
            ));
        }
    }
    Ok((!items.is_empty()).then(|| Panel {
        id: "communes",
        heading: ctx.t("dashboard-communes"),
        items,
        empty: ctx.t("dashboard-communes-empty"),
    }))
}
