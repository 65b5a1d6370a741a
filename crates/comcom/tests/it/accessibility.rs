//! Every page passes axe-core (WCAG 2.1 A and AA) in a real headless
//! Chromium, validates as HTML, and shows where the keyboard focus is; see
//! `tests/browser/check.mjs`, installed by `scripts/test-deps.sh`.

use crate::helpers::{TestApp, repo_root};

async fn check(app: &TestApp, lang: &str, extra: &[&str], paths: &[&str]) {
    let script = repo_root().join("tests/browser/check.mjs");
    let mut command = tokio::process::Command::new("node");
    command.arg(&script).args(["--lang", lang]).args(extra);
    for path in paths {
        command.arg(app.url(path));
    }
    let output = command
        .output()
        .await
        .expect("node runs (install it with scripts/test-deps.sh)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser checks failed ({lang}):\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(&format!("check: {} passed, 0 failed", paths.len())),
        "{report}"
    );
}

const PAGES: [&str; 8] = [
    "/",
    "/recherche",
    "/recherche?q=r%C3%A9union",
    "/communes/38129",
    "/communes/2A004",
    "/mentions-legales",
    "/donnees-personnelles",
    "/accessibilite",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_passes_axe_and_html_validation_in_french_and_english() {
    let app = TestApp::spawn_with(&["243801024", "242010056"], None).await;
    // /communes/2A004 belongs to the second territory: checked as the 404 page.
    let found: Vec<&str> = PAGES
        .iter()
        .copied()
        .filter(|p| *p != "/communes/2A004")
        .collect();

    check(&app, "fr", &[], &found).await;
    check(&app, "en", &[], &found).await;
    check(
        &app,
        "fr",
        &["--allow-status", "404"],
        &["/communes/2A004", "/nulle-part"],
    )
    .await;
    check(&app, "en", &["--allow-status", "404"], &["/nulle-part"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_signed_in_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, SpaceRole, Visibility};
    use comcom_store::spaces::NewSpace;

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
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility: Visibility::Restricted,
            name: "Commission eau",
            description: "Eau potable et assainissement.",
        })
        .await
        .unwrap();
    app.store
        .set_membership(space.id, admin.person_id, SpaceRole::Facilitator)
        .await
        .unwrap();
    let draft = comcom_store::articles::ArticleDraft {
        title: "Enquête publique",
        body: "Le **zonage** d’assainissement.\n\n- un\n- deux",
        status: comcom_store::articles::ArticleStatus::Published,
        publish_at: None,
        communes: &[],
    };
    let article = app
        .store
        .create_article(t.id, space.id, Some(admin.person_id), &draft, None)
        .await
        .unwrap();
    // An attached file, listed on the article's page and its form.
    app.store
        .add_attachment(
            article,
            &comcom_store::attachments::NewAttachment {
                object_key: "attachments/a11y",
                file_name: "Avis d’enquête.pdf",
                content_type: "application/pdf",
                size: 48_213,
                sha256: "0",
                uploaded_by: Some(admin.person_id),
            },
        )
        .await
        .unwrap();
    let article_path = format!("/espaces/commission-eau/actualites/{article}");
    let article_edit = format!("{article_path}/modifier");
    let session = app
        .store
        .create_session(admin.person_id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let signed_in = [
        "/espaces",
        "/espaces/commission-eau",
        "/espaces/commission-eau/membres?q=agent",
        "/espaces/nouveau",
        "/espaces/commission-eau/actualites",
        "/espaces/commission-eau/actualites/nouvelle",
        &article_path,
        &article_edit,
        "/actualites",
        "/profil",
        "/admin",
        &format!("/personnes/{}", admin.person_id),
        "/recherche?q=zonage+assaini",
        "/recherche?q=zonage&type=document",
        "/",
    ];

    check(&app, "fr", &["--cookie", &cookie], &signed_in).await;
    check(&app, "en", &["--cookie", &cookie], &signed_in[..3]).await;
    check(&app, "fr", &[], &["/connexion", "/mot-de-passe"]).await;
    check(&app, "en", &[], &["/connexion"]).await;
    check(
        &app,
        "fr",
        &["--allow-status", "410"],
        &["/connexion/jeton/0000000000000000000000000000000000000000000000000000000000000000"],
    )
    .await;
}

/// The membership, commune and data-protection pages (issue 5).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_membership_and_privacy_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, SpaceRole, Visibility};
    use comcom_store::spaces::NewSpace;

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
    let paul = app
        .store
        .create_account(Some(t.id), "Paul Martin", "paul@lans.example")
        .await
        .unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Voirie",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(space.id, admin.person_id, SpaceRole::Facilitator)
        .await
        .unwrap();
    let actor = comcom_store::audit::Actor {
        person_id: Some(admin.person_id),
        request_id: None,
    };
    let (_, token) = app
        .store
        .invite_to_space(space.id, paul.person_id, SpaceRole::Member, &actor)
        .await
        .unwrap();
    let session = |id| {
        let store = app.store.clone();
        async move {
            let secret = store
                .create_session(id, chrono::Duration::days(1))
                .await
                .unwrap();
            format!("comcom_session={secret}")
        }
    };
    let admin_cookie = session(admin.person_id).await;
    let paul_cookie = session(paul.person_id).await;
    let engins = app
        .store
        .commune(t.id, &comcom_core::InseeCode::parse("38153").unwrap())
        .await
        .unwrap()
        .unwrap();
    let (julie, _) = app
        .store
        .add_commune_person(
            &comcom_store::commune_people::NewCommunePerson {
                territory_id: t.id,
                commune_id: engins.id,
                display_name: "Julie Garnier",
                email: None,
                role: comcom_core::Role::CommuneStaff,
                function: None,
                start: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            },
            &actor,
        )
        .await
        .unwrap();
    app.store
        .designate_agent(t.id, engins.id, julie, &actor)
        .await
        .unwrap();
    app.store
        .request_deletion(paul.person_id, Some(t.id), &actor)
        .await
        .unwrap();
    let admin_pages = [
        "/espaces/voirie",
        "/espaces/voirie?categorie=commune_staff&commune=38153",
        "/espaces/voirie/membres",
        "/communes/38153/personnes",
        "/admin/journal",
        "/admin/journal?genre=pirate",
        "/admin/suppressions",
        "/profil/donnees",
    ];
    check(&app, "fr", &["--cookie", &admin_cookie], &admin_pages).await;
    check(&app, "en", &["--cookie", &admin_cookie], &admin_pages[3..]).await;
    let paul_pages = ["/espaces", "/profil/donnees"];
    check(&app, "fr", &["--cookie", &paul_cookie], &paul_pages).await;
    check(&app, "en", &["--cookie", &paul_cookie], &paul_pages).await;
    let link = format!("/invitations/{token}");
    check(&app, "fr", &[], &[&link]).await;
    check(
        &app,
        "fr",
        &["--allow-status", "410"],
        &["/invitations/0000000000000000000000000000000000000000000000000000000000000000"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_discussion_activity_and_notification_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, SpaceRole, Visibility};
    use comcom_store::discussions::ReplyOutcome;
    use comcom_store::spaces::NewSpace;

    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let chair = app
        .store
        .create_account(Some(t.id), "Agnès Bouvier", "chair@vercors.example")
        .await
        .unwrap()
        .person_id;
    let member = app
        .store
        .create_account(Some(t.id), "Bruno Faure", "bruno@engins.example")
        .await
        .unwrap()
        .person_id;
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Public,
            name: "Groupe mobilités",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(space.id, chair, SpaceRole::Facilitator)
        .await
        .unwrap();
    app.store
        .set_membership(space.id, member, SpaceRole::Member)
        .await
        .unwrap();
    let mut browser = crate::helpers::Browser::new(&app);
    browser.sign_in_as(&app, chair).await;
    browser.get("/espaces/groupe-mobilites/discussions").await;
    browser
        .post(
            "/espaces/groupe-mobilites/discussions",
            &[
                ("title", "Horaires des navettes"),
                (
                    "body",
                    "Avis **bienvenus**, @bruno.faure.\n\n- matin\n- soir",
                ),
            ],
        )
        .await;
    let thread = browser.last_location.clone().unwrap();
    let thread_id: i64 = thread.rsplit('/').next().unwrap().parse().unwrap();
    let post = app.store.opening_post_id(thread_id).await.unwrap().unwrap();
    app.store
        .edit_post(
            post,
            chair,
            "Avis *bienvenus*.",
            Some("Horaires des navettes"),
        )
        .await
        .unwrap();
    assert!(matches!(
        app.store
            .reply(thread_id, member, "D’accord.")
            .await
            .unwrap(),
        ReplyOutcome::Posted(_)
    ));
    app.store.set_thread_pinned(thread_id, true).await.unwrap();
    let session = app
        .store
        .create_session(member, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let edit = format!("{thread}/messages/{post}/modifier");
    let history = format!("{thread}/messages/{post}/historique");
    let pages = [
        "/espaces/groupe-mobilites",
        "/espaces/groupe-mobilites/discussions",
        &thread,
        &history,
        "/espaces/groupe-mobilites/activite",
        "/espaces/groupe-mobilites/notifications",
        "/notifications",
    ];
    check(&app, "fr", &["--cookie", &cookie], &pages).await;
    check(&app, "en", &["--cookie", &cookie], &pages[1..]).await;
    let chair_session = app
        .store
        .create_session(chair, chrono::Duration::days(1))
        .await
        .unwrap();
    let chair_cookie = format!("comcom_session={chair_session}");
    check(&app, "fr", &["--cookie", &chair_cookie], &[&edit, &thread]).await;
    // Signed out: the public space's activity.
    check(&app, "fr", &[], &["/espaces/groupe-mobilites/activite"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_syndication_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, Visibility};
    use comcom_store::spaces::NewSpace;

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
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility: Visibility::Public,
            name: "Commission eau",
            description: "",
        })
        .await
        .unwrap();
    let draft = comcom_store::articles::ArticleDraft {
        title: "Enquête publique sur le zonage",
        body: "Le **zonage** d’assainissement.\n\n- un\n- deux",
        status: comcom_store::articles::ArticleStatus::Published,
        publish_at: None,
        communes: &[],
    };
    let article = app
        .store
        .create_article(t.id, space.id, None, &draft, None)
        .await
        .unwrap();
    let category = app
        .store
        .create_category(t.id, "Eau et assainissement")
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_article_categories(article, &[category.id])
        .await
        .unwrap();
    let mut charter = app.store.syndication_charter(t.id).await.unwrap();
    charter.body = "## Engagements\n\nLes communes reprennent les actualités.".to_owned();
    app.store
        .save_syndication_charter(&charter, None)
        .await
        .unwrap();
    let embed_article = format!("/embed/article/{article}");
    let public = [
        "/charte-de-syndication",
        "/categories/eau-et-assainissement",
        "/embed/zone?commune=38548",
        "/embed/zone?commune=38548&lang=en",
        &embed_article,
    ];
    check(&app, "fr", &[], &public).await;
    check(&app, "en", &[], &public[..2]).await;

    let session = app
        .store
        .create_session(admin.person_id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let signed_in = [
        "/admin/syndication",
        "/admin/syndication/zones",
        "/communes/38548/zone/validation",
        "/espaces/commission-eau/actualites/nouvelle",
    ];
    check(&app, "fr", &["--cookie", &cookie], &signed_in).await;
    check(&app, "en", &["--cookie", &cookie], &signed_in[..1]).await;
}

#[tokio::test]
async fn the_letter_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, SpaceRole, Visibility};
    use comcom_store::letters::{Audience, LetterDraft, unsubscribe_token};
    use comcom_store::spaces::NewSpace;

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
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::DevelopmentCouncil,
            visibility: Visibility::Public,
            name: "Conseil de développement",
            description: "",
        })
        .await
        .unwrap();
    let member = app
        .store
        .create_account(Some(t.id), "Membre", "membre@vercors.example")
        .await
        .unwrap();
    app.store
        .set_membership(space.id, member.person_id, SpaceRole::Member)
        .await
        .unwrap();
    let audience = Audience::parse(&format!("space:{},mayors", space.id)).unwrap();
    let body = "Bonjour,\n\nUn **point** important :\n\n- un\n- deux\n\n[Le site](/actualites)";
    let draft = LetterDraft {
        subject: "Lettre de décembre",
        body,
        audience: &audience,
        public: true,
    };
    let draft_id = app.store.create_letter(t.id, &draft, None).await.unwrap();
    let sent_id = app.store.create_letter(t.id, &draft, None).await.unwrap();
    app.store
        .begin_sending(sent_id, "vercors.example")
        .await
        .unwrap();
    for d in app.store.due_deliveries(sent_id, 10).await.unwrap() {
        app.store.mark_delivery_sent(d.id).await.unwrap();
    }
    assert!(app.store.finish_letter_if_done(sent_id).await.unwrap());
    let key = app.store.letters_key().await.unwrap();
    let token = unsubscribe_token(&key, t.id, "membre@vercors.example");
    let session = app
        .store
        .create_session(admin.person_id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let manage = format!("/lettres/{draft_id}/gestion");
    let edit = format!("/lettres/{draft_id}/modifier");
    let recipients = format!("/lettres/{draft_id}/destinataires");
    let sent = format!("/lettres/{sent_id}");
    let sent_manage = format!("/lettres/{sent_id}/gestion");
    let pages = [
        "/lettres",
        "/lettres/nouvelle",
        &manage,
        &edit,
        &recipients,
        &sent,
        &sent_manage,
    ];
    check(&app, "fr", &["--cookie", &cookie], &pages).await;
    check(&app, "en", &["--cookie", &cookie], &pages[..3]).await;
    let unsubscribe = format!("/desabonnement/{token}");
    check(&app, "fr", &[], &["/lettres", &sent, &unsubscribe]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commune_news_pages_pass_axe_and_html_validation() {
    use comcom_store::feed_sources::{ItemStatus, NewFeedItem, PollOutcome};

    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let engins = app
        .store
        .commune(t.id, &comcom_core::InseeCode::parse("38153").unwrap())
        .await
        .unwrap()
        .unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let healthy = app
        .store
        .add_feed_source(
            engins.id,
            "https://engins.example/feed/",
            "Mairie d’Engins",
            None,
        )
        .await
        .unwrap()
        .unwrap();
    let broken = app
        .store
        .add_feed_source(engins.id, "https://engins.example/ancien-flux", "", None)
        .await
        .unwrap()
        .unwrap();
    let source = app.store.feed_source(broken).await.unwrap().unwrap();
    app.store
        .record_feed_poll(
            broken,
            source.poll_job_id.unwrap(),
            &PollOutcome::Failure {
                error: "feed-fetch-gone".into(),
                detail: "404".into(),
            },
            chrono::Utc::now() + chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    let item = |n: i64, title: &str| {
        NewFeedItem {
        key: format!("id:{n}"),
        title: title.to_owned(),
        link: Some(format!("https://engins.example/actualites/{n}")),
        content_html: "<p>Rendez-vous <a href=\"https://engins.example/plan.pdf\" rel=\"noopener noreferrer\">place de la mairie</a>.</p><img src=\"https://engins.example/pain.jpg\" alt=\"Pains\">".to_owned(),
        published_at: Some(chrono::Utc::now() - chrono::Duration::hours(n)),
        updated_at: None,
    }
    };
    let old = chrono::Utc::now() - chrono::Duration::days(30);
    app.store
        .store_feed_items(
            healthy,
            &[item(1, "Fête du pain"), item(2, "Marché de Noël")],
            ItemStatus::Accepted,
            old,
        )
        .await
        .unwrap();
    app.store
        .store_feed_items(healthy, &[item(3, "Déneigement")], ItemStatus::Pending, old)
        .await
        .unwrap();
    let session = app
        .store
        .create_session(admin.person_id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let public = ["/actualites-des-communes", "/communes/38153"];
    check(&app, "fr", &[], &public).await;
    check(&app, "en", &[], &public).await;
    check(
        &app,
        "fr",
        &["--cookie", &cookie],
        &["/admin/flux-communes", "/admin"],
    )
    .await;
    check(
        &app,
        "en",
        &["--cookie", &cookie],
        &["/admin/flux-communes"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_meeting_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, SpaceRole, Visibility};
    use comcom_store::meetings::MeetingFields;
    use comcom_store::spaces::NewSpace;

    let app = TestApp::spawn_with_visio(comcom_visio::Provider::Jitsi {
        base_url: "https://visio.vercors.example".parse().unwrap(),
        app_id: "comcom".into(),
        audience: "jitsi".into(),
        secret: "jitsi-shared-secret-for-tests-0123456789".into(),
    })
    .await;
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
    let other = app
        .store
        .create_account(Some(t.id), "Lucie Agent", "agent@engins.example")
        .await
        .unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Groupe eau",
            description: "",
        })
        .await
        .unwrap();
    for (person, role) in [
        (admin.person_id, SpaceRole::Facilitator),
        (other.person_id, SpaceRole::Member),
    ] {
        app.store
            .set_membership(space.id, person, role)
            .await
            .unwrap();
    }
    let start = "2027-03-29T07:30:00Z".parse().unwrap();
    let end = "2027-03-29T09:00:00Z".parse().unwrap();
    let meeting = app
        .store
        .create_meeting(
            space.id,
            admin.person_id,
            &MeetingFields {
                title: "Réunion de lancement",
                agenda: "1. Schéma directeur\n2. Questions diverses",
                starts_at: start,
                ends_at: end,
                place: "Mairie d’Engins",
                visio: true,
                open_to_public: false,
                invitees: &[admin.person_id, other.person_id],
            },
            "vercors.example",
            |_| Vec::new(),
        )
        .await
        .unwrap();
    app.store
        .set_meeting_minutes(meeting.id, "## Décisions\n\n- Zonage adopté")
        .await
        .unwrap();
    // Two documents of the group: one attached as the minutes, one to choose.
    for (n, name) in ["Compte rendu.pdf", "Annexe.pdf"].into_iter().enumerate() {
        let key = format!("documents/a11y{n}");
        let document = app
            .store
            .create_document(
                space.id,
                None,
                name,
                &comcom_store::documents::NewVersion {
                    object_key: &key,
                    size: 1200,
                    sha256: "00",
                    content_type: "application/pdf",
                    original_name: name,
                    uploaded_by: Some(admin.person_id),
                },
                i64::MAX,
            )
            .await
            .unwrap()
            .unwrap();
        if n == 0 {
            app.store
                .attach_meeting_document(meeting.id, document, Some(admin.person_id))
                .await
                .unwrap();
            app.store
                .mark_meeting_minutes_document(meeting.id, document, true)
                .await
                .unwrap();
        }
    }
    let session = app
        .store
        .create_session(admin.person_id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let meeting_path = format!("/reunions/{}", meeting.id);
    let edit_path = format!("{meeting_path}/modifier");
    let pages = [
        "/espaces/groupe-eau/reunions",
        "/espaces/groupe-eau/reunions/nouvelle",
        &meeting_path,
        &edit_path,
        "/espaces/groupe-eau/agenda",
        "/profil/agenda",
        "/admin/visio",
    ];
    check(&app, "fr", &["--cookie", &cookie], &pages).await;
    check(&app, "en", &["--cookie", &cookie], &pages[..3]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documents_pages_pass_axe_and_html_validation() {
    use comcom_core::{SpaceKind, SpaceRole, Visibility};
    use comcom_store::documents::NewVersion;
    use comcom_store::spaces::NewSpace;

    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let person = app
        .store
        .create_account(Some(t.id), "Agente Eau", "eau@vercors.example")
        .await
        .unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Groupe eau",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(space.id, person.person_id, SpaceRole::Facilitator)
        .await
        .unwrap();
    let folder = app
        .store
        .create_doc_folder(space.id, None, "Études", Some(person.person_id))
        .await
        .unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";
    let pdf = comcom_files::pdf::tiny_pdf(&["Schéma directeur"]);
    let mut ids = Vec::new();
    for (name, bytes, content_type, folder_id) in [
        (
            "Schéma.pdf",
            pdf.as_slice(),
            "application/pdf",
            Some(folder),
        ),
        ("Plan.png", png.as_slice(), "image/png", None),
        ("Ancien.png", png.as_slice(), "image/png", None),
    ] {
        let key = comcom_files::FileStore::new_key("documents");
        app.files.put(&key, bytes.to_vec()).await.unwrap();
        let version = NewVersion {
            object_key: &key,
            size: bytes.len() as i64,
            sha256: "0",
            content_type,
            original_name: name,
            uploaded_by: Some(person.person_id),
        };
        let id = app
            .store
            .create_document(space.id, folder_id, name, &version, i64::MAX)
            .await
            .unwrap()
            .unwrap();
        ids.push(id);
    }
    app.store
        .trash_document(space.id, ids[2], Some(person.person_id))
        .await
        .unwrap();
    let session = app
        .store
        .create_session(person.person_id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookie = format!("comcom_session={session}");
    let top = format!("/espaces/{}/documents", space.slug);
    let pages = [
        top.clone(),
        format!("{top}/dossiers/{folder}"),
        format!("{top}/{}", ids[0]),
        format!("{top}/{}", ids[1]),
        format!("{top}/{}", ids[2]),
        format!("{top}/corbeille"),
    ];
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    check(&app, "fr", &["--cookie", &cookie], &pages).await;
    check(&app, "en", &["--cookie", &cookie], &pages[..3]).await;
}
