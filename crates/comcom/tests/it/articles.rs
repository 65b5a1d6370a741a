//! News in spaces: writing with a preview, draft, scheduled and published,
//! one image with its text alternative, and where published news appears.

use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::spaces::NewSpace;
use reqwest::multipart::{Form, Part};

use crate::helpers::{Browser, TestApp};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

/// A territory administrator facilitating a space of the given visibility.
async fn writer(app: &TestApp, visibility: Visibility) -> (Browser, String) {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let account = app
        .store
        .create_account(Some(t.id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(account.person_id, Some(t.id))
        .await
        .unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility,
            name: "Commission eau et assainissement",
            description: "",
        })
        .await
        .unwrap();
    app.store
        .set_membership(space.id, account.person_id, SpaceRole::Facilitator)
        .await
        .unwrap();
    let mut browser = Browser::new(app);
    browser.sign_in_as(app, account.person_id).await;
    (browser, space.slug)
}

fn article(title: &str, body: &str, publication: &str) -> Form {
    Form::new()
        .text("title", title.to_owned())
        .text("body", body.to_owned())
        .text("publication", publication.to_owned())
}

async fn submit(browser: &mut Browser, slug: &str, form: Form) -> String {
    let page = browser
        .get(&format!("/espaces/{slug}/actualites/nouvelle"))
        .await;
    let action = Browser::form_action(&page);
    browser.post_multipart(&action, form).await
}

#[tokio::test]
async fn a_published_article_with_an_image_appears_on_the_portal_and_the_communes_it_concerns() {
    let app = TestApp::spawn().await;
    let (mut writer, slug) = writer(&app, Visibility::Public).await;

    let preview = submit(
        &mut writer,
        &slug,
        article(
            "Enquête publique",
            "Le **zonage** d’assainissement <script>alert(1)</script>",
            "now",
        )
        .text("action", "preview"),
    )
    .await;
    assert!(
        preview.contains("<strong>zonage</strong>"),
        "the preview renders Markdown"
    );
    assert!(!preview.contains("<script>alert(1)"), "and sanitizes it");
    assert!(
        app.store
            .public_articles(1, 10, 0)
            .await
            .unwrap()
            .is_empty(),
        "a preview saves nothing"
    );

    let form = article(
        "Enquête publique sur le zonage d’assainissement",
        "L’enquête se tient du **5 au 20 janvier**.\n\n[Le dossier](https://www.example.org/dossier.pdf)",
        "now",
    )
    .text("commune", "38153")
    .text("commune", "38205")
    .text("image_alt", "Carte du zonage")
    .part("image", Part::bytes(PNG.to_vec()).file_name("carte.png"));
    submit(&mut writer, &slug, form).await;
    assert_eq!(writer.last_status, 303);
    let path = writer.last_location.clone().unwrap();
    assert!(path.starts_with(&format!("/espaces/{slug}/actualites/")));

    let (status, page) = app.page(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Enquête publique sur le zonage d’assainissement</h1>"));
    assert!(page.contains("<strong>5 au 20 janvier</strong>"));
    assert!(page.contains(r#"alt="Carte du zonage""#));
    assert!(page.contains(r#"<a href="/communes/38153">Engins</a>"#));
    let id = path.rsplit('/').next().unwrap();
    let image = app.get(&format!("/actualites/{id}/image")).await;
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);

    for place in ["/", "/actualites", "/communes/38153", "/communes/38205"] {
        let (_, body) = app.page(place).await;
        assert!(body.contains("Enquête publique sur le zonage"), "{place}");
    }
    let (_, other) = app.page("/communes/38548").await;
    assert!(
        !other.contains("Enquête publique"),
        "a commune not concerned"
    );
}

#[tokio::test]
async fn drafts_and_scheduled_articles_stay_hidden_from_readers() {
    let app = TestApp::spawn().await;
    let (mut writer, slug) = writer(&app, Visibility::Public).await;

    submit(
        &mut writer,
        &slug,
        article("Brouillon du bulletin", "Texte à relire.", "draft"),
    )
    .await;
    let draft = writer.last_location.clone().unwrap();
    submit(
        &mut writer,
        &slug,
        article("Conseil de janvier", "Ordre du jour.", "schedule")
            .text("publish_at", "2099-01-15T18:30"),
    )
    .await;
    let scheduled = writer.last_location.clone().unwrap();

    assert!(writer.get(&draft).await.contains("Brouillon"));
    assert!(
        writer
            .get(&scheduled)
            .await
            .contains("Publication programmée")
    );
    assert!(
        writer
            .get(&scheduled)
            .await
            .contains("15 janvier 2099 à 18\u{a0}h\u{a0}30")
    );
    for path in [&draft, &scheduled] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    let (_, list) = app.page(&format!("/espaces/{slug}/actualites")).await;
    assert!(!list.contains("Brouillon du bulletin") && !list.contains("Conseil de janvier"));
    assert!(
        writer
            .get(&format!("/espaces/{slug}/actualites"))
            .await
            .contains("Conseil de janvier")
    );
}

#[tokio::test]
async fn invalid_articles_are_refused_field_by_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let (mut writer, slug) = writer(&app, Visibility::Public).await;
    let cases: Vec<(Form, &str)> = vec![
        (article("", "Texte", "now"), "Indiquez un titre."),
        (
            article("Titre", "", "now"),
            "Écrivez le texte de l’actualité.",
        ),
        (
            article("Titre", "Texte", "now")
                .part("image", Part::bytes(PNG.to_vec()).file_name("x.png")),
            "Décrivez l’image en quelques mots",
        ),
        (
            article("Titre", "Texte", "now")
                .text("image_alt", "Une image")
                .part(
                    "image",
                    Part::bytes(b"<svg onload=alert(1)>".to_vec()).file_name("x.png"),
                ),
            "Ce fichier n’est pas une image PNG, JPEG, WebP ou GIF.",
        ),
        (
            article("Titre", "Texte", "schedule").text("publish_at", "2020-01-01T10:00"),
            "Cette date est passée",
        ),
        (
            article("Titre", "Texte", "schedule").text("publish_at", "2027-03-28T02:30"),
            "Indiquez une date et une heure valides",
        ),
        (
            article("Titre", "Texte", "now").text("commune", "2A004"),
            "Choisissez des communes du territoire",
        ),
        (
            article(&"T".repeat(300), "Texte", "now"),
            "Ce champ ne peut pas dépasser 200 caractères.",
        ),
    ];
    for (form, message) in cases {
        let page = submit(&mut writer, &slug, form).await;
        assert_eq!(writer.last_status, 422, "{message}");
        assert!(page.contains(message), "{message}");
    }
    let all = app.store.space_articles(1, true, 100, 0).await.unwrap();
    assert!(all.is_empty());
}

#[tokio::test]
async fn articles_of_a_restricted_space_and_their_images_stay_inside() {
    let app = TestApp::spawn().await;
    let (mut writer, slug) = writer(&app, Visibility::Restricted).await;
    let form = article("Note interne", "Confidentiel.", "now")
        .text("image_alt", "Schéma")
        .part("image", Part::bytes(PNG.to_vec()).file_name("s.png"));
    submit(&mut writer, &slug, form).await;
    let path = writer.last_location.clone().unwrap();
    let id = path.rsplit('/').next().unwrap().to_owned();

    assert!(writer.get(&path).await.contains("Note interne"));
    let visitor = app.get(&path).await;
    assert_eq!(visitor.status(), 303, "visitors are asked to sign in");
    let image = app.get(&format!("/actualites/{id}/image")).await;
    assert_ne!(image.status(), 200);
    let (_, home) = app.page("/").await;
    assert!(!home.contains("Note interne"));
    let mut outsider = Browser::new(&app);
    let t = app.store.first_territory().await.unwrap().unwrap();
    let other = app
        .store
        .create_account(Some(t.id), "Autre", "autre@v.example")
        .await
        .unwrap();
    outsider.sign_in_as(&app, other.person_id).await;
    outsider.get(&path).await;
    assert_eq!(outsider.last_status, 404);
}

#[tokio::test]
async fn a_commune_named_twice_is_kept_once() {
    let app = TestApp::spawn().await;
    let (mut writer, slug) = writer(&app, Visibility::Public).await;
    let form = article("Marché de Noël", "Place du village.", "now")
        .text("commune", "38153")
        .text("commune", "38153");
    submit(&mut writer, &slug, form).await;
    assert_eq!(writer.last_status, 303);
    let id: i64 = writer
        .last_location
        .clone()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(app.store.article_communes(id).await.unwrap().len(), 1);
}
