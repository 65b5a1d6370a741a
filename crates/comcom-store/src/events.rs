//! A space's activity stream and the notifications it fans out.
//!
//! [`Store::record_event`] is the one call every capability makes when
//! something happens in a space: it appends the event to the space's stream,
//! gives each member (never the actor) a notification whose delivery follows
//! their preference for the space, and queues a `notify_event` job that
//! writes the immediate emails (in each person's language) to the outbox.

use comcom_core::events::{Delivery, EventKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::jobs::enqueue_on;
use crate::outbox::{NewEmail, insert_email_on};
use crate::time::now;
use crate::{Result, StoreError};

/// The job kind that emails an event's immediate notifications; its payload
/// is the event id.
pub const NOTIFY_EVENT: &str = "notify_event";
/// The job kind that sends the daily digests; its payload is the day
/// (`2026-12-04`).
pub const DAILY_DIGEST: &str = "daily_digest";

/// Something that happened in a space, as a capability reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    pub space_id: i64,
    /// Who did it; never notified of their own action.
    pub actor_id: Option<i64>,
    pub kind: EventKind,
    /// What it is about: `article`, `thread`, `document`, `meeting`, `person`…
    pub object_kind: &'static str,
    pub object_id: Option<i64>,
    /// The object's title now (kept as it was, even if the object changes).
    pub title: String,
    /// Where to see it, relative to the territory's address
    /// (`/espaces/eau/discussions/12`); empty when there is nothing to see.
    pub path: String,
    /// Members @mentioned: notified even when the event itself notifies
    /// nobody, with their preference for mentions (default: at once).
    pub mentions: Vec<i64>,
    /// `Some`: only these people are notified (say, the members convened to
    /// a meeting); `None`: every member of the space.
    pub only_to: Option<Vec<i64>>,
    /// People who were already emailed about this very event by the
    /// capability itself (a meeting's convocation, update or cancellation):
    /// their notification is in the app only, recorded as emailed, so that
    /// neither an email per event nor the daily digest repeats the message.
    pub already_emailed: Vec<i64>,
}

impl EventInput {
    /// An event for every member of the space, without mentions.
    pub fn new(
        space_id: i64,
        actor_id: Option<i64>,
        kind: EventKind,
        object_kind: &'static str,
        object_id: Option<i64>,
        title: &str,
        path: &str,
    ) -> EventInput {
        EventInput {
            space_id,
            actor_id,
            kind,
            object_kind,
            object_id,
            title: title.to_owned(),
            path: path.to_owned(),
            mentions: Vec::new(),
            only_to: None,
            already_emailed: Vec::new(),
        }
    }
}

/// An event of a space's stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: i64,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub territory_id: i64,
    pub actor_id: Option<i64>,
    /// Empty when the person is gone.
    pub actor_name: String,
    pub kind: EventKind,
    pub object_kind: String,
    pub object_id: Option<i64>,
    pub title: String,
    pub path: String,
    pub created_at: String,
}

/// A notification of a person, with its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    pub id: i64,
    pub person_id: i64,
    pub mention: bool,
    pub delivery: Delivery,
    pub read: bool,
    pub emailed: bool,
    pub event: EventRecord,
}

const EVENT_COLUMNS: &str = "e.id AS event_id, e.space_id AS space_id, s.slug AS space_slug, \
     s.name AS space_name, s.territory_id AS territory_id, e.actor_id AS actor_id, \
     COALESCE(p.display_name, '') AS actor_name, e.kind AS kind, e.object_kind AS object_kind, \
     e.object_id AS object_id, e.title AS title, e.path AS path, e.created_at AS created_at";
const EVENT_FROM: &str = "space_event e JOIN space s ON s.id = e.space_id \
     LEFT JOIN person p ON p.id = e.actor_id";
/// Notifications with their events.
/// Notifications with their events, for people still members of the space:
/// someone who left a space no longer sees (nor is emailed) what happened there.
const NOTIFICATION_FROM: &str = "notification n JOIN space_event e ON e.id = n.event_id \
     JOIN space s ON s.id = e.space_id \
     JOIN membership ms ON ms.space_id = e.space_id AND ms.person_id = n.person_id \
     LEFT JOIN person p ON p.id = e.actor_id";

fn event_from_row(row: &AnyRow) -> Result<EventRecord> {
    let kind: String = row.try_get("kind")?;
    Ok(EventRecord {
        id: row.try_get("event_id")?,
        space_id: row.try_get("space_id")?,
        space_slug: row.try_get("space_slug")?,
        space_name: row.try_get("space_name")?,
        territory_id: row.try_get("territory_id")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        kind: EventKind::from_code(&kind).ok_or(StoreError::Corrupt {
            column: "space_event.kind",
            value: kind,
        })?,
        object_kind: row.try_get("object_kind")?,
        object_id: row.try_get("object_id")?,
        title: row.try_get("title")?,
        path: row.try_get("path")?,
        created_at: row.try_get("created_at")?,
    })
}

fn delivery_from(code: String) -> Result<Delivery> {
    Delivery::from_code(&code).ok_or(StoreError::Corrupt {
        column: "delivery",
        value: code,
    })
}

fn notification_from_row(row: &AnyRow) -> Result<NotificationRecord> {
    let read_at: Option<String> = row.try_get("read_at")?;
    let emailed_at: Option<String> = row.try_get("emailed_at")?;
    let mention: i64 = row.try_get("mention")?;
    Ok(NotificationRecord {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        mention: mention != 0,
        delivery: delivery_from(row.try_get("delivery")?)?,
        read: read_at.is_some(),
        emailed: emailed_at.is_some(),
        event: event_from_row(row)?,
    })
}

const NOTIFICATION_COLUMNS: &str = "n.id AS id, n.person_id AS person_id, n.mention AS mention, \
     n.delivery AS delivery, n.read_at AS read_at, n.emailed_at AS emailed_at";

impl Store {
    /// Records an event of a space and fans out its notifications, in one
    /// transaction; returns the event's id. See the module's documentation.
    pub async fn record_event(&self, input: &EventInput) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO space_event (space_id, actor_id, kind, object_kind, object_id, title, \
             path, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(input.space_id)
        .bind(input.actor_id)
        .bind(input.kind.code())
        .bind(input.object_kind)
        .bind(input.object_id)
        .bind(input.title.trim())
        .bind(&input.path)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        let event_id: i64 = row.try_get("id")?;

        // Members of the space with their chosen delivery, if any.
        let rows = sqlx::query(
            "SELECT m.person_id AS person_id, np.delivery AS delivery FROM membership m \
             LEFT JOIN notification_preference np \
               ON np.person_id = m.person_id AND np.space_id = m.space_id \
             WHERE m.space_id = $1",
        )
        .bind(input.space_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut immediate = false;
        for row in &rows {
            let person_id: i64 = row.try_get("person_id")?;
            if Some(person_id) == input.actor_id {
                continue;
            }
            let mention = input.mentions.contains(&person_id);
            let audience = match &input.only_to {
                Some(only) => only.contains(&person_id),
                None => input.kind.notifies_members(),
            };
            if !mention && !audience {
                continue;
            }
            let chosen: Option<String> = row.try_get("delivery")?;
            let delivery = match chosen {
                Some(code) => delivery_from(code)?,
                None => Delivery::default_for(mention),
            };
            // Emailed already: in the app only, never a second email.
            let emailed = input.already_emailed.contains(&person_id);
            immediate |= delivery == Delivery::Immediate && !emailed;
            let sql = if emailed {
                "INSERT INTO notification (person_id, event_id, mention, delivery, created_at, \
                 emailed_at) VALUES ($1, $2, $3, $4, $5, $5)"
            } else {
                "INSERT INTO notification (person_id, event_id, mention, delivery, created_at) \
                 VALUES ($1, $2, $3, $4, $5)"
            };
            sqlx::query(sql)
                .bind(person_id)
                .bind(event_id)
                .bind(i64::from(mention))
                .bind(delivery.code())
                .bind(&stamp)
                .execute(&mut *tx)
                .await?;
        }
        if immediate {
            enqueue_on(&mut tx, NOTIFY_EVENT, &event_id.to_string()).await?;
        }
        tx.commit().await?;
        Ok(event_id)
    }

    /// A space's stream, newest first: `limit` events before the event
    /// `before` (all when `None`). Only kinds in `kinds` when given.
    pub async fn space_events(
        &self,
        space_id: i64,
        before: Option<i64>,
        limit: i64,
        kinds: Option<&[EventKind]>,
    ) -> Result<Vec<EventRecord>> {
        let kind_filter = match kinds {
            Some(kinds) => format!(
                " AND e.kind IN ({})",
                kinds
                    .iter()
                    .map(|k| format!("'{}'", k.code()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => String::new(),
        };
        sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE e.space_id = $1 AND e.id < $2\
             {kind_filter} ORDER BY e.id DESC LIMIT $3"
        ))
        .bind(space_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(event_from_row)
        .collect()
    }

    pub async fn event(&self, id: i64) -> Result<Option<EventRecord>> {
        sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE e.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(event_from_row)
        .transpose()
    }

    /// A person's notifications, newest first, `limit` before `before`.
    pub async fn notifications(
        &self,
        person_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<NotificationRecord>> {
        sqlx::query(&format!(
            "SELECT {NOTIFICATION_COLUMNS}, {EVENT_COLUMNS} FROM {NOTIFICATION_FROM} \
             WHERE n.person_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3"
        ))
        .bind(person_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(notification_from_row)
        .collect()
    }

    /// How many notifications a person has not read.
    pub async fn unread_notification_count(&self, person_id: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM notification n JOIN space_event e ON e.id = n.event_id \
             JOIN membership ms ON ms.space_id = e.space_id AND ms.person_id = n.person_id \
             WHERE n.person_id = $1 AND n.read_at IS NULL",
        )
        .bind(person_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Marks one notification of a person read (`Some(id)`), or all of them.
    pub async fn mark_notifications_read(&self, person_id: i64, id: Option<i64>) -> Result<u64> {
        let done =
            match id {
                Some(id) => {
                    sqlx::query(
                        "UPDATE notification SET read_at = $1 \
                     WHERE person_id = $2 AND id = $3 AND read_at IS NULL",
                    )
                    .bind(now())
                    .bind(person_id)
                    .bind(id)
                    .execute(&self.pool)
                    .await?
                }
                None => sqlx::query(
                    "UPDATE notification SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL",
                )
                .bind(now())
                .bind(person_id)
                .execute(&self.pool)
                .await?,
            };
        Ok(done.rows_affected())
    }

    /// Marks read a person's notifications about one object (the thread
    /// they are reading, say).
    pub async fn mark_object_notifications_read(
        &self,
        person_id: i64,
        object_kind: &str,
        object_id: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE notification SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL \
             AND event_id IN (SELECT id FROM space_event WHERE object_kind = $3 AND object_id = $4)",
        )
        .bind(now())
        .bind(person_id)
        .bind(object_kind)
        .bind(object_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A person's chosen delivery for a space (`None`: the defaults).
    pub async fn notification_preference(
        &self,
        person_id: i64,
        space_id: i64,
    ) -> Result<Option<Delivery>> {
        let row = sqlx::query(
            "SELECT delivery FROM notification_preference WHERE person_id = $1 AND space_id = $2",
        )
        .bind(person_id)
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| delivery_from(r.try_get("delivery")?))
            .transpose()
    }

    /// Chooses a delivery for a space; `None` returns to the defaults.
    pub async fn set_notification_preference(
        &self,
        person_id: i64,
        space_id: i64,
        delivery: Option<Delivery>,
    ) -> Result<()> {
        match delivery {
            Some(delivery) => {
                sqlx::query(
                    "INSERT INTO notification_preference (person_id, space_id, delivery, \
                     updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, space_id) \
                     DO UPDATE SET delivery = excluded.delivery, updated_at = excluded.updated_at",
                )
                .bind(person_id)
                .bind(space_id)
                .bind(delivery.code())
                .bind(now())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM notification_preference WHERE person_id = $1 AND space_id = $2",
                )
                .bind(person_id)
                .bind(space_id)
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }

    /// The immediate notifications of an event whose email is not queued yet.
    pub async fn pending_immediate_notifications(
        &self,
        event_id: i64,
    ) -> Result<Vec<NotificationRecord>> {
        sqlx::query(&format!(
            "SELECT {NOTIFICATION_COLUMNS}, {EVENT_COLUMNS} FROM {NOTIFICATION_FROM} \
             WHERE n.event_id = $1 AND n.delivery = 'immediate' AND n.emailed_at IS NULL \
             ORDER BY n.id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(notification_from_row)
        .collect()
    }

    /// Queues the email of one notification, once: `false` when it was
    /// already queued (a job that runs again sends nothing twice).
    pub async fn queue_notification_email(
        &self,
        notification_id: i64,
        email: &NewEmail<'_>,
        domain: &str,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "UPDATE notification SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
        )
        .bind(now())
        .bind(notification_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            return Ok(false);
        }
        insert_email_on(&mut tx, email, domain).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The people with daily notifications not emailed yet, made before `until`.
    pub async fn people_with_pending_digest(&self, until: &str) -> Result<Vec<i64>> {
        let rows = sqlx::query(&format!(
            "SELECT DISTINCT n.person_id AS person_id FROM {NOTIFICATION_FROM} \
             WHERE n.delivery = 'daily' AND n.emailed_at IS NULL AND n.created_at < $1 \
             ORDER BY n.person_id"
        ))
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("person_id")?)).collect()
    }

    /// A person's daily notifications not emailed yet, made before `until`, oldest first.
    pub async fn pending_digest(
        &self,
        person_id: i64,
        until: &str,
    ) -> Result<Vec<NotificationRecord>> {
        sqlx::query(&format!(
            "SELECT {NOTIFICATION_COLUMNS}, {EVENT_COLUMNS} FROM {NOTIFICATION_FROM} \
             WHERE n.person_id = $1 AND n.delivery = 'daily' AND n.emailed_at IS NULL \
             AND n.created_at < $2 ORDER BY n.id"
        ))
        .bind(person_id)
        .bind(until)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(notification_from_row)
        .collect()
    }

    /// Queues a person's digest of `day` listing `notifications`, once:
    /// `false` when that day's digest was already queued.
    pub async fn queue_digest(
        &self,
        person_id: i64,
        day: &str,
        notifications: &[i64],
        email: &NewEmail<'_>,
        domain: &str,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let stamp = now();
        let first = sqlx::query(
            "INSERT INTO notification_digest (person_id, day, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id, day) DO NOTHING",
        )
        .bind(person_id)
        .bind(day)
        .bind(&stamp)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if first == 0 {
            return Ok(false);
        }
        let outbox_id = insert_email_on(&mut tx, email, domain).await?;
        sqlx::query(
            "UPDATE notification_digest SET outbox_id = $1 WHERE person_id = $2 AND day = $3",
        )
        .bind(outbox_id)
        .bind(person_id)
        .bind(day)
        .execute(&mut *tx)
        .await?;
        for id in notifications {
            sqlx::query("UPDATE notification SET emailed_at = $1 WHERE id = $2 AND person_id = $3")
                .bind(&stamp)
                .bind(id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Queues the digest job of `day` unless one exists; `true` when queued now.
    pub async fn schedule_digest(&self, day: &str) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query("SELECT id FROM job WHERE kind = $1 AND payload = $2")
            .bind(DAILY_DIGEST)
            .bind(day)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if exists {
            return Ok(false);
        }
        enqueue_on(&mut tx, DAILY_DIGEST, day).await?;
        tx.commit().await?;
        Ok(true)
    }
}

impl Store {
    /// Records "article published" for an article that is live now, once per
    /// article (an edit of a live article records nothing); returns whether
    /// it recorded. A scheduled article records nothing yet.
    // TODO: an article published at a set time gets its event only when
    // someone saves it once it is live; a job at its time would be exact.
    pub async fn record_article_published(
        &self,
        article_id: i64,
        actor_id: Option<i64>,
    ) -> Result<bool> {
        let Some(article) = self.article(article_id).await? else {
            return Ok(false);
        };
        if !article.is_live(chrono::Utc::now()) {
            return Ok(false);
        }
        let seen = sqlx::query(
            "SELECT id FROM space_event WHERE object_kind = 'article' AND object_id = $1 \
             AND kind = $2",
        )
        .bind(article_id)
        .bind(EventKind::ArticlePublished.code())
        .fetch_optional(&self.pool)
        .await?
        .is_some();
        if seen {
            return Ok(false);
        }
        let path = format!("/espaces/{}/actualites/{}", article.space_slug, article.id);
        self.record_event(&EventInput::new(
            article.space_id,
            actor_id,
            EventKind::ArticlePublished,
            "article",
            Some(article.id),
            &article.title,
            &path,
        ))
        .await?;
        Ok(true)
    }
}
