//! What other capabilities add to "my spaces" (`GET /espaces`), the
//! signed-in person's dashboard.
//!
//! Extension points, filled in by their owners:
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
pub async fn extras(
    _ctx: &PageCtx,
    _person_id: i64,
    _space_ids: &[i64],
) -> Result<Extras, WebError> {
    // TODO: unread counts and a notifications panel once notifications land.
    Ok(Extras::default())
}
