//! Letters to elected officials: the letter, its audience, one delivery row
//! per recipient (the state of each message, so that a sender cut short
//! resumes without skipping anyone), unsubscriptions and bounces.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Backend, Store};
use crate::secrets::{hex, random_token, token_hash};
use crate::time::{now, parse, stamp};
use crate::{Result, StoreError};

/// Where a letter is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterStatus {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Cancelled,
    Sent,
}

impl LetterStatus {
    pub const ALL: [LetterStatus; 6] = [
        LetterStatus::Draft,
        LetterStatus::Scheduled,
        LetterStatus::Sending,
        LetterStatus::Paused,
        LetterStatus::Cancelled,
        LetterStatus::Sent,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LetterStatus::Draft => "draft",
            LetterStatus::Scheduled => "scheduled",
            LetterStatus::Sending => "sending",
            LetterStatus::Paused => "paused",
            LetterStatus::Cancelled => "cancelled",
            LetterStatus::Sent => "sent",
        }
    }

    pub fn from_code(code: &str) -> Option<LetterStatus> {
        LetterStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether subject, body and audience may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, LetterStatus::Draft | LetterStatus::Scheduled)
    }

    /// Whether deliveries exist (the letter has started sending).
    pub fn has_started(self) -> bool {
        matches!(
            self,
            LetterStatus::Sending | LetterStatus::Paused | LetterStatus::Sent
        ) || self == LetterStatus::Cancelled
    }
}

/// One part of an audience; an audience is the union of its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Selector {
    /// Every current municipal councillor of the territory's communes.
    Councillors,
    /// The mayors only.
    Mayors,
    /// The community council (élus communautaires).
    Community,
    /// The conseil de développement: members of its spaces and people with that mandate.
    DevelopmentCouncil,
    /// The municipal councillors of one commune.
    Commune(i64),
    /// The members of one space (commission, working group…).
    Space(i64),
    /// A saved audience, expanded when the letter is sent.
    Saved(i64),
}

impl Selector {
    pub fn code(self) -> String {
        match self {
            Selector::Councillors => "councillors".into(),
            Selector::Mayors => "mayors".into(),
            Selector::Community => "community".into(),
            Selector::DevelopmentCouncil => "development_council".into(),
            Selector::Commune(id) => format!("commune:{id}"),
            Selector::Space(id) => format!("space:{id}"),
            Selector::Saved(id) => format!("saved:{id}"),
        }
    }

    pub fn parse(code: &str) -> Option<Selector> {
        let code = code.trim();
        let number = |rest: &str| rest.parse::<i64>().ok().filter(|n| *n > 0);
        Some(match code {
            "councillors" => Selector::Councillors,
            "mayors" => Selector::Mayors,
            "community" => Selector::Community,
            "development_council" => Selector::DevelopmentCouncil,
            _ => {
                let (kind, rest) = code.split_once(':')?;
                match kind {
                    "commune" => Selector::Commune(number(rest)?),
                    "space" => Selector::Space(number(rest)?),
                    "saved" => Selector::Saved(number(rest)?),
                    _ => return None,
                }
            }
        })
    }
}

/// A letter's audience: a set of selectors, written `councillors,commune:3`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience(pub BTreeSet<Selector>);

impl Audience {
    /// `None` when a part is not understood; an empty text is an empty audience.
    pub fn parse(text: &str) -> Option<Audience> {
        let mut set = BTreeSet::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            set.insert(Selector::parse(part)?);
        }
        Some(Audience(set))
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|s| s.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub id: i64,
    pub territory_id: i64,
    pub subject: String,
    pub body: String,
    pub status: LetterStatus,
    pub audience: Audience,
    pub public: bool,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const LETTER_COLUMNS: &str = "id, territory_id, subject, body, status, audience, public, \
     scheduled_at, started_at, sent_at, created_by, created_at, updated_at";

fn optional_time(row: &AnyRow, column: &str) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.try_get(column)?;
    text.as_deref().map(parse).transpose()
}

fn letter_from_row(row: &AnyRow) -> Result<LetterRecord> {
    let status: String = row.try_get("status")?;
    let audience: String = row.try_get("audience")?;
    let public: i64 = row.try_get("public")?;
    let created_at: String = row.try_get("created_at")?;
    let updated_at: String = row.try_get("updated_at")?;
    Ok(LetterRecord {
        id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        status: LetterStatus::from_code(&status).ok_or(StoreError::Corrupt {
            column: "letter.status",
            value: status,
        })?,
        audience: Audience::parse(&audience).ok_or(StoreError::Corrupt {
            column: "letter.audience",
            value: audience,
        })?,
        public: public != 0,
        scheduled_at: optional_time(row, "scheduled_at")?,
        started_at: optional_time(row, "started_at")?,
        sent_at: optional_time(row, "sent_at")?,
        created_by: row.try_get("created_by")?,
        created_at: parse(&created_at)?,
        updated_at: parse(&updated_at)?,
    })
}

/// What a letter says and whom it goes to, as written in the form or the API.
#[derive(Debug, Clone)]
pub struct LetterDraft<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub audience: &'a Audience,
    pub public: bool,
}

/// A person an audience reaches, with an address or without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub person_id: i64,
    pub name: String,
    pub email: Option<String>,
}

/// The state of one message of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Pending,
    Sending,
    Sent,
    FailedTemp,
    FailedPerm,
    SkippedUnsubscribed,
    SkippedBounced,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 7] = [
        DeliveryState::Pending,
        DeliveryState::Sending,
        DeliveryState::Sent,
        DeliveryState::FailedTemp,
        DeliveryState::FailedPerm,
        DeliveryState::SkippedUnsubscribed,
        DeliveryState::SkippedBounced,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sending => "sending",
            DeliveryState::Sent => "sent",
            DeliveryState::FailedTemp => "failed_temp",
            DeliveryState::FailedPerm => "failed_perm",
            DeliveryState::SkippedUnsubscribed => "skipped_unsubscribed",
            DeliveryState::SkippedBounced => "skipped_bounced",
        }
    }

    pub fn from_code(code: &str) -> Option<DeliveryState> {
        DeliveryState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One message of a letter, to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub letter_id: i64,
    pub person_id: Option<i64>,
    pub address: String,
    pub display_name: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub message_id: String,
    pub error: Option<String>,
}

const DELIVERY_COLUMNS: &str =
    "id, letter_id, person_id, address, display_name, state, attempts, message_id, error";

fn delivery_from_row(row: &AnyRow) -> Result<Delivery> {
    let state: String = row.try_get("state")?;
    Ok(Delivery {
        id: row.try_get("id")?,
        letter_id: row.try_get("letter_id")?,
        person_id: row.try_get("person_id")?,
        address: row.try_get("address")?,
        display_name: row.try_get("display_name")?,
        state: DeliveryState::from_code(&state).ok_or(StoreError::Corrupt {
            column: "letter_delivery.state",
            value: state,
        })?,
        attempts: row.try_get("attempts")?,
        message_id: row.try_get("message_id")?,
        error: row.try_get("error")?,
    })
}

/// Counts of a letter's messages by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LetterStats {
    pub total: i64,
    pub waiting: i64,
    pub sent: i64,
    pub failed: i64,
    pub unsubscribed: i64,
    pub bounced: i64,
}

/// A saved audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedAudience {
    pub id: i64,
    pub name: String,
    pub audience: Audience,
}

/// What a bounce did to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BounceOutcome {
    pub hard_count: i64,
    pub stopped: bool,
}

/// An address whose bounces are recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BounceRecord {
    pub address: String,
    pub hard_count: i64,
    pub soft_count: i64,
    pub last_status: String,
    pub last_at: DateTime<Utc>,
    pub stopped: bool,
}

/// The unsubscribe token of an address in a territory: an HMAC under the
/// instance's `letters` key, so that the sender can write it again after a
/// crash while the database keeps only its hash.
pub fn unsubscribe_token(key: &[u8], territory_id: i64, address: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("unsubscribe:{territory_id}:{}", address.to_lowercase()).as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Rows per multi-row INSERT.
const CHUNK: usize = 300;

fn today() -> String {
    crate::time::date(Utc::now().date_naive())
}

impl Store {
    /// The key of unsubscribe tokens (an instance secret).
    pub async fn letters_key(&self) -> Result<Vec<u8>> {
        self.instance_secret("letters").await
    }

    pub async fn create_letter(
        &self,
        territory_id: i64,
        draft: &LetterDraft<'_>,
        created_by: Option<i64>,
    ) -> Result<i64> {
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO letter (territory_id, subject, body, status, audience, public, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(territory_id)
        .bind(draft.subject)
        .bind(draft.body)
        .bind(draft.audience.to_text())
        .bind(i64::from(draft.public))
        .bind(created_by)
        .bind(&stamp)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Changes a letter that has not started sending; `false` otherwise.
    pub async fn update_letter(&self, id: i64, draft: &LetterDraft<'_>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE letter SET subject = $1, body = $2, audience = $3, public = $4, updated_at = $5 \
             WHERE id = $6 AND status IN ('draft', 'scheduled')",
        )
        .bind(draft.subject)
        .bind(draft.body)
        .bind(draft.audience.to_text())
        .bind(i64::from(draft.public))
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether the archive of a letter is public (may change after sending).
    pub async fn set_letter_public(&self, id: i64, public: bool) -> Result<()> {
        sqlx::query("UPDATE letter SET public = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(public))
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn letter(&self, id: i64) -> Result<Option<LetterRecord>> {
        sqlx::query(&format!(
            "SELECT {LETTER_COLUMNS} FROM letter WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(letter_from_row)
        .transpose()
    }

    /// A territory's letters, newest first.
    pub async fn letters(&self, territory_id: i64, limit: i64) -> Result<Vec<LetterRecord>> {
        sqlx::query(&format!(
            "SELECT {LETTER_COLUMNS} FROM letter WHERE territory_id = $1 ORDER BY id DESC LIMIT $2"
        ))
        .bind(territory_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(letter_from_row)
        .collect()
    }

    /// Letters whose sending finished, newest first; `public_only` for visitors
    /// and feeds.
    pub async fn sent_letters(
        &self,
        territory_id: i64,
        public_only: bool,
        limit: i64,
    ) -> Result<Vec<LetterRecord>> {
        let public = if public_only { "AND public = 1" } else { "" };
        sqlx::query(&format!(
            "SELECT {LETTER_COLUMNS} FROM letter WHERE territory_id = $1 AND status = 'sent' \
             {public} ORDER BY sent_at DESC, id DESC LIMIT $2"
        ))
        .bind(territory_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(letter_from_row)
        .collect()
    }

    /// Whether a person is among a letter's recipients.
    pub async fn is_letter_recipient(&self, letter_id: i64, person_id: i64) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM letter_delivery WHERE letter_id = $1 AND person_id = $2",
        )
        .bind(letter_id)
        .bind(person_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    // ----- Audiences -----

    /// The people an audience reaches, by name, each once; `saved:` parts are
    /// expanded (one level).
    pub async fn resolve_audience(
        &self,
        territory_id: i64,
        audience: &Audience,
    ) -> Result<Vec<Recipient>> {
        let mut selectors: BTreeSet<Selector> = BTreeSet::new();
        for selector in &audience.0 {
            match selector {
                Selector::Saved(id) => {
                    if let Some(saved) = self.saved_audience(territory_id, *id).await? {
                        selectors.extend(
                            saved
                                .audience
                                .0
                                .iter()
                                .filter(|s| !matches!(s, Selector::Saved(_))),
                        );
                    }
                }
                other => {
                    selectors.insert(*other);
                }
            }
        }
        let today = today();
        let current = "m.start_date <= $2 AND (m.end_date IS NULL OR m.end_date > $2)";
        let select = "SELECT DISTINCT p.id, p.display_name, p.email FROM person p";
        let mut people: BTreeMap<i64, Recipient> = BTreeMap::new();
        for selector in selectors {
            let (sql, arg): (String, Option<i64>) = match selector {
                Selector::Councillors => (
                    format!(
                        "{select} JOIN mandate m ON m.person_id = p.id WHERE m.territory_id = $1 \
                         AND m.role = 'municipal_councillor' AND {current}"
                    ),
                    None,
                ),
                Selector::Mayors => (
                    format!(
                        "{select} JOIN mandate m ON m.person_id = p.id WHERE m.territory_id = $1 \
                         AND m.role = 'municipal_councillor' AND m.function = 'mayor' AND {current}"
                    ),
                    None,
                ),
                Selector::Community => (
                    format!(
                        "{select} JOIN mandate m ON m.person_id = p.id WHERE m.territory_id = $1 \
                         AND m.role = 'community_councillor' AND {current}"
                    ),
                    None,
                ),
                Selector::DevelopmentCouncil => (
                    format!(
                        "{select} WHERE p.id IN (SELECT m.person_id FROM mandate m \
                         WHERE m.territory_id = $1 AND m.role = 'development_council' AND {current}) \
                         OR p.id IN (SELECT ms.person_id FROM membership ms JOIN space s ON s.id = ms.space_id \
                         WHERE s.territory_id = $1 AND s.kind = 'development_council')"
                    ),
                    None,
                ),
                Selector::Commune(commune) => (
                    format!(
                        "{select} JOIN mandate m ON m.person_id = p.id WHERE m.territory_id = $1 \
                         AND m.role = 'municipal_councillor' AND {current} AND m.commune_id = $3"
                    ),
                    Some(commune),
                ),
                Selector::Space(space) => (
                    format!(
                        "{select} JOIN membership ms ON ms.person_id = p.id JOIN space s ON s.id = ms.space_id \
                         WHERE s.territory_id = $1 AND s.id = $3 AND $2 = $2"
                    ),
                    Some(space),
                ),
                Selector::Saved(_) => continue,
            };
            let mut query = sqlx::query(&sql).bind(territory_id).bind(&today);
            if let Some(arg) = arg {
                query = query.bind(arg);
            }
            for row in query.fetch_all(&self.pool).await? {
                let id: i64 = row.try_get("id")?;
                let email: Option<String> = row.try_get("email")?;
                people.entry(id).or_insert(Recipient {
                    person_id: id,
                    name: row.try_get("display_name")?,
                    email: email.filter(|e| !e.trim().is_empty()),
                });
            }
        }
        let mut list: Vec<Recipient> = people.into_values().collect();
        list.sort_by(|a, b| {
            comcom_core::text::fold(&a.name)
                .cmp(&comcom_core::text::fold(&b.name))
                .then(a.person_id.cmp(&b.person_id))
        });
        Ok(list)
    }

    pub async fn saved_audiences(&self, territory_id: i64) -> Result<Vec<SavedAudience>> {
        let rows = sqlx::query(
            "SELECT id, name, definition FROM letter_audience WHERE territory_id = $1 ORDER BY name",
        )
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(saved_from_row).collect()
    }

    pub async fn saved_audience(
        &self,
        territory_id: i64,
        id: i64,
    ) -> Result<Option<SavedAudience>> {
        sqlx::query(
            "SELECT id, name, definition FROM letter_audience WHERE territory_id = $1 AND id = $2",
        )
        .bind(territory_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(saved_from_row)
        .transpose()
    }

    /// Saves an audience under a name (replacing one of the same name).
    pub async fn save_audience(
        &self,
        territory_id: i64,
        name: &str,
        audience: &Audience,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO letter_audience (territory_id, name, definition, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (territory_id, name) \
             DO UPDATE SET definition = excluded.definition RETURNING id",
        )
        .bind(territory_id)
        .bind(name)
        .bind(audience.to_text())
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    // ----- Editors -----

    /// Lets a person compose and send letters in a territory.
    pub async fn add_letter_editor(&self, territory_id: i64, person_id: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO letter_editor (territory_id, person_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (territory_id, person_id) DO NOTHING",
        )
        .bind(territory_id)
        .bind(person_id)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The people who may write letters in a territory (besides administrators).
    pub async fn letter_editors(&self, territory_id: i64) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.display_name FROM letter_editor e JOIN person p ON p.id = e.person_id \
             WHERE e.territory_id = $1 ORDER BY p.display_name, p.id",
        )
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("display_name")?)))
            .collect()
    }

    pub async fn is_letter_editor(&self, territory_id: i64, person_id: i64) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM letter_editor WHERE territory_id = $1 AND person_id = $2",
        )
        .bind(territory_id)
        .bind(person_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    // ----- Sending -----

    /// Schedules a draft for `at`; `false` when it is not a draft or scheduled letter.
    pub async fn schedule_letter(&self, id: i64, at: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE letter SET status = 'scheduled', scheduled_at = $1, updated_at = $2 \
             WHERE id = $3 AND status IN ('draft', 'scheduled')",
        )
        .bind(stamp(at))
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves a letter from one status to another; `false` when it was not in `from`.
    pub async fn change_letter_status(
        &self,
        id: i64,
        from: &[LetterStatus],
        to: LetterStatus,
    ) -> Result<bool> {
        let list = from
            .iter()
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let done = sqlx::query(&format!(
            "UPDATE letter SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({list})"
        ))
        .bind(to.code())
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Starts sending: one delivery row per reachable recipient, each with its
    /// Message-ID, in one transaction with the move to `sending`. `None` when
    /// the letter is not a draft or a scheduled letter any more (another node
    /// or request started it); otherwise the number of messages.
    pub async fn begin_sending(&self, id: i64, mail_domain: &str) -> Result<Option<usize>> {
        let Some(letter) = self.letter(id).await? else {
            return Ok(None);
        };
        if !letter.status.is_editable() {
            return Ok(None);
        }
        let key = self.letters_key().await?;
        let recipients = self
            .resolve_audience(letter.territory_id, &letter.audience)
            .await?;
        let mut seen = BTreeSet::new();
        let reachable: Vec<(i64, String, String)> = recipients
            .into_iter()
            .filter_map(|r| {
                let email = r.email?.to_lowercase();
                seen.insert(email.clone())
                    .then_some((r.person_id, r.name, email))
            })
            .collect();

        let stamp_now = now();
        let mut tx = self.begin_write().await?;
        let moved = sqlx::query(
            "UPDATE letter SET status = 'sending', started_at = $1, updated_at = $1 \
             WHERE id = $2 AND status IN ('draft', 'scheduled')",
        )
        .bind(&stamp_now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(None);
        }
        for chunk in reachable.chunks(CHUNK) {
            let mut sql = String::from(
                "INSERT INTO letter_delivery (letter_id, person_id, address, display_name, state, \
                 next_attempt_at, message_id, updated_at) VALUES ",
            );
            let mut n = 0;
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, 'pending', ${}, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6,
                    n + 7
                ));
                n += 7;
            }
            let mut query = sqlx::query(&sql);
            for (person_id, name, email) in chunk {
                let message_id = format!("letter-{id}-{}@{mail_domain}", &random_token()[..24]);
                query = query
                    .bind(id)
                    .bind(*person_id)
                    .bind(email.clone())
                    .bind(name.clone())
                    .bind(stamp_now.clone())
                    .bind(message_id)
                    .bind(stamp_now.clone());
            }
            query.execute(&mut *tx).await?;

            let mut sql = String::from(
                "INSERT INTO letter_unsubscribe_token (token_hash, territory_id, address) VALUES ",
            );
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3));
            }
            sql.push_str(" ON CONFLICT (token_hash) DO NOTHING");
            let mut query = sqlx::query(&sql);
            for (_, _, email) in chunk {
                let token = unsubscribe_token(&key, letter.territory_id, email);
                query = query
                    .bind(token_hash(&token))
                    .bind(letter.territory_id)
                    .bind(email.clone());
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Some(reachable.len()))
    }

    /// Claims a letter that is due to send (sending, or scheduled and due)
    /// for `lease`, if no other node holds it.
    pub async fn claim_letter(
        &self,
        worker: &str,
        lease: Duration,
    ) -> Result<Option<(i64, LetterStatus)>> {
        let stamp_now = now();
        let until = stamp(Utc::now() + lease);
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let row = sqlx::query(&format!(
            "UPDATE letter SET locked_by = $1, locked_until = $2 \
             WHERE id = (SELECT id FROM letter WHERE (status = 'sending' \
                         OR (status = 'scheduled' AND scheduled_at <= $3)) \
                         AND (locked_until IS NULL OR locked_until < $3) \
                         ORDER BY id LIMIT 1 {lock}) \
             RETURNING id, status"
        ))
        .bind(worker)
        .bind(&until)
        .bind(&stamp_now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let status: String = row.try_get("status")?;
        Ok(Some((
            row.try_get("id")?,
            LetterStatus::from_code(&status).ok_or(StoreError::Corrupt {
                column: "letter.status",
                value: status,
            })?,
        )))
    }

    /// Extends this node's lease; `Some(status)` while it still holds it.
    pub async fn renew_letter_lease(
        &self,
        id: i64,
        worker: &str,
        lease: Duration,
    ) -> Result<Option<LetterStatus>> {
        let row = sqlx::query(
            "UPDATE letter SET locked_until = $1 WHERE id = $2 AND locked_by = $3 RETURNING status",
        )
        .bind(stamp(Utc::now() + lease))
        .bind(id)
        .bind(worker)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let status: String = row.try_get("status")?;
        Ok(LetterStatus::from_code(&status))
    }

    /// Gives the letter back; another node (or this one) may claim it again
    /// after `retry_in`.
    pub async fn release_letter(&self, id: i64, worker: &str, retry_in: Duration) -> Result<()> {
        sqlx::query(
            "UPDATE letter SET locked_by = NULL, locked_until = $1 WHERE id = $2 AND locked_by = $3",
        )
        .bind(stamp(Utc::now() + retry_in))
        .bind(id)
        .bind(worker)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Messages due now: never sent, to retry, or left `sending` by a node
    /// that stopped (sent again with the same Message-ID).
    pub async fn due_deliveries(&self, letter_id: i64, limit: i64) -> Result<Vec<Delivery>> {
        sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM letter_delivery WHERE letter_id = $1 \
             AND state IN ('pending', 'sending', 'failed_temp') AND next_attempt_at <= $2 \
             ORDER BY id LIMIT $3"
        ))
        .bind(letter_id)
        .bind(now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(delivery_from_row)
        .collect()
    }

    /// The language of each recipient of a letter who has one other than
    /// French (person → language code), for the text around the letter.
    pub async fn letter_recipient_locales(
        &self,
        letter_id: i64,
    ) -> Result<std::collections::HashMap<i64, String>> {
        let rows = sqlx::query(
            "SELECT p.id, p.locale FROM letter_delivery d JOIN person p ON p.id = d.person_id \
             WHERE d.letter_id = $1 AND p.locale <> 'fr'",
        )
        .bind(letter_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("locale")?)))
            .collect()
    }

    /// Sets the language a person reads (`fr`, `en`).
    pub async fn set_person_locale(&self, person_id: i64, locale: &str) -> Result<()> {
        sqlx::query("UPDATE person SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(person_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A letter's deliveries (the editors' view), by address.
    pub async fn deliveries(&self, letter_id: i64, limit: i64) -> Result<Vec<Delivery>> {
        sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM letter_delivery WHERE letter_id = $1 \
             ORDER BY display_name, id LIMIT $2"
        ))
        .bind(letter_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(delivery_from_row)
        .collect()
    }

    /// Recorded before the SMTP transaction starts.
    pub async fn mark_delivery_sending(&self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE letter_delivery SET state = 'sending', attempts = attempts + 1, updated_at = $1 \
             WHERE id = $2",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// In one transaction: `sent` for the message the server just accepted,
    /// `sending` for the next one, so that a sender going through a letter
    /// commits once per message while never more than one row is `sending`
    /// (the one message that may be sent twice after a crash).
    pub async fn mark_delivery_sent_then_sending(&self, sent: i64, next: i64) -> Result<()> {
        let stamp_now = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE letter_delivery SET state = 'sent', sent_at = $1, error = NULL, updated_at = $1 \
             WHERE id = $2",
        )
        .bind(&stamp_now)
        .bind(sent)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE letter_delivery SET state = 'sending', attempts = attempts + 1, updated_at = $1 \
             WHERE id = $2",
        )
        .bind(&stamp_now)
        .bind(next)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Recorded once the server accepted the message.
    pub async fn mark_delivery_sent(&self, id: i64) -> Result<()> {
        let stamp_now = now();
        sqlx::query(
            "UPDATE letter_delivery SET state = 'sent', sent_at = $1, error = NULL, updated_at = $1 \
             WHERE id = $2",
        )
        .bind(&stamp_now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A failure: retried at `retry_at`, or failed for good when `None`.
    pub async fn mark_delivery_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let (state, next) = match retry_at {
            Some(at) => (DeliveryState::FailedTemp, stamp(at)),
            None => (DeliveryState::FailedPerm, now()),
        };
        sqlx::query(
            "UPDATE letter_delivery SET state = $1, error = $2, next_attempt_at = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(state.code())
        .bind(error)
        .bind(next)
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A message not sent because its address unsubscribed or bounced for good.
    pub async fn mark_delivery_skipped(&self, id: i64, state: DeliveryState) -> Result<()> {
        sqlx::query("UPDATE letter_delivery SET state = $1, updated_at = $2 WHERE id = $3")
            .bind(state.code())
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Addresses not to write to in a territory: unsubscribed, and stopped by bounces.
    pub async fn suppressed_addresses(
        &self,
        territory_id: i64,
    ) -> Result<(BTreeSet<String>, BTreeSet<String>)> {
        let unsubscribed =
            sqlx::query("SELECT address FROM letter_unsubscription WHERE territory_id = $1")
                .bind(territory_id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>("address"))
                .collect::<Result<_, _>>()?;
        let stopped = sqlx::query("SELECT address FROM mail_bounce WHERE stopped = 1")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("address"))
            .collect::<Result<_, _>>()?;
        Ok((unsubscribed, stopped))
    }

    /// When the next retry of a letter is due, if any message waits for one.
    pub async fn next_letter_retry(&self, letter_id: i64) -> Result<Option<DateTime<Utc>>> {
        let row = sqlx::query(
            "SELECT MIN(next_attempt_at) AS next FROM letter_delivery WHERE letter_id = $1 \
             AND state IN ('pending', 'sending', 'failed_temp')",
        )
        .bind(letter_id)
        .fetch_one(&self.pool)
        .await?;
        let next: Option<String> = row.try_get("next")?;
        next.as_deref().map(parse).transpose()
    }

    /// Marks a sending letter sent when none of its messages waits any more.
    pub async fn finish_letter_if_done(&self, letter_id: i64) -> Result<bool> {
        let stamp_now = now();
        let done = sqlx::query(
            "UPDATE letter SET status = 'sent', sent_at = $1, updated_at = $1, locked_by = NULL, \
             locked_until = NULL WHERE id = $2 AND status = 'sending' AND NOT EXISTS \
             (SELECT 1 FROM letter_delivery WHERE letter_id = $2 \
              AND state IN ('pending', 'sending', 'failed_temp'))",
        )
        .bind(&stamp_now)
        .bind(letter_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn letter_stats(&self, letter_id: i64) -> Result<LetterStats> {
        let rows = sqlx::query(
            "SELECT state, COUNT(*) AS n FROM letter_delivery WHERE letter_id = $1 GROUP BY state",
        )
        .bind(letter_id)
        .fetch_all(&self.pool)
        .await?;
        let mut stats = LetterStats::default();
        for row in &rows {
            let state: String = row.try_get("state")?;
            let n: i64 = row.try_get("n")?;
            stats.total += n;
            match DeliveryState::from_code(&state) {
                Some(DeliveryState::Sent) => stats.sent += n,
                Some(DeliveryState::FailedPerm) => stats.failed += n,
                Some(DeliveryState::SkippedUnsubscribed) => stats.unsubscribed += n,
                Some(DeliveryState::SkippedBounced) => stats.bounced += n,
                _ => stats.waiting += n,
            }
        }
        Ok(stats)
    }

    // ----- Unsubscribing -----

    /// The territory and address an unsubscribe token stands for.
    pub async fn unsubscribe_target(&self, token: &str) -> Result<Option<(i64, String)>> {
        let row = sqlx::query(
            "SELECT territory_id, address FROM letter_unsubscribe_token WHERE token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some((
                row.try_get("territory_id")?,
                row.try_get("address")?,
            ))),
        }
    }

    /// Whether an address is unsubscribed from a territory's letters.
    pub async fn is_unsubscribed(&self, territory_id: i64, address: &str) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM letter_unsubscription WHERE territory_id = $1 AND address = $2",
        )
        .bind(territory_id)
        .bind(address.to_lowercase())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Unsubscribes the address of a token; `None` for an unknown token.
    /// Unsubscribing twice is harmless.
    pub async fn unsubscribe(&self, token: &str) -> Result<Option<(i64, String)>> {
        let Some((territory_id, address)) = self.unsubscribe_target(token).await? else {
            return Ok(None);
        };
        let person: Option<i64> = sqlx::query("SELECT id FROM person WHERE email = $1")
            .bind(&address)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?;
        sqlx::query(
            "INSERT INTO letter_unsubscription (territory_id, address, person_id, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (territory_id, address) DO NOTHING",
        )
        .bind(territory_id)
        .bind(&address)
        .bind(person)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(Some((territory_id, address)))
    }

    // ----- Bounces -----

    /// Records one bounce of `address`: a hard one (5.x.x) counts towards
    /// `hard_limit`, after which sending to it stops; `immediate` stops at once
    /// (5.1.1, no such mailbox).
    pub async fn record_bounce(
        &self,
        address: &str,
        hard: bool,
        status: &str,
        hard_limit: i64,
        immediate: bool,
    ) -> Result<BounceOutcome> {
        let address = address.trim().to_lowercase();
        let stamp_now = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO mail_bounce (address, hard_count, soft_count, last_status, last_at, stopped) \
             VALUES ($1, 0, 0, $2, $3, 0) ON CONFLICT (address) DO NOTHING",
        )
        .bind(&address)
        .bind(status)
        .bind(&stamp_now)
        .execute(&mut *tx)
        .await?;
        let (hard_add, soft_add) = if hard { (1, 0) } else { (0, 1) };
        let row = sqlx::query(
            "UPDATE mail_bounce SET hard_count = hard_count + $1, soft_count = soft_count + $2, \
             last_status = $3, last_at = $4 WHERE address = $5 RETURNING hard_count, stopped",
        )
        .bind(hard_add)
        .bind(soft_add)
        .bind(status)
        .bind(&stamp_now)
        .bind(&address)
        .fetch_one(&mut *tx)
        .await?;
        let hard_count: i64 = row.try_get("hard_count")?;
        let mut stopped = row.try_get::<i64, _>("stopped")? != 0;
        if !stopped && hard && (immediate || hard_count >= hard_limit.max(1)) {
            sqlx::query("UPDATE mail_bounce SET stopped = 1 WHERE address = $1")
                .bind(&address)
                .execute(&mut *tx)
                .await?;
            stopped = true;
        }
        tx.commit().await?;
        Ok(BounceOutcome {
            hard_count,
            stopped,
        })
    }

    /// Addresses with recorded bounces, stopped ones first.
    pub async fn bounces(&self, limit: i64) -> Result<Vec<BounceRecord>> {
        let rows = sqlx::query(
            "SELECT address, hard_count, soft_count, last_status, last_at, stopped FROM mail_bounce \
             ORDER BY stopped DESC, last_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let last_at: String = row.try_get("last_at")?;
                Ok(BounceRecord {
                    address: row.try_get("address")?,
                    hard_count: row.try_get("hard_count")?,
                    soft_count: row.try_get("soft_count")?,
                    last_status: row.try_get("last_status")?,
                    last_at: parse(&last_at)?,
                    stopped: row.try_get::<i64, _>("stopped")? != 0,
                })
            })
            .collect()
    }
}

/// A territory's logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// Sets (or replaces) the territory's logo; the caller checked its bytes.
    pub async fn set_territory_logo(
        &self,
        territory_id: i64,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO territory_logo (territory_id, content_type, data, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (territory_id) DO UPDATE SET \
             content_type = excluded.content_type, data = excluded.data, \
             updated_at = excluded.updated_at",
        )
        .bind(territory_id)
        .bind(content_type)
        .bind(bytes.to_vec())
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn remove_territory_logo(&self, territory_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM territory_logo WHERE territory_id = $1")
            .bind(territory_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn territory_logo(&self, territory_id: i64) -> Result<Option<Logo>> {
        let row = sqlx::query(
            "SELECT content_type, data, updated_at FROM territory_logo WHERE territory_id = $1",
        )
        .bind(territory_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let updated_at: String = row.try_get("updated_at")?;
        Ok(Some(Logo {
            content_type: row.try_get("content_type")?,
            bytes: row.try_get("data")?,
            updated_at: parse(&updated_at)?,
        }))
    }

    /// When the territory's logo last changed, if it has one (for its URL).
    pub async fn territory_logo_version(&self, territory_id: i64) -> Result<Option<DateTime<Utc>>> {
        let row = sqlx::query("SELECT updated_at FROM territory_logo WHERE territory_id = $1")
            .bind(territory_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| parse(&r.try_get::<String, _>("updated_at")?))
            .transpose()
    }
}

fn saved_from_row(row: &AnyRow) -> Result<SavedAudience> {
    let definition: String = row.try_get("definition")?;
    Ok(SavedAudience {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        audience: Audience::parse(&definition).ok_or(StoreError::Corrupt {
            column: "letter_audience.definition",
            value: definition,
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_round_trip_through_their_text() {
        let a = Audience::parse("mayors, commune:3,space:12 ,councillors").unwrap();
        assert_eq!(a.to_text(), "councillors,mayors,commune:3,space:12");
        assert_eq!(Audience::parse("").unwrap(), Audience::default());
        assert!(Audience::parse("commune:x").is_none());
        assert!(Audience::parse("commune:-1").is_none());
        assert!(Audience::parse("everyone").is_none());
    }

    #[test]
    fn unsubscribe_tokens_depend_on_key_territory_and_address() {
        let a = unsubscribe_token(b"k", 1, "Maire@Engins.fr");
        assert_eq!(a, unsubscribe_token(b"k", 1, "maire@engins.fr"));
        assert_ne!(a, unsubscribe_token(b"k", 2, "maire@engins.fr"));
        assert_ne!(a, unsubscribe_token(b"j", 1, "maire@engins.fr"));
        assert_eq!(a.len(), 64);
    }
}
