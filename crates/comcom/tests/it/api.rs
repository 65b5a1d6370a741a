//! The JSON API under `/api/v1`: personal access tokens (store, command line,
//! profile page), scopes, visibility through the permission core, writing and
//! publishing news, validation, the OpenAPI document, and schemathesis
//! (installed by `scripts/test-deps.sh`) run against that document on a live
//! server.

use std::process::{Command, Output};
use std::time::Duration;

use comcom_core::{Function, InseeCode, Role, SpaceKind, SpaceRole, Visibility};
use comcom_store::mandates::NewMandate;
use comcom_store::spaces::{NewSpace, SpaceRecord};
use comcom_store::tokens::{TokenScope, is_token_shape};
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp};

/// An API call: its status and its JSON body (`Null` when there is none).
async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app
        .client
        .request(method, app.url(path))
        .header("Accept-Language", "fr-FR");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    if status != 204 {
        let kind = response
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap();
        assert_eq!(kind, "application/json", "{path} answers JSON");
    }
    let text = response.text().await.unwrap();
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    (status, value)
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Value) {
    call(app, "GET", path, token, None).await
}

async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
    call(app, method, path, Some(token), Some(body.to_string())).await
}

async fn territory_id(app: &TestApp) -> i64 {
    app.store.first_territory().await.unwrap().unwrap().id
}

/// A person with an account and a token of the given scope.
async fn person_with_token(app: &TestApp, email: &str, scope: TokenScope) -> (i64, String) {
    let t = territory_id(app).await;
    let account = app
        .store
        .create_account(Some(t), email, email)
        .await
        .unwrap();
    let (_, secret) = app
        .store
        .create_api_token(account.person_id, "tests", scope)
        .await
        .unwrap();
    (account.person_id, secret)
}

/// An administrator of the territory with a write token.
async fn admin_with_token(app: &TestApp) -> (i64, String) {
    let (person, token) = person_with_token(app, "com@vercors.example", TokenScope::Write).await;
    app.store
        .grant_admin(person, Some(territory_id(app).await))
        .await
        .unwrap();
    (person, token)
}

async fn space(app: &TestApp, name: &str, visibility: Visibility) -> SpaceRecord {
    app.store
        .create_space(&NewSpace {
            territory_id: territory_id(app).await,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility,
            name,
            description: "",
        })
        .await
        .unwrap()
}

fn article(title: &str, publish: &str) -> Value {
    json!({"title": title, "body": "Le **zonage** d’assainissement.", "communes": ["38153"], "publish": publish})
}

// ----- tokens

#[tokio::test]
async fn a_token_is_found_by_its_secret_until_its_owner_revokes_it_and_use_is_recorded_once_a_minute()
 {
    let app = TestApp::spawn().await;
    let (person, secret) = person_with_token(&app, "dgs@vercors.example", TokenScope::Write).await;
    assert!(is_token_shape(&secret) && secret.starts_with("ccm_"));
    let token = app
        .store
        .api_token_by_secret(&secret)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((token.person_id, token.scope), (person, TokenScope::Write));
    assert!(
        app.store
            .api_token_by_secret(&format!("{secret}0"))
            .await
            .unwrap()
            .is_none()
    );

    app.store.touch_api_token(&token).await.unwrap();
    let used = app
        .store
        .api_token_by_secret(&secret)
        .await
        .unwrap()
        .unwrap()
        .last_used_at
        .unwrap();
    app.store.touch_api_token(&token).await.unwrap();
    let again = app
        .store
        .api_token_by_secret(&secret)
        .await
        .unwrap()
        .unwrap()
        .last_used_at;
    assert_eq!(again, Some(used), "not written again within the minute");

    let (other, _) = person_with_token(&app, "autre@vercors.example", TokenScope::Read).await;
    assert!(
        !app.store.revoke_api_token(other, token.id).await.unwrap(),
        "only its owner revokes it"
    );
    assert!(app.store.revoke_api_token(person, token.id).await.unwrap());
    assert!(!app.store.revoke_api_token(person, token.id).await.unwrap());
    assert!(
        app.store
            .api_token_by_secret(&secret)
            .await
            .unwrap()
            .is_none()
    );
    assert!(app.store.api_tokens_of(person).await.unwrap()[0].is_revoked());
}

fn comcom(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", &app._db.url)
        .env("COMCOM_DATA_DIR", app._db.dir.path())
        .env("COMCOM_LANG", "fr")
        .env_remove("COMCOM_PUBLIC_URL")
        .output()
        .expect("the comcom binary runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_made_on_the_command_line_reads_the_api_until_it_is_revoked() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    app.store
        .create_account(Some(t), "Claire Dupont", "dgs@vercors.example")
        .await
        .unwrap();

    let made = comcom(
        &app,
        &[
            "token",
            "create",
            "--email",
            "DGS@vercors.example",
            "--name",
            "Site",
            "--scope",
            "write",
        ],
    );
    let stdout = String::from_utf8(made.stdout).unwrap();
    assert_eq!(made.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Jeton n°\u{a0}1 «\u{202f}Site\u{202f}» (write)"),
        "{stdout}"
    );
    let secret = stdout.lines().last().unwrap().trim().to_owned();
    assert!(
        is_token_shape(&secret),
        "the token is printed alone on the last line"
    );

    let (status, spaces) = get(&app, "/api/v1/spaces", Some(&secret)).await;
    assert_eq!((status, spaces), (200, json!([])));

    let listed = comcom(&app, &["token", "list", "--email", "dgs@vercors.example"]);
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.contains("n°\u{a0}1  Site  write") && listed.contains("utilisé le"),
        "{listed}"
    );
    assert!(!listed.contains(&secret), "the secret is never shown again");

    let wrong = comcom(
        &app,
        &["token", "create", "--email", "nobody@vercors.example"],
    );
    assert_eq!(wrong.status.code(), Some(1));
    let wrong_scope = comcom(
        &app,
        &[
            "token",
            "create",
            "--email",
            "dgs@vercors.example",
            "--scope",
            "admin",
        ],
    );
    assert!(
        String::from_utf8(wrong_scope.stderr)
            .unwrap()
            .contains("«\u{202f}admin\u{202f}»")
    );

    let revoked = comcom(
        &app,
        &[
            "token",
            "revoke",
            "--email",
            "dgs@vercors.example",
            "--id",
            "1",
        ],
    );
    assert_eq!(revoked.status.code(), Some(0));
    let again = comcom(
        &app,
        &[
            "token",
            "revoke",
            "--email",
            "dgs@vercors.example",
            "--id",
            "1",
        ],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "a revoked token cannot be revoked again"
    );

    let (status, error) = get(&app, "/api/v1/spaces", Some(&secret)).await;
    assert_eq!(status, 401);
    assert_eq!(error["code"], "token_invalid");
}

#[tokio::test]
async fn the_profile_page_makes_a_token_shows_it_once_and_revokes_it() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let account = app
        .store
        .create_account(Some(t), "Claire Dupont", "dgs@vercors.example")
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, account.person_id).await;

    let profile = browser.get("/profil").await;
    assert!(profile.contains(r#"<a href="/profil/jetons">"#));
    let page = browser.get("/profil/jetons").await;
    assert!(page.contains("Vous n’avez aucun jeton."));

    let refused = browser
        .post("/profil/jetons", &[("name", ""), ("scope", "admin")])
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(refused.contains("Donnez un nom au jeton") && refused.contains("Choisissez lecture"));

    let made = browser
        .post(
            "/profil/jetons",
            &[("name", "Site de la commune"), ("scope", "write")],
        )
        .await;
    assert_eq!(browser.last_status, 200);
    let start = made.find("ccm_").expect("the secret is shown");
    let secret = &made[start..start + 68];
    assert!(is_token_shape(secret));
    assert_eq!(get(&app, "/api/v1/spaces", Some(secret)).await.0, 200);

    let list = browser.get("/profil/jetons").await;
    assert!(
        list.contains("Site de la commune") && !list.contains(secret),
        "listed, never shown again"
    );
    let id = app.store.api_tokens_of(account.person_id).await.unwrap()[0].id;
    browser
        .post(&format!("/profil/jetons/{id}/revoquer"), &[])
        .await;
    assert_eq!(
        browser.last_location.as_deref(),
        Some("/profil/jetons?fait=revoque")
    );
    assert_eq!(get(&app, "/api/v1/spaces", Some(secret)).await.0, 401);

    let other = app
        .store
        .create_account(Some(t), "Autre", "autre@vercors.example")
        .await
        .unwrap();
    let (theirs, _) = app
        .store
        .create_api_token(other.person_id, "x", TokenScope::Read)
        .await
        .unwrap();
    browser.get("/profil/jetons").await;
    browser
        .post(&format!("/profil/jetons/{}/revoquer", theirs.id), &[])
        .await;
    assert_eq!(
        browser.last_status, 404,
        "someone else's token is not there"
    );
}

// ----- authentication and scopes

#[tokio::test]
async fn without_a_token_only_the_territory_communes_and_public_news_can_be_read() {
    let app = TestApp::spawn().await;

    let (status, territory) = get(&app, "/api/v1/territory", None).await;
    assert_eq!(status, 200);
    assert_eq!(territory["siren"], "243801024");
    assert_eq!(territory["communes"], 6);
    let (status, communes) = get(&app, "/api/v1/communes", None).await;
    assert_eq!(status, 200);
    assert!(
        communes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["insee"] == "38153" && c["name"] == "Engins")
    );
    assert_eq!(get(&app, "/api/v1/communes/38153", None).await.0, 200);
    assert_eq!(get(&app, "/api/v1/communes/99999", None).await.0, 404);
    assert_eq!(get(&app, "/api/v1/articles", None).await.0, 200);

    for path in ["/api/v1/spaces", "/api/v1/spaces/x", "/api/v1/people/1"] {
        let (status, error) = get(&app, path, None).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(error["code"], "token_missing");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("jeton d’accès\u{a0}:")
        );
    }
    let (status, error) = call(
        &app,
        "POST",
        "/api/v1/spaces/x/articles",
        None,
        Some("{}".into()),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (401, Some("token_missing"))
    );
    let (status, error) = get(&app, "/api/v1/territory", Some("ccm_not-a-token")).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (401, Some("token_invalid")),
        "a wrong token is never ignored"
    );
}

#[tokio::test]
async fn a_session_cookie_does_not_open_the_api() {
    let app = TestApp::spawn().await;
    let (person, _) = admin_with_token(&app).await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, person).await;
    let cookie = format!(
        "comcom_session={}",
        browser.cookie("comcom_session").unwrap()
    );

    let response = app
        .client
        .get(app.url("/api/v1/spaces"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    browser.get("/profil").await;
    let response = app
        .client
        .post(app.url("/api/v1/spaces/x/articles"))
        .header("Cookie", &cookie)
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status().as_u16(),
        401,
        "a cookie cannot write either"
    );
}

#[tokio::test]
async fn a_read_token_cannot_write_and_a_writer_needs_the_right_to_write_in_the_space() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_with_token(&app).await;
    let eau = space(&app, "Commission eau", Visibility::Public).await;
    app.store
        .set_membership(eau.id, admin, SpaceRole::Facilitator)
        .await
        .unwrap();
    let (_, reader) = person_with_token(&app, "lecteur@vercors.example", TokenScope::Read).await;
    let (_, writer) = person_with_token(&app, "redacteur@vercors.example", TokenScope::Write).await;

    let path = format!("/api/v1/spaces/{}/articles", eau.slug);
    let (status, error) = send(&app, "POST", &path, &reader, article("Titre", "now")).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (403, Some("scope_insufficient"))
    );
    let (status, error) = send(&app, "POST", &path, &writer, article("Titre", "now")).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (403, Some("forbidden")),
        "not a facilitator of the space"
    );
    assert!(
        app.store
            .public_articles(territory_id(&app).await, 10, 0)
            .await
            .unwrap()
            .is_empty()
    );
}

// ----- visibility

#[tokio::test]
async fn a_restricted_space_and_its_news_are_invisible_to_a_non_members_token() {
    let app = TestApp::spawn().await;
    let (admin, admin_token) = admin_with_token(&app).await;
    let bureau = space(&app, "Bureau restreint", Visibility::Restricted).await;
    app.store
        .set_membership(bureau.id, admin, SpaceRole::Facilitator)
        .await
        .unwrap();
    let (member, member_token) =
        person_with_token(&app, "membre@vercors.example", TokenScope::Read).await;
    app.store
        .set_membership(bureau.id, member, SpaceRole::Reader)
        .await
        .unwrap();
    let (_, outsider) = person_with_token(&app, "dehors@vercors.example", TokenScope::Write).await;

    let path = format!("/api/v1/spaces/{}/articles", bureau.slug);
    let (status, written) = send(
        &app,
        "POST",
        &path,
        &admin_token,
        article("Ordre du jour", "now"),
    )
    .await;
    assert_eq!(status, 201);
    let id = written["id"].as_i64().unwrap();

    let (_, spaces) = get(&app, "/api/v1/spaces", Some(&outsider)).await;
    assert!(
        spaces
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["slug"] != bureau.slug.as_str())
    );
    let (_, spaces) = get(&app, "/api/v1/spaces", Some(&member_token)).await;
    let listed = spaces
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == bureau.slug.as_str())
        .unwrap();
    assert_eq!(
        (listed["role"].as_str(), &listed["can_write"]),
        (Some("reader"), &json!(false))
    );

    let space_path = format!("/api/v1/spaces/{}", bureau.slug);
    let list_path = format!("/api/v1/articles?space={}", bureau.slug);
    let article_path = format!("/api/v1/articles/{id}");
    for p in [&space_path, &list_path, &article_path] {
        assert_eq!(
            get(&app, p, Some(&outsider)).await.0,
            404,
            "{p} for an outsider"
        );
        assert_eq!(
            get(&app, p, Some(&member_token)).await.0,
            200,
            "{p} for a member"
        );
    }
    let (status, _) = send(
        &app,
        "PATCH",
        &article_path,
        &outsider,
        json!({"title": "x"}),
    )
    .await;
    assert_eq!(
        status, 404,
        "an outsider cannot even learn that the article exists"
    );
    let (_, public) = get(&app, "/api/v1/articles", None).await;
    assert!(
        public["items"].as_array().unwrap().is_empty(),
        "restricted news is not public news"
    );
    assert_eq!(
        get(&app, &list_path, None).await.0,
        401,
        "anonymous callers are asked for a token"
    );
}

#[tokio::test]
async fn a_directory_entry_shows_contact_details_only_to_those_the_permission_core_allows() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let engins = app
        .store
        .commune(t, &InseeCode::parse("38153").unwrap())
        .await
        .unwrap()
        .unwrap();
    let mayor = app
        .store
        .create_account(Some(t), "Agnès BOUVIER", "maire@engins.example")
        .await
        .unwrap();
    app.store
        .add_mandate(&NewMandate {
            person_id: mayor.person_id,
            territory_id: t,
            commune_id: Some(engins.id),
            role: Role::MunicipalCouncillor,
            function: Some(Function::Mayor),
            organisation: None,
            start: chrono::NaiveDate::from_ymd_opt(2020, 5, 23).unwrap(),
        })
        .await
        .unwrap();
    let (_, inhabitant) =
        person_with_token(&app, "habitant@vercors.example", TokenScope::Read).await;
    let (_, admin) = admin_with_token(&app).await;

    let path = format!("/api/v1/people/{}", mayor.person_id);
    let (status, entry) = get(&app, &path, Some(&inhabitant)).await;
    assert_eq!(status, 200);
    assert_eq!(entry["name"], "Agnès BOUVIER");
    assert_eq!(entry["mandates"][0]["function"], "mayor");
    assert_eq!(entry["mandates"][0]["commune"], "38153");
    assert!(
        entry.get("email").is_none(),
        "no contact details for an inhabitant: {entry}"
    );
    let (_, entry) = get(&app, &path, Some(&admin)).await;
    assert_eq!(entry["email"], "maire@engins.example");

    let (_, council) = get(&app, "/api/v1/communes/38153", None).await;
    assert_eq!(council["council"][0]["name"], "Agnès BOUVIER");
    assert_eq!(council["council"][0]["function"], "mayor");

    let (_, staff) = person_with_token(&app, "agent@vercors.example", TokenScope::Read).await;
    let staff_id = app
        .store
        .account_by_email("agent@vercors.example")
        .await
        .unwrap()
        .unwrap()
        .person_id;
    assert_eq!(
        get(
            &app,
            &format!("/api/v1/people/{staff_id}"),
            Some(&inhabitant)
        )
        .await
        .0,
        404
    );
    assert_eq!(
        get(&app, &format!("/api/v1/people/{staff_id}"), Some(&admin))
            .await
            .0,
        200
    );
    assert_eq!(get(&app, "/api/v1/people/nope", Some(&staff)).await.0, 404);
}

// ----- writing news

#[tokio::test]
async fn an_article_is_written_changed_and_published_and_publishing_it_again_is_a_conflict() {
    let app = TestApp::spawn().await;
    let (admin, token) = admin_with_token(&app).await;
    let eau = space(&app, "Commission eau", Visibility::Public).await;
    app.store
        .set_membership(eau.id, admin, SpaceRole::Facilitator)
        .await
        .unwrap();

    let response = app
        .client
        .post(app.url(&format!("/api/v1/spaces/{}/articles", eau.slug)))
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .body(article("Enquête publique", "draft").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let draft: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let id = draft["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/articles/{id}"));
    assert_eq!(draft["status"], "draft");
    assert_eq!(
        draft["body_html"],
        "<p>Le <strong>zonage</strong> d’assainissement.</p>\n"
    );
    assert_eq!(draft["communes"], json!(["38153"]));
    assert_eq!(draft["author"]["id"], admin);
    assert_eq!(
        get(&app, &location, None).await.0,
        404,
        "a draft is not public"
    );
    assert_eq!(
        get(&app, &location, Some(&token)).await.0,
        200,
        "its writer reads it"
    );

    let (status, published) = call(
        &app,
        "POST",
        &format!("{location}/publish"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (status, published["status"].as_str()),
        (200, Some("published"))
    );
    let publish_at = published["publish_at"].as_str().unwrap().to_owned();
    assert!(publish_at.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(&publish_at).is_ok());
    let (status, error) = call(
        &app,
        "POST",
        &format!("{location}/publish"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("already_published"))
    );

    let (status, changed) = send(
        &app,
        "PATCH",
        &location,
        &token,
        json!({"title": "Enquête publique prolongée", "publish": "now"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(changed["title"], "Enquête publique prolongée");
    assert_eq!(
        changed["publish_at"],
        publish_at.as_str(),
        "a correction keeps the publication date"
    );
    assert_eq!(
        changed["communes"],
        json!(["38153"]),
        "fields left out stay"
    );

    let (_, public) = get(&app, "/api/v1/articles", None).await;
    assert_eq!(public["items"][0]["id"], id);
    assert_eq!(public["next_page"], Value::Null);
    let (_, page) = app.page("/actualites").await;
    assert!(
        page.contains("Enquête publique prolongée"),
        "the portal shows it too"
    );

    let future = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let path = format!("/api/v1/spaces/{}/articles", eau.slug);
    let (status, scheduled) = send(&app, "POST", &path, &token, json!({"title": "Plus tard", "body": "Bientôt", "publish": "schedule", "publish_at": future})).await;
    assert_eq!(
        (status, scheduled["status"].as_str()),
        (201, Some("scheduled"))
    );
    let (_, public) = get(&app, "/api/v1/articles", None).await;
    assert_eq!(
        public["items"].as_array().unwrap().len(),
        1,
        "a scheduled article is not live yet"
    );
    let (_, mine) = get(
        &app,
        &format!("/api/v1/articles?space={}", eau.slug),
        Some(&token),
    )
    .await;
    assert_eq!(
        mine["items"].as_array().unwrap().len(),
        2,
        "its writers see it in the space's list"
    );
    let (status, live) = call(
        &app,
        "POST",
        &format!("/api/v1/articles/{}/publish", scheduled["id"]),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (status, live["status"].as_str()),
        (200, Some("published")),
        "publishing a scheduled article makes it live now"
    );
}

#[tokio::test]
async fn wrong_fields_are_refused_with_a_message_for_each_and_malformed_bodies_never_fail_the_server()
 {
    let app = TestApp::spawn().await;
    let (admin, token) = admin_with_token(&app).await;
    let eau = space(&app, "Commission eau", Visibility::Public).await;
    app.store
        .set_membership(eau.id, admin, SpaceRole::Facilitator)
        .await
        .unwrap();
    let path = format!("/api/v1/spaces/{}/articles", eau.slug);

    let body = json!({
        "title": "   ",
        "body": "x".repeat(50_001),
        "communes": ["38153", "99999"],
        "publish": "later",
        "colour": "blue",
    });
    let (status, error) = send(&app, "POST", &path, &token, body).await;
    assert_eq!(status, 422);
    assert_eq!(error["code"], "invalid_fields");
    let fields = error["fields"].as_object().unwrap();
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(names, ["body", "colour", "communes", "publish", "title"]);
    assert_eq!(fields["title"], "Indiquez un titre.");
    assert_eq!(
        fields["communes"],
        "«\u{202f}99999\u{202f}» n’est pas le code INSEE d’une commune du territoire."
    );

    let past = json!({"title": "T", "body": "B", "publish": "schedule", "publish_at": "2020-01-01T00:00:00Z"});
    let (_, error) = send(&app, "POST", &path, &token, past).await;
    assert!(
        error["fields"]["publish_at"]
            .as_str()
            .unwrap()
            .starts_with("Cette date est passée")
    );
    let wrong_types =
        json!({"title": 3, "body": ["B"], "communes": "38153", "publish_at": "demain"});
    let (_, error) = send(&app, "POST", &path, &token, wrong_types).await;
    assert_eq!(error["fields"].as_object().unwrap().len(), 4, "{error}");

    let response = app
        .client
        .post(app.url(&path))
        .header("Authorization", format!("Bearer {token}"))
        .header("Accept-Language", "en-GB")
        .body(r#"{"title": "#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let error: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(error["code"], "malformed_json");
    assert_eq!(
        error["message"],
        "The request body must be a valid JSON object."
    );
    for body in ["[]", "null", "\"x\"", ""] {
        let (status, error) = call(&app, "POST", &path, Some(&token), Some(body.into())).await;
        assert_eq!(
            (status, error["code"].as_str()),
            (400, Some("malformed_json")),
            "{body:?}"
        );
    }
    let huge = format!(r#"{{"title": "T", "body": "{}"}}"#, "x".repeat(300_000));
    let (status, error) = call(&app, "POST", &path, Some(&token), Some(huge)).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (413, Some("payload_too_large"))
    );

    let (status, error) = get(&app, "/api/v1/articles?page=0", None).await;
    assert_eq!((status, error["fields"]["page"].is_string()), (422, true));
    assert_eq!(get(&app, "/api/v1/articles/abc", None).await.0, 404);
    let (status, error) = get(&app, "/api/v1/nowhere", None).await;
    assert_eq!((status, error["code"].as_str()), (404, Some("not_found")));
    let (status, error) = call(&app, "DELETE", "/api/v1/territory", Some(&token), None).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    assert!(
        app.store
            .public_articles(territory_id(&app).await, 10, 0)
            .await
            .unwrap()
            .is_empty()
    );
}

// ----- the document and a property-based client

#[tokio::test]
async fn the_openapi_document_is_served_as_openapi_3_1_and_lists_every_path() {
    let app = TestApp::spawn().await;
    let (status, doc) = get(&app, "/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/territory", "get"),
        ("/api/v1/communes", "get"),
        ("/api/v1/communes/{insee}", "get"),
        ("/api/v1/spaces", "get"),
        ("/api/v1/spaces/{slug}", "get"),
        ("/api/v1/spaces/{slug}/articles", "post"),
        ("/api/v1/people/{id}", "get"),
        ("/api/v1/articles", "get"),
        ("/api/v1/articles/{id}", "get"),
        ("/api/v1/articles/{id}", "patch"),
        ("/api/v1/articles/{id}/publish", "post"),
        ("/api/v1/search", "get"),
    ] {
        assert!(paths[path].get(method).is_some(), "{method} {path}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["type"],
        "http"
    );
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

/// The examples schemathesis draws per operation; its seed, fixed so that a
/// failure can be replayed (`COMCOM_SCHEMATHESIS_SEED` chooses another).
const EXAMPLES: &str = "8";
const SEED: &str = "20261204";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_no_answer_off_the_schema() {
    let app = TestApp::spawn().await;
    let (admin, token) = admin_with_token(&app).await;
    let eau = space(&app, "Commission eau", Visibility::Public).await;
    app.store
        .set_membership(eau.id, admin, SpaceRole::Facilitator)
        .await
        .unwrap();
    let bureau = space(&app, "Bureau", Visibility::Restricted).await;
    let path = format!("/api/v1/spaces/{}/articles", eau.slug);
    assert_eq!(
        send(&app, "POST", &path, &token, article("Enquête", "now"))
            .await
            .0,
        201
    );
    let path = format!("/api/v1/spaces/{}/articles", bureau.slug);
    assert_eq!(
        send(
            &app,
            "POST",
            &path,
            &token,
            article("Ordre du jour", "draft")
        )
        .await
        .0,
        201
    );

    let seed = std::env::var("COMCOM_SCHEMATHESIS_SEED").unwrap_or_else(|_| SEED.to_owned());
    // Its caches (.schemathesis, .hypothesis) go to a folder of its own.
    let workdir = tempfile::tempdir().unwrap();
    // Through `python3`, the interpreter `scripts/test-deps.sh` installs into,
    // whether or not its scripts folder is on the PATH.
    let mut command = tokio::process::Command::new("python3");
    command
        .args([
            "-c",
            "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
        ])
        .arg("run")
        .arg(app.url("/api/v1/openapi.json"))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--max-examples", EXAMPLES, "--seed", &seed])
        // Every check but one: the schema cannot say that a date must be
        // in the future or a code one of the territory's communes, so
        // schema-valid bodies are rightly refused with 422.
        .args([
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
        ])
        .args([
            "--request-timeout",
            "10",
            "--max-failures",
            "10",
            "--no-color",
        ])
        .current_dir(workdir.path())
        .kill_on_drop(true);
    let run = tokio::time::timeout(Duration::from_secs(150), command.output()).await;
    let output = run
        .expect("schemathesis ends within 150 s")
        .expect("schemathesis runs (install it with scripts/test-deps.sh)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found problems (seed {seed}):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("22 selected / 22 total"),
        "every operation is tested:\n{stdout}"
    );
}
