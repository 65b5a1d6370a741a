//! The territory's and spaces' feeds, read back by Python's feedparser
//! (`tests/check_feed.py`), an independent reader.

use comcom_core::{SpaceKind, Visibility};
use comcom_store::articles::{ArticleDraft, ArticleStatus, ImageChange};
use comcom_store::spaces::NewSpace;

use crate::helpers::{TestApp, repo_root};

async fn publish(app: &TestApp, visibility: Visibility, name: &str, title: &str) -> (String, i64) {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility,
            name,
            description: "",
        })
        .await
        .unwrap();
    let draft = ArticleDraft {
        title,
        body: "L’enquête porte sur le [zonage](/documents/zonage.pdf) d’assainissement & l’eau.",
        status: ArticleStatus::Published,
        publish_at: None,
        communes: &[],
    };
    let id = app
        .store
        .create_article(t.id, space.id, None, &draft, None)
        .await
        .unwrap();
    (space.slug, id)
}

fn parse(body: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.xml");
    std::fs::write(&file, body).unwrap();
    let output = std::process::Command::new("python3")
        .arg(repo_root().join("tests/check_feed.py"))
        .arg(&file)
        .output()
        .expect("python3 runs (scripts/test-deps.sh installs feedparser)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test]
async fn the_territory_feeds_carry_the_public_news_with_stable_ids_and_absolute_links() {
    let app = TestApp::spawn_with(&["243801024"], Some("https://vercors.example.fr")).await;
    let (_, id) = publish(
        &app,
        Visibility::Public,
        "Commission eau",
        "Enquête publique sur le zonage",
    )
    .await;
    publish(
        &app,
        Visibility::Restricted,
        "Bureau",
        "Note interne du bureau",
    )
    .await;

    let atom = app.get("/feed.atom").await;
    assert_eq!(
        atom.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let atom = parse(&atom.text().await.unwrap());
    assert_eq!(atom["version"], "atom10");
    assert_eq!(atom["bozo"], false);
    assert_eq!(
        atom["violations"].as_array().unwrap().len(),
        0,
        "{}",
        atom["violations"]
    );
    let entries = atom["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "only public news");
    let entry = &entries[0];
    assert_eq!(entry["title"], "Enquête publique sur le zonage");
    assert_eq!(
        entry["link"],
        format!("https://vercors.example.fr/espaces/commission-eau/actualites/{id}")
    );
    let entry_id = entry["id"].as_str().unwrap().to_owned();
    assert!(
        entry_id.starts_with("tag:vercors.example.fr,"),
        "{entry_id}"
    );
    assert!(
        entry["content"][0]["value"]
            .as_str()
            .unwrap()
            .contains(r#"href="https://vercors.example.fr/documents/zonage.pdf""#)
    );
    assert!(!entry["published_iso"].is_null() && !entry["updated_iso"].is_null());

    let rss = parse(&app.get("/feed.rss").await.text().await.unwrap());
    assert_eq!(rss["version"], "rss20");
    assert_eq!(rss["bozo"], false);
    assert_eq!(rss["entries"][0]["title"], "Enquête publique sur le zonage");
    assert_eq!(rss["entries"][0]["id"], entry_id);

    // A new title keeps the entry's id.
    let draft = ArticleDraft {
        title: "Enquête publique : dates",
        body: "Nouveau texte.",
        status: ArticleStatus::Published,
        publish_at: None,
        communes: &[],
    };
    app.store
        .update_article(id, &draft, ImageChange::Keep { alt: None })
        .await
        .unwrap();
    let again = parse(&app.get("/feed.atom").await.text().await.unwrap());
    assert_eq!(again["entries"][0]["title"], "Enquête publique : dates");
    assert_eq!(again["entries"][0]["id"], entry_id);
}

#[tokio::test]
async fn feeds_answer_conditional_requests_with_304() {
    let app = TestApp::spawn().await;
    publish(&app, Visibility::Public, "Commission eau", "Travaux").await;
    let first = app.get("/feed.atom").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();

    let by_etag = app
        .client
        .get(app.url("/feed.atom"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(by_etag.status(), 304);
    let by_date = app
        .client
        .get(app.url("/feed.atom"))
        .header("If-Modified-Since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(by_date.status(), 304);
    let stale = app
        .client
        .get(app.url("/feed.atom"))
        .header("If-None-Match", "\"autre\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
}

#[tokio::test]
async fn a_public_space_has_its_own_feeds_and_pages_announce_them() {
    let app = TestApp::spawn().await;
    let (public, _) = publish(&app, Visibility::Public, "Commission eau", "Travaux").await;
    let (restricted, _) = publish(&app, Visibility::Restricted, "Bureau", "Interne").await;

    let space = parse(
        &app.get(&format!("/espaces/{public}/feed.atom"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(space["entries"][0]["title"], "Travaux");
    assert_eq!(
        app.get(&format!("/espaces/{public}/feed.rss"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&format!("/espaces/{restricted}/feed.atom"))
            .await
            .status(),
        404
    );

    let (_, home) = app.page("/").await;
    assert!(home.contains(r#"<link rel="alternate" type="application/atom+xml""#));
    assert!(home.contains(r#"href="/feed.rss""#));
    let (_, page) = app.page(&format!("/espaces/{public}")).await;
    assert!(page.contains(&format!(r#"href="/espaces/{public}/feed.atom""#)));
}
