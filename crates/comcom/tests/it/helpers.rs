//! Test fixtures: a fresh database per test and `TestApp`, the real web
//! application served on a loopback port.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use comcom_core::{Siren, catalogue};
use comcom_store::{Backend, Store};
use comcom_web::{AppState, WebConfig};
use sqlx::Connection;
use tokio::sync::OnceCell;

pub const VERCORS: &str = "243801024";

/// Which backend this run tests: `COMCOM_TEST_DB=sqlite` (default) or `postgres`.
pub fn backend() -> Backend {
    match std::env::var("COMCOM_TEST_DB").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

fn admin_url() -> String {
    std::env::var("COMCOM_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn database_url(name: &str) -> String {
    let mut url = url::Url::parse(&admin_url()).expect("COMCOM_TEST_PG_URL is a URL");
    url.set_path(name);
    url.to_string()
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A migrated template database, made once per test process, that every
/// PostgreSQL test database is cloned from.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("comcom_tpl_{}", std::process::id());
            let mut admin = sqlx::PgConnection::connect(&admin_url())
                .await
                .expect("PostgreSQL answers on 127.0.0.1:5432 (see docs/development.md)");
            sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            admin.close().await.unwrap();
            let store = Store::connect(&database_url(&name)).await.unwrap();
            store.migrate().await.unwrap();
            store.close().await;
            name
        })
        .await
}

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    /// Keeps the SQLite folder alive for the test's duration.
    pub dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = match backend() {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("comcom.sqlite3").display()),
            Backend::Postgres => {
                let template = template().await;
                let name = format!(
                    "comcom_t_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                let mut admin = sqlx::PgConnection::connect(&admin_url()).await.unwrap();
                sqlx::raw_sql(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                database_url(&name)
            }
        };
        TestDb { url, dir }
    }

    /// For plain `#[test]` functions that drive the binary.
    pub fn blocking() -> TestDb {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(TestDb::new())
    }

    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url).await.unwrap();
        store.migrate().await.unwrap();
        store
    }
}

/// The web application, served for real on a loopback port.
pub struct TestApp {
    pub address: String,
    pub store: Store,
    /// Where the app keeps documents: a folder of the test's own.
    pub files: comcom_files::FileStore,
    pub client: reqwest::Client,
    pub _db: TestDb,
}

impl TestApp {
    /// Serves the demo territory, with `public_url` as the configured address.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(&[VERCORS], None).await
    }

    /// Serves the given territories (the first is the default one).
    pub async fn spawn_with(sirens: &[&str], public_url: Option<&str>) -> TestApp {
        TestApp::spawn_configured(sirens, public_url, None, comcom_files::Limits::default()).await
    }

    /// Serves the demo territory with these document limits.
    pub async fn spawn_with_limits(limits: comcom_files::Limits) -> TestApp {
        TestApp::spawn_configured(&[VERCORS], None, None, limits).await
    }

    /// Serves the demo territory with a visio provider configured.
    pub async fn spawn_with_visio(visio: comcom_visio::Provider) -> TestApp {
        TestApp::spawn_configured(
            &[VERCORS],
            None,
            Some(visio),
            comcom_files::Limits::default(),
        )
        .await
    }

    async fn spawn_configured(
        sirens: &[&str],
        public_url: Option<&str>,
        visio: Option<comcom_visio::Provider>,
        limits: comcom_files::Limits,
    ) -> TestApp {
        let db = TestDb::new().await;
        let files = comcom_files::FileStore::local(&db.dir.path().join("files"), limits).unwrap();
        let store = db.store().await;
        for siren in sirens {
            let territory = catalogue::find(&Siren::parse(siren).unwrap()).unwrap();
            store.add_territory(territory).await.unwrap();
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let public_url = url::Url::parse(public_url.unwrap_or(&address)).unwrap();
        let config = WebConfig {
            public_url,
            hosting: None,
            mail_transport: "mail folder (tests)".to_owned(),
            mail_is_folder: true,
            contact_email: Some("contact@vercors.example".to_owned()),
            publication_director: None,
            visio,
        };
        let state = AppState::new(store.clone(), config)
            .await
            .unwrap()
            .with_files(files.clone());
        let app =
            comcom_web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            address,
            store,
            files,
            client,
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A job runner named `name` over this app's database, mail folder and
    /// files, as `serve` runs one.
    pub fn worker(&self, name: &str) -> comcom::worker::Worker {
        comcom::worker::Worker {
            store: self.store.clone(),
            transport: std::sync::Arc::new(
                comcom_mail::Transport::from_settings(None, &self._db.dir.path().join("mail"))
                    .unwrap(),
            ),
            from: comcom_mail::Mailbox {
                name: None,
                address: "ne-pas-repondre@vercors.example".to_owned(),
            },
            name: name.to_owned(),
            retry_base_secs: 1,
            lease: chrono::Duration::seconds(60),
            mail: comcom_web::notify::MailContext {
                public_url: url::Url::parse(&self.address).unwrap(),
            },
            digest_hour: 23,
            poller: None,
            files: self.files.clone(),
            dkim: None,
        }
    }

    /// GET with a French browser.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_lang(path, "fr-FR,fr;q=0.9").await
    }

    pub async fn get_lang(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("Accept-Language", accept_language)
            .send()
            .await
            .unwrap()
    }

    /// GET returning the status and the body.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Narrow no-break space, French thousands separator.
pub const NNBSP: char = '\u{202F}';

/// A browser of its own: keeps its cookies, and posts forms with the CSRF
/// token of the last page it read, as a person filling the form would.
pub struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: std::collections::BTreeMap<String, String>,
    csrf: Option<String>,
    pub last_status: u16,
    pub last_location: Option<String>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        Browser {
            base: app.address.clone(),
            client: app.client.clone(),
            cookies: Default::default(),
            csrf: None,
            last_status: 0,
            last_location: None,
        }
    }

    /// A browser for a server started some other way (a `comcom serve` child).
    pub fn at(base: &str) -> Browser {
        Browser {
            base: base.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Default::default(),
            csrf: None,
            last_status: 0,
            last_location: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The value of one of its cookies.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    async fn absorb(&mut self, response: reqwest::Response) -> String {
        self.last_status = response.status().as_u16();
        self.last_location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let body = response.text().await.unwrap();
        if let Some(start) = body.find(r#"name="csrf" value=""#) {
            let rest = &body[start + 19..];
            self.csrf = Some(rest[..rest.find('"').unwrap()].to_owned());
        }
        body
    }

    /// GET; does not follow redirects (see `last_location`).
    pub async fn get(&mut self, path: &str) -> String {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let response = self
            .client
            .get(url)
            .header("Accept-Language", "fr")
            .header("Cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    /// POSTs a form with the CSRF token of the last page read.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> String {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if let Some(token) = &self.csrf {
            form.push(("csrf".to_owned(), token.clone()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.post_raw(path, body).await
    }

    /// POSTs a body exactly as given (no token added).
    pub async fn post_raw(&mut self, path: &str, body: String) -> String {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Accept-Language", "fr")
            .header("Cookie", self.cookie_header())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    /// The action of the last multipart form read (its CSRF token is in the query).
    pub fn form_action(page: &str) -> String {
        let start = page
            .find(r#"enctype="multipart/form-data""#)
            .expect("a multipart form");
        let before = &page[..start];
        let action = before.rfind("action=\"").expect("the form's action");
        let rest = &before[action + 8..];
        rest[..rest.find('"').unwrap()].replace("&amp;", "&")
    }

    /// POSTs a multipart form (a form with a file).
    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> String {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Accept-Language", "fr")
            .header("Cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    /// Signs in by a session made directly in a store (for a child server).
    pub async fn sign_in_as_store(&mut self, store: &Store, person_id: i64) {
        let secret = store
            .create_session(person_id, chrono::Duration::days(1))
            .await
            .unwrap();
        self.set_cookie("comcom_session", &secret);
    }

    /// Signs in as `person_id` by a session made in the database.
    pub async fn sign_in_as(&mut self, app: &TestApp, person_id: i64) {
        let secret = app
            .store
            .create_session(person_id, chrono::Duration::days(1))
            .await
            .unwrap();
        self.set_cookie("comcom_session", &secret);
    }
}

/// The last email queued for `to`: its subject and text.
pub async fn last_email_to(app: &TestApp, to: &str) -> Option<(String, String)> {
    app.store
        .recent_outbox(100)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to == to)
        .map(|m| (m.subject, m.text))
}

/// The first link of this site in a text.
pub fn link_in(text: &str, app: &TestApp) -> String {
    let start = text
        .find(&app.address)
        .expect("the email holds a link to the site");
    text[start..].split_whitespace().next().unwrap().to_owned()
}
