//! Membership of the extranet (issue 5): invitations into a space by email,
//! accepted or declined by the link or from "my spaces", leaving, member
//! filters, a commune's mayor managing the commune's people, and the audit
//! rows each change writes.

use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::accounts::Account;
use comcom_store::audit::AuditFilter;
use comcom_store::spaces::{NewSpace, SpaceRecord};

use crate::helpers::{Browser, TestApp, last_email_to, link_in};

pub async fn territory_id(app: &TestApp) -> i64 {
    app.store.first_territory().await.unwrap().unwrap().id
}

pub async fn account(app: &TestApp, name: &str, email: &str) -> Account {
    let t = territory_id(app).await;
    app.store
        .create_account(Some(t), name, email)
        .await
        .unwrap()
}

pub async fn space(app: &TestApp, name: &str, facilitator: i64) -> SpaceRecord {
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: territory_id(app).await,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name,
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(space.id, facilitator, SpaceRole::Facilitator)
        .await
        .unwrap();
    space
}

/// The kinds of the audit rows about a person, oldest first.
pub async fn audit_kinds(app: &TestApp, person_id: i64) -> Vec<String> {
    let mut rows = app
        .store
        .audit_events(
            &AuditFilter {
                person_id: Some(person_id),
                ..AuditFilter::default()
            },
            100,
        )
        .await
        .unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.kind).collect()
}

fn path_of(link: &str, app: &TestApp) -> String {
    link.trim_start_matches(&app.address).to_owned()
}

#[tokio::test]
async fn a_known_person_is_invited_by_email_accepts_by_the_link_and_is_signed_in() {
    let app = TestApp::spawn().await;
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let paul = account(&app, "Paul Martin", "paul@lans.example").await;
    let voirie = space(&app, "Voirie", anne.person_id).await;

    let mut anne_browser = Browser::new(&app);
    anne_browser.sign_in_as(&app, anne.person_id).await;
    let page = anne_browser.get("/espaces/voirie/membres").await;
    assert!(page.contains("Inviter par courriel"));
    anne_browser
        .post(
            "/espaces/voirie/invitations",
            &[("email", " Paul@Lans.example "), ("role", "reader")],
        )
        .await;
    assert_eq!(
        anne_browser.last_location.as_deref(),
        Some("/espaces/voirie/membres?fait=invitation")
    );
    let page = anne_browser.get("/espaces/voirie/membres").await;
    assert!(page.contains("Invitations en attente") && page.contains("Paul Martin"));

    let (subject, text) = last_email_to(&app, "paul@lans.example").await.unwrap();
    assert_eq!(subject, "Invitation dans l’espace «\u{202f}Voirie\u{202f}»");
    assert!(text.contains("Anne Rivière vous invite"), "{text}");
    assert!(text.contains("comme Lecteur"), "{text}");
    let path = path_of(&link_in(&text, &app), &app);
    assert!(path.starts_with("/invitations/"));

    // Opening the link changes nothing (a mail scanner may open it).
    let mut paul_browser = Browser::new(&app);
    let page = paul_browser.get(&path).await;
    assert_eq!(paul_browser.last_status, 200);
    assert!(page.contains("Anne Rivière vous invite à rejoindre l’espace"));
    assert_eq!(
        app.store
            .membership(voirie.id, paul.person_id)
            .await
            .unwrap(),
        None
    );
    paul_browser.post(&path, &[("answer", "accept")]).await;
    assert_eq!(paul_browser.last_status, 303);
    assert_eq!(
        paul_browser.last_location.as_deref(),
        Some("/espaces/voirie")
    );
    assert!(paul_browser.cookie("comcom_session").is_some());
    assert_eq!(
        app.store
            .membership(voirie.id, paul.person_id)
            .await
            .unwrap(),
        Some(SpaceRole::Reader)
    );
    let space_page = paul_browser.get("/espaces/voirie").await;
    assert_eq!(paul_browser.last_status, 200);
    assert!(space_page.contains("Quitter cet espace"));

    // The link works once.
    let mut again = Browser::new(&app);
    again.get(&path).await;
    assert_eq!(again.last_status, 410);
    assert!(again.cookie("comcom_session").is_none());
    paul_browser.get("/espaces").await;
    paul_browser.post(&path, &[("answer", "accept")]).await;
    assert_eq!(paul_browser.last_status, 410);

    assert_eq!(
        audit_kinds(&app, paul.person_id).await,
        ["membership.invited", "membership.joined"]
    );
    let rows = app
        .store
        .audit_events(&AuditFilter::default(), 10)
        .await
        .unwrap();
    let invited = rows
        .iter()
        .find(|r| r.kind == "membership.invited")
        .unwrap();
    assert_eq!(invited.actor_id, Some(anne.person_id));
    assert_eq!(invited.space_id, Some(voirie.id));
    assert_eq!(invited.detail, "reader");
    assert_eq!(invited.request_id.as_ref().map(String::len), Some(32));
    let joined = rows.iter().find(|r| r.kind == "membership.joined").unwrap();
    assert_eq!(joined.actor_id, Some(paul.person_id));
}

#[tokio::test]
async fn a_new_person_is_created_by_the_invitation_and_can_decline_it() {
    let app = TestApp::spawn().await;
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let voirie = space(&app, "Voirie", anne.person_id).await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, anne.person_id).await;
    browser.get("/espaces/voirie/membres").await;

    // Bad input: a clear message for each field, nothing created.
    let page = browser
        .post(
            "/espaces/voirie/invitations",
            &[("email", "pas-une-adresse"), ("role", "chef")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains("aria-invalid=\"true\""));
    let page = browser
        .post(
            "/espaces/voirie/invitations",
            &[("email", "lea@autrans.example"), ("role", "member")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains("Indiquez le nom de la personne à inviter."));
    assert!(
        app.store
            .account_by_email("lea@autrans.example")
            .await
            .unwrap()
            .is_none()
    );

    browser
        .post(
            "/espaces/voirie/invitations",
            &[
                ("email", "lea@autrans.example"),
                ("name", "Léa Chabert"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    let lea = app
        .store
        .account_by_email("lea@autrans.example")
        .await
        .unwrap()
        .expect("the invitation creates the person");
    assert_eq!(lea.display_name, "Léa Chabert");
    assert_eq!(lea.territory_id, Some(voirie.territory_id));

    let (_, text) = last_email_to(&app, "lea@autrans.example").await.unwrap();
    let path = path_of(&link_in(&text, &app), &app);
    let mut lea_browser = Browser::new(&app);
    lea_browser.get(&path).await;
    let page = lea_browser.post(&path, &[("answer", "decline")]).await;
    assert_eq!(lea_browser.last_status, 200);
    assert!(page.contains("Vous avez refusé l’invitation"));
    assert!(lea_browser.cookie("comcom_session").is_none());
    assert_eq!(
        app.store
            .membership(voirie.id, lea.person_id)
            .await
            .unwrap(),
        None
    );
    lea_browser.post(&path, &[("answer", "accept")]).await;
    assert_eq!(lea_browser.last_status, 410, "a declined link is used up");
    assert_eq!(
        app.store
            .membership(voirie.id, lea.person_id)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        audit_kinds(&app, lea.person_id).await,
        ["membership.invited", "membership.declined"]
    );
}

#[tokio::test]
async fn a_signed_in_person_answers_invitations_from_my_spaces_and_leaves_a_space() {
    let app = TestApp::spawn().await;
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let paul = account(&app, "Paul Martin", "paul@lans.example").await;
    let voirie = space(&app, "Voirie", anne.person_id).await;
    let eau = space(&app, "Eau potable", anne.person_id).await;
    let actor = comcom_store::audit::Actor {
        person_id: Some(anne.person_id),
        request_id: None,
    };
    let (voirie_inv, _) = app
        .store
        .invite_to_space(voirie.id, paul.person_id, SpaceRole::Member, &actor)
        .await
        .unwrap();
    let (eau_inv, _) = app
        .store
        .invite_to_space(eau.id, paul.person_id, SpaceRole::Member, &actor)
        .await
        .unwrap();

    let mut paul_browser = Browser::new(&app);
    paul_browser.sign_in_as(&app, paul.person_id).await;
    let dashboard = paul_browser.get("/espaces").await;
    assert!(dashboard.contains("Invitations en attente"));
    assert!(dashboard.contains(
        "Anne Rivière vous invite à rejoindre l’espace «\u{202f}Voirie\u{202f}» comme Membre."
    ));
    assert!(dashboard.contains("Vous n’êtes encore membre d’aucun espace."));

    // Someone else cannot answer Paul's invitation.
    let mut anne_browser = Browser::new(&app);
    anne_browser.sign_in_as(&app, anne.person_id).await;
    anne_browser.get("/espaces").await;
    anne_browser
        .post(
            &format!("/mes-invitations/{voirie_inv}"),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(anne_browser.last_status, 404);

    paul_browser
        .post(
            &format!("/mes-invitations/{voirie_inv}"),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(
        paul_browser.last_location.as_deref(),
        Some("/espaces/voirie")
    );
    paul_browser
        .post(
            &format!("/mes-invitations/{eau_inv}"),
            &[("answer", "decline")],
        )
        .await;
    assert_eq!(
        paul_browser.last_location.as_deref(),
        Some("/espaces?fait=refus")
    );
    let dashboard = paul_browser.get("/espaces").await;
    assert!(!dashboard.contains("Invitations en attente"));
    assert!(dashboard.contains(r#"<a href="/espaces/voirie">Voirie</a>"#));
    assert!(dashboard.contains("Membre"));
    assert_eq!(
        app.store.membership(eau.id, paul.person_id).await.unwrap(),
        None
    );

    // Paul leaves; Anne, the last facilitator, cannot.
    paul_browser.get("/espaces/voirie").await;
    paul_browser.post("/espaces/voirie/quitter", &[]).await;
    assert_eq!(
        paul_browser.last_location.as_deref(),
        Some("/espaces?fait=depart")
    );
    assert_eq!(
        app.store
            .membership(voirie.id, paul.person_id)
            .await
            .unwrap(),
        None
    );
    anne_browser.get("/espaces/voirie").await;
    let page = anne_browser.post("/espaces/voirie/quitter", &[]).await;
    assert_eq!(anne_browser.last_status, 409);
    assert!(page.contains("au moins un animateur"));
    assert_eq!(
        app.store
            .membership(voirie.id, anne.person_id)
            .await
            .unwrap(),
        Some(SpaceRole::Facilitator)
    );
    assert_eq!(
        audit_kinds(&app, paul.person_id).await,
        [
            "membership.invited",
            "membership.invited",
            "membership.joined",
            "membership.declined",
            "membership.left"
        ]
    );
}

#[tokio::test]
async fn role_changes_and_removals_by_a_facilitator_are_audited() {
    let app = TestApp::spawn().await;
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let paul = account(&app, "Paul Martin", "paul@lans.example").await;
    space(&app, "Voirie", anne.person_id).await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, anne.person_id).await;
    browser.get("/espaces/voirie/membres").await;
    browser
        .post(
            "/espaces/voirie/membres",
            &[("person", &paul.person_id.to_string()), ("role", "member")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    browser
        .post(
            &format!("/espaces/voirie/membres/{}", paul.person_id),
            &[("role", "facilitator")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    browser
        .post(
            &format!("/espaces/voirie/membres/{}/retirer", paul.person_id),
            &[],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(
        audit_kinds(&app, paul.person_id).await,
        [
            "membership.added",
            "membership.role_changed",
            "membership.removed"
        ]
    );
    let rows = app
        .store
        .audit_events(&AuditFilter::default(), 10)
        .await
        .unwrap();
    let changed = rows
        .iter()
        .find(|r| r.kind == "membership.role_changed")
        .unwrap();
    assert_eq!(changed.detail, "member → facilitator");
    assert_eq!(changed.actor_name.as_deref(), Some("Anne Rivière"));
    assert_eq!(changed.target_name.as_deref(), Some("Paul Martin"));
}
