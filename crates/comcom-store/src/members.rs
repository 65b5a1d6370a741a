//! Membership of the extranet: invitations into a space (accepted or
//! declined by the invitee), leaving, role changes and removals — each
//! written with its audit row in one transaction — the members of a space
//! with the category and communes of each, and the agents a commune's mayor
//! designates.

use chrono::{Duration, Utc};
use comcom_core::{Role, SpaceRole};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::audit::{self, Actor, AuditInput, kind};
use crate::db::Store;
use crate::secrets::{random_token, token_hash};
use crate::time::{now, stamp};
use crate::{Result, StoreError};

/// How long an invitation into a space stays valid.
pub const INVITATION_DAYS: i64 = 14;

/// An invitation into a space, with what its page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: i64,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub territory_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub role: SpaceRole,
    pub invited_by: Option<i64>,
    pub inviter_name: Option<String>,
    pub status: String,
    pub expires_at: String,
    pub created_at: String,
}

/// What became of an answer to an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Accepted(InvitationRecord),
    Declined(InvitationRecord),
    /// Used, expired, cancelled, or someone else's.
    Gone,
}

/// What a change of membership was refused for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipRefusal {
    NotMember,
    /// A space keeps at least one facilitator.
    LastFacilitator,
}

/// A member of a space with the facts the member list filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDetail {
    pub person_id: i64,
    pub display_name: String,
    pub role: SpaceRole,
    /// The roles of the person's current mandates in the space's territory.
    pub categories: Vec<Role>,
    /// The communes of those mandates (id, name).
    pub communes: Vec<(i64, String)>,
}

const INVITATION_SELECT: &str = "SELECT i.id, i.space_id, s.slug AS space_slug, \
     s.name AS space_name, s.territory_id, i.person_id, p.display_name AS person_name, i.role, \
     i.invited_by, b.display_name AS inviter_name, i.status, i.expires_at, i.created_at \
     FROM space_invitation i JOIN space s ON s.id = i.space_id \
     JOIN person p ON p.id = i.person_id LEFT JOIN person b ON b.id = i.invited_by";

fn invitation_from_row(row: &AnyRow) -> Result<InvitationRecord> {
    let role: String = row.try_get("role")?;
    Ok(InvitationRecord {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        space_slug: row.try_get("space_slug")?,
        space_name: row.try_get("space_name")?,
        territory_id: row.try_get("territory_id")?,
        person_id: row.try_get("person_id")?,
        person_name: row.try_get("person_name")?,
        role: SpaceRole::from_code(&role).ok_or(StoreError::Corrupt {
            column: "space_invitation.role",
            value: role,
        })?,
        invited_by: row.try_get("invited_by")?,
        inviter_name: row.try_get("inviter_name")?,
        status: row.try_get("status")?,
        expires_at: row.try_get("expires_at")?,
        created_at: row.try_get("created_at")?,
    })
}

async fn space_territory(conn: &mut AnyConnection, space_id: i64) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT territory_id FROM space WHERE id = $1")
        .bind(space_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get("territory_id"))
        .transpose()
        .map_err(Into::into)
}

async fn current_role(
    conn: &mut AnyConnection,
    space_id: i64,
    person_id: i64,
) -> Result<Option<SpaceRole>> {
    let row = sqlx::query("SELECT role FROM membership WHERE space_id = $1 AND person_id = $2")
        .bind(space_id)
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => {
            let code: String = r.try_get("role")?;
            Ok(Some(SpaceRole::from_code(&code).ok_or(
                StoreError::Corrupt {
                    column: "membership.role",
                    value: code,
                },
            )?))
        }
        None => Ok(None),
    }
}

async fn upsert_membership(
    conn: &mut AnyConnection,
    space_id: i64,
    person_id: i64,
    role: SpaceRole,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO membership (space_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (space_id, person_id) DO UPDATE SET role = excluded.role",
    )
    .bind(space_id)
    .bind(person_id)
    .bind(role.code())
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether removing `person_id`'s facilitator role would leave the space without one.
async fn is_last_facilitator(
    conn: &mut AnyConnection,
    space_id: i64,
    person_id: i64,
) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM membership WHERE space_id = $1 AND role = 'facilitator' \
         AND person_id <> $2",
    )
    .bind(space_id)
    .bind(person_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? == 0)
}

/// Which invitation an answer is for.
enum Which {
    /// The hash of a link's secret.
    Token(String),
    /// An invitation of this person.
    Own { id: i64, person_id: i64 },
}

fn today() -> String {
    crate::time::date(Utc::now().date_naive())
}

impl Store {
    // ----- invitations

    /// Invites a person into a space with a role; returns the invitation's
    /// id and the secret of its link (never stored, only its hash). An
    /// earlier pending invitation of the same person into the space is
    /// replaced (cancelled), so that one link at most works.
    pub async fn invite_to_space(
        &self,
        space_id: i64,
        person_id: i64,
        role: SpaceRole,
        actor: &Actor,
    ) -> Result<(i64, String)> {
        let token = random_token();
        let stamp_now = now();
        let mut tx = self.begin_write().await?;
        let territory_id = space_territory(&mut tx, space_id).await?;
        sqlx::query(
            "UPDATE space_invitation SET status = 'cancelled', answered_at = $1 \
             WHERE space_id = $2 AND person_id = $3 AND status = 'pending'",
        )
        .bind(&stamp_now)
        .bind(space_id)
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "INSERT INTO space_invitation (space_id, person_id, role, invited_by, token_hash, \
             status, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) \
             RETURNING id",
        )
        .bind(space_id)
        .bind(person_id)
        .bind(role.code())
        .bind(actor.person_id)
        .bind(token_hash(&token))
        .bind(stamp(Utc::now() + Duration::days(INVITATION_DAYS)))
        .bind(&stamp_now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id,
                target_person_id: Some(person_id),
                space_id: Some(space_id),
                detail: role.code(),
                ..AuditInput::new(kind::INVITED, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok((id, token))
    }

    /// The pending, unexpired invitation a link's secret opens.
    pub async fn invitation_by_token(&self, token: &str) -> Result<Option<InvitationRecord>> {
        sqlx::query(&format!(
            "{INVITATION_SELECT} WHERE i.token_hash = $1 AND i.status = 'pending' \
             AND i.expires_at > $2"
        ))
        .bind(token_hash(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(invitation_from_row)
        .transpose()
    }

    /// A person's pending, unexpired invitations, the newest first.
    pub async fn pending_invitations_of(&self, person_id: i64) -> Result<Vec<InvitationRecord>> {
        sqlx::query(&format!(
            "{INVITATION_SELECT} WHERE i.person_id = $1 AND i.status = 'pending' \
             AND i.expires_at > $2 ORDER BY i.id DESC"
        ))
        .bind(person_id)
        .bind(now())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(invitation_from_row)
        .collect()
    }

    /// A space's pending, unexpired invitations, the newest first.
    pub async fn pending_invitations_to(&self, space_id: i64) -> Result<Vec<InvitationRecord>> {
        sqlx::query(&format!(
            "{INVITATION_SELECT} WHERE i.space_id = $1 AND i.status = 'pending' \
             AND i.expires_at > $2 ORDER BY i.id DESC"
        ))
        .bind(space_id)
        .bind(now())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(invitation_from_row)
        .collect()
    }

    /// Every invitation of a person, whatever became of it (for the export).
    pub async fn invitations_of(&self, person_id: i64) -> Result<Vec<InvitationRecord>> {
        sqlx::query(&format!(
            "{INVITATION_SELECT} WHERE i.person_id = $1 ORDER BY i.id"
        ))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(invitation_from_row)
        .collect()
    }

    /// Answers the invitation opened by a link's secret: works once, before
    /// it expires, even under concurrent clicks.
    pub async fn answer_invitation_by_token(
        &self,
        token: &str,
        accept: bool,
        actor: &Actor,
    ) -> Result<Answer> {
        self.answer(Which::Token(token_hash(token)), accept, actor)
            .await
    }

    /// Answers one of `person_id`'s own invitations (from the dashboard).
    pub async fn answer_invitation(
        &self,
        id: i64,
        person_id: i64,
        accept: bool,
        actor: &Actor,
    ) -> Result<Answer> {
        self.answer(Which::Own { id, person_id }, accept, actor)
            .await
    }

    async fn answer(&self, which: Which, accept: bool, actor: &Actor) -> Result<Answer> {
        let status = if accept { "accepted" } else { "declined" };
        let mut tx = self.begin_write().await?;
        let sql = |clause: &str| {
            format!(
                "UPDATE space_invitation SET status = $1, answered_at = $2 \
                 WHERE {clause} AND status = 'pending' AND expires_at > $2 \
                 RETURNING id, person_id"
            )
        };
        let row = match &which {
            Which::Token(hash) => {
                sqlx::query(&sql("token_hash = $3"))
                    .bind(status)
                    .bind(now())
                    .bind(hash)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            Which::Own { id, person_id } => {
                sqlx::query(&sql("id = $3 AND person_id = $4"))
                    .bind(status)
                    .bind(now())
                    .bind(*id)
                    .bind(*person_id)
                    .fetch_optional(&mut *tx)
                    .await?
            }
        };
        let Some(row) = row else {
            return Ok(Answer::Gone);
        };
        let id: i64 = row.try_get("id")?;
        let invitee: i64 = row.try_get("person_id")?;
        let invitation = sqlx::query(&format!("{INVITATION_SELECT} WHERE i.id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let invitation = invitation_from_row(&invitation)?;
        if accept {
            // Already a member with a higher role: keep the higher one.
            let current = current_role(&mut tx, invitation.space_id, invitee).await?;
            let role = current.map_or(invitation.role, |c| c.max(invitation.role));
            upsert_membership(&mut tx, invitation.space_id, invitee, role).await?;
        }
        let actor = Actor {
            person_id: actor.person_id.or(Some(invitee)),
            request_id: actor.request_id.clone(),
        };
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id: Some(invitation.territory_id),
                target_person_id: Some(invitee),
                space_id: Some(invitation.space_id),
                detail: invitation.role.code(),
                ..AuditInput::new(if accept { kind::JOINED } else { kind::DECLINED }, &actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(if accept {
            Answer::Accepted(invitation)
        } else {
            Answer::Declined(invitation)
        })
    }

    /// Cancels a pending invitation into a space (by a facilitator).
    pub async fn cancel_invitation(&self, space_id: i64, id: i64, actor: &Actor) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE space_invitation SET status = 'cancelled', answered_at = $1 \
             WHERE id = $2 AND space_id = $3 AND status = 'pending' RETURNING person_id, role",
        )
        .bind(now())
        .bind(id)
        .bind(space_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let territory_id = space_territory(&mut tx, space_id).await?;
        let role: String = row.try_get("role")?;
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id,
                target_person_id: Some(row.try_get("person_id")?),
                space_id: Some(space_id),
                detail: &role,
                ..AuditInput::new(kind::INVITATION_CANCELLED, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    // ----- membership changes, audited

    /// Adds a member directly (a facilitator choosing from the directory),
    /// or changes their role; recorded as `membership.added` or
    /// `membership.role_changed`. Refuses to demote the last facilitator.
    pub async fn set_member_role(
        &self,
        space_id: i64,
        person_id: i64,
        role: SpaceRole,
        actor: &Actor,
    ) -> Result<Result<(), MembershipRefusal>> {
        let mut tx = self.begin_write().await?;
        let current = current_role(&mut tx, space_id, person_id).await?;
        if current == Some(role) {
            return Ok(Ok(()));
        }
        if current == Some(SpaceRole::Facilitator)
            && is_last_facilitator(&mut tx, space_id, person_id).await?
        {
            return Ok(Err(MembershipRefusal::LastFacilitator));
        }
        upsert_membership(&mut tx, space_id, person_id, role).await?;
        let territory_id = space_territory(&mut tx, space_id).await?;
        let detail = match current {
            Some(old) => format!("{} → {}", old.code(), role.code()),
            None => role.code().to_owned(),
        };
        let event = if current.is_some() {
            kind::ROLE_CHANGED
        } else {
            kind::ADDED
        };
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id,
                target_person_id: Some(person_id),
                space_id: Some(space_id),
                detail: &detail,
                ..AuditInput::new(event, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Removes a member; `membership.left` when they leave themselves,
    /// `membership.removed` otherwise. The last facilitator stays.
    pub async fn remove_member(
        &self,
        space_id: i64,
        person_id: i64,
        actor: &Actor,
    ) -> Result<Result<(), MembershipRefusal>> {
        let mut tx = self.begin_write().await?;
        let Some(current) = current_role(&mut tx, space_id, person_id).await? else {
            return Ok(Err(MembershipRefusal::NotMember));
        };
        if current == SpaceRole::Facilitator
            && is_last_facilitator(&mut tx, space_id, person_id).await?
        {
            return Ok(Err(MembershipRefusal::LastFacilitator));
        }
        sqlx::query("DELETE FROM membership WHERE space_id = $1 AND person_id = $2")
            .bind(space_id)
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        let territory_id = space_territory(&mut tx, space_id).await?;
        let event = if actor.person_id == Some(person_id) {
            kind::LEFT
        } else {
            kind::REMOVED
        };
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id,
                target_person_id: Some(person_id),
                space_id: Some(space_id),
                detail: current.code(),
                ..AuditInput::new(event, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The members of a space with their categories and communes (from
    /// their current mandates in the space's territory): facilitators
    /// first, then by name.
    pub async fn member_details(&self, space_id: i64) -> Result<Vec<MemberDetail>> {
        let members = self.members(space_id).await?;
        let rows = sqlx::query(
            "SELECT m.person_id AS person_id, m.role AS role, m.commune_id AS commune_id, \
             c.name AS commune_name FROM mandate m \
             JOIN membership ms ON ms.person_id = m.person_id AND ms.space_id = $1 \
             JOIN space s ON s.id = ms.space_id AND s.territory_id = m.territory_id \
             LEFT JOIN commune c ON c.id = m.commune_id \
             WHERE m.start_date <= $2 AND (m.end_date IS NULL OR m.end_date > $2)",
        )
        .bind(space_id)
        .bind(today())
        .fetch_all(&self.pool)
        .await?;
        let mut details: Vec<MemberDetail> = members
            .into_iter()
            .map(|m| MemberDetail {
                person_id: m.person_id,
                display_name: m.display_name,
                role: m.role,
                categories: Vec::new(),
                communes: Vec::new(),
            })
            .collect();
        for row in &rows {
            let person_id: i64 = row.try_get("person_id")?;
            let Some(detail) = details.iter_mut().find(|d| d.person_id == person_id) else {
                continue;
            };
            let code: String = row.try_get("role")?;
            if let Some(role) = Role::from_code(&code)
                && !detail.categories.contains(&role)
            {
                detail.categories.push(role);
            }
            let commune: Option<i64> = row.try_get("commune_id")?;
            let name: Option<String> = row.try_get("commune_name")?;
            if let (Some(id), Some(name)) = (commune, name)
                && !detail.communes.iter().any(|(c, _)| *c == id)
            {
                detail.communes.push((id, name));
            }
        }
        for d in &mut details {
            d.categories
                .sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
        }
        Ok(details)
    }
}
