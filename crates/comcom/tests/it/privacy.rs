//! Data protection (issue 5): the personal data export, read back by
//! Python's own `zipfile` and `json`, holds the person's records and no
//! secret; a deletion request, confirmed and carried out by an
//! administrator, removes the personal fields; both are audited.

use comcom_core::{SpaceRole, Visibility};
use comcom_store::articles::{ArticleDraft, ArticleImage, ArticleStatus};
use comcom_store::audit::AuditFilter;
use comcom_store::tokens::TokenScope;

use crate::helpers::{Browser, TestApp};
use crate::members::{account, audit_kinds, space, territory_id};

/// Reads a ZIP with Python's `zipfile` (testing every CRC) and returns
/// {name: parsed JSON, or the size of a non-JSON file}.
async fn python_unzip(bytes: &[u8]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.zip");
    std::fs::write(&path, bytes).unwrap();
    let script = r#"
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    assert bad is None, bad
    out = {}
    for info in z.infolist():
        data = z.read(info)
        out[info.filename] = json.loads(data) if info.filename.endswith(".json") else len(data)
print(json.dumps(out))
"#;
    let output = tokio::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .await
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A PNG of one pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[tokio::test]
async fn the_export_holds_the_persons_records_and_files_and_no_secret() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let anne = account(&app, "Anne Rivière", "anne@vercors.example").await;
    let password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2VsLXNlbC1zZWw$aGFzaC1oYXNoLWhhc2g";
    app.store
        .set_password_hash(anne.person_id, password_hash)
        .await
        .unwrap();
    app.store
        .update_profile(anne.person_id, "Anne Rivière", Some("04 76 00 00 00"), "fr")
        .await
        .unwrap();
    let voirie = space(&app, "Voirie", anne.person_id).await;
    let (_, api_secret) = app
        .store
        .create_api_token(anne.person_id, "Tableur", TokenScope::Read)
        .await
        .unwrap();
    let article = app
        .store
        .create_article(
            t,
            voirie.id,
            Some(anne.person_id),
            &ArticleDraft {
                title: "Travaux sur la RD 531",
                body: "La route est **fermée** la nuit.",
                status: ArticleStatus::Published,
                publish_at: None,
                communes: &[],
            },
            Some(&ArticleImage {
                bytes: PNG.to_vec(),
                content_type: "image/png".to_owned(),
                alt: "La route".to_owned(),
            }),
        )
        .await
        .unwrap();

    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, anne.person_id).await;
    let session_secret = browser.cookie("comcom_session").unwrap().to_owned();
    let page = browser.get("/profil/donnees").await;
    assert_eq!(browser.last_status, 200);
    assert!(page.contains("Télécharger mes données"));
    assert!(page.contains("article 17, paragraphe 3, b"));

    let response = app
        .client
        .get(app.url("/profil/donnees/export.zip"))
        .header("Cookie", format!("comcom_session={session_secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"comcom-donnees-")
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    let files = python_unzip(&bytes).await;

    let person = &files["person.json"][0];
    assert_eq!(person["display_name"], "Anne Rivière");
    assert_eq!(person["email"], "anne@vercors.example");
    assert_eq!(person["phone"], "04 76 00 00 00");
    assert!(person.get("password_hash").is_none());
    assert_eq!(files["memberships.json"][0]["space"], "Voirie");
    assert_eq!(files["memberships.json"][0]["role"], "facilitator");
    assert_eq!(files["api_tokens.json"][0]["name"], "Tableur");
    assert_eq!(files["api_tokens.json"][0]["scope"], "read");
    assert_eq!(files["sessions.json"].as_array().unwrap().len(), 1);
    assert_eq!(files["articles.json"][0]["title"], "Travaux sur la RD 531");
    assert_eq!(files[format!("articles/{article}.png")], PNG.len());
    assert!(files["LISEZMOI.txt"].as_u64().unwrap() > 100);
    for name in [
        "mandates.json",
        "threads.json",
        "posts.json",
        "notifications.json",
    ] {
        assert!(files[name].is_array(), "{name}");
    }

    // No secret, in any form, anywhere in the archive.
    let text = String::from_utf8_lossy(&bytes);
    let hash = comcom_store::secrets::token_hash;
    for secret in [
        password_hash.to_owned(),
        api_secret.clone(),
        hash(&api_secret),
        session_secret.clone(),
        hash(&session_secret),
    ] {
        assert!(!text.contains(&secret), "a secret leaked: {secret}");
    }
    assert!(!text.contains("token_hash") && !text.contains("password_hash"));

    let exported = app
        .store
        .audit_events(
            &AuditFilter {
                kind: Some("privacy.exported".to_owned()),
                ..AuditFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(exported.len(), 1);
    assert_eq!(exported[0].actor_id, Some(anne.person_id));

    // Visitors get the login page, not someone's data.
    let visitor = app.get("/profil/donnees/export.zip").await;
    assert_eq!(visitor.status(), 303);
}

#[tokio::test]
async fn a_confirmed_deletion_request_carried_out_by_an_admin_removes_personal_fields() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let admin = account(&app, "Agent Com", "com@vercors.example").await;
    app.store
        .grant_admin(admin.person_id, Some(t))
        .await
        .unwrap();
    let paul = account(&app, "Paul Martin", "paul@lans.example").await;
    app.store
        .update_profile(paul.person_id, "Paul Martin", Some("06 00 00 00 00"), "fr")
        .await
        .unwrap();
    app.store
        .set_password_hash(paul.person_id, "$argon2id$fake")
        .await
        .unwrap();
    let voirie = space(&app, "Voirie", admin.person_id).await;
    app.store
        .set_membership(voirie.id, paul.person_id, SpaceRole::Member)
        .await
        .unwrap();
    app.store
        .create_api_token(paul.person_id, "Script", TokenScope::Write)
        .await
        .unwrap();
    let article = app
        .store
        .create_article(
            t,
            voirie.id,
            Some(paul.person_id),
            &ArticleDraft {
                title: "Compte rendu",
                body: "Texte.",
                status: ArticleStatus::Published,
                publish_at: None,
                communes: &[],
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(voirie.visibility, Visibility::Restricted);

    let mut paul_browser = Browser::new(&app);
    paul_browser.sign_in_as(&app, paul.person_id).await;
    paul_browser.get("/profil/donnees").await;
    let page = paul_browser.post("/profil/donnees/suppression", &[]).await;
    assert_eq!(
        paul_browser.last_status, 422,
        "the confirmation is required"
    );
    assert!(page.contains("Cochez la case pour confirmer votre demande."));
    assert!(
        app.store
            .pending_deletion_request(paul.person_id)
            .await
            .unwrap()
            .is_none()
    );
    paul_browser
        .post("/profil/donnees/suppression", &[("confirm", "oui")])
        .await;
    assert_eq!(
        paul_browser.last_location.as_deref(),
        Some("/profil/donnees?fait=demande")
    );
    let page = paul_browser.get("/profil/donnees").await;
    assert!(page.contains("Demande de suppression en attente"));

    let mut admin_browser = Browser::new(&app);
    admin_browser.sign_in_as(&app, admin.person_id).await;
    let list = admin_browser.get("/admin/suppressions").await;
    assert_eq!(admin_browser.last_status, 200);
    assert!(list.contains("Paul Martin") && list.contains("En attente"));
    let request = app
        .store
        .pending_deletion_request(paul.person_id)
        .await
        .unwrap()
        .unwrap();
    // Paul cannot carry out his own request.
    paul_browser
        .post(
            &format!("/admin/suppressions/{}/effectuer", request.id),
            &[],
        )
        .await;
    assert_eq!(paul_browser.last_status, 403);
    admin_browser
        .post(
            &format!("/admin/suppressions/{}/effectuer", request.id),
            &[],
        )
        .await;
    assert_eq!(
        admin_browser.last_location.as_deref(),
        Some("/admin/suppressions?fait=suppression")
    );

    let person = app.store.person(paul.person_id).await.unwrap().unwrap();
    assert_eq!(person.display_name, "Personne supprimée");
    assert_eq!(person.email, None);
    assert_eq!(person.phone, None);
    assert_eq!(person.surname, "");
    let account = app.store.account(paul.person_id).await.unwrap().unwrap();
    assert_eq!(account.password_hash, None);
    assert!(
        app.store
            .api_tokens_of(paul.person_id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        app.store
            .memberships_of(paul.person_id)
            .await
            .unwrap()
            .is_empty()
    );
    // His session is over.
    paul_browser.get("/profil").await;
    assert_eq!(paul_browser.last_status, 303);
    // What he published stays, attributed to the deleted person.
    let kept = app.store.article(article).await.unwrap().unwrap();
    assert_eq!(kept.author_id, Some(paul.person_id));
    // Carried out once.
    admin_browser.get("/admin/suppressions").await;
    admin_browser
        .post(
            &format!("/admin/suppressions/{}/effectuer", request.id),
            &[],
        )
        .await;
    assert_eq!(admin_browser.last_status, 404);

    assert_eq!(
        audit_kinds(&app, paul.person_id).await,
        ["privacy.deletion_requested", "privacy.person_deleted"]
    );
    let log = admin_browser.get("/admin/journal?genre=privacy.").await;
    assert!(log.contains("Données personnelles supprimées"));
    assert!(log.contains("Personne supprimée"));
    assert!(
        !log.contains("Paul Martin"),
        "the log shows no deleted name"
    );
}

#[tokio::test]
async fn an_elected_officials_name_and_rne_mandates_stay_after_deletion() {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let bytes = std::fs::read(
        crate::helpers::repo_root().join("../shared/data/elus/elus-municipaux-vercors.csv"),
    )
    .unwrap();
    app.store
        .import_elus(
            &bytes,
            comcom_store::people::ImportOptions {
                dry_run: false,
                today: chrono::Utc::now().date_naive(),
            },
        )
        .await
        .unwrap()
        .unwrap();
    let engins = crate::members::commune_id(&app, "38153").await;
    let mayor = app
        .store
        .municipal_council(engins)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.function == comcom_core::Function::Mayor)
        .unwrap();
    app.store
        .attach_email(mayor.person_id, "maire@engins.example")
        .await
        .unwrap();
    let actor = comcom_store::audit::Actor::default();
    assert!(
        app.store
            .request_deletion(mayor.person_id, Some(t), &actor)
            .await
            .unwrap()
    );
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, mayor.person_id).await;
    let page = browser.get("/profil/donnees").await;
    assert!(page.contains("votre nom et ces mandats resteront affichés"));
    let request = app
        .store
        .pending_deletion_request(mayor.person_id)
        .await
        .unwrap()
        .unwrap();
    assert!(request.elected);
    let outcome = app
        .store
        .carry_out_deletion(request.id, t, &actor)
        .await
        .unwrap()
        .unwrap();
    assert!(outcome.name_kept);
    let person = app.store.person(mayor.person_id).await.unwrap().unwrap();
    assert_eq!(person.display_name, mayor.display_name);
    assert_eq!(person.email, None);
    assert_eq!(
        app.store
            .current_mandates_of_person(mayor.person_id)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// Uploads through the multipart form of `page` (the folder, or a
/// document's page for a new version).
async fn upload_file(b: &mut Browser, page: &str, name: &str, bytes: Vec<u8>) {
    let html = b.get(page).await;
    let action = Browser::form_action(&html);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    b.post_multipart(&action, form).await;
    assert_eq!(b.last_status, 303, "{name} uploaded");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn the_export_holds_the_documents_one_uploaded_and_after_deletion_they_stay_by_a_former_member()
 {
    let app = TestApp::spawn().await;
    let t = territory_id(&app).await;
    let admin = account(&app, "Agent Com", "com@vercors.example").await;
    app.store
        .grant_admin(admin.person_id, Some(t))
        .await
        .unwrap();
    let paul = account(&app, "Paul Martin", "paul@lans.example").await;
    let voirie = space(&app, "Voirie", admin.person_id).await;
    app.store
        .set_membership(voirie.id, paul.person_id, SpaceRole::Member)
        .await
        .unwrap();
    let mut paul_browser = Browser::new(&app);
    paul_browser.sign_in_as(&app, paul.person_id).await;
    let mut admin_browser = Browser::new(&app);
    admin_browser.sign_in_as(&app, admin.person_id).await;
    let top = format!("/espaces/{}/documents", voirie.slug);

    // Paul uploads a plan (6 MB, several storage parts) and a new version;
    // the administrator adds a third version, which is not Paul's.
    let first: Vec<u8> = (0..6_000_000u32)
        .flat_map(|i| format!("{};", i % 997).into_bytes())
        .take(6_000_000)
        .collect();
    let second = b"x;y\n1;2\n".to_vec();
    upload_file(&mut paul_browser, &top, "Plan voirie.csv", first.clone()).await;
    let document = app
        .store
        .documents_in(voirie.id, None)
        .await
        .unwrap()
        .remove(0);
    let page = format!("{top}/{}", document.id);
    upload_file(&mut paul_browser, &page, "plan v2.csv", second.clone()).await;
    upload_file(&mut admin_browser, &page, "plan v3.csv", b"a;b\n".to_vec()).await;

    // The export lists Paul's two versions with their files, byte for byte.
    let response = app
        .client
        .get(app.url("/profil/donnees/export.zip"))
        .header(
            "Cookie",
            format!(
                "comcom_session={}",
                paul_browser.cookie("comcom_session").unwrap()
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let files = python_unzip(&bytes).await;
    let listed = files["documents.json"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    for (entry, (bytes, current)) in listed.iter().zip([(&first, 0), (&second, 0)]) {
        assert_eq!(entry["document"], "Plan voirie.csv");
        assert_eq!(entry["space"], "Voirie");
        assert_eq!(entry["is_current"], current, "version 3 is current");
        assert_eq!(entry["sha256"], sha256_hex(bytes).as_str());
        assert!(entry.get("object_key").is_none(), "no storage key");
        let file = entry["file"].as_str().unwrap();
        assert_eq!(files[file], bytes.len(), "{file}");
    }
    assert_eq!(listed[0]["original_name"], "Plan voirie.csv");
    assert_eq!(listed[1]["original_name"], "plan v2.csv");
    assert!(
        !files.as_object().unwrap().keys().any(|k| k.contains("v3")),
        "not the administrator's version"
    );

    // Deleted: the document stays in the space, its versions by « ancien membre ».
    paul_browser.get("/profil/donnees").await;
    paul_browser
        .post("/profil/donnees/suppression", &[("confirm", "oui")])
        .await;
    let request = app
        .store
        .pending_deletion_request(paul.person_id)
        .await
        .unwrap()
        .unwrap();
    admin_browser.get("/admin/suppressions").await;
    admin_browser
        .post(
            &format!("/admin/suppressions/{}/effectuer", request.id),
            &[],
        )
        .await;
    assert_eq!(admin_browser.last_status, 303);
    let versions = app.store.document_versions(document.id).await.unwrap();
    assert_eq!(versions.len(), 3, "the group keeps every version");
    let uploaders: Vec<Option<i64>> = versions.iter().map(|v| v.uploaded_by).collect();
    assert_eq!(uploaders, [Some(admin.person_id), None, None]);
    let shown = admin_browser.get(&page).await;
    assert_eq!(shown.matches("ancien membre").count(), 2, "{shown}");
    assert!(!shown.contains("Paul Martin"));
    admin_browser
        .get(&format!("{page}/versions/{}/telecharger", versions[2].id))
        .await;
    assert_eq!(admin_browser.last_status, 200, "the file is still there");
}
