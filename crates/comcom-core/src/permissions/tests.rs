//! Every role × visibility × action, with the expected answer. Add a column
//! or a table for each new action.

use super::*;

const T1: i64 = 1;
const T2: i64 = 2;
const COMMUNE: i64 = 10;

fn person(mandates: Vec<MandateFact>, admin_of: Vec<Option<i64>>) -> Actor {
    Actor {
        person_id: Some(7),
        mandates,
        admin_of,
        agent_of: vec![],
    }
}

const OTHER_COMMUNE: i64 = 11;

fn commune_mandate(commune_id: i64, role: Role, function: Option<Function>) -> MandateFact {
    MandateFact {
        territory_id: T1,
        commune_id: Some(commune_id),
        role,
        function,
    }
}

fn mandate(territory_id: i64, role: Role) -> MandateFact {
    let commune_id = role.needs_commune().then_some(COMMUNE);
    MandateFact {
        territory_id,
        commune_id,
        role,
        function: None,
    }
}

/// The people of the tables, by name.
fn actor(name: &str) -> Actor {
    match name {
        "visitor" => Actor::default(),
        "inhabitant" => person(vec![mandate(T1, Role::Inhabitant)], vec![]),
        "partner" => person(vec![mandate(T1, Role::Partner)], vec![]),
        "development_council" => person(vec![mandate(T1, Role::DevelopmentCouncil)], vec![]),
        "municipal_councillor" => person(vec![mandate(T1, Role::MunicipalCouncillor)], vec![]),
        "commune_staff" => person(vec![mandate(T1, Role::CommuneStaff)], vec![]),
        "community_councillor" => person(vec![mandate(T1, Role::CommunityCouncillor)], vec![]),
        "interco_staff" => person(vec![mandate(T1, Role::IntercoStaff)], vec![]),
        "councillor_elsewhere" => person(vec![mandate(T2, Role::MunicipalCouncillor)], vec![]),
        "admin" => person(vec![], vec![Some(T1)]),
        "admin_elsewhere" => person(vec![], vec![Some(T2)]),
        "instance_admin" => person(vec![], vec![None]),
        "mayor" => person(
            vec![commune_mandate(
                COMMUNE,
                Role::MunicipalCouncillor,
                Some(Function::Mayor),
            )],
            vec![],
        ),
        "deputy_mayor" => person(
            vec![commune_mandate(
                COMMUNE,
                Role::MunicipalCouncillor,
                Some(Function::DeputyMayor),
            )],
            vec![],
        ),
        "mayor_elsewhere" => person(
            vec![commune_mandate(
                OTHER_COMMUNE,
                Role::MunicipalCouncillor,
                Some(Function::Mayor),
            )],
            vec![],
        ),
        "designated_agent" => Actor {
            agent_of: vec![COMMUNE],
            ..person(
                vec![commune_mandate(COMMUNE, Role::CommuneStaff, None)],
                vec![],
            )
        },
        // Designated once, no longer an agent of the commune.
        "former_agent" => Actor {
            agent_of: vec![COMMUNE],
            ..person(
                vec![commune_mandate(OTHER_COMMUNE, Role::CommuneStaff, None)],
                vec![],
            )
        },
        other => panic!("unknown actor {other}"),
    }
}

fn answer(d: Decision) -> char {
    match d {
        Decision::Allow => 'A',
        Decision::LoginRequired => 'L',
        Decision::Forbidden => 'F',
    }
}

/// Columns: view space, list members, manage members, edit space, write news;
/// read discussions, post in them, edit one's own post, edit another's post,
/// moderate (lock, pin).
/// A = allowed, L = login required, F = forbidden.
const SPACE_TABLE: &[(&str, Option<SpaceRole>, Visibility, &str)] = &[
    ("visitor", None, Visibility::Public, "ALLLLLLLLL"),
    ("inhabitant", None, Visibility::Public, "AFFFFFFFFF"),
    ("partner", None, Visibility::Public, "AFFFFFFFFF"),
    (
        "development_council",
        None,
        Visibility::Public,
        "AFFFFFFFFF",
    ),
    (
        "municipal_councillor",
        None,
        Visibility::Public,
        "AAFFFAFFFF",
    ),
    ("commune_staff", None, Visibility::Public, "AAFFFAFFFF"),
    (
        "community_councillor",
        None,
        Visibility::Public,
        "AAFFFAFFFF",
    ),
    ("interco_staff", None, Visibility::Public, "AAFFFAFFFF"),
    (
        "councillor_elsewhere",
        None,
        Visibility::Public,
        "AFFFFFFFFF",
    ),
    ("admin", None, Visibility::Public, "AAAAAAAAAA"),
    ("admin_elsewhere", None, Visibility::Public, "AFFFFFFFFF"),
    ("instance_admin", None, Visibility::Public, "AAAAAAAAAA"),
    (
        "councillor_elsewhere",
        Some(SpaceRole::Reader),
        Visibility::Public,
        "AAFFFAFFFF",
    ),
    (
        "councillor_elsewhere",
        Some(SpaceRole::Member),
        Visibility::Public,
        "AAFFFAAAFF",
    ),
    (
        "councillor_elsewhere",
        Some(SpaceRole::Facilitator),
        Visibility::Public,
        "AAAAAAAAAA",
    ),
    ("visitor", None, Visibility::Territory, "LLLLLLLLLL"),
    ("inhabitant", None, Visibility::Territory, "FFFFFFFFFF"),
    ("partner", None, Visibility::Territory, "FFFFFFFFFF"),
    (
        "development_council",
        None,
        Visibility::Territory,
        "FFFFFFFFFF",
    ),
    (
        "municipal_councillor",
        None,
        Visibility::Territory,
        "AAFFFAFFFF",
    ),
    ("commune_staff", None, Visibility::Territory, "AAFFFAFFFF"),
    (
        "community_councillor",
        None,
        Visibility::Territory,
        "AAFFFAFFFF",
    ),
    ("interco_staff", None, Visibility::Territory, "AAFFFAFFFF"),
    (
        "councillor_elsewhere",
        None,
        Visibility::Territory,
        "FFFFFFFFFF",
    ),
    ("admin", None, Visibility::Territory, "AAAAAAAAAA"),
    ("admin_elsewhere", None, Visibility::Territory, "FFFFFFFFFF"),
    ("instance_admin", None, Visibility::Territory, "AAAAAAAAAA"),
    (
        "partner",
        Some(SpaceRole::Reader),
        Visibility::Territory,
        "AAFFFAFFFF",
    ),
    (
        "councillor_elsewhere",
        Some(SpaceRole::Member),
        Visibility::Territory,
        "AAFFFAAAFF",
    ),
    (
        "councillor_elsewhere",
        Some(SpaceRole::Facilitator),
        Visibility::Territory,
        "AAAAAAAAAA",
    ),
    ("visitor", None, Visibility::Restricted, "LLLLLLLLLL"),
    ("inhabitant", None, Visibility::Restricted, "FFFFFFFFFF"),
    ("partner", None, Visibility::Restricted, "FFFFFFFFFF"),
    (
        "development_council",
        None,
        Visibility::Restricted,
        "FFFFFFFFFF",
    ),
    (
        "municipal_councillor",
        None,
        Visibility::Restricted,
        "FFFFFFFFFF",
    ),
    ("commune_staff", None, Visibility::Restricted, "FFFFFFFFFF"),
    (
        "community_councillor",
        None,
        Visibility::Restricted,
        "FFFFFFFFFF",
    ),
    ("interco_staff", None, Visibility::Restricted, "FFFFFFFFFF"),
    (
        "councillor_elsewhere",
        None,
        Visibility::Restricted,
        "FFFFFFFFFF",
    ),
    ("admin", None, Visibility::Restricted, "AAAAAAAAAA"),
    (
        "admin_elsewhere",
        None,
        Visibility::Restricted,
        "FFFFFFFFFF",
    ),
    ("instance_admin", None, Visibility::Restricted, "AAAAAAAAAA"),
    (
        "municipal_councillor",
        Some(SpaceRole::Reader),
        Visibility::Restricted,
        "AAFFFAFFFF",
    ),
    (
        "partner",
        Some(SpaceRole::Member),
        Visibility::Restricted,
        "AAFFFAAAFF",
    ),
    (
        "municipal_councillor",
        Some(SpaceRole::Facilitator),
        Visibility::Restricted,
        "AAAAAAAAAA",
    ),
];

#[test]
fn space_actions_follow_the_table() {
    for (name, membership, visibility, expected) in SPACE_TABLE {
        let who = actor(name);
        for kind in SpaceKind::ALL {
            let space = SpaceFact {
                territory_id: T1,
                commune_id: None,
                kind,
                visibility: *visibility,
                membership: *membership,
            };
            let got: String = [
                Action::ViewSpace(space),
                Action::ListMembers(space),
                Action::ManageMembers(space),
                Action::EditSpace(space),
                Action::WriteArticle(space),
                Action::ReadDiscussions(space),
                Action::PostInDiscussions(space),
                Action::EditPost { space, own: true },
                Action::EditPost { space, own: false },
                Action::ModerateDiscussions(space),
            ]
            .into_iter()
            .map(|a| answer(decide(&who, a)))
            .collect();
            assert_eq!(
                &got, expected,
                "{name} {membership:?} {visibility:?} {kind:?}"
            );
        }
    }
}

/// Meetings. Columns: view meetings, convene, attend when invited, attend
/// when not invited.
const MEETING_TABLE: &[(&str, Option<SpaceRole>, Visibility, &str)] = &[
    ("visitor", None, Visibility::Public, "LLLL"),
    ("inhabitant", None, Visibility::Public, "FFFF"),
    ("partner", None, Visibility::Public, "FFFF"),
    ("municipal_councillor", None, Visibility::Public, "AFFF"),
    ("interco_staff", None, Visibility::Public, "AFFF"),
    ("councillor_elsewhere", None, Visibility::Public, "FFFF"),
    ("admin", None, Visibility::Public, "AAFF"),
    ("admin_elsewhere", None, Visibility::Public, "FFFF"),
    (
        "inhabitant",
        Some(SpaceRole::Reader),
        Visibility::Public,
        "AFAF",
    ),
    ("visitor", None, Visibility::Territory, "LLLL"),
    ("partner", None, Visibility::Territory, "FFFF"),
    ("development_council", None, Visibility::Territory, "FFFF"),
    ("commune_staff", None, Visibility::Territory, "AFFF"),
    ("community_councillor", None, Visibility::Territory, "AFFF"),
    ("councillor_elsewhere", None, Visibility::Territory, "FFFF"),
    ("admin", None, Visibility::Territory, "AAFF"),
    ("instance_admin", None, Visibility::Territory, "AAFF"),
    (
        "partner",
        Some(SpaceRole::Member),
        Visibility::Territory,
        "AFAF",
    ),
    (
        "councillor_elsewhere",
        Some(SpaceRole::Facilitator),
        Visibility::Territory,
        "AAAF",
    ),
    ("visitor", None, Visibility::Restricted, "LLLL"),
    ("municipal_councillor", None, Visibility::Restricted, "FFFF"),
    ("commune_staff", None, Visibility::Restricted, "FFFF"),
    ("community_councillor", None, Visibility::Restricted, "FFFF"),
    ("interco_staff", None, Visibility::Restricted, "FFFF"),
    ("admin", None, Visibility::Restricted, "AAFF"),
    ("admin_elsewhere", None, Visibility::Restricted, "FFFF"),
    (
        "commune_staff",
        Some(SpaceRole::Reader),
        Visibility::Restricted,
        "AFAF",
    ),
    (
        "community_councillor",
        Some(SpaceRole::Member),
        Visibility::Restricted,
        "AFAF",
    ),
    (
        "interco_staff",
        Some(SpaceRole::Facilitator),
        Visibility::Restricted,
        "AAAF",
    ),
];

#[test]
fn meeting_actions_follow_the_table() {
    for (name, membership, visibility, expected) in MEETING_TABLE {
        let who = actor(name);
        for kind in SpaceKind::ALL {
            let space = SpaceFact {
                territory_id: T1,
                commune_id: None,
                kind,
                visibility: *visibility,
                membership: *membership,
            };
            let got: String = [
                Action::ViewMeetings(space),
                Action::ConveneMeeting(space),
                Action::AttendMeeting {
                    space,
                    invited: true,
                },
                Action::AttendMeeting {
                    space,
                    invited: false,
                },
            ]
            .into_iter()
            .map(|a| answer(decide(&who, a)))
            .collect();
            assert_eq!(
                &got, expected,
                "{name} {membership:?} {visibility:?} {kind:?}"
            );
        }
    }
}

/// Columns: create a space, administer the territory, view contact details,
/// use an account — all in territory T1.
const TERRITORY_TABLE: &[(&str, &str)] = &[
    ("visitor", "LLLL"),
    ("inhabitant", "FFFA"),
    ("partner", "FFFA"),
    ("development_council", "FFFA"),
    ("municipal_councillor", "FFAA"),
    ("commune_staff", "FFAA"),
    ("community_councillor", "FFAA"),
    ("interco_staff", "FFAA"),
    ("councillor_elsewhere", "FFFA"),
    ("admin", "AAAA"),
    ("admin_elsewhere", "FFFA"),
    ("instance_admin", "AAAA"),
];

#[test]
fn territory_actions_follow_the_table() {
    for (name, expected) in TERRITORY_TABLE {
        let who = actor(name);
        let got: String = [
            Action::CreateSpace { territory_id: T1 },
            Action::AdministerTerritory { territory_id: T1 },
            Action::ViewContactDetails { territory_id: T1 },
            Action::UseAccount,
        ]
        .into_iter()
        .map(|a| answer(decide(&who, a)))
        .collect();
        assert_eq!(&got, expected, "{name}");
    }
}

/// Columns, about commune COMMUNE of T1: manage its people, designate its
/// agents; then, in T1: view the audit log, process deletion requests.
const COMMUNE_TABLE: &[(&str, &str)] = &[
    ("visitor", "LLLL"),
    ("inhabitant", "FFFF"),
    ("partner", "FFFF"),
    ("development_council", "FFFF"),
    ("municipal_councillor", "FFFF"),
    ("deputy_mayor", "FFFF"),
    ("commune_staff", "FFFF"),
    ("community_councillor", "FFFF"),
    ("interco_staff", "FFFF"),
    ("councillor_elsewhere", "FFFF"),
    ("mayor", "AAFF"),
    ("mayor_elsewhere", "FFFF"),
    ("designated_agent", "AFFF"),
    ("former_agent", "FFFF"),
    ("admin", "AAAA"),
    ("admin_elsewhere", "FFFF"),
    ("instance_admin", "AAAA"),
];

#[test]
fn commune_and_privacy_actions_follow_the_table() {
    for (name, expected) in COMMUNE_TABLE {
        let who = actor(name);
        let got: String = [
            Action::ManageCommunePeople {
                territory_id: T1,
                commune_id: COMMUNE,
            },
            Action::DesignateCommuneAgent {
                territory_id: T1,
                commune_id: COMMUNE,
            },
            Action::ViewAuditLog { territory_id: T1 },
            Action::ProcessDeletionRequests { territory_id: T1 },
        ]
        .into_iter()
        .map(|a| answer(decide(&who, a)))
        .collect();
        assert_eq!(&got, expected, "{name}");
    }
    // A mayor of T1's commune 10 is nobody in commune 10 of another territory.
    let mayor = actor("mayor");
    assert_eq!(
        decide(
            &mayor,
            Action::ManageCommunePeople {
                territory_id: T2,
                commune_id: COMMUNE
            }
        ),
        Decision::Forbidden
    );
}

/// Accepting or refusing a commune's item for the interco's site (T1): only
/// the territory's administrators and the interco's staff.
const INBOUND_REVIEW_TABLE: &[(&str, char)] = &[
    ("visitor", 'L'),
    ("inhabitant", 'F'),
    ("partner", 'F'),
    ("development_council", 'F'),
    ("municipal_councillor", 'F'),
    ("commune_staff", 'F'),
    ("community_councillor", 'F'),
    ("interco_staff", 'A'),
    ("councillor_elsewhere", 'F'),
    ("admin", 'A'),
    ("admin_elsewhere", 'F'),
    ("instance_admin", 'A'),
];

#[test]
fn inbound_review_follows_the_table() {
    for (name, expected) in INBOUND_REVIEW_TABLE {
        let got = answer(decide(
            &actor(name),
            Action::ReviewInboundItem { territory_id: T1 },
        ));
        assert_eq!(got, *expected, "{name}");
    }
    // Staff of another territory may not.
    let elsewhere = person(vec![mandate(T2, Role::IntercoStaff)], vec![]);
    assert_eq!(
        decide(&elsewhere, Action::ReviewInboundItem { territory_id: T1 }),
        Decision::Forbidden
    );
}

#[test]
fn every_role_appears_in_the_tables() {
    for role in Role::ALL {
        let covered = TERRITORY_TABLE
            .iter()
            .any(|(name, _)| actor(name).mandates.iter().any(|m| m.role == role));
        assert!(covered, "{role:?} has no row");
    }
}

/// The spaces of the search table: id, territory, visibility, and the
/// membership every actor of the table holds there.
const SEARCH_SPACES: &[(i64, i64, Visibility, Option<SpaceRole>)] = &[
    (1, T1, Visibility::Public, None),
    (2, T1, Visibility::Territory, None),
    (3, T1, Visibility::Restricted, Some(SpaceRole::Member)),
    (4, T1, Visibility::Restricted, Some(SpaceRole::Facilitator)),
    (5, T1, Visibility::Restricted, None),
    (6, T2, Visibility::Territory, None),
    (7, T2, Visibility::Public, None),
];

/// For each actor: the spaces a search reads from, those whose unpublished
/// content it also returns, those whose discussions, documents and meetings
/// it searches.
type SearchRow = (
    &'static str,
    &'static [i64],
    &'static [i64],
    &'static [i64],
    &'static [i64],
    &'static [i64],
);
const SEARCH_TABLE: &[SearchRow] = &[
    ("visitor", &[1, 7], &[], &[], &[], &[]),
    ("inhabitant", &[1, 3, 4, 7], &[4], &[3, 4], &[3, 4], &[3, 4]),
    ("partner", &[1, 3, 4, 7], &[4], &[3, 4], &[3, 4], &[3, 4]),
    (
        "municipal_councillor",
        &[1, 2, 3, 4, 7],
        &[4],
        &[1, 2, 3, 4],
        &[1, 2, 3, 4],
        &[1, 2, 3, 4],
    ),
    (
        "interco_staff",
        &[1, 2, 3, 4, 7],
        &[4],
        &[1, 2, 3, 4],
        &[1, 2, 3, 4],
        &[1, 2, 3, 4],
    ),
    (
        "councillor_elsewhere",
        &[1, 3, 4, 6, 7],
        &[4],
        &[3, 4, 6, 7],
        &[3, 4, 6, 7],
        &[3, 4, 6, 7],
    ),
    (
        "admin",
        &[1, 2, 3, 4, 5, 7],
        &[1, 2, 3, 4, 5],
        &[1, 2, 3, 4, 5],
        &[1, 2, 3, 4, 5],
        &[1, 2, 3, 4, 5],
    ),
    (
        "admin_elsewhere",
        &[1, 3, 4, 6, 7],
        &[4, 6, 7],
        &[3, 4, 6, 7],
        &[3, 4, 6, 7],
        &[3, 4, 6, 7],
    ),
    (
        "instance_admin",
        &[1, 2, 3, 4, 5, 6, 7],
        &[1, 2, 3, 4, 5, 6, 7],
        &[1, 2, 3, 4, 5, 6, 7],
        &[1, 2, 3, 4, 5, 6, 7],
        &[1, 2, 3, 4, 5, 6, 7],
    ),
];

#[test]
fn search_scope_follows_the_table() {
    for (name, readable, writable, discussions, documents, meetings) in SEARCH_TABLE {
        let who = actor(name);
        let spaces: Vec<(i64, SpaceFact)> = SEARCH_SPACES
            .iter()
            .map(|&(id, territory_id, visibility, membership)| {
                let membership = if who.person_id.is_some() {
                    membership
                } else {
                    None
                };
                (
                    id,
                    SpaceFact {
                        territory_id,
                        commune_id: None,
                        kind: SpaceKind::WorkingGroup,
                        visibility,
                        membership,
                    },
                )
            })
            .collect();
        let scope = search_scope(&who, &spaces);
        assert_eq!(&scope.readable, readable, "{name} reads");
        assert_eq!(&scope.writable, writable, "{name} writes");
        assert_eq!(
            scope.by_kind,
            vec![
                ("thread", discussions.to_vec()),
                ("document", documents.to_vec()),
                ("meeting", meetings.to_vec()),
            ],
            "{name} discussions, documents, meetings"
        );
    }
}

/// Letters of territory T1. Columns: manage letters without / with the
/// editor grant; read a sent letter that is public; one for its audience
/// only, as an outsider, as a recipient, as an editor.
const LETTER_TABLE: &[(&str, &str)] = &[
    ("visitor", "LLALLL"),
    ("inhabitant", "FAAFAA"),
    ("partner", "FAAFAA"),
    ("development_council", "FAAFAA"),
    ("municipal_councillor", "FAAFAA"),
    ("commune_staff", "FAAFAA"),
    ("community_councillor", "FAAFAA"),
    ("interco_staff", "FAAFAA"),
    ("councillor_elsewhere", "FAAFAA"),
    ("admin", "AAAAAA"),
    ("admin_elsewhere", "FAAFAA"),
    ("instance_admin", "AAAAAA"),
];

#[test]
fn letter_actions_follow_the_table() {
    let fact = |editor, public, recipient| LetterFact {
        territory_id: T1,
        editor,
        public,
        recipient,
    };
    for (name, expected) in LETTER_TABLE {
        let who = actor(name);
        let got: String = [
            Action::ManageLetters(fact(false, false, false)),
            Action::ManageLetters(fact(true, false, false)),
            Action::ViewLetter(fact(false, true, false)),
            Action::ViewLetter(fact(false, false, false)),
            Action::ViewLetter(fact(false, false, true)),
            Action::ViewLetter(fact(true, false, false)),
        ]
        .into_iter()
        .map(|a| answer(decide(&who, a)))
        .collect();
        assert_eq!(&got, expected, "{name}");
    }
}

/// Accepting interco items for the zone of commune COMMUNE in T1:
/// (actor, role in the commune's space, expected answer).
const ZONE_TABLE: &[(&str, Option<SpaceRole>, char)] = &[
    ("visitor", None, 'L'),
    ("inhabitant", None, 'F'),
    ("municipal_councillor", None, 'F'),
    ("commune_staff", None, 'F'),
    ("interco_staff", None, 'F'),
    ("deputy_mayor", None, 'F'),
    ("mayor", None, 'A'),
    ("mayor_elsewhere", None, 'F'),
    ("designated_agent", None, 'A'),
    ("former_agent", None, 'F'),
    ("commune_staff", Some(SpaceRole::Member), 'F'),
    ("commune_staff", Some(SpaceRole::Facilitator), 'A'),
    ("municipal_councillor", Some(SpaceRole::Reader), 'F'),
    ("admin", None, 'A'),
    ("admin_elsewhere", None, 'F'),
    ("instance_admin", None, 'A'),
];

#[test]
fn zone_approval_follows_the_table() {
    for (name, role, expected) in ZONE_TABLE {
        let got = answer(decide(
            &actor(name),
            Action::ApproveZoneItems {
                territory_id: T1,
                commune_id: COMMUNE,
                commune_space_role: *role,
            },
        ));
        assert_eq!(got, *expected, "{name} {role:?}");
    }
}

/// Columns: view documents, upload, manage (rename, move, trash), restore
/// (trash page, restore, empty). A = allowed, L = login required, F = forbidden.
const DOCUMENT_TABLE: &[(&str, Option<SpaceRole>, Visibility, &str)] = &[
    ("visitor", None, Visibility::Public, "LLLL"),
    ("inhabitant", None, Visibility::Public, "FFFF"),
    ("partner", None, Visibility::Public, "FFFF"),
    ("development_council", None, Visibility::Public, "FFFF"),
    ("municipal_councillor", None, Visibility::Public, "AFFF"),
    ("commune_staff", None, Visibility::Public, "AFFF"),
    ("community_councillor", None, Visibility::Public, "AFFF"),
    ("interco_staff", None, Visibility::Public, "AFFF"),
    ("councillor_elsewhere", None, Visibility::Public, "FFFF"),
    ("admin", None, Visibility::Public, "AAAA"),
    ("admin_elsewhere", None, Visibility::Public, "FFFF"),
    ("instance_admin", None, Visibility::Public, "AAAA"),
    ("visitor", None, Visibility::Territory, "LLLL"),
    ("inhabitant", None, Visibility::Territory, "FFFF"),
    ("partner", None, Visibility::Territory, "FFFF"),
    ("development_council", None, Visibility::Territory, "FFFF"),
    ("municipal_councillor", None, Visibility::Territory, "AFFF"),
    ("commune_staff", None, Visibility::Territory, "AFFF"),
    ("community_councillor", None, Visibility::Territory, "AFFF"),
    ("interco_staff", None, Visibility::Territory, "AFFF"),
    ("councillor_elsewhere", None, Visibility::Territory, "FFFF"),
    ("admin", None, Visibility::Territory, "AAAA"),
    ("admin_elsewhere", None, Visibility::Territory, "FFFF"),
    ("instance_admin", None, Visibility::Territory, "AAAA"),
    ("visitor", None, Visibility::Restricted, "LLLL"),
    ("inhabitant", None, Visibility::Restricted, "FFFF"),
    ("partner", None, Visibility::Restricted, "FFFF"),
    ("development_council", None, Visibility::Restricted, "FFFF"),
    ("municipal_councillor", None, Visibility::Restricted, "FFFF"),
    ("commune_staff", None, Visibility::Restricted, "FFFF"),
    ("community_councillor", None, Visibility::Restricted, "FFFF"),
    ("interco_staff", None, Visibility::Restricted, "FFFF"),
    ("councillor_elsewhere", None, Visibility::Restricted, "FFFF"),
    ("admin", None, Visibility::Restricted, "AAAA"),
    ("admin_elsewhere", None, Visibility::Restricted, "FFFF"),
    ("instance_admin", None, Visibility::Restricted, "AAAA"),
];

/// Memberships, the same in every visibility: readers read, members work,
/// facilitators also keep the trash.
const DOCUMENT_MEMBER_TABLE: &[(&str, SpaceRole, &str)] = &[
    ("partner", SpaceRole::Reader, "AFFF"),
    ("partner", SpaceRole::Member, "AAAF"),
    ("partner", SpaceRole::Facilitator, "AAAA"),
    ("councillor_elsewhere", SpaceRole::Reader, "AFFF"),
    ("councillor_elsewhere", SpaceRole::Member, "AAAF"),
    ("municipal_councillor", SpaceRole::Member, "AAAF"),
    ("municipal_councillor", SpaceRole::Facilitator, "AAAA"),
];

fn document_answers(who: &Actor, space: SpaceFact) -> String {
    [
        Action::ViewDocuments(space),
        Action::UploadDocuments(space),
        Action::ManageDocuments(space),
        Action::RestoreDocuments(space),
    ]
    .into_iter()
    .map(|a| answer(decide(who, a)))
    .collect()
}

#[test]
fn document_actions_follow_the_table() {
    for (name, membership, visibility, expected) in DOCUMENT_TABLE {
        for kind in SpaceKind::ALL {
            let space = SpaceFact {
                territory_id: T1,
                commune_id: None,
                kind,
                visibility: *visibility,
                membership: *membership,
            };
            let got = document_answers(&actor(name), space);
            assert_eq!(&got, expected, "{name} {visibility:?} {kind:?}");
        }
    }
    for (name, role, expected) in DOCUMENT_MEMBER_TABLE {
        for visibility in Visibility::ALL {
            let space = SpaceFact {
                territory_id: T1,
                commune_id: Some(COMMUNE),
                kind: SpaceKind::Commune,
                visibility,
                membership: Some(*role),
            };
            let got = document_answers(&actor(name), space);
            assert_eq!(&got, expected, "{name} {role:?} {visibility:?}");
        }
    }
}
