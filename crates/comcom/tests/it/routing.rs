//! Several territories on one instance: the Host picks the territory, links
//! come from configured addresses only.

use crate::helpers::TestApp;

const AJACCIO: &str = "242010056";

#[tokio::test]
async fn a_territory_is_served_at_its_own_configured_host() {
    let app =
        TestApp::spawn_with(&["243801024", AJACCIO], Some("https://vercors.example.fr")).await;
    let ajaccio = app
        .store
        .territories()
        .await
        .unwrap()
        .into_iter()
        .nth(1)
        .unwrap();
    let url = url::Url::parse("https://pays-ajaccien.example.fr").unwrap();
    app.store.set_public_url(ajaccio.id, &url).await.unwrap();

    let body = app
        .client
        .get(app.url("/communes/2A004"))
        .header("Host", "Pays-Ajaccien.example.fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(body.contains("<h1>Ajaccio</h1>"));
    assert!(body.contains(
        r#"<link rel="canonical" href="https://pays-ajaccien.example.fr/communes/2A004">"#
    ));
}

#[tokio::test]
async fn an_unknown_host_gets_the_first_territory_with_links_from_the_configuration() {
    let app =
        TestApp::spawn_with(&["243801024", AJACCIO], Some("https://vercors.example.fr")).await;

    let body = app
        .client
        .get(app.url("/"))
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(body.contains("<h1>CC du Massif du Vercors</h1>"));
    assert!(body.contains(r#"href="https://vercors.example.fr/""#));
    assert!(!body.contains("evil.example"));
}

#[tokio::test]
async fn an_instance_without_territory_says_how_to_add_one() {
    let app = TestApp::spawn_with(&[], None).await;
    let (status, body) = app.page("/").await;
    assert_eq!(status, 503);
    assert!(body.contains("comcom init --epci SIREN"));
}
