//! The emails the web interface sends (login links, password resets,
//! invitations), written in the recipient's language and queued in the outbox.

use comcom_i18n::{Arg, Locale};
use comcom_store::outbox::NewEmail;

use crate::{AppState, WebError};

/// Which message to write.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Login,
    Reset,
    Invitation,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Login => "mail-login",
            Kind::Reset => "mail-reset",
            Kind::Invitation => "mail-invitation",
        }
    }

    fn code(self) -> &'static str {
        match self {
            Kind::Login => "login",
            Kind::Reset => "reset",
            Kind::Invitation => "invitation",
        }
    }
}

/// Queues a message holding `link` for `to`.
pub async fn send_link(
    state: &AppState,
    locale: Locale,
    kind: Kind,
    to: &str,
    territory: &str,
    inviter: Option<&str>,
    link: &str,
) -> Result<(), WebError> {
    let [the, the_capital] = comcom_i18n::territory_args(locale, territory);
    let args = [
        ("territory", Arg::from(territory)),
        ("link", Arg::from(link)),
        ("inviter", Arg::from(inviter.unwrap_or(territory))),
        the,
        the_capital,
    ];
    let subject = locale.t_args(&format!("{}-subject", kind.prefix()), &args);
    let text = locale.t_args(&format!("{}-body", kind.prefix()), &args);
    let email = NewEmail {
        to,
        subject: &subject,
        text: &text,
        html: None,
        kind: kind.code(),
    };
    state
        .store
        .queue_email(&email, &state.config.mail_domain())
        .await?;
    Ok(())
}
