//! `comcom backup` and `comcom restore` as an administrator uses them: on
//! SQLite a copy taken while `serve` answers and writes, brought back into
//! another instance; on PostgreSQL the `pg_dump` / `pg_restore` command and
//! exit code 3, with nothing touched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use comcom_store::{Backend, Store};
use sqlx::{Connection, Row};

use crate::helpers::{TestDb, VERCORS, backend};

/// Another EPCI than the demo one, to tell two instances apart.
const AJACCIO: &str = "242010056";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn comcom(db: &TestDb, lang: &str, args: &[&str]) -> Run {
    comcom_with_url(&db.url, db.dir.path(), lang, args)
}

fn comcom_with_url(url: &str, data_dir: &Path, lang: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", url)
        .env("COMCOM_DATA_DIR", data_dir)
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

/// A path for a backup file, outside any database folder.
fn backup_path(folder: &tempfile::TempDir, name: &str) -> PathBuf {
    folder.path().join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

async fn sirens(db: &TestDb) -> Vec<String> {
    let store = db.store().await;
    let sirens = store
        .territories()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.siren.to_string())
        .collect();
    store.close().await;
    sirens
}

fn installed(db: &TestDb) -> Vec<String> {
    tokio::runtime::Runtime::new().unwrap().block_on(sirens(db))
}

/// Files left in a folder whose name says they are a temporary copy.
fn leftovers(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp") || name.contains(".tmp-"))
        .collect()
}

/// PostgreSQL's answer to both commands: the tool's command line, exit 3.
fn assert_postgres_explained(run: &Run, tool: &str) {
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("Cette instance utilise PostgreSQL"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(tool), "{}", run.stderr);
}

/// `comcom serve` on `db`, until dropped or stopped.
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
            .env("COMCOM_LANG", "fr")
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
            if let Some(url) = line.strip_prefix("comcom est en ligne\u{a0}: ") {
                return Server {
                    child,
                    address: url.to_owned(),
                };
            }
        }
    }

    async fn healthy(&self) -> bool {
        reqwest::get(format!("{}/healthz", self.address))
            .await
            .is_ok_and(|r| r.status() == 200)
    }

    async fn stop(mut self) {
        let pid = self.child.id().unwrap().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .expect("serve stops on SIGTERM")
            .unwrap();
        assert!(status.success());
    }
}

/// Pages read and rows written without pause until `stop` turns true: a
/// browser on the server, and a second process writing to the database.
fn keep_busy(
    server_address: String,
    store: Store,
    stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<(usize, usize)> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let (mut pages, mut writes) = (0, 0);
        while !*stop.borrow() {
            let page = client.get(format!("{server_address}/")).send().await;
            assert_eq!(page.unwrap().status(), 200);
            pages += 1;
            store
                .rate_limit_hit(&format!("backup-test-{writes}"), 60, 1_000)
                .await
                .unwrap();
            writes += 1;
        }
        (pages, writes)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serve_answers_and_writes_restores_into_a_fresh_instance() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let added = comcom(
        &db,
        "fr",
        &[
            "user",
            "add",
            "--email",
            "anne.martin@vercors.example",
            "--name",
            "Anne Martin",
            "--admin",
        ],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let folder = tempfile::tempdir().unwrap();
    let file = backup_path(&folder, "comcom-sauvegarde.sqlite3");

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let busy = keep_busy(server.address.clone(), db.store().await, stopped);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let backup = comcom(&db, "fr", &["backup", arg(&file)]);
    let in_use = comcom(&db, "fr", &["restore", arg(&file), "--force"]);
    stop.send(true).unwrap();
    let (pages, writes) = busy.await.unwrap();
    assert!(pages > 0 && writes > 0);
    assert!(
        server.healthy().await,
        "serve still answers after the backup"
    );

    let fresh = TestDb::new().await;
    let restore = comcom(&fresh, "fr", &["restore", arg(&file)]);

    if backend() == Backend::Postgres {
        assert_postgres_explained(&backup, "pg_dump --format=custom");
        assert!(backup.stderr.contains(&db.url), "{}", backup.stderr);
        assert_postgres_explained(&restore, "pg_restore");
        assert!(!file.exists(), "nothing is written on PostgreSQL");
        assert!(sirens(&fresh).await.is_empty());
        assert_eq!(sirens(&db).await, vec![VERCORS]);
        server.stop().await;
        return;
    }

    assert_eq!(backup.code, 0, "{}", backup.stderr);
    assert!(
        backup
            .stdout
            .contains(&format!("Sauvegarde écrite\u{a0}: {}", file.display())),
        "{}",
        backup.stdout
    );
    assert!(
        backup
            .stdout
            .contains("Contenu\u{a0}: 1 territoire, 2 personnes, "),
        "{}",
        backup.stdout
    );
    assert!(
        backup.stdout.contains("\u{a0}ko)") || backup.stdout.contains("\u{a0}Mo)"),
        "{}",
        backup.stdout
    );
    assert!(leftovers(folder.path()).is_empty());

    assert_eq!(in_use.code, 1, "{}", in_use.stderr);
    assert!(
        in_use
            .stderr
            .contains("est ouverte par un autre programme, sans doute comcom serve"),
        "{}",
        in_use.stderr
    );
    assert!(server.healthy().await);
    server.stop().await;

    assert_eq!(restore.code, 0, "{}", restore.stderr);
    assert!(
        restore.stdout.contains("restaurée dans"),
        "{}",
        restore.stdout
    );
    assert!(restore.stdout.contains("comcom serve"));
    assert_eq!(sirens(&fresh).await, vec![VERCORS]);
    let store = fresh.store().await;
    let anne = store
        .account_by_email("anne.martin@vercors.example")
        .await
        .unwrap()
        .expect("Anne Martin survives the round trip");
    assert_eq!(anne.display_name, "Anne Martin");
    assert_eq!(store.admin_count().await.unwrap(), 2);
    store.close().await;
    assert!(leftovers(fresh.dir.path()).is_empty());
}

#[test]
fn restore_refuses_to_replace_a_non_empty_instance_unless_forced() {
    let source = TestDb::blocking();
    assert_eq!(comcom(&source, "fr", &["init", "--epci", VERCORS]).code, 0);
    let folder = tempfile::tempdir().unwrap();
    let file = backup_path(&folder, "vercors.sqlite3");
    let backup = comcom(&source, "fr", &["backup", arg(&file)]);
    let target = TestDb::blocking();
    assert_eq!(comcom(&target, "fr", &["init", "--epci", AJACCIO]).code, 0);

    let refused = comcom(&target, "fr", &["restore", arg(&file)]);

    if backend() == Backend::Postgres {
        assert_postgres_explained(&backup, "pg_dump");
        assert_postgres_explained(&refused, "pg_restore");
        assert_eq!(installed(&target), vec![AJACCIO]);
        return;
    }
    assert_eq!(backup.code, 0, "{}", backup.stderr);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains(
            "cette instance contient déjà 1 territoire et 0 personne\u{202F}; \
             la restauration les remplacerait. Rien n’a été modifié."
        ),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("Relancez avec --force"));
    assert_eq!(installed(&target), vec![AJACCIO]);

    let english = comcom(&target, "en", &["restore", arg(&file)]);
    assert!(
        english
            .stderr
            .contains("this instance already holds 1 territory and 0 people"),
        "{}",
        english.stderr
    );

    let forced = comcom(&target, "fr", &["restore", arg(&file), "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(installed(&target), vec![VERCORS]);
    assert!(leftovers(target.dir.path()).is_empty());
}

#[test]
fn backup_refuses_to_overwrite_an_existing_file_unless_forced() {
    let db = TestDb::blocking();
    assert_eq!(comcom(&db, "fr", &["init", "--epci", VERCORS]).code, 0);
    let folder = tempfile::tempdir().unwrap();
    let file = backup_path(&folder, "existant.sqlite3");
    std::fs::write(&file, "précieux").unwrap();

    let refused = comcom(&db, "fr", &["backup", arg(&file)]);
    let english = comcom(&db, "en", &["backup", arg(&file)]);
    let into_folder = comcom(&db, "fr", &["backup", arg(folder.path())]);
    let nowhere = folder.path().join("absent").join("x.sqlite3");
    let no_folder = comcom(&db, "fr", &["backup", arg(&nowhere)]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "précieux");

    if backend() == Backend::Postgres {
        for run in [&refused, &into_folder, &no_folder] {
            assert_postgres_explained(run, "pg_dump");
        }
        assert_eq!(english.code, 3);
        assert!(english.stderr.contains("This instance uses PostgreSQL"));
        return;
    }
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains(&format!(
            "le fichier «\u{202F}{}\u{202F}» existe déjà\u{202F}; rien n’a été écrit.",
            file.display()
        )),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("ajoutez --force pour remplacer"));
    assert!(
        english
            .stderr
            .contains("already exists; nothing was written")
    );
    assert_eq!(into_folder.code, 1);
    assert!(into_folder.stderr.contains("est un dossier"));
    assert_eq!(no_folder.code, 1);
    assert!(
        no_folder.stderr.contains("n’existe pas"),
        "{}",
        no_folder.stderr
    );
    let database = db.dir.path().join("comcom.sqlite3");
    let itself = comcom(&db, "fr", &["backup", arg(&database), "--force"]);
    assert_eq!(itself.code, 1);
    assert!(itself.stderr.contains("est la base de données elle-même"));

    let forced = comcom(&db, "fr", &["backup", arg(&file), "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        std::fs::read(&file)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );
    assert!(leftovers(folder.path()).is_empty());
    assert_eq!(installed(&db), vec![VERCORS]);
}

/// A backup made by comcom on SQLite (whatever backend the tests run on),
/// whose `schema_migration` then claims a migration this build does not know.
async fn newer_backup(path: &Path) {
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", data.path().join("comcom.sqlite3").display());
    let init = comcom_with_url(&url, data.path(), "fr", &["init", "--epci", VERCORS]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let backup = comcom_with_url(&url, data.path(), "fr", &["backup", arg(path)]);
    assert_eq!(backup.code, 0, "{}", backup.stderr);
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::raw_sql(
        "INSERT INTO schema_migration (version, name, applied_at) \
         VALUES (9999, 'future', '2099-01-01T00:00:00Z')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
}

/// A SQLite database that is not comcom's.
async fn foreign_database(path: &Path) {
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .unwrap();
    sqlx::raw_sql("CREATE TABLE note (body TEXT); INSERT INTO note VALUES ('bonjour');")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[test]
fn restore_refuses_files_that_are_not_comcom_backups_and_changes_nothing() {
    let db = TestDb::blocking();
    assert_eq!(comcom(&db, "fr", &["init", "--epci", VERCORS]).code, 0);
    let folder = tempfile::tempdir().unwrap();
    let junk = backup_path(&folder, "notes.txt");
    std::fs::write(&junk, "ceci n’est pas une base\n".repeat(100)).unwrap();
    let truncated = backup_path(&folder, "tronquee.sqlite3");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&truncated, bytes).unwrap();
    let foreign = backup_path(&folder, "autre.sqlite3");
    let newer = backup_path(&folder, "future.sqlite3");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        foreign_database(&foreign).await;
        newer_backup(&newer).await;
    });
    let cases: [(&Path, &str); 6] = [
        (&folder.path().join("absent.sqlite3"), "n’existe pas"),
        (
            folder.path(),
            "est un dossier, pas un fichier de sauvegarde",
        ),
        (&junk, "n’est pas une base SQLite"),
        (&truncated, "n’est pas une base SQLite"),
        (&foreign, "mais pas une sauvegarde de comcom"),
        (
            &newer,
            "vient d’une version plus récente de comcom (schéma 9999\u{202F};",
        ),
    ];

    for (file, message) in cases {
        // --force: even then, a bad file must change nothing.
        let run = comcom(&db, "fr", &["restore", arg(file), "--force"]);
        if backend() == Backend::Postgres {
            assert_postgres_explained(&run, "pg_restore");
        } else {
            assert_eq!(run.code, 1, "{}: {}", file.display(), run.stderr);
            assert!(
                run.stderr.contains(message),
                "{}: {}",
                file.display(),
                run.stderr
            );
        }
        assert_eq!(installed(&db), vec![VERCORS]);
        assert!(leftovers(db.dir.path()).is_empty());
    }

    let english = comcom(&db, "en_GB.UTF-8", &["restore", arg(&junk)]);
    if backend() == Backend::Sqlite {
        assert!(
            english.stderr.contains(&format!(
                "Error: “{}” is not an SQLite database",
                junk.display()
            )),
            "{}",
            english.stderr
        );
    }
}

#[test]
fn an_unreadable_backup_is_refused_with_its_reason() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // root reads every file: nothing to test.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::blocking();
    let folder = tempfile::tempdir().unwrap();
    let file = backup_path(&folder, "secret.sqlite3");
    std::fs::write(&file, b"SQLite format 3\0").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();

    let run = comcom(&db, "fr", &["restore", arg(&file)]);

    if backend() == Backend::Postgres {
        assert_postgres_explained(&run, "pg_restore");
    } else {
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("impossible de lire"), "{}", run.stderr);
        assert!(run.stderr.contains("accès refusé"), "{}", run.stderr);
    }
}

/// A backup made before migration 2: only territories and communes.
async fn first_schema_backup(path: &Path) {
    let schema = include_str!("../../../comcom-store/migrations/0001_territory.sql")
        .replace("{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT");
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .unwrap();
    sqlx::raw_sql(&schema).execute(&mut conn).await.unwrap();
    sqlx::raw_sql(
        "CREATE TABLE schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL, \
           applied_at TEXT NOT NULL); \
         INSERT INTO schema_migration VALUES (1, 'territory', '2026-01-01T00:00:00Z'); \
         INSERT INTO territory (siren, name, kind, department, time_zone, \
           population_municipale, population_totale, created_at) \
         VALUES ('243801024', 'CC du Massif du Vercors', 'CC', '38', 'Europe/Paris', \
           11997, 12300, '2026-01-01T00:00:00Z');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
}

#[test]
fn an_older_backup_is_brought_up_to_date_when_restored() {
    let db = TestDb::blocking();
    let folder = tempfile::tempdir().unwrap();
    let file = backup_path(&folder, "ancienne.sqlite3");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(first_schema_backup(&file));

    let run = comcom(&db, "fr", &["restore", arg(&file)]);

    if backend() == Backend::Postgres {
        assert_postgres_explained(&run, "pg_restore");
        assert!(installed(&db).is_empty());
        return;
    }
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Sa structure a été mise à jour (schéma 1 → "),
        "{}",
        run.stdout
    );
    assert_eq!(installed(&db), vec![VERCORS]);
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        let people: i64 = sqlx::query("SELECT COUNT(*) FROM person")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(people, 0, "the tables of later migrations exist");
        conn.close().await.unwrap();
    });
    // The backup file itself is left as it was.
    let listed = comcom(&db, "fr", &["territories", "list"]);
    assert!(listed.stdout.contains("243801024  CC du Massif du Vercors"));
}

#[test]
fn postgresql_backups_are_explained_with_pg_dump_without_the_password_and_exit_3() {
    let data = tempfile::tempdir().unwrap();
    let url = "postgres://comcom:s3cr3t@db.example.org:5433/comcom_prod?sslmode=require";
    let file = data.path().join("comcom.dump");

    let backup = comcom_with_url(url, data.path(), "fr", &["backup", arg(&file)]);
    let restore = comcom_with_url(url, data.path(), "en", &["restore", arg(&file)]);

    assert_postgres_explained(&backup, "pg_dump");
    assert!(
        backup.stderr.contains(&format!(
            "PGPASSWORD=… pg_dump --format=custom --file={} \
             --dbname='postgres://comcom@db.example.org:5433/comcom_prod?sslmode=require'",
            file.display()
        )),
        "{}",
        backup.stderr
    );
    assert!(
        backup
            .stderr
            .contains("remplacez «\u{202F}…\u{202F}» par ce mot de passe")
    );
    assert_eq!(restore.code, 3);
    assert!(
        restore
            .stderr
            .contains("pg_restore --clean --if-exists --no-owner --single-transaction"),
        "{}",
        restore.stderr
    );
    assert!(restore.stderr.contains("Stop comcom serve"));
    for run in [&backup, &restore] {
        assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    assert!(!file.exists());
}

/// `comcom` on a disk that refuses to write more than 64 KiB per file (a
/// file-size limit: the write fails as on a full disk, with no root needed).
fn comcom_on_a_small_disk(db: &TestDb, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;

    let mut command = Command::new(env!("CARGO_BIN_EXE_comcom"));
    command
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", "fr");
    // SAFETY: between fork and exec the child only calls setrlimit and
    // signal, both async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            // Past the limit, write() fails with EFBIG instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().expect("the comcom binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn a_disk_that_refuses_writes_leaves_no_half_written_file() {
    let db = TestDb::blocking();
    assert_eq!(comcom(&db, "fr", &["init", "--epci", VERCORS]).code, 0);
    let folder = tempfile::tempdir().unwrap();
    let good = backup_path(&folder, "bonne.sqlite3");
    let made = comcom(&db, "fr", &["backup", arg(&good)]);
    let partial = backup_path(&folder, "partielle.sqlite3");

    let backup = comcom_on_a_small_disk(&db, &["backup", arg(&partial)]);
    let restore = comcom_on_a_small_disk(&db, &["restore", arg(&good), "--force"]);

    assert!(!partial.exists());
    assert_eq!(installed(&db), vec![VERCORS]);
    if backend() == Backend::Postgres {
        assert_postgres_explained(&made, "pg_dump");
        assert_postgres_explained(&backup, "pg_dump");
        assert_postgres_explained(&restore, "pg_restore");
        return;
    }
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(std::fs::metadata(&good).unwrap().len() > 64 * 1024);
    for run in [&backup, &restore] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.stderr.contains("le disque refuse l’écriture"),
            "{}",
            run.stderr
        );
    }
    assert!(backup.stderr.contains("Rien n’a été écrit."));
    assert!(restore.stderr.contains("La base n’a pas été modifiée."));
    assert!(leftovers(folder.path()).is_empty());
    assert!(leftovers(db.dir.path()).is_empty());
}

#[test]
fn the_documents_files_are_copied_beside_the_backup_and_restored_with_it() {
    let source = TestDb::blocking();
    assert_eq!(comcom(&source, "fr", &["init", "--epci", VERCORS]).code, 0);
    // A stored object (a document's file) and an upload still being written.
    let objects = source.dir.path().join("files/documents");
    std::fs::create_dir_all(&objects).unwrap();
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(objects.join("0a1b2c"), &bytes).unwrap();
    std::fs::write(objects.join("9f9f9f#1"), b"partial").unwrap();
    let folder = tempfile::tempdir().unwrap();
    let file = backup_path(&folder, "vercors.sqlite3");

    let backup = comcom(&source, "fr", &["backup", arg(&file)]);

    if backend() == Backend::Postgres {
        assert_postgres_explained(&backup, "pg_dump");
        return;
    }
    assert_eq!(backup.code, 0, "{}", backup.stderr);
    let saved = folder.path().join("vercors.sqlite3.files");
    assert!(
        backup.stdout.contains("Fichiers des documents copiés dans"),
        "{}",
        backup.stdout
    );
    assert!(
        backup.stdout.contains(": 1 fichier (300,0\u{a0}ko)"),
        "{}",
        backup.stdout
    );
    assert_eq!(
        std::fs::read(saved.join("documents/0a1b2c")).unwrap(),
        bytes
    );
    assert!(
        !saved.join("documents/9f9f9f#1").exists(),
        "no staging file"
    );
    // A second backup (forced) replaces the folder whole, with no leftover.
    std::fs::remove_file(objects.join("9f9f9f#1")).unwrap();
    std::fs::write(objects.join("d4d4d4"), b"autre").unwrap();
    let again = comcom(&source, "fr", &["backup", arg(&file), "--force"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(saved.join("documents/d4d4d4").exists());
    let names: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "the file and its folder: {names:?}");

    // Restored into a fresh instance: the files are back in its folder.
    let target = TestDb::blocking();
    let restored = comcom(&target, "fr", &["restore", arg(&file)]);
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    assert!(
        restored
            .stdout
            .contains("Fichiers des documents restaurés dans"),
        "{}",
        restored.stdout
    );
    assert_eq!(
        std::fs::read(target.dir.path().join("files/documents/0a1b2c")).unwrap(),
        bytes
    );
    assert!(target.dir.path().join("files/documents/d4d4d4").exists());
    assert_eq!(installed(&target), vec![VERCORS]);
}
