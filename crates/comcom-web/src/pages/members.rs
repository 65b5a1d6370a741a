//! Membership of the extranet: invitations into a space by email (for a
//! known person or a new one), the invitee's answer (by the emailed link or
//! from "my spaces"), leaving a space, and the member filters by category
//! and commune.

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use comcom_core::permissions::Action;
use comcom_core::{Role, SpaceRole};
use comcom_i18n::{Arg, Locale};
use comcom_store::accounts::normalize_email;
use comcom_store::members::{Answer, InvitationRecord, MemberDetail, MembershipRefusal};
use comcom_store::outbox::NewEmail;
use comcom_store::spaces::SpaceRecord;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors, is_email};
use crate::pages::spaces::{MembersView, members_page, visible_space};
use crate::pages::{PageCtx, see_other, see_other_with_cookie};

// ----- filters

/// The member list's filters: a category (a mandate's role, or `none` for
/// members without a current mandate) and a commune (INSEE code).
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub category: String,
    pub commune: String,
}

impl MemberFilter {
    pub fn from_query(category: Option<String>, commune: Option<String>) -> MemberFilter {
        let keep = |v: Option<String>| v.unwrap_or_default().trim().chars().take(40).collect();
        MemberFilter {
            category: keep(category),
            commune: keep(commune),
        }
    }

    pub fn is_active(&self) -> bool {
        !self.category.is_empty() || !self.commune.is_empty()
    }
}

/// The choices of the filter form.
pub struct FilterOptions {
    pub categories: Vec<(String, String)>,
    pub communes: Vec<(String, String)>,
    pub category: String,
    pub commune: String,
}

/// A member as the lists show them.
pub struct MemberRow {
    pub person_id: i64,
    pub name: String,
    pub role: &'static str,
    pub role_name: String,
    /// "Élu municipal, Agent communal · Engins"
    pub facts: String,
    pub role_label: String,
    pub remove_label: String,
}

/// The members of a space that pass `filter`, with the form's choices.
pub async fn filtered_members(
    ctx: &PageCtx,
    space: &SpaceRecord,
    filter: &MemberFilter,
) -> Result<(Vec<MemberRow>, FilterOptions), WebError> {
    let communes = ctx.state.store.communes(space.territory_id).await?;
    let commune_id = communes
        .iter()
        .find(|c| c.insee_code.as_str() == filter.commune)
        .map(|c| c.id);
    let category = Role::from_code(&filter.category);
    let details = ctx.state.store.member_details(space.id).await?;
    let keep = |d: &MemberDetail| {
        let category_ok = match (filter.category.as_str(), category) {
            ("", _) => true,
            ("none", _) => d.categories.is_empty(),
            (_, Some(role)) => d.categories.contains(&role),
            _ => false,
        };
        let commune_ok = filter.commune.is_empty()
            || commune_id.is_some_and(|id| d.communes.iter().any(|(c, _)| *c == id));
        category_ok && commune_ok
    };
    let rows = details
        .into_iter()
        .filter(keep)
        .map(|d| {
            let mut facts: Vec<String> = d
                .categories
                .iter()
                .map(|r| ctx.t(r.message_key()))
                .collect();
            let places: Vec<&str> = d.communes.iter().map(|(_, n)| n.as_str()).collect();
            let mut text = facts.join(", ");
            if !places.is_empty() {
                facts.clear();
                text = format!("{text} · {}", places.join(", "));
            }
            MemberRow {
                role_label: ctx.ta(
                    "members-role-of",
                    &[("name", Arg::from(d.display_name.as_str()))],
                ),
                remove_label: ctx.ta(
                    "members-remove-name",
                    &[("name", Arg::from(d.display_name.as_str()))],
                ),
                person_id: d.person_id,
                role: d.role.code(),
                role_name: ctx.t(d.role.message_key()),
                facts: text,
                name: d.display_name,
            }
        })
        .collect();
    let mut categories: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.code().to_owned(), ctx.t(r.message_key())))
        .collect();
    categories.push(("none".to_owned(), ctx.t("members-category-none")));
    let options = FilterOptions {
        categories,
        communes: communes
            .into_iter()
            .map(|c| (c.insee_code.to_string(), c.name))
            .collect(),
        category: filter.category.clone(),
        commune: filter.commune.clone(),
    };
    Ok((rows, options))
}

// ----- inviting

/// The values of the invitation form, shown again with its errors.
#[derive(Debug, Clone, Default)]
pub struct InviteForm {
    pub email: String,
    pub name: String,
    pub role: String,
}

/// `POST /espaces/{slug}/invitations`: invites a person chosen from the
/// directory (`person`) or known by address (`email`, with `name` when
/// nobody has it yet) into the space with a role.
pub async fn invite(
    ctx: PageCtx,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let (space, fact) = visible_space(&ctx, &slug).await?;
    ctx.require(Action::ManageMembers(fact))?;
    let store = &ctx.state.store;
    let mut errors = FormErrors::default();
    let role = SpaceRole::from_code(form.get("role"));
    if role.is_none() {
        errors.add("invite_role", ctx.t("error-role"));
    }
    let email = normalize_email(form.get("email"));
    let name = form.get("name");
    let chosen = match form.get("person") {
        "" => None,
        id => Some(
            match id.parse::<i64>() {
                Ok(id) => store.account(id).await?,
                Err(_) => None,
            }
            .filter(|p| p.territory_id.is_none_or(|t| t == space.territory_id)),
        ),
    };
    // Who is invited: a known person, or a new one to create once all is valid.
    let mut person = None;
    let mut new_person = false;
    match chosen {
        Some(None) => errors.add("invite_email", ctx.t("error-person")),
        Some(Some(account)) => {
            if account.email.is_none() && email.is_empty() {
                errors.add("invite_email", ctx.t("error-invite-needs-email"));
            } else if account.email.is_none() && !is_email(&email) {
                errors.add("invite_email", ctx.t("error-email"));
            }
            person = Some(account);
        }
        None => {
            if !is_email(&email) {
                errors.add("invite_email", ctx.t("error-email"));
            } else {
                match store.account_by_email(&email).await? {
                    Some(account)
                        if account.territory_id.is_none_or(|t| t == space.territory_id) =>
                    {
                        person = Some(account)
                    }
                    // Someone of another territory: answered like any taken address.
                    Some(_) => errors.add("invite_email", ctx.t("error-email-taken")),
                    None => {
                        new_person = true;
                        if name.is_empty() {
                            errors.add("invite_name", ctx.t("error-invite-name"));
                        } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
                            errors.add(
                                "invite_name",
                                ctx.ta("error-too-long", &[("max", Arg::from(120_i64))]),
                            );
                        }
                    }
                }
            }
        }
    }
    if let Some(p) = &person
        && store.membership(space.id, p.person_id).await?.is_some()
    {
        errors.add("invite_email", ctx.t("error-already-member"));
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        let invite = InviteForm {
            email: email.chars().take(254).collect(),
            name: name.chars().take(120).collect(),
            role: form.get("role").chars().take(20).collect(),
        };
        return members_page(
            &ctx,
            space,
            MembersView {
                errors,
                invite,
                ..MembersView::default()
            },
        )
        .await;
    };
    let account = match person {
        Some(account) => {
            if account.email.is_none() && !store.attach_email(account.person_id, &email).await? {
                let mut errors = FormErrors::default();
                errors.add("invite_email", ctx.t("error-email-taken"));
                return members_page(
                    &ctx,
                    space,
                    MembersView {
                        errors,
                        ..MembersView::default()
                    },
                )
                .await;
            }
            store
                .account(account.person_id)
                .await?
                .ok_or(WebError::NotFound)?
        }
        None if new_person => {
            store
                .create_account(Some(space.territory_id), name, &email)
                .await?
        }
        None => return Err(WebError::NotFound),
    };
    let (_, token) = store
        .invite_to_space(space.id, account.person_id, role, &ctx.audit_actor())
        .await?;
    send_invitation_email(&ctx, &space, &account, role, &token).await?;
    tracing::info!(
        space.id = space.id,
        person.id = account.person_id,
        role = role.code(),
        new_person,
        "invited into a space"
    );
    Ok(see_other(&format!(
        "/espaces/{}/membres?fait=invitation",
        space.slug
    )))
}

/// Queues the invitation email in the invitee's language.
async fn send_invitation_email(
    ctx: &PageCtx,
    space: &SpaceRecord,
    account: &comcom_store::accounts::Account,
    role: SpaceRole,
    token: &str,
) -> Result<(), WebError> {
    let Some(to) = account.email.as_deref() else {
        return Ok(());
    };
    let locale = Locale::from_tag(&account.locale).unwrap_or(ctx.locale);
    let link = ctx.site.absolute(&format!("/invitations/{token}"));
    let inviter = ctx
        .viewer
        .account
        .as_ref()
        .map(|a| a.display_name.clone())
        .unwrap_or_else(|| ctx.site.territory.name.clone());
    let args = [
        ("space", Arg::from(space.name.as_str())),
        ("inviter", Arg::from(inviter.as_str())),
        ("role", Arg::from(locale.t(role.message_key()))),
        ("link", Arg::from(link.as_str())),
        ("days", Arg::Num(comcom_store::members::INVITATION_DAYS)),
        ("territory", Arg::from(ctx.site.territory.name.as_str())),
    ];
    let subject = locale.t_args("mail-space-invitation-subject", &args);
    let text = locale.t_args("mail-space-invitation-body", &args);
    ctx.state
        .store
        .queue_email(
            &NewEmail {
                to,
                subject: &subject,
                text: &text,
                html: None,
                kind: "space_invitation",
            },
            &ctx.state.config.mail_domain(),
        )
        .await?;
    Ok(())
}

/// `POST /espaces/{slug}/invitations/{id}/annuler`
pub async fn cancel(
    ctx: PageCtx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let (space, fact) = visible_space(&ctx, &slug).await?;
    ctx.require(Action::ManageMembers(fact))?;
    if !ctx
        .state
        .store
        .cancel_invitation(space.id, id, &ctx.audit_actor())
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(see_other(&format!(
        "/espaces/{}/membres?fait=annulation",
        space.slug
    )))
}

// ----- answering

#[derive(Template)]
#[template(path = "invitation_space.html")]
struct InvitationPage {
    chrome: Chrome,
    heading: String,
    lead: String,
    action: String,
    signed_in_as_other: bool,
}

fn valid_token_shape(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn gone_page(ctx: &PageCtx) -> Result<Response, WebError> {
    let heading = ctx.t("invitation-gone-title");
    let chrome = ctx.chrome(&heading, Nav::None);
    let mut response = ctx.render(&crate::pages::account::MessagePage {
        chrome,
        heading,
        paragraphs: vec![ctx.t("invitation-gone")],
        link: Some(("/espaces".to_owned(), ctx.t("spaces-title"))),
    })?;
    *response.status_mut() = axum::http::StatusCode::GONE;
    Ok(response)
}

fn describe(ctx: &PageCtx, invitation: &InvitationRecord) -> String {
    let inviter = invitation
        .inviter_name
        .clone()
        .unwrap_or_else(|| ctx.site.territory.name.clone());
    ctx.ta(
        "invitation-space-lead",
        &[
            ("inviter", Arg::from(inviter.as_str())),
            ("space", Arg::from(invitation.space_name.as_str())),
            ("role", Arg::from(ctx.t(invitation.role.message_key()))),
        ],
    )
}

/// `GET /invitations/{token}`: what the invitation is, with "accept" and
/// "decline" buttons (opening the link changes nothing, so that a mail
/// scanner does not use it up).
pub async fn link_page(ctx: PageCtx, Path(token): Path<String>) -> Result<Response, WebError> {
    if !valid_token_shape(&token) {
        return gone_page(&ctx);
    }
    let Some(invitation) = ctx.state.store.invitation_by_token(&token).await? else {
        return gone_page(&ctx);
    };
    let heading = ctx.t("invitation-space-title");
    ctx.render_form(&InvitationPage {
        chrome: ctx.chrome(&heading, Nav::None),
        lead: describe(&ctx, &invitation),
        heading,
        action: format!("/invitations/{token}"),
        signed_in_as_other: ctx
            .viewer
            .person_id()
            .is_some_and(|p| p != invitation.person_id),
    })
}

/// `POST /invitations/{token}` with `answer=accept|decline`. Accepting by
/// the link signs the invitee in, as a login link would: the link was sent
/// to their address.
pub async fn answer_link(
    ctx: PageCtx,
    Path(token): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    if !valid_token_shape(&token) {
        return gone_page(&ctx);
    }
    let accept = match form.get("answer") {
        "accept" => true,
        "decline" => false,
        _ => return Err(WebError::BadRequest),
    };
    let answer = ctx
        .state
        .store
        .answer_invitation_by_token(&token, accept, &ctx.audit_actor())
        .await?;
    match answer {
        Answer::Gone => gone_page(&ctx),
        Answer::Declined(_) => {
            let heading = ctx.t("invitation-declined-title");
            let chrome = ctx.chrome(&heading, Nav::None);
            ctx.render(&crate::pages::account::MessagePage {
                chrome,
                heading,
                paragraphs: vec![ctx.t("invitation-declined")],
                link: Some(("/".to_owned(), ctx.t("invitation-back-home"))),
            })
        }
        Answer::Accepted(invitation) => {
            tracing::info!(
                person.id = invitation.person_id,
                space.id = invitation.space_id,
                "invitation accepted"
            );
            let target = format!("/espaces/{}", invitation.space_slug);
            if ctx.viewer.person_id() == Some(invitation.person_id) {
                return Ok(see_other(&target));
            }
            let secret = ctx
                .state
                .store
                .create_session(
                    invitation.person_id,
                    chrono::Duration::days(crate::auth::SESSION_DAYS),
                )
                .await?;
            let cookie = crate::cookies::set(
                crate::auth::SESSION_COOKIE,
                &secret,
                crate::auth::SESSION_DAYS * 86_400,
                ctx.state.config.is_https(),
            );
            Ok(see_other_with_cookie(&target, cookie))
        }
    }
}

/// `POST /mes-invitations/{id}` with `answer=accept|decline`: the signed-in
/// invitee answers from "my spaces".
pub async fn answer_own(
    ctx: PageCtx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    ctx.require(Action::UseAccount)?;
    let person_id = ctx.person_id()?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let accept = match form.get("answer") {
        "accept" => true,
        "decline" => false,
        _ => return Err(WebError::BadRequest),
    };
    match ctx
        .state
        .store
        .answer_invitation(id, person_id, accept, &ctx.audit_actor())
        .await?
    {
        Answer::Gone => Err(WebError::NotFound),
        Answer::Accepted(invitation) => {
            Ok(see_other(&format!("/espaces/{}", invitation.space_slug)))
        }
        Answer::Declined(_) => Ok(see_other("/espaces?fait=refus")),
    }
}

// ----- leaving

/// `POST /espaces/{slug}/quitter`: a member leaves the space (the last
/// facilitator cannot).
pub async fn leave(ctx: PageCtx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let person_id = ctx.person_id()?;
    let (space, fact) = visible_space(&ctx, &slug).await?;
    if fact.membership.is_none() {
        return Err(WebError::NotFound);
    }
    match ctx
        .state
        .store
        .remove_member(space.id, person_id, &ctx.audit_actor())
        .await?
    {
        Ok(()) => {
            tracing::info!(space.id = space.id, person.id = person_id, "member left");
            Ok(see_other("/espaces?fait=depart"))
        }
        Err(MembershipRefusal::NotMember) => Err(WebError::NotFound),
        Err(MembershipRefusal::LastFacilitator) => {
            let heading = ctx.t("leave-refused-title");
            let chrome = ctx.chrome(&heading, Nav::Spaces);
            let mut response = ctx.render(&crate::pages::account::MessagePage {
                chrome,
                heading,
                paragraphs: vec![ctx.t("error-last-facilitator")],
                link: Some((format!("/espaces/{}", space.slug), space.name.clone())),
            })?;
            *response.status_mut() = axum::http::StatusCode::CONFLICT;
            Ok(response)
        }
    }
}
