//! Writes that arrive at the same moment wait for each other instead of
//! failing: on SQLite every write transaction takes the lock up front
//! (`BEGIN IMMEDIATE`), so the busy timeout applies.

use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::spaces::NewSpace;

use crate::helpers::{Browser, TestApp};

#[tokio::test]
async fn ten_uploads_at_once_all_succeed_and_are_all_listed() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Commission déchets",
            description: "",
        })
        .await
        .unwrap();
    let person = app
        .store
        .create_account(Some(t.id), "Agent", "agent@vercors.example")
        .await
        .unwrap()
        .person_id;
    app.store
        .set_membership(space.id, person, SpaceRole::Member)
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, person).await;
    let top = format!("/espaces/{}/documents", space.slug);
    let action = Browser::form_action(&browser.get(&top).await);
    let cookie = format!(
        "comcom_session={}; comcom_csrf={}",
        browser.cookie("comcom_session").unwrap(),
        browser.cookie("comcom_csrf").unwrap()
    );

    let mut uploads = tokio::task::JoinSet::new();
    for i in 0..10 {
        let request = app
            .client
            .post(app.url(&action))
            .header("Cookie", &cookie)
            .multipart(
                reqwest::multipart::Form::new().part(
                    "file",
                    reqwest::multipart::Part::bytes(format!("Compte rendu n° {i}\n").into_bytes())
                        .file_name(format!("compte-rendu-{i}.txt")),
                ),
            );
        uploads.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let statuses = uploads.join_all().await;
    assert_eq!(statuses, vec![303; 10]);
    let listing = browser.get(&top).await;
    for i in 0..10 {
        assert!(
            listing.contains(&format!(">compte-rendu-{i}.txt</a>")),
            "compte-rendu-{i}.txt listed"
        );
    }
}
