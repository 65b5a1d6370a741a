//! `comcom seed`: the dataset it writes (with the tests' tiny `--scale test`:
//! 2 territories, 20 spaces, 200 articles, 100 people), served by a real
//! `comcom serve`, and its refusal to mix made-up data with an instance in use.

use std::process::Command;
use std::time::Duration;

use sqlx::{AnyPool, Row};

use crate::helpers::{TestDb, VERCORS};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn comcom(db: &TestDb, lang: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", lang)
        .env_remove("COMCOM_PUBLIC_URL")
        .output()
        .expect("the comcom binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

async fn pool(db: &TestDb) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(&db.url).await.unwrap()
}

async fn number(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

async fn text(pool: &AnyPool, sql: &str) -> String {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get::<String, _>(0)
        .unwrap()
}

/// `comcom serve` on the test database, stopped when dropped.
struct Server {
    child: tokio::process::Child,
    address: String,
}

impl Server {
    async fn start(db: &TestDb) -> Server {
        use tokio::io::{AsyncBufReadExt, BufReader};

        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_comcom"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("COMCOM_DATABASE_URL", &db.url)
            .env("COMCOM_DATA_DIR", db.dir.path())
            .env("COMCOM_LANG", "en")
            .env("COMCOM_LOG", "warn")
            .env_remove("COMCOM_PUBLIC_URL")
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
                .await
                .expect("serve prints its address within 30 s")
                .unwrap()
                .expect("serve prints its address before it stops");
            if let Some(address) = line.strip_prefix("comcom is up: ") {
                // Keep reading what it prints, so that it never writes to a closed pipe.
                tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                return Server {
                    child,
                    address: address.trim().to_owned(),
                };
            }
        }
    }

    async fn page(&self, path: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.address))
            .header("Accept-Language", "fr")
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    async fn stop(mut self) {
        self.child.kill().await.unwrap();
    }
}

#[tokio::test]
async fn seed_writes_the_dataset_and_the_portal_serves_it() {
    let db = TestDb::new().await;

    let run = comcom(&db, "fr", &["seed", "--scale", "test"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(
            "Création du jeu de données «\u{202f}test\u{202f}»\u{a0}: 2 territoires, 20 espaces, \
             200 actualités, 100 personnes."
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Jeu de données créé en "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  2 territoires, 49 communes\n"),
        "{}",
        run.stdout
    );

    let pool = pool(&db).await;
    // The demo territory first, so that it stays the default one, then Isère's next EPCI.
    let sirens: Vec<String> = sqlx::query("SELECT siren FROM territory ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("siren").unwrap())
        .collect();
    assert_eq!(sirens, [VERCORS, "200018166"]);
    assert_eq!(number(&pool, "SELECT COUNT(*) FROM commune").await, 49);
    assert_eq!(number(&pool, "SELECT COUNT(*) FROM space").await, 20);
    assert_eq!(number(&pool, "SELECT COUNT(*) FROM article").await, 200);
    assert_eq!(number(&pool, "SELECT COUNT(*) FROM person").await, 100);
    for kind in ["territory", "commune", "commission", "mayors_conference"] {
        let sql = format!("SELECT COUNT(*) FROM space WHERE kind = '{kind}'");
        assert!(number(&pool, &sql).await >= 1, "no {kind} space");
    }
    for visibility in ["public", "territory", "restricted"] {
        let sql = format!("SELECT COUNT(*) FROM space WHERE visibility = '{visibility}'");
        assert!(number(&pool, &sql).await >= 1, "no {visibility} space");
    }
    // Every commune has one mayor; each territory one president.
    assert_eq!(
        number(
            &pool,
            "SELECT COUNT(*) FROM mandate WHERE role = 'municipal_councillor' AND function = 'mayor'"
        )
        .await,
        49
    );
    assert_eq!(
        number(
            &pool,
            "SELECT COUNT(DISTINCT commune_id) FROM mandate WHERE function = 'mayor'"
        )
        .await,
        49
    );
    assert_eq!(
        number(
            &pool,
            "SELECT COUNT(*) FROM mandate WHERE role = 'community_councillor' AND function = 'president'"
        )
        .await,
        2
    );
    assert!(
        number(
            &pool,
            "SELECT COUNT(*) FROM mandate WHERE function = 'vice_president'"
        )
        .await
            >= 2
    );
    assert!(
        number(
            &pool,
            "SELECT COUNT(*) FROM mandate WHERE role = 'interco_staff'"
        )
        .await
            >= 2
    );
    assert!(number(&pool, "SELECT COUNT(*) FROM membership").await >= 40);
    // Mostly published, some drafts and some scheduled; many tied to communes.
    let now = comcom_store::time::now();
    let live = number(
        &pool,
        &format!(
            "SELECT COUNT(*) FROM article WHERE status = 'published' AND publish_at <= '{now}'"
        ),
    )
    .await;
    let scheduled = number(
        &pool,
        &format!(
            "SELECT COUNT(*) FROM article WHERE status = 'published' AND publish_at > '{now}'"
        ),
    )
    .await;
    let drafts = number(&pool, "SELECT COUNT(*) FROM article WHERE status = 'draft'").await;
    assert!(
        live >= 150 && scheduled >= 1 && drafts >= 1,
        "{live} {scheduled} {drafts}"
    );
    assert_eq!(live + scheduled + drafts, 200);
    assert!(
        number(
            &pool,
            "SELECT COUNT(DISTINCT article_id) FROM article_commune"
        )
        .await
            >= 40
    );
    let body = text(&pool, "SELECT body FROM article ORDER BY id LIMIT 1").await;
    assert!(
        body.len() > 300 && body.contains("\n\n") && body.contains('’'),
        "{body}"
    );

    // The newest live public article of the demo territory, and a mayor of it.
    let newest = sqlx::query(&format!(
        "SELECT a.id, a.title, s.slug FROM article a JOIN space s ON s.id = a.space_id \
         JOIN territory t ON t.id = a.territory_id \
         WHERE t.siren = '{VERCORS}' AND s.visibility = 'public' AND a.status = 'published' \
         AND a.publish_at <= '{now}' ORDER BY a.publish_at DESC, a.id DESC LIMIT 1"
    ))
    .fetch_one(&pool)
    .await
    .unwrap();
    let (id, title, slug): (i64, String, String) = (
        newest.try_get(0).unwrap(),
        newest.try_get(1).unwrap(),
        newest.try_get(2).unwrap(),
    );
    let mayor = sqlx::query(
        "SELECT c.insee_code, p.display_name FROM mandate m JOIN commune c ON c.id = m.commune_id \
         JOIN person p ON p.id = m.person_id WHERE m.function = 'mayor' ORDER BY c.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (insee, mayor): (String, String) = (mayor.try_get(0).unwrap(), mayor.try_get(1).unwrap());
    pool.close().await;

    let server = Server::start(&db).await;
    let (status, home) = server.page("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("CC du Massif du Vercors"));
    assert!(home.contains(&title), "{title} not on the home page");
    let (status, page) = server.page(&format!("/communes/{insee}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&mayor), "{mayor} not on /communes/{insee}");
    let (status, page) = server
        .page(&format!("/espaces/{slug}/actualites/{id}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(&title));
    let (status, page) = server.page("/actualites").await;
    assert_eq!(status, 200);
    assert!(page.contains(&title));
    let (status, feed) = server.page("/feed.atom").await;
    assert_eq!(status, 200);
    assert!(feed.contains(&title));
    assert!(feed.matches("<entry>").count() >= 10, "{feed}");
    server.stop().await;
}

#[test]
fn seed_refuses_an_instance_in_use_unless_forced() {
    let db = TestDb::blocking();

    // The demo territory alone (what `serve` installs) is a new instance: it is kept, first.
    assert_eq!(comcom(&db, "fr", &["init", "--epci", VERCORS]).code, 0);
    let first = comcom(&db, "en", &["seed", "--scale", "test"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("Dataset created in "),
        "{}",
        first.stdout
    );

    let again = comcom(&db, "fr", &["seed", "--scale", "test"]);
    assert_eq!(again.code, 1);
    assert!(again.stdout.is_empty(), "{}", again.stdout);
    assert!(
        again.stderr.contains(
            "cette base n’est pas neuve (2 territoires, 200 actualités)\u{a0}: comcom seed ne remplit qu’une base neuve"
        ),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let english = comcom(&db, "en", &["seed", "--scale", "test"]);
    assert_eq!(english.code, 1);
    assert!(
        english
            .stderr
            .contains("this database is not new (2 territories, 200 news articles)"),
        "{}",
        english.stderr
    );

    // Forced, it adds another dataset to the same territories, without a second mayor.
    let forced = comcom(&db, "en", &["seed", "--scale", "test", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = pool(&db).await;
        assert_eq!(number(&pool, "SELECT COUNT(*) FROM territory").await, 2);
        assert_eq!(
            text(&pool, "SELECT siren FROM territory ORDER BY id LIMIT 1").await,
            VERCORS
        );
        assert_eq!(number(&pool, "SELECT COUNT(*) FROM article").await, 400);
        assert_eq!(number(&pool, "SELECT COUNT(*) FROM space").await, 40);
        assert_eq!(number(&pool, "SELECT COUNT(*) FROM person").await, 200);
        assert_eq!(
            number(
                &pool,
                "SELECT COUNT(*) FROM mandate WHERE function = 'mayor'"
            )
            .await,
            49
        );
        assert_eq!(
            number(
                &pool,
                "SELECT COUNT(*) FROM mandate WHERE function = 'president'"
            )
            .await,
            2
        );
        // New rows get ids after the seeded ones (PostgreSQL's sequences moved on).
        let store = db.store().await;
        let territory = store.first_territory().await.unwrap().unwrap();
        let space = store
            .create_space(&comcom_store::spaces::NewSpace {
                territory_id: territory.id,
                commune_id: None,
                kind: comcom_core::SpaceKind::Commission,
                visibility: comcom_core::Visibility::Public,
                name: "Commission après le jeu de données",
                description: "",
            })
            .await
            .unwrap();
        assert!(space.id > 40, "{}", space.id);
        store.close().await;
        pool.close().await;
    });

    let unknown = comcom(&db, "en", &["seed", "--scale", "planet"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("planet"), "{}", unknown.stderr);
}
