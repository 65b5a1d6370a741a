//! Spaces: "my spaces", a space's page, its members, creating a space.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use comcom_core::permissions::{Action, SpaceFact};
use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_i18n::Arg;
use comcom_store::spaces::{NewSpace, SpaceRecord};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors};
use crate::pages::{PageCtx, see_other};

/// The facts the permission core needs about a space, for the viewer.
pub async fn fact(ctx: &PageCtx, space: &SpaceRecord) -> Result<SpaceFact, WebError> {
    let membership = match ctx.viewer.person_id() {
        Some(person_id) => ctx.state.store.membership(space.id, person_id).await?,
        None => None,
    };
    Ok(SpaceFact {
        territory_id: space.territory_id,
        commune_id: space.commune_id,
        kind: space.kind,
        visibility: space.visibility,
        membership,
    })
}

/// The space at `slug` if the viewer may see it; a space they may not see is
/// answered like a missing one, so that its existence does not leak.
pub(crate) async fn visible_space(
    ctx: &PageCtx,
    slug: &str,
) -> Result<(SpaceRecord, SpaceFact), WebError> {
    let space = ctx
        .state
        .store
        .space_by_slug(ctx.territory_id(), slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let fact = fact(ctx, &space).await?;
    match ctx.viewer.require(Action::ViewSpace(fact)) {
        Ok(()) => Ok((space, fact)),
        Err(WebError::LoginRequired) => Err(WebError::LoginRequired),
        Err(_) => Err(WebError::NotFound),
    }
}

pub struct SpaceLine {
    slug: String,
    name: String,
    kind: String,
    visibility: String,
    role: String,
}

#[derive(Template)]
#[template(path = "spaces.html")]
struct SpacesPage {
    chrome: Chrome,
    can_create: bool,
    mine: Vec<SpaceLine>,
    others: Vec<SpaceLine>,
}

/// `GET /espaces`: the spaces the person belongs to, then the others they may see.
pub async fn index(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    let memberships = ctx.state.store.memberships_of(person_id).await?;
    let (mut mine, mut others) = (Vec::new(), Vec::new());
    for space in ctx.state.store.spaces(ctx.territory_id()).await? {
        let role = memberships
            .iter()
            .find(|(id, _)| *id == space.id)
            .map(|(_, r)| *r);
        let fact = SpaceFact {
            territory_id: space.territory_id,
            commune_id: space.commune_id,
            kind: space.kind,
            visibility: space.visibility,
            membership: role,
        };
        if !ctx.viewer.decide(Action::ViewSpace(fact)).is_allowed() {
            continue;
        }
        let line = SpaceLine {
            slug: space.slug.clone(),
            name: space.name.clone(),
            kind: ctx.t(space.kind.message_key()),
            visibility: ctx.t(space.visibility.message_key()),
            role: role.map(|r| ctx.t(r.message_key())).unwrap_or_default(),
        };
        if role.is_some() {
            mine.push(line)
        } else {
            others.push(line)
        }
    }
    ctx.render(&SpacesPage {
        chrome: ctx.chrome(&ctx.t("spaces-title"), Nav::Spaces),
        can_create: ctx
            .viewer
            .decide(Action::CreateSpace {
                territory_id: ctx.territory_id(),
            })
            .is_allowed(),
        mine,
        others,
    })
}

#[derive(Template)]
#[template(path = "space.html")]
struct SpacePage {
    chrome: Chrome,
    slug: String,
    name: String,
    kind: String,
    visibility: String,
    my_role: String,
    description: String,
    can_manage: bool,
    members: Option<Vec<(i64, String, String)>>,
}

/// `GET /espaces/{slug}`
pub async fn show(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (space, fact) = visible_space(&ctx, &slug).await?;
    let members = if ctx.viewer.decide(Action::ListMembers(fact)).is_allowed() {
        let list = ctx.state.store.members(space.id).await?;
        Some(
            list.into_iter()
                .map(|m| (m.person_id, m.display_name, ctx.t(m.role.message_key())))
                .collect(),
        )
    } else {
        None
    };
    let mut chrome = ctx.chrome(&space.name, Nav::Spaces);
    if space.visibility == comcom_core::Visibility::Public {
        let title = format!("{} – {}", space.name, ctx.site.territory.name);
        chrome.feeds.insert(
            0,
            (
                "application/atom+xml",
                title,
                format!("/espaces/{}/feed.atom", space.slug),
            ),
        );
    }
    ctx.render(&SpacePage {
        chrome,
        slug: space.slug,
        kind: ctx.t(space.kind.message_key()),
        visibility: ctx.t(space.visibility.message_key()),
        my_role: fact
            .membership
            .map(|r| ctx.t(r.message_key()))
            .unwrap_or_default(),
        description: space.description,
        can_manage: ctx.viewer.decide(Action::ManageMembers(fact)).is_allowed(),
        members,
        name: space.name,
    })
}

pub struct MemberLine {
    person_id: i64,
    name: String,
    role: &'static str,
    role_label: String,
    remove_label: String,
}

#[derive(Template)]
#[template(path = "space_members.html")]
struct MembersPage {
    chrome: Chrome,
    heading: String,
    slug: String,
    name: String,
    notice: Option<String>,
    errors: FormErrors,
    members: Vec<MemberLine>,
    roles: Vec<(&'static str, String)>,
    query: String,
    candidates: Vec<(i64, String, String)>,
}

#[derive(Deserialize)]
pub struct MembersQuery {
    q: Option<String>,
    fait: Option<String>,
}

/// The space at `slug` if the viewer may manage its members.
async fn managed_space(ctx: &PageCtx, slug: &str) -> Result<SpaceRecord, WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    ctx.require(Action::ManageMembers(fact))?;
    Ok(space)
}

async fn members_page(
    ctx: &PageCtx,
    space: SpaceRecord,
    query: String,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let members = ctx
        .state
        .store
        .members(space.id)
        .await?
        .into_iter()
        .map(|m| MemberLine {
            role_label: ctx.ta(
                "members-role-of",
                &[("name", Arg::from(m.display_name.as_str()))],
            ),
            remove_label: ctx.ta(
                "members-remove-name",
                &[("name", Arg::from(m.display_name.as_str()))],
            ),
            person_id: m.person_id,
            role: m.role.code(),
            name: m.display_name,
        })
        .collect();
    let candidates = if query.chars().count() >= 2 {
        ctx.state
            .store
            .search_people(space.territory_id, &query, 20)
            .await?
            .into_iter()
            .map(|(id, name)| {
                let label = ctx.ta("members-role-of", &[("name", Arg::from(name.as_str()))]);
                (id, name, label)
            })
            .collect()
    } else {
        Vec::new()
    };
    let heading = ctx.ta(
        "members-title",
        &[("space", Arg::from(space.name.as_str()))],
    );
    let invalid = !errors.is_empty();
    let page = MembersPage {
        chrome: ctx.chrome(&heading, Nav::Spaces),
        heading,
        slug: space.slug,
        name: space.name,
        notice,
        errors,
        members,
        roles: SpaceRole::ALL
            .iter()
            .map(|r| (r.code(), ctx.t(r.message_key())))
            .collect(),
        query,
        candidates,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /espaces/{slug}/membres[?q=name]`
pub async fn members(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<MembersQuery>,
) -> Result<Response, WebError> {
    let space = managed_space(&ctx, &slug).await?;
    let query: String = q.q.unwrap_or_default().trim().chars().take(100).collect();
    let notice = match q.fait.as_deref() {
        Some("ajout") => Some(ctx.t("members-added")),
        Some("role") => Some(ctx.t("members-role-changed")),
        Some("retrait") => Some(ctx.t("members-removed")),
        _ => None,
    };
    members_page(&ctx, space, query, notice, FormErrors::default()).await
}

/// `POST /espaces/{slug}/membres`: adds a person of the territory.
pub async fn add_member(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let space = managed_space(&ctx, &slug).await?;
    let mut errors = FormErrors::default();
    let role = SpaceRole::from_code(form.get("role"));
    if role.is_none() {
        errors.add("role", ctx.t("error-role"));
    }
    let person = match form.get("person").parse::<i64>() {
        Ok(id) => ctx.state.store.account(id).await?,
        Err(_) => None,
    };
    // Only people of this territory (or without one yet) can join its spaces.
    let person = person.filter(|p| p.territory_id.is_none_or(|t| t == space.territory_id));
    if person.is_none() {
        errors.add("person", ctx.t("error-person"));
    } else if let Some(p) = &person
        && ctx
            .state
            .store
            .membership(space.id, p.person_id)
            .await?
            .is_some()
    {
        errors.add("person", ctx.t("error-already-member"));
    }
    let (Some(role), Some(person), true) = (role, person, errors.is_empty()) else {
        return members_page(&ctx, space, String::new(), None, errors).await;
    };
    ctx.state
        .store
        .set_membership(space.id, person.person_id, role)
        .await?;
    tracing::info!(
        space.id = space.id,
        person.id = person.person_id,
        role = role.code(),
        "member added"
    );
    Ok(see_other(&format!(
        "/espaces/{}/membres?fait=ajout",
        space.slug
    )))
}

/// Whether the space has a single facilitator (who must stay one).
async fn last_facilitator(ctx: &PageCtx, space: &SpaceRecord) -> Result<bool, WebError> {
    let members = ctx.state.store.members(space.id).await?;
    Ok(members
        .iter()
        .filter(|m| m.role == SpaceRole::Facilitator)
        .count()
        <= 1)
}

/// `POST /espaces/{slug}/membres/{person}`: changes a member's role.
pub async fn change_role(
    ctx: PageCtx,
    Path((slug, person_id)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, WebError> {
    let person_id: i64 = person_id.parse().map_err(|_| WebError::NotFound)?;
    let space = managed_space(&ctx, &slug).await?;
    let Some(role) = SpaceRole::from_code(form.get("role")) else {
        let mut errors = FormErrors::default();
        errors.add("role", ctx.t("error-role"));
        return members_page(&ctx, space, String::new(), None, errors).await;
    };
    let current = ctx
        .state
        .store
        .membership(space.id, person_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if current == SpaceRole::Facilitator
        && role != SpaceRole::Facilitator
        && last_facilitator(&ctx, &space).await?
    {
        let mut errors = FormErrors::default();
        errors.add("role", ctx.t("error-last-facilitator"));
        return members_page(&ctx, space, String::new(), None, errors).await;
    }
    ctx.state
        .store
        .set_membership(space.id, person_id, role)
        .await?;
    tracing::info!(
        space.id = space.id,
        person.id = person_id,
        role = role.code(),
        "member role changed"
    );
    Ok(see_other(&format!(
        "/espaces/{}/membres?fait=role",
        space.slug
    )))
}

/// `POST /espaces/{slug}/membres/{person}/retirer`
pub async fn remove_member(
    ctx: PageCtx,
    Path((slug, person_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let person_id: i64 = person_id.parse().map_err(|_| WebError::NotFound)?;
    let space = managed_space(&ctx, &slug).await?;
    let current = ctx
        .state
        .store
        .membership(space.id, person_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if current == SpaceRole::Facilitator && last_facilitator(&ctx, &space).await? {
        let mut errors = FormErrors::default();
        errors.add("role", ctx.t("error-last-facilitator"));
        return members_page(&ctx, space, String::new(), None, errors).await;
    }
    ctx.state
        .store
        .remove_membership(space.id, person_id)
        .await?;
    tracing::info!(space.id = space.id, person.id = person_id, "member removed");
    Ok(see_other(&format!(
        "/espaces/{}/membres?fait=retrait",
        space.slug
    )))
}

#[derive(Template)]
#[template(path = "space_new.html")]
struct NewSpacePage {
    chrome: Chrome,
    errors: FormErrors,
    space_name: String,
    kind: String,
    visibility: String,
    description: String,
    kinds: Vec<(&'static str, String)>,
    visibilities: Vec<(&'static str, String)>,
}

/// Kinds an administrator may create by hand (territory and commune spaces
/// come with the territory and the communes).
const CREATABLE: [SpaceKind; 4] = [
    SpaceKind::Commission,
    SpaceKind::WorkingGroup,
    SpaceKind::MayorsConference,
    SpaceKind::DevelopmentCouncil,
];

fn new_space_page(
    ctx: &PageCtx,
    errors: FormErrors,
    values: [String; 4],
) -> Result<Response, WebError> {
    let [space_name, kind, visibility, description] = values;
    let invalid = !errors.is_empty();
    let page = NewSpacePage {
        chrome: ctx.chrome(&ctx.t("spaces-create"), Nav::Spaces),
        errors,
        space_name,
        kind,
        visibility,
        description,
        kinds: CREATABLE
            .iter()
            .map(|k| (k.code(), ctx.t(k.message_key())))
            .collect(),
        visibilities: Visibility::ALL
            .iter()
            .map(|v| (v.code(), ctx.t(v.message_key())))
            .collect(),
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /espaces/nouveau`
pub async fn new_form(ctx: PageCtx) -> Result<Response, WebError> {
    ctx.require(Action::CreateSpace {
        territory_id: ctx.territory_id(),
    })?;
    let defaults = [
        String::new(),
        "commission".to_owned(),
        "territory".to_owned(),
        String::new(),
    ];
    new_space_page(&ctx, FormErrors::default(), defaults)
}

/// `POST /espaces/nouveau`
pub async fn create(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    ctx.require(Action::CreateSpace {
        territory_id: ctx.territory_id(),
    })?;
    let name = form.get("name");
    let description = form.get("description");
    let kind = SpaceKind::from_code(form.get("kind")).filter(|k| CREATABLE.contains(k));
    let visibility = Visibility::from_code(form.get("visibility"));
    let mut errors = FormErrors::default();
    if name.is_empty() {
        errors.add("name", ctx.t("error-name-empty"));
    } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
        errors.add(
            "name",
            ctx.ta("error-too-long", &[("max", Arg::from(120_i64))]),
        );
    }
    if kind.is_none() {
        errors.add("kind", ctx.t("error-space-kind"));
    }
    if visibility.is_none() {
        errors.add("visibility", ctx.t("error-visibility"));
    }
    if description.chars().count() > 2000 {
        errors.add(
            "description",
            ctx.ta("error-too-long", &[("max", Arg::from(2000_i64))]),
        );
    }
    let (Some(kind), Some(visibility), true) = (kind, visibility, errors.is_empty()) else {
        let values = [
            name.chars().take(200).collect(),
            form.get("kind").chars().take(40).collect(),
            form.get("visibility").chars().take(40).collect(),
            description.chars().take(2000).collect(),
        ];
        return new_space_page(&ctx, errors, values);
    };
    let space = ctx
        .state
        .store
        .create_space(&NewSpace {
            territory_id: ctx.territory_id(),
            commune_id: None,
            kind,
            visibility,
            name,
            description,
        })
        .await?;
    let person_id = ctx.person_id()?;
    ctx.state
        .store
        .set_membership(space.id, person_id, SpaceRole::Facilitator)
        .await?;
    tracing::info!(space.id = space.id, "space created");
    Ok(see_other(&format!("/espaces/{}", space.slug)))
}
