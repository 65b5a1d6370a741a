//! Spaces and the directory, with the synthetic Vercors councillors imported:
//! the scenario of issue 3's "done means".

use comcom_core::{Function, InseeCode};
use comcom_store::people::ImportOptions;

use crate::helpers::{Browser, TestApp, last_email_to, link_in, repo_root};

async fn import_vercors(app: &TestApp) {
    for file in [
        "elus-municipaux-vercors.csv",
        "elus-communautaires-vercors.csv",
    ] {
        let bytes = std::fs::read(repo_root().join("../shared/data/elus").join(file)).unwrap();
        let options = ImportOptions {
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

async fn commune_id(app: &TestApp, insee: &str) -> i64 {
    let t = app.store.first_territory().await.unwrap().unwrap();
    app.store
        .commune(t.id, &InseeCode::parse(insee).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// (person id, name) of the mayor, or of another councillor, of a commune.
async fn councillor(app: &TestApp, insee: &str, mayor: bool) -> (i64, String) {
    let council = app
        .store
        .municipal_council(commune_id(app, insee).await)
        .await
        .unwrap();
    let m = council
        .iter()
        .find(|m| (m.function == Function::Mayor) == mayor)
        .unwrap();
    (m.person_id, m.display_name.clone())
}

async fn admin(app: &TestApp) -> Browser {
    let territory = app.store.first_territory().await.unwrap().unwrap();
    let account = app
        .store
        .create_account(Some(territory.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(account.person_id, Some(territory.id))
        .await
        .unwrap();
    let mut browser = Browser::new(app);
    browser.sign_in_as(app, account.person_id).await;
    browser
}

#[tokio::test]
async fn the_mayor_of_engins_is_invited_signs_in_by_the_emailed_link_and_manages_the_engins_space()
{
    let app = TestApp::spawn().await;
    import_vercors(&app).await;
    let mut admin = admin(&app).await;

    admin.get("/admin").await;
    admin.post("/admin/communes/38153/espace", &[]).await;
    assert_eq!(admin.last_location.as_deref(), Some("/espaces/engins"));

    let (mayor, mayor_name) = councillor(&app, "38153", true).await;
    let page = admin.get(&format!("/personnes/{mayor}")).await;
    assert!(page.contains("Inviter cette personne"));
    admin
        .post(
            &format!("/personnes/{mayor}/inviter"),
            &[("email", "maire@engins.example")],
        )
        .await;
    assert_eq!(admin.last_status, 303);

    let (subject, text) = last_email_to(&app, "maire@engins.example").await.unwrap();
    assert_eq!(
        subject,
        "Invitation à rejoindre la plateforme de la CC du Massif du Vercors"
    );
    assert!(text.contains("Agent Com vous invite"));
    let path = link_in(&text, &app)
        .trim_start_matches(&app.address)
        .to_owned();

    let mut maire = Browser::new(&app);
    assert!(maire.get(&path).await.contains("Accepter l’invitation"));
    maire
        .post(
            &path,
            &[
                ("password", "Engins au pied du Vercors"),
                ("password_again", "Engins au pied du Vercors"),
            ],
        )
        .await;
    assert_eq!(maire.last_location.as_deref(), Some("/espaces"));
    let spaces = maire.get("/espaces").await;
    assert!(spaces.contains(r#"<a href="/espaces/engins">Engins</a>"#));
    assert!(
        spaces.contains("Animateur"),
        "the mayor is the first facilitator"
    );

    let (other, other_name) = councillor(&app, "38153", false).await;
    let surname = other_name.split_whitespace().last().unwrap().to_owned();
    let search = maire
        .get(&format!("/espaces/engins/membres?q={surname}"))
        .await;
    assert_eq!(maire.last_status, 200);
    assert!(search.contains(&other_name));
    maire
        .post(
            "/espaces/engins/membres",
            &[("person", &other.to_string()), ("role", "member")],
        )
        .await;
    assert_eq!(
        maire.last_location.as_deref(),
        Some("/espaces/engins/membres?fait=ajout")
    );
    let space = maire.get("/espaces/engins").await;
    assert!(space.contains(&other_name) && space.contains(&mayor_name));
    assert_eq!(
        app.store
            .membership(
                app.store
                    .commune_space(commune_id(&app, "38153").await)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                other
            )
            .await
            .unwrap(),
        Some(comcom_core::SpaceRole::Member)
    );
}

#[tokio::test]
async fn a_councillor_of_lans_sees_territory_spaces_but_not_a_restricted_commission_she_is_not_in()
{
    let app = TestApp::spawn().await;
    import_vercors(&app).await;
    let mut admin = admin(&app).await;
    admin.get("/espaces/nouveau").await;
    admin
        .post(
            "/espaces/nouveau",
            &[
                ("name", "Commission eau et assainissement"),
                ("kind", "commission"),
                ("visibility", "restricted"),
            ],
        )
        .await;
    assert_eq!(
        admin.last_location.as_deref(),
        Some("/espaces/commission-eau-et-assainissement")
    );
    admin.get("/espaces/nouveau").await;
    admin
        .post(
            "/espaces/nouveau",
            &[
                ("name", "Groupe mobilités"),
                ("kind", "working_group"),
                ("visibility", "territory"),
            ],
        )
        .await;

    let (councillor, _) = councillor(&app, "38205", false).await;
    let mut lans = Browser::new(&app);
    lans.sign_in_as(&app, councillor).await;
    let spaces = lans.get("/espaces").await;
    assert!(spaces.contains("Groupe mobilités"));
    assert!(!spaces.contains("Commission eau"));
    lans.get("/espaces/commission-eau-et-assainissement").await;
    assert_eq!(lans.last_status, 404);
    lans.get("/espaces/commission-eau-et-assainissement/membres")
        .await;
    assert_eq!(lans.last_status, 404);
    lans.get("/espaces/groupe-mobilites/membres").await;
    assert_eq!(lans.last_status, 403, "seeing a space is not managing it");

    let visitor = app.get("/espaces/groupe-mobilites").await;
    assert_eq!(visitor.status(), 303, "visitors are asked to sign in");
}

#[tokio::test]
async fn the_directory_shows_names_and_functions_to_all_and_contacts_to_the_territory_only() {
    let app = TestApp::spawn().await;
    import_vercors(&app).await;
    let (mayor, mayor_name) = councillor(&app, "38153", true).await;
    app.store
        .attach_email(mayor, "maire@engins.example")
        .await
        .unwrap();

    let (_, commune) = app.page("/communes/38153").await;
    assert!(commune.contains(&format!(
        r#"<a href="/personnes/{mayor}">{mayor_name}</a>, Maire"#
    )));
    let (_, home) = app.page("/").await;
    assert!(home.contains("<h2 id=\"bureau\">Le bureau</h2>"));
    assert!(home.contains("Présidente du conseil communautaire"));

    let (status, public) = app.page(&format!("/personnes/{mayor}")).await;
    assert_eq!(status, 200);
    assert!(public.contains("Élu municipal – Maire (Engins)"));
    assert!(!public.contains("maire@engins.example"));

    let (councillor, _) = councillor(&app, "38205", false).await;
    let mut lans = Browser::new(&app);
    lans.sign_in_as(&app, councillor).await;
    let seen = lans.get(&format!("/personnes/{mayor}")).await;
    assert!(seen.contains("maire@engins.example"));
}

#[tokio::test]
async fn the_import_page_reports_each_rejected_line_of_the_bad_file() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app).await;
    let page = admin.get("/admin").await;
    let token = page
        .split(r#"/admin/import?csrf="#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let bytes =
        std::fs::read(repo_root().join("../shared/data/elus/elus-municipaux-errors.csv")).unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("erreurs.csv"),
    );
    let response = app
        .client
        .post(app.url(&format!("/admin/import?csrf={token}")))
        .header(
            "Cookie",
            format!(
                "comcom_session={}; comcom_csrf={}",
                admin.cookie("comcom_session").unwrap(),
                admin.cookie("comcom_csrf").unwrap()
            ),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("<h1>Import des élus</h1>"));
    assert!(body.contains("ligne 2"), "{body}");
}

#[tokio::test]
async fn an_administrator_gives_a_staff_mandate_which_opens_the_extranet_until_it_ends() {
    let app = TestApp::spawn().await;
    let mut admin = admin(&app).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let agent = app
        .store
        .create_account(Some(t.id), "Lucie Agent", "secretariat@engins.example")
        .await
        .unwrap();
    let space = app
        .store
        .create_space(&comcom_store::spaces::NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: comcom_core::SpaceKind::WorkingGroup,
            visibility: comcom_core::Visibility::Territory,
            name: "Groupe déchets",
            description: "",
        })
        .await
        .unwrap();
    let mut lucie = Browser::new(&app);
    lucie.sign_in_as(&app, agent.person_id).await;
    lucie.get("/espaces/groupe-dechets").await;
    assert_eq!(lucie.last_status, 404, "no mandate yet");

    let path = format!("/personnes/{}", agent.person_id);
    admin.get(&path).await;
    let refused = admin
        .post(
            &format!("{path}/mandats"),
            &[
                ("role", "commune_staff"),
                ("commune", ""),
                ("start", "2026-13-40"),
            ],
        )
        .await;
    assert_eq!(admin.last_status, 422);
    assert!(refused.contains("Ce rôle se rattache à une commune"));
    assert!(refused.contains("Indiquez une date de début valide"));
    let wrong = admin
        .post(
            &format!("{path}/mandats"),
            &[
                ("role", "commune_staff"),
                ("commune", "38153"),
                ("function", "mayor"),
                ("start", "2026-03-01"),
            ],
        )
        .await;
    assert!(wrong.contains("Cette fonction ne correspond pas au rôle choisi."));
    assert!(
        app.store
            .mandate_facts(agent.person_id)
            .await
            .unwrap()
            .is_empty()
    );

    admin
        .post(
            &format!("{path}/mandats"),
            &[
                ("role", "commune_staff"),
                ("commune", "38153"),
                ("start", "2026-03-01"),
            ],
        )
        .await;
    assert_eq!(admin.last_status, 303);
    let page = lucie.get("/espaces/groupe-dechets").await;
    assert_eq!(
        lucie.last_status, 200,
        "an agent communal sees territory spaces"
    );
    assert!(page.contains("Groupe déchets"));
    let mandate = app
        .store
        .current_mandates_of_person(agent.person_id)
        .await
        .unwrap()[0]
        .id;
    assert_eq!(
        app.store.space(space.id).await.unwrap().unwrap().name,
        "Groupe déchets"
    );

    admin.get(&path).await;
    admin
        .post(&format!("{path}/mandats/{mandate}/fin"), &[])
        .await;
    assert_eq!(admin.last_status, 303);
    lucie.get("/espaces/groupe-dechets").await;
    assert_eq!(
        lucie.last_status, 404,
        "an ended mandate no longer opens the extranet"
    );
    admin
        .post(&format!("{path}/mandats/{mandate}/fin"), &[])
        .await;
    assert_eq!(admin.last_status, 404, "a mandate ends once");
}

#[tokio::test]
async fn an_administrator_cannot_reach_people_of_another_territory() {
    let app = TestApp::spawn_with(&["243801024", "242010056"], None).await;
    let territories = app.store.territories().await.unwrap();
    let ajaccio = territories[1].id;
    let stranger = app
        .store
        .create_named_person(Some(ajaccio), "Maire d’Ajaccio")
        .await
        .unwrap();
    let mut admin = admin(&app).await;

    admin.get("/admin").await;
    admin
        .post(
            &format!("/personnes/{stranger}/inviter"),
            &[("email", "pirate@example.org")],
        )
        .await;
    assert_eq!(admin.last_status, 404);
    admin
        .post(
            &format!("/personnes/{stranger}/mandats"),
            &[("role", "inhabitant"), ("start", "2026-01-01")],
        )
        .await;
    assert_eq!(admin.last_status, 404);
    assert!(
        app.store
            .account(stranger)
            .await
            .unwrap()
            .unwrap()
            .email
            .is_none()
    );
    assert!(app.store.mandate_facts(stranger).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_space_keeps_its_last_facilitator_and_members_are_added_once() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let anne = app
        .store
        .create_account(Some(t.id), "Anne", "anne@v.example")
        .await
        .unwrap();
    let paul = app
        .store
        .create_account(Some(t.id), "Paul", "paul@v.example")
        .await
        .unwrap();
    let space = app
        .store
        .create_space(&comcom_store::spaces::NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: comcom_core::SpaceKind::WorkingGroup,
            visibility: comcom_core::Visibility::Restricted,
            name: "Voirie",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(
            space.id,
            anne.person_id,
            comcom_core::SpaceRole::Facilitator,
        )
        .await
        .unwrap();
    app.store
        .set_membership(space.id, paul.person_id, comcom_core::SpaceRole::Reader)
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, anne.person_id).await;
    browser.get("/espaces/voirie/membres").await;

    let again = browser
        .post(
            "/espaces/voirie/membres",
            &[
                ("person", &paul.person_id.to_string()),
                ("role", "facilitator"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(again.contains("déjà membre"));
    let demote = browser
        .post(
            &format!("/espaces/voirie/membres/{}", anne.person_id),
            &[("role", "reader")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(demote.contains("au moins un animateur"));
    browser
        .post(
            &format!("/espaces/voirie/membres/{}/retirer", anne.person_id),
            &[],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert_eq!(
        app.store
            .membership(space.id, anne.person_id)
            .await
            .unwrap(),
        Some(comcom_core::SpaceRole::Facilitator)
    );
    assert_eq!(
        app.store
            .membership(space.id, paul.person_id)
            .await
            .unwrap(),
        Some(comcom_core::SpaceRole::Reader)
    );
}
