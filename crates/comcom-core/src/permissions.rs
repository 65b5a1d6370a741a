//! The one place where comcom decides who may do what. Every handler asks
//! [`decide`]; nothing else in the code base grants or refuses an action.

use crate::people::{Function, Role};
use crate::spaces::{SpaceKind, SpaceRole, Visibility};

/// A current mandate of the person acting (ended mandates are not passed in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateFact {
    pub territory_id: i64,
    pub commune_id: Option<i64>,
    pub role: Role,
    pub function: Option<Function>,
}

/// Who is acting: nobody (a visitor), or a person with their current mandates
/// and administrator grants (`None` in `admin_of` means the whole instance).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub person_id: Option<i64>,
    pub mandates: Vec<MandateFact>,
    pub admin_of: Vec<Option<i64>>,
    /// Communes whose designated agent the person is (with a current
    /// mandate of agent communal there).
    pub agent_of: Vec<i64>,
}

/// The space an action is about, with the actor's membership in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceFact {
    pub territory_id: i64,
    pub commune_id: Option<i64>,
    pub kind: SpaceKind,
    pub visibility: Visibility,
    /// The actor's role in this space, if a member.
    pub membership: Option<SpaceRole>,
}

/// Everything a person can try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a space and what it holds.
    ViewSpace(SpaceFact),
    /// See who the members of a space are.
    ListMembers(SpaceFact),
    /// Add, remove or change the role of members.
    ManageMembers(SpaceFact),
    /// Change a space's name, description or visibility.
    EditSpace(SpaceFact),
    /// Write, change and publish the space's news.
    WriteArticle(SpaceFact),
    /// Read a space's discussions: its threads, replies and their history.
    ReadDiscussions(SpaceFact),
    /// Open a thread or reply in a space's discussions.
    PostInDiscussions(SpaceFact),
    /// Change a post: one's own (`own`), or anyone's (moderation).
    EditPost { space: SpaceFact, own: bool },
    /// Lock and pin threads, edit anyone's posts.
    ModerateDiscussions(SpaceFact),
    /// Create a space (commission, working group…) in a territory.
    CreateSpace { territory_id: i64 },
    /// Open a commune's space, import elected officials, invite people,
    /// see the outbox: the territory's administration.
    AdministerTerritory { territory_id: i64 },
    /// See people's email and phone in a territory's directory.
    ViewContactDetails { territory_id: i64 },
    /// Use the signed-in area at all (profile, "my spaces").
    UseAccount,
    /// See a space's documents and download them.
    ViewDocuments(SpaceFact),
    /// Upload documents and new versions, create folders.
    UploadDocuments(SpaceFact),
    /// Rename, move and put documents in the trash; rename and delete folders.
    ManageDocuments(SpaceFact),
    /// See the trash, restore from it and empty it.
    RestoreDocuments(SpaceFact),
    /// Add a commune's agents and councillors by hand and end their
    /// mandates: the commune's mayor, its designated agents, administrators.
    ManageCommunePeople { territory_id: i64, commune_id: i64 },
    /// Designate or undesignate the commune's agents who manage its people:
    /// the mayor and administrators (an agent does not appoint others).
    DesignateCommuneAgent { territory_id: i64, commune_id: i64 },
    /// Read the audit log of a territory.
    ViewAuditLog { territory_id: i64 },
    /// See deletion requests and carry them out.
    ProcessDeletionRequests { territory_id: i64 },
    /// Accept or refuse an item read from a commune's site before the
    /// interco's site shows it (inbound syndication): the territory's
    /// administrators and the interco's staff.
    ReviewInboundItem { territory_id: i64 },
    /// Accept or refuse the interco's items for a commune's zone on the
    /// commune's website (when the syndication charter asks for approval):
    /// the commune's mayor, its designated agents, a facilitator of the
    /// commune's space, or an administrator of the territory.
    ApproveZoneItems {
        territory_id: i64,
        commune_id: i64,
        /// The actor's role in the commune's space, if a member.
        commune_space_role: Option<SpaceRole>,
    },
    /// Compose, test, send, pause and cancel the territory's letters to
    /// elected officials, see their recipients and the bounced addresses.
    ManageLetters(LetterFact),
    /// Read a sent letter in the archive.
    ViewLetter(LetterFact),
    /// See a space's meetings (list, page, minutes) and subscribe to its
    /// calendar feed.
    ViewMeetings(SpaceFact),
    /// Convene, change and cancel a space's meetings; write their minutes.
    ConveneMeeting(SpaceFact),
    /// Answer a meeting's convocation and join its visio: invitees only.
    AttendMeeting { space: SpaceFact, invited: bool },
}

/// The letters an action is about, with the actor's relation to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterFact {
    pub territory_id: i64,
    /// The actor holds the explicit right to compose the territory's letters.
    pub editor: bool,
    /// The letter's archive is public (for `ViewLetter`).
    pub public: bool,
    /// The actor is among the letter's recipients (for `ViewLetter`).
    pub recipient: bool,
}

/// Why an action is refused; the web layer answers a login page for the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Nobody is logged in: logging in may help.
    LoginRequired,
    /// The person is logged in and may not.
    Forbidden,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// The roles that open the shared extranet of their territory: the four
/// categories of participants. Conseil de développement members, inhabitants
/// and partners see territory spaces only where they are invited.
pub fn opens_extranet(role: Role) -> bool {
    matches!(
        role,
        Role::CommunityCouncillor
            | Role::IntercoStaff
            | Role::MunicipalCouncillor
            | Role::CommuneStaff
    )
}

impl Actor {
    pub fn is_admin_of(&self, territory_id: i64) -> bool {
        self.admin_of
            .iter()
            .any(|g| g.is_none_or(|t| t == territory_id))
    }

    pub fn is_instance_admin(&self) -> bool {
        self.admin_of.iter().any(Option::is_none)
    }

    /// The current mayor of this commune.
    pub fn is_mayor_of(&self, territory_id: i64, commune_id: i64) -> bool {
        self.mandates.iter().any(|m| {
            m.territory_id == territory_id
                && m.commune_id == Some(commune_id)
                && m.role == Role::MunicipalCouncillor
                && m.function == Some(Function::Mayor)
        })
    }

    /// A designated agent of this commune, still an agent there.
    pub fn is_agent_of(&self, territory_id: i64, commune_id: i64) -> bool {
        self.agent_of.contains(&commune_id)
            && self.mandates.iter().any(|m| {
                m.territory_id == territory_id
                    && m.commune_id == Some(commune_id)
                    && m.role == Role::CommuneStaff
            })
    }

    /// Holds a current mandate that opens the territory's extranet.
    pub fn in_extranet_of(&self, territory_id: i64) -> bool {
        self.mandates
            .iter()
            .any(|m| m.territory_id == territory_id && opens_extranet(m.role))
    }
}

/// Decides whether `actor` may perform `action`.
pub fn decide(actor: &Actor, action: Action) -> Decision {
    let allowed = match action {
        Action::UseAccount => actor.person_id.is_some(),
        Action::ViewSpace(space) => can_view(actor, &space),
        Action::ListMembers(space) | Action::ReadDiscussions(space) => {
            actor.person_id.is_some()
                && (space.membership.is_some()
                    || actor.is_admin_of(space.territory_id)
                    || (space.visibility != Visibility::Restricted
                        && actor.in_extranet_of(space.territory_id)))
        }
        Action::PostInDiscussions(space) | Action::EditPost { space, own: true } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(space.territory_id)
                    || matches!(
                        space.membership,
                        Some(SpaceRole::Member | SpaceRole::Facilitator)
                    ))
        }
        Action::ManageMembers(space)
        | Action::EditSpace(space)
        | Action::WriteArticle(space)
        | Action::ModerateDiscussions(space)
        | Action::EditPost { space, own: false } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(space.territory_id)
                    || space.membership == Some(SpaceRole::Facilitator))
        }
        Action::CreateSpace { territory_id } | Action::AdministerTerritory { territory_id } => {
            actor.person_id.is_some() && actor.is_admin_of(territory_id)
        }
        Action::ManageCommunePeople {
            territory_id,
            commune_id,
        } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(territory_id)
                    || actor.is_mayor_of(territory_id, commune_id)
                    || actor.is_agent_of(territory_id, commune_id))
        }
        Action::DesignateCommuneAgent {
            territory_id,
            commune_id,
        } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(territory_id) || actor.is_mayor_of(territory_id, commune_id))
        }
        Action::ViewAuditLog { territory_id }
        | Action::ProcessDeletionRequests { territory_id } => {
            actor.person_id.is_some() && actor.is_admin_of(territory_id)
        }
        Action::ApproveZoneItems {
            territory_id,
            commune_id,
            commune_space_role,
        } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(territory_id)
                    || commune_space_role == Some(SpaceRole::Facilitator)
                    || actor.is_mayor_of(territory_id, commune_id)
                    || actor.is_agent_of(territory_id, commune_id))
        }
        Action::ViewMeetings(space) => can_view_meetings(actor, &space),
        Action::ConveneMeeting(space) => {
            actor.person_id.is_some()
                && (actor.is_admin_of(space.territory_id)
                    || space.membership == Some(SpaceRole::Facilitator))
        }
        // An invitation is for a member: one who left the space (or whose
        // space became out of reach) can no longer answer or join.
        Action::AttendMeeting { space, invited } => {
            invited && space.membership.is_some() && can_view_meetings(actor, &space)
        }
        // Documents are group work: members, administrators, and in spaces
        // open to the territory the four categories of the extranet.
        Action::ViewDocuments(space) => {
            actor.person_id.is_some()
                && (space.membership.is_some()
                    || actor.is_admin_of(space.territory_id)
                    || (space.visibility != Visibility::Restricted
                        && actor.in_extranet_of(space.territory_id)))
        }
        Action::UploadDocuments(space) | Action::ManageDocuments(space) => {
            actor.person_id.is_some()
                && (actor.is_admin_of(space.territory_id)
                    || matches!(
                        space.membership,
                        Some(SpaceRole::Member | SpaceRole::Facilitator)
                    ))
        }
        Action::RestoreDocuments(space) => {
            actor.person_id.is_some()
                && (actor.is_admin_of(space.territory_id)
                    || space.membership == Some(SpaceRole::Facilitator))
        }
        Action::ViewContactDetails { territory_id } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(territory_id) || actor.in_extranet_of(territory_id))
        }
        Action::ReviewInboundItem { territory_id } => {
            actor.person_id.is_some()
                && (actor.is_admin_of(territory_id)
                    || actor.mandates.iter().any(|m| {
                        m.territory_id == territory_id
                            && m.role == Role::IntercoStaff
                            && m.commune_id.is_none()
                    }))
        }
        Action::ManageLetters(letters) => {
            actor.person_id.is_some() && (letters.editor || actor.is_admin_of(letters.territory_id))
        }
        Action::ViewLetter(letter) => {
            letter.public
                || (actor.person_id.is_some()
                    && (letter.recipient
                        || letter.editor
                        || actor.is_admin_of(letter.territory_id)))
        }
    };
    if allowed {
        Decision::Allow
    } else if actor.person_id.is_none() {
        Decision::LoginRequired
    } else {
        Decision::Forbidden
    }
}

/// The spaces a search may return results from, decided space by space by
/// [`decide`]: `readable` for what readers see (`ViewSpace`), `writable` for
/// what only those who may write there see (drafts, scheduled news), and for
/// the kinds of content read under an action of their own, the spaces where
/// that action is allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchScope {
    pub readable: Vec<i64>,
    pub writable: Vec<i64>,
    pub by_kind: Vec<(&'static str, Vec<i64>)>,
}

/// The action that gates reading a kind of content in a space.
pub type KindAction = (&'static str, fn(SpaceFact) -> Action);

/// Kinds of indexed content whose reading is its own action, not `ViewSpace`.
pub const KIND_ACTIONS: &[KindAction] = &[
    ("thread", Action::ReadDiscussions),
    ("document", Action::ViewDocuments),
    ("meeting", Action::ViewMeetings),
];

/// Builds a [`SearchScope`] from each space's id and facts for `actor`.
pub fn search_scope(actor: &Actor, spaces: &[(i64, SpaceFact)]) -> SearchScope {
    let mut scope = SearchScope {
        by_kind: KIND_ACTIONS.iter().map(|(k, _)| (*k, Vec::new())).collect(),
        ..SearchScope::default()
    };
    for (id, fact) in spaces {
        if decide(actor, Action::ViewSpace(*fact)).is_allowed() {
            scope.readable.push(*id);
            if decide(actor, Action::WriteArticle(*fact)).is_allowed() {
                scope.writable.push(*id);
            }
        }
        for (i, (_, action)) in KIND_ACTIONS.iter().enumerate() {
            if decide(actor, action(*fact)).is_allowed() {
                scope.by_kind[i].1.push(*id);
            }
        }
    }
    scope
}

fn can_view(actor: &Actor, space: &SpaceFact) -> bool {
    match space.visibility {
        Visibility::Public => true,
        Visibility::Territory => {
            actor.person_id.is_some()
                && (space.membership.is_some()
                    || actor.is_admin_of(space.territory_id)
                    || actor.in_extranet_of(space.territory_id))
        }
        Visibility::Restricted => {
            actor.person_id.is_some()
                && (space.membership.is_some() || actor.is_admin_of(space.territory_id))
        }
    }
}

/// Meetings are work of the extranet: never shown to visitors, nor to people
/// who see a public space without taking part in the territory's work.
fn can_view_meetings(actor: &Actor, space: &SpaceFact) -> bool {
    actor.person_id.is_some()
        && can_view(actor, space)
        && (space.membership.is_some()
            || actor.is_admin_of(space.territory_id)
            || (space.visibility != Visibility::Restricted
                && actor.in_extranet_of(space.territory_id)))
}

#[cfg(test)]
mod tests;
