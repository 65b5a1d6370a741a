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

async fn import_vercors(app: &TestApp) {
    for file in [
        "elus-municipaux-vercors.csv",
        "elus-communautaires-vercors.csv",
    ] {
        let bytes = std::fs::read(
            crate::helpers::repo_root()
                .join("../shared/data/elus")
                .join(file),
        )
        .unwrap();
        let options = comcom_store::people::ImportOptions {
            dry_run: false,
            today: chrono::Utc::now().date_naive(),
        };
        let report = app
            .store
            .import_elus(&bytes, options)
            .await
            .unwrap()
            .unwrap();
        assert!(report.rejected.is_empty(), "{file}");
    }
}

pub async fn commune_id(app: &TestApp, insee: &str) -> i64 {
    let t = territory_id(app).await;
    app.store
        .commune(t, &comcom_core::InseeCode::parse(insee).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn mayor_of(app: &TestApp, insee: &str) -> i64 {
    app.store
        .municipal_council(commune_id(app, insee).await)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.function == comcom_core::Function::Mayor)
        .unwrap()
        .person_id
}

#[tokio::test]
async fn a_mayor_manages_the_people_of_their_commune_and_no_other() {
    let app = TestApp::spawn().await;
    import_vercors(&app).await;
    let engins = commune_id(&app, "38153").await;
    let mayor = mayor_of(&app, "38153").await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, mayor).await;

    let dashboard = browser.get("/espaces").await;
    assert!(dashboard.contains(r#"href="/communes/38153/personnes""#));
    let commune = browser.get("/communes/38153").await;
    assert!(commune.contains("Gérer les élus et agents de la commune"));
    let other = browser.get("/communes/38205").await;
    assert!(!other.contains("/communes/38205/personnes"));
    let (_, public) = app.page("/communes/38153").await;
    assert!(!public.contains("/communes/38153/personnes"));
    let page = browser.get("/communes/38153/personnes").await;
    assert_eq!(browser.last_status, 200);
    assert!(page.contains("Les personnes de la commune Engins"));
    browser.get("/communes/38205/personnes").await;
    assert_eq!(browser.last_status, 403, "Lans-en-Vercors is not theirs");

    // Bad input: specific messages, nothing written.
    browser.get("/communes/38153/personnes").await;
    let page = browser
        .post(
            "/communes/38153/personnes",
            &[
                ("name", ""),
                ("email", "julie@"),
                ("role", "community_councillor"),
                ("start", "2026-02-30"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains(
        "Choisissez «\u{202f}agent communal\u{202f}» ou «\u{202f}élu municipal\u{202f}»."
    ));
    assert!(
        app.store
            .account_by_email("julie@engins.example")
            .await
            .unwrap()
            .is_none()
    );

    browser
        .post(
            "/communes/38153/personnes",
            &[
                ("name", "Julie Garnier"),
                ("email", "julie@engins.example"),
                ("role", "commune_staff"),
                ("function", ""),
                ("start", "2026-01-05"),
            ],
        )
        .await;
    assert_eq!(
        browser.last_location.as_deref(),
        Some("/communes/38153/personnes?fait=ajout")
    );
    let julie = app
        .store
        .account_by_email("julie@engins.example")
        .await
        .unwrap()
        .unwrap();
    let people = app.store.commune_people(engins).await.unwrap();
    let line = people
        .iter()
        .find(|p| p.person_id == julie.person_id)
        .unwrap();
    assert_eq!(line.role, comcom_core::Role::CommuneStaff);
    assert_eq!(line.source, "manual");
    assert!(!line.designated);

    // Posting into another commune is refused and writes nothing.
    browser
        .post(
            "/communes/38205/personnes",
            &[
                ("name", "Intrus"),
                ("role", "commune_staff"),
                ("start", "2026-01-05"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 403);
    assert!(
        app.store
            .commune_people(commune_id(&app, "38205").await)
            .await
            .unwrap()
            .iter()
            .all(|p| p.display_name != "Intrus")
    );

    // The mayor designates Julie, who may then manage the people too, but
    // not designate others.
    browser.get("/communes/38153/personnes").await;
    browser
        .post(
            &format!("/communes/38153/personnes/{}/agent", julie.person_id),
            &[("designate", "1")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    let mut julie_browser = Browser::new(&app);
    julie_browser.sign_in_as(&app, julie.person_id).await;
    let page = julie_browser.get("/communes/38153/personnes").await;
    assert_eq!(julie_browser.last_status, 200);
    assert!(!page.contains("/agent\""), "an agent does not designate");
    julie_browser
        .post(
            "/communes/38153/personnes",
            &[
                ("name", "Marc Roux"),
                ("role", "commune_staff"),
                ("start", "2026-01-05"),
            ],
        )
        .await;
    assert_eq!(julie_browser.last_status, 303);
    let marc = app
        .store
        .commune_people(engins)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.display_name == "Marc Roux")
        .unwrap();
    julie_browser.get("/communes/38153/personnes").await;
    julie_browser
        .post(
            &format!("/communes/38153/personnes/{}/agent", marc.person_id),
            &[("designate", "1")],
        )
        .await;
    assert_eq!(julie_browser.last_status, 403);
    julie_browser
        .post(
            &format!(
                "/communes/38153/personnes/{}/mandats/{}/fin",
                marc.person_id, marc.mandate_id
            ),
            &[],
        )
        .await;
    assert_eq!(julie_browser.last_status, 303);
    assert!(
        app.store
            .commune_people(engins)
            .await
            .unwrap()
            .iter()
            .all(|p| p.person_id != marc.person_id),
        "the mandate ended"
    );
    julie_browser.get("/communes/38205/personnes").await;
    assert_eq!(julie_browser.last_status, 403);

    // Withdrawn, Julie manages nothing any more.
    browser
        .post(
            &format!("/communes/38153/personnes/{}/agent", julie.person_id),
            &[("designate", "0")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    julie_browser.get("/communes/38153/personnes").await;
    assert_eq!(julie_browser.last_status, 403);

    assert_eq!(
        audit_kinds(&app, julie.person_id).await,
        [
            "person.added",
            "mandate.added",
            "permission.agent_designated",
            "person.added",
            "mandate.added",
            "mandate.ended",
            "permission.agent_undesignated"
        ]
    );
    let marc_rows = audit_kinds(&app, marc.person_id).await;
    assert_eq!(
        marc_rows,
        ["person.added", "mandate.added", "mandate.ended"]
    );
}

#[tokio::test]
async fn members_are_filtered_by_category_and_commune() {
    let app = TestApp::spawn().await;
    import_vercors(&app).await;
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let voirie = space(&app, "Voirie", anne.person_id).await;
    let engins_mayor = mayor_of(&app, "38153").await;
    let lans_mayor = mayor_of(&app, "38205").await;
    let t = territory_id(&app).await;
    let agent = account(&app, "Julie Garnier", "julie@engins.example").await;
    app.store
        .add_mandate(&comcom_store::mandates::NewMandate {
            person_id: agent.person_id,
            territory_id: t,
            commune_id: Some(commune_id(&app, "38153").await),
            role: comcom_core::Role::CommuneStaff,
            function: None,
            organisation: None,
            start: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        })
        .await
        .unwrap();
    for p in [engins_mayor, lans_mayor, agent.person_id] {
        app.store
            .set_membership(voirie.id, p, SpaceRole::Member)
            .await
            .unwrap();
    }
    let name = |id| {
        let store = app.store.clone();
        async move { store.person(id).await.unwrap().unwrap().display_name }
    };
    let (engins_name, lans_name) = (name(engins_mayor).await, name(lans_mayor).await);
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, anne.person_id).await;
    // The member list only (the header names the person signed in).
    fn list(page: String) -> String {
        let start = page
            .find(r#"<ul class="members">"#)
            .or_else(|| page.find("<tbody>"))
            .unwrap_or(page.len());
        let rest = &page[start..];
        rest[..rest
            .find("</ul>")
            .or_else(|| rest.find("</tbody>"))
            .unwrap_or(0)]
            .to_owned()
    }

    let all = list(browser.get("/espaces/voirie").await);
    for n in [&engins_name, &lans_name, "Julie Garnier", "Anne Rivière"] {
        assert!(all.contains(n), "{n}");
    }
    let engins = list(browser.get("/espaces/voirie?commune=38153").await);
    assert!(engins.contains(&engins_name) && engins.contains("Julie Garnier"));
    assert!(!engins.contains(&lans_name) && !engins.contains("Anne Rivière"));
    let staff = list(browser.get("/espaces/voirie?categorie=commune_staff").await);
    assert!(staff.contains("Julie Garnier"));
    assert!(!staff.contains(&engins_name) && !staff.contains(&lans_name));
    let elected_in_lans = list(
        browser
            .get("/espaces/voirie/membres?categorie=municipal_councillor&commune=38205")
            .await,
    );
    assert_eq!(browser.last_status, 200);
    assert!(elected_in_lans.contains(&lans_name));
    assert!(!elected_in_lans.contains(&engins_name) && !elected_in_lans.contains("Julie Garnier"));
    let none = list(browser.get("/espaces/voirie?categorie=none").await);
    assert!(none.contains("Anne Rivière") && !none.contains("Julie Garnier"));
    let unknown = browser
        .get("/espaces/voirie?categorie=pirate&commune=99999")
        .await;
    assert_eq!(browser.last_status, 200);
    assert!(unknown.contains("Aucun membre ne correspond à ces filtres."));
}

#[tokio::test]
async fn the_audit_log_is_for_administrators_filtered_and_paged() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let admin = account(&app, "Agent Com", "com@vercors.example").await;
    app.store
        .grant_admin(admin.person_id, Some(t))
        .await
        .unwrap();
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let voirie = space(&app, "Voirie", anne.person_id).await;
    let actor = comcom_store::audit::Actor {
        person_id: Some(anne.person_id),
        request_id: None,
    };
    let mut people = Vec::new();
    for i in 0..60 {
        let p = account(
            &app,
            &format!("Personne {i:02}"),
            &format!("p{i}@lans.example"),
        )
        .await;
        app.store
            .invite_to_space(voirie.id, p.person_id, SpaceRole::Reader, &actor)
            .await
            .unwrap();
        people.push(p);
    }
    app.store
        .set_member_role(voirie.id, people[0].person_id, SpaceRole::Member, &actor)
        .await
        .unwrap()
        .unwrap();

    let mut anne_browser = Browser::new(&app);
    anne_browser.sign_in_as(&app, anne.person_id).await;
    anne_browser.get("/admin/journal").await;
    assert_eq!(anne_browser.last_status, 403);

    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let first = browser.get("/admin/journal").await;
    assert_eq!(browser.last_status, 200);
    let rows = |page: &str| page.matches("<tr>").count() - 1;
    assert_eq!(rows(&first), 50);
    assert!(first.contains("Membre ajouté"));
    let older = first
        .split("href=\"")
        .find(|s| s.starts_with("/admin/journal?avant="))
        .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
        .expect("a link to older events");
    let second = browser.get(&older).await;
    // 60 invitations, 1 addition, 1 administrator grant.
    assert_eq!(rows(&second), 12);
    assert!(second.contains("Les plus récents"));
    assert!(!second.contains("Plus anciens"));

    let added = browser.get("/admin/journal?genre=membership.added").await;
    assert_eq!(rows(&added), 1);
    assert!(added.contains("Personne 00"));
    let about = browser
        .get(&format!("/admin/journal?personne={}", people[5].person_id))
        .await;
    assert_eq!(rows(&about), 1);
    assert!(about.contains("Invitation envoyée") && about.contains("Voirie"));
    let by_space = browser
        .get("/admin/journal?espace=voirie&genre=membership.")
        .await;
    assert_eq!(rows(&by_space), 50);
    let bad = browser.get("/admin/journal?genre=pirate&du=hier").await;
    assert_eq!(browser.last_status, 200);
    assert!(bad.contains("Ce type d’événement n’existe pas"));
    assert!(bad.contains("Écrivez la date sous la forme 2026-12-04."));
    let future = browser.get("/admin/journal?du=2999-01-01").await;
    assert!(future.contains("Aucun événement ne correspond."));
}
