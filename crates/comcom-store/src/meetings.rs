//! Meetings of a space: convening (with the convocation emails written in
//! the same transaction), updating, cancelling, answers with proxies,
//! minutes, and the secret calendar feeds people subscribe to.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::jobs::enqueue_on;
use crate::outbox::SEND_EMAIL;
use crate::search::index_meeting_on;
use crate::secrets::{random_token, token_hash};
use crate::time::{now, parse, stamp};
use crate::{Result, StoreError};

/// Whether a meeting still takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStatus {
    Scheduled,
    Cancelled,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<MeetingStatus> {
        match code {
            "scheduled" => Some(MeetingStatus::Scheduled),
            "cancelled" => Some(MeetingStatus::Cancelled),
            _ => None,
        }
    }
}

/// An invitee's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Pending,
    Yes,
    No,
    /// Absent, with a proxy given to another invitee.
    Proxy,
}

impl Answer {
    pub fn code(self) -> &'static str {
        match self {
            Answer::Pending => "pending",
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Proxy => "proxy",
        }
    }

    pub fn from_code(code: &str) -> Option<Answer> {
        match code {
            "pending" => Some(Answer::Pending),
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            "proxy" => Some(Answer::Proxy),
            _ => None,
        }
    }
}

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub id: i64,
    pub space_id: i64,
    pub uid: String,
    pub title: String,
    pub agenda: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub visio: bool,
    /// Open to the public: in the public calendar feeds when its space is public.
    pub open_to_public: bool,
    pub room: String,
    pub status: MeetingStatus,
    pub sequence: i64,
    pub minutes: String,
    pub organizer_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which public meetings a public calendar feed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicScope {
    /// Every public space of the territory.
    Territory,
    /// One space (by id).
    Space(i64),
    /// The spaces of one commune (by id).
    Commune(i64),
}

/// An invitee with what the meeting page and the emails need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeRecord {
    pub person_id: i64,
    pub display_name: String,
    pub email: Option<String>,
    pub locale: String,
    pub answer: Answer,
    pub proxy_id: Option<i64>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// What a meeting is made of (for convening and for changes).
#[derive(Debug, Clone)]
pub struct MeetingFields<'a> {
    pub title: &'a str,
    pub agenda: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: &'a str,
    pub visio: bool,
    /// Open to the public (shown in the public calendar feeds when the
    /// space is public).
    pub open_to_public: bool,
    /// The invited members.
    pub invitees: &'a [i64],
}

/// An email to queue with a change, with its iCalendar part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub kind: String,
    /// (METHOD, iCalendar text)
    pub calendar: Option<(String, String)>,
}

/// Who was invited before and after a change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteeChange {
    pub kept: Vec<i64>,
    pub added: Vec<i64>,
    pub removed: Vec<i64>,
}

/// Why an answer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerRefusal {
    /// The proxy holder already holds someone else's proxy.
    HolderTaken,
}

/// A calendar feed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeedRecord {
    pub id: i64,
    pub person_id: i64,
    pub space_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, space_id, uid, title, agenda, starts_at, ends_at, place, visio, room, \
     status, sequence, minutes, organizer_id, created_at, updated_at, open_to_public";

fn meeting_from_row(row: &AnyRow) -> Result<MeetingRecord> {
    let status: String = row.try_get("status")?;
    let visio: i64 = row.try_get("visio")?;
    Ok(MeetingRecord {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        uid: row.try_get("uid")?,
        title: row.try_get("title")?,
        agenda: row.try_get("agenda")?,
        starts_at: parse(&row.try_get::<String, _>("starts_at")?)?,
        ends_at: parse(&row.try_get::<String, _>("ends_at")?)?,
        place: row.try_get("place")?,
        visio: visio != 0,
        open_to_public: row.try_get::<i64, _>("open_to_public")? != 0,
        room: row.try_get("room")?,
        status: MeetingStatus::from_code(&status).ok_or(StoreError::Corrupt {
            column: "meeting.status",
            value: status,
        })?,
        sequence: row.try_get("sequence")?,
        minutes: row.try_get("minutes")?,
        organizer_id: row.try_get("organizer_id")?,
        created_at: parse(&row.try_get::<String, _>("created_at")?)?,
        updated_at: parse(&row.try_get::<String, _>("updated_at")?)?,
    })
}

/// Queues one email (and its calendar part) on a transaction.
async fn queue_on(
    conn: &mut sqlx::AnyConnection,
    email: &OutgoingEmail,
    domain: &str,
) -> Result<i64> {
    let message_id = format!("{}@{domain}", &random_token()[..32]);
    let row = sqlx::query(
        "INSERT INTO outbox (message_id, to_address, subject, body_text, body_html, kind, created_at) \
         VALUES ($1, $2, $3, $4, NULL, $5, $6) RETURNING id",
    )
    .bind(&message_id)
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.kind)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    if let Some((method, body)) = &email.calendar {
        sqlx::query("INSERT INTO outbox_calendar (outbox_id, method, body) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(method)
            .bind(body)
            .execute(&mut *conn)
            .await?;
    }
    enqueue_on(conn, SEND_EMAIL, &id.to_string()).await?;
    Ok(id)
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl Store {
    /// Convenes a meeting: the meeting, its invitees and the emails that
    /// `mail` writes for it are stored in one transaction.
    pub async fn create_meeting(
        &self,
        space_id: i64,
        organizer_id: i64,
        fields: &MeetingFields<'_>,
        domain: &str,
        mail: impl FnOnce(&MeetingRecord) -> Vec<OutgoingEmail>,
    ) -> Result<MeetingRecord> {
        self.create_meeting_with_documents(space_id, organizer_id, fields, &[], domain, mail)
            .await
    }

    /// Convenes a meeting with documents of its space attached (the caller
    /// checks that they are), all in one transaction with its emails.
    pub async fn create_meeting_with_documents(
        &self,
        space_id: i64,
        organizer_id: i64,
        fields: &MeetingFields<'_>,
        documents: &[i64],
        domain: &str,
        mail: impl FnOnce(&MeetingRecord) -> Vec<OutgoingEmail>,
    ) -> Result<MeetingRecord> {
        let uid = format!("meeting-{}@{domain}", &random_token()[..32]);
        let room = format!("comcom-{}", &random_token()[..40]);
        let stamp_now = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO meeting (space_id, uid, title, agenda, starts_at, ends_at, place, visio, \
             room, organizer_id, created_at, updated_at, open_to_public) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) RETURNING {COLUMNS}"
        ))
        .bind(space_id)
        .bind(&uid)
        .bind(fields.title)
        .bind(fields.agenda)
        .bind(stamp(fields.starts_at))
        .bind(stamp(fields.ends_at))
        .bind(fields.place)
        .bind(i64::from(fields.visio))
        .bind(&room)
        .bind(organizer_id)
        .bind(&stamp_now)
        .bind(i64::from(fields.open_to_public))
        .fetch_one(&mut *tx)
        .await?;
        let meeting = meeting_from_row(&row)?;
        for person_id in dedup(fields.invitees) {
            sqlx::query("INSERT INTO meeting_invitee (meeting_id, person_id) VALUES ($1, $2)")
                .bind(meeting.id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        for document_id in dedup(documents) {
            crate::meeting_documents::attach_on(
                &mut tx,
                meeting.id,
                document_id,
                Some(organizer_id),
            )
            .await?;
        }
        for email in mail(&meeting) {
            queue_on(&mut tx, &email, domain).await?;
        }
        index_meeting_on(&mut tx, meeting.id).await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// Changes a meeting still scheduled whose SEQUENCE is `expected`
    /// (`None` if it changed meanwhile or is cancelled): raises the
    /// SEQUENCE, updates the invitees (answers of those kept are kept) and
    /// queues the emails `mail` writes, in one transaction.
    pub async fn update_meeting(
        &self,
        id: i64,
        expected: i64,
        fields: &MeetingFields<'_>,
        domain: &str,
        mail: impl FnOnce(&MeetingRecord, &InviteeChange) -> Vec<OutgoingEmail>,
    ) -> Result<Option<MeetingRecord>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE meeting SET title = $1, agenda = $2, starts_at = $3, ends_at = $4, place = $5, \
             visio = $6, sequence = sequence + 1, updated_at = $7, open_to_public = $10 \
             WHERE id = $8 AND sequence = $9 AND status = 'scheduled' RETURNING {COLUMNS}"
        ))
        .bind(fields.title)
        .bind(fields.agenda)
        .bind(stamp(fields.starts_at))
        .bind(stamp(fields.ends_at))
        .bind(fields.place)
        .bind(i64::from(fields.visio))
        .bind(now())
        .bind(id)
        .bind(expected)
        .bind(i64::from(fields.open_to_public))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let meeting = meeting_from_row(&row)?;
        let before: Vec<i64> =
            sqlx::query("SELECT person_id FROM meeting_invitee WHERE meeting_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get("person_id"))
                .collect::<Result<_, _>>()?;
        let after = dedup(fields.invitees);
        let change = InviteeChange {
            kept: after
                .iter()
                .copied()
                .filter(|p| before.contains(p))
                .collect(),
            added: after
                .iter()
                .copied()
                .filter(|p| !before.contains(p))
                .collect(),
            removed: before
                .iter()
                .copied()
                .filter(|p| !after.contains(p))
                .collect(),
        };
        for person_id in &change.removed {
            // A proxy held by someone no longer invited falls: its giver is absent.
            sqlx::query(
                "UPDATE meeting_invitee SET answer = 'no', proxy_id = NULL \
                 WHERE meeting_id = $1 AND proxy_id = $2",
            )
            .bind(id)
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM meeting_invitee WHERE meeting_id = $1 AND person_id = $2")
                .bind(id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        for person_id in &change.added {
            sqlx::query("INSERT INTO meeting_invitee (meeting_id, person_id) VALUES ($1, $2)")
                .bind(id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        for email in mail(&meeting, &change) {
            queue_on(&mut tx, &email, domain).await?;
        }
        index_meeting_on(&mut tx, meeting.id).await?;
        tx.commit().await?;
        Ok(Some(meeting))
    }

    /// Cancels a scheduled meeting (raising its SEQUENCE) and queues the
    /// emails `mail` writes, in one transaction; `None` if it was not
    /// scheduled any more.
    pub async fn cancel_meeting(
        &self,
        id: i64,
        domain: &str,
        mail: impl FnOnce(&MeetingRecord) -> Vec<OutgoingEmail>,
    ) -> Result<Option<MeetingRecord>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE meeting SET status = 'cancelled', sequence = sequence + 1, updated_at = $1 \
             WHERE id = $2 AND status = 'scheduled' RETURNING {COLUMNS}"
        ))
        .bind(now())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let meeting = meeting_from_row(&row)?;
        for email in mail(&meeting) {
            queue_on(&mut tx, &email, domain).await?;
        }
        index_meeting_on(&mut tx, meeting.id).await?;
        tx.commit().await?;
        Ok(Some(meeting))
    }

    /// Writes a meeting's minutes (Markdown).
    pub async fn set_meeting_minutes(&self, id: i64, minutes: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE meeting SET minutes = $1, updated_at = $2 WHERE id = $3")
            .bind(minutes)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        index_meeting_on(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn meeting(&self, id: i64) -> Result<Option<MeetingRecord>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM meeting WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(meeting_from_row)
            .transpose()
    }

    /// The last change to any meeting of a territory, public or not: a
    /// meeting that stops being public moves it too, so a public calendar's
    /// `Last-Modified` never goes back in time.
    pub async fn meetings_changed_at(&self, territory_id: i64) -> Result<Option<DateTime<Utc>>> {
        let row = sqlx::query(
            "SELECT MAX(m.updated_at) AS last FROM meeting m \
             JOIN space s ON s.id = m.space_id WHERE s.territory_id = $1",
        )
        .bind(territory_id)
        .fetch_one(&self.pool)
        .await?;
        let last: Option<String> = row.try_get("last")?;
        last.as_deref().map(parse).transpose()
    }

    /// The meetings open to the public in the territory's public spaces
    /// (all of them, or one space's, or those of the spaces of a commune),
    /// ending at or after `since`, by start; with their space's slug and
    /// name. Cancelled ones are kept, for calendars to remove them.
    pub async fn public_meetings(
        &self,
        territory_id: i64,
        scope: PublicScope,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(MeetingRecord, String, String)>> {
        let (clause, value) = match scope {
            PublicScope::Territory => ("", 0),
            PublicScope::Space(id) => (" AND s.id = $4", id),
            PublicScope::Commune(id) => (" AND s.commune_id = $4", id),
        };
        let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("m.{c}")).collect();
        let sql = format!(
            "SELECT {}, s.slug AS space_slug, s.name AS space_name FROM meeting m \
             JOIN space s ON s.id = m.space_id \
             WHERE s.territory_id = $1 AND s.visibility = 'public' AND m.open_to_public = 1 \
             AND m.ends_at >= $2{clause} ORDER BY m.starts_at, m.id LIMIT $3",
            columns.join(", ")
        );
        let mut query = sqlx::query(&sql)
            .bind(territory_id)
            .bind(stamp(since))
            .bind(limit);
        if !clause.is_empty() {
            query = query.bind(value);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    meeting_from_row(row)?,
                    row.try_get("space_slug")?,
                    row.try_get("space_name")?,
                ))
            })
            .collect()
    }

    /// A space's meetings, by start time.
    pub async fn meetings_of_space(&self, space_id: i64) -> Result<Vec<MeetingRecord>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM meeting WHERE space_id = $1 ORDER BY starts_at, id"
        ))
        .bind(space_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(meeting_from_row)
        .collect()
    }

    /// The meetings a person is invited to, by start time.
    pub async fn meetings_of_invitee(&self, person_id: i64) -> Result<Vec<MeetingRecord>> {
        let columns = COLUMNS
            .split(", ")
            .map(|c| format!("m.{c} AS {c}"))
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(&format!(
            "SELECT {columns} FROM meeting m JOIN meeting_invitee i ON i.meeting_id = m.id \
             WHERE i.person_id = $1 ORDER BY m.starts_at, m.id"
        ))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(meeting_from_row)
        .collect()
    }

    /// A meeting's invitees, by name.
    pub async fn meeting_invitees(&self, meeting_id: i64) -> Result<Vec<InviteeRecord>> {
        let rows = sqlx::query(
            "SELECT i.person_id AS person_id, p.display_name AS display_name, p.email AS email, \
             p.locale AS locale, i.answer AS answer, i.proxy_id AS proxy_id, \
             i.answered_at AS answered_at \
             FROM meeting_invitee i JOIN person p ON p.id = i.person_id WHERE i.meeting_id = $1",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        let mut invitees = rows
            .iter()
            .map(|r| {
                let answer: String = r.try_get("answer")?;
                Ok(InviteeRecord {
                    person_id: r.try_get("person_id")?,
                    display_name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                    locale: r.try_get("locale")?,
                    answer: Answer::from_code(&answer).ok_or(StoreError::Corrupt {
                        column: "meeting_invitee.answer",
                        value: answer,
                    })?,
                    proxy_id: r.try_get("proxy_id")?,
                    answered_at: r
                        .try_get::<Option<String>, _>("answered_at")?
                        .as_deref()
                        .map(parse)
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        invitees.sort_by_cached_key(|i| comcom_core::text::fold(&i.display_name));
        Ok(invitees)
    }

    /// Records an invitee's answer. The caller checks the rules (the holder
    /// is another invitee who is coming); the database keeps one proxy per
    /// holder, which is answered as [`AnswerRefusal::HolderTaken`].
    pub async fn answer_meeting(
        &self,
        meeting_id: i64,
        person_id: i64,
        answer: Answer,
        proxy_id: Option<i64>,
    ) -> Result<Result<(), AnswerRefusal>> {
        let proxy_id = if answer == Answer::Proxy {
            proxy_id
        } else {
            None
        };
        if let Some(holder) = proxy_id {
            let taken = sqlx::query(
                "SELECT person_id FROM meeting_invitee WHERE meeting_id = $1 AND proxy_id = $2 \
                 AND person_id <> $3",
            )
            .bind(meeting_id)
            .bind(holder)
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?;
            if taken.is_some() {
                return Ok(Err(AnswerRefusal::HolderTaken));
            }
        }
        let outcome = sqlx::query(
            "UPDATE meeting_invitee SET answer = $1, proxy_id = $2, answered_at = $3 \
             WHERE meeting_id = $4 AND person_id = $5",
        )
        .bind(answer.code())
        .bind(proxy_id)
        .bind(now())
        .bind(meeting_id)
        .bind(person_id)
        .execute(&self.pool)
        .await;
        match outcome {
            Ok(_) => Ok(Ok(())),
            // Two members giving their proxy to the same holder at once: the
            // unique index keeps the first.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Ok(Err(AnswerRefusal::HolderTaken))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Makes a new secret address for a person's feed (`space_id` `None`:
    /// their invitations) or a space's feed, revoking the previous one, and
    /// returns the secret (shown once).
    pub async fn create_calendar_feed(
        &self,
        person_id: i64,
        space_id: Option<i64>,
    ) -> Result<String> {
        let secret = random_token();
        let mut tx = self.begin_write().await?;
        revoke_on(&mut tx, person_id, space_id).await?;
        sqlx::query(
            "INSERT INTO calendar_feed (person_id, space_id, token_hash, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(person_id)
        .bind(space_id)
        .bind(token_hash(&secret))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// Revokes a person's feed address; whether one was active.
    pub async fn revoke_calendar_feed(
        &self,
        person_id: i64,
        space_id: Option<i64>,
    ) -> Result<bool> {
        let mut conn = self.pool.acquire().await?;
        revoke_on(&mut conn, person_id, space_id).await
    }

    /// The active feed of a person (for a space, or their own).
    pub async fn calendar_feed_of(
        &self,
        person_id: i64,
        space_id: Option<i64>,
    ) -> Result<Option<CalendarFeedRecord>> {
        let row = sqlx::query(
            "SELECT id, person_id, space_id, created_at FROM calendar_feed \
             WHERE person_id = $1 AND ((space_id IS NULL AND $2 IS NULL) OR space_id = $2) \
             AND revoked_at IS NULL",
        )
        .bind(person_id)
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(feed_from_row).transpose()
    }

    /// The active feed a secret opens.
    pub async fn calendar_feed_by_secret(
        &self,
        secret: &str,
    ) -> Result<Option<CalendarFeedRecord>> {
        let row = sqlx::query(
            "SELECT id, person_id, space_id, created_at FROM calendar_feed \
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(feed_from_row).transpose()
    }

    /// The calendar part of an outbox email, if any: (METHOD, text).
    pub async fn outbox_calendar(&self, outbox_id: i64) -> Result<Option<(String, String)>> {
        let row = sqlx::query("SELECT method, body FROM outbox_calendar WHERE outbox_id = $1")
            .bind(outbox_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get("method")?, r.try_get("body")?)))
            .transpose()
    }

    /// Forgets the calendar part of a delivered email, like its text.
    pub async fn forget_outbox_calendar(&self, outbox_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM outbox_calendar WHERE outbox_id = $1")
            .bind(outbox_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn feed_from_row(row: &AnyRow) -> Result<CalendarFeedRecord> {
    Ok(CalendarFeedRecord {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        space_id: row.try_get("space_id")?,
        created_at: parse(&row.try_get::<String, _>("created_at")?)?,
    })
}

async fn revoke_on(
    conn: &mut sqlx::AnyConnection,
    person_id: i64,
    space_id: Option<i64>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE calendar_feed SET revoked_at = $1 WHERE person_id = $2 \
         AND ((space_id IS NULL AND $3 IS NULL) OR space_id = $3) AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(person_id)
    .bind(space_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
