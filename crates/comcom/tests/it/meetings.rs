//! Meetings, with the scenario of issue 5's "done means": an agent of Engins
//! and a vice-president of the interco work in a restricted group; a meeting
//! convened there lands in their calendars (an invitation that the PyPI
//! `icalendar` package reads back, delivered over SMTP) with a visio link
//! whose tokens PyJWT and hashlib verify; nobody outside the group reaches
//! the meeting, its visio or its feeds by any URL.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use comcom_core::{Function, InseeCode, Role, SpaceKind, SpaceRole, Visibility};
use comcom_store::mandates::NewMandate;
use comcom_store::spaces::NewSpace;
use serde_json::Value;

use crate::helpers::{Browser, TestApp, repo_root};

/// The people and spaces of the scenario.
struct World {
    /// Agent of Engins, member of the group.
    agent: i64,
    /// Vice-president of the interco, facilitator of the group.
    vp: i64,
    /// A third member of the group (municipal councillor of Engins).
    member: i64,
    /// An agent of Lans-en-Vercors, in her commune's restricted space only.
    outsider: i64,
    group: String,
    lans: String,
}

const AGENT_EMAIL: &str = "agent@engins.example";
const VP_EMAIL: &str = "vp@vercors.example";
const MEMBER_EMAIL: &str = "paul@engins.example";

async fn person(app: &TestApp, name: &str, email: &str, role: Role, insee: Option<&str>) -> i64 {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let account = app
        .store
        .create_account(Some(t.id), name, email)
        .await
        .unwrap();
    let commune_id = match insee {
        Some(code) => Some(
            app.store
                .commune(t.id, &InseeCode::parse(code).unwrap())
                .await
                .unwrap()
                .unwrap()
                .id,
        ),
        None => None,
    };
    let function = match role {
        Role::CommunityCouncillor => Some(Function::VicePresident),
        Role::MunicipalCouncillor => Some(Function::Councillor),
        _ => None,
    };
    app.store
        .add_mandate(&NewMandate {
            person_id: account.person_id,
            territory_id: t.id,
            commune_id,
            role,
            function,
            organisation: None,
            start: NaiveDate::from_ymd_opt(2026, 3, 22).unwrap(),
        })
        .await
        .unwrap();
    account.person_id
}

async fn world(app: &TestApp) -> World {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let agent = person(
        app,
        "Lucie Agent",
        AGENT_EMAIL,
        Role::CommuneStaff,
        Some("38153"),
    )
    .await;
    let vp = person(
        app,
        "Marc Vice-Président",
        VP_EMAIL,
        Role::CommunityCouncillor,
        None,
    )
    .await;
    let member = person(
        app,
        "Paul Conseiller",
        MEMBER_EMAIL,
        Role::MunicipalCouncillor,
        Some("38153"),
    )
    .await;
    let outsider = person(
        app,
        "Inès Lans",
        "ines@lans.example",
        Role::CommuneStaff,
        Some("38205"),
    )
    .await;
    let group = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Groupe eau et assainissement",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(group.id, vp, SpaceRole::Facilitator)
        .await
        .unwrap();
    app.store
        .set_membership(group.id, agent, SpaceRole::Member)
        .await
        .unwrap();
    app.store
        .set_membership(group.id, member, SpaceRole::Member)
        .await
        .unwrap();
    let lans = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Lans – services techniques",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(lans.id, outsider, SpaceRole::Facilitator)
        .await
        .unwrap();
    World {
        agent,
        vp,
        member,
        outsider,
        group: group.slug,
        lans: lans.slug,
    }
}

async fn browser(app: &TestApp, person_id: i64) -> Browser {
    let mut b = Browser::new(app);
    b.sign_in_as(app, person_id).await;
    b
}

/// A long French agenda with accents, punctuation to escape and emoji.
const AGENDA: &str = "1. Schéma directeur d’assainissement ; révision, zonage et « eaux pluviales » \
    — présentation par le bureau d’études 💧🚰\n2. Questions diverses\\autres 🎉";
const TITLE: &str = "Réunion du groupe eau, assainissement ; élus et agents 💧";

/// Convenes a meeting through the form; its id.
async fn convene(
    b: &mut Browser,
    slug: &str,
    date: &str,
    start: &str,
    end: &str,
    extra: &[(&str, &str)],
) -> i64 {
    b.get(&format!("/espaces/{slug}/reunions/nouvelle")).await;
    assert_eq!(b.last_status, 200);
    let mut fields = vec![
        ("title", TITLE),
        ("agenda", AGENDA),
        ("date", date),
        ("start", start),
        ("end", end),
        ("place", "Mairie d’Engins, salle du conseil"),
        ("visio", "1"),
        ("invite", "all"),
    ];
    for (k, v) in extra {
        fields.retain(|(key, _)| key != k);
        fields.push((k, v));
    }
    let page = b
        .post(&format!("/espaces/{slug}/reunions/nouvelle"), &fields)
        .await;
    assert_eq!(b.last_status, 303, "{page}");
    let location = b.last_location.clone().unwrap();
    location
        .strip_prefix("/reunions/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The iCalendar queued for `to` last, read back by the Python checker.
async fn last_invitation(app: &TestApp, to: &str) -> (String, Value) {
    let message = app
        .store
        .recent_outbox(200)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to == to)
        .expect("an email for the invitee");
    let (method, body) = app
        .store
        .outbox_calendar(message.id)
        .await
        .unwrap()
        .expect("the email has an invitation");
    let parsed = check_calendar(&body);
    assert_eq!(parsed["method"], method.as_str(), "METHOD in the body");
    (message.subject, parsed)
}

fn check_calendar(ics: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invitation.ics");
    std::fs::write(&path, ics).unwrap();
    run_json(&[
        repo_root()
            .join("tests/check_calendar.py")
            .to_str()
            .unwrap(),
        path.to_str().unwrap(),
    ])
}

fn run_json(args: &[&str]) -> Value {
    let output = Command::new("python3")
        .args(args)
        .output()
        .expect("python3 runs (scripts/test-deps.sh installs icalendar and PyJWT)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn assert_well_formed(cal: &Value) {
    let raw = &cal["raw"];
    assert_eq!(raw["crlf_only"], true);
    assert_eq!(raw["ends_with_crlf"], true);
    assert!(raw["max_octets"].as_u64().unwrap() <= 75, "{raw}");
    assert_eq!(raw["each_line_utf8"], true, "folded inside a character");
    assert_eq!(cal["version"], "2.0");
    let tz = &cal["timezones"][0];
    assert_eq!(tz["tzid"], "Europe/Paris");
    let kinds: Vec<&str> = tz["observances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"STANDARD") && kinds.contains(&"DAYLIGHT"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_convened_meeting_lands_in_calendars_with_updates_and_cancellation_as_sequence_bumps() {
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;

    // Monday 29 March 2027, the day after the spring change: UTC+2.
    let id = convene(&mut vp, &w.group, "2027-03-29", "09:30", "11:00", &[]).await;
    let page = vp.get(&format!("/reunions/{id}?fait=convoquee")).await;
    assert!(page.contains("La réunion est convoquée"));
    assert!(
        page.contains("29 mars 2027 à 9\u{a0}h\u{a0}30 – 11\u{a0}h"),
        "{page}"
    );

    let (subject, cal) = last_invitation(&app, AGENT_EMAIL).await;
    assert!(
        subject.starts_with("Convocation\u{a0}: Réunion du groupe eau"),
        "{subject}"
    );
    assert_well_formed(&cal);
    assert!(cal["raw"]["continuation_lines"].as_u64().unwrap() >= 2);
    assert_eq!(cal["method"], "REQUEST");
    let ev = &cal["events"][0];
    assert_eq!(cal["events"].as_array().unwrap().len(), 1);
    assert_eq!(ev["summary"], TITLE);
    assert_eq!(ev["sequence"], 0);
    assert_eq!(ev["status"], "CONFIRMED");
    assert_eq!(ev["dtstart_tzid"], "Europe/Paris");
    assert_eq!(ev["dtstart_local"], "2027-03-29T09:30:00");
    assert_eq!(ev["dtstart_utc_vtimezone"], "2027-03-29T07:30:00Z");
    assert_eq!(ev["dtstart_utc_zoneinfo"], "2027-03-29T07:30:00Z");
    assert_eq!(ev["dtend_utc_vtimezone"], "2027-03-29T09:00:00Z");
    assert_eq!(ev["location"], "Mairie d’Engins, salle du conseil");
    let description = ev["description"].as_str().unwrap();
    assert!(
        description.contains(AGENDA.split('\n').next().unwrap().trim_start_matches("1. ")),
        "{description}"
    );
    assert!(description.contains("Questions diverses\\autres 🎉"));
    assert!(description.contains(&format!("/reunions/{id}/visio")));
    assert_eq!(ev["url"], app.url(&format!("/reunions/{id}/visio")));
    assert_eq!(ev["organizer"], VP_EMAIL);
    assert_eq!(ev["organizer_cn"], "Marc Vice-Président");
    // Only the recipient is listed: no one learns the others' addresses.
    let attendees = ev["attendees"].as_array().unwrap();
    assert_eq!(attendees.len(), 1);
    assert_eq!(attendees[0]["email"], AGENT_EMAIL);
    assert_eq!(attendees[0]["partstat"], "NEEDS-ACTION");
    assert_eq!(attendees[0]["rsvp"], "TRUE");
    let uid = ev["uid"].as_str().unwrap().to_owned();
    let (_, vp_cal) = last_invitation(&app, VP_EMAIL).await;
    assert_eq!(
        vp_cal["events"][0]["uid"],
        uid.as_str(),
        "one UID for everyone"
    );
    assert_eq!(vp_cal["events"][0]["attendees"][0]["email"], VP_EMAIL);

    // The agent answers: the feed and the next invitation say ACCEPTED.
    let mut agent = browser(&app, w.agent).await;
    agent.get(&format!("/reunions/{id}")).await;
    agent
        .post(&format!("/reunions/{id}/reponse"), &[("answer", "yes")])
        .await;
    assert_eq!(agent.last_status, 303);

    // Moved to Saturday 30 October 2027, the day before the autumn change:
    // still UTC+2. Paul is no longer invited.
    let edit = vp.get(&format!("/reunions/{id}/modifier")).await;
    assert!(edit.contains(r#"name="sequence" value="0""#));
    let agent_box = format!("invitee-{}", w.agent);
    let vp_box = format!("invitee-{}", w.vp);
    vp.post(
        &format!("/reunions/{id}/modifier"),
        &[
            ("title", TITLE),
            ("agenda", AGENDA),
            ("date", "2027-10-30"),
            ("start", "10:00"),
            ("end", "12:00"),
            ("place", "Mairie d’Engins"),
            ("visio", "1"),
            ("invite", "chosen"),
            (&agent_box, "1"),
            (&vp_box, "1"),
            ("sequence", "0"),
        ],
    )
    .await;
    assert_eq!(vp.last_status, 303);
    let (subject, cal) = last_invitation(&app, AGENT_EMAIL).await;
    assert!(subject.starts_with("Modification\u{a0}:"), "{subject}");
    assert_well_formed(&cal);
    let ev = &cal["events"][0];
    assert_eq!(cal["method"], "REQUEST");
    assert_eq!(ev["uid"], uid.as_str());
    assert_eq!(ev["sequence"], 1);
    assert_eq!(ev["dtstart_local"], "2027-10-30T10:00:00");
    assert_eq!(ev["dtstart_utc_vtimezone"], "2027-10-30T08:00:00Z");
    assert_eq!(ev["dtstart_utc_zoneinfo"], "2027-10-30T08:00:00Z");
    assert_eq!(ev["attendees"][0]["partstat"], "ACCEPTED");
    assert_eq!(ev["attendees"][0]["rsvp"], "FALSE");
    let (subject, cal) = last_invitation(&app, MEMBER_EMAIL).await;
    assert!(
        subject.starts_with("Vous n’êtes plus convoqué"),
        "{subject}"
    );
    assert_eq!(cal["method"], "CANCEL");
    assert_eq!(cal["events"][0]["sequence"], 1);
    assert_eq!(cal["events"][0]["status"], "CANCELLED");
    // A stale form (sequence 0 again) is refused, nothing changes.
    vp.get(&format!("/reunions/{id}/modifier")).await;
    let stale = vp
        .post(
            &format!("/reunions/{id}/modifier"),
            &[
                ("title", "Autre titre"),
                ("date", "2027-11-02"),
                ("start", "10:00"),
                ("end", "12:00"),
                ("place", "Ailleurs"),
                ("invite", "all"),
                ("sequence", "0"),
            ],
        )
        .await;
    assert_eq!(vp.last_status, 422);
    assert!(stale.contains("modifié cette réunion entre-temps"));
    assert_eq!(app.store.meeting(id).await.unwrap().unwrap().title, TITLE);

    // Cancelled: METHOD:CANCEL, same UID, SEQUENCE 2.
    vp.get(&format!("/reunions/{id}")).await;
    vp.post(&format!("/reunions/{id}/annuler"), &[]).await;
    assert_eq!(vp.last_status, 303);
    let (subject, cal) = last_invitation(&app, AGENT_EMAIL).await;
    assert!(subject.starts_with("Annulation\u{a0}:"), "{subject}");
    assert_well_formed(&cal);
    assert_eq!(cal["method"], "CANCEL");
    assert_eq!(cal["events"][0]["uid"], uid.as_str());
    assert_eq!(cal["events"][0]["sequence"], 2);
    assert_eq!(cal["events"][0]["status"], "CANCELLED");
    let page = agent.get(&format!("/reunions/{id}")).await;
    assert!(page.contains("Cette réunion est annulée."));
    // Each step is in the group's activity stream; the emails above are the
    // only messages (no second email by the notifications).
    let events = app
        .store
        .space_events(space_id(&app, &w.group).await, None, 20, None)
        .await
        .unwrap();
    let kinds: Vec<&str> = events
        .iter()
        .filter(|e| e.object_id == Some(id))
        .map(|e| e.kind.code())
        .collect();
    assert_eq!(kinds.len(), 3, "convened, updated, cancelled: {kinds:?}");
    for kind in ["meeting_convened", "meeting_updated", "meeting_cancelled"] {
        assert!(kinds.contains(&kind), "{kind}");
    }
    // The people convened have each step in their notifications (in the
    // app), already counted as emailed: the convocation, its update and its
    // cancellation were the emails. The organiser is not notified of her own
    // actions.
    let notes = app.store.notifications(w.agent, None, 10).await.unwrap();
    let noted: Vec<&str> = notes.iter().map(|n| n.event.kind.code()).collect();
    assert_eq!(
        noted,
        ["meeting_cancelled", "meeting_updated", "meeting_convened"],
        "{notes:?}"
    );
    assert!(notes.iter().all(|n| n.emailed && !n.read));
    assert!(
        app.store
            .notifications(w.vp, None, 10)
            .await
            .unwrap()
            .is_empty(),
        "never the actor"
    );
    // Even with one email per event chosen, and once the daily digest has
    // run, the agent gets no second email about the meeting.
    agent
        .get(&format!("/espaces/{}/notifications", w.group))
        .await;
    agent
        .post(
            &format!("/espaces/{}/notifications", w.group),
            &[("delivery", "immediate")],
        )
        .await;
    assert_eq!(
        app.store
            .notification_preference(w.agent, space_id(&app, &w.group).await)
            .await
            .unwrap(),
        Some(comcom_core::events::Delivery::Immediate)
    );
    let before = app.store.recent_outbox(500).await.unwrap().len();
    let page = vp.get(&format!("/reunions/{id}")).await;
    assert!(page.contains("annulée"));
    crate::notifications::run_notification_jobs(&app).await;
    comcom_web::notify::send_digests(
        &app.store,
        &comcom_web::notify::MailContext {
            public_url: url::Url::parse(&app.address).unwrap(),
        },
        "2999-01-01",
        chrono::Utc::now() + chrono::Duration::days(2),
    )
    .await
    .unwrap();
    assert_eq!(app.store.recent_outbox(500).await.unwrap().len(), before);
    let list = agent.get("/notifications").await;
    assert!(list.contains(&format!("/reunions/{id}")), "{list}");
    agent.get(&format!("/reunions/{id}/visio")).await;
    assert_eq!(agent.last_status, 410);
}

#[tokio::test]
async fn times_are_checked_across_daylight_saving_changes() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let form = format!("/espaces/{}/reunions/nouvelle", w.group);
    vp.get(&form).await;
    let base = [
        ("title", "Point d’étape"),
        ("place", "Lans"),
        ("invite", "all"),
    ];
    // 02:30 does not exist on 28 March 2027 in Paris.
    let mut fields = base.to_vec();
    fields.extend([("date", "2027-03-28"), ("start", "02:30"), ("end", "04:00")]);
    let page = vp.post(&form, &fields).await;
    assert_eq!(vp.last_status, 422);
    assert!(
        page.contains("2\u{a0}h\u{a0}30 n’existe pas le 28 mars 2027"),
        "{page}"
    );
    // Bad input: each field says what is wrong, nothing is stored.
    let page = vp
        .post(
            &form,
            &[
                ("title", ""),
                ("date", "2027-02-30"),
                ("start", "25:00"),
                ("end", "x"),
                ("place", ""),
                ("invite", "chosen"),
            ],
        )
        .await;
    assert_eq!(vp.last_status, 422);
    for message in [
        "Indiquez le titre de la réunion.",
        "Indiquez une date valide",
        "Indiquez l’heure de début",
        "Indiquez l’heure de fin",
        "Indiquez un lieu, ou choisissez la visioconférence.",
        "Choisissez au moins une personne à convoquer.",
    ] {
        assert!(page.contains(message), "{message}");
    }
    let mut fields = base.to_vec();
    fields.extend([("date", "2020-01-10"), ("start", "10:00"), ("end", "11:00")]);
    let page = vp.post(&form, &fields).await;
    assert!(page.contains("Cette date est passée"));
    let mut fields = base.to_vec();
    fields.extend([
        ("date", "2027-05-10"),
        ("start", "11:00"),
        ("end", "10:00"),
        ("visio", "1"),
    ]);
    let page = vp.post(&form, &fields).await;
    assert!(page.contains("L’heure de fin doit suivre l’heure de début"));
    assert!(page.contains("Aucun outil de visioconférence n’est configuré"));
    assert!(
        app.store
            .meetings_of_space(space_id(&app, &w.group).await)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(app.store.recent_outbox(10).await.unwrap().is_empty());

    // 02:30 happens twice on 31 October 2027: the first one (UTC+2) is kept.
    let id = convene(
        &mut vp,
        &w.group,
        "2027-10-31",
        "02:30",
        "04:00",
        &[("visio", "")],
    )
    .await;
    let m = app.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(m.starts_at.to_rfc3339(), "2027-10-31T00:30:00+00:00");
    // 04:00 is after the change: UTC+1.
    assert_eq!(m.ends_at.to_rfc3339(), "2027-10-31T03:00:00+00:00");
    let (_, cal) = last_invitation(&app, AGENT_EMAIL).await;
    let ev = &cal["events"][0];
    assert_eq!(ev["dtstart_local"], "2027-10-31T02:30:00");
    assert_eq!(ev["dtstart_utc_zoneinfo"], "2027-10-31T00:30:00Z");
    assert_eq!(ev["dtstart_utc_vtimezone"], "2027-10-31T00:30:00Z");
    assert_eq!(ev["dtend_utc_vtimezone"], "2027-10-31T03:00:00Z");
    assert_eq!(ev["location"], "Mairie d’Engins, salle du conseil");
}

async fn space_id(app: &TestApp, slug: &str) -> i64 {
    let t = app.store.first_territory().await.unwrap().unwrap();
    app.store
        .space_by_slug(t.id, slug)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn answers_and_proxies_follow_the_rules() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(
        &mut vp,
        &w.group,
        "2027-06-15",
        "18:00",
        "20:00",
        &[("visio", "")],
    )
    .await;
    let answer = format!("/reunions/{id}/reponse");
    let mut agent = browser(&app, w.agent).await;
    let mut paul = browser(&app, w.member).await;

    agent.get(&format!("/reunions/{id}")).await;
    let page = agent
        .post(
            &answer,
            &[("answer", "proxy"), ("proxy", &w.agent.to_string())],
        )
        .await;
    assert_eq!(agent.last_status, 422);
    assert!(page.contains("Vous ne pouvez pas vous donner votre propre pouvoir."));
    let page = agent.post(&answer, &[("answer", "proxy")]).await;
    assert!(page.contains("Choisissez la personne à qui vous donnez votre pouvoir."));
    let page = agent.post(&answer, &[("answer", "maybe")]).await;
    assert!(page.contains("Choisissez une réponse"));
    agent
        .post(
            &answer,
            &[("answer", "proxy"), ("proxy", &w.vp.to_string())],
        )
        .await;
    assert_eq!(agent.last_status, 303);

    // One proxy per holder.
    paul.get(&format!("/reunions/{id}")).await;
    let page = paul
        .post(
            &answer,
            &[("answer", "proxy"), ("proxy", &w.vp.to_string())],
        )
        .await;
    assert_eq!(paul.last_status, 422);
    assert!(
        page.contains("Marc Vice-Président détient déjà un pouvoir"),
        "{page}"
    );
    // Nobody holds a proxy for someone absent, nor passes a proxy on.
    let page = paul
        .post(
            &answer,
            &[("answer", "proxy"), ("proxy", &w.agent.to_string())],
        )
        .await;
    assert!(page.contains("Lucie Agent ne sera pas présent"));
    let page = vp.get(&format!("/reunions/{id}")).await;
    assert!(page.contains("Vous détenez le pouvoir de Lucie Agent."));
    let page = vp.post(&answer, &[("answer", "no")]).await;
    assert_eq!(vp.last_status, 422);
    assert!(page.contains("Vous détenez le pouvoir de Lucie Agent"));
    vp.post(&answer, &[("answer", "yes")]).await;
    assert_eq!(vp.last_status, 303);

    let page = paul.get(&format!("/reunions/{id}")).await;
    assert!(page.contains("Absent, pouvoir à Marc Vice-Président"));
    // The agent comes after all: her proxy is released, and the
    // vice-president may hold Paul's instead.
    agent.get(&format!("/reunions/{id}")).await;
    agent.post(&answer, &[("answer", "yes")]).await;
    paul.get(&format!("/reunions/{id}")).await;
    paul.post(
        &answer,
        &[("answer", "proxy"), ("proxy", &w.vp.to_string())],
    )
    .await;
    assert_eq!(paul.last_status, 303);
    let invitees = app.store.meeting_invitees(id).await.unwrap();
    let paul_row = invitees.iter().find(|i| i.person_id == w.member).unwrap();
    assert_eq!(paul_row.proxy_id, Some(w.vp));
    let agent_row = invitees.iter().find(|i| i.person_id == w.agent).unwrap();
    assert_eq!(agent_row.proxy_id, None);

    // Minutes, in Markdown, sanitized.
    vp.get(&format!("/reunions/{id}")).await;
    vp.post(
        &format!("/reunions/{id}/compte-rendu"),
        &[(
            "minutes",
            "## Décisions\n\n- Zonage **adopté**\n<script>alert(1)</script>",
        )],
    )
    .await;
    assert_eq!(vp.last_status, 303);
    let page = agent.get(&format!("/reunions/{id}")).await;
    assert!(page.contains("<strong>adopté</strong>"));
    assert!(!page.contains("<script>alert"));
    // Only conveners write minutes.
    agent
        .post(&format!("/reunions/{id}/compte-rendu"), &[("minutes", "x")])
        .await;
    assert_eq!(agent.last_status, 403);
}

fn jitsi() -> comcom_visio::Provider {
    comcom_visio::Provider::Jitsi {
        base_url: "https://visio.vercors.example".parse().unwrap(),
        app_id: "comcom-vercors".into(),
        audience: "jitsi".into(),
        secret: JITSI_SECRET.into(),
    }
}

const JITSI_SECRET: &str = "jitsi-shared-secret-for-tests-0123456789";
const LIVEKIT_SECRET: &str = "livekit-api-secret-for-tests-0123456789abcdef";
const BBB_SECRET: &str = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";

fn query_param(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("{name} in {url}"))
}

fn check_jwt(token: &str, secret: &str, audience: Option<&str>) -> Value {
    let script = repo_root().join("tests/check_visio.py");
    let mut args = vec![script.to_str().unwrap(), "jwt", token, secret];
    args.extend(audience);
    run_json(&args)
}

#[tokio::test]
async fn jitsi_tokens_are_fresh_signed_for_the_room_and_only_for_invitees() {
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(
        &mut vp,
        &w.group,
        "2027-06-15",
        "18:00",
        "20:00",
        &[
            ("invite", "chosen"),
            (&format!("invitee-{}", w.agent), "1"),
            (&format!("invitee-{}", w.vp), "1"),
        ],
    )
    .await;
    let room = app.store.meeting(id).await.unwrap().unwrap().room;
    assert!(room.len() >= 40, "an unguessable room name: {room}");

    let mut agent = browser(&app, w.agent).await;
    let page = agent.get(&format!("/reunions/{id}")).await;
    assert!(page.contains(&format!("href=\"/reunions/{id}/visio\"")));
    let before = chrono::Utc::now().timestamp();
    agent.get(&format!("/reunions/{id}/visio")).await;
    assert_eq!(agent.last_status, 303);
    let location = agent.last_location.clone().unwrap();
    assert!(location.starts_with(&format!("https://visio.vercors.example/{room}?jwt=")));
    let token = query_param(&location, "jwt");
    let checked = check_jwt(&token, JITSI_SECRET, Some("jitsi"));
    let claims = &checked["claims"];
    assert_eq!(checked["header"]["alg"], "HS256");
    assert_eq!(claims["aud"], "jitsi");
    assert_eq!(claims["iss"], "comcom-vercors");
    assert_eq!(claims["sub"], "visio.vercors.example");
    assert_eq!(claims["room"], room.as_str());
    assert_eq!(claims["context"]["user"]["name"], "Lucie Agent");
    assert_eq!(claims["context"]["user"]["email"], AGENT_EMAIL);
    assert_eq!(claims["context"]["user"]["moderator"], "false");
    let exp = claims["exp"].as_i64().unwrap();
    assert!(
        exp > before && exp <= before + 600 + 5,
        "short-lived: {exp}"
    );
    assert!(claims["nbf"].as_i64().unwrap() <= before);
    // The signature is checked: another secret or audience fails.
    assert_eq!(
        check_jwt(&token, "another-secret-another-secret", Some("jitsi"))["error"],
        "InvalidSignatureError"
    );
    assert_eq!(
        check_jwt(&token, JITSI_SECRET, Some("someone-else"))["error"],
        "InvalidAudienceError"
    );
    // A fresh token on every use.
    agent.get(&format!("/reunions/{id}/visio")).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    agent.get(&format!("/reunions/{id}/visio")).await;
    assert_ne!(agent.last_location.clone().unwrap(), location);

    // The convener is a moderator.
    vp.get(&format!("/reunions/{id}/visio")).await;
    let token = query_param(vp.last_location.as_ref().unwrap(), "jwt");
    let claims = &check_jwt(&token, JITSI_SECRET, Some("jitsi"))["claims"];
    assert_eq!(claims["context"]["user"]["moderator"], "true");

    // Paul is in the group but not invited: he sees the meeting, not the link.
    let mut paul = browser(&app, w.member).await;
    let page = paul.get(&format!("/reunions/{id}")).await;
    assert_eq!(paul.last_status, 200);
    assert!(!page.contains(&format!("/reunions/{id}/visio")));
    assert!(page.contains("réservée aux personnes convoquées"));
    paul.get(&format!("/reunions/{id}/visio")).await;
    assert_eq!(paul.last_status, 403);
    // Once the agent leaves the group, her link stops working.
    app.store
        .remove_membership(space_id(&app, &w.group).await, w.agent)
        .await
        .unwrap();
    agent.get(&format!("/reunions/{id}/visio")).await;
    assert_eq!(agent.last_status, 404);
}

#[tokio::test]
async fn livekit_tokens_carry_the_video_grant_for_the_room() {
    let app = TestApp::spawn_with_visio(comcom_visio::Provider::LiveKit {
        server_url: "wss://livekit.vercors.example".parse().unwrap(),
        client_url: "https://meet.vercors.example/custom".parse().unwrap(),
        api_key: "APIvercors".into(),
        secret: LIVEKIT_SECRET.into(),
    })
    .await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(
        &mut vp,
        &w.group,
        "2027-06-15",
        "18:00",
        "20:00",
        &[("place", "")],
    )
    .await;
    let room = app.store.meeting(id).await.unwrap().unwrap().room;
    let mut agent = browser(&app, w.agent).await;
    agent.get(&format!("/reunions/{id}/visio")).await;
    assert_eq!(agent.last_status, 303);
    let location = agent.last_location.clone().unwrap();
    assert!(location.starts_with("https://meet.vercors.example/custom?"));
    assert_eq!(
        query_param(&location, "liveKitUrl"),
        "wss://livekit.vercors.example/"
    );
    let token = query_param(&location, "token");
    let checked = check_jwt(&token, LIVEKIT_SECRET, None);
    let claims = &checked["claims"];
    assert_eq!(claims["iss"], "APIvercors");
    assert_eq!(claims["sub"], format!("person-{}", w.agent).as_str());
    assert_eq!(claims["name"], "Lucie Agent");
    assert_eq!(claims["video"]["room"], room.as_str());
    assert_eq!(claims["video"]["roomJoin"], true);
    assert_eq!(claims["video"]["roomAdmin"], false);
    let now = chrono::Utc::now().timestamp();
    assert!(claims["exp"].as_i64().unwrap() <= now + 600 + 5);
    assert_eq!(
        check_jwt(&token, "wrong-wrong-wrong-wrong", None)["error"],
        "InvalidSignatureError"
    );
    // A visio-only meeting: the invitation's location says so.
    let (_, cal) = last_invitation(&app, AGENT_EMAIL).await;
    assert_eq!(cal["events"][0]["location"], "Visioconférence");
}

struct Server {
    child: Child,
    port: u16,
    folder: tempfile::TempDir,
}

impl Server {
    fn start(script: &str, args: &[&str]) -> Server {
        let folder = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(repo_root().join(script))
            .arg("--dir")
            .arg(folder.path())
            .args(["--max-seconds", "60"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .expect("the server's port");
        Server {
            child,
            port,
            folder,
        }
    }

    fn files(&self, extension: &str) -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == extension))
            .collect();
        files.sort();
        files
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn bbb(port: u16, secret: &str, checksum: comcom_visio::Checksum) -> comcom_visio::Provider {
    comcom_visio::Provider::BigBlueButton {
        api_url: format!("http://127.0.0.1:{port}/bigbluebutton/api/")
            .parse()
            .unwrap(),
        secret: secret.into(),
        checksum,
    }
}

#[tokio::test]
async fn bigbluebutton_calls_are_signed_and_the_room_is_created_before_joining() {
    let server = Server::start("tests/fake_bbb.py", &["--secret", BBB_SECRET]);
    for checksum in [comcom_visio::Checksum::Sha1, comcom_visio::Checksum::Sha256] {
        let app = TestApp::spawn_with_visio(bbb(server.port, BBB_SECRET, checksum)).await;
        let w = world(&app).await;
        let mut vp = browser(&app, w.vp).await;
        let id = convene(&mut vp, &w.group, "2027-06-15", "18:00", "20:00", &[]).await;
        let room = app.store.meeting(id).await.unwrap().unwrap().room;
        let mut agent = browser(&app, w.agent).await;
        agent.get(&format!("/reunions/{id}/visio")).await;
        assert_eq!(agent.last_status, 303);
        let join = agent.last_location.clone().unwrap();
        let checked = run_json(&[
            repo_root().join("tests/check_visio.py").to_str().unwrap(),
            "bbb",
            &join,
            BBB_SECRET,
        ]);
        assert_eq!(checked["call"], "join");
        assert_eq!(checked["valid"], true, "{join}");
        assert_eq!(checked["params"]["meetingID"], room.as_str());
        assert_eq!(checked["params"]["fullName"], "Lucie Agent");
        assert_eq!(checked["params"]["role"], "VIEWER");
        let sum = query_param(&join, "checksum");
        assert_eq!(
            sum.len(),
            match checksum {
                comcom_visio::Checksum::Sha1 => 40,
                comcom_visio::Checksum::Sha256 => 64,
            }
        );
        // Tampering breaks the checksum.
        let tampered = join.replace("role=VIEWER", "role=MODERATOR");
        let checked = run_json(&[
            repo_root().join("tests/check_visio.py").to_str().unwrap(),
            "bbb",
            &tampered,
            BBB_SECRET,
        ]);
        assert_eq!(checked["valid"], false);
        let calls = std::fs::read_to_string(server.folder.path().join("calls.jsonl")).unwrap();
        let last: Value = serde_json::from_str(calls.lines().last().unwrap()).unwrap();
        assert_eq!(last["call"], "create");
        assert_eq!(last["valid"], true);
        assert_eq!(last["params"]["meetingID"], room.as_str());
        assert_eq!(last["params"]["name"], TITLE);
    }
    // A server that refuses (wrong secret): a clear page, no redirect.
    let app = TestApp::spawn_with_visio(bbb(
        server.port,
        "not-the-servers-secret-at-all",
        comcom_visio::Checksum::Sha1,
    ))
    .await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(&mut vp, &w.group, "2027-06-15", "18:00", "20:00", &[]).await;
    let page = vp.get(&format!("/reunions/{id}/visio")).await;
    assert_eq!(vp.last_status, 502);
    assert!(page.contains("Le service de visioconférence n’a pas pu ouvrir la salle"));
    assert!(!page.contains("checksum"));
}

/// The address shown once after making a feed.
fn feed_url(page: &str) -> String {
    let needle = r#"id="f-feed-url" type="text" value=""#;
    let start = page.find(needle).expect("the address") + needle.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn feeds_are_secret_revocable_and_show_only_what_their_owner_may_see() {
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(&mut vp, &w.group, "2027-03-29", "09:30", "11:00", &[]).await;
    let mut outsider = browser(&app, w.outsider).await;
    let lans_meeting = convene(&mut outsider, &w.lans, "2027-04-02", "10:00", "11:00", &[]).await;

    // The agent's own feed: her invitations.
    let mut agent = browser(&app, w.agent).await;
    let page = agent.get("/profil/agenda").await;
    assert!(page.contains("Aucune adresse n’est active."));
    let page = agent.post("/profil/agenda", &[("action", "create")]).await;
    assert_eq!(agent.last_status, 200);
    let url = feed_url(&page);
    assert!(url.starts_with(&app.url("/agenda/")) && url.ends_with(".ics"));
    let response = app.client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; method=PUBLISH; charset=UTF-8"
    );
    let cal = check_calendar(&response.text().await.unwrap());
    assert_well_formed(&cal);
    assert_eq!(cal["method"], "PUBLISH");
    assert_eq!(cal["events"].as_array().unwrap().len(), 1);
    assert_eq!(cal["events"][0]["summary"], TITLE);
    assert_eq!(
        cal["events"][0]["dtstart_utc_vtimezone"],
        "2027-03-29T07:30:00Z"
    );
    assert!(cal["events"][0]["attendees"].as_array().unwrap().is_empty());
    // The secret is stored hashed and never shown again.
    let page = agent.get("/profil/agenda").await;
    assert!(!page.contains(&url));
    assert!(page.contains("Une adresse est active depuis"));

    // Regenerated: the old address stops, the new one works; revoked: none.
    let page = agent.post("/profil/agenda", &[("action", "create")]).await;
    let new_url = feed_url(&page);
    assert_ne!(new_url, url);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(app.client.get(&new_url).send().await.unwrap().status(), 200);
    agent.post("/profil/agenda", &[("action", "revoke")]).await;
    assert_eq!(app.client.get(&new_url).send().await.unwrap().status(), 404);

    // The group's feed, for Paul; the outsider cannot make one.
    let mut paul = browser(&app, w.member).await;
    let page = paul.get(&format!("/espaces/{}/agenda", w.group)).await;
    assert_eq!(paul.last_status, 200, "{page}");
    let page = paul
        .post(
            &format!("/espaces/{}/agenda", w.group),
            &[("action", "create")],
        )
        .await;
    let space_feed = feed_url(&page);
    let cal = check_calendar(
        &app.client
            .get(&space_feed)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(cal["calname"], "Réunions – Groupe eau et assainissement");
    let uids: Vec<&str> = cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap())
        .collect();
    let uid = app.store.meeting(id).await.unwrap().unwrap().uid;
    let lans_uid = app.store.meeting(lans_meeting).await.unwrap().unwrap().uid;
    assert_eq!(uids, [uid.as_str()]);
    assert!(!uids.contains(&lans_uid.as_str()));
    outsider.get(&format!("/espaces/{}/agenda", w.group)).await;
    assert_eq!(outsider.last_status, 404);
    // Paul leaves the group: his feed of it stops at once.
    app.store
        .remove_membership(space_id(&app, &w.group).await, w.member)
        .await
        .unwrap();
    assert_eq!(
        app.client.get(&space_feed).send().await.unwrap().status(),
        404
    );
    // Made-up or malformed secrets.
    for path in [
        "/agenda/0000000000000000000000000000000000000000000000000000000000000000.ics",
        "/agenda/abc.ics",
        "/agenda/..%2F..%2Fetc%2Fpasswd",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn nobody_outside_the_group_reaches_its_meetings_by_any_url() {
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(&mut vp, &w.group, "2027-06-15", "18:00", "20:00", &[]).await;
    let mut outsider = browser(&app, w.outsider).await;
    let lans_id = convene(&mut outsider, &w.lans, "2027-06-16", "18:00", "20:00", &[]).await;

    // The outsider (an agent of Lans) gets "not found" everywhere.
    let gets = [
        format!("/reunions/{id}"),
        format!("/reunions/{id}/visio"),
        format!("/reunions/{id}/modifier"),
        format!("/espaces/{}/reunions", w.group),
        format!("/espaces/{}/reunions/nouvelle", w.group),
        format!("/espaces/{}/agenda", w.group),
    ];
    for path in &gets {
        let page = outsider.get(path).await;
        assert_eq!(outsider.last_status, 404, "{path}");
        assert!(!page.contains(TITLE));
    }
    outsider.get(&format!("/reunions/{lans_id}")).await;
    for (path, fields) in [
        (format!("/reunions/{id}/reponse"), vec![("answer", "yes")]),
        (format!("/reunions/{id}/annuler"), vec![]),
        (
            format!("/reunions/{id}/compte-rendu"),
            vec![("minutes", "x")],
        ),
        (
            format!("/reunions/{id}/modifier"),
            vec![("title", "Pris"), ("sequence", "0")],
        ),
        (
            format!("/espaces/{}/agenda", w.group),
            vec![("action", "create")],
        ),
        (
            format!("/espaces/{}/reunions/nouvelle", w.group),
            vec![("title", "Intrus")],
        ),
    ] {
        outsider.post(&path, &fields).await;
        assert_eq!(outsider.last_status, 404, "{path}");
    }
    let m = app.store.meeting(id).await.unwrap().unwrap();
    assert_eq!((m.sequence, m.minutes.as_str()), (0, ""), "nothing changed");
    // Her personal feed shows her meeting only.
    outsider.get("/profil/agenda").await;
    let page = outsider
        .post("/profil/agenda", &[("action", "create")])
        .await;
    let body = app
        .client
        .get(feed_url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!body.contains(&m.uid));
    assert!(body.contains(&app.store.meeting(lans_id).await.unwrap().unwrap().uid));
    // And the group's members do not see the Lans meeting.
    let mut agent = browser(&app, w.agent).await;
    agent.get(&format!("/reunions/{lans_id}")).await;
    assert_eq!(agent.last_status, 404);
    // Visitors are asked to sign in; a made-up id is not found.
    let response = app.get(&format!("/reunions/{id}")).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.get(&format!("/reunions/{id}/visio")).await.status(),
        303
    );
    vp.get("/reunions/999999").await;
    assert_eq!(vp.last_status, 404);
    vp.get("/reunions/abc").await;
    assert_eq!(vp.last_status, 404);
    // A territory-wide extranet member (not in the group) is refused too.
    let other = person(
        &app,
        "Zoé Extranet",
        "zoe@vercors.example",
        Role::IntercoStaff,
        None,
    )
    .await;
    let mut zoe = browser(&app, other).await;
    zoe.get(&format!("/reunions/{id}")).await;
    assert_eq!(zoe.last_status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_convocation_is_delivered_over_smtp_with_its_calendar_part() {
    let sink = Server::start("tests/smtp_sink.py", &[]);
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let id = convene(&mut vp, &w.group, "2027-03-29", "09:30", "11:00", &[]).await;

    // The real program delivers them: `serve` runs the job queue.
    let mut server = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("COMCOM_DATABASE_URL", &app._db.url)
        .env("COMCOM_DATA_DIR", app._db.dir.path())
        .env(
            "COMCOM_SMTP_URL",
            format!("smtp://127.0.0.1:{}?tls=none", sink.port),
        )
        .env(
            "COMCOM_MAIL_FROM",
            "CC du Massif du Vercors <ne-pas-repondre@vercors.example>",
        )
        .env("COMCOM_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while sink.files("eml").len() < 3 && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = server.kill();
    let _ = server.wait();

    let files = sink.files("eml");
    assert_eq!(files.len(), 3, "one convocation per member");
    let mut found = false;
    for file in &files {
        let mail = run_json(&[
            repo_root()
                .join("tests/check_calendar.py")
                .to_str()
                .unwrap(),
            "--eml",
            file.to_str().unwrap(),
        ]);
        if mail["to"] != AGENT_EMAIL {
            continue;
        }
        found = true;
        assert!(mail["subject"].as_str().unwrap().starts_with("Convocation"));
        assert!(
            mail["text"]
                .as_str()
                .unwrap()
                .contains(&format!("/reunions/{id}/visio"))
        );
        assert_eq!(mail["calendar_method_param"], "REQUEST");
        assert!(
            mail["calendar_content_type"]
                .as_str()
                .unwrap()
                .to_ascii_lowercase()
                .starts_with("text/calendar; method=request; charset=utf-8"),
            "{}",
            mail["calendar_content_type"]
        );
        assert_eq!(mail["attachment_filename"], "invitation.ics");
        assert_eq!(mail["attachment_same"], true);
        let cal = &mail["calendar"];
        assert_eq!(cal["method"], "REQUEST");
        assert_eq!(cal["events"][0]["summary"], TITLE);
        assert_eq!(
            cal["events"][0]["dtstart_utc_vtimezone"],
            "2027-03-29T07:30:00Z"
        );
        assert_eq!(cal["events"][0]["attendees"][0]["email"], AGENT_EMAIL);
    }
    assert!(found);
    // Delivered: the text and the invitation are forgotten.
    for m in app.store.recent_outbox(10).await.unwrap() {
        assert!(m.sent_at.is_some());
        assert_eq!(app.store.outbox_calendar(m.id).await.unwrap(), None);
    }
}

#[tokio::test]
async fn the_administrator_sees_which_visio_tool_is_active_but_never_its_secret() {
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut b = browser(&app, admin.person_id).await;
    let page = b.get("/admin/visio").await;
    assert_eq!(b.last_status, 200);
    assert!(page.contains("Outil actif\u{a0}: Jitsi Meet"));
    assert!(page.contains("https://visio.vercors.example/"));
    assert!(page.contains("comcom-vercors"));
    assert!(!page.contains(JITSI_SECRET));
    let w = world(&app).await;
    let mut agent = browser(&app, w.agent).await;
    agent.get("/admin/visio").await;
    assert_eq!(agent.last_status, 403);
    // Without a provider the page says so.
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut b = browser(&app, admin.person_id).await;
    let page = b.get("/admin/visio").await;
    assert!(page.contains("Aucun outil de visioconférence n’est configuré"));
}

/// Uploads a file through the multipart form of the page at `page`.
async fn upload_from(b: &mut Browser, page: &str, name: &str, bytes: &[u8]) -> String {
    let html = b.get(page).await;
    let action = Browser::form_action(&html);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    b.post_multipart(&action, form).await
}

/// The id of the document called `name` in a space.
async fn document_named(app: &TestApp, slug: &str, name: &str) -> i64 {
    let space = space_id(app, slug).await;
    app.store
        .space_document_choices(space)
        .await
        .unwrap()
        .into_iter()
        .find(|(_, n)| n == name)
        .unwrap_or_else(|| panic!("{name} in {slug}"))
        .0
}

#[tokio::test]
async fn organisers_attach_documents_and_minutes_that_invitees_see_and_the_convocation_links() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut vp = browser(&app, w.vp).await;
    let mut agent = browser(&app, w.agent).await;
    let mut outsider = browser(&app, w.outsider).await;
    let docs = format!("/espaces/{}/documents", w.group);

    // A document of the group, ticked when convening: the convocation links it.
    let note = comcom_files::pdf::tiny_pdf(&["Note de présentation du zonage"]);
    upload_from(&mut vp, &docs, "Note de présentation.pdf", &note).await;
    assert_eq!(vp.last_status, 303);
    let note_id = document_named(&app, &w.group, "Note de présentation.pdf").await;
    let form = vp
        .get(&format!("/espaces/{}/reunions/nouvelle", w.group))
        .await;
    assert!(
        form.contains("Note de présentation.pdf"),
        "offered when convening"
    );
    let note_box = format!("document-{note_id}");
    let id = convene(
        &mut vp,
        &w.group,
        "2027-03-10",
        "14:00",
        "16:00",
        &[(&note_box, "1"), ("visio", "0")],
    )
    .await;
    let (_, text) = crate::helpers::last_email_to(&app, AGENT_EMAIL)
        .await
        .unwrap();
    let link = format!("{}/espaces/{}/documents/{note_id}", app.address, w.group);
    assert!(text.contains("Note de présentation.pdf"), "{text}");
    assert!(text.contains(&link), "a link, not a file: {text}");
    let page = format!("/reunions/{id}");

    // A new file uploaded from the meeting's page goes into the space's
    // documents (same checks) and is attached.
    let minutes = comcom_files::pdf::tiny_pdf(&["Compte rendu : zonage adopté"]);
    upload_from(&mut vp, &page, "Compte rendu 10 mars.pdf", &minutes).await;
    assert_eq!(vp.last_status, 303, "uploaded and attached");
    let minutes_id = document_named(&app, &w.group, "Compte rendu 10 mars.pdf").await;
    // A program is refused with the documents' own message; nothing attached.
    let refused = upload_from(
        &mut vp,
        &page,
        "outil.exe",
        b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0",
    )
    .await;
    assert_eq!(vp.last_status, 415);
    assert!(refused.contains("outil.exe"), "{refused}");
    assert_eq!(
        app.store.meeting_documents(id).await.unwrap().len(),
        2,
        "the refused file is not attached"
    );
    // Marked as the minutes.
    vp.get(&page).await;
    vp.post(
        &format!("/reunions/{id}/documents/{minutes_id}/compte-rendu"),
        &[("minutes", "1")],
    )
    .await;
    assert_eq!(vp.last_status, 303);
    let attached = app.store.meeting_documents(id).await.unwrap();
    assert_eq!(attached[0].document_id, minutes_id, "the minutes first");
    assert!(attached[0].is_minutes && !attached[1].is_minutes);

    // Another space's document cannot be attached, by any id.
    let lans_docs = format!("/espaces/{}/documents", w.lans);
    upload_from(&mut outsider, &lans_docs, "Budget Lans.pdf", &note).await;
    let lans_doc = document_named(&app, &w.lans, "Budget Lans.pdf").await;
    vp.get(&page).await;
    let answer = vp
        .post(
            &format!("/reunions/{id}/documents"),
            &[("document", &lans_doc.to_string())],
        )
        .await;
    assert_eq!(vp.last_status, 422);
    assert!(answer.contains("Choisissez un document de cet espace"));
    assert_eq!(app.store.meeting_documents(id).await.unwrap().len(), 2);

    // The invitee sees both and downloads them; a member who does not
    // organise cannot attach or detach.
    let seen = agent.get(&page).await;
    assert!(seen.contains("Compte rendu 10 mars.pdf") && seen.contains("(compte rendu)"));
    assert!(!seen.contains("Joindre un document"), "members only read");
    let download = format!("{docs}/{minutes_id}/telecharger");
    agent.get(&download).await;
    assert_eq!(agent.last_status, 200);
    agent
        .post(&format!("/reunions/{id}/documents/{note_id}/retirer"), &[])
        .await;
    assert!(agent.last_status >= 400, "{}", agent.last_status);
    assert_eq!(app.store.meeting_documents(id).await.unwrap().len(), 2);
    // Outside the group: neither the meeting nor its documents.
    outsider.get(&page).await;
    assert_eq!(outsider.last_status, 404);
    outsider.get(&download).await;
    assert_eq!(outsider.last_status, 404);
    // The download checks the space on each request: once the agent has
    // left the group, the link in her convocation no longer opens.
    let group_id = space_id(&app, &w.group).await;
    app.store
        .remove_membership(group_id, w.agent)
        .await
        .unwrap();
    agent.get(&download).await;
    assert_eq!(agent.last_status, 404);
    app.store
        .set_membership(group_id, w.agent, comcom_core::SpaceRole::Member)
        .await
        .unwrap();

    // The update of the convocation lists what is attached then.
    vp.get(&format!("/reunions/{id}/modifier")).await;
    vp.post(
        &format!("/reunions/{id}/modifier"),
        &[
            ("title", TITLE),
            ("agenda", AGENDA),
            ("date", "2027-03-10"),
            ("start", "15:00"),
            ("end", "17:00"),
            ("place", "Mairie d’Engins"),
            ("invite", "all"),
            ("sequence", "0"),
        ],
    )
    .await;
    assert_eq!(vp.last_status, 303);
    let (_, text) = crate::helpers::last_email_to(&app, AGENT_EMAIL)
        .await
        .unwrap();
    assert!(text.contains("Compte rendu 10 mars.pdf"), "{text}");

    // Detached: gone from the meeting, still in the space.
    vp.get(&page).await;
    vp.post(&format!("/reunions/{id}/documents/{note_id}/retirer"), &[])
        .await;
    assert_eq!(vp.last_status, 303);
    let attached = app.store.meeting_documents(id).await.unwrap();
    assert_eq!(attached.len(), 1);
    assert!(
        app.store
            .document(group_id, note_id)
            .await
            .unwrap()
            .is_some()
    );
    // A document put in the trash disappears from the meeting.
    vp.get(&format!("{docs}/{minutes_id}")).await;
    vp.post(&format!("{docs}/{minutes_id}/corbeille"), &[])
        .await;
    assert!(app.store.meeting_documents(id).await.unwrap().is_empty());
}
