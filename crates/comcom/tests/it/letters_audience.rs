//! A letter's audience never reveals a restricted space to an editor who is
//! not part of it: the form does not offer it and the API refuses its code,
//! so its members' names and addresses stay out of the recipient preview.

use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::spaces::NewSpace;
use comcom_store::tokens::TokenScope;
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp};

async fn working_group(app: &TestApp, name: &str, visibility: Visibility) -> (i64, String) {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility,
            name,
            description: "",
        })
        .await
        .unwrap();
    (space.id, space.slug)
}

async fn post_letter(app: &TestApp, token: &str, audience: &[&str]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/letters"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Accept-Language", "fr")
        .header("Content-Type", "application/json")
        .body(json!({"subject": "Lettre", "body": "Texte", "audience": audience}).to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn an_editor_targets_only_the_spaces_they_may_see() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let editor = app
        .store
        .create_account(Some(t.id), "Bob Éditeur", "bob@vercors.example")
        .await
        .unwrap()
        .person_id;
    app.store.add_letter_editor(t.id, editor).await.unwrap();
    let secret_member = app
        .store
        .create_account(Some(t.id), "Anne Secrète", "anne.secrete@vercors.example")
        .await
        .unwrap()
        .person_id;
    let (secret_id, secret) =
        working_group(&app, "Groupe confidentiel", Visibility::Restricted).await;
    app.store
        .set_membership(secret_id, secret_member, SpaceRole::Member)
        .await
        .unwrap();
    let (own_id, own) = working_group(&app, "Groupe de Bob", Visibility::Restricted).await;
    app.store
        .set_membership(own_id, editor, SpaceRole::Member)
        .await
        .unwrap();

    // The form offers his own group, not the other one.
    let mut bob = Browser::new(&app);
    bob.sign_in_as(&app, editor).await;
    let form = bob.get("/lettres/nouvelle").await;
    assert_eq!(bob.last_status, 200);
    assert!(form.contains("Groupe de Bob"));
    assert!(!form.contains("Groupe confidentiel"));
    assert!(!form.contains(&format!("a-space-{secret_id}")));
    // A crafted form field for it adds no recipient.
    bob.post(
        "/lettres/nouvelle",
        &[
            ("subject", "Essai"),
            ("body", "Texte"),
            (&format!("a-space-{secret_id}"), "1"),
        ],
    )
    .await;
    assert_ne!(bob.last_status, 500);
    let page = bob.get("/lettres").await;
    assert!(!page.contains("anne.secrete@vercors.example"));

    // The API refuses the hidden space's code like an unknown one.
    let (_, token) = app
        .store
        .create_api_token(editor, "lettres", TokenScope::Write)
        .await
        .unwrap();
    let (status, error) = post_letter(&app, &token, &[&format!("space:{secret}")]).await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error["fields"]["audience"]
            .as_str()
            .unwrap()
            .contains(&secret)
    );
    let (unknown_status, _) = post_letter(&app, &token, &["space:nexiste-pas"]).await;
    assert_eq!(
        unknown_status, status,
        "the same answer as a space that does not exist"
    );
    let (status, created) = post_letter(&app, &token, &[&format!("space:{own}")]).await;
    assert_eq!(status, 201, "{created}");

    // Limits are written as French numbers.
    let response = app
        .client
        .post(app.url("/api/v1/letters"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Accept-Language", "fr")
        .header("Content-Type", "application/json")
        .body(
            json!({"subject": "Lettre", "body": "é".repeat(50_001), "audience": ["mayors"]})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let error: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(
        error["fields"]["body"],
        "Le texte ne peut dépasser 50\u{202f}000 caractères."
    );
}

#[tokio::test]
async fn a_letter_to_nobody_reachable_is_refused_and_stays_a_draft() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let editor = app
        .store
        .create_account(Some(t.id), "Bob Éditeur", "bob@vercors.example")
        .await
        .unwrap()
        .person_id;
    app.store.add_letter_editor(t.id, editor).await.unwrap();
    let (space_id, slug) = working_group(&app, "Groupe sans adresses", Visibility::Public).await;
    let person = app
        .store
        .create_named_person(Some(t.id), "Sans Adresse")
        .await
        .unwrap();
    app.store
        .set_membership(space_id, person, SpaceRole::Member)
        .await
        .unwrap();
    let (_, token) = app
        .store
        .create_api_token(editor, "lettres", TokenScope::Write)
        .await
        .unwrap();
    let (status, created) = post_letter(&app, &token, &[&format!("space:{slug}")]).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let response = app
        .client
        .post(app.url(&format!("/api/v1/letters/{id}/send")))
        .header("Authorization", format!("Bearer {token}"))
        .header("Accept-Language", "fr")
        .header("Content-Type", "application/json")
        .body(json!({"when": "now"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let error: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert!(
        error["fields"]["audience"]
            .as_str()
            .unwrap()
            .starts_with("Personne n’est joignable"),
        "{error}"
    );
    // The form says the same, and the letter stays a draft.
    let mut bob = Browser::new(&app);
    bob.sign_in_as(&app, editor).await;
    bob.get(&format!("/lettres/{id}/gestion")).await;
    let page = bob
        .post(&format!("/lettres/{id}/envoi"), &[("when", "now")])
        .await;
    assert!(page.contains("Personne n’est joignable"), "{page}");
    let letter = app.store.letter(id).await.unwrap().unwrap();
    assert!(letter.status.is_editable());
}
