//! The outbox with real processes: a message queued while no server ran is
//! delivered when `serve` starts, over SMTP to a real server on loopback
//! (`tests/smtp_sink.py`), after a temporary refusal, exactly once.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use comcom_core::{Siren, catalogue};
use comcom_store::outbox::NewEmail;

use crate::helpers::{TestDb, repo_root};

/// The SMTP sink on a port of its own (also used by the notification tests).
pub(crate) struct Sink {
    child: Child,
    pub(crate) port: u16,
    folder: tempfile::TempDir,
}

impl Sink {
    pub(crate) fn start(options: &[&str]) -> Sink {
        let folder = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/smtp_sink.py"))
            .arg("--dir")
            .arg(folder.path())
            .args(["--max-seconds", "60"])
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

    pub(crate) fn received(&self) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_queued_before_start_is_delivered_once_after_a_temporary_refusal() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let vercors = catalogue::find(&Siren::parse("243801024").unwrap()).unwrap();
    store.add_territory(vercors).await.unwrap();
    let email = NewEmail {
        to: "maire@engins.example",
        subject: "Réunion de la conférence des maires",
        text: "Bonjour,\n\nLa réunion aura lieu à Lans-en-Vercors.",
        html: None,
        kind: "test",
    };
    let id = store.queue_email(&email, "vercors.example").await.unwrap();
    let message_id = store.outbox_message(id).await.unwrap().unwrap().message_id;

    let sink = Sink::start(&["--tempfail-rcpt", "1"]);
    let mut server = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env(
            "COMCOM_SMTP_URL",
            format!("smtp://127.0.0.1:{}?tls=none", sink.port),
        )
        .env(
            "COMCOM_MAIL_FROM",
            "CC du Massif du Vercors <ne-pas-repondre@vercors.example>",
        )
        .env("COMCOM_RETRY_BASE_SECONDS", "1")
        .env("COMCOM_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let started = Instant::now();
    while sink.received().is_empty() && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let _ = server.kill();
    let _ = server.wait();

    let received = sink.received();
    assert_eq!(received.len(), 1, "exactly one delivery");
    let raw = std::fs::read_to_string(&received[0]).unwrap();
    assert!(
        raw.contains(&format!("Message-ID: <{message_id}>")),
        "{raw}"
    );
    assert!(raw.contains("To: maire@engins.example"));
    let message = store.outbox_message(id).await.unwrap().unwrap();
    assert!(message.sent_at.is_some());
    let jobs = store.job_counts().await.unwrap();
    assert_eq!((jobs.pending, jobs.failed), (0, 0));
    store.close().await;
}
