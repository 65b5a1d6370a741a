//! Public feeds and calendars: an item that leaves them makes them newer
//! (their `Last-Modified` never goes back), and agendas keep their lines.

use chrono::TimeZone;
use comcom_core::{SpaceKind, Visibility};
use comcom_store::articles::{ArticleDraft, ArticleStatus, ImageChange};
use comcom_store::meetings::MeetingFields;
use comcom_store::spaces::NewSpace;

use crate::helpers::TestApp;

async fn public_space(app: &TestApp) -> comcom_store::spaces::SpaceRecord {
    let t = app.store.first_territory().await.unwrap().unwrap();
    app.store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::Territory,
            visibility: Visibility::Public,
            name: "Conseil communautaire",
            description: "",
        })
        .await
        .unwrap()
}

/// GET `path` with `If-Modified-Since`: its status, `Last-Modified` and body.
async fn since(app: &TestApp, path: &str, date: &str) -> (u16, String, String) {
    let response = app
        .client
        .get(app.url(path))
        .header("If-Modified-Since", date)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let modified = response.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    (status, modified, response.text().await.unwrap())
}

fn date(http: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc2822(http).unwrap().to_utc()
}

#[tokio::test]
async fn an_unpublished_article_makes_the_feed_newer() {
    let app = TestApp::spawn().await;
    let space = public_space(&app).await;
    let draft = |title, status| ArticleDraft {
        title,
        body: "Texte.",
        status,
        publish_at: None,
        communes: &[],
    };
    for title in ["Travaux de voirie", "Fermeture de la piscine"] {
        app.store
            .create_article(
                space.territory_id,
                space.id,
                None,
                &draft(title, ArticleStatus::Published),
                None,
            )
            .await
            .unwrap();
    }
    let first = app.get("/feed.atom").await;
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        first
            .text()
            .await
            .unwrap()
            .contains("Fermeture de la piscine")
    );
    assert_eq!(since(&app, "/feed.atom", &modified).await.0, 304);

    // HTTP dates count whole seconds.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let newest = app
        .store
        .public_articles(space.territory_id, 1, 0)
        .await
        .unwrap()[0]
        .id;
    app.store
        .update_article(
            newest,
            &draft("Fermeture de la piscine", ArticleStatus::Draft),
            ImageChange::Keep { alt: None },
        )
        .await
        .unwrap();
    for path in ["/feed.atom", "/feed.rss", "/feed.json"] {
        let (status, now, body) = since(&app, path, &modified).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            date(&now) > date(&modified),
            "{path}: {now} after {modified}"
        );
        assert!(!body.contains("Fermeture de la piscine"), "{path}");
        assert!(body.contains("Travaux de voirie"), "{path}");
    }
}

#[tokio::test]
async fn a_meeting_no_longer_public_makes_the_calendar_newer_and_agendas_keep_their_lines() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space = public_space(&app).await;
    let person = app
        .store
        .create_account(Some(t.id), "Agent", "agent@vercors.example")
        .await
        .unwrap()
        .person_id;
    let start = chrono::Utc.with_ymd_and_hms(2040, 6, 15, 16, 0, 0).unwrap();
    let fields = |open| MeetingFields {
        title: "Conseil de juin",
        agenda: "Ligne 1\nLigne 2",
        starts_at: start,
        ends_at: start + chrono::Duration::hours(2),
        place: "Salle du conseil",
        visio: false,
        open_to_public: open,
        invitees: &[],
    };
    let meeting = app
        .store
        .create_meeting(space.id, person, &fields(true), "vercors.example", |_| {
            Vec::new()
        })
        .await
        .unwrap();
    let first = app.get("/agenda.ics").await;
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = first.text().await.unwrap();
    assert!(
        body.contains("\r\nDESCRIPTION:Ligne 1\\nLigne 2\r\n"),
        "{body}"
    );
    assert_eq!(since(&app, "/agenda.ics", &modified).await.0, 304);

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.store
        .update_meeting(
            meeting.id,
            meeting.sequence,
            &fields(false),
            "vercors.example",
            |_, _| Vec::new(),
        )
        .await
        .unwrap()
        .unwrap();
    let (status, now, body) = since(&app, "/agenda.ics", &modified).await;
    assert_eq!(status, 200);
    assert!(date(&now) > date(&modified), "{now} after {modified}");
    assert!(!body.contains("Conseil de juin"), "{body}");
}
