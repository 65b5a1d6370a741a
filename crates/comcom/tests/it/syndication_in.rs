//! Inbound syndication: the communes' feeds read from a real HTTP server on
//! loopback (conditional GET, 429 and Retry-After, redirects, oversize and
//! slow bodies, charsets, autodiscovery), private addresses refused, the
//! `feeds` command, the approval queue and the pages that show the items.

use std::collections::HashMap;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use comcom::syndication::{FeedSettings, Poller};
use comcom_core::InseeCode;
use comcom_store::Store;
use comcom_store::feed_sources::{FeedSource, ItemStatus};
use comcom_store::syndication::{ApprovalMode, Charter};
use comcom_syndication::{AllowPrivate, FetchPolicy};

use crate::helpers::{TestDb, VERCORS};

/// Engins, a Vercors commune.
const ENGINS: &str = "38153";

/// A commune site's feeds, with its own small documents (none copied from elsewhere).
#[derive(Clone, Default)]
struct Site {
    hits: Arc<Mutex<HashMap<String, usize>>>,
    /// The `If-None-Match` headers received on /feed.xml.
    conditional: Arc<Mutex<Vec<String>>>,
    /// Changed by tests: the item titles of /feed.xml.
    titles: Arc<Mutex<Vec<String>>>,
    busy_left: Arc<AtomicUsize>,
}

const HOSTILE: &str = r#"<p onmouseover="steal()">Marché de Noël<script>alert(document.cookie)</script>
<a href="javascript:alert(1)">clic</a> <a href="/programme.pdf">programme</a>
<img src="x.png" onerror="alert(1)"><iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="password"></form>
<span style="position:fixed;top:0">cover</span></p>"#;

fn rss(titles: &[String]) -> String {
    let items: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "<item><title>{t}</title><link>/actualites/{i}</link><guid>https://engins.example/actualites/{i}</guid>\
                 <pubDate>Fri, 04 Dec 2026 1{i}:00:00 +0100</pubDate><description><![CDATA[<p>Texte {i}</p>]]></description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Mairie d’Engins</title>\
         <link>https://engins.example/</link>{items}</channel></rss>"
    )
}

impl Site {
    fn hit(&self, what: &str) {
        *self
            .hits
            .lock()
            .unwrap()
            .entry(what.to_owned())
            .or_default() += 1;
    }

    fn hits(&self, what: &str) -> usize {
        self.hits.lock().unwrap().get(what).copied().unwrap_or(0)
    }

    async fn serve(self) -> String {
        let app = Router::new()
            .route("/feed.xml", get(feed))
            .route("/home", get(home))
            .route("/latin1.xml", get(latin1))
            .route("/hostile.xml", get(hostile))
            .route("/busy.xml", get(busy))
            .route("/redirect/{n}", get(redirect))
            .route("/big.xml", get(big))
            .route("/slow.xml", get(slow))
            .route("/to-private", get(to_private))
            .with_state(self);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        address
    }
}

async fn feed(State(site): State<Site>, headers: HeaderMap) -> Response {
    site.hit("feed");
    let body = rss(&site.titles.lock().unwrap());
    let etag = comcom_feeds::etag(&body);
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        site.conditional.lock().unwrap().push(inm.to_owned());
        if inm == etag {
            return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
        }
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml".to_owned()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, "max-age=3600".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn home(State(site): State<Site>) -> Response {
    site.hit("home");
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        r#"<!DOCTYPE html><html lang="fr"><head><title>Engins</title>
        <link rel="alternate" type="application/rss+xml" title="Actualités" href="/feed.xml"></head>
        <body><h1>Mairie d’Engins</h1></body></html>"#,
    )
        .into_response()
}

/// ISO-8859-1 said only by the HTTP header.
async fn latin1() -> Response {
    let mut body = b"<rss version=\"2.0\"><channel><title>Engins</title><item><title>F".to_vec();
    body.push(0xea); // ê
    body.extend_from_slice(b"te de l");
    body.push(0x92); // ’ in Windows-1252
    body.extend_from_slice(
        b"\xe9t\xe9</title><link>https://engins.example/fete</link></item></channel></rss>",
    );
    (
        [(header::CONTENT_TYPE, "text/xml; charset=ISO-8859-1")],
        body,
    )
        .into_response()
}

async fn hostile() -> Response {
    let body = format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Engins</title>\
         <id>urn:engins</id><updated>2026-12-04T10:00:00Z</updated>\
         <entry><id>urn:engins:noel</id><title>Marché &lt;script&gt;alert(1)&lt;/script&gt; de Noël</title>\
         <updated>2026-12-04T10:00:00Z</updated><link href=\"https://engins.example/noel\"/>\
         <content type=\"html\">{}</content></entry></feed>",
        HOSTILE
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    );
    ([(header::CONTENT_TYPE, "application/atom+xml")], body).into_response()
}

async fn busy(State(site): State<Site>) -> Response {
    site.hit("busy");
    if site.busy_left.load(Ordering::SeqCst) > 0 {
        site.busy_left.fetch_sub(1, Ordering::SeqCst);
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "7200")],
            "",
        )
            .into_response();
    }
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        rss(&["Enfin".to_owned()]),
    )
        .into_response()
}

async fn redirect(Path(n): Path<u32>) -> Response {
    let next = if n == 0 {
        "/feed.xml".to_owned()
    } else {
        format!("/redirect/{}", n - 1)
    };
    (StatusCode::FOUND, [(header::LOCATION, next)]).into_response()
}

async fn big() -> Response {
    let filler = "x".repeat(300 * 1024);
    let body = format!("<rss version=\"2.0\"><channel><title>{filler}</title></channel></rss>");
    // Streamed in chunks, without Content-Length: the limit applies while reading.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = body
        .into_bytes()
        .chunks(16 * 1024)
        .map(|c| Ok(c.to_vec()))
        .collect();
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        axum::body::Body::from_stream(futures_util::stream::iter(chunks)),
    )
        .into_response()
}

async fn slow() -> Response {
    tokio::time::sleep(StdDuration::from_secs(5)).await;
    ([(header::CONTENT_TYPE, "application/rss+xml")], rss(&[])).into_response()
}

async fn to_private() -> Response {
    (
        StatusCode::FOUND,
        [(header::LOCATION, "http://10.255.255.1/feed.xml")],
    )
        .into_response()
}

fn settings(allow: AllowPrivate) -> FeedSettings {
    FeedSettings {
        policy: FetchPolicy {
            allow_private: allow,
            max_bytes: 64 * 1024,
            timeout: StdDuration::from_secs(2),
            max_redirects: 5,
        },
        interval: chrono::Duration::minutes(30),
        max_items: 200,
    }
}

fn loopback() -> AllowPrivate {
    AllowPrivate::parse("127.0.0.0/8").unwrap()
}

async fn engins(store: &Store) -> (i64, i64) {
    let territory = store.first_territory().await.unwrap().unwrap();
    let commune = store
        .commune(territory.id, &InseeCode::parse(ENGINS).unwrap())
        .await
        .unwrap()
        .unwrap();
    (territory.id, commune.id)
}

async fn source(store: &Store, url: &str) -> FeedSource {
    let (_, commune_id) = engins(store).await;
    let id = store
        .add_feed_source(commune_id, url, "", None)
        .await
        .unwrap()
        .unwrap();
    store.feed_source(id).await.unwrap().unwrap()
}

/// Polls the source as its scheduled job would, and reads it back.
async fn poll(poller: &Poller, source_id: i64) -> FeedSource {
    let s = poller.store.feed_source(source_id).await.unwrap().unwrap();
    let report = poller.run_job(s.id, s.poll_job_id.unwrap()).await.unwrap();
    assert!(report.acted, "{report:?}");
    poller.store.feed_source(source_id).await.unwrap().unwrap()
}

async fn store_with_vercors() -> (TestDb, Store) {
    let db = TestDb::new().await;
    let store = db.store().await;
    let territory =
        comcom_core::catalogue::find(&comcom_core::Siren::parse(VERCORS).unwrap()).unwrap();
    store.add_territory(territory).await.unwrap();
    (db, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_is_read_then_asked_again_conditionally_and_items_wait_for_approval() {
    let (_db, store) = store_with_vercors().await;
    let site = Site::default();
    *site.titles.lock().unwrap() = vec!["Fête du pain".into(), "Travaux rue des Écoles".into()];
    let address = site.clone().serve().await;
    let poller = Poller::new(store.clone(), settings(loopback()));
    let s = source(&store, &format!("{address}/feed.xml")).await;

    let after = poll(&poller, s.id).await;
    assert_eq!(after.title, "Mairie d’Engins");
    assert!(after.last_error.is_none(), "{:?}", after.last_error);
    assert!(after.last_success_at.is_some());
    assert!(after.etag.is_some());
    // max-age=3600 is longer than the 30-minute interval: the next poll waits for it.
    let wait = after.next_poll_at - Utc::now();
    assert!(wait > chrono::Duration::minutes(59), "{wait}");

    // The charter's default: commune items wait for an interco agent.
    let (territory_id, _) = engins(&store).await;
    let pending = store.pending_feed_items(territory_id, 50).await.unwrap();
    let titles: Vec<&str> = pending.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Fête du pain", "Travaux rue des Écoles"]);
    assert_eq!(
        pending[0].link.as_deref(),
        Some(&*format!("{address}/actualites/0"))
    );
    assert_eq!(pending[0].content_html, "<p>Texte 0</p>");
    assert!(
        store
            .accepted_feed_items(
                territory_id,
                None,
                Utc::now() - chrono::Duration::days(400),
                50
            )
            .await
            .unwrap()
            .is_empty()
    );

    // Unchanged: 304, nothing new, and the ETag was sent back.
    let again = poll(&poller, s.id).await;
    assert!(again.last_error.is_none());
    assert_eq!(
        site.conditional.lock().unwrap().as_slice(),
        [after.etag.clone().unwrap()]
    );
    assert_eq!(
        store
            .pending_feed_items(territory_id, 50)
            .await
            .unwrap()
            .len(),
        2
    );

    // A new item and a corrected one: one more item, none duplicated.
    *site.titles.lock().unwrap() = vec![
        "Fête du pain (reportée)".into(),
        "Travaux rue des Écoles".into(),
        "Conseil municipal".into(),
    ];
    poll(&poller, s.id).await;
    let pending = store.pending_feed_items(territory_id, 50).await.unwrap();
    let titles: Vec<&str> = pending.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Fête du pain (reportée)",
            "Travaux rue des Écoles",
            "Conseil municipal"
        ]
    );
    assert_eq!(site.hits("feed"), 3);

    // A job claimed again after its result was recorded does nothing.
    let report = poller.run_job(s.id, s.poll_job_id.unwrap()).await.unwrap();
    assert!(!report.acted);
    assert_eq!(site.hits("feed"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_charter_may_accept_every_item_and_items_past_retention_are_not_kept() {
    let (_db, store) = store_with_vercors().await;
    let (territory_id, commune_id) = engins(&store).await;
    let mut charter = Charter::default_for(territory_id);
    charter.inbound_approval = ApprovalMode::AcceptAll;
    charter.retention_days = 3650;
    store
        .save_syndication_charter(&charter, None)
        .await
        .unwrap();
    let site = Site::default();
    *site.titles.lock().unwrap() = vec!["Fête du pain".into()];
    let address = site.clone().serve().await;
    let poller = Poller::new(store.clone(), settings(loopback()));
    let s = source(&store, &format!("{address}/feed.xml")).await;
    poll(&poller, s.id).await;
    let shown = store
        .accepted_feed_items(
            territory_id,
            Some(commune_id),
            Utc::now() - chrono::Duration::days(3650),
            10,
        )
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].status, ItemStatus::Accepted);
    assert_eq!(shown[0].commune_name, "Engins");

    // Kept 1 day only: an item dated 2026-12-04 is kept or not depending on today.
    charter.retention_days = 1;
    store
        .save_syndication_charter(&charter, None)
        .await
        .unwrap();
    let recent = store
        .accepted_feed_items(
            territory_id,
            None,
            Utc::now() - chrono::Duration::days(1),
            10,
        )
        .await
        .unwrap();
    let expected = usize::from(shown[0].sort_at > Utc::now() - chrono::Duration::days(1));
    assert_eq!(recent.len(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_server_is_left_alone_as_long_as_it_asks() {
    let (_db, store) = store_with_vercors().await;
    let site = Site::default();
    site.busy_left.store(1, Ordering::SeqCst);
    let address = site.clone().serve().await;
    let poller = Poller::new(store.clone(), settings(loopback()));
    let s = source(&store, &format!("{address}/busy.xml")).await;
    let after = poll(&poller, s.id).await;
    let (error, detail) = after.last_error.clone().unwrap();
    assert_eq!(
        (error.as_str(), detail.as_str()),
        ("feed-fetch-too-many-requests", "429")
    );
    assert_eq!(after.failures, 1);
    let wait = after.next_poll_at - Utc::now();
    assert!(
        wait > chrono::Duration::minutes(119),
        "Retry-After: 7200 was not honoured: {wait}"
    );
    // The next poll succeeds and clears the error.
    let later = poll(&poller, s.id).await;
    assert!(later.last_error.is_none());
    assert_eq!(later.failures, 0);
    assert_eq!(site.hits("busy"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_back_off_and_are_explained() {
    let (_db, store) = store_with_vercors().await;
    let site = Site::default();
    let address = site.clone().serve().await;
    let poller = Poller::new(store.clone(), settings(loopback()));

    let cases = [
        ("/redirect/4", None),
        ("/redirect/9", Some(("feed-fetch-redirects", "5"))),
        ("/big.xml", Some(("feed-fetch-too-large", "65536"))),
        ("/slow.xml", Some(("feed-fetch-timeout", ""))),
        ("/nothing-here.xml", Some(("feed-fetch-gone", "404"))),
        ("/home", None),
        ("/to-private", Some(("feed-fetch-refused", "10.255.255.1"))),
    ];
    for (path, expected) in cases {
        let s = source(&store, &format!("{address}{path}")).await;
        let after = poll(&poller, s.id).await;
        let got = after
            .last_error
            .as_ref()
            .map(|(e, d)| (e.as_str(), d.as_str()));
        assert_eq!(got, expected, "{path}");
        if expected.is_some() {
            assert_eq!(after.failures, 1, "{path}");
            let first = after.next_poll_at - Utc::now();
            let second = poll(&poller, s.id).await;
            let backoff = second.next_poll_at - Utc::now();
            assert!(
                backoff > first + chrono::Duration::minutes(25),
                "{path}: {first} then {backoff}"
            );
        }
    }
    // The home page's announced feed replaced the page's address.
    let sources = store.feed_sources(None).await.unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s.url == format!("{address}/feed.xml"))
    );
    assert!(!sources.iter().any(|s| s.url.ends_with("/home")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_and_loopback_addresses_are_refused_unless_allowed() {
    let (_db, store) = store_with_vercors().await;
    let site = Site::default();
    let address = site.clone().serve().await;
    let port = address.rsplit(':').next().unwrap();
    let poller = Poller::new(store.clone(), settings(AllowPrivate::None));
    for url in [
        format!("{address}/feed.xml"),
        format!("http://localhost:{port}/feed.xml"),
        format!("http://[::1]:{port}/feed.xml"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
    ] {
        let s = source(&store, &url).await;
        let after = poll(&poller, s.id).await;
        let (error, _) = after.last_error.clone().unwrap();
        assert_eq!(error, "feed-fetch-refused", "{url}");
    }
    assert_eq!(site.hits("feed"), 0, "nothing reached the private server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charsets_and_hostile_html_are_handled_on_the_poller_path() {
    let (_db, store) = store_with_vercors().await;
    let (territory_id, _) = engins(&store).await;
    let site = Site::default();
    let address = site.clone().serve().await;
    let poller = Poller::new(store.clone(), settings(loopback()));
    for path in ["/latin1.xml", "/hostile.xml"] {
        let s = source(&store, &format!("{address}{path}")).await;
        let after = poll(&poller, s.id).await;
        assert!(after.last_error.is_none(), "{path}: {:?}", after.last_error);
    }
    let items = store.pending_feed_items(territory_id, 10).await.unwrap();
    let latin1 = items
        .iter()
        .find(|i| i.link.as_deref() == Some("https://engins.example/fete"))
        .unwrap();
    assert_eq!(latin1.title, "Fête de l’été");
    let hostile = items
        .iter()
        .find(|i| i.link.as_deref() == Some("https://engins.example/noel"))
        .unwrap();
    assert_eq!(
        hostile.title, "Marché <script>alert(1)</script> de Noël",
        "a title is text"
    );
    let html = &hostile.content_html;
    for bad in [
        "<script",
        "onmouseover",
        "onerror",
        "javascript:",
        "<iframe",
        "<form",
        "<input",
        "style=",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(
        html.contains(&format!("href=\"{address}/programme.pdf\"")),
        "{html}"
    );
    assert!(html.contains("Marché de Noël"));
}

/// The `comcom` binary with a database and feed settings.
fn comcom(db: &TestDb, lang: &str, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_comcom"));
    command
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", lang)
        .env_remove("COMCOM_FEEDS_ALLOW_PRIVATE");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("the comcom binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_inspect_shows_what_would_be_stored_or_why_not() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("engins.xml");
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Engins</title>\
        <item><title>R\xe9union publique</title><link>actus/reunion</link><guid isPermaLink=\"false\">engins-42</guid>\
        <pubDate>Fri, 04 Dec 2026 14:30:00 +0100</pubDate>\
        <description>&lt;p onclick=\"x()\"&gt;Salle des f\xeates &lt;a href=\"plan.pdf\"&gt;plan&lt;/a&gt;&lt;script&gt;x()&lt;/script&gt;&lt;/p&gt;</description>\
        </item></channel></rss>".to_vec();
    latin1.extend_from_slice(b"\n");
    std::fs::write(&file, &latin1).unwrap();
    let path = file.to_str().unwrap();

    let (code, out, err) = comcom(
        &db,
        "fr",
        &[],
        &[
            "feeds",
            "inspect",
            path,
            "--base",
            "https://engins.example/feed/",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0],
        serde_json::json!({
            "id": "engins-42",
            "title": "Réunion publique",
            "link": "https://engins.example/feed/actus/reunion",
            "published": "2026-12-04T13:30:00Z",
            // feed-rs gives an RSS item its publication date as its update date.
            "updated": "2026-12-04T13:30:00Z",
            "content_html": "<p>Salle des fêtes <a href=\"https://engins.example/feed/plan.pdf\" rel=\"noopener noreferrer\">plan</a></p>"
        })
    );

    // Over HTTP, from a home page: the announced feed is read.
    let site = Site::default();
    *site.titles.lock().unwrap() = vec!["Fête du pain".into()];
    let address = site.clone().serve().await;
    let allow = [("COMCOM_FEEDS_ALLOW_PRIVATE", "127.0.0.1/32")];
    let (code, out, err) = comcom(
        &db,
        "fr",
        &allow,
        &["feeds", "inspect", &format!("{address}/home")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("{address}/feed.xml")), "{err}");
    assert!(out.contains("\"title\":\"Fête du pain\""), "{out}");

    // Why not, in plain words.
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
    )
    .unwrap();
    let empty = dir.path().join("empty.xml");
    std::fs::write(&empty, "  \n").unwrap();
    let broken = dir.path().join("broken.xml");
    std::fs::write(
        &broken,
        "<rss version=\"2.0\"><channel><item><title>x</item></channel>",
    )
    .unwrap();
    type Case<'a> = (String, &'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            page.display().to_string(),
            &[],
            "c’est une page web, pas un flux",
            "this is a web page, not a feed",
        ),
        (
            empty.display().to_string(),
            &[],
            "le document est vide",
            "the document is empty",
        ),
        (
            broken.display().to_string(),
            &[],
            "le document est mal formé",
            "the document is malformed",
        ),
        (
            format!("{address}/feed.xml"),
            &[],
            "réseau privé ou local",
            "private or local network",
        ),
        (
            format!("{address}/big.xml"),
            &[
                ("COMCOM_FEEDS_ALLOW_PRIVATE", "true"),
                ("COMCOM_FEEDS_MAX_BYTES", "10000"),
            ],
            "dépasse la taille permise (10000 octets)",
            "larger than allowed (10000 bytes)",
        ),
        (
            "ftp://engins.example/feed".to_owned(),
            &[],
            "n’est pas une adresse http ou https",
            "is not an http or https address",
        ),
    ];
    for (source, env, fr, en) in &cases {
        let (code, out, err) = comcom(&db, "fr", env, &["feeds", "inspect", source]);
        assert_eq!(code, 1, "{source}: {out}");
        assert!(out.is_empty());
        assert!(
            err.starts_with("Erreur\u{a0}: Ce flux ne peut pas être lu\u{a0}: "),
            "{err}"
        );
        assert!(err.contains(fr), "{source}: {err}");
        let (code, _, err) = comcom(&db, "en", env, &["feeds", "inspect", source]);
        assert_eq!(code, 1);
        assert!(err.contains(en), "{source}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_add_list_poll_and_remove_from_the_command_line() {
    let db = TestDb::new().await;
    let (code, _, err) = comcom(&db, "fr", &[], &["init", "--epci", VERCORS]);
    assert_eq!(code, 0, "{err}");
    let site = Site::default();
    *site.titles.lock().unwrap() = vec!["Fête du pain".into()];
    let address = site.clone().serve().await;
    let allow = [("COMCOM_FEEDS_ALLOW_PRIVATE", "127.0.0.1/32")];

    let (code, out, err) = comcom(
        &db,
        "fr",
        &allow,
        &[
            "feeds",
            "add",
            "--commune",
            ENGINS,
            &format!("{address}/home"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!("Flux n°\u{a0}1 enregistré pour Engins\u{a0}: {address}/feed.xml")
    );
    let (code, out, _) = comcom(
        &db,
        "fr",
        &allow,
        &[
            "feeds",
            "add",
            "--commune",
            ENGINS,
            &format!("{address}/feed.xml"),
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("déjà enregistré pour Engins"), "{out}");
    let (code, _, err) = comcom(
        &db,
        "fr",
        &allow,
        &[
            "feeds",
            "add",
            "--commune",
            "99999",
            &format!("{address}/feed.xml"),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("Aucune commune de code INSEE 99999"), "{err}");
    let (code, _, err) = comcom(
        &db,
        "fr",
        &[],
        &[
            "feeds",
            "add",
            "--commune",
            ENGINS,
            &format!("{address}/feed.xml"),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("réseau privé ou local"), "{err}");

    let (code, out, err) = comcom(&db, "fr", &allow, &["feeds", "poll"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "Tournée faite\u{a0}: un flux relevé.");
    let (_, out, _) = comcom(&db, "fr", &allow, &["feeds", "list"]);
    assert!(
        out.contains(&format!(
            "n°\u{a0}1 · Engins · {address}/feed.xml · Dernière relève réussie"
        )),
        "{out}"
    );

    let store = db.store().await;
    let (territory_id, _) = engins(&store).await;
    assert_eq!(
        store
            .pending_feed_items(territory_id, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    store.close().await;

    let (code, out, _) = comcom(&db, "en", &allow, &["feeds", "remove", "1"]);
    assert_eq!((code, out.trim()), (0, "Feed no. 1 removed."));
    let (code, _, err) = comcom(&db, "en", &allow, &["feeds", "remove", "1"]);
    assert_eq!((code, err.trim()), (1, "Error: No feed no. 1."));
}

/// Reads a feed with Python's feedparser and the project's strict checks.
fn independent_read(body: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.xml");
    std::fs::write(&file, body).unwrap();
    let output = Command::new("python3")
        .arg(crate::helpers::repo_root().join("tests/check_feed.py"))
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interco_agent_approves_commune_news_which_then_appears_sanitized_with_attribution() {
    use comcom_core::Role;
    use comcom_store::mandates::NewMandate;

    let app = crate::helpers::TestApp::spawn().await;
    let store = &app.store;
    let (territory_id, _) = engins(store).await;
    let admin = store
        .create_account(Some(territory_id), "Agent Com", "com@vercors.example")
        .await
        .unwrap();
    store
        .grant_admin(admin.person_id, Some(territory_id))
        .await
        .unwrap();
    let staff = store
        .create_account(
            Some(territory_id),
            "Chargée de com",
            "staff@vercors.example",
        )
        .await
        .unwrap();
    store
        .add_mandate(&NewMandate {
            person_id: staff.person_id,
            territory_id,
            commune_id: None,
            role: Role::IntercoStaff,
            function: None,
            organisation: None,
            start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        })
        .await
        .unwrap();
    let inhabitant = store
        .create_account(Some(territory_id), "Habitant", "habitant@vercors.example")
        .await
        .unwrap();

    // The commune's site: a plain feed and a hostile one.
    let site = Site::default();
    *site.titles.lock().unwrap() = vec!["Fête du pain".into(), "Déneigement".into()];
    let address = site.clone().serve().await;

    // An administrator registers the commune's home page and the hostile feed.
    let mut browser = crate::helpers::Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let page = browser.get("/admin/flux-communes").await;
    assert_eq!(browser.last_status, 200, "{page}");
    assert!(page.contains("Aucun flux enregistré"));
    browser
        .post(
            "/admin/flux-communes",
            &[("commune", ENGINS), ("url", "pas une adresse")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    browser
        .post(
            "/admin/flux-communes",
            &[("commune", ENGINS), ("url", &format!("{address}/home"))],
        )
        .await;
    assert_eq!(
        browser.last_location.as_deref(),
        Some("/admin/flux-communes?fait=ajout")
    );
    browser.get("/admin/flux-communes").await;
    browser
        .post(
            "/admin/flux-communes",
            &[
                ("commune", ENGINS),
                ("url", &format!("{address}/hostile.xml")),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);

    // The worker polls them (the same poller, run here at once).
    let poller = Poller::new(store.clone(), settings(loopback()));
    for source in store.feed_sources(Some(territory_id)).await.unwrap() {
        poll(&poller, source.id).await;
    }
    let page = browser.get("/admin/flux-communes").await;
    assert!(
        page.contains(&format!("{address}/feed.xml")),
        "the announced feed replaced the home page"
    );
    assert!(page.contains("Mairie d’Engins"));
    assert!(
        page.contains("<td>aucune</td>"),
        "healthy feeds show no error"
    );
    let pending = store.pending_feed_items(territory_id, 10).await.unwrap();
    assert_eq!(pending.len(), 3);

    // Nothing is public before approval.
    let (_, news) = app.page("/actualites-des-communes").await;
    assert!(news.contains("Aucune actualité des communes pour le moment."));
    let (_, commune) = app.page(&format!("/communes/{ENGINS}")).await;
    assert!(commune.contains("Aucune actualité reprise du site de la commune"));

    // Who may decide: the interco's staff, not an inhabitant nor a visitor.
    let fete = pending.iter().find(|i| i.title == "Fête du pain").unwrap();
    let noel = pending
        .iter()
        .find(|i| i.link.as_deref() == Some("https://engins.example/noel"))
        .unwrap();
    let deneigement = pending.iter().find(|i| i.title == "Déneigement").unwrap();
    let mut visitor = crate::helpers::Browser::new(&app);
    visitor.get("/admin/flux-communes").await;
    assert_eq!(visitor.last_status, 303);
    assert!(
        visitor
            .last_location
            .as_deref()
            .unwrap()
            .starts_with("/connexion")
    );
    let mut neighbour = crate::helpers::Browser::new(&app);
    neighbour.sign_in_as(&app, inhabitant.person_id).await;
    neighbour.get("/profil").await;
    neighbour.get("/admin/flux-communes").await;
    assert_eq!(neighbour.last_status, 403);
    neighbour
        .post(
            &format!("/admin/flux-communes/articles/{}/accepter", fete.id),
            &[],
        )
        .await;
    assert_eq!(neighbour.last_status, 403);

    let mut agent = crate::helpers::Browser::new(&app);
    agent.sign_in_as(&app, staff.person_id).await;
    let queue = agent.get("/admin/flux-communes").await;
    assert_eq!(agent.last_status, 200);
    assert!(
        queue.contains("Accepter «\u{202f}Fête du pain\u{202f}»"),
        "{queue}"
    );
    assert!(
        !queue.contains("Enregistrer un flux"),
        "staff review items, admins manage feeds"
    );
    for bad in [
        "<script",
        "onmouseover",
        "onerror",
        "javascript:",
        "<form action=\"https://evil",
    ] {
        assert!(!queue.contains(bad), "{bad} in the queue page");
    }
    agent
        .post(
            &format!("/admin/flux-communes/articles/{}/accepter", fete.id),
            &[],
        )
        .await;
    assert_eq!(
        agent.last_location.as_deref(),
        Some("/admin/flux-communes?fait=accepte")
    );
    agent.get("/admin/flux-communes").await;
    agent
        .post(
            &format!("/admin/flux-communes/articles/{}/accepter", noel.id),
            &[],
        )
        .await;
    agent.get("/admin/flux-communes").await;
    agent
        .post(
            &format!("/admin/flux-communes/articles/{}/refuser", deneigement.id),
            &[],
        )
        .await;
    assert_eq!(
        agent.last_location.as_deref(),
        Some("/admin/flux-communes?fait=refuse")
    );
    agent.get("/admin/flux-communes").await;
    agent
        .post(
            &format!("/admin/flux-communes/articles/{}/accepter", deneigement.id),
            &[],
        )
        .await;
    assert_eq!(
        agent.last_location.as_deref(),
        Some("/admin/flux-communes?fait=traite"),
        "a decision is final"
    );

    // Each decision is in the audit log (the repeated one is not), and an
    // administrator sees them at /admin/journal.
    let events = store
        .audit_events(
            &comcom_store::audit::AuditFilter {
                territory_id: Some(territory_id),
                kind: Some("syndication.".into()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    let seen: Vec<(&str, &str, Option<i64>)> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.detail.as_str(), e.actor_id))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "syndication.inbound_refused",
                "Déneigement",
                Some(staff.person_id)
            ),
            (
                "syndication.inbound_accepted",
                noel.title.as_str(),
                Some(staff.person_id)
            ),
            (
                "syndication.inbound_accepted",
                "Fête du pain",
                Some(staff.person_id)
            ),
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| e.commune_name.as_deref() == Some("Engins"))
    );
    let mut auditor = crate::helpers::Browser::new(&app);
    auditor.sign_in_as(&app, admin.person_id).await;
    let journal = auditor.get("/admin/journal?genre=syndication.").await;
    assert_eq!(auditor.last_status, 200);
    assert_eq!(
        journal
            .matches("<td>Article d’une commune accepté pour le site de l’intercommunalité</td>")
            .count(),
        2,
        "{journal}"
    );
    assert!(
        journal
            .contains("<td>Article d’une commune refusé pour le site de l’intercommunalité</td>")
    );

    // Now public, with attribution and a link back; the refused one never.
    let (status, news) = app.page("/actualites-des-communes").await;
    assert_eq!(status, 200);
    assert!(
        news.contains(&format!(
            "<a href=\"{address}/actualites/0\" rel=\"noopener\">Fête du pain</a>"
        )),
        "{news}"
    );
    assert!(news.contains("Publié par Engins sur son site"));
    assert!(news.contains("Lire sur le site de la commune"));
    assert!(!news.contains("Déneigement"));
    let shown_title = news
        .find("de Noël</a>")
        .map(|end| &news[end.saturating_sub(60)..end + 11]);
    assert!(
        news.contains("Marché &#60;script&#62;alert(1)&#60;/script&#62; de Noël"),
        "a title is shown as text: {shown_title:?}"
    );
    for bad in [
        "<script",
        "onmouseover",
        "onerror",
        "javascript:",
        "<iframe",
        "evil.example",
        "<input name=\"password",
        "style=\"position",
    ] {
        assert!(!news.contains(bad), "{bad} on the public page");
    }
    let (_, commune) = app.page(&format!("/communes/{ENGINS}")).await;
    assert!(commune.contains("Fête du pain"));
    assert!(!commune.contains("Aucune actualité reprise"));
    let (_, other) = app.page("/communes/38129").await;
    assert!(
        !other.contains("Fête du pain"),
        "a commune's zone shows its own news"
    );

    // The combined feed, read by an independent parser.
    let response = app.get("/actualites-des-communes/feed.atom").await;
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let body = response.text().await.unwrap();
    let feed = independent_read(&body);
    assert_eq!(feed["violations"], serde_json::json!([]), "{body}");
    assert_eq!(feed["bozo"], false);
    let entries = feed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let fete_entry = entries
        .iter()
        .find(|e| e["title"] == "Fête du pain")
        .unwrap();
    assert_eq!(fete_entry["link"], format!("{address}/actualites/0"));
    assert_eq!(fete_entry["author"], "Engins");
    let noel_entry = entries
        .iter()
        .find(|e| e["link"] == "https://engins.example/noel")
        .unwrap();
    let content = noel_entry["content"][0]["value"].as_str().unwrap();
    assert!(
        !content.contains("<script") && !content.contains("onmouseover"),
        "{content}"
    );
    let again = app
        .client
        .get(app.url("/actualites-des-communes/feed.atom"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // Removing the feed removes its items.
    let noel_source = store
        .feed_sources(Some(territory_id))
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.url.ends_with("/hostile.xml"))
        .unwrap();
    browser.get("/admin/flux-communes").await;
    browser
        .post(
            &format!("/admin/flux-communes/{}/retirer", noel_source.id),
            &[],
        )
        .await;
    assert_eq!(
        browser.last_location.as_deref(),
        Some("/admin/flux-communes?fait=retrait")
    );
    let (_, news) = app.page("/actualites-des-communes").await;
    assert!(!news.contains("Noël"));
    assert!(news.contains("Fête du pain"));
}
