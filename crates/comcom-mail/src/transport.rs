//! The transport chosen from the settings, and what a failed delivery means
//! for the outbox: give up, or try again later.

use std::path::{Path, PathBuf};

use crate::bulk::Dkim;
use crate::folder;
use crate::message::{BuildError, Email, build};
use crate::smtp::{ConfigError, SmtpServer};

/// Where emails go: an SMTP server, or a local folder when none is configured.
#[derive(Clone, Debug)]
pub enum Transport {
    /// Deliver to the SMTP server of `COMCOM_SMTP_URL`.
    Smtp(SmtpServer),
    /// Write each message as an `.eml` file into this folder.
    Folder(PathBuf),
}

/// Why a delivery failed, and whether trying again could help.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{reason}")]
pub struct SendError {
    /// `true` when retrying cannot help: the server refused the message for good
    /// (a 5xx reply) or the message itself is invalid (an address, a header).
    /// `false` for 4xx replies, refused logins, connection, TLS and time-out
    /// failures, and a mail folder that cannot be written.
    pub permanent: bool,
    /// What happened, in English, for the logs and the administrator; it never
    /// contains the password nor an email address.
    pub reason: String,
}

impl From<BuildError> for SendError {
    fn from(error: BuildError) -> Self {
        SendError {
            permanent: true,
            reason: error.to_string(),
        }
    }
}

impl Transport {
    /// Chooses the transport: SMTP when `smtp_url` (`COMCOM_SMTP_URL`) is set and
    /// not blank, else the mail folder `mail_dir`. The URL is parsed strictly; see
    /// [`ConfigError`] for each mistake it reports.
    pub fn from_settings(
        smtp_url: Option<&str>,
        mail_dir: &Path,
    ) -> Result<Transport, ConfigError> {
        match smtp_url.map(str::trim).filter(|url| !url.is_empty()) {
            Some(url) => Ok(Transport::Smtp(SmtpServer::parse(url)?)),
            None if mail_dir.as_os_str().is_empty() => Err(ConfigError::EmptyMailDir),
            None => Ok(Transport::Folder(mail_dir.to_path_buf())),
        }
    }

    /// One line for the logs and the admin page, never with the password:
    /// `SMTP mail.example.org:587 (STARTTLS) as alice` or `mail folder /var/lib/comcom/mail`.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(server) => server.to_string(),
            Transport::Folder(dir) => format!("mail folder {}", dir.display()),
        }
    }

    /// Whether emails stay on this machine instead of reaching their recipients.
    pub fn is_folder(&self) -> bool {
        matches!(self, Transport::Folder(_))
    }

    /// Delivers one email. Delivering the same `message_id` again is safe for the
    /// folder (the file is replaced); an SMTP server receives it a second time.
    pub async fn send(&self, email: &Email) -> Result<(), SendError> {
        self.send_signed(email, None).await
    }

    /// Like [`Transport::send`], with a DKIM signature when `dkim` is given
    /// (a letter's test, signed as the letter itself will be).
    #[tracing::instrument(name = "deliver email", skip_all, fields(message.id = %email.message_id))]
    pub async fn send_signed(&self, email: &Email, dkim: Option<&Dkim>) -> Result<(), SendError> {
        let mut message = build(email)?;
        if let Some(dkim) = dkim {
            dkim.sign(&mut message);
        }

        match self {
            Transport::Smtp(server) => {
                server.send(message).await?;
                tracing::info!(transport = %server, "email accepted by the SMTP server");
            }
            Transport::Folder(dir) => {
                let path = folder::write(dir, &email.message_id, &message.formatted())
                    .await
                    .map_err(|error| SendError {
                        permanent: false,
                        reason: format!(
                            "cannot write to the mail folder {}: {error}",
                            dir.display()
                        ),
                    })?;
                tracing::info!(path = %path.display(), "email written to the mail folder");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Mailbox;

    fn email(id: &str) -> Email {
        Email {
            message_id: id.into(),
            from: Mailbox {
                name: Some("Vercors".into()),
                address: "noreply@vercors.example.org".into(),
            },
            to: "maire@engins.example.org".into(),
            subject: "Invitation à rejoindre l’espace Engins".into(),
            text: "Bonjour,\nvous êtes invité.\n".into(),
            html: Some("<p>Bonjour, vous êtes invité.</p>".into()),
            headers: Vec::new(),
            calendar: None,
        }
    }

    #[test]
    fn without_an_smtp_url_mail_goes_to_the_folder() {
        for url in [None, Some(""), Some("  ")] {
            let transport =
                Transport::from_settings(url, Path::new("/var/lib/comcom/mail")).unwrap();

            assert!(transport.is_folder());
            assert_eq!(transport.describe(), "mail folder /var/lib/comcom/mail");
        }
        assert_eq!(
            Transport::from_settings(None, Path::new("")).unwrap_err(),
            ConfigError::EmptyMailDir
        );
    }

    #[test]
    fn with_an_smtp_url_mail_goes_to_the_server() {
        let url = "smtp://alice:hunter2@mail.example.org";
        let transport = Transport::from_settings(Some(url), Path::new("mail")).unwrap();

        assert!(!transport.is_folder());
        assert_eq!(
            transport.describe(),
            "SMTP mail.example.org:587 (STARTTLS) as alice"
        );
        assert!(!format!("{transport:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn the_folder_transport_writes_one_eml_file_per_message_id() {
        let dir = tempfile::tempdir().unwrap();
        let transport = Transport::Folder(dir.path().join("mail"));

        transport.send(&email("a1@comcom.test")).await.unwrap();
        transport.send(&email("a1@comcom.test")).await.unwrap();
        transport.send(&email("b2@comcom.test")).await.unwrap();

        let mut names: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a1@comcom.test.eml", "b2@comcom.test.eml"]);
        let written = std::fs::read(dir.path().join("mail/a1@comcom.test.eml")).unwrap();
        assert!(written.starts_with(b"From: "));
        assert!(written.windows(11).any(|w| w == b"Message-ID:"));
    }

    #[tokio::test]
    async fn an_invalid_email_fails_permanently() {
        let dir = tempfile::tempdir().unwrap();
        let transport = Transport::Folder(dir.path().to_path_buf());
        let mut email = email("c3@comcom.test");
        email.to = "not an address".into();

        let error = transport.send(&email).await.unwrap_err();

        assert!(error.permanent);
        assert_eq!(error.reason, "the recipient address is not valid");
    }

    #[tokio::test]
    async fn an_unwritable_folder_fails_temporarily() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("occupied");
        std::fs::write(&file, b"").unwrap();
        let transport = Transport::Folder(file.join("mail"));

        let error = transport.send(&email("d4@comcom.test")).await.unwrap_err();

        assert!(!error.permanent);
        assert!(
            error.reason.starts_with("cannot write to the mail folder"),
            "{}",
            error.reason
        );
    }
}
