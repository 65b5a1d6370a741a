//! Files attached to an article: who may cache them, revalidation, and
//! uploads that arrive at the same moment.

use comcom_core::{SpaceKind, Visibility};
use comcom_store::articles::{ArticleDraft, ArticleImage, ArticleStatus};
use comcom_store::spaces::{NewSpace, SpaceRecord};
use reqwest::multipart::{Form, Part};

use crate::helpers::{Browser, TestApp};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

struct Setup {
    app: TestApp,
    browser: Browser,
    cookie: String,
    article: i64,
    edit: String,
    upload: String,
}

/// An admin signed in, and a published article with an image in a new
/// space of this visibility.
async fn setup(visibility: Visibility) -> Setup {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space: SpaceRecord = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Commission,
            visibility,
            name: "Commission eau",
            description: "",
        })
        .await
        .unwrap();
    let draft = ArticleDraft {
        title: "Enquête sur le zonage",
        body: "Le dossier est joint.",
        status: ArticleStatus::Published,
        publish_at: None,
        communes: &[],
    };
    let image = ArticleImage {
        bytes: PNG.to_vec(),
        content_type: "image/png".into(),
        alt: "La station".into(),
    };
    let article = app
        .store
        .create_article(t.id, space.id, None, &draft, Some(&image))
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
    let page = format!("/espaces/{}/actualites/{article}", space.slug);
    let edit = format!("{page}/modifier");
    let form = browser.get(&edit).await;
    assert_eq!(browser.last_status, 200, "{form}");
    let marker = format!("action=\"{page}/fichiers?csrf=");
    let start = form.find(&marker).expect("the upload form") + 8;
    let rest = &form[start..];
    let upload = rest[..rest.find('"').unwrap()].replace("&amp;", "&");
    let cookie = format!(
        "comcom_session={}; comcom_csrf={}",
        browser.cookie("comcom_session").unwrap(),
        browser.cookie("comcom_csrf").unwrap()
    );
    Setup {
        app,
        browser,
        cookie,
        article,
        edit,
        upload,
    }
}

fn pdf_form(name: &str) -> Form {
    let pdf = comcom_files::pdf::tiny_pdf(&[name]);
    Form::new().part("file", Part::bytes(pdf).file_name(format!("{name}.pdf")))
}

async fn get(s: &Setup, path: &str, if_none_match: Option<&str>) -> reqwest::Response {
    let mut request = s
        .app
        .client
        .get(s.app.url(path))
        .header("Cookie", &s.cookie);
    if let Some(tags) = if_none_match {
        request = request.header("If-None-Match", tags);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn files_of_a_restricted_space_are_never_kept_by_shared_caches() {
    let mut s = setup(Visibility::Restricted).await;
    let upload = s.upload.clone();
    s.browser
        .post_multipart(&upload, pdf_form("Avis confidentiel"))
        .await;
    assert_eq!(s.browser.last_status, 303);
    let files = s.app.store.article_attachments(s.article).await.unwrap();
    let pdf = format!("/actualites/{}/fichiers/{}", s.article, files[0].id);
    let image = format!("/actualites/{}/image", s.article);

    for path in [&pdf, &image] {
        let response = get(&s, path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "private, no-store",
            "{path}"
        );
        assert_eq!(response.headers()["vary"], "Cookie", "{path}");
        // Nobody outside the space gets it (sent to sign in).
        assert_eq!(s.app.get(path).await.status(), 303, "{path}");
    }

    // Revalidation: the same tag, strong or weak, or in a list, gives 304.
    let etag = get(&s, &pdf, None).await.headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(etag, format!("\"{}\"", files[0].sha256));
    for tags in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"autre\", {etag}"),
    ] {
        let response = get(&s, &pdf, Some(&tags)).await;
        assert_eq!(response.status(), 304, "If-None-Match: {tags}");
        assert_eq!(response.headers()["etag"], etag.as_str());
        assert_eq!(response.headers()["cache-control"], "private, no-store");
        assert!(response.bytes().await.unwrap().is_empty());
    }
    let response = get(&s, &pdf, Some("\"autre\"")).await;
    assert_eq!(response.status(), 200);
    // Revalidating still checks the permission.
    let response = s
        .app
        .client
        .get(s.app.url(&pdf))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn files_of_a_live_article_in_a_public_space_may_be_cached() {
    let mut s = setup(Visibility::Public).await;
    let upload = s.upload.clone();
    s.browser
        .post_multipart(&upload, pdf_form("Avis public"))
        .await;
    assert_eq!(s.browser.last_status, 303);
    let files = s.app.store.article_attachments(s.article).await.unwrap();
    let pdf = format!("/actualites/{}/fichiers/{}", s.article, files[0].id);
    let image = format!("/actualites/{}/image", s.article);
    for path in [&pdf, &image] {
        let response = s.app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
    }
}

#[tokio::test]
async fn twelve_uploads_at_once_store_ten_files_in_distinct_positions() {
    let s = setup(Visibility::Restricted).await;
    let mut uploads = tokio::task::JoinSet::new();
    for i in 0..12 {
        let request = s
            .app
            .client
            .post(s.app.url(&s.upload))
            .header("Cookie", &s.cookie)
            .multipart(pdf_form(&format!("Piece {i}")));
        uploads.spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        });
    }
    let answers = uploads.join_all().await;
    let accepted = answers.iter().filter(|(status, _)| *status == 303).count();
    for (status, body) in &answers {
        assert!(*status == 303 || *status == 422, "status {status}: {body}");
        if *status == 422 {
            assert!(
                body.contains("Un article porte au plus 10 pièces jointes"),
                "{body}"
            );
        }
    }
    let files = s.app.store.article_attachments(s.article).await.unwrap();
    assert_eq!(accepted, 10);
    assert_eq!(files.len(), 10);
    let mut positions: Vec<i64> = files.iter().map(|f| f.position).collect();
    positions.sort();
    positions.dedup();
    assert_eq!(positions.len(), 10, "{positions:?}");
    let _ = &s.edit;
}
