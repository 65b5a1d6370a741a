//! Letters to elected officials, with real parts: the synthetic Vercors
//! councillors imported, a real `comcom serve` sending over SMTP to
//! `tests/smtp_sink.py`, killed with SIGKILL in the middle and started again,
//! what arrived parsed by Python's `email` package, DKIM checked by dkimpy,
//! one-click unsubscription posted as a mail client does.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use comcom_core::{Siren, catalogue};
use comcom_store::Store;
use comcom_store::letters::LetterStatus;
use comcom_store::people::ImportOptions;

use crate::helpers::{Browser, TestApp, TestDb, repo_root};

pub struct Sink {
    child: Child,
    pub port: u16,
    folder: tempfile::TempDir,
}

impl Sink {
    pub fn start() -> Sink {
        let folder = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/smtp_sink.py"))
            .arg("--dir")
            .arg(folder.path())
            .args(["--max-seconds", "240"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs (scripts/test-deps.sh installs aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .expect("the sink's port");
        Sink {
            child,
            port,
            folder,
        }
    }

    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files
    }

    /// Messages received: (file, To address, Message-ID, is a letter).
    pub fn messages(&self) -> Vec<Received> {
        self.files()
            .into_iter()
            .map(|path| {
                let raw = std::fs::read_to_string(&path).unwrap();
                let header = |name: &str| {
                    raw.lines()
                        .take_while(|l| !l.is_empty())
                        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                        .unwrap_or("")
                        .trim()
                        .to_owned()
                };
                Received {
                    to: header("To"),
                    message_id: header("Message-ID"),
                    letter: raw.contains("\r\nList-Unsubscribe: "),
                    path,
                }
            })
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug, Clone)]
pub struct Received {
    pub path: PathBuf,
    pub to: String,
    pub message_id: String,
    pub letter: bool,
}

/// `comcom serve` as a child process, on a port of its own.
struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    async fn start(db: &TestDb, port: u16, sink: &Sink, extra: &[(&str, String)]) -> Server {
        let base = format!("http://127.0.0.1:{port}");
        let mut command = Command::new(env!("CARGO_BIN_EXE_comcom"));
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("COMCOM_DATABASE_URL", &db.url)
            .env("COMCOM_DATA_DIR", db.dir.path())
            .env("COMCOM_PUBLIC_URL", &base)
            .env(
                "COMCOM_SMTP_URL",
                format!("smtp://127.0.0.1:{}?tls=none", sink.port),
            )
            .env(
                "COMCOM_MAIL_FROM",
                "CC du Massif du Vercors <lettre@vercors.example>",
            )
            .env("COMCOM_RETRY_BASE_SECONDS", "1")
            .env("COMCOM_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in extra {
            command.env(name, value);
        }
        let child = command.spawn().unwrap();
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            let up = client
                .get(format!("{base}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "serve starts");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Server { child, base }
    }

    /// SIGKILL: no chance to record anything more.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The demo territory with its councillors, all with an address but the
/// first `without_email`; returns (territory id, addresses by person).
pub async fn vercors_with_councillors(
    store: &Store,
    without_email: usize,
) -> (i64, BTreeMap<i64, String>) {
    let vercors = catalogue::find(&Siren::parse("243801024").unwrap()).unwrap();
    store.add_territory(vercors).await.unwrap();
    for file in [
        "elus-municipaux-vercors.csv",
        "elus-communautaires-vercors.csv",
    ] {
        let bytes = std::fs::read(repo_root().join("../shared/data/elus").join(file)).unwrap();
        let options = ImportOptions {
            dry_run: false,
            today: chrono::Utc::now().date_naive(),
        };
        store.import_elus(&bytes, options).await.unwrap().unwrap();
    }
    let territory = store.first_territory().await.unwrap().unwrap();
    let mut people = Vec::new();
    for commune in store.communes(territory.id).await.unwrap() {
        for member in store.municipal_council(commune.id).await.unwrap() {
            people.push(member.person_id);
        }
    }
    people.sort();
    people.dedup();
    let mut addresses = BTreeMap::new();
    for (n, person) in people.into_iter().enumerate() {
        if n < without_email {
            continue;
        }
        let address = format!("elu{person}@communes-vercors.example");
        assert!(store.attach_email(person, &address).await.unwrap());
        addresses.insert(person, address);
    }
    (territory.id, addresses)
}

/// The communication officer: not an administrator, but allowed to write letters.
async fn officer(store: &Store, territory_id: i64) -> i64 {
    let account = store
        .create_account(
            Some(territory_id),
            "Chargée de communication",
            "communication@vercors.example",
        )
        .await
        .unwrap();
    store
        .add_letter_editor(territory_id, account.person_id)
        .await
        .unwrap();
    account.person_id
}

fn python_json(script: &str, args: &[&Path]) -> serde_json::Value {
    let output = Command::new("python3")
        .arg(repo_root().join(script))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

const SUBJECT: &str = "Lettre aux élus n° 1 — décembre : l’été à Lans-en-Vercors";
const BODY: &str = "Bonjour,\n\nLe **conseil communautaire** du 12 décembre a voté le budget.\n\n\
## Ce qui change\n\n- la déchèterie de Villard-de-Lans ouvre le samedi ;\n- [le compte rendu](/actualites).\n\n\
Bien à vous,\nLa présidente";

fn id_from(location: &str) -> i64 {
    location
        .trim_start_matches("/lettres/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_officer_sends_a_letter_to_every_councillor_once_even_when_the_server_is_killed() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let (territory_id, addresses) = vercors_with_councillors(&store, 3).await;
    let officer = officer(&store, territory_id).await;
    let sink = Sink::start();
    let port = free_port();
    let rate = [("COMCOM_LETTER_RATE", "12".to_owned())];
    let server = Server::start(&db, port, &sink, &rate).await;

    let mut browser = Browser::at(&server.base);
    browser.sign_in_as_store(&store, officer).await;
    browser.get("/lettres/nouvelle").await;
    assert_eq!(browser.last_status, 200);
    browser
        .post(
            "/lettres/nouvelle",
            &[
                ("subject", SUBJECT),
                ("body", BODY),
                ("a-councillors", "1"),
                ("public", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    let location = browser.last_location.clone().unwrap();
    let id = id_from(&location);

    // The audience: every councillor, three of them without an address.
    let page = browser.get(&format!("/lettres/{id}/destinataires")).await;
    assert_eq!(browser.last_status, 200);
    assert!(
        page.contains("Personnes sans adresse électronique"),
        "{page}"
    );
    assert_eq!(
        page.matches("@communes-vercors.example").count(),
        addresses.len()
    );

    // A test to oneself goes out through the outbox.
    browser.get(&location).await;
    browser
        .post(
            &format!("/lettres/{id}/essai"),
            &[("me", "1"), ("addresses", "")],
        )
        .await;
    assert_eq!(browser.last_status, 303, "test send accepted");

    // Send now, and kill the server in the middle.
    browser.get(&location).await;
    browser
        .post(&format!("/lettres/{id}/envoi"), &[("when", "now")])
        .await;
    assert_eq!(browser.last_status, 303);
    let started = Instant::now();
    while sink.messages().iter().filter(|m| m.letter).count() < 25 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "sending starts"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill();
    let at_kill = sink.messages().iter().filter(|m| m.letter).count();
    assert!(at_kill < addresses.len(), "killed mid-send ({at_kill})");
    let letter = store.letter(id).await.unwrap().unwrap();
    assert_eq!(letter.status, LetterStatus::Sending);

    let server = Server::start(&db, port, &sink, &rate).await;
    let started = Instant::now();
    loop {
        let letter = store.letter(id).await.unwrap().unwrap();
        if letter.status == LetterStatus::Sent {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the letter is sent after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Exactly one message per reachable councillor, but for at most one
    // duplicate of the message in flight at the kill, with the same Message-ID.
    let received = sink.messages();
    let letters: Vec<&Received> = received.iter().filter(|m| m.letter).collect();
    let mut by_address: BTreeMap<&str, Vec<&Received>> = BTreeMap::new();
    for m in &letters {
        by_address.entry(m.to.as_str()).or_default().push(m);
    }
    let mut expected: Vec<&str> = addresses.values().map(String::as_str).collect();
    expected.sort();
    assert_eq!(
        by_address.keys().copied().collect::<Vec<_>>(),
        expected,
        "every reachable councillor and nobody else"
    );
    let duplicates = letters.len() - by_address.len();
    assert!(duplicates <= 1, "{duplicates} duplicates");
    let deliveries = store.deliveries(id, 1000).await.unwrap();
    for (address, copies) in &by_address {
        let row = deliveries.iter().find(|d| d.address == *address).unwrap();
        for copy in copies {
            assert_eq!(copy.message_id, format!("<{}>", row.message_id));
        }
    }
    let stats = store.letter_stats(id).await.unwrap();
    assert_eq!(stats.sent as usize, addresses.len());
    assert_eq!(stats.waiting, 0);

    // The test message reached the officer, without unsubscribe headers.
    let tests: Vec<&Received> = received
        .iter()
        .filter(|m| !m.letter && m.to == "communication@vercors.example")
        .collect();
    assert_eq!(tests.len(), 1);

    // What a councillor received, read by Python's email package.
    let sample = letters[0];
    let parsed = python_json("tests/check_email.py", &[&sample.path]);
    assert_eq!(parsed["headers"]["Subject"][0], SUBJECT);
    let from = parsed["headers"]["From"][0].as_str().unwrap();
    assert!(
        from.contains("Vercors") && from.ends_with("<lettre@vercors.example>"),
        "{from}"
    );
    assert_eq!(parsed["content_type"], "multipart/alternative");
    assert_eq!(parsed["defects"], serde_json::json!([]));
    let unsubscribe = parsed["headers"]["List-Unsubscribe"][0].as_str().unwrap();
    let link = unsubscribe
        .split(['<', '>'])
        .find(|p| p.starts_with("http://"))
        .unwrap()
        .to_owned();
    assert!(link.starts_with(&format!("{}/desabonnement/", server.base)));
    assert!(unsubscribe.contains("<mailto:lettre@vercors.example?subject="));
    assert_eq!(
        parsed["headers"]["List-Unsubscribe-Post"][0],
        "List-Unsubscribe=One-Click"
    );
    let parts = parsed["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["content_type"], "text/plain");
    assert_eq!(parts[0]["charset"], "utf-8");
    let text = parts[0]["content"].as_str().unwrap();
    assert!(
        text.contains("la déchèterie de Villard-de-Lans ouvre le samedi"),
        "{text}"
    );
    assert!(
        text.contains(&link),
        "the text part has the unsubscribe link"
    );
    assert_eq!(parts[1]["content_type"], "text/html");
    let html = parts[1]["content"].as_str().unwrap();
    assert!(
        html.contains("<strong>conseil communautaire</strong>"),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{}/actualites\"", server.base)));
    assert!(!html.contains("<img"), "no tracking pixel");
    for part in parts {
        assert_eq!(part["defects"], serde_json::json!([]));
    }

    // One click, as a mail client does it: a POST without any cookie.
    let address = sample.to.clone();
    let response = reqwest::Client::new()
        .post(&link)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(store.is_unsubscribed(territory_id, &address).await.unwrap());

    // The archive and its feed, public, without anyone's personal link.
    let anonymous = reqwest::Client::new();
    let page = anonymous
        .get(format!("{}/lettres/{id}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("la déchèterie de Villard-de-Lans"), "{page}");
    assert!(!page.contains("desabonnement"));
    let feed = anonymous
        .get(format!("{}/lettres/feed.atom", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        feed.contains(&format!("{}/lettres/{id}", server.base)),
        "{feed}"
    );
    assert!(!feed.contains("desabonnement"));
    drop(server);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn letters_are_signed_with_dkim_and_dkimpy_verifies_the_signature() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let (territory_id, addresses) = vercors_with_councillors(&store, 0).await;
    let keys = tempfile::tempdir().unwrap();
    let private = keys.path().join("dkim.pem");
    let public = keys.path().join("dkim.pub.pem");
    let status = Command::new("openssl")
        .args(["genrsa", "-traditional", "-out"])
        .arg(&private)
        .arg("2048")
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new("openssl")
        .args(["rsa", "-pubout", "-in"])
        .arg(&private)
        .arg("-out")
        .arg(&public)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    // A letter to the mayors only, started from the store.
    let audience = comcom_store::letters::Audience::parse("mayors").unwrap();
    let draft = comcom_store::letters::LetterDraft {
        subject: "Conférence des maires : ordre du jour",
        body: "Bonjour,\n\nVoici l’ordre du jour de la conférence des maires.",
        audience: &audience,
        public: false,
    };
    let id = store
        .create_letter(territory_id, &draft, None)
        .await
        .unwrap();
    let count = store.begin_sending(id, "vercors.example").await.unwrap();
    let mayors = store
        .resolve_audience(territory_id, &audience)
        .await
        .unwrap();
    assert_eq!(count, Some(mayors.len()));
    assert!(mayors.iter().all(|m| addresses.contains_key(&m.person_id)));

    let sink = Sink::start();
    let extra = [
        ("COMCOM_DKIM_KEY_FILE", private.display().to_string()),
        ("COMCOM_DKIM_SELECTOR", "comcom2026".to_owned()),
        ("COMCOM_LETTER_RATE", "100".to_owned()),
    ];
    let officer = officer(&store, territory_id).await;
    let (_, token) = store
        .create_api_token(officer, "x", comcom_store::tokens::TokenScope::Write)
        .await
        .unwrap();
    let test_draft = comcom_store::letters::LetterDraft {
        subject: "Lettre de janvier : essai",
        ..draft.clone()
    };
    let draft_id = store
        .create_letter(territory_id, &test_draft, Some(officer))
        .await
        .unwrap();
    let server = Server::start(&db, free_port(), &sink, &extra).await;
    // A test of another letter, signed like the letter itself.
    let (status, _) = api(
        &server.base,
        "POST",
        &format!("/letters/{draft_id}/test"),
        &token,
        "fr",
        Some(serde_json::json!({"me": true})),
    )
    .await;
    assert_eq!(status, 202);
    let started = Instant::now();
    while store.letter(id).await.unwrap().unwrap().status != LetterStatus::Sent
        || sink.messages().len() < mayors.len() + 1
    {
        assert!(started.elapsed() < Duration::from_secs(60));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(server);

    let received = sink.messages();
    assert_eq!(received.len(), mayors.len() + 1);
    let test = received.iter().find(|m| !m.letter).unwrap();
    assert_eq!(test.to, "communication@vercors.example");
    let checked = python_json("tests/check_dkim.py", &[&test.path, &public]);
    assert_eq!(checked["valid"], true, "the test is signed: {checked}");
    let parsed = python_json("tests/check_email.py", &[&test.path]);
    assert_eq!(
        parsed["headers"]["Subject"][0],
        "[Essai] Lettre de janvier : essai"
    );
    for message in received.iter().filter(|m| m.letter) {
        let checked = python_json("tests/check_dkim.py", &[&message.path, &public]);
        assert_eq!(checked["valid"], true, "{checked}");
        assert_eq!(checked["domain"], "vercors.example");
        assert_eq!(checked["selector"], "comcom2026");
        let headers = checked["headers"].as_array().unwrap();
        for h in [
            "from",
            "subject",
            "list-unsubscribe",
            "list-unsubscribe-post",
        ] {
            assert!(headers.iter().any(|x| x == h), "{h} is signed");
        }
    }
    store.close().await;
}

#[tokio::test]
async fn only_administrators_and_letter_editors_compose_letters() {
    let app = TestApp::spawn().await;
    let territory = app.store.first_territory().await.unwrap().unwrap();

    let (status, _) = app.page("/lettres/nouvelle").await;
    assert_eq!(status, 303, "a visitor is sent to the login page");

    let person = app
        .store
        .create_account(
            Some(territory.id),
            "Élue de Corrençon",
            "elue@correncon.example",
        )
        .await
        .unwrap();
    let mut councillor = Browser::new(&app);
    councillor.sign_in_as(&app, person.person_id).await;
    councillor.get("/lettres/nouvelle").await;
    assert_eq!(councillor.last_status, 403);
    councillor.get("/lettres").await;
    assert_eq!(councillor.last_status, 200);
    let body = councillor
        .post("/lettres/nouvelle", &[("subject", "x"), ("body", "y")])
        .await;
    assert_eq!(councillor.last_status, 403, "{body}");

    // An administrator gives the right by the form of the letters page.
    let admin = app
        .store
        .create_account(Some(territory.id), "Agent", "agent@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(territory.id))
        .await
        .unwrap();
    let mut admin_browser = Browser::new(&app);
    admin_browser.sign_in_as(&app, admin.person_id).await;
    admin_browser.get("/lettres").await;
    let page = admin_browser
        .post(
            "/lettres/redacteurs",
            &[("email", "personne@ailleurs.example")],
        )
        .await;
    assert_eq!(admin_browser.last_status, 422);
    assert!(page.contains("Aucun compte n’a cette adresse"), "{page}");
    councillor
        .post(
            "/lettres/redacteurs",
            &[("email", "elue@correncon.example")],
        )
        .await;
    assert_eq!(
        councillor.last_status, 403,
        "only administrators give the right"
    );
    admin_browser
        .post(
            "/lettres/redacteurs",
            &[("email", "elue@correncon.example")],
        )
        .await;
    assert_eq!(admin_browser.last_status, 303);
    assert!(
        app.store
            .is_letter_editor(territory.id, person.person_id)
            .await
            .unwrap()
    );
    councillor.get("/lettres/nouvelle").await;
    assert_eq!(councillor.last_status, 200);
    assert!(
        app.store
            .letters(territory.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_letter_form_with_mistakes_names_each_one_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let territory = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(territory.id), "Agent", "agent@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(territory.id))
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    browser.get("/lettres/nouvelle").await;
    let page = browser
        .post(
            "/lettres/nouvelle",
            &[
                ("subject", ""),
                ("body", "   "),
                ("a-commune-999999", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains("Indiquez l’objet de la lettre."), "{page}");
    assert!(page.contains("Écrivez le texte de la lettre."));
    assert!(page.contains("Choisissez au moins un groupe de destinataires."));
    assert!(
        app.store
            .letters(territory.id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The preview shows both versions, without saving.
    let page = browser
        .post(
            "/lettres/nouvelle",
            &[
                ("subject", "Essai d’aperçu"),
                ("body", "Un **mot** et <script>alert(1)</script> la suite."),
                ("a-mayors", "1"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(browser.last_status, 200);
    assert!(page.contains("<strong>mot</strong>"));
    assert!(!page.contains("<script>alert"), "sanitized");
    assert!(page.contains("Version texte"));
    assert!(
        app.store
            .letters(territory.id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A test send with a bad address is refused with its reason.
    browser
        .post(
            "/lettres/nouvelle",
            &[
                ("subject", "Lettre"),
                ("body", "Texte"),
                ("a-mayors", "1"),
                ("action", "save"),
            ],
        )
        .await;
    let location = browser.last_location.clone().unwrap();
    let id = id_from(&location);
    browser.get(&location).await;
    let page = browser
        .post(
            &format!("/lettres/{id}/essai"),
            &[("addresses", "maire@engins.example, pas une adresse")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains("« pas »") || page.contains("pas"), "{page}");
    let queued = app.store.recent_outbox(10).await.unwrap();
    assert!(queued.is_empty());

    // Sending in the past is refused.
    let page = browser
        .post(
            &format!("/lettres/{id}/envoi"),
            &[("when", "schedule"), ("scheduled_at", "2020-01-01T09:00")],
        )
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains("Cette date est passée"));
    let letter = app.store.letter(id).await.unwrap().unwrap();
    assert_eq!(letter.status, LetterStatus::Draft);
}

#[tokio::test]
async fn an_unknown_unsubscribe_token_changes_nothing_and_get_only_asks() {
    let app = TestApp::spawn().await;
    let token = "ab".repeat(32);
    let (status, _) = app.page(&format!("/desabonnement/{token}")).await;
    assert_eq!(status, 404);
    let response = app
        .client
        .post(app.url(&format!("/desabonnement/{token}")))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    // Other routes still need the CSRF token.
    let response = app
        .client
        .post(app.url("/lettres/nouvelle"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("subject=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn garbage_posted_to_every_letter_form_never_causes_a_500_nor_a_send() {
    let app = TestApp::spawn().await;
    let territory = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(territory.id), "Agent", "agent@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(territory.id))
        .await
        .unwrap();
    let audience = comcom_store::letters::Audience::parse("mayors").unwrap();
    let draft = comcom_store::letters::LetterDraft {
        subject: "Brouillon",
        body: "Texte",
        audience: &audience,
        public: false,
    };
    let id = app
        .store
        .create_letter(territory.id, &draft, None)
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let huge = "é".repeat(30_000);
    let garbage: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![
            ("subject", "\u{0}\u{1}\n"),
            ("body", "\u{0}"),
            ("a-commune-abc", "1"),
            ("when", "../../etc"),
            ("scheduled_at", "2026-13-45T99:99"),
        ],
        vec![("subject", &huge), ("addresses", &huge), ("save_as", &huge)],
        vec![
            ("action", "preview"),
            ("when", "schedule"),
            ("addresses", "<script>@x"),
            ("me", "1"),
        ],
    ];
    let routes = [
        "/lettres/nouvelle".to_owned(),
        format!("/lettres/{id}/modifier"),
        format!("/lettres/{id}/essai"),
        format!("/lettres/{id}/envoi"),
        format!("/lettres/{id}/archive"),
        "/lettres/abc/envoi".to_owned(),
        "/lettres/99999999/essai".to_owned(),
        "/lettres/-1/pause".to_owned(),
    ];
    for route in &routes {
        for fields in &garbage {
            browser.get("/lettres").await;
            browser.post(route, fields).await;
            assert!(
                browser.last_status < 500,
                "{route} {fields:?}: {}",
                browser.last_status
            );
        }
    }
    let letter = app.store.letter(id).await.unwrap().unwrap();
    assert_eq!(letter.status, LetterStatus::Draft);
    assert_eq!(letter.subject, "Brouillon");
    assert_eq!(app.store.letters(territory.id, 10).await.unwrap().len(), 1);
    assert!(app.store.recent_outbox(10).await.unwrap().is_empty());
}

const BOUNCE: &str = "From: MAILER-DAEMON@mx.example\r\n\
To: lettre@vercors.example\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status;\r\n\
\tboundary=\"B0UND\"\r\n\
\r\n\
--B0UND\r\n\
Content-Type: text/plain\r\n\
\r\n\
Your message could not be delivered.\r\n\
\r\n\
--B0UND\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example\r\n\
\r\n\
Final-Recipient: rfc822; ADDRESS\r\n\
Action: ACTION\r\n\
Status: STATUS\r\n\
\r\n\
--B0UND--\r\n";

fn comcom(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", "fr")
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bounce_files_mark_addresses_and_a_bad_file_changes_nothing() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, address: &str, action: &str, status: &str| {
        let path = dir.path().join(name);
        let text = BOUNCE
            .replace("ADDRESS", address)
            .replace("ACTION", action)
            .replace("STATUS", status);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let unknown = write("1.eml", "Maire@Engins.example", "failed", "5.1.1");
    let full = write("2.eml", "adjoint@engins.example", "failed", "5.2.2");
    let delayed = write("3.eml", "conseil@engins.example", "delayed", "4.4.7");
    let bad = dir.path().join("4.eml");
    std::fs::write(&bad, "Subject: bonjour\r\n\r\nRien à voir.\r\n").unwrap();
    let bad = bad.display().to_string();

    // A bad file among good ones: refused, named, nothing recorded.
    let output = comcom(&db, &["mail", "bounces", &unknown, &bad]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&bad), "{stderr}");
    assert!(
        stderr.contains("n’est pas un avis de non-remise"),
        "{stderr}"
    );
    assert!(store.bounces(10).await.unwrap().is_empty());

    let output = comcom(&db, &["mail", "bounces", &unknown, &full, &delayed]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("maire@engins.example"), "{stdout}");
    let bounces = store.bounces(10).await.unwrap();
    let of = |a: &str| bounces.iter().find(|b| b.address == a).unwrap().clone();
    assert!(of("maire@engins.example").stopped, "5.1.1 stops at once");
    let adjoint = of("adjoint@engins.example");
    assert_eq!((adjoint.hard_count, adjoint.stopped), (1, false));
    let conseil = of("conseil@engins.example");
    assert_eq!((conseil.hard_count, conseil.soft_count), (0, 1));

    // The default limit: three hard bounces stop the address.
    for _ in 0..2 {
        assert!(comcom(&db, &["mail", "bounces", &full]).status.success());
    }
    let bounces = store.bounces(10).await.unwrap();
    let adjoint = bounces
        .iter()
        .find(|b| b.address == "adjoint@engins.example")
        .unwrap();
    assert_eq!((adjoint.hard_count, adjoint.stopped), (3, true));
    store.close().await;
}

/// An API call to a running server: status and JSON body.
async fn api(
    base: &str,
    method: &str,
    path: &str,
    token: &str,
    lang: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new()
        .request(method, format!("{base}/api/v1{path}"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Accept-Language", lang);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_letter_written_targeted_and_sent_through_the_api_reaches_each_reachable_councillor_once()
{
    use comcom_store::tokens::TokenScope;
    use serde_json::json;

    let db = TestDb::new().await;
    let store = db.store().await;
    let (territory_id, addresses) = vercors_with_councillors(&store, 2).await;
    // One councillor reads English: the text around the letter follows.
    let (english_person, english) = addresses.iter().next().unwrap();
    store
        .set_person_locale(*english_person, "en")
        .await
        .unwrap();
    let officer = officer(&store, territory_id).await;
    let (_, token) = store
        .create_api_token(officer, "lettre", TokenScope::Write)
        .await
        .unwrap();
    let (_, read_token) = store
        .create_api_token(officer, "lecture", TokenScope::Read)
        .await
        .unwrap();
    let stranger = store
        .create_account(Some(territory_id), "Autre", "autre@vercors.example")
        .await
        .unwrap();
    let (_, stranger_token) = store
        .create_api_token(stranger.person_id, "x", TokenScope::Write)
        .await
        .unwrap();
    let sink = Sink::start();
    let rate = [("COMCOM_LETTER_RATE", "200".to_owned())];
    let server = Server::start(&db, free_port(), &sink, &rate).await;
    let base = server.base.clone();

    // The form's checks and messages, in French and in English; nothing written.
    let bad = json!({"subject": "", "body": " ", "audience": ["everyone", "commune:99999"]});
    let (status, error) = api(&base, "POST", "/letters", &token, "fr", Some(bad.clone())).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["code"], "invalid_fields");
    assert_eq!(error["fields"]["subject"], "Indiquez l’objet de la lettre.");
    assert_eq!(error["fields"]["body"], "Écrivez le texte de la lettre.");
    assert!(
        error["fields"]["audience"]
            .as_str()
            .unwrap()
            .starts_with("«\u{202f}everyone\u{202f}»"),
        "{error}"
    );
    let (status, error) = api(&base, "POST", "/letters", &token, "en", Some(bad)).await;
    assert_eq!(status, 422);
    assert_eq!(error["fields"]["subject"], "Give the letter a subject.");
    let (status, error) = api(
        &base,
        "POST",
        "/letters",
        &token,
        "fr",
        Some(json!({"subject": "x", "body": "y", "audience": [], "public": "oui", "extra": 1})),
    )
    .await;
    assert_eq!(status, 422);
    for field in ["audience", "public", "extra"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    assert!(store.letters(territory_id, 10).await.unwrap().is_empty());

    // Only write tokens of people who may manage letters.
    let good = json!({
        "subject": SUBJECT,
        "body": BODY,
        "audience": ["councillors", "commune:38153"],
        "public": true,
        "save_as": "Tous les conseillers"
    });
    let (status, error) = api(
        &base,
        "POST",
        "/letters",
        &read_token,
        "fr",
        Some(good.clone()),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (403, Some("scope_insufficient"))
    );
    let (status, error) = api(
        &base,
        "POST",
        "/letters",
        &stranger_token,
        "fr",
        Some(good.clone()),
    )
    .await;
    assert_eq!((status, error["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(
        api(&base, "GET", "/letters", &stranger_token, "fr", None)
            .await
            .0,
        403
    );

    let (status, letter) = api(&base, "POST", "/letters", &token, "fr", Some(good)).await;
    assert_eq!(status, 201, "{letter}");
    let id = letter["id"].as_i64().unwrap();
    assert_eq!(letter["status"], "draft");
    assert_eq!(letter["audience"], json!(["councillors", "commune:38153"]));
    let saved = store.saved_audiences(territory_id).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "Tous les conseillers");

    // The saved list can be chosen; the read token reads.
    let (status, letter) = api(
        &base,
        "PATCH",
        &format!("/letters/{id}"),
        &token,
        "fr",
        Some(json!({"audience": [format!("saved:{}", saved[0].id)]})),
    )
    .await;
    assert_eq!(status, 200, "{letter}");
    assert_eq!(letter["subject"], SUBJECT);
    let (status, preview) = api(
        &base,
        "GET",
        &format!("/letters/{id}/recipients"),
        &read_token,
        "fr",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(preview["count"], addresses.len() as i64);
    assert_eq!(preview["unreachable_count"], 2);
    assert!(
        preview["unreachable"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["email"].is_null())
    );

    // A test, then send now.
    let (status, test) = api(
        &base,
        "POST",
        &format!("/letters/{id}/test"),
        &token,
        "fr",
        Some(json!({"addresses": ["Essai@Vercors.example"], "me": true})),
    )
    .await;
    assert_eq!(status, 202, "{test}");
    assert_eq!(
        test["addresses"],
        json!(["communication@vercors.example", "essai@vercors.example"])
    );
    let (status, error) = api(
        &base,
        "POST",
        &format!("/letters/{id}/test"),
        &token,
        "fr",
        Some(json!({"addresses": ["pas une adresse"]})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        error["fields"]["addresses"]
            .as_str()
            .unwrap()
            .contains("n’est pas une adresse")
    );
    let (status, error) = api(
        &base,
        "POST",
        &format!("/letters/{id}/send"),
        &token,
        "fr",
        Some(json!({"when": "schedule", "scheduled_at": "2001-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        error["fields"]["scheduled_at"]
            .as_str()
            .unwrap()
            .contains("passée")
    );
    let (status, letter) = api(
        &base,
        "POST",
        &format!("/letters/{id}/send"),
        &token,
        "fr",
        Some(json!({"when": "now"})),
    )
    .await;
    assert_eq!(status, 200, "{letter}");
    assert!(["sending", "sent"].contains(&letter["status"].as_str().unwrap()));
    let (status, error) = api(
        &base,
        "PATCH",
        &format!("/letters/{id}"),
        &token,
        "fr",
        Some(json!({"subject": "Autre objet"})),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("letter_state"))
    );

    let started = Instant::now();
    let letter = loop {
        let (_, letter) = api(&base, "GET", &format!("/letters/{id}"), &token, "fr", None).await;
        if letter["status"] == "sent" {
            break letter;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{letter}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(letter["statistics"]["delivered"], addresses.len() as i64);
    assert_eq!(letter["statistics"]["failed"], 0);
    assert_eq!(letter["statistics"]["waiting"], 0);
    let (status, _) = api(
        &base,
        "POST",
        &format!("/letters/{id}/pause"),
        &token,
        "fr",
        None,
    )
    .await;
    assert_eq!(status, 409);

    // At the sink: one letter per reachable councillor, and the two tests.
    let started = Instant::now();
    while sink.messages().iter().filter(|m| !m.letter).count() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the tests arrive"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let received = sink.messages();
    let mut letters: Vec<&str> = received
        .iter()
        .filter(|m| m.letter)
        .map(|m| m.to.as_str())
        .collect();
    letters.sort();
    let mut expected: Vec<&str> = addresses.values().map(String::as_str).collect();
    expected.sort();
    assert_eq!(
        letters, expected,
        "exactly one message per reachable councillor"
    );
    for message in received
        .iter()
        .filter(|m| m.letter)
        .take(5)
        .chain(received.iter().filter(|m| m.letter && m.to == *english))
    {
        let parsed = python_json("tests/check_email.py", &[&message.path]);
        let text = parsed["parts"][0]["content"].as_str().unwrap();
        let html = parsed["parts"][1]["content"].as_str().unwrap();
        assert!(
            text.contains("la déchèterie de Villard-de-Lans"),
            "the author's body"
        );
        if message.to == *english {
            assert!(
                text.contains("Unsubscribe: http") && text.contains("Read online:"),
                "{text}"
            );
            assert!(html.contains("<html lang=\"en\">"));
        } else {
            assert!(
                text.contains("Se désabonner\u{a0}: http") || text.contains("Se désabonner : http"),
                "{text}"
            );
            assert!(html.contains("<html lang=\"fr\">"));
        }
    }
    let tests: Vec<&Received> = received.iter().filter(|m| !m.letter).collect();
    assert_eq!(tests.len(), 2);
    for message in tests {
        let parsed = python_json("tests/check_email.py", &[&message.path]);
        assert_eq!(
            parsed["headers"]["Subject"][0],
            format!("[Essai] {SUBJECT}")
        );
    }
    drop(server);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_mailbox_reads_encoded_bounces_and_unsubscribe_requests_sent_to_the_mailto_address()
 {
    let db = TestDb::new().await;
    let store = db.store().await;
    let (territory_id, addresses) = vercors_with_councillors(&store, 0).await;
    let audience = comcom_store::letters::Audience::parse("mayors").unwrap();
    let draft = comcom_store::letters::LetterDraft {
        subject: "Conférence des maires",
        body: "Bonjour.",
        audience: &audience,
        public: false,
    };
    let id = store
        .create_letter(territory_id, &draft, None)
        .await
        .unwrap();
    store.begin_sending(id, "vercors.example").await.unwrap();
    let mayors = store
        .resolve_audience(territory_id, &audience)
        .await
        .unwrap();
    let mayor = mayors[0].email.clone().unwrap();
    let other = addresses.values().find(|a| **a != mayor).unwrap().clone();
    let key = store.letters_key().await.unwrap();
    let token = comcom_store::letters::unsubscribe_token(&key, territory_id, &mayor);

    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    // What a mail client sends to <mailto:lettre@…?subject=unsubscribe%20TOKEN>.
    let request = file(
        "1.eml",
        &format!(
            "From: {mayor}\r\nTo: lettre@vercors.example\r\nSubject: unsubscribe {token}\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n\r\n"
        ),
    );
    // A bounce whose delivery-status part is in base64 (as some servers write it).
    let status = format!(
        "Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; {other}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
    );
    let encoded = python_base64(&status);
    let bounce = file(
        "2.eml",
        &BOUNCE
            .replace(
                "Content-Type: message/delivery-status\r\n\r\n",
                &format!(
                    "Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n"
                ),
            )
            .replace(
                "Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; ADDRESS\r\nAction: ACTION\r\nStatus: STATUS\r\n",
                "",
            ),
    );
    let unknown = file(
        "3.eml",
        &format!("Subject: unsubscribe {}\r\n\r\n", "ab".repeat(32)),
    );
    let bad = file("4.eml", "Subject: Merci pour la lettre\r\n\r\nBravo.\r\n");

    // A message that is neither: refused, named, nothing changed.
    let output = comcom(&db, &["mail", "inbox", &request, &bounce, &bad]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&bad) && stderr.contains("ni un avis de non-remise"),
        "{stderr}"
    );
    assert!(!store.is_unsubscribed(territory_id, &mayor).await.unwrap());
    assert!(store.bounces(10).await.unwrap().is_empty());

    let output = comcom(&db, &["mail", "inbox", &request, &bounce, &unknown]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{mayor}\u{a0}: désabonné")),
        "{stdout}"
    );
    assert!(stdout.contains("n’est pas connu"), "{stdout}");
    assert!(store.is_unsubscribed(territory_id, &mayor).await.unwrap());
    let bounces = store.bounces(10).await.unwrap();
    assert_eq!(bounces.len(), 1);
    assert_eq!(bounces[0].address, other);
    assert!(bounces[0].stopped, "5.1.1 in base64 stops at once");
    store.close().await;
}

/// Base64 in lines of 76 characters, written by Python's own encoder.
fn python_base64(text: &str) -> String {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys, base64; sys.stdout.write(base64.encodebytes(sys.argv[1].encode()).decode().replace('\\n', '\\r\\n'))",
            text,
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[tokio::test]
async fn an_administrator_sets_the_territory_logo_and_the_letter_layout_shows_it_by_its_public_url()
{
    let app = TestApp::spawn().await;
    let territory = app.store.first_territory().await.unwrap().unwrap();
    let admin = app
        .store
        .create_account(Some(territory.id), "Admin", "admin@vercors.example")
        .await
        .unwrap();
    app.store
        .grant_admin(admin.person_id, Some(territory.id))
        .await
        .unwrap();
    let mut browser = Browser::new(&app);
    browser.sign_in_as(&app, admin.person_id).await;
    let page = browser.get("/admin").await;
    let start = page.find("action=\"/admin/logo?csrf=").unwrap() + 8;
    let action = page[start..start + page[start..].find('"').unwrap()].to_owned();
    let upload = |name: &'static str, bytes: Vec<u8>, mime: &'static str| {
        reqwest::multipart::Form::new().part(
            "logo",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name)
                .mime_str(mime)
                .unwrap(),
        )
    };

    // SVG (even named .png), text and an empty form are refused; nothing stored.
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    for (name, bytes, mime) in [
        ("logo.svg", svg.clone(), "image/svg+xml"),
        ("logo.png", svg, "image/png"),
        ("logo.png", b"pas une image".to_vec(), "image/png"),
    ] {
        let page = browser
            .post_multipart(&action, upload(name, bytes, mime))
            .await;
        assert_eq!(browser.last_status, 422, "{name}");
        assert!(page.contains("ni un PNG ni un JPEG"), "{page}");
    }
    let page = browser
        .post_multipart(&action, reqwest::multipart::Form::new().text("x", "y"))
        .await;
    assert_eq!(browser.last_status, 422);
    assert!(page.contains("Choisissez un fichier PNG ou JPEG"));
    let mut big = PNG.to_vec();
    big.resize(600 * 1024, 0);
    let page = browser
        .post_multipart(&action, upload("big.png", big, "image/png"))
        .await;
    assert!(
        [413, 422].contains(&browser.last_status),
        "{}",
        browser.last_status
    );
    if browser.last_status == 422 {
        assert!(page.contains("512"), "{page}");
    }
    assert!(
        app.store
            .territory_logo(territory.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.get("/logo").await.status(), 404);

    // A PNG is stored and served publicly.
    browser
        .post_multipart(&action, upload("logo.png", PNG.to_vec(), "image/png"))
        .await;
    assert_eq!(browser.last_status, 303);
    let served = app.get("/logo").await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
    let page = browser.get("/admin").await;
    assert!(page.contains("<img src=\"/logo?v="), "{page}");

    // The letter's layout links to it by an absolute URL, next to the name.
    let audience = comcom_store::letters::Audience::parse("mayors").unwrap();
    let draft = comcom_store::letters::LetterDraft {
        subject: "Avec le logo",
        body: "Bonjour.",
        audience: &audience,
        public: false,
    };
    let id = app
        .store
        .create_letter(territory.id, &draft, Some(admin.person_id))
        .await
        .unwrap();
    let letter = app.store.letter(id).await.unwrap().unwrap();
    let content = comcom_web::letter_mail::render(
        &app.store,
        &letter,
        "CC du Massif du Vercors",
        "https://vercors.example",
        comcom_i18n::Locale::Fr,
    )
    .await;
    let html = content.email_html(None);
    assert!(
        html.contains("<img src=\"https://vercors.example/logo?v=") && html.contains("alt=\"\""),
        "{html}"
    );
    assert!(html.contains("CC du Massif du Vercors"));

    // Removed: gone from the route.
    let page = browser.get("/admin").await;
    assert!(page.contains("action=\"/admin/logo/retirer\""));
    browser.post("/admin/logo/retirer", &[]).await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(app.get("/logo").await.status(), 404);
}
