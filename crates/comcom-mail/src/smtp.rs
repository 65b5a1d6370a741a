//! Delivery to an SMTP server: the `COMCOM_SMTP_URL` setting, strictly parsed,
//! and one connection per message through lettre (rustls, no OpenSSL).

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::authentication::Mechanism;
use lettre::transport::smtp::client::{AsyncSmtpConnection, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use percent_encoding::percent_decode_str;
use url::Url;

use crate::transport::SendError;

/// How long to wait for the TCP connection to the server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// How long one whole delivery (connection, TLS, authentication, message) may
/// take; lettre's own timeout covers the connection only, and a server that
/// stops answering mid-conversation must not hold a job forever.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(60);

/// How the connection to the SMTP server is encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS, which the server must offer
    /// (`tls=starttls`, the default; port 587).
    StartTls,
    /// TLS from the first byte (`tls=tls` or `smtps://`; port 465).
    Implicit,
    /// No encryption at all (`tls=none`; port 25); only when asked explicitly.
    None,
}

impl TlsMode {
    fn default_port(self) -> u16 {
        match self {
            TlsMode::StartTls => 587,
            TlsMode::Implicit => 465,
            TlsMode::None => 25,
        }
    }
}

/// Why `COMCOM_SMTP_URL` cannot be used; one variant per mistake so that the
/// caller can tell the administrator precisely what to fix.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The value is not a URL at all.
    #[error("COMCOM_SMTP_URL is not a URL ({0})")]
    NotAUrl(String),
    /// The scheme is neither `smtp` nor `smtps`.
    #[error("COMCOM_SMTP_URL must start with smtp:// or smtps://, not {0}://")]
    UnsupportedScheme(String),
    /// No server name after `smtp://`.
    #[error("COMCOM_SMTP_URL names no server")]
    MissingHost,
    /// The server name is not a host name or an IP address.
    #[error("COMCOM_SMTP_URL has an invalid server name: {0}")]
    InvalidHost(String),
    /// The port is 0, above 65535 or not a number.
    #[error("COMCOM_SMTP_URL has an invalid port (1 to 65535)")]
    InvalidPort,
    /// `tls=` is not one of `starttls`, `tls` or `none`.
    #[error("COMCOM_SMTP_URL has tls={0}; use starttls, tls or none")]
    InvalidTls(String),
    /// `smtps://` together with `tls=starttls` or `tls=none`.
    #[error("COMCOM_SMTP_URL uses smtps:// (implicit TLS) together with another tls= value")]
    ConflictingTls,
    /// A query parameter other than `tls`.
    #[error("COMCOM_SMTP_URL has an unknown parameter {0:?}; only tls= is understood")]
    UnknownParameter(String),
    /// The same query parameter twice.
    #[error("COMCOM_SMTP_URL gives the parameter {0:?} more than once")]
    RepeatedParameter(String),
    /// Something after the port (a path or a `#fragment`).
    #[error("COMCOM_SMTP_URL has a path or fragment after the server; remove it")]
    UnexpectedPath,
    /// A user without a password, or a password without a user.
    #[error("COMCOM_SMTP_URL gives a user without a password or a password without a user")]
    IncompleteCredentials,
    /// The user or password does not decode (percent-encoding) to UTF-8 text.
    #[error("COMCOM_SMTP_URL has a user or password that is not valid percent-encoded UTF-8")]
    InvalidCredentials,
    /// A password would travel unencrypted to a server other than this machine.
    #[error("COMCOM_SMTP_URL would send the password unencrypted (tls=none) to another machine")]
    PasswordWithoutTls,
    /// The local mail folder path is empty.
    #[error("the mail folder path is empty")]
    EmptyMailDir,
}

/// An SMTP server to deliver to, parsed from `COMCOM_SMTP_URL`.
#[derive(Clone)]
pub struct SmtpServer {
    host: String,
    port: u16,
    tls: TlsMode,
    credentials: Option<(String, String)>,
    client: Arc<AsyncSmtpTransport<Tokio1Executor>>,
}

impl SmtpServer {
    /// Parses `smtp://[user:password@]host[:port][?tls=starttls|tls|none]` or
    /// `smtps://…`; user and password are percent-decoded.
    pub fn parse(url: &str) -> Result<SmtpServer, ConfigError> {
        let url = Url::parse(url.trim()).map_err(|error| match error {
            url::ParseError::EmptyHost => ConfigError::MissingHost,
            url::ParseError::InvalidPort => ConfigError::InvalidPort,
            other => ConfigError::NotAUrl(other.to_string()),
        })?;

        let tls = tls_mode(&url)?;
        let host = host(&url)?;
        let port = match url.port() {
            Some(0) => return Err(ConfigError::InvalidPort),
            Some(port) => port,
            None => tls.default_port(),
        };
        if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
            return Err(ConfigError::UnexpectedPath);
        }
        let credentials = credentials(&url)?;
        if credentials.is_some() && tls == TlsMode::None && !is_loopback(&host) {
            return Err(ConfigError::PasswordWithoutTls);
        }

        let client = client(&host, port, tls, credentials.as_ref())?;
        Ok(SmtpServer {
            host,
            port,
            tls,
            credentials,
            client,
        })
    }

    /// The server's host name or IP address (an IPv6 address without brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// How the connection is encrypted.
    pub fn tls(&self) -> TlsMode {
        self.tls
    }

    /// The user name sent with AUTH, if any; the password has no accessor.
    pub fn user(&self) -> Option<&str> {
        self.credentials.as_ref().map(|(user, _)| user.as_str())
    }

    /// Delivers one message; see [`SendError`] for what is permanent.
    pub(crate) async fn send(&self, message: Message) -> Result<(), SendError> {
        let delivery = self.client.send(message);
        match tokio::time::timeout(DELIVERY_TIMEOUT, delivery).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(error)) => Err(classify(&error)),
            Err(_elapsed) => Err(SendError {
                permanent: false,
                reason: format!(
                    "the SMTP server did not finish the delivery within {} s",
                    DELIVERY_TIMEOUT.as_secs()
                ),
            }),
        }
    }
}

impl SmtpServer {
    /// Opens one connection (TLS and login as configured) for several messages.
    pub(crate) async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let hello = ClientId::default();
        let parameters = || {
            TlsParameters::new(self.host.clone()).map_err(|e| SendError {
                permanent: false,
                reason: format!("TLS parameters: {e}"),
            })
        };
        let implicit = match self.tls {
            TlsMode::Implicit => Some(parameters()?),
            _ => None,
        };
        let address = (self.host.as_str(), self.port);
        let opened = tokio::time::timeout(CONNECT_TIMEOUT, async {
            match implicit {
                Some(tls) => AsyncSmtpConnection::connect_tokio1(
                    address,
                    Some(CONNECT_TIMEOUT),
                    &hello,
                    Some(tls),
                    None,
                )
                .await
                .map_err(|e| classify(&e)),
                None => {
                    // Our own socket, with Nagle's algorithm off: the client
                    // writes a command and waits for its answer, and with
                    // delayed acknowledgements each message would otherwise
                    // wait about 40 ms for nothing (20 messages a second).
                    let stream =
                        tokio::net::TcpStream::connect(address)
                            .await
                            .map_err(|e| SendError {
                                permanent: false,
                                reason: format!("cannot connect to the SMTP server: {e}"),
                            })?;
                    let _ = stream.set_nodelay(true);
                    AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello)
                        .await
                        .map_err(|e| classify(&e))
                }
            }
        })
        .await;
        let mut connection = match opened {
            Ok(Ok(connection)) => connection,
            Ok(Err(error)) => return Err(error),
            Err(_) => {
                return Err(SendError {
                    permanent: false,
                    reason: "the SMTP server did not answer in time".into(),
                });
            }
        };
        if self.tls == TlsMode::StartTls {
            connection
                .starttls(parameters()?, &hello)
                .await
                .map_err(|e| classify(&e))?;
        }
        if let Some((user, password)) = &self.credentials {
            let credentials = Credentials::new(user.clone(), password.clone());
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .await
                .map_err(|e| classify(&e))?;
        }
        Ok(connection)
    }
}

impl fmt::Display for SmtpServer {
    /// `SMTP host:port (STARTTLS) as user`, never the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tls = match self.tls {
            TlsMode::StartTls => "STARTTLS",
            TlsMode::Implicit => "TLS",
            TlsMode::None => "no TLS",
        };
        if self.host.contains(':') {
            write!(f, "SMTP [{}]:{} ({tls})", self.host, self.port)?;
        } else {
            write!(f, "SMTP {}:{} ({tls})", self.host, self.port)?;
        }
        match self.user() {
            Some(user) => write!(f, " as {user}"),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for SmtpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user())
            .finish_non_exhaustive()
    }
}

fn tls_mode(url: &Url) -> Result<TlsMode, ConfigError> {
    let implicit = match url.scheme() {
        "smtp" => false,
        "smtps" => true,
        other => return Err(ConfigError::UnsupportedScheme(other.to_owned())),
    };

    let mut asked = None;
    for (name, value) in url.query_pairs() {
        if name != "tls" {
            return Err(ConfigError::UnknownParameter(name.into_owned()));
        }
        if asked.is_some() {
            return Err(ConfigError::RepeatedParameter(name.into_owned()));
        }
        asked = Some(match value.to_ascii_lowercase().as_str() {
            "starttls" => TlsMode::StartTls,
            "tls" => TlsMode::Implicit,
            "none" => TlsMode::None,
            _ => return Err(ConfigError::InvalidTls(value.into_owned())),
        });
    }

    match (implicit, asked) {
        (true, None | Some(TlsMode::Implicit)) => Ok(TlsMode::Implicit),
        (true, Some(_)) => Err(ConfigError::ConflictingTls),
        (false, asked) => Ok(asked.unwrap_or(TlsMode::StartTls)),
    }
}

/// A DNS name or an IP address; `url` leaves the host of an `smtp:` URL opaque,
/// so its syntax is checked here.
fn host(url: &Url) -> Result<String, ConfigError> {
    let host = match url.host() {
        None => return Err(ConfigError::MissingHost),
        Some(url::Host::Ipv6(address)) => return Ok(address.to_string()),
        Some(url::Host::Ipv4(address)) => return Ok(address.to_string()),
        Some(url::Host::Domain(name)) => name.to_ascii_lowercase(),
    };
    if host.is_empty() {
        return Err(ConfigError::MissingHost);
    }

    let is_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let name = host.strip_suffix('.').unwrap_or(&host);
    if name.len() > 253 || !name.split('.').all(is_label) {
        return Err(ConfigError::InvalidHost(host));
    }
    Ok(host)
}

fn credentials(url: &Url) -> Result<Option<(String, String)>, ConfigError> {
    let decode = |text: &str| {
        percent_decode_str(text)
            .decode_utf8()
            .map(|text| text.into_owned())
            .map_err(|_| ConfigError::InvalidCredentials)
    };
    let user = decode(url.username())?;
    let password = decode(url.password().unwrap_or(""))?;

    match (user.is_empty(), password.is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some((user, password))),
        _ => Err(ConfigError::IncompleteCredentials),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The lettre client, built once so that a host rustls cannot verify is
/// reported at start-up rather than at the first delivery.
fn client(
    host: &str,
    port: u16,
    tls: TlsMode,
    credentials: Option<&(String, String)>,
) -> Result<Arc<AsyncSmtpTransport<Tokio1Executor>>, ConfigError> {
    let tls = match tls {
        TlsMode::None => Tls::None,
        TlsMode::StartTls | TlsMode::Implicit => {
            let parameters = TlsParameters::new(host.to_owned())
                .map_err(|_| ConfigError::InvalidHost(host.to_owned()))?;
            if tls == TlsMode::Implicit {
                Tls::Wrapper(parameters)
            } else {
                Tls::Required(parameters)
            }
        }
    };

    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .tls(tls)
        .timeout(Some(CONNECT_TIMEOUT));
    if let Some((user, password)) = credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(Arc::new(builder.build()))
}

/// Permanent: the server refused this message for good (5xx), except refusals of
/// the login (530, 534, 535, 538), which are a setting to fix while the message
/// waits. Everything else (4xx, network, TLS, malformed replies) is worth retrying.
pub(crate) fn classify(error: &lettre::transport::smtp::Error) -> SendError {
    let login_refused = error
        .status()
        .is_some_and(|code| matches!(code.to_string().as_str(), "530" | "534" | "535" | "538"));
    let reason = if login_refused {
        format!("login refused, check COMCOM_SMTP_URL: {error}")
    } else {
        error.to_string()
    };
    SendError {
        permanent: error.is_permanent() && !login_refused,
        reason: redact_addresses(&reason),
    }
}

/// Servers quote the recipient in their replies; the reason ends up in logs,
/// where addresses do not belong.
fn redact_addresses(reason: &str) -> String {
    let words: Vec<&str> = reason
        .split(' ')
        .map(|word| {
            if word.contains('@') {
                "[address]"
            } else {
                word
            }
        })
        .collect();
    let reason = words.join(" ");
    match reason.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &reason[..cut]),
        None => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_urls_give_host_port_tls_and_user() {
        let cases: &[(&str, &str, u16, TlsMode, Option<&str>)] = &[
            (
                "smtp://mail.example.org",
                "mail.example.org",
                587,
                TlsMode::StartTls,
                None,
            ),
            (
                "smtp://u:p@mail.example.org:2525?tls=starttls",
                "mail.example.org",
                2525,
                TlsMode::StartTls,
                Some("u"),
            ),
            (
                "smtp://mail.example.org?tls=tls",
                "mail.example.org",
                465,
                TlsMode::Implicit,
                None,
            ),
            (
                "smtps://u:p@Mail.Example.org",
                "mail.example.org",
                465,
                TlsMode::Implicit,
                Some("u"),
            ),
            (
                "smtps://mail.example.org?tls=tls",
                "mail.example.org",
                465,
                TlsMode::Implicit,
                None,
            ),
            (
                "smtp://relay.local?tls=none",
                "relay.local",
                25,
                TlsMode::None,
                None,
            ),
            (
                "smtp://127.0.0.1:1025/?tls=none",
                "127.0.0.1",
                1025,
                TlsMode::None,
                None,
            ),
            (
                "smtp://u:p@localhost:1025?tls=NONE",
                "localhost",
                1025,
                TlsMode::None,
                Some("u"),
            ),
            (
                "smtp://u:p@[::1]:25?tls=none",
                "::1",
                25,
                TlsMode::None,
                Some("u"),
            ),
            (
                " smtp://mail.example.org \n",
                "mail.example.org",
                587,
                TlsMode::StartTls,
                None,
            ),
            (
                "smtp://no%40reply%40cc.fr:p%3A%2F%40ss@mail.example.org",
                "mail.example.org",
                587,
                TlsMode::StartTls,
                Some("no@reply@cc.fr"),
            ),
        ];
        for &(url, host, port, tls, user) in cases {
            let server = SmtpServer::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));

            assert_eq!(server.host(), host, "{url}");
            assert_eq!(server.port(), port, "{url}");
            assert_eq!(server.tls(), tls, "{url}");
            assert_eq!(server.user(), user, "{url}");
        }
    }

    #[test]
    fn percent_encoded_passwords_are_decoded() {
        let server = SmtpServer::parse("smtp://u:p%3A%2F%40ss%C3%A9@mail.example.org").unwrap();

        assert_eq!(
            server.credentials.as_ref().map(|(_, p)| p.as_str()),
            Some("p:/@ssé")
        );
    }

    #[test]
    fn bad_urls_name_their_mistake() {
        use ConfigError::*;
        let cases: Vec<(&str, ConfigError)> = vec![
            ("", NotAUrl("relative URL without a base".into())),
            (
                "mail.example.org",
                NotAUrl("relative URL without a base".into()),
            ),
            ("http://mail.example.org", UnsupportedScheme("http".into())),
            (
                "imap://u:p@mail.example.org",
                UnsupportedScheme("imap".into()),
            ),
            ("smtp:mail.example.org", MissingHost),
            ("smtp://", MissingHost),
            ("smtp://:25", MissingHost),
            ("smtp://u:p@", MissingHost),
            ("smtp://mail.example.org:0", InvalidPort),
            ("smtp://mail.example.org:65536", InvalidPort),
            ("smtp://mail.example.org:abc", InvalidPort),
            ("smtp://mail.example.org?tls=ssl", InvalidTls("ssl".into())),
            ("smtp://mail.example.org?tls=", InvalidTls("".into())),
            ("smtps://mail.example.org?tls=starttls", ConflictingTls),
            ("smtps://mail.example.org?tls=none", ConflictingTls),
            (
                "smtp://mail.example.org?timeout=5",
                UnknownParameter("timeout".into()),
            ),
            (
                "smtp://mail.example.org?tls=tls&tls=tls",
                RepeatedParameter("tls".into()),
            ),
            ("smtp://mail.example.org/relay", UnexpectedPath),
            ("smtp://mail.example.org#x", UnexpectedPath),
            ("smtp://user@mail.example.org", IncompleteCredentials),
            ("smtp://:secret@mail.example.org", IncompleteCredentials),
            ("smtp://u:%FF@mail.example.org", InvalidCredentials),
            ("smtp://u:p@mail.example.org?tls=none", PasswordWithoutTls),
            (
                "smtp://mail_server.example.org",
                InvalidHost("mail_server.example.org".into()),
            ),
            (
                "smtp://-mail.example.org",
                InvalidHost("-mail.example.org".into()),
            ),
            (
                "smtp://mail..example.org",
                InvalidHost("mail..example.org".into()),
            ),
            (
                "smtp://m%C3%A9l.example.org",
                InvalidHost("m%c3%a9l.example.org".into()),
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(SmtpServer::parse(url).err(), Some(expected), "{url}");
        }
    }

    #[test]
    fn the_description_shows_the_user_but_never_the_password() {
        let cases = [
            (
                "smtp://alice:s3cr%C3%A9t@mail.example.org",
                "SMTP mail.example.org:587 (STARTTLS) as alice",
            ),
            (
                "smtps://alice:s3cr%C3%A9t@mail.example.org",
                "SMTP mail.example.org:465 (TLS) as alice",
            ),
            (
                "smtp://alice:s3cr%C3%A9t@[::1]:2525?tls=none",
                "SMTP [::1]:2525 (no TLS) as alice",
            ),
            ("smtp://127.0.0.1:25?tls=none", "SMTP 127.0.0.1:25 (no TLS)"),
        ];
        for (url, expected) in cases {
            let server = SmtpServer::parse(url).unwrap();

            assert_eq!(server.to_string(), expected);
            let debug = format!("{server:?}");
            assert!(!debug.contains("s3cr"), "{debug}");
            assert!(debug.contains("alice") || !url.contains("alice"), "{debug}");
        }
    }

    #[test]
    fn config_errors_never_quote_the_password() {
        let urls = [
            "smtp://u:s3cret@mail.example.org?tls=none",
            "smtp://u:s3cret@mail.example.org:0",
            "smtp://u:s3cret@bad_host",
            "smtps://u:s3cret@mail.example.org?tls=ssl",
        ];
        for url in urls {
            let error = SmtpServer::parse(url).unwrap_err();

            assert!(!error.to_string().contains("s3cret"), "{error}");
        }
    }

    #[test]
    fn reasons_hide_addresses_and_stay_short() {
        let reason =
            redact_addresses("permanent error (550): 5.1.1 <maire@engins.fr>: no such user");

        assert_eq!(
            reason,
            "permanent error (550): 5.1.1 [address] no such user"
        );
        assert!(redact_addresses(&"x".repeat(1000)).chars().count() <= 301);
    }
}
