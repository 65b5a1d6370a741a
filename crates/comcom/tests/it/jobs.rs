//! The job queue with real processes: `comcom serve` nodes on one database
//! deliver outbox emails to a real SMTP server on loopback
//! (`tests/smtp_sink.py`), whose mail folder is what the tests count.
//! A restart loses nothing; two nodes never run the same job; a job cut
//! short by `kill -9` runs again once its lease has run out, and its email
//! arrives once.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use comcom_core::{Siren, catalogue};
use comcom_store::Store;
use comcom_store::outbox::NewEmail;
use sqlx::Row;

use crate::helpers::{TestDb, repo_root};

/// The SMTP server the nodes deliver to.
struct Sink {
    child: Child,
    port: u16,
    folder: tempfile::TempDir,
}

impl Sink {
    fn start(port: u16, options: &[&str]) -> Sink {
        let folder = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/smtp_sink.py"))
            .arg("--dir")
            .arg(folder.path())
            .args(["--port", &port.to_string(), "--max-seconds", "120"])
            .args(options)
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

    fn files(&self, suffix: &str) -> Vec<PathBuf> {
        std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect()
    }

    /// The Message-ID of every message accepted.
    fn message_ids(&self) -> Vec<String> {
        self.files(".eml")
            .iter()
            .map(|path| {
                let raw = std::fs::read_to_string(path).unwrap();
                let line = raw
                    .lines()
                    .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                    .expect("every message has a Message-ID");
                line[11..].trim().trim_matches(['<', '>']).to_owned()
            })
            .collect()
    }

    fn hung(&self) -> usize {
        self.files("")
            .iter()
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("hung-")
            })
            .count()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `comcom serve` process.
struct Node {
    child: Child,
}

impl Node {
    fn start(db: &TestDb, smtp_port: u16, lease_seconds: Option<&str>) -> Node {
        let mut command = Command::new(env!("CARGO_BIN_EXE_comcom"));
        command
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("COMCOM_DATABASE_URL", &db.url)
            .env("COMCOM_DATA_DIR", db.dir.path())
            .env(
                "COMCOM_SMTP_URL",
                format!("smtp://127.0.0.1:{smtp_port}?tls=none"),
            )
            .env(
                "COMCOM_MAIL_FROM",
                "CC du Massif du Vercors <ne-pas-repondre@vercors.example>",
            )
            .env("COMCOM_RETRY_BASE_SECONDS", "1")
            .env("COMCOM_LOG", "warn")
            .env_remove("COMCOM_PUBLIC_URL")
            .env_remove("COMCOM_JOB_LEASE_SECONDS")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(lease) = lease_seconds {
            command.env("COMCOM_JOB_LEASE_SECONDS", lease);
        }
        Node {
            child: command.spawn().unwrap(),
        }
    }

    /// Stops the node as an administrator or systemd does (SIGTERM).
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "serve stops cleanly on SIGTERM");
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "serve stops");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the node at once (SIGKILL): no cleanup of any kind.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn database() -> (TestDb, Store) {
    let db = TestDb::new().await;
    let store = db.store().await;
    let vercors = catalogue::find(&Siren::parse("243801024").unwrap()).unwrap();
    store.add_territory(vercors).await.unwrap();
    (db, store)
}

/// Queues `n` emails; returns their Message-IDs.
async fn queue(store: &Store, from: usize, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in from..from + n {
        let to = format!("elu{i}@engins.example");
        let email = NewEmail {
            to: &to,
            subject: "Convocation au conseil communautaire",
            text: "Bonjour,\n\nLa séance aura lieu jeudi.",
            html: None,
            kind: "test",
        };
        let id = store.queue_email(&email, "vercors.example").await.unwrap();
        ids.push(store.outbox_message(id).await.unwrap().unwrap().message_id);
    }
    ids
}

/// A job's row as the tests read it.
#[derive(Debug)]
struct JobRow {
    attempts: i64,
    locked_by: Option<String>,
    done: bool,
}

async fn email_jobs(db: &TestDb) -> Vec<JobRow> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let rows = sqlx::query(
        "SELECT attempts, locked_by, done_at FROM job WHERE kind = 'send_email' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows.iter()
        .map(|r| JobRow {
            attempts: r.get("attempts"),
            locked_by: r.get("locked_by"),
            done: r.get::<Option<String>, _>("done_at").is_some(),
        })
        .collect()
}

/// Waits until `done` holds, for at most `seconds`.
async fn wait_for(seconds: u64, mut done: impl AsyncFnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        if done().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_loses_no_job() {
    let (db, store) = database().await;
    let port = free_port();
    let mut expected = queue(&store, 0, 3).await;

    // A node runs while the mail server is down: every delivery fails for now.
    let node = Node::start(&db, port, None);
    let tried = wait_for(30, async || {
        let jobs = email_jobs(&db).await;
        jobs.len() == 3 && jobs.iter().all(|j| j.attempts >= 1)
    })
    .await;
    assert!(
        tried,
        "the node tried every job: {:?}",
        email_jobs(&db).await
    );
    node.stop();
    assert!(email_jobs(&db).await.iter().all(|j| !j.done));

    // More work arrives while no node runs.
    expected.extend(queue(&store, 3, 2).await);

    // The mail server is back, and so is a node: everything is delivered, once.
    let sink = Sink::start(port, &[]);
    assert_eq!(sink.port, port);
    let node = Node::start(&db, port, None);
    assert!(wait_for(30, async || sink.message_ids().len() >= 5).await);
    tokio::time::sleep(Duration::from_secs(2)).await;
    node.stop();
    assert_eq!(sorted(sink.message_ids()), sorted(expected));
    let jobs = email_jobs(&db).await;
    assert!(jobs.iter().all(|j| j.done), "{jobs:?}");
    assert!(jobs[..3].iter().all(|j| j.attempts >= 2), "{jobs:?}");
    for id in 1..=5 {
        assert!(
            store
                .outbox_message(id)
                .await
                .unwrap()
                .unwrap()
                .sent_at
                .is_some()
        );
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_database_never_run_the_same_job() {
    let (db, store) = database().await;
    // A slow mail server, so that both nodes are busy at the same time.
    let sink = Sink::start(0, &["--delay", "0.05"]);
    let first = Node::start(&db, sink.port, None);
    let second = Node::start(&db, sink.port, None);
    tokio::time::sleep(Duration::from_secs(1)).await;

    const JOBS: usize = 40;
    let expected = queue(&store, 0, JOBS).await;
    assert!(
        wait_for(90, async || sink.message_ids().len() >= JOBS).await,
        "{} of {JOBS} delivered",
        sink.message_ids().len()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    first.stop();
    second.stop();

    // Each message exactly once…
    assert_eq!(sorted(sink.message_ids()), sorted(expected));
    // …each job claimed once, and both nodes took part.
    let jobs = email_jobs(&db).await;
    assert_eq!(jobs.len(), JOBS);
    assert!(jobs.iter().all(|j| j.done && j.attempts == 1), "{jobs:?}");
    let workers: BTreeSet<_> = jobs.iter().filter_map(|j| j.locked_by.clone()).collect();
    assert_eq!(workers.len(), 2, "both nodes ran jobs: {workers:?}");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_cut_short_by_kill_9_runs_again_after_its_lease_and_its_email_arrives_once() {
    let (db, store) = database().await;
    // The mail server never answers the first delivery.
    let sink = Sink::start(0, &["--hang-first", "1"]);
    let expected = queue(&store, 0, 1).await;

    let node = Node::start(&db, sink.port, Some("3"));
    assert!(wait_for(30, async || sink.hung() == 1).await);
    // The node holds the job and keeps renewing its lease while it lives.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let jobs = email_jobs(&db).await;
    assert_eq!((jobs[0].attempts, jobs[0].done), (1, false), "{jobs:?}");
    let first_worker = jobs[0].locked_by.clone().unwrap();
    node.kill();

    let killed_at = Instant::now();
    let node = Node::start(&db, sink.port, Some("3"));
    assert!(wait_for(30, async || !sink.message_ids().is_empty()).await);
    tokio::time::sleep(Duration::from_secs(2)).await;
    node.stop();

    assert_eq!(sink.message_ids(), expected, "delivered once");
    assert!(killed_at.elapsed() >= Duration::from_secs(2));
    let jobs = email_jobs(&db).await;
    assert_eq!((jobs[0].attempts, jobs[0].done), (2, true), "{jobs:?}");
    assert_ne!(jobs[0].locked_by.as_deref(), Some(first_worker.as_str()));
    assert!(
        store
            .outbox_message(1)
            .await
            .unwrap()
            .unwrap()
            .sent_at
            .is_some()
    );
    store.close().await;
}
