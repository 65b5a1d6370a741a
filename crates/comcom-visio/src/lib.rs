//! The one visio tool of a territory, configured by the administrator:
//! Jitsi Meet with JWT authentication, BigBlueButton through its API with
//! checksums, or LiveKit with access tokens. This crate only computes: given
//! the provider's settings, a room, a participant and the time, it builds the
//! signed URL that lets this participant in, for a short while. No I/O (the
//! web layer calls BigBlueButton's `create` itself).
//!
//! Secrets never appear in `Debug` output.

mod bbb;
mod jwt;

use std::fmt;

pub use bbb::{Checksum, bbb_call_url};
pub use jwt::hs256;

/// Which provider, with its settings.
#[derive(Clone, PartialEq, Eq)]
pub enum Provider {
    /// Jitsi Meet with token authentication (prosody's `token` module with
    /// a shared secret).
    Jitsi {
        /// `https://visio.example.org`: rooms are at `{base}/{room}`.
        base_url: url::Url,
        /// The application id: the token's `iss`.
        app_id: String,
        /// The token's `aud` (`jitsi` unless configured otherwise).
        audience: String,
        secret: String,
    },
    /// BigBlueButton: `{api_url}create?…&checksum=…` and `{api_url}join?…`.
    BigBlueButton {
        /// `https://bbb.example.org/bigbluebutton/api/` (with its final slash).
        api_url: url::Url,
        secret: String,
        checksum: Checksum,
    },
    /// LiveKit: an access token for the LiveKit server, opened in a web
    /// client (`{client_url}?liveKitUrl={server_url}&token=…`, as LiveKit
    /// Meet's custom connection page takes it).
    LiveKit {
        /// The LiveKit server, `wss://livekit.example.org`.
        server_url: url::Url,
        /// The web client, e.g. `https://meet.example.org/custom`.
        client_url: url::Url,
        api_key: String,
        secret: String,
    },
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provider::Jitsi {
                base_url,
                app_id,
                audience,
                ..
            } => f
                .debug_struct("Jitsi")
                .field("base_url", &base_url.as_str())
                .field("app_id", app_id)
                .field("audience", audience)
                .field("secret", &"<hidden>")
                .finish(),
            Provider::BigBlueButton {
                api_url, checksum, ..
            } => f
                .debug_struct("BigBlueButton")
                .field("api_url", &api_url.as_str())
                .field("checksum", checksum)
                .field("secret", &"<hidden>")
                .finish(),
            Provider::LiveKit {
                server_url,
                client_url,
                api_key,
                ..
            } => f
                .debug_struct("LiveKit")
                .field("server_url", &server_url.as_str())
                .field("client_url", &client_url.as_str())
                .field("api_key", api_key)
                .field("secret", &"<hidden>")
                .finish(),
        }
    }
}

impl Provider {
    /// `jitsi`, `bbb` or `livekit`.
    pub fn code(&self) -> &'static str {
        match self {
            Provider::Jitsi { .. } => "jitsi",
            Provider::BigBlueButton { .. } => "bbb",
            Provider::LiveKit { .. } => "livekit",
        }
    }

    /// The provider's public address, for the administrators' page (no secret).
    pub fn address(&self) -> String {
        match self {
            Provider::Jitsi { base_url, .. } => base_url.to_string(),
            Provider::BigBlueButton { api_url, .. } => api_url.to_string(),
            Provider::LiveKit { server_url, .. } => server_url.to_string(),
        }
    }
}

/// The settings as read from the environment (`COMCOM_VISIO_*`), before checking.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `jitsi`, `bbb`, `livekit`, or none.
    pub provider: Option<String>,
    /// Jitsi: the site; BigBlueButton: the API URL; LiveKit: the server (`wss://`).
    pub url: Option<String>,
    pub secret: Option<String>,
    /// Jitsi: the application id (`iss`); default `comcom`.
    pub app_id: Option<String>,
    /// Jitsi: the audience (`aud`); default `jitsi`.
    pub audience: Option<String>,
    /// LiveKit: the API key (`iss`).
    pub api_key: Option<String>,
    /// LiveKit: the web client that takes `liveKitUrl` and `token`.
    pub client_url: Option<String>,
    /// BigBlueButton: `sha1` (default) or `sha256`.
    pub checksum: Option<String>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("provider", &self.provider)
            .field("url", &self.url)
            .field("secret", &self.secret.as_ref().map(|_| "<hidden>"))
            .finish_non_exhaustive()
    }
}

/// What is wrong with the settings; never quotes the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("unknown visio provider {0:?} (jitsi, bbb, livekit or none)")]
    UnknownProvider(String),
    #[error("{0} is required for this provider")]
    Missing(&'static str),
    #[error("{0} is not an http(s) URL")]
    BadUrl(&'static str),
    #[error("{0} is not a ws(s) or http(s) URL")]
    BadServerUrl(&'static str),
    #[error("the secret is too short (16 characters at least)")]
    ShortSecret,
    #[error("unknown checksum {0:?} (sha1 or sha256)")]
    UnknownChecksum(String),
}

fn web_url(text: Option<&String>, name: &'static str) -> Result<url::Url, SettingsError> {
    let text = text.ok_or(SettingsError::Missing(name))?;
    url::Url::parse(text)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or(SettingsError::BadUrl(name))
}

impl Settings {
    /// The provider these settings describe; `None` when no provider is set.
    pub fn provider(&self) -> Result<Option<Provider>, SettingsError> {
        let Some(code) = self.provider.as_deref() else {
            return Ok(None);
        };
        let code = code.to_ascii_lowercase();
        if code == "none" {
            return Ok(None);
        }
        let secret = self
            .secret
            .clone()
            .ok_or(SettingsError::Missing("COMCOM_VISIO_SECRET"))?;
        if secret.chars().count() < 16 {
            return Err(SettingsError::ShortSecret);
        }
        let provider = match code.as_str() {
            "jitsi" => Provider::Jitsi {
                base_url: web_url(self.url.as_ref(), "COMCOM_VISIO_URL")?,
                app_id: self.app_id.clone().unwrap_or_else(|| "comcom".to_owned()),
                audience: self.audience.clone().unwrap_or_else(|| "jitsi".to_owned()),
                secret,
            },
            "bbb" | "bigbluebutton" => {
                let mut api_url = web_url(self.url.as_ref(), "COMCOM_VISIO_URL")?;
                if !api_url.path().ends_with('/') {
                    let path = format!("{}/", api_url.path());
                    api_url.set_path(&path);
                }
                let checksum = match self.checksum.as_deref() {
                    None => Checksum::Sha1,
                    Some(c) => Checksum::from_code(c)
                        .ok_or_else(|| SettingsError::UnknownChecksum(c.to_owned()))?,
                };
                Provider::BigBlueButton {
                    api_url,
                    secret,
                    checksum,
                }
            }
            "livekit" => {
                let server = self
                    .url
                    .as_ref()
                    .ok_or(SettingsError::Missing("COMCOM_VISIO_URL"))?;
                let server_url = url::Url::parse(server)
                    .ok()
                    .filter(|u| {
                        matches!(u.scheme(), "ws" | "wss" | "http" | "https")
                            && u.host_str().is_some()
                    })
                    .ok_or(SettingsError::BadServerUrl("COMCOM_VISIO_URL"))?;
                Provider::LiveKit {
                    server_url,
                    client_url: web_url(self.client_url.as_ref(), "COMCOM_VISIO_CLIENT_URL")?,
                    api_key: self
                        .api_key
                        .clone()
                        .ok_or(SettingsError::Missing("COMCOM_VISIO_API_KEY"))?,
                    secret,
                }
            }
            other => return Err(SettingsError::UnknownProvider(other.to_owned())),
        };
        Ok(Some(provider))
    }
}

/// Who joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// A stable identifier, e.g. `person-42`.
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    /// Convenes the meeting (moderator rights).
    pub moderator: bool,
}

/// A meeting's room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room<'a> {
    /// Unguessable, `[a-z0-9-]` only.
    pub name: &'a str,
    /// Shown by providers that show one (BigBlueButton).
    pub title: &'a str,
    /// Where BigBlueButton sends people who leave.
    pub logout_url: Option<&'a str>,
}

/// How long a join token is valid (seconds): long enough to click through,
/// short enough that a leaked link is soon useless.
pub const TOKEN_LIFETIME_SECS: i64 = 600;
/// Allowance for clocks slightly ahead of the provider's (`nbf`).
pub const CLOCK_SKEW_SECS: i64 = 30;

/// What the web layer does to let a participant in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    /// A call to make first (BigBlueButton's `create`, which does nothing
    /// when the meeting exists).
    pub prepare: Option<url::Url>,
    /// Where to send the participant's browser.
    pub url: url::Url,
}

/// The signed URL that lets `who` into `room`, valid from `now` (Unix
/// seconds) for [`TOKEN_LIFETIME_SECS`].
pub fn join(provider: &Provider, room: &Room<'_>, who: &Participant, now: i64) -> Join {
    match provider {
        Provider::Jitsi {
            base_url,
            app_id,
            audience,
            secret,
        } => {
            let sub = base_url.host_str().unwrap_or("*").to_owned();
            let mut user = serde_json::Map::new();
            user.insert("id".into(), who.id.clone().into());
            user.insert("name".into(), who.name.clone().into());
            if let Some(email) = &who.email {
                user.insert("email".into(), email.clone().into());
            }
            // Jitsi reads the user's fields as strings.
            user.insert(
                "moderator".into(),
                if who.moderator { "true" } else { "false" }.into(),
            );
            let claims = serde_json::json!({
                "aud": audience,
                "iss": app_id,
                "sub": sub,
                "room": room.name,
                "iat": now,
                "nbf": now - CLOCK_SKEW_SECS,
                "exp": now + TOKEN_LIFETIME_SECS,
                "context": { "user": user },
            });
            let token = hs256(&claims, secret.as_bytes());
            let mut url = base_url.clone();
            url.set_path(&format!(
                "{}/{}",
                base_url.path().trim_end_matches('/'),
                room.name
            ));
            url.query_pairs_mut().clear().append_pair("jwt", &token);
            Join { prepare: None, url }
        }
        Provider::BigBlueButton {
            api_url,
            secret,
            checksum,
        } => {
            // Passwords for servers before 2.6, derived so that every call
            // for the room agrees; `role` is what newer servers use.
            let attendee_pw = bbb::derived(secret, room.name, "attendee");
            let moderator_pw = bbb::derived(secret, room.name, "moderator");
            let mut create = vec![
                ("name", room.title.to_owned()),
                ("meetingID", room.name.to_owned()),
                ("attendeePW", attendee_pw.clone()),
                ("moderatorPW", moderator_pw.clone()),
                ("record", "false".to_owned()),
            ];
            if let Some(logout) = room.logout_url {
                create.push(("logoutURL", logout.to_owned()));
            }
            let prepare = bbb_call_url(api_url, "create", &create, secret, *checksum);
            let join = vec![
                ("fullName", who.name.clone()),
                ("meetingID", room.name.to_owned()),
                (
                    "role",
                    if who.moderator { "MODERATOR" } else { "VIEWER" }.to_owned(),
                ),
                (
                    "password",
                    if who.moderator {
                        moderator_pw
                    } else {
                        attendee_pw
                    },
                ),
                ("userID", who.id.clone()),
                ("redirect", "true".to_owned()),
            ];
            let url = bbb_call_url(api_url, "join", &join, secret, *checksum);
            Join {
                prepare: Some(prepare),
                url,
            }
        }
        Provider::LiveKit {
            server_url,
            client_url,
            api_key,
            secret,
        } => {
            let claims = serde_json::json!({
                "iss": api_key,
                "sub": who.id,
                "name": who.name,
                "nbf": now - CLOCK_SKEW_SECS,
                "exp": now + TOKEN_LIFETIME_SECS,
                "video": {
                    "room": room.name,
                    "roomJoin": true,
                    "canPublish": true,
                    "canSubscribe": true,
                    "roomAdmin": who.moderator,
                },
            });
            let token = hs256(&claims, secret.as_bytes());
            let mut url = client_url.clone();
            url.query_pairs_mut()
                .clear()
                .append_pair("liveKitUrl", server_url.as_str())
                .append_pair("token", &token);
            Join { prepare: None, url }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who() -> Participant {
        Participant {
            id: "person-7".into(),
            name: "Anne Martin".into(),
            email: Some("anne@example.org".into()),
            moderator: false,
        }
    }

    const ROOM: Room<'static> = Room {
        name: "comcom-abc",
        title: "Conseil",
        logout_url: None,
    };

    #[test]
    fn secrets_are_not_in_debug_output() {
        let p = Provider::Jitsi {
            base_url: "https://visio.example.org".parse().unwrap(),
            app_id: "comcom".into(),
            audience: "jitsi".into(),
            secret: "s3cr3t-value".into(),
        };
        assert!(!format!("{p:?}").contains("s3cr3t"));
        let p = Provider::BigBlueButton {
            api_url: "https://bbb.example.org/bigbluebutton/api/"
                .parse()
                .unwrap(),
            secret: "s3cr3t-value".into(),
            checksum: Checksum::Sha256,
        };
        assert!(!format!("{p:?}").contains("s3cr3t"));
    }

    #[test]
    fn a_jitsi_link_carries_a_token_for_the_room() {
        let p = Provider::Jitsi {
            base_url: "https://visio.example.org".parse().unwrap(),
            app_id: "comcom".into(),
            audience: "jitsi".into(),
            secret: "secret".into(),
        };
        let j = join(&p, &ROOM, &who(), 1_800_000_000);
        assert_eq!(j.prepare, None);
        assert_eq!(j.url.path(), "/comcom-abc");
        let token = j.url.query().unwrap().strip_prefix("jwt=").unwrap();
        assert_eq!(token.split('.').count(), 3);
    }

    #[test]
    fn a_bbb_join_is_signed_and_prepared_by_create() {
        let p = Provider::BigBlueButton {
            api_url: "https://bbb.example.org/bigbluebutton/api/"
                .parse()
                .unwrap(),
            secret: "secret".into(),
            checksum: Checksum::Sha1,
        };
        let j = join(&p, &ROOM, &who(), 1_800_000_000);
        let create = j.prepare.unwrap();
        assert_eq!(create.path(), "/bigbluebutton/api/create");
        assert!(
            j.url
                .as_str()
                .contains("/join?fullName=Anne+Martin&meetingID=comcom-abc&role=VIEWER")
        );
        assert!(j.url.query().unwrap().contains("&checksum="));
    }
}
