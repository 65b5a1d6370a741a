//! Sending many messages in a row (a letter to elected officials): one SMTP
//! connection kept open from one message to the next, and an optional DKIM
//! signature on each message.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use lettre::transport::smtp::client::AsyncSmtpConnection;

use crate::folder;
use crate::message::{Email, build};
use crate::smtp::classify;
use crate::transport::{SendError, Transport};

/// How long one message on an open connection may take.
const MESSAGE_TIMEOUT: Duration = Duration::from_secs(60);

/// Headers covered by the signature: RFC 8058 asks for both List-Unsubscribe
/// headers to be signed, so that one-click unsubscription can be trusted.
/// MIME-Version and Content-Type are left out: lettre writes them with the
/// body, after the signature is computed, so signing them would break it.
const SIGNED_HEADERS: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// A DKIM signing key with its selector and domain.
pub struct Dkim {
    config: DkimConfig,
    pub selector: String,
    pub domain: String,
}

impl std::fmt::Debug for Dkim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dkim")
            .field("selector", &self.selector)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

/// Why a DKIM key cannot be used.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DkimError {
    /// The key is not an RSA private key in PEM (PKCS#1, `BEGIN RSA PRIVATE KEY`).
    #[error("the DKIM key is not an RSA private key in PKCS#1 PEM form")]
    InvalidKey,
    /// The selector is empty or has characters a DNS label cannot have.
    #[error("the DKIM selector is not a DNS label")]
    InvalidSelector,
}

impl Dkim {
    /// Reads an RSA key (PKCS#1 PEM); signs with relaxed/relaxed canonicalisation.
    pub fn new(selector: &str, domain: &str, pem: &str) -> Result<Dkim, DkimError> {
        let selector_ok = !selector.is_empty()
            && selector.len() <= 63
            && selector
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !selector_ok {
            return Err(DkimError::InvalidSelector);
        }
        let key = DkimSigningKey::new(pem.trim(), DkimSigningAlgorithm::Rsa)
            .map_err(|_| DkimError::InvalidKey)?;
        let config = DkimConfig::new(
            selector.to_owned(),
            domain.to_owned(),
            key,
            SIGNED_HEADERS
                .iter()
                .map(|h| HeaderName::new_from_ascii_str(h))
                .collect(),
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        );
        Ok(Dkim {
            config,
            selector: selector.to_owned(),
            domain: domain.to_owned(),
        })
    }
}

impl Dkim {
    /// Signs a built message.
    pub(crate) fn sign(&self, message: &mut lettre::Message) {
        message.sign(&self.config);
    }
}

/// Sends messages one after the other over one kept connection (or into the
/// mail folder). After a failure the connection is closed and the next
/// message opens a new one.
pub struct BulkSender {
    transport: Transport,
    dkim: Option<Arc<Dkim>>,
    connection: Option<AsyncSmtpConnection>,
    /// Connections opened so far, for the logs.
    pub connections: u64,
}

impl BulkSender {
    pub fn new(transport: Transport, dkim: Option<Arc<Dkim>>) -> BulkSender {
        BulkSender {
            transport,
            dkim,
            connection: None,
            connections: 0,
        }
    }

    /// The bytes of a message as sent (signed when a key is set).
    pub fn render(&self, email: &Email) -> Result<Vec<u8>, SendError> {
        let mut message = build(email)?;
        if let Some(dkim) = &self.dkim {
            message.sign(&dkim.config);
        }
        Ok(message.formatted())
    }

    /// Delivers one message; see [`SendError`] for what is permanent.
    pub async fn send(&mut self, email: &Email) -> Result<(), SendError> {
        let mut message = build(email)?;
        if let Some(dkim) = &self.dkim {
            message.sign(&dkim.config);
        }
        let bytes = message.formatted();
        match &self.transport {
            Transport::Folder(dir) => {
                folder::write(dir, &email.message_id, &bytes)
                    .await
                    .map_err(|error| SendError {
                        permanent: false,
                        reason: format!(
                            "cannot write to the mail folder {}: {error}",
                            dir.display()
                        ),
                    })?;
                Ok(())
            }
            Transport::Smtp(server) => {
                if self.connection.is_none() {
                    self.connection = Some(server.connect().await?);
                    self.connections += 1;
                }
                let connection = self.connection.as_mut().expect("opened above");
                let envelope = message.envelope().clone();
                let outcome =
                    tokio::time::timeout(MESSAGE_TIMEOUT, connection.send(&envelope, &bytes)).await;
                match outcome {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(error)) => {
                        self.connection = None;
                        Err(classify(&error))
                    }
                    Err(_) => {
                        self.connection = None;
                        Err(SendError {
                            permanent: false,
                            reason: format!(
                                "the SMTP server did not accept the message within {} s",
                                MESSAGE_TIMEOUT.as_secs()
                            ),
                        })
                    }
                }
            }
        }
    }

    /// Says goodbye to the server (QUIT) and closes the connection.
    pub async fn close(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), connection.quit()).await;
        }
    }
}
