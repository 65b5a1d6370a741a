//! Spaces: "my spaces", a space's page, its members, creating a space.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use comcom_core::permissions::{Action, SpaceFact};
use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_i18n::Arg;
use comcom_store::members::MembershipRefusal;
use comcom_store::spaces::{NewSpace, SpaceRecord};
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors};
use crate::pages::members::{FilterOptions, InviteForm, MemberFilter, MemberRow, filtered_members};
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
    /// "3 non lus", once notifications fill it in (see `dashboard`).
    unread: Option<String>,
}

/// A pending invitation on "my spaces".
pub struct InvitationLine {
    id: i64,
    space_name: String,
    lead: String,
    accept_label: String,
    decline_label: String,
}

#[derive(Template)]
#[template(path = "spaces.html")]
struct SpacesPage {
    chrome: Chrome,
    notice: Option<String>,
    can_create: bool,
    invitations: Vec<InvitationLine>,
    mine: Vec<SpaceLine>,
    others: Vec<SpaceLine>,
    panels: Vec<crate::pages::dashboard::Panel>,
}

#[derive(Deserialize)]
pub struct SpacesQuery {
    fait: Option<String>,
}

/// `GET /espaces`, "my spaces", the signed-in person's dashboard: pending
/// invitations, the spaces they belong to with their role, then the others
/// they may see, and the panels other capabilities add.
pub async fn index(ctx: PageCtx, Query(q): Query<SpacesQuery>) -> Result<Response, WebError> {
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
            unread: None,
        };
        if role.is_some() {
            mine.push((space.id, line))
        } else {
            others.push(line)
        }
    }
    let extras = crate::pages::dashboard::extras(
        &ctx,
        person_id,
        &mine.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
    )
    .await?;
    let mine = mine
        .into_iter()
        .map(|(id, mut line)| {
            line.unread = extras
                .unread
                .get(&id)
                .copied()
                .filter(|n| *n > 0)
                .map(|n| ctx.ta("spaces-unread", &[("count", Arg::Num(n))]));
            line
        })
        .collect();
    let invitations = ctx
        .state
        .store
        .pending_invitations_of(person_id)
        .await?
        .into_iter()
        .filter(|i| i.territory_id == ctx.territory_id())
        .map(|i| {
            let inviter = i
                .inviter_name
                .clone()
                .unwrap_or_else(|| ctx.site.territory.name.clone());
            let space = Arg::from(i.space_name.as_str());
            InvitationLine {
                id: i.id,
                lead: ctx.ta(
                    "invitation-space-lead",
                    &[
                        ("inviter", Arg::from(inviter.as_str())),
                        ("space", space.clone()),
                        ("role", Arg::from(ctx.t(i.role.message_key()))),
                    ],
                ),
                accept_label: ctx.ta("invitation-accept-space", &[("space", space.clone())]),
                decline_label: ctx.ta("invitation-decline-space", &[("space", space)]),
                space_name: i.space_name,
            }
        })
        .collect();
    let notice = match q.fait.as_deref() {
        Some("refus") => Some(ctx.t("invitation-declined")),
        Some("depart") => Some(ctx.t("space-left")),
        _ => None,
    };
    ctx.render_form(&SpacesPage {
        chrome: ctx.chrome(&ctx.t("spaces-title"), Nav::Spaces),
        notice,
        can_create: ctx
            .viewer
            .decide(Action::CreateSpace {
                territory_id: ctx.territory_id(),
            })
            .is_allowed(),
        invitations,
        mine,
        others,
        panels: extras.panels,
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
    can_leave: bool,
    members: Option<Vec<MemberRow>>,
    filters: Option<FilterOptions>,
    filtered: bool,
    filter_action: String,
    can_discuss: bool,
    is_member: bool,
    can_see_meetings: bool,
    can_documents: bool,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    categorie: Option<String>,
    commune: Option<String>,
}

/// `GET /espaces/{slug}[?categorie=…&commune=…]`
pub async fn show(
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let (space, fact) = visible_space(&ctx, &slug).await?;
    let filter = MemberFilter::from_query(q.categorie, q.commune);
    let (members, filters) = if ctx.viewer.decide(Action::ListMembers(fact)).is_allowed() {
        let (rows, options) = filtered_members(&ctx, &space, &filter).await?;
        (Some(rows), Some(options))
    } else {
        (None, None)
    };
    let mut chrome = ctx.chrome(&space.name, Nav::Spaces);
    if space.visibility == comcom_core::Visibility::Public {
        let title = format!("{} – {}", space.name, ctx.site.territory.name);
        let prefix = format!("/espaces/{}", space.slug);
        let mut feeds = crate::pages::feeds::discovery(&prefix, &title);
        feeds.push(crate::pages::public_calendar::discovery(
            &ctx, &prefix, &title,
        ));
        chrome.feeds.splice(0..0, feeds);
    }
    let filter_action = format!("/espaces/{}", space.slug);
    let page = SpacePage {
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
        can_leave: fact.membership.is_some(),
        can_discuss: ctx
            .viewer
            .decide(Action::ReadDiscussions(fact))
            .is_allowed(),
        is_member: fact.membership.is_some(),
        can_see_meetings: ctx.viewer.decide(Action::ViewMeetings(fact)).is_allowed(),
        can_documents: ctx.viewer.decide(Action::ViewDocuments(fact)).is_allowed(),
        members,
        filters,
        filtered: filter.is_active(),
        filter_action,
        name: space.name,
    };
    if page.can_leave {
        ctx.render_form(&page)
    } else {
        ctx.render(&page)
    }
}

/// A pending invitation on the members page.
pub struct PendingLine {
    id: i64,
    name: String,
    role: String,
    cancel_label: String,
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
    members: Vec<MemberRow>,
    roles: Vec<(&'static str, String)>,
    query: String,
    candidates: Vec<(i64, String, String)>,
    invite: InviteForm,
    pending: Vec<PendingLine>,
    filters: FilterOptions,
    filtered: bool,
    filter_action: String,
}

#[derive(Deserialize)]
pub struct MembersQuery {
    q: Option<String>,
    fait: Option<String>,
    categorie: Option<String>,
    commune: Option<String>,
}

/// What the members page shows besides the members.
#[derive(Default)]
pub struct MembersView {
    pub query: String,
    pub notice: Option<String>,
    pub errors: FormErrors,
    pub invite: InviteForm,
    pub filter: MemberFilter,
}

/// The space at `slug` if the viewer may manage its members.
async fn managed_space(ctx: &PageCtx, slug: &str) -> Result<SpaceRecord, WebError> {
    let (space, fact) = visible_space(ctx, slug).await?;
    ctx.require(Action::ManageMembers(fact))?;
    Ok(space)
}

pub(crate) async fn members_page(
    ctx: &PageCtx,
    space: SpaceRecord,
    view: MembersView,
) -> Result<Response, WebError> {
    let MembersView {
        query,
        notice,
        errors,
        invite,
        filter,
    } = view;
    let (members, filters) = filtered_members(ctx, &space, &filter).await?;
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
    let pending = ctx
        .state
        .store
        .pending_invitations_to(space.id)
        .await?
        .into_iter()
        .map(|i| PendingLine {
            id: i.id,
            cancel_label: ctx.ta(
                "members-invitation-cancel-name",
                &[("name", Arg::from(i.person_name.as_str()))],
            ),
            role: ctx.t(i.role.message_key()),
            name: i.person_name,
        })
        .collect();
    let heading = ctx.ta(
        "members-title",
        &[("space", Arg::from(space.name.as_str()))],
    );
    let invalid = !errors.is_empty();
    let invite = InviteForm {
        role: if invite.role.is_empty() {
            SpaceRole::Member.code().to_owned()
        } else {
            invite.role
        },
        ..invite
    };
    let filter_action = format!("/espaces/{}/membres", space.slug);
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
        invite,
        pending,
        filters,
        filtered: filter.is_active(),
        filter_action,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /espaces/{slug}/membres[?q=name&categorie=…&commune=…]`
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
        Some("invitation") => Some(ctx.t("members-invited")),
        Some("annulation") => Some(ctx.t("members-invitation-cancelled")),
        _ => None,
    };
    let view = MembersView {
        query,
        notice,
        filter: MemberFilter::from_query(q.categorie, q.commune),
        ..MembersView::default()
    };
    members_page(&ctx, space, view).await
}

fn errors_view(errors: FormErrors) -> MembersView {
    MembersView {
        errors,
        ..MembersView::default()
    }
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
        return members_page(&ctx, space, errors_view(errors)).await;
    };
    ctx.state
        .store
        .set_member_role(space.id, person.person_id, role, &ctx.audit_actor())
        .await?
        .map_err(|_| WebError::Internal("a new member refused".into()))?;
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

fn last_facilitator_page(
    ctx: &PageCtx,
    space: SpaceRecord,
) -> impl std::future::Future<Output = Result<Response, WebError>> + '_ {
    let mut errors = FormErrors::default();
    errors.add("role", ctx.t("error-last-facilitator"));
    members_page(ctx, space, errors_view(errors))
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
        return members_page(&ctx, space, errors_view(errors)).await;
    };
    ctx.state
        .store
        .membership(space.id, person_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if ctx
        .state
        .store
        .set_member_role(space.id, person_id, role, &ctx.audit_actor())
        .await?
        .is_err()
    {
        return last_facilitator_page(&ctx, space).await;
    }
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
    match ctx
        .state
        .store
        .remove_member(space.id, person_id, &ctx.audit_actor())
        .await?
    {
        Ok(()) => {}
        Err(MembershipRefusal::NotMember) => return Err(WebError::NotFound),
        Err(MembershipRefusal::LastFacilitator) => {
            return last_facilitator_page(&ctx, space).await;
        }
    }
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
