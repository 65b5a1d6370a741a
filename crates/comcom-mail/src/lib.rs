//! comcom's email: [`build_message`] turns an [`Email`] into the bytes of a MIME
//! message, and a [`Transport`] delivers it to an SMTP server or into a local
//! mail folder. The outbox (in `comcom-store`) decides when to call it and what
//! to do with a [`SendError`].

mod bulk;
mod dsn;
mod folder;
mod inbox;
mod message;
mod smtp;
mod transport;

pub use bulk::{BulkSender, Dkim, DkimError};
pub use dsn::{DsnError, DsnRecipient, parse_dsn};
pub use inbox::{InboxError, Incoming, read_incoming};
pub use message::{BuildError, CalendarPart, Email, Mailbox, build_message};
pub use smtp::{ConfigError, SmtpServer, TlsMode};
pub use transport::{SendError, Transport};
