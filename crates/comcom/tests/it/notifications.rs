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

#[tokio::test]
async fn the_preference_form_the_notification_list_and_the_activity_page() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Public,
        &[("Bruno Faure", "bruno@engins.example")],
    )
    .await;
    let bruno = g.members[0];
    let slug = g.space.slug.clone();
    let mut b = Browser::new(&app);
    b.sign_in_as(&app, bruno).await;

    // The form: the default is checked; a wrong value is refused.
    let settings = format!("/espaces/{slug}/notifications");
    let page = b.get(&settings).await;
    assert_eq!(b.last_status, 200);
    assert!(
        page.contains(r#"value="default" id="f-delivery" checked"#),
        "{page}"
    );
    let page = b.post(&settings, &[("delivery", "hourly")]).await;
    assert_eq!(b.last_status, 422);
    assert!(page.contains("Choisissez l’une des options proposées."));
    assert_eq!(
        app.store
            .notification_preference(bruno, g.space.id)
            .await
            .unwrap(),
        None
    );
    b.post(&settings, &[("delivery", "immediate")]).await;
    assert_eq!(b.last_status, 303);
    let saved = b.last_location.clone().unwrap();
    assert_eq!(saved, format!("{settings}?fait=1"));
    let page = b.get(&saved).await;
    assert!(page.contains("Vos préférences sont enregistrées."));
    assert!(page.contains(r#"value="immediate" id="f-delivery-immediate" checked"#));

    // Now an event reaches him by email at once, and in the list.
    for n in 0..32 {
        app.store
            .record_event(&EventInput::new(
                g.space.id,
                Some(g.chair),
                EventKind::DocumentUploaded,
                "document",
                Some(n),
                &format!("Compte rendu n° {n}"),
                &format!("/espaces/{slug}/documents/{n}"),
            ))
            .await
            .unwrap();
    }
    run_notification_jobs(&app).await;
    assert_eq!(emails_to(&app, "bruno@engins.example").await.len(), 32);

    let page = b.get("/notifications").await;
    assert_eq!(b.last_status, 200);
    assert!(page.contains("Notifications (32 non lues)"), "header count");
    assert!(page.contains("32 notifications non lues."));
    // Newest first, 30 a page, then older ones.
    let newest = page.find("Compte rendu n° 31").unwrap();
    let older = page.find("Compte rendu n° 2\u{202F}»").unwrap();
    assert!(newest < older);
    assert!(!page.contains("Compte rendu n° 1\u{202F}»"));
    let next = page.find("/notifications?avant=").unwrap();
    let next = &page[next..page[next..].find('"').unwrap() + next];
    let page = b.get(next).await;
    assert!(
        page.contains("Compte rendu n° 1\u{202F}»") && page.contains("Compte rendu n° 0\u{202F}»")
    );

    // One marked read, then all.
    let id = app.store.notifications(bruno, None, 1).await.unwrap()[0].id;
    b.get("/notifications").await;
    b.post(&format!("/notifications/{id}/lue"), &[]).await;
    assert_eq!(b.last_status, 303);
    assert_eq!(
        app.store.unread_notification_count(bruno).await.unwrap(),
        31
    );
    // Someone else's notification cannot be marked by him.
    let chair_note = app
        .store
        .record_event(&EventInput::new(
            g.space.id,
            Some(bruno),
            EventKind::MeetingConvened,
            "meeting",
            Some(1),
            "Bureau",
            "",
        ))
        .await
        .unwrap();
    let theirs = app.store.notifications(g.chair, None, 1).await.unwrap()[0].clone();
    assert_eq!(theirs.event.id, chair_note);
    b.post(&format!("/notifications/{}/lue", theirs.id), &[])
        .await;
    assert_eq!(
        app.store.unread_notification_count(g.chair).await.unwrap(),
        1
    );
    b.post("/notifications/lues", &[]).await;
    assert_eq!(app.store.unread_notification_count(bruno).await.unwrap(), 0);
    let page = b.get("/notifications").await;
    assert!(page.contains("Aucune notification non lue."));
    assert!(!page.contains("Notifications (")); // no count in the header

    // The space's activity: newest first, 30 a page, for members…
    let page = b.get(&format!("/espaces/{slug}/activite")).await;
    assert_eq!(b.last_status, 200);
    let first = page
        .find("Agnès Bouvier a déposé le document «\u{202F}Compte rendu n° 31")
        .unwrap();
    let later = page.find("Compte rendu n° 3\u{202F}»").unwrap();
    assert!(page.find("Bruno Faure a convoqué la réunion").unwrap() < first);
    assert!(first < later);
    assert!(page.contains("/activite?avant="));
    // …and only published news for visitors of the public space.
    app.store
        .record_event(&EventInput::new(
            g.space.id,
            Some(g.chair),
            EventKind::ArticlePublished,
            "article",
            Some(1),
            "Nouvelle ligne de bus",
            "/espaces/groupe-mobilites/actualites/1",
        ))
        .await
        .unwrap();
    let (status, page) = app.page(&format!("/espaces/{slug}/activite")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Nouvelle ligne de bus"));
    assert!(!page.contains("Compte rendu"));
    assert!(!page.contains("Bureau"));
    // Signed out, no notification pages.
    let response = app.get("/notifications").await;
    assert_eq!(response.status().as_u16(), 303);
}

/// A real `serve` with its job runner and an SMTP server: an event recorded
/// while no server ran is emailed at once to who chose it, and the daily
/// digest goes out once the digest hour has passed — each exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_emails_events_and_the_daily_digest_over_smtp() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    use crate::helpers::TestDb;
    use crate::outbox::Sink;

    let db = TestDb::new().await;
    let store = db.store().await;
    let vercors =
        comcom_core::catalogue::find(&comcom_core::Siren::parse(crate::helpers::VERCORS).unwrap())
            .unwrap();
    store.add_territory(vercors).await.unwrap();
    let t = store.first_territory().await.unwrap().unwrap();
    let space = store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Groupe mobilités",
            description: "",
        })
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (name, email) in [
        ("Agnès Bouvier", "actor@vercors.example"),
        ("Chloé Martin", "now@engins.example"),
        ("Bruno Faure", "daily@engins.example"),
    ] {
        let id = store
            .create_account(Some(t.id), name, email)
            .await
            .unwrap()
            .person_id;
        store
            .set_membership(space.id, id, SpaceRole::Member)
            .await
            .unwrap();
        ids.push(id);
    }
    store
        .set_notification_preference(ids[0], space.id, Some(Delivery::Immediate))
        .await
        .unwrap();
    store
        .set_notification_preference(ids[1], space.id, Some(Delivery::Immediate))
        .await
        .unwrap();
    store
        .record_event(&EventInput::new(
            space.id,
            Some(ids[0]),
            EventKind::DocumentUploaded,
            "document",
            Some(1),
            "Schéma cyclable.pdf",
            "/espaces/groupe-mobilites/documents/1",
        ))
        .await
        .unwrap();

    let sink = Sink::start(&[]);
    let mut server = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_PUBLIC_URL", "https://vercors.example")
        .env(
            "COMCOM_SMTP_URL",
            format!("smtp://127.0.0.1:{}?tls=none", sink.port),
        )
        .env(
            "COMCOM_MAIL_FROM",
            "CC du Massif du Vercors <ne-pas-repondre@vercors.example>",
        )
        .env("COMCOM_DIGEST_HOUR", "0")
        .env("COMCOM_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while sink.received().len() < 2 && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let _ = server.kill();
    let _ = server.wait();

    // Read back with Python's own email parser: recipient, subject, text.
    let mut got: Vec<(String, String, String)> = sink
        .received()
        .iter()
        .map(|path| {
            let output = Command::new("python3")
                .arg("-c")
                .arg(
                    "import sys, json, email, email.policy\n\
                     m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n\
                     body = m.get_body(preferencelist=('plain',)).get_content()\n\
                     print(json.dumps([str(m['To']), str(m['Subject']), body]))",
                )
                .arg(path)
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            serde_json::from_slice(&output.stdout).unwrap()
        })
        .collect();
    got.sort();
    assert_eq!(got.len(), 2, "{got:?}");
    let (to, subject, text) = &got[0];
    assert_eq!(to, "daily@engins.example");
    assert!(subject.starts_with("Vos notifications du "), "{subject}");
    assert!(
        text.contains("Agnès Bouvier a déposé le document «\u{202F}Schéma cyclable.pdf\u{202F}»"),
        "{text}"
    );
    assert!(text.contains("https://vercors.example/espaces/groupe-mobilites/documents/1"));
    let (to, subject, _) = &got[1];
    assert_eq!(to, "now@engins.example");
    assert_eq!(
        subject,
        "[Groupe mobilités] Agnès Bouvier a déposé le document «\u{202F}Schéma cyclable.pdf\u{202F}»"
    );
    let jobs = store.job_counts().await.unwrap();
    assert_eq!((jobs.pending, jobs.failed), (0, 0));
    store.close().await;
}

#[tokio::test]
async fn someone_who_left_a_space_no_longer_sees_or_gets_its_notifications() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Restricted,
        &[("Bruno Faure", "bruno@engins.example")],
    )
    .await;
    let bruno = g.members[0];
    app.store
        .record_event(&EventInput::new(
            g.space.id,
            Some(g.chair),
            EventKind::DocumentUploaded,
            "document",
            Some(1),
            "Budget confidentiel.xlsx",
            "",
        ))
        .await
        .unwrap();
    assert_eq!(app.store.unread_notification_count(bruno).await.unwrap(), 1);
    app.store
        .remove_membership(g.space.id, bruno)
        .await
        .unwrap();
    assert_eq!(app.store.unread_notification_count(bruno).await.unwrap(), 0);
    assert!(
        app.store
            .notifications(bruno, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let mut b = Browser::new(&app);
    b.sign_in_as(&app, bruno).await;
    let page = b.get("/notifications").await;
    assert!(!page.contains("Budget confidentiel"));
    let context = MailContext {
        public_url: url::Url::parse(&app.address).unwrap(),
    };
    let sent = notify::send_digests(&app.store, &context, "2026-12-04", chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(sent, 0);
    assert!(last_email_to(&app, "bruno@engins.example").await.is_none());
}
