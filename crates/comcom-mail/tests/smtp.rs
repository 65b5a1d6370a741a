//! Delivery to a real SMTP server on loopback: `tests/smtp_sink.py` (aiosmtpd)
//! receives the messages and `tests/check_email.py` reads them back with
//! Python's own email parser. Both need `aiosmtpd`: `bash scripts/test-deps.sh`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use comcom_mail::{Email, Mailbox, SendError, Transport};
use serde_json::Value;

/// The repository's `tests/` folder, where the Python helpers live.
fn python_helpers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// A running `smtp_sink.py`, stopped when dropped.
struct Sink {
    child: Child,
    port: u16,
    folder: tempfile::TempDir,
}

impl Sink {
    fn start(options: &[&str]) -> Sink {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let mut child = Command::new("python3")
            .arg(python_helpers().join("smtp_sink.py"))
            .arg("--dir")
            .arg(folder.path())
            .args(["--max-seconds", "30"])
            .args(options)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");

        let mut first_line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout)
            .read_line(&mut first_line)
            .expect("the sink's first line");
        let Some(port) = first_line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
        else {
            let _ = child.kill();
            panic!(
                "smtp_sink.py did not start (got {first_line:?}); is aiosmtpd installed? \
                 Run: bash scripts/test-deps.sh"
            );
        };
        Sink {
            child,
            port,
            folder,
        }
    }

    fn transport(&self, credentials: &str) -> Transport {
        let url = format!("smtp://{credentials}127.0.0.1:{}?tls=none", self.port);
        Transport::from_settings(Some(&url), Path::new("unused")).expect("a valid URL")
    }

    /// The messages received so far, oldest first.
    fn received(&self) -> Vec<PathBuf> {
        let mut messages: Vec<PathBuf> = std::fs::read_dir(self.folder.path())
            .expect("the sink's folder")
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        messages.sort();
        messages
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What Python's email package reads in a message file.
fn parse_with_python(path: &Path) -> Value {
    let output = Command::new("python3")
        .arg(python_helpers().join("check_email.py"))
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check_email.py prints JSON")
}

fn invitation(to: &str) -> Email {
    Email {
        message_id: "5c1e2f3a-7b8d-4e9f-a0b1-c2d3e4f5a6b7@vercors.example.org".into(),
        from: Mailbox {
            name: Some("Communauté de communes du Massif du Vercors".into()),
            address: "ne-pas-repondre@vercors.example.org".into(),
        },
        to: to.into(),
        subject: "Invitation à l’espace « Engins » — élus, agents".into(),
        text: "Bonjour Madame la Maire,\n\nVous êtes invitée à rejoindre l’espace Engins.\n\
               Lien valable 7 jours : https://vercors.example.org/i/XyZ\n"
            .into(),
        html: Some(
            "<p>Bonjour Madame la Maire,</p>\n<p>Vous êtes invitée à rejoindre \
             l’espace <a href=\"https://vercors.example.org/i/XyZ\">Engins</a>.</p>\n"
                .into(),
        ),
        headers: vec![(
            "List-Unsubscribe".into(),
            "<https://vercors.example.org/u/1>".into(),
        )],
        calendar: None,
    }
}

fn header<'a>(message: &'a Value, name: &str) -> &'a str {
    message["headers"][name][0]
        .as_str()
        .unwrap_or_else(|| panic!("no {name} header"))
}

#[tokio::test]
async fn an_email_with_accents_and_html_arrives_intact() {
    let sink = Sink::start(&[]);
    let email = invitation("maire@engins.example.org");

    sink.transport("")
        .send(&email)
        .await
        .expect("the sink accepts the email");

    let received = sink.received();
    assert_eq!(received.len(), 1);
    let message = parse_with_python(&received[0]);
    assert_eq!(message["defects"], serde_json::json!([]));
    assert_eq!(header(&message, "Subject"), email.subject);
    assert_eq!(
        header(&message, "From"),
        "Communauté de communes du Massif du Vercors <ne-pas-repondre@vercors.example.org>"
    );
    assert_eq!(header(&message, "To"), "maire@engins.example.org");
    assert_eq!(
        header(&message, "Message-ID"),
        format!("<{}>", email.message_id)
    );
    assert_eq!(header(&message, "MIME-Version"), "1.0");
    assert_eq!(
        header(&message, "List-Unsubscribe"),
        "<https://vercors.example.org/u/1>"
    );
    assert!(!header(&message, "Date").is_empty());
    assert_eq!(message["content_type"], "multipart/alternative");

    let parts = message["parts"].as_array().expect("parts");
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["content_type"], "text/plain");
    assert_eq!(parts[1]["content_type"], "text/html");
    for (part, expected) in parts
        .iter()
        .zip([&email.text, email.html.as_ref().unwrap()])
    {
        assert_eq!(part["charset"], "utf-8");
        assert_eq!(part["defects"], serde_json::json!([]));
        assert_eq!(
            part["content"].as_str().unwrap().replace("\r\n", "\n"),
            *expected
        );
    }

    let envelope: Value =
        serde_json::from_slice(&std::fs::read(received[0].with_extension("json")).unwrap())
            .unwrap();
    assert_eq!(envelope["mail_from"], "ne-pas-repondre@vercors.example.org");
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["maire@engins.example.org"])
    );
}

#[tokio::test]
async fn a_451_reply_is_a_temporary_failure_and_a_retry_succeeds() {
    let sink = Sink::start(&["--tempfail-rcpt", "1"]);
    let transport = sink.transport("");
    let email = invitation("maire@engins.example.org");

    let error = transport.send(&email).await.unwrap_err();
    assert!(!error.permanent, "{error:?}");
    assert!(error.reason.contains("451"), "{}", error.reason);
    assert!(sink.received().is_empty());

    transport.send(&email).await.expect("the retry is accepted");
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_550_reply_is_a_permanent_failure_whose_reason_hides_the_address() {
    let sink = Sink::start(&["--reject", "inconnu@engins.example.org"]);

    let error = sink
        .transport("")
        .send(&invitation("inconnu@engins.example.org"))
        .await
        .unwrap_err();

    assert!(error.permanent, "{error:?}");
    assert!(error.reason.contains("550"), "{}", error.reason);
    assert!(!error.reason.contains("inconnu"), "{}", error.reason);
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn a_server_that_is_not_listening_is_a_temporary_failure() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    let transport = Transport::from_settings(Some(&url), Path::new("unused")).unwrap();

    let error = transport
        .send(&invitation("maire@engins.example.org"))
        .await
        .unwrap_err();

    assert!(!error.permanent, "{error:?}");
}

#[tokio::test]
async fn a_server_without_tls_is_refused_when_tls_is_asked_for() {
    let sink = Sink::start(&[]);
    let email = invitation("maire@engins.example.org");

    for tls in ["starttls", "tls"] {
        let url = format!("smtp://127.0.0.1:{}?tls={tls}", sink.port);
        let transport = Transport::from_settings(Some(&url), Path::new("unused")).unwrap();

        let error = transport.send(&email).await.unwrap_err();

        assert!(!error.permanent, "{tls}: {error:?}");
    }
    assert!(sink.received().is_empty(), "nothing was sent in clear");
}

#[tokio::test]
async fn the_user_and_password_of_the_url_log_in() {
    let sink = Sink::start(&["--auth", "alice@vercors.example.org:p@ss:wörd"]);
    let transport = sink.transport("alice%40vercors.example.org:p%40ss%3Aw%C3%B6rd@");

    transport
        .send(&invitation("maire@engins.example.org"))
        .await
        .expect("login accepted");

    assert_eq!(sink.received().len(), 1);
    assert_eq!(
        transport.describe(),
        format!(
            "SMTP 127.0.0.1:{} (no TLS) as alice@vercors.example.org",
            sink.port
        )
    );
}

#[tokio::test]
async fn a_refused_login_is_a_temporary_failure_without_the_password() {
    let sink = Sink::start(&["--auth", "alice:right"]);

    let email = invitation("maire@engins.example.org");

    let wrong_password = sink.transport("alice:wr0ng-secret@").send(&email).await;
    let no_login = sink.transport("").send(&email).await;

    for error in [wrong_password.unwrap_err(), no_login.unwrap_err()] {
        let SendError { permanent, reason } = &error;
        assert!(
            !permanent,
            "a login problem is a setting to fix, not a bad message: {error:?}"
        );
        assert!(reason.starts_with("login refused"), "{reason}");
        assert!(!reason.contains("wr0ng"), "{reason}");
    }
    assert!(sink.received().is_empty());
}
