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
        let db = TestDb::new().await;
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
        };
        let state = AppState::new(store.clone(), config).await.unwrap();
        let app = comcom_web::app(state)
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
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
            client,
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
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
