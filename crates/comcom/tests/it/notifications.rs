//! The activity stream and notifications: an event reaches the space's
//! members (never its actor) as each chose — in the app, by an email at once,
//! or in the daily digest sent once per person per day — in their language.

use comcom_core::events::{Delivery, EventKind};
use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::events::{DAILY_DIGEST, EventInput, NOTIFY_EVENT};
use comcom_store::outbox::SEND_EMAIL;
use comcom_store::spaces::{NewSpace, SpaceRecord};
use comcom_web::notify::{self, MailContext};

use crate::helpers::{Browser, TestApp, last_email_to};

/// What the job runner of `serve` does with notification jobs; delivery
/// jobs are marked done (the outbox is what the tests read).
pub async fn run_notification_jobs(app: &TestApp) -> usize {
    let context = MailContext {
        public_url: url::Url::parse(&app.address).unwrap(),
    };
    let mut ran = 0;
    while let Some(job) = app
        .store
        .claim_job("test", chrono::Duration::minutes(5))
        .await
        .unwrap()
    {
        match job.kind.as_str() {
            NOTIFY_EVENT => {
                notify::send_event_emails(&app.store, &context, job.payload.parse().unwrap())
                    .await
                    .unwrap();
            }
            DAILY_DIGEST => {
                notify::send_digests(&app.store, &context, &job.payload, chrono::Utc::now())
                    .await
                    .unwrap();
            }
            SEND_EMAIL => {}
            other => panic!("unexpected job {other}"),
        }
        app.store.complete_job(job.id).await.unwrap();
        ran += 1;
    }
    ran
}

/// Every email queued for `to`, oldest first: subject and text.
pub async fn emails_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = app
        .store
        .recent_outbox(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to == to)
        .map(|m| (m.subject, m.text))
        .collect();
    all.reverse();
    all
}

pub struct Group {
    pub space: SpaceRecord,
    /// Facilitator (a territory administrator too).
    pub chair: i64,
    pub members: Vec<i64>,
}

/// A space with a facilitator and members `a@…`, `b@…`: (name, email).
pub async fn group(app: &TestApp, visibility: Visibility, people: &[(&str, &str)]) -> Group {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility,
            name: "Groupe mobilités",
            description: "",
        })
        .await
        .unwrap();
    let chair = app
        .store
        .create_account(Some(t.id), "Agnès Bouvier", "chair@vercors.example")
        .await
        .unwrap()
        .person_id;
    app.store.grant_admin(chair, Some(t.id)).await.unwrap();
    app.store
        .set_membership(space.id, chair, SpaceRole::Facilitator)
        .await
        .unwrap();
    let mut members = Vec::new();
    for (name, email) in people {
        let id = app
            .store
            .create_account(Some(t.id), name, email)
            .await
            .unwrap()
            .person_id;
        app.store
            .set_membership(space.id, id, SpaceRole::Member)
            .await
            .unwrap();
        members.push(id);
    }
    Group {
        space,
        chair,
        members,
    }
}

#[tokio::test]
async fn members_hear_of_an_event_as_each_chose_and_the_actor_never_does() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Restricted,
        &[
            ("Bruno Faure", "daily@engins.example"),
            ("Chloé Martin", "now@engins.example"),
            ("Denis Roux", "quiet@engins.example"),
        ],
    )
    .await;
    let (daily, now, quiet) = (g.members[0], g.members[1], g.members[2]);
    app.store
        .set_notification_preference(now, g.space.id, Some(Delivery::Immediate))
        .await
        .unwrap();
    app.store
        .set_notification_preference(quiet, g.space.id, Some(Delivery::None))
        .await
        .unwrap();
    // The actor asked for every email at once: still none for their own action.
    app.store
        .set_notification_preference(g.chair, g.space.id, Some(Delivery::Immediate))
        .await
        .unwrap();
    // Someone outside the space.
    let outsider = app
        .store
        .create_account(None, "Éloïse Dupont", "out@engins.example")
        .await
        .unwrap()
        .person_id;

    let id = app
        .store
        .record_event(&EventInput::new(
            g.space.id,
            Some(g.chair),
            EventKind::DocumentUploaded,
            "document",
            Some(42),
            "Plan de mobilité 2027.pdf",
            "/espaces/groupe-mobilites/documents/42",
        ))
        .await
        .unwrap();
    run_notification_jobs(&app).await;

    // In the app: every member but the actor; nobody outside.
    for person in [daily, now, quiet] {
        let list = app.store.notifications(person, None, 10).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].event.id, id);
        assert_eq!(list[0].event.title, "Plan de mobilité 2027.pdf");
        assert_eq!(
            app.store.unread_notification_count(person).await.unwrap(),
            1
        );
    }
    assert!(
        app.store
            .notifications(g.chair, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        app.store
            .notifications(outsider, None, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // By email: only the one who asked for it at once.
    let (subject, text) = last_email_to(&app, "now@engins.example").await.unwrap();
    assert_eq!(
        subject,
        "[Groupe mobilités] Agnès Bouvier a déposé le document «\u{202F}Plan de mobilité 2027.pdf\u{202F}»"
    );
    assert!(
        text.contains(&format!(
            "{}/espaces/groupe-mobilites/documents/42",
            app.address
        )),
        "{text}"
    );
    assert!(
        text.contains("/espaces/groupe-mobilites/notifications"),
        "{text}"
    );
    assert!(last_email_to(&app, "daily@engins.example").await.is_none());
    assert!(last_email_to(&app, "quiet@engins.example").await.is_none());
    assert!(last_email_to(&app, "chair@vercors.example").await.is_none());

    // Running the job again sends nothing twice.
    let again = notify::send_event_emails(
        &app.store,
        &MailContext {
            public_url: url::Url::parse(&app.address).unwrap(),
        },
        id,
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
    assert_eq!(emails_to(&app, "now@engins.example").await.len(), 1);

    // The daily digest: once per person and day, with the event, even if rerun.
    assert!(app.store.schedule_digest("2026-12-04").await.unwrap());
    assert!(!app.store.schedule_digest("2026-12-04").await.unwrap());
    run_notification_jobs(&app).await;
    let digests = emails_to(&app, "daily@engins.example").await;
    assert_eq!(digests.len(), 1);
    let (subject, text) = &digests[0];
    assert!(
        subject.starts_with("Vos notifications du 4 décembre 2026"),
        "{subject}"
    );
    assert!(text.contains("Groupe mobilités"), "{text}");
    assert!(
        text.contains(
            "Agnès Bouvier a déposé le document «\u{202F}Plan de mobilité 2027.pdf\u{202F}»"
        ),
        "{text}"
    );
    // A later event the same day waits for the next day's digest.
    app.store
        .record_event(&EventInput::new(
            g.space.id,
            Some(g.chair),
            EventKind::MeetingConvened,
            "meeting",
            Some(7),
            "Comité de pilotage",
            "",
        ))
        .await
        .unwrap();
    run_notification_jobs(&app).await;
    let context = MailContext {
        public_url: url::Url::parse(&app.address).unwrap(),
    };
    let rerun = notify::send_digests(&app.store, &context, "2026-12-04", chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(rerun, 0);
    assert_eq!(emails_to(&app, "daily@engins.example").await.len(), 1);
    let next = notify::send_digests(&app.store, &context, "2026-12-05", chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(next, 1);
    let digests = emails_to(&app, "daily@engins.example").await;
    assert_eq!(digests.len(), 2);
    assert!(digests[1].1.contains("Comité de pilotage"));
    assert!(!digests[1].1.contains("Plan de mobilité"));
    // Nobody who chose otherwise gets a digest; nor does the actor.
    assert!(emails_to(&app, "quiet@engins.example").await.is_empty());
    assert!(emails_to(&app, "chair@vercors.example").await.is_empty());
    assert_eq!(emails_to(&app, "now@engins.example").await.len(), 2);
}

#[tokio::test]
async fn a_mention_is_emailed_at_once_by_default_in_the_persons_language() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Territory,
        &[
            ("Jane Smith", "jane@engins.example"),
            ("Bruno Faure", "bruno@engins.example"),
        ],
    )
    .await;
    let (jane, bruno) = (g.members[0], g.members[1]);
    app.store
        .update_profile(jane, "Jane Smith", None, "en")
        .await
        .unwrap();
    let mut input = EventInput::new(
        g.space.id,
        Some(g.chair),
        EventKind::ReplyPosted,
        "thread",
        Some(3),
        "Horaires des navettes",
        "/espaces/groupe-mobilites/discussions/3",
    );
    input.mentions = vec![jane];
    app.store.record_event(&input).await.unwrap();
    run_notification_jobs(&app).await;

    let (subject, text) = last_email_to(&app, "jane@engins.example").await.unwrap();
    assert_eq!(
        subject,
        "[Groupe mobilités] Agnès Bouvier mentioned you in “Horaires des navettes”"
    );
    assert!(text.starts_with("Hello,"), "{text}");
    // Bruno was not mentioned: his default is the digest.
    assert!(last_email_to(&app, "bruno@engins.example").await.is_none());
    let list = app.store.notifications(jane, None, 10).await.unwrap();
    assert!(list[0].mention);
    assert_eq!(list[0].delivery, Delivery::Immediate);
    let list = app.store.notifications(bruno, None, 10).await.unwrap();
    assert!(!list[0].mention);
    assert_eq!(list[0].delivery, Delivery::Daily);
}

#[tokio::test]
async fn publishing_an_article_adds_to_the_activity_stream_once() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Territory,
        &[("Bruno Faure", "bruno@engins.example")],
    )
    .await;
    let mut chair = Browser::new(&app);
    chair.sign_in_as(&app, g.chair).await;
    let page = chair
        .get(&format!("/espaces/{}/actualites/nouvelle", g.space.slug))
        .await;
    let action = Browser::form_action(&page);
    let form = reqwest::multipart::Form::new()
        .text("title", "Nouvelle ligne de bus")
        .text("body", "Dès janvier.")
        .text("publication", "now");
    chair.post_multipart(&action, form).await;
    assert_eq!(chair.last_status, 303, "{:?}", chair.last_location);

    let events = app
        .store
        .space_events(g.space.id, None, 10, None)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::ArticlePublished);
    assert_eq!(events[0].title, "Nouvelle ligne de bus");
    assert_eq!(events[0].actor_id, Some(g.chair));
    let article_path = chair.last_location.clone().unwrap();
    assert_eq!(events[0].path, article_path);

    // Saving it again records nothing new.
    let page = chair.get(&format!("{article_path}/modifier")).await;
    let action = Browser::form_action(&page);
    let form = reqwest::multipart::Form::new()
        .text("title", "Nouvelle ligne de bus")
        .text("body", "Dès janvier 2027.")
        .text("publication", "now");
    chair.post_multipart(&action, form).await;
    assert_eq!(chair.last_status, 303);
    let events = app
        .store
        .space_events(g.space.id, None, 10, None)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    let list = app
        .store
        .notifications(g.members[0], None, 10)
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].event.kind, EventKind::ArticlePublished);
}
