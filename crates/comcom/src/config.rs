//! Settings from the environment, with defaults that need no file: a SQLite
//! database under `COMCOM_DATA_DIR`, the demo territory, loopback on port 8080.

use std::net::SocketAddr;
use std::path::PathBuf;

use comcom_i18n::{Arg, Locale};

use crate::Failure;

/// The demo territory installed in an empty database: CC du Massif du Vercors.
pub const DEMO_EPCI: &str = "243801024";

/// Where comcom keeps its data and how it is reached.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    pub public_url: Option<url::Url>,
    /// SIREN installed by `serve` when the database has no territory (`none` to disable).
    pub default_epci: Option<String>,
    pub hosting: Option<String>,
    /// `COMCOM_SMTP_URL`; email goes to `data_dir/mail` when unset.
    pub smtp_url: Option<String>,
    /// `COMCOM_MAIL_FROM`: the sender of every email (`Name <address>` or an address).
    pub mail_from: Option<String>,
    /// `COMCOM_CONTACT_EMAIL`: the address shown on the legal pages.
    pub contact_email: Option<String>,
    /// `COMCOM_PUBLICATION_DIRECTOR`: the name shown in the legal notice.
    pub publication_director: Option<String>,
    /// `COMCOM_RETRY_BASE_SECONDS`: first pause before a failed job runs again.
    pub retry_base_secs: i64,
    /// `COMCOM_JOB_LEASE_SECONDS`: how long a node holds a job without news
    /// from it before another node may take it over.
    pub job_lease_secs: i64,
    /// `COMCOM_DIGEST_HOUR`: the hour (UTC, 0–23) after which the daily
    /// digests of notifications are sent.
    pub digest_hour: u32,
    /// `COMCOM_LETTER_RATE`: letter messages per second (default 20).
    pub letter_rate: f64,
    /// `COMCOM_DKIM_KEY_FILE`: RSA private key (PKCS#1 PEM) signing letters.
    pub dkim_key_file: Option<PathBuf>,
    /// `COMCOM_DKIM_SELECTOR`: the selector of that key in DNS.
    pub dkim_selector: Option<String>,
    /// `COMCOM_BOUNCE_LIMIT`: hard bounces after which an address gets no more letters (default 3).
    pub bounce_limit: i64,
    /// `COMCOM_VISIO_*`: the territory's one visio tool, if configured.
    pub visio: Option<comcom_visio::Provider>,
    /// `COMCOM_STORAGE_URL`: where documents are kept (`s3://bucket/prefix` or
    /// a folder); `data_dir/files` when unset.
    pub storage_url: Option<String>,
    /// `COMCOM_DOCUMENT_MAX_MB` and `COMCOM_SPACE_QUOTA_MB` (megabytes of 10⁶ bytes).
    pub document_limits: comcom_files::Limits,
}

/// A size in megabytes from `name`, between 1 MB and 10 TB.
fn megabytes(locale: Locale, name: &str, default: u64) -> Result<u64, Failure> {
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=10_000_000).contains(n))
            .map(|n| n * 1_000_000)
            .ok_or_else(|| {
                Failure::input(locale.t_args(
                    "cli-megabytes-invalid",
                    &[
                        ("name", Arg::from(name)),
                        ("input", Arg::from(text.as_str())),
                    ],
                ))
            }),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl Config {
    /// Reads `COMCOM_*` variables; `bind` overrides `COMCOM_BIND`.
    pub fn from_env(locale: Locale, bind: Option<&str>) -> Result<Config, Failure> {
        let data_dir = PathBuf::from(var("COMCOM_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let database_url = match var("COMCOM_DATABASE_URL") {
            Some(url) => url,
            None => format!("sqlite://{}", data_dir.join("comcom.sqlite3").display()),
        };
        let memory =
            database_url.contains(":memory:") || database_url.trim_end_matches('/') == "sqlite:";
        if comcom_store::Backend::of_url(&database_url).is_none() || memory {
            return Err(Failure::input(locale.t_args(
                "cli-database-url-invalid",
                &[("url", Arg::from(crate::failure::redact(&database_url)))],
            )));
        }

        let bind_text = bind.map(str::to_owned).or_else(|| var("COMCOM_BIND"));
        let bind_text = bind_text.unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let bind = bind_text.parse().map_err(|_| {
            Failure::input(locale.t_args(
                "cli-bind-invalid",
                &[("input", Arg::from(bind_text.as_str()))],
            ))
        })?;

        let public_url = match var("COMCOM_PUBLIC_URL") {
            None => None,
            Some(text) => Some(parse_public_url(&text).ok_or_else(|| {
                Failure::input(locale.t_args(
                    "cli-public-url-invalid",
                    &[("input", Arg::from(text.as_str()))],
                ))
            })?),
        };

        let digest_hour = match var("COMCOM_DIGEST_HOUR") {
            None => 5,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| *n < 24)
                .ok_or_else(|| {
                    Failure::input(locale.t_args(
                        "cli-digest-hour-invalid",
                        &[("input", Arg::from(text.as_str()))],
                    ))
                })?,
        };

        let retry_base_secs = match var("COMCOM_RETRY_BASE_SECONDS") {
            None => 30,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=3600).contains(n))
                .ok_or_else(|| {
                    Failure::input(
                        locale.t_args("cli-retry-invalid", &[("input", Arg::from(text.as_str()))]),
                    )
                })?,
        };

        let job_lease_secs = match var("COMCOM_JOB_LEASE_SECONDS") {
            None => 300,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|n| (2..=86_400).contains(n))
                .ok_or_else(|| {
                    Failure::input(locale.t_args(
                        "cli-job-lease-invalid",
                        &[("input", Arg::from(text.as_str()))],
                    ))
                })?,
        };
        let letter_rate = match var("COMCOM_LETTER_RATE") {
            None => 20.0,
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && (0.1..=10_000.0).contains(n))
                .ok_or_else(|| {
                    Failure::input(locale.t_args(
                        "cli-letter-rate-invalid",
                        &[("input", Arg::from(text.as_str()))],
                    ))
                })?,
        };
        let bounce_limit = match var("COMCOM_BOUNCE_LIMIT") {
            None => 3,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or_else(|| {
                    Failure::input(locale.t_args(
                        "cli-bounce-limit-invalid",
                        &[("input", Arg::from(text.as_str()))],
                    ))
                })?,
        };

        let default_epci = match var("COMCOM_DEFAULT_EPCI") {
            Some(v) if v.eq_ignore_ascii_case("none") => None,
            Some(v) => Some(v),
            None => Some(DEMO_EPCI.to_owned()),
        };

        let visio = visio_from_env(locale)?;
        let document_limits = comcom_files::Limits {
            max_file_bytes: megabytes(
                locale,
                "COMCOM_DOCUMENT_MAX_MB",
                comcom_files::DEFAULT_MAX_FILE_BYTES,
            )?,
            space_quota_bytes: megabytes(
                locale,
                "COMCOM_SPACE_QUOTA_MB",
                comcom_files::DEFAULT_SPACE_QUOTA_BYTES,
            )?,
        };

        Ok(Config {
            data_dir,
            database_url,
            bind,
            public_url,
            default_epci,
            hosting: var("COMCOM_HOSTING"),
            smtp_url: var("COMCOM_SMTP_URL"),
            mail_from: var("COMCOM_MAIL_FROM"),
            contact_email: var("COMCOM_CONTACT_EMAIL"),
            publication_director: var("COMCOM_PUBLICATION_DIRECTOR"),
            retry_base_secs,
            job_lease_secs,
            digest_hour,
            letter_rate,
            dkim_key_file: var("COMCOM_DKIM_KEY_FILE").map(PathBuf::from),
            dkim_selector: var("COMCOM_DKIM_SELECTOR"),
            bounce_limit,
            visio,
            storage_url: var("COMCOM_STORAGE_URL"),
            document_limits,
        })
    }

    /// Creates the data folder when the database lives in it.
    pub fn ensure_data_dir(&self, locale: Locale) -> Result<(), Failure> {
        if !self.database_url.starts_with("sqlite:") {
            return Ok(());
        }
        std::fs::create_dir_all(&self.data_dir).map_err(|e| {
            Failure::input(locale.t_args(
                "cli-data-dir-error",
                &[
                    ("path", Arg::from(self.data_dir.display().to_string())),
                    ("reason", Arg::from(e.to_string())),
                ],
            ))
        })
    }
}

/// The visio provider of `COMCOM_VISIO_PROVIDER` and its settings; the
/// secret is never quoted in a message.
fn visio_from_env(locale: Locale) -> Result<Option<comcom_visio::Provider>, Failure> {
    use comcom_visio::SettingsError as E;
    let settings = comcom_visio::Settings {
        provider: var("COMCOM_VISIO_PROVIDER"),
        url: var("COMCOM_VISIO_URL"),
        secret: var("COMCOM_VISIO_SECRET"),
        app_id: var("COMCOM_VISIO_APP_ID"),
        audience: var("COMCOM_VISIO_AUDIENCE"),
        api_key: var("COMCOM_VISIO_API_KEY"),
        client_url: var("COMCOM_VISIO_CLIENT_URL"),
        checksum: var("COMCOM_VISIO_CHECKSUM"),
    };
    settings.provider().map_err(|e| {
        let message = match &e {
            E::UnknownProvider(input) => locale.t_args(
                "meetings-cli-visio-provider",
                &[("input", Arg::from(input.as_str()))],
            ),
            E::Missing(name) => {
                locale.t_args("meetings-cli-visio-missing", &[("name", Arg::from(*name))])
            }
            E::BadUrl(name) | E::BadServerUrl(name) => {
                locale.t_args("meetings-cli-visio-url", &[("name", Arg::from(*name))])
            }
            E::ShortSecret => locale.t("meetings-cli-visio-secret"),
            E::UnknownChecksum(input) => locale.t_args(
                "meetings-cli-visio-checksum",
                &[("input", Arg::from(input.as_str()))],
            ),
        };
        Failure::input(message)
    })
}

/// An http(s) URL with a host and no path: comcom is served at the root
/// of its address.
fn parse_public_url(text: &str) -> Option<url::Url> {
    let url = url::Url::parse(text).ok()?;
    let ok = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty();
    ok.then_some(url)
}

impl Config {
    /// Where documents are kept: `COMCOM_STORAGE_URL`, or `data_dir/files`.
    pub fn file_store(&self, locale: Locale) -> Result<comcom_files::FileStore, Failure> {
        comcom_files::FileStore::from_config(
            self.storage_url.as_deref(),
            &self.data_dir,
            self.document_limits,
        )
        .map_err(|e| {
            Failure::input(locale.t_args(
                "cli-storage-invalid",
                &[("reason", Arg::from(e.to_string()))],
            ))
        })
    }

    /// Where email goes: the SMTP server of `COMCOM_SMTP_URL`, or the mail folder.
    pub fn mail_transport(&self, locale: Locale) -> Result<comcom_mail::Transport, Failure> {
        comcom_mail::Transport::from_settings(self.smtp_url.as_deref(), &self.data_dir.join("mail"))
            .map_err(|e| {
                Failure::input(locale.t_args(
                    "cli-smtp-invalid",
                    &[("reason", Arg::from(smtp_reason(locale, &e)))],
                ))
            })
    }

    /// The sender of every email.
    pub fn mail_sender(
        &self,
        locale: Locale,
        public_url: &url::Url,
    ) -> Result<comcom_mail::Mailbox, Failure> {
        let text = match &self.mail_from {
            Some(text) => text.clone(),
            None => format!(
                "comcom <ne-pas-repondre@{}>",
                public_url.host_str().unwrap_or("localhost")
            ),
        };
        let (name, address) = match text.rsplit_once('<') {
            Some((name, rest)) => (
                Some(name.trim().trim_matches('"').to_owned()),
                rest.trim_end_matches('>').trim().to_owned(),
            ),
            None => (None, text.trim().to_owned()),
        };
        let valid = address.contains('@') && !address.contains(char::is_whitespace);
        if !valid {
            return Err(Failure::input(locale.t_args(
                "cli-mail-from-invalid",
                &[("input", Arg::from(text.as_str()))],
            )));
        }
        Ok(comcom_mail::Mailbox {
            name: name.filter(|n| !n.is_empty()),
            address,
        })
    }
}

impl Config {
    /// The DKIM key of `COMCOM_DKIM_KEY_FILE` with `COMCOM_DKIM_SELECTOR`, for the
    /// domain of the sender's address; `None` when no key file is set.
    pub fn dkim(
        &self,
        locale: Locale,
        sender: &comcom_mail::Mailbox,
    ) -> Result<Option<comcom_mail::Dkim>, Failure> {
        let Some(path) = &self.dkim_key_file else {
            return Ok(None);
        };
        let path_arg = || Arg::from(path.display().to_string());
        let Some(selector) = &self.dkim_selector else {
            return Err(Failure::input(locale.t("cli-dkim-selector-missing")));
        };
        let pem = std::fs::read_to_string(path).map_err(|e| {
            Failure::input(locale.t_args(
                "cli-dkim-key-unreadable",
                &[("path", path_arg()), ("reason", Arg::from(e.to_string()))],
            ))
        })?;
        let domain = sender
            .address
            .rsplit_once('@')
            .map(|(_, d)| d.to_owned())
            .unwrap_or_default();
        comcom_mail::Dkim::new(selector, &domain, &pem)
            .map_err(|e| {
                let key = match e {
                    comcom_mail::DkimError::InvalidKey => "cli-dkim-key-invalid",
                    comcom_mail::DkimError::InvalidSelector => "cli-dkim-selector-invalid",
                };
                Failure::input(locale.t_args(key, &[("path", path_arg())]))
            })
            .map(Some)
    }
}

/// A mail configuration error in the user's language.
fn smtp_reason(locale: Locale, error: &comcom_mail::ConfigError) -> String {
    use comcom_mail::ConfigError as E;
    let key = match error {
        E::NotAUrl(_) => "cli-smtp-not-url",
        E::UnsupportedScheme(_) => "cli-smtp-scheme",
        E::MissingHost | E::InvalidHost(_) => "cli-smtp-host",
        E::InvalidPort => "cli-smtp-port",
        E::InvalidTls(_) | E::ConflictingTls => "cli-smtp-tls",
        E::UnknownParameter(_) | E::RepeatedParameter(_) | E::UnexpectedPath => {
            "cli-smtp-parameter"
        }
        E::IncompleteCredentials | E::InvalidCredentials => "cli-smtp-credentials",
        E::PasswordWithoutTls => "cli-smtp-password-without-tls",
        _ => "cli-smtp-other",
    };
    locale.t(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_must_be_plain_web_addresses() {
        assert!(parse_public_url("https://extranet.example.fr").is_some());
        assert!(parse_public_url("http://127.0.0.1:8080/").is_some());
        assert!(parse_public_url("ftp://example.fr").is_none());
        assert!(parse_public_url("example.fr").is_none());
        assert!(parse_public_url("https://a@example.fr").is_none());
        assert!(parse_public_url("https://example.fr/?x=1").is_none());
        assert!(parse_public_url("https://example.fr/sous-dossier/").is_none());
    }
}
