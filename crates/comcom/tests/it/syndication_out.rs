//! Outbound syndication: JSON Feed (checked by tests/check_json_feed.py),
//! category and commune feeds (feedparser), the interco zone in its three
//! forms, oEmbed, withdrawal, the charter and the approval queue.

use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::articles::{ArticleDraft, ArticleImage, ArticleStatus, ImageChange};
use comcom_store::spaces::{NewSpace, SpaceRecord};
use comcom_store::syndication::ApprovalMode;

use crate::helpers::{Browser, TestApp, repo_root};

const PUBLIC_URL: &str = "https://vercors.example.fr";
/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn space(app: &TestApp, name: &str, kind: SpaceKind, commune: Option<i64>) -> SpaceRecord {
    let t = app.store.first_territory().await.unwrap().unwrap();
    app.store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: commune,
            kind,
            visibility: Visibility::Public,
            name,
            description: "",
        })
        .await
        .unwrap()
}

async fn publish(app: &TestApp, space: &SpaceRecord, title: &str, communes: &[i64]) -> i64 {
    let draft = ArticleDraft {
        title,
        body: "L’enquête porte sur le [zonage](/documents/zonage.pdf) d’assainissement & l’eau.",
        status: ArticleStatus::Published,
        publish_at: None,
        communes,
    };
    app.store
        .create_article(space.territory_id, space.id, None, &draft, None)
        .await
        .unwrap()
}

async fn unpublish(app: &TestApp, id: i64, title: &str) {
    let draft = ArticleDraft {
        title,
        body: "Retiré.",
        status: ArticleStatus::Draft,
        publish_at: None,
        communes: &[],
    };
    app.store
        .update_article(id, &draft, ImageChange::Keep { alt: None })
        .await
        .unwrap();
}

fn run_checker(script: &str, body: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed");
    std::fs::write(&file, body).unwrap();
    let output = std::process::Command::new("python3")
        .arg(repo_root().join(script))
        .arg(&file)
        .output()
        .expect("python3 runs (scripts/test-deps.sh installs its packages)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn zone_of(app: &TestApp, insee: &str) -> String {
    app.page(&format!("/embed/zone.html?commune={insee}"))
        .await
        .1
}

async fn communes(app: &TestApp) -> Vec<comcom_store::CommuneRecord> {
    let t = app.store.first_territory().await.unwrap().unwrap();
    app.store.communes(t.id).await.unwrap()
}

#[tokio::test]
async fn the_json_feed_follows_the_specification_with_images_and_categories() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let id = publish(&app, &water, "Enquête publique sur le zonage", &[]).await;
    app.store
        .update_article(
            id,
            &ArticleDraft {
                title: "Enquête publique sur le zonage",
                body: "Texte & [lien](/documents/zonage.pdf).",
                status: ArticleStatus::Published,
                publish_at: None,
                communes: &[],
            },
            ImageChange::Replace(ArticleImage {
                bytes: PNG.to_vec(),
                content_type: "image/png".into(),
                alt: "La station d’épuration".into(),
            }),
        )
        .await
        .unwrap();
    let t = app.store.first_territory().await.unwrap().unwrap();
    let category = app
        .store
        .create_category(t.id, "Eau et assainissement")
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_article_categories(id, &[category.id])
        .await
        .unwrap();

    let response = app.get("/feed.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/feed+json; charset=utf-8"
    );
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let doc = run_checker("tests/check_json_feed.py", &response.text().await.unwrap());
    assert_eq!(doc["violations"], serde_json::json!([]), "{doc}");
    assert_eq!(doc["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(doc["feed_url"], format!("{PUBLIC_URL}/feed.json"));
    let item = &doc["items"][0];
    assert_eq!(item["title"], "Enquête publique sur le zonage");
    assert_eq!(
        item["url"],
        format!("{PUBLIC_URL}/espaces/commission-eau/actualites/{id}")
    );
    assert!(
        item["content_html"]
            .as_str()
            .unwrap()
            .contains(&format!(r#"href="{PUBLIC_URL}/documents/zonage.pdf""#)),
        "{item}"
    );
    assert_eq!(
        item["tags"],
        serde_json::json!(["Commission eau", "Eau et assainissement"])
    );
    assert_eq!(
        item["attachments"][0]["url"],
        format!("{PUBLIC_URL}/actualites/{id}/image")
    );
    assert_eq!(item["attachments"][0]["mime_type"], "image/png");

    // Conditional GET.
    let again = app
        .client
        .get(app.url("/feed.json"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // The space's, the category's and the commune's feeds, in the three formats.
    for path in [
        "/espaces/commission-eau/feed",
        "/categories/eau-et-assainissement/feed",
    ] {
        let json = app.get(&format!("{path}.json")).await.text().await.unwrap();
        let json = run_checker("tests/check_json_feed.py", &json);
        assert_eq!(json["violations"], serde_json::json!([]), "{path}: {json}");
        assert_eq!(json["items"].as_array().unwrap().len(), 1, "{path}");
        for ext in ["atom", "rss"] {
            let body = app
                .get(&format!("{path}.{ext}"))
                .await
                .text()
                .await
                .unwrap();
            let feed = run_checker("tests/check_feed.py", &body);
            assert_eq!(feed["bozo"], false, "{path}.{ext}");
            assert_eq!(
                feed["violations"].as_array().unwrap().len(),
                0,
                "{path}.{ext}: {}",
                feed["violations"]
            );
            assert_eq!(
                feed["entries"][0]["title"],
                "Enquête publique sur le zonage"
            );
            assert_eq!(
                feed["entries"][0]["enclosures"][0]["href"],
                format!("{PUBLIC_URL}/actualites/{id}/image"),
                "{path}.{ext}"
            );
        }
    }
    assert_eq!(
        app.get("/categories/inconnue/feed.json").await.status(),
        404
    );
    assert_eq!(
        app.get("/categories/eau-et-assainissement/feed.xml")
            .await
            .status(),
        404
    );

    // Autodiscovery on the pages that match.
    let (_, category_page) = app.page("/categories/eau-et-assainissement").await;
    assert!(category_page.contains(
        r#"type="application/feed+json" title="Actualités : Eau et assainissement (JSON Feed)" href="/categories/eau-et-assainissement/feed.json""#
            .replace(" : ", "\u{a0}: ")
            .as_str()
    ));
    let (_, article_page) = app
        .page(&format!("/espaces/commission-eau/actualites/{id}"))
        .await;
    assert!(
        article_page
            .contains(r#"<a href="/categories/eau-et-assainissement">Eau et assainissement</a>"#)
    );
    let (_, space_news) = app.page("/espaces/commission-eau/actualites").await;
    assert!(space_news.contains(r#"href="/espaces/commission-eau/feed.json""#));
    let (_, home) = app.page("/").await;
    assert!(home.contains(r#"type="application/feed+json""#));
}

#[tokio::test]
async fn a_commune_feed_carries_the_news_concerning_it() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let list = communes(&app).await;
    let (first, second) = (&list[0], &list[1]);
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    publish(&app, &water, "Travaux à la source", &[first.id]).await;
    publish(&app, &water, "Ailleurs", &[second.id]).await;
    let path = format!("/communes/{}/feed", first.insee_code);
    let json = app.get(&format!("{path}.json")).await.text().await.unwrap();
    let json = run_checker("tests/check_json_feed.py", &json);
    assert_eq!(json["violations"], serde_json::json!([]), "{json}");
    let titles: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Travaux à la source"]);
    let atom = run_checker(
        "tests/check_feed.py",
        &app.get(&format!("{path}.atom")).await.text().await.unwrap(),
    );
    assert_eq!(atom["version"], "atom10");
    assert_eq!(atom["entries"][0]["title"], "Travaux à la source");
    let (_, page) = app.page(&format!("/communes/{}", first.insee_code)).await;
    assert!(page.contains(&format!(r#"href="{path}.rss""#)), "{page}");
    assert!(page.contains(r#"type="application/json+oembed""#));
    assert_eq!(app.get("/communes/99999/feed.json").await.status(), 404);
}

#[tokio::test]
async fn the_six_zones_show_the_notice_and_lose_it_once_it_is_withdrawn() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let list = communes(&app).await;
    assert_eq!(list.len(), 6);
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let notice = publish(
        &app,
        &water,
        "Enquête publique sur le zonage d’assainissement",
        &[],
    )
    .await;
    let only_first = publish(&app, &water, "Fontaine de la place", &[list[0].id]).await;
    // A commune's own news is not the interco's.
    let commune_space = space(&app, "Mairie", SpaceKind::Commune, Some(list[1].id)).await;
    publish(&app, &commune_space, "Fête du village", &[]).await;

    for commune in &list {
        let path = format!("/embed/zone.html?commune={}", commune.insee_code);
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["access-control-allow-origin"], "*");
        assert_eq!(headers["cache-control"], "public, max-age=300");
        assert!(headers.get("set-cookie").is_none());
        assert!(headers.get("etag").is_some());
        let body = response.text().await.unwrap();
        assert!(
            body.contains("Enquête publique sur le zonage d’assainissement"),
            "{body}"
        );
        assert!(body.contains(&format!(
            r#"href="{PUBLIC_URL}/espaces/commission-eau/actualites/{notice}""#
        )));
        assert!(
            body.contains("Publié par CC du Massif du Vercors"),
            "{body}"
        );
        assert!(body.contains(&format!(r#"href="{PUBLIC_URL}/actualites""#)));
        assert!(!body.contains("Fête du village"));
        assert_eq!(
            body.contains("Fontaine de la place"),
            commune.id == list[0].id,
            "{}",
            commune.name
        );
    }
    // relevance=all shows the other communes' items too; limit cuts.
    let all = app
        .page(&format!(
            "/embed/zone.html?commune={}&relevance=all",
            list[2].insee_code
        ))
        .await
        .1;
    assert!(all.contains("Fontaine de la place"));
    let one = app
        .page(&format!(
            "/embed/zone.html?commune={}&relevance=all&limit=1",
            list[2].insee_code
        ))
        .await
        .1;
    assert_eq!(one.matches(r#"class="comcom-zone-item""#).count(), 1);
    let commune_only = app
        .page(&format!(
            "/embed/zone.html?commune={}&relevance=commune",
            list[0].insee_code
        ))
        .await
        .1;
    assert!(commune_only.contains("Fontaine de la place"));
    assert!(!commune_only.contains("Enquête publique"));

    // A conditional request within the cache period is answered 304.
    let first = app
        .get(&format!("/embed/zone.html?commune={}", list[0].insee_code))
        .await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url(&format!("/embed/zone.html?commune={}", list[0].insee_code)))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["access-control-allow-origin"], "*");

    // Corrected: the new title everywhere, and the feed's updated date moves.
    let before = run_checker(
        "tests/check_json_feed.py",
        &app.get("/feed.json").await.text().await.unwrap(),
    );
    let modified_before = before["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"].as_str().unwrap().ends_with(&format!("/{notice}")))
        .unwrap()["date_modified"]
        .clone();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.store
        .update_article(
            notice,
            &ArticleDraft {
                title: "Enquête publique : dates corrigées",
                body: "Du 5 au 20 janvier.",
                status: ArticleStatus::Published,
                publish_at: app.store.article(notice).await.unwrap().unwrap().publish_at,
                communes: &[],
            },
            ImageChange::Keep { alt: None },
        )
        .await
        .unwrap();
    let after = run_checker(
        "tests/check_json_feed.py",
        &app.get("/feed.json").await.text().await.unwrap(),
    );
    let item = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"].as_str().unwrap().ends_with(&format!("/{notice}")))
        .unwrap()
        .clone();
    assert_eq!(item["title"], "Enquête publique : dates corrigées");
    assert_ne!(item["date_modified"], modified_before);
    let changed = app
        .client
        .get(app.url(&format!("/embed/zone.html?commune={}", list[0].insee_code)))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200, "a changed zone is not 304");
    assert!(
        changed
            .text()
            .await
            .unwrap()
            .contains("Enquête publique : dates corrigées")
    );

    // Withdrawn: gone from every zone, frame, feed and oEmbed at once.
    unpublish(&app, notice, "Enquête publique : dates corrigées").await;
    unpublish(&app, only_first, "Fontaine de la place").await;
    for commune in &list {
        for path in [
            format!("/embed/zone.html?commune={}", commune.insee_code),
            format!("/embed/zone?commune={}", commune.insee_code),
        ] {
            let body = app.page(&path).await.1;
            assert!(!body.contains("Enquête publique"), "{path}");
            assert!(
                body.contains("Aucune actualité de l’intercommunalité"),
                "{path}"
            );
        }
    }
    for path in ["/feed.json", "/feed.atom", "/feed.rss"] {
        let body = app.page(path).await.1;
        assert!(!body.contains("Enquête publique"), "{path}");
    }
    assert_eq!(
        app.get(&format!("/embed/article/{notice}")).await.status(),
        404
    );
}

#[tokio::test]
async fn a_zone_explains_bad_settings_in_words() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let cases = [
        ("/embed/zone.html", 400, "Indiquez la commune"),
        (
            "/embed/zone.html?commune=abc",
            400,
            "n’est pas un code INSEE",
        ),
        (
            "/embed/zone.html?commune=75056",
            404,
            "ne fait pas partie de CC du Massif du Vercors",
        ),
        ("/embed/zone.html?commune=38548&limit=0", 400, "de 1 à 20"),
        (
            "/embed/zone.html?commune=38548&limit=deux",
            400,
            "de 1 à 20",
        ),
        (
            "/embed/zone.html?commune=38548&relevance=x",
            400,
            "relevance",
        ),
        (
            "/embed/zone.html?commune=38548&space=nulle-part",
            404,
            "Aucun espace public",
        ),
        (
            "/embed/zone.html?commune=38548&category=x",
            404,
            "Aucune catégorie",
        ),
        ("/embed/zone?commune=", 400, "Indiquez la commune"),
    ];
    for (path, status, text) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), status, "{path}");
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        let body = response.text().await.unwrap();
        assert!(body.contains(text), "{path}: {body}");
    }
    let english = app
        .get("/embed/zone.html?commune=abc&lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        english.contains("is not a commune's INSEE code"),
        "{english}"
    );
}

#[tokio::test]
async fn only_the_embed_pages_may_be_framed() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let frame = app.get("/embed/zone?commune=38548&limit=3").await;
    assert_eq!(frame.status(), 200);
    let csp = frame.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(csp.contains("script-src 'self'"));
    assert!(frame.headers().get("x-frame-options").is_none());
    let body = frame.text().await.unwrap();
    // Works without JavaScript: plain links; the script only reports the height.
    assert!(body.contains(r#"<base target="_top">"#));
    assert!(body.contains(r#"<script src="/embed/frame.js" defer></script>"#));
    assert!(!body.contains("<script>"));
    assert!(body.contains(r#"type="application/json+oembed""#));

    for path in ["/", "/charte-de-syndication", "/actualites"] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
    }
    let script = app.get("/embed/zone.js").await;
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(script.text().await.unwrap().contains("attachShadow"));
}

#[tokio::test]
async fn oembed_answers_rich_iframes_for_articles_and_zones() {
    let app = TestApp::spawn_with(&["243801024"], None).await;
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let id = publish(&app, &water, "Enquête \"publique\"", &[]).await;
    let article_url = app.url(&format!("/espaces/commission-eau/actualites/{id}"));

    let (_, page) = app
        .page(&format!("/espaces/commission-eau/actualites/{id}"))
        .await;
    let encoded: String = url::form_urlencoded::byte_serialize(article_url.as_bytes()).collect();
    let discovery = format!("/oembed?url={encoded}&#38;format=json");
    assert!(page.contains(&discovery), "{page}");

    let ask = |url: String, extra: &'static str| {
        let app = &app;
        async move {
            let encoded: String = url::form_urlencoded::byte_serialize(url.as_bytes()).collect();
            app.get(&format!("/oembed?url={encoded}{extra}")).await
        }
    };
    let response = ask(article_url.clone(), "&format=json&maxwidth=320").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let json: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(json["version"], "1.0");
    assert_eq!(json["type"], "rich");
    assert_eq!(json["title"], "Enquête \"publique\"");
    assert_eq!(json["width"], 320);
    assert_eq!(json["height"], 500);
    assert_eq!(json["provider_name"], "CC du Massif du Vercors");
    let html = json["html"].as_str().unwrap();
    assert!(
        html.starts_with(&format!(
            r#"<iframe src="{}" title="Enquête &quot;publique&quot;""#,
            app.url(&format!("/embed/article/{id}"))
        )),
        "{html}"
    );
    // The iframe it names shows the article, framable.
    let frame = app.get(&format!("/embed/article/{id}")).await;
    assert_eq!(frame.status(), 200);
    assert!(frame.headers().get("x-frame-options").is_none());
    assert!(
        frame
            .text()
            .await
            .unwrap()
            .contains("Enquête &#34;publique&#34;")
    );

    let zone = ask(app.url("/communes/38548"), "&maxheight=200").await;
    assert_eq!(zone.status(), 200);
    let json: serde_json::Value = serde_json::from_str(&zone.text().await.unwrap()).unwrap();
    assert_eq!(json["height"], 200);
    assert!(
        json["html"]
            .as_str()
            .unwrap()
            .contains("/embed/zone?commune=38548")
    );
    let embed = ask(app.url("/embed/zone?commune=38548&limit=3"), "").await;
    assert_eq!(embed.status(), 200);

    assert_eq!(ask(article_url.clone(), "&format=xml").await.status(), 501);
    assert_eq!(
        ask("https://ailleurs.example/x".into(), "").await.status(),
        404
    );
    assert_eq!(ask(app.url("/mentions-legales"), "").await.status(), 404);
    assert_eq!(ask(app.url("/communes/99999"), "").await.status(), 404);
    assert_eq!(app.get("/oembed").await.status(), 400);
    unpublish(&app, id, "Enquête").await;
    assert_eq!(ask(article_url, "").await.status(), 404);
}

#[tokio::test]
async fn an_admin_writes_the_charter_and_the_public_reads_it() {
    let app = TestApp::spawn_with(&["243801024"], None).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;

    let (_, public) = app.page("/charte-de-syndication").await;
    assert!(public.contains("pas encore été rédigée"), "{public}");
    assert!(
        public.contains(r#"href="/charte-de-syndication""#),
        "footer link"
    );

    let form = browser.get("/admin/syndication").await;
    assert_eq!(browser.last_status, 200);
    assert!(form.contains(r#"name="retention_days" type="number" value="90""#));

    // Categories first.
    browser
        .post("/admin/syndication/categories", &[("name", "Travaux")])
        .await;
    assert_eq!(browser.last_status, 303);
    browser.get("/admin/syndication").await;
    let again = browser
        .post("/admin/syndication/categories", &[("name", " travaux ")])
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(again.contains("existe déjà"), "{again}");
    let travaux = app
        .store
        .category_by_slug(t.id, "travaux")
        .await
        .unwrap()
        .unwrap();

    // A wrong value: nothing is saved.
    browser.get("/admin/syndication").await;
    let refused = browser
        .post(
            "/admin/syndication",
            &[
                ("body", "# Charte"),
                ("inbound_approval", "approve"),
                ("outbound_approval", "approve"),
                ("attribution", ""),
                ("retention_days", "0"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(refused.contains("entre 1 et 3650"), "{refused}");
    assert_eq!(
        app.store
            .syndication_charter(t.id)
            .await
            .unwrap()
            .updated_at,
        None
    );

    browser.get("/admin/syndication").await;
    browser
        .post(
            "/admin/syndication",
            &[
                (
                    "body",
                    "## Engagements\n\nLes communes **reprennent** les actualités.",
                ),
                ("inbound_approval", "accept_all"),
                ("outbound_approval", "approve"),
                ("attribution", "Source : Communauté de communes du Vercors"),
                ("retention_days", "30"),
                (&format!("in-{}", travaux.id), "1"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    let charter = app.store.syndication_charter(t.id).await.unwrap();
    assert_eq!(charter.outbound_approval, ApprovalMode::Approve);
    assert_eq!(charter.inbound_approval, ApprovalMode::AcceptAll);
    assert_eq!(charter.retention_days, 30);
    assert_eq!(charter.updated_by, Some(admin.person_id));
    let travaux = app
        .store
        .category_by_slug(t.id, "travaux")
        .await
        .unwrap()
        .unwrap();
    assert!(!travaux.outbound && travaux.inbound);

    let (_, public) = app.page("/charte-de-syndication").await;
    assert!(public.contains("<strong>reprennent</strong>"), "{public}");
    assert!(public.contains("30 jours"));
    assert!(public.contains("Source : Communauté de communes du Vercors"));
    assert!(
        public
            .contains(r#"<a href="/categories/travaux">Travaux</a></th><td>Non</td><td>Oui</td>"#)
    );

    // Someone else may not.
    let mut visitor = Browser::new(&app);
    visitor.get("/admin/syndication").await;
    assert_eq!(visitor.last_status, 303);
}

#[tokio::test]
async fn with_approval_a_zone_shows_only_what_the_commune_accepted() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let list = communes(&app).await;
    let villard = list
        .iter()
        .find(|c| c.insee_code.as_str() == "38548")
        .unwrap()
        .clone();
    let mut charter = app.store.syndication_charter(t.id).await.unwrap();
    charter.outbound_approval = ApprovalMode::Approve;
    app.store
        .save_syndication_charter(&charter, None)
        .await
        .unwrap();
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let notice = publish(&app, &water, "Enquête publique", &[]).await;
    let other = publish(&app, &water, "Collecte des encombrants", &[]).await;
    let held_back = publish(&app, &water, "Note sur les travaux", &[]).await;
    let travaux = app
        .store
        .create_category(t.id, "Travaux")
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_category_directions(travaux.id, false, true)
        .await
        .unwrap();
    app.store
        .set_article_categories(held_back, &[travaux.id])
        .await
        .unwrap();

    assert!(zone_of(&app, "38548").await.contains("Aucune actualité"));

    // The commune space's facilitator decides.
    let agent = app
        .store
        .create_account(Some(t.id), "Secrétaire de mairie", "mairie@villard.example")
        .await
        .unwrap();
    let commune_space = space(
        &app,
        "Mairie de Villard",
        SpaceKind::Commune,
        Some(villard.id),
    )
    .await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, agent.person_id).await;
    browser.get("/communes/38548/zone/validation").await;
    assert_eq!(browser.last_status, 403, "not yet a facilitator");
    app.store
        .set_membership(commune_space.id, agent.person_id, SpaceRole::Facilitator)
        .await
        .unwrap();
    let queue = browser.get("/communes/38548/zone/validation").await;
    assert_eq!(browser.last_status, 200);
    assert!(queue.contains("Enquête publique") && queue.contains("Collecte des encombrants"));
    assert!(
        !queue.contains("Note sur les travaux"),
        "held back by the charter"
    );
    assert_eq!(queue.matches("À examiner").count(), 2);

    browser
        .post(
            "/communes/38548/zone/validation",
            &[("article", &notice.to_string()), ("decision", "accepted")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    browser.get("/communes/38548/zone/validation").await;
    browser
        .post(
            "/communes/38548/zone/validation",
            &[("article", &other.to_string()), ("decision", "refused")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    let shown = zone_of(&app, "38548").await;
    assert!(shown.contains("Enquête publique"), "{shown}");
    assert!(!shown.contains("Collecte des encombrants"));
    // Another commune accepted nothing.
    let elsewhere = list.iter().find(|c| c.id != villard.id).unwrap();
    let other_zone = app
        .page(&format!(
            "/embed/zone.html?commune={}",
            elsewhere.insee_code
        ))
        .await
        .1;
    assert!(!other_zone.contains("Enquête publique"));

    // A bad decision changes nothing.
    browser.get("/communes/38548/zone/validation").await;
    browser
        .post(
            "/communes/38548/zone/validation",
            &[("article", &other.to_string()), ("decision", "peut-être")],
        )
        .await;
    assert_eq!(browser.last_status, 400);
    assert!(
        !zone_of(&app, "38548")
            .await
            .contains("Collecte des encombrants")
    );

    // Both decisions are in the audit log, for the commune, and on /admin/journal.
    let events = app
        .store
        .audit_events(
            &comcom_store::audit::AuditFilter {
                territory_id: Some(t.id),
                kind: Some("syndication.".into()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    let seen: Vec<(&str, &str, Option<i64>, Option<i64>)> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.detail.as_str(), e.actor_id, e.commune_id))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "syndication.outbound_refused",
                "Collecte des encombrants",
                Some(agent.person_id),
                Some(villard.id)
            ),
            (
                "syndication.outbound_accepted",
                "Enquête publique",
                Some(agent.person_id),
                Some(villard.id)
            ),
        ]
    );
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut auditor = Browser::new(&app);
    auditor.sign_in_as(&app, admin.person_id).await;
    let journal = auditor.get("/admin/journal?genre=syndication.").await;
    assert_eq!(auditor.last_status, 200);
    assert!(
        journal.contains("Actualité de l’intercommunalité acceptée pour la zone d’une commune")
    );
    assert!(journal.contains("Actualité de l’intercommunalité refusée pour la zone d’une commune"));

    // A visitor is sent to the login page; another commune's facilitator is refused.
    let mut visitor = Browser::new(&app);
    visitor.get("/communes/38548/zone/validation").await;
    assert_eq!(visitor.last_status, 303);
    browser
        .get(&format!(
            "/communes/{}/zone/validation",
            elsewhere.insee_code
        ))
        .await;
    assert_eq!(browser.last_status, 403);
}

#[tokio::test]
async fn the_admin_sees_a_snippet_of_each_form_for_every_commune() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let page = browser.get("/admin/syndication/zones").await;
    assert_eq!(browser.last_status, 200);
    // What an admin copies: the text of the page.
    let page = page
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#38;", "&");
    for commune in communes(&app).await {
        let insee = commune.insee_code.to_string();
        assert!(page.contains(&format!("<comcom-zone commune=\"{insee}\" limit=\"5\">")));
        assert!(page.contains(&format!(
            "<iframe src=\"{PUBLIC_URL}/embed/zone?commune={insee}&amp;limit=5\""
        )));
        assert!(page.contains(&format!(
            "<code>{PUBLIC_URL}/embed/zone.html?commune={insee}&limit=5</code>"
        )));
    }
    assert!(page.contains(&format!(
        "<script src=\"{PUBLIC_URL}/embed/zone.js\" defer></script>"
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_component_and_the_iframe_behave_on_a_foreign_page_in_chromium() {
    let app = TestApp::spawn_with(&["243801024"], None).await;
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    publish(&app, &water, "Enquête publique sur le zonage", &[]).await;
    publish(&app, &water, "Collecte des encombrants", &[]).await;
    let output = tokio::process::Command::new("node")
        .arg(repo_root().join("tests/browser/zone.mjs"))
        .arg(&app.address)
        .arg("38548")
        .output()
        .await
        .expect("node runs (install it with scripts/test-deps.sh)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["checks"].as_object().unwrap().len(), 12, "{report}");
}

#[tokio::test]
async fn an_article_and_its_categories_are_written_together_or_not_at_all() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let category = app
        .store
        .create_category(t.id, "Eau")
        .await
        .unwrap()
        .unwrap();
    let draft = |title| ArticleDraft {
        title,
        body: "Texte.",
        status: ArticleStatus::Published,
        publish_at: None,
        communes: &[],
    };
    let before = app.store.public_articles(t.id, 100, 0).await.unwrap().len();
    // A category that does not exist fails the second write: the article
    // is not written either.
    let failed = app
        .store
        .create_article_with_categories(
            t.id,
            water.id,
            None,
            &draft("Article à moitié écrit"),
            None,
            &[category.id, 987_654],
        )
        .await;
    assert!(failed.is_err());
    assert_eq!(
        app.store.public_articles(t.id, 100, 0).await.unwrap().len(),
        before
    );
    assert!(
        !app.page("/feed.atom")
            .await
            .1
            .contains("Article à moitié écrit")
    );

    let id = app
        .store
        .create_article_with_categories(
            t.id,
            water.id,
            None,
            &draft("Enquête"),
            None,
            &[category.id],
        )
        .await
        .unwrap();
    assert_eq!(
        app.store.article_categories(id).await.unwrap(),
        vec![category.id]
    );
    // A failed update leaves the title and the categories as they were.
    let failed = app
        .store
        .update_article_with_categories(
            id,
            &draft("Titre changé"),
            ImageChange::Keep { alt: None },
            &[987_654],
        )
        .await;
    assert!(failed.is_err());
    let article = app.store.article(id).await.unwrap().unwrap();
    assert_eq!(article.title, "Enquête");
    assert_eq!(
        app.store.article_categories(id).await.unwrap(),
        vec![category.id]
    );

    // The charter and its categories' directions, likewise.
    let mut charter = app.store.syndication_charter(t.id).await.unwrap();
    charter.body = "Première version.".into();
    app.store
        .save_charter_with_directions(&charter, None, &[(category.id, false, true)])
        .await
        .unwrap();
    charter.body = "Seconde version, jamais enregistrée.".into();
    let failed = app
        .store
        .save_charter_with_directions(
            &charter,
            None,
            &[(category.id, true, true), (987_654, true, false)],
        )
        .await;
    assert!(failed.is_err());
    assert_eq!(
        app.store.syndication_charter(t.id).await.unwrap().body,
        "Première version."
    );
    let kept = app
        .store
        .category_by_slug(t.id, &category.slug)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !kept.outbound && kept.inbound,
        "the first direction is kept"
    );
}

#[tokio::test]
async fn a_zone_revalidation_is_answered_from_the_zone_version() {
    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let first = publish(&app, &water, "Enquête publique", &[]).await;
    let villard = communes(&app)
        .await
        .into_iter()
        .find(|c| c.insee_code.as_str() == "38548")
        .unwrap();
    async fn tag_of(app: &TestApp, path: &str) -> String {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200);
        response.headers()["etag"].to_str().unwrap().to_owned()
    }
    async fn status_with(app: &TestApp, path: &str, etag: &str) -> u16 {
        app.client
            .get(app.url(path))
            .header("If-None-Match", etag)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
    let fragment = "/embed/zone.html?commune=38548";
    let frame = "/embed/zone?commune=38548&limit=3";
    let tag = tag_of(&app, fragment).await;
    let frame_tag = tag_of(&app, frame).await;
    assert_ne!(tag, frame_tag, "each form has its own tag");
    assert_eq!(
        tag,
        tag_of(&app, fragment).await,
        "stable while nothing changes"
    );
    assert_eq!(status_with(&app, fragment, &tag).await, 304);
    assert_eq!(status_with(&app, frame, &frame_tag).await, 304);
    assert_eq!(
        status_with(&app, "/embed/zone.html?commune=38548&limit=2", &tag).await,
        200
    );
    let not_modified = app
        .client
        .get(app.url(fragment))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.headers()["etag"].to_str().unwrap(), tag);
    assert_eq!(not_modified.headers()["access-control-allow-origin"], "*");
    assert_eq!(
        not_modified.headers()["cache-control"],
        "public, max-age=300"
    );

    // Each kind of change gives a new tag.
    let mut seen = vec![tag.clone()];
    let mut changed = |app_tag: String, what: &str| {
        assert!(!seen.contains(&app_tag), "{what} did not change the tag");
        seen.push(app_tag);
    };
    let second = publish(&app, &water, "Collecte des encombrants", &[]).await;
    changed(tag_of(&app, fragment).await, "a new article");
    unpublish(&app, second, "Collecte des encombrants").await;
    changed(tag_of(&app, fragment).await, "an unpublished article");
    app.store
        .decide_zone_item(
            first,
            villard.id,
            comcom_store::zones::ZoneDecision::Refused,
            &comcom_store::audit::Actor::default(),
        )
        .await
        .unwrap();
    changed(tag_of(&app, fragment).await, "a decision");
    let mut charter = app.store.syndication_charter(t.id).await.unwrap();
    charter.outbound_approval = ApprovalMode::Approve;
    app.store
        .save_syndication_charter(&charter, None)
        .await
        .unwrap();
    let last = tag_of(&app, fragment).await;
    changed(last.clone(), "the charter");
    assert_eq!(status_with(&app, fragment, &tag).await, 200);
    assert_eq!(status_with(&app, fragment, &last).await, 304);
}

/// Reads an iCalendar text with tests/check_calendar.py (the `icalendar` package).
fn check_calendar(body: &str) -> serde_json::Value {
    let value = run_checker("tests/check_calendar.py", body);
    let raw = &value["raw"];
    assert_eq!(raw["crlf_only"], true);
    assert_eq!(raw["ends_with_crlf"], true);
    assert!(raw["max_octets"].as_u64().unwrap() <= 75, "{raw}");
    assert_eq!(raw["each_line_utf8"], true);
    assert_eq!(value["version"], "2.0");
    assert_eq!(value["method"], "PUBLISH");
    value
}

#[tokio::test]
async fn public_meetings_are_published_as_icalendar_feeds_without_anything_private() {
    use chrono::TimeZone;
    use comcom_store::meetings::MeetingFields;

    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let list = communes(&app).await;
    let villard = list
        .iter()
        .find(|c| c.insee_code.as_str() == "38548")
        .unwrap()
        .clone();
    let other_commune = list.iter().find(|c| c.id != villard.id).unwrap().clone();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let council = space(&app, "Conseil communautaire", SpaceKind::Territory, None).await;
    let mairie = space(
        &app,
        "Mairie de Villard",
        SpaceKind::Commune,
        Some(villard.id),
    )
    .await;
    let extranet = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility: Visibility::Territory,
            name: "Commission finances",
            description: "",
        })
        .await
        .unwrap();
    // Instants in UTC (Paris is UTC+1 in winter, UTC+2 in summer).
    let utc = |y, mo, d, h, mi| chrono::Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap();
    let meet = |space_id: i64,
                title: &'static str,
                start: chrono::DateTime<chrono::Utc>,
                place: &'static str,
                open: bool| {
        let store = app.store.clone();
        let person = admin.person_id;
        async move {
            store
                .create_meeting(
                    space_id,
                    person,
                    &MeetingFields {
                        title,
                        agenda: "1. **Budget** 2027\n2. [Zonage](/documents/zonage.pdf)",
                        starts_at: start,
                        ends_at: start + chrono::Duration::hours(2),
                        place,
                        visio: true,
                        open_to_public: open,
                        invitees: &[person],
                    },
                    "vercors.example",
                    |_| Vec::new(),
                )
                .await
                .unwrap()
        }
    };
    // Summer and winter time, a cancelled one, a private one, one in a
    // space that is not public, one of a commune's space.
    let summer = meet(
        council.id,
        "Conseil communautaire de juin",
        utc(2027, 6, 15, 16, 0),
        "Salle du conseil, Villard-de-Lans",
        true,
    )
    .await;
    let winter = meet(
        council.id,
        "Conseil communautaire de janvier",
        utc(2027, 1, 20, 17, 30),
        "",
        true,
    )
    .await;
    let private = meet(
        council.id,
        "Bureau communautaire (huis clos)",
        utc(2027, 2, 1, 8, 0),
        "Siège",
        false,
    )
    .await;
    let hidden = meet(
        extranet.id,
        "Commission des finances",
        utc(2027, 2, 2, 8, 0),
        "Siège",
        true,
    )
    .await;
    let local = meet(
        mairie.id,
        "Réunion publique sur le PLU",
        utc(2027, 3, 10, 19, 0),
        "Salle des fêtes",
        true,
    )
    .await;
    app.store
        .cancel_meeting(winter.id, "vercors.example", |_| Vec::new())
        .await
        .unwrap()
        .unwrap();

    let response = app.get("/agenda.ics").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; method=PUBLISH; charset=UTF-8"
    );
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let modified = response.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    for secret in [
        summer.room.as_str(),
        winter.room.as_str(),
        "/visio",
        "/reunions/",
        "com@vercors.example",
        "ATTENDEE",
        "ORGANIZER",
        "Bureau communautaire",
        "Commission des finances",
    ] {
        assert!(
            !body.contains(secret),
            "{secret} in the public feed:\n{body}"
        );
    }
    let cal = check_calendar(&body);
    assert_eq!(cal["calname"], "Agenda public – CC du Massif du Vercors");
    let tz = &cal["timezones"][0];
    assert_eq!(tz["tzid"], "Europe/Paris");
    let kinds: Vec<&str> = tz["observances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"STANDARD") && kinds.contains(&"DAYLIGHT"),
        "{kinds:?}"
    );
    let events = cal["events"].as_array().unwrap();
    let uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(
        uids,
        [winter.uid.as_str(), local.uid.as_str(), summer.uid.as_str()]
    );
    assert!(!uids.contains(&private.uid.as_str()) && !uids.contains(&hidden.uid.as_str()));
    let (jan, plu, june) = (&events[0], &events[1], &events[2]);
    assert_eq!(jan["status"], "CANCELLED");
    assert_eq!(jan["sequence"], 1);
    assert_eq!(june["status"], "CONFIRMED");
    assert_eq!(june["sequence"], 0);
    assert_eq!(june["summary"], "Conseil communautaire de juin");
    assert_eq!(june["location"], "Salle du conseil, Villard-de-Lans");
    assert_eq!(jan["location"], "Visioconférence");
    assert_eq!(
        june["url"],
        format!("{PUBLIC_URL}/espaces/{}", council.slug)
    );
    assert_eq!(plu["url"], format!("{PUBLIC_URL}/espaces/{}", mairie.slug));
    assert!(
        june["description"]
            .as_str()
            .unwrap()
            .contains("Budget 2027"),
        "{june}"
    );
    assert!(!june["description"].as_str().unwrap().contains("**"));
    // Times in the territory's zone, the same by the VTIMEZONE and the tz database.
    assert_eq!(june["dtstart_tzid"], "Europe/Paris");
    assert_eq!(june["dtstart_local"], "2027-06-15T18:00:00");
    assert_eq!(june["dtstart_utc_vtimezone"], "2027-06-15T16:00:00Z");
    assert_eq!(june["dtstart_utc_zoneinfo"], "2027-06-15T16:00:00Z");
    assert_eq!(jan["dtstart_utc_vtimezone"], "2027-01-20T17:30:00Z");
    assert_eq!(jan["dtend_utc_vtimezone"], "2027-01-20T19:30:00Z");
    for e in events {
        assert!(e["attendees"].as_array().unwrap().is_empty());
        assert!(e["organizer"].is_null());
    }

    // Conditional GET.
    let again = app
        .client
        .get(app.url("/agenda.ics"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let again = app
        .client
        .get(app.url("/agenda.ics"))
        .header("If-Modified-Since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(
        app.get("/agenda.ics").await.headers()["etag"]
            .to_str()
            .unwrap(),
        etag,
        "stable"
    );

    // A space's feed and a commune's.
    let (status, space_body) = app
        .page(&format!("/espaces/{}/agenda.ics", council.slug))
        .await;
    assert_eq!(status, 200);
    let cal = check_calendar(&space_body);
    let uids: Vec<&str> = cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap())
        .collect();
    assert_eq!(uids, [winter.uid.as_str(), summer.uid.as_str()]);
    assert_eq!(
        app.page(&format!("/espaces/{}/agenda.ics", extranet.slug))
            .await
            .0,
        404,
        "a space that is not public has no public calendar"
    );
    let (status, commune_body) = app.page("/communes/38548/agenda.ics").await;
    assert_eq!(status, 200);
    let cal = check_calendar(&commune_body);
    assert_eq!(cal["events"].as_array().unwrap().len(), 1);
    assert_eq!(cal["events"][0]["uid"], local.uid.as_str());
    let (status, none) = app
        .page(&format!(
            "/communes/{}/agenda.ics",
            other_commune.insee_code
        ))
        .await;
    assert_eq!(status, 200);
    assert!(
        check_calendar(&none)["events"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(app.page("/communes/99999/agenda.ics").await.0, 404);

    // A change shows with a new ETag and the meeting's SEQUENCE.
    app.store
        .cancel_meeting(summer.id, "vercors.example", |_| Vec::new())
        .await
        .unwrap()
        .unwrap();
    let changed = app
        .client
        .get(app.url("/agenda.ics"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let cal = check_calendar(&changed.text().await.unwrap());
    assert_eq!(cal["events"][2]["status"], "CANCELLED");
    assert_eq!(cal["events"][2]["sequence"], 1);

    // Autodiscovery on the home page, the space's page and the commune's page.
    let link = |href: &str, title: &str| {
        format!(
            "<link rel=\"alternate\" type=\"text/calendar\" title=\"Agenda public – {title}\" href=\"{href}\">"
        )
    };
    let home = app.page("/").await.1;
    assert!(
        home.contains(&link("/agenda.ics", "CC du Massif du Vercors")),
        "{home}"
    );
    let space_page = app.page(&format!("/espaces/{}", council.slug)).await.1;
    assert!(space_page.contains(&link(
        &format!("/espaces/{}/agenda.ics", council.slug),
        "Conseil communautaire – CC du Massif du Vercors"
    )));
    let commune_page = app.page("/communes/38548").await.1;
    assert!(
        commune_page.contains(&link(
            "/communes/38548/agenda.ics",
            "Villard-de-Lans – CC du Massif du Vercors"
        )),
        "{commune_page}"
    );

    // The form offers the box in a public space only, and keeps it.
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let form = browser
        .get(&format!("/espaces/{}/reunions/nouvelle", council.slug))
        .await;
    assert_eq!(browser.last_status, 200);
    assert!(form.contains("name=\"open_to_public\""));
    let form = browser
        .get(&format!("/espaces/{}/reunions/nouvelle", extranet.slug))
        .await;
    assert_eq!(browser.last_status, 200);
    assert!(!form.contains("name=\"open_to_public\""));
    let page = browser.get(&format!("/reunions/{}", local.id)).await;
    assert!(page.contains("Ouverte au public, elle paraît dans l’agenda public du territoire."));
    let page = browser.get(&format!("/reunions/{}", private.id)).await;
    assert!(!page.contains("Ouverte au public"));
}

#[tokio::test]
async fn an_article_carries_its_files_on_its_page_and_as_enclosures_in_every_feed() {
    use reqwest::multipart::{Form, Part};

    let app = TestApp::spawn_with(&["243801024"], Some(PUBLIC_URL)).await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let water = space(&app, "Commission eau", SpaceKind::Commission, None).await;
    let id = publish(&app, &water, "Enquête publique sur le zonage", &[]).await;
    app.store
        .update_article(
            id,
            &ArticleDraft {
                title: "Enquête publique sur le zonage",
                body: "Le dossier est joint.",
                status: ArticleStatus::Published,
                publish_at: None,
                communes: &[],
            },
            ImageChange::Replace(ArticleImage {
                bytes: PNG.to_vec(),
                content_type: "image/png".into(),
                alt: "La station".into(),
            }),
        )
        .await
        .unwrap();
    let admin = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(t.id))
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let article_page = format!("/espaces/{}/actualites/{id}", water.slug);
    let edit = format!("{article_page}/modifier");

    let upload_action = |page: &str| -> String {
        let marker = format!("action=\"{article_page}/fichiers?csrf=");
        let start = page.find(&marker).expect("the upload form") + 8;
        let rest = &page[start..];
        rest[..rest.find('"').unwrap()].replace("&amp;", "&")
    };
    let send = |name: &str, bytes: Vec<u8>| {
        Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()))
    };
    let pdf = comcom_files::pdf::tiny_pdf(&["Avis d'enquete publique"]);
    let page = browser.get(&edit).await;
    assert!(page.contains("Aucune pièce jointe."));
    let action = upload_action(&page);
    browser
        .post_multipart(&action, send("Avis d’enquête.pdf", pdf.clone()))
        .await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(
        browser.last_location.as_deref(),
        Some(format!("{edit}#fichiers").as_str())
    );
    let page = browser.get(&edit).await;
    browser
        .post_multipart(&upload_action(&page), send("plan.png", PNG.to_vec()))
        .await;
    assert_eq!(browser.last_status, 303);
    // A file of an unknown type, or no file, is refused with a message and adds nothing.
    let page = browser.get(&edit).await;
    let refused = browser
        .post_multipart(
            &upload_action(&page),
            send("outil.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec()),
        )
        .await;
    assert_eq!(browser.last_status, 415, "{refused}");
    assert!(refused.contains("outil.exe"), "{refused}");
    let refused = browser
        .post_multipart(&upload_action(&page), send("", Vec::new()))
        .await;
    assert_eq!(browser.last_status, 422, "{refused}");
    let files = app.store.article_attachments(id).await.unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["Avis d’enquête.pdf", "plan.png"]);
    assert_eq!(files[0].content_type, "application/pdf");
    assert_eq!(files[0].size, pdf.len() as i64);

    // Shown on the article's page and downloadable by anyone.
    let (status, shown) = app.page(&article_page).await;
    assert_eq!(status, 200);
    assert!(shown.contains("Pièces jointes"));
    let pdf_path = format!("/actualites/{id}/fichiers/{}", files[0].id);
    assert!(
        shown.contains(&format!(
            "<a href=\"{pdf_path}\" download>Avis d’enquête.pdf</a>"
        )),
        "{shown}"
    );
    let download = app.get(&pdf_path).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf);
    let pdf_url = format!("{PUBLIC_URL}{pdf_path}");
    let png_url = format!("{PUBLIC_URL}/actualites/{id}/fichiers/{}", files[1].id);
    let image_url = format!("{PUBLIC_URL}/actualites/{id}/image");

    // Atom: the image and every file as enclosures, with type and length.
    let atom = run_checker("tests/check_feed.py", &app.page("/feed.atom").await.1);
    assert_eq!(atom["violations"], serde_json::json!([]), "{atom}");
    let enclosures: Vec<(String, String, String)> = atom["entries"][0]["enclosures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["href"].as_str().unwrap().to_owned(),
                e["type"].as_str().unwrap_or_default().to_owned(),
                e["length"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        enclosures,
        vec![
            (image_url.clone(), "image/png".to_owned(), String::new()),
            (
                pdf_url.clone(),
                "application/pdf".to_owned(),
                pdf.len().to_string()
            ),
            (
                png_url.clone(),
                "image/png".to_owned(),
                PNG.len().to_string()
            ),
        ]
    );
    // RSS: one enclosure per item, the first file.
    let rss = run_checker("tests/check_feed.py", &app.page("/feed.rss").await.1);
    assert_eq!(rss["violations"], serde_json::json!([]), "{rss}");
    let enclosures = rss["entries"][0]["enclosures"].as_array().unwrap();
    assert_eq!(enclosures.len(), 1, "{rss}");
    assert_eq!(enclosures[0]["href"], pdf_url.as_str());
    assert_eq!(enclosures[0]["type"], "application/pdf");
    assert_eq!(enclosures[0]["length"], pdf.len().to_string());
    // JSON Feed: `image`, and the image and the files as attachments.
    let json = run_checker("tests/check_json_feed.py", &app.page("/feed.json").await.1);
    assert_eq!(json["violations"], serde_json::json!([]), "{json}");
    let item = &json["items"][0];
    assert_eq!(item["image"], image_url.as_str());
    let attachments = item["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 3);
    assert_eq!(attachments[1]["url"], pdf_url.as_str());
    assert_eq!(attachments[1]["mime_type"], "application/pdf");
    assert_eq!(attachments[1]["title"], "Avis d’enquête.pdf");
    assert_eq!(attachments[1]["size_in_bytes"], pdf.len());
    assert_eq!(attachments[2]["url"], png_url.as_str());
    // The API shows them, read-only.
    let api: serde_json::Value =
        serde_json::from_str(&app.page(&format!("/api/v1/articles/{id}")).await.1).unwrap();
    assert_eq!(api["attachments"][0]["url"], pdf_url.as_str());
    assert_eq!(api["attachments"][0]["name"], "Avis d’enquête.pdf");
    assert_eq!(api["attachments"][0]["media_type"], "application/pdf");
    assert_eq!(api["attachments"][0]["size"], pdf.len());
    assert_eq!(api["attachments"][1]["url"], png_url.as_str());
    // The space's and the category's feeds are written by the same code.
    let space_rss = app
        .page(&format!("/espaces/{}/feed.rss", water.slug))
        .await
        .1;
    assert!(space_rss.contains(&format!("<enclosure url=\"{pdf_url}\"")));

    // Removed: off the page, out of the feeds, its object gone.
    let page = browser.get(&edit).await;
    assert!(page.contains("Retirer «\u{202f}Avis d’enquête.pdf\u{202f}»"));
    browser
        .post(
            &format!("{article_page}/fichiers/{}/retirer", files[0].id),
            &[],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(app.get(&pdf_path).await.status(), 404);
    let rss = run_checker("tests/check_feed.py", &app.page("/feed.rss").await.1);
    assert_eq!(rss["entries"][0]["enclosures"][0]["href"], png_url.as_str());
    assert!(
        !app.page(&article_page)
            .await
            .1
            .contains("Avis d’enquête.pdf")
    );
    // Someone who may not write the article can neither add nor remove.
    let mut visitor = Browser::new(&app);
    visitor
        .post(
            &format!("{article_page}/fichiers/{}/retirer", files[1].id),
            &[],
        )
        .await;
    assert_ne!(visitor.last_status, 303);
    assert_eq!(app.store.article_attachments(id).await.unwrap().len(), 1);

    // A draft's files are not served to visitors.
    unpublish(&app, id, "Enquête publique sur le zonage").await;
    let png_path = format!("/actualites/{id}/fichiers/{}", files[1].id);
    assert_eq!(app.get(&png_path).await.status(), 404);
}
