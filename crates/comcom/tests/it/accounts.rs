//! Signing in and out: links by email, passwords, resets, CSRF, sessions.

use crate::helpers::{Browser, TestApp, last_email_to, link_in};

async fn person_with_email(app: &TestApp, email: &str) -> i64 {
    let territory = app.store.first_territory().await.unwrap().map(|t| t.id);
    app.store
        .create_account(territory, "Camille Martin", email)
        .await
        .unwrap()
        .person_id
}

#[tokio::test]
async fn a_person_signs_in_with_a_one_time_link_sent_by_email() {
    let app = TestApp::spawn().await;
    person_with_email(&app, "camille@engins.example").await;
    let mut browser = Browser::new(&app);

    browser.get("/connexion").await;
    let page = browser
        .post(
            "/connexion/lien",
            &[("link_email", "Camille@Engins.example ")],
        )
        .await;

    assert_eq!(browser.last_status, 200);
    assert!(page.contains("Si un compte existe pour cette adresse"));
    let (subject, text) = last_email_to(&app, "camille@engins.example")
        .await
        .expect("a link is queued");
    assert_eq!(subject, "Votre lien de connexion – CC du Massif du Vercors");
    let link = link_in(&text, &app);
    assert!(link.contains("/connexion/jeton/"));

    // Opening the link only shows a button: a mail scanner cannot use it up.
    let confirm = browser.get(&link).await;
    assert!(confirm.contains("Confirmer la connexion"));
    let path = link.trim_start_matches(&app.address);
    browser.post(path, &[]).await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(browser.last_location.as_deref(), Some("/espaces"));
    let spaces = browser.get("/espaces").await;
    assert_eq!(browser.last_status, 200);
    assert!(spaces.contains("<h1>Mes espaces</h1>"));
    assert!(spaces.contains("Camille Martin"));

    // A second use of the same link fails.
    let mut other = Browser::new(&app);
    other.get(path).await;
    assert_eq!(other.last_status, 410);
}

#[tokio::test]
async fn asking_a_link_for_an_unknown_address_says_the_same_and_sends_nothing() {
    let app = TestApp::spawn().await;
    let mut browser = Browser::new(&app);
    browser.get("/connexion").await;
    let page = browser
        .post(
            "/connexion/lien",
            &[("link_email", "personne@nulle-part.example")],
        )
        .await;
    assert!(page.contains("Si un compte existe pour cette adresse"));
    assert!(app.store.recent_outbox(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_password_is_chosen_by_a_reset_link_then_used_to_sign_in() {
    let app = TestApp::spawn().await;
    let person = person_with_email(&app, "agent@vercors.example").await;
    let mut browser = Browser::new(&app);

    browser.get("/mot-de-passe").await;
    browser
        .post("/mot-de-passe", &[("email", "agent@vercors.example")])
        .await;
    let (_, text) = last_email_to(&app, "agent@vercors.example").await.unwrap();
    let path = link_in(&text, &app)
        .trim_start_matches(&app.address)
        .to_owned();

    browser.get(&path).await;
    let refused = browser
        .post(
            &path,
            &[
                ("password", "un mot de passe long"),
                ("password_again", "autre chose encore"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(refused.contains("Les deux mots de passe ne sont pas identiques."));
    let short = browser
        .post(&path, &[("password", "court"), ("password_again", "court")])
        .await;
    assert!(short.contains("Au moins 10 caractères"));
    assert!(
        app.store
            .account(person)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .is_none()
    );

    browser
        .post(
            &path,
            &[
                ("password", "le lac de Lans gèle"),
                ("password_again", "le lac de Lans gèle"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert!(
        app.store
            .account(person)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .unwrap()
            .starts_with("$argon2id$")
    );

    let mut fresh = Browser::new(&app);
    fresh.get("/connexion").await;
    let wrong = fresh
        .post(
            "/connexion",
            &[
                ("email", "agent@vercors.example"),
                ("password", "pas le bon"),
            ],
        )
        .await;
    assert_eq!(fresh.last_status, 422);
    assert!(wrong.contains("Adresse ou mot de passe incorrect."));
    fresh
        .post(
            "/connexion",
            &[
                ("email", "agent@vercors.example"),
                ("password", "le lac de Lans gèle"),
            ],
        )
        .await;
    assert_eq!(fresh.last_status, 303);
    let cookie = fresh.cookie("comcom_session").unwrap().to_owned();
    assert_eq!(cookie.len(), 64);
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site() {
    let app = TestApp::spawn().await;
    person_with_email(&app, "c@v.example").await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/connexion").await;
    let token = page
        .split(r#"name="csrf" value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();

    let response = app
        .client
        .post(app.url("/connexion"))
        .header(
            "Cookie",
            format!("comcom_csrf={}", browser.cookie("comcom_csrf").unwrap()),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("email=c%40v.example&password=x&csrf={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);

    let csrf_cookie = app.get("/connexion").await.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csrf_cookie.starts_with("comcom_csrf="));
    assert!(csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Lax"));
    assert!(!csrf_cookie.contains("Secure"), "plain http in tests");
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_or_from_another_site_are_refused() {
    let app = TestApp::spawn().await;
    person_with_email(&app, "c@v.example").await;
    let mut browser = Browser::new(&app);
    browser.get("/connexion").await;

    let page = browser
        .post_raw("/connexion/lien", "link_email=c%40v.example".to_owned())
        .await;
    assert_eq!(browser.last_status, 403);
    assert!(page.contains("Formulaire expiré"));
    let forged = browser
        .post_raw(
            "/connexion/lien",
            "link_email=c%40v.example&csrf=00".to_owned(),
        )
        .await;
    assert_eq!(browser.last_status, 403);
    assert!(forged.contains("Formulaire expiré"));

    let response = app
        .client
        .post(app.url("/connexion/lien"))
        .header("Origin", "https://evil.example")
        .header(
            "Cookie",
            format!("comcom_csrf={}", browser.cookie("comcom_csrf").unwrap()),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("link_email=c%40v.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(app.store.recent_outbox(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = TestApp::spawn().await;
    let person = person_with_email(&app, "c@v.example").await;
    let mut laptop = Browser::new(&app);
    let mut phone = Browser::new(&app);
    laptop.sign_in_as(&app, person).await;
    phone.sign_in_as(&app, person).await;
    phone.get("/profil").await;
    assert_eq!(phone.last_status, 200);

    laptop.get("/profil").await;
    laptop.post("/deconnexion/partout", &[]).await;
    assert_eq!(laptop.last_status, 303);

    phone.get("/profil").await;
    assert_eq!(phone.last_status, 303);
    assert_eq!(
        phone.last_location.as_deref(),
        Some("/connexion?retour=%2Fprofil")
    );
}

#[tokio::test]
async fn the_profile_saves_valid_values_and_explains_invalid_ones() {
    let app = TestApp::spawn().await;
    let person = person_with_email(&app, "c@v.example").await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, person).await;
    browser.get("/profil").await;

    let refused = browser
        .post(
            "/profil",
            &[("display_name", ""), ("phone", "abc"), ("locale", "de")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(refused.contains("Indiquez un nom."));
    assert!(refused.contains("Indiquez un numéro de téléphone"));
    assert!(refused.contains(r#"aria-invalid="true""#));
    assert_eq!(
        app.store
            .account(person)
            .await
            .unwrap()
            .unwrap()
            .display_name,
        "Camille Martin"
    );

    browser
        .post(
            "/profil",
            &[
                ("display_name", "Camille Martin-Roux"),
                ("phone", "04 76 95 00 00"),
                ("locale", "en"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    let account = app.store.account(person).await.unwrap().unwrap();
    assert_eq!(account.display_name, "Camille Martin-Roux");
    assert_eq!(account.locale, "en");
    let english = browser.get("/profil?modifie=profil").await;
    assert!(english.contains("<h1>My profile</h1>"));
}

#[tokio::test]
async fn pages_of_the_signed_in_area_send_visitors_to_the_login_page() {
    let app = TestApp::spawn().await;
    for path in ["/espaces", "/profil", "/admin", "/espaces/nouveau"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with("/connexion?retour="),
            "{path}: {location}"
        );
    }
}

#[tokio::test]
async fn garbage_and_oversized_values_posted_to_every_form_never_cause_a_500() {
    let app = TestApp::spawn().await;
    let person = person_with_email(&app, "admin@v.example").await;
    app.store.grant_admin(person, None).await.unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, person).await;
    browser.get("/admin").await;
    let people_before = app.store.search_people(1, "a", 1000).await.unwrap().len();

    let huge = "é".repeat(40_000);
    let garbage: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![
            ("email", "\u{0}\u{1}"),
            ("password", ""),
            ("name", "\n\r"),
            ("kind", "../../etc"),
        ],
        vec![
            ("email", &huge),
            ("link_email", &huge),
            ("display_name", &huge),
            ("name", &huge),
        ],
        vec![
            ("person", "-1"),
            ("role", "admin"),
            ("visibility", "everyone"),
            ("locale", "<script>"),
        ],
    ];
    let routes = [
        "/connexion",
        "/connexion/lien",
        "/mot-de-passe",
        "/profil",
        "/profil/mot-de-passe",
        "/espaces/nouveau",
        "/admin/invitations",
        "/admin/communes/38153x/espace",
        "/personnes/999999/inviter",
        "/personnes/abc/inviter",
        "/connexion/jeton/zz",
        "/mot-de-passe/zz",
        "/invitation/zz",
    ];
    for route in routes {
        for fields in &garbage {
            browser.get("/admin").await;
            browser.post(route, fields).await;
            assert!(
                browser.last_status < 500,
                "{route} {fields:?}: {}",
                browser.last_status
            );
        }
    }
    let people_after = app.store.search_people(1, "a", 1000).await.unwrap().len();
    assert_eq!(people_before, people_after);
    assert!(app.store.spaces(1).await.unwrap().is_empty());
    assert!(app.store.recent_outbox(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn repeated_password_attempts_on_one_address_are_slowed_down() {
    let app = TestApp::spawn().await;
    person_with_email(&app, "cible@v.example").await;
    let mut browser = Browser::new(&app);
    browser.get("/connexion").await;
    for _ in 0..10 {
        browser
            .post(
                "/connexion",
                &[("email", "cible@v.example"), ("password", "devine")],
            )
            .await;
        assert_eq!(browser.last_status, 422);
    }
    let page = browser
        .post(
            "/connexion",
            &[("email", "cible@v.example"), ("password", "devine")],
        )
        .await;
    assert_eq!(browser.last_status, 429);
    assert!(page.contains("Trop de tentatives"));
}

#[tokio::test]
async fn the_first_administrator_gives_an_address_on_the_profile() {
    let app = TestApp::spawn().await;
    let admin = app
        .store
        .create_named_person(None, "Administrateur")
        .await
        .unwrap();
    app.store.grant_admin(admin, None).await.unwrap();
    assert_eq!(
        app.store.first_admin_without_credentials().await.unwrap(),
        Some(admin)
    );
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin).await;

    let page = browser.get("/profil").await;
    assert!(page.contains(r#"id="f-email""#));
    browser
        .post(
            "/profil",
            &[
                ("display_name", "Claire Dupont"),
                ("email", "dgs@vercors.example"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(
        app.store
            .account(admin)
            .await
            .unwrap()
            .unwrap()
            .email
            .as_deref(),
        Some("dgs@vercors.example")
    );
    assert_eq!(
        app.store.first_admin_without_credentials().await.unwrap(),
        None
    );
}

#[tokio::test]
async fn unusual_addresses_are_refused_before_any_mail_is_queued() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Admin", "admin@v.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    browser.get("/admin").await;
    for email in [
        "\"<script>alert(1)</script>\"@x.fr",
        "<img/src=x>@x.fr",
        "a@[127.0.0.1]",
    ] {
        browser
            .post("/admin/invitations", &[("name", "X"), ("email", email)])
            .await;
        assert_eq!(browser.last_status, 422, "{email}");
    }
    assert!(app.store.recent_outbox(10).await.unwrap().is_empty());
}
