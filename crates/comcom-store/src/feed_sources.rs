//! Inbound syndication: the feeds of the communes' sites (sources), their
//! health, the poll jobs that read them, and the items read from them with
//! their approval state.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::db::Store;
use crate::time::{now, parse, stamp};

/// The job kind that polls one source; its payload is the source id.
pub const POLL_FEED: &str = "poll_feed";

/// A registered feed and its health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSource {
    pub id: i64,
    pub commune_id: i64,
    pub commune_name: String,
    pub commune_insee: String,
    pub territory_id: i64,
    pub url: String,
    pub title: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next_poll_at: DateTime<Utc>,
    pub last_poll_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// A Fluent message id and its detail.
    pub last_error: Option<(String, String)>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub failures: i64,
    pub poll_job_id: Option<i64>,
}

const SOURCE_COLUMNS: &str = "s.id, s.commune_id, c.name AS commune_name, c.insee_code, c.territory_id, \
     s.url, s.title, s.etag, s.last_modified, s.next_poll_at, s.last_poll_at, s.last_success_at, \
     s.last_error, s.last_error_detail, s.last_error_at, s.failures, s.poll_job_id";

fn optional_time(row: &AnyRow, column: &str) -> Result<Option<DateTime<Utc>>> {
    row.try_get::<Option<String>, _>(column)?
        .as_deref()
        .map(parse)
        .transpose()
}

fn source_from_row(row: &AnyRow) -> Result<FeedSource> {
    let error: Option<String> = row.try_get("last_error")?;
    let detail: Option<String> = row.try_get("last_error_detail")?;
    Ok(FeedSource {
        id: row.try_get("id")?,
        commune_id: row.try_get("commune_id")?,
        commune_name: row.try_get("commune_name")?,
        commune_insee: row.try_get("insee_code")?,
        territory_id: row.try_get("territory_id")?,
        url: row.try_get("url")?,
        title: row.try_get("title")?,
        etag: row.try_get("etag")?,
        last_modified: row.try_get("last_modified")?,
        next_poll_at: parse(&row.try_get::<String, _>("next_poll_at")?)?,
        last_poll_at: optional_time(row, "last_poll_at")?,
        last_success_at: optional_time(row, "last_success_at")?,
        last_error: error.map(|e| (e, detail.unwrap_or_default())),
        last_error_at: optional_time(row, "last_error_at")?,
        failures: row.try_get("failures")?,
        poll_job_id: row.try_get("poll_job_id")?,
    })
}

/// Whether an item is shown, waits, or was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    Pending,
    Accepted,
    Refused,
}

impl ItemStatus {
    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::Pending => "pending",
            ItemStatus::Accepted => "accepted",
            ItemStatus::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemStatus> {
        match code {
            "pending" => Some(ItemStatus::Pending),
            "accepted" => Some(ItemStatus::Accepted),
            "refused" => Some(ItemStatus::Refused),
            _ => None,
        }
    }
}

/// An item read from a feed, to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedItem {
    pub key: String,
    pub title: String,
    pub link: Option<String>,
    /// Already sanitized.
    pub content_html: String,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A stored item, with its source's commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: i64,
    pub source_id: i64,
    pub source_url: String,
    pub source_title: String,
    pub commune_name: String,
    pub commune_insee: String,
    pub key: String,
    pub title: String,
    pub link: Option<String>,
    pub content_html: String,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub sort_at: DateTime<Utc>,
    pub status: ItemStatus,
}

const ITEM_COLUMNS: &str = "i.id, i.source_id, s.url AS source_url, s.title AS source_title, \
     c.name AS commune_name, c.insee_code, i.item_key, i.title, i.link, i.content_html, \
     i.published_at, i.updated_at, i.sort_at, i.status";

fn item_from_row(row: &AnyRow) -> Result<FeedItem> {
    let status: String = row.try_get("status")?;
    Ok(FeedItem {
        id: row.try_get("id")?,
        source_id: row.try_get("source_id")?,
        source_url: row.try_get("source_url")?,
        source_title: row.try_get("source_title")?,
        commune_name: row.try_get("commune_name")?,
        commune_insee: row.try_get("insee_code")?,
        key: row.try_get("item_key")?,
        title: row.try_get("title")?,
        link: row.try_get("link")?,
        content_html: row.try_get("content_html")?,
        published_at: optional_time(row, "published_at")?,
        updated_at: optional_time(row, "updated_at")?,
        sort_at: parse(&row.try_get::<String, _>("sort_at")?)?,
        status: ItemStatus::from_code(&status).ok_or(crate::StoreError::Corrupt {
            column: "status",
            value: status,
        })?,
    })
}

/// What one poll found, to record on the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollOutcome {
    /// A document was read (or the server said 304 when `items` is empty and
    /// `not_modified`); validators to send next time.
    Success {
        title: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// A Fluent message id and its detail.
    Failure { error: String, detail: String },
}

/// What storing items did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    pub new: usize,
    pub updated: usize,
}

async fn insert_poll_job(
    conn: &mut sqlx::AnyConnection,
    source_id: i64,
    run_at: DateTime<Utc>,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO job (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(POLL_FEED)
    .bind(source_id.to_string())
    .bind(stamp(run_at))
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    let job_id: i64 = row.try_get("id")?;
    sqlx::query("UPDATE feed_source SET poll_job_id = $1, next_poll_at = $2 WHERE id = $3")
        .bind(job_id)
        .bind(stamp(run_at))
        .bind(source_id)
        .execute(&mut *conn)
        .await?;
    Ok(job_id)
}

impl Store {
    /// Registers a feed for a commune and schedules its first poll now.
    /// `Ok(Err(id))` when the commune already has this feed.
    pub async fn add_feed_source(
        &self,
        commune_id: i64,
        url: &str,
        title: &str,
        by: Option<i64>,
    ) -> Result<std::result::Result<i64, i64>> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query("SELECT id FROM feed_source WHERE commune_id = $1 AND url = $2")
            .bind(commune_id)
            .bind(url)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = existing {
            return Ok(Err(row.try_get("id")?));
        }
        let stamp_now = now();
        let row = sqlx::query(
            "INSERT INTO feed_source (commune_id, url, title, created_at, created_by, next_poll_at) \
             VALUES ($1, $2, $3, $4, $5, $4) RETURNING id",
        )
        .bind(commune_id)
        .bind(url)
        .bind(title)
        .bind(&stamp_now)
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        insert_poll_job(&mut tx, id, Utc::now()).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// Every source of a territory, by commune then address.
    pub async fn feed_sources(&self, territory_id: Option<i64>) -> Result<Vec<FeedSource>> {
        let filter = if territory_id.is_some() {
            "WHERE c.territory_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM feed_source s JOIN commune c ON c.id = s.commune_id \
             {filter} ORDER BY c.name, s.url, s.id"
        );
        let mut query = sqlx::query(&sql);
        if let Some(territory_id) = territory_id {
            query = query.bind(territory_id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(source_from_row).collect()
    }

    pub async fn feed_source(&self, id: i64) -> Result<Option<FeedSource>> {
        sqlx::query(&format!(
            "SELECT {SOURCE_COLUMNS} FROM feed_source s JOIN commune c ON c.id = s.commune_id WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(source_from_row)
        .transpose()
    }

    /// The feed a source's home page announced replaces the page's address
    /// (unless the commune already has that feed).
    pub async fn set_feed_source_url(&self, id: i64, url: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE feed_source SET url = $1 WHERE id = $2 AND NOT EXISTS \
             (SELECT 1 FROM feed_source o WHERE o.url = $1 AND o.commune_id = \
              (SELECT commune_id FROM feed_source WHERE id = $2))",
        )
        .bind(url)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Removes a source and its items; its pending poll job finds nothing to do.
    pub async fn remove_feed_source(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM feed_item WHERE source_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM feed_source WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Asks every source of the territory (all when `None`) to be polled now.
    pub async fn poll_feeds_now(&self, territory_id: Option<i64>) -> Result<usize> {
        let sources = self.feed_sources(territory_id).await?;
        let mut tx = self.begin_write().await?;
        for source in &sources {
            if let Some(job) = source.poll_job_id {
                sqlx::query("UPDATE job SET done_at = $1 WHERE id = $2 AND done_at IS NULL AND locked_until IS NULL")
                    .bind(now())
                    .bind(job)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_poll_job(&mut tx, source.id, Utc::now()).await?;
        }
        tx.commit().await?;
        Ok(sources.len())
    }

    /// Stores the items of one poll: new ones with `status`, known ones
    /// updated when their content changed (their status is kept). Items
    /// dated before `oldest` are not stored.
    pub async fn store_feed_items(
        &self,
        source_id: i64,
        items: &[NewFeedItem],
        status: ItemStatus,
        oldest: DateTime<Utc>,
    ) -> Result<Stored> {
        let mut stored = Stored::default();
        let mut tx = self.begin_write().await?;
        let seen = Utc::now();
        for item in items {
            let sort_at = item
                .published_at
                .or(item.updated_at)
                .unwrap_or(seen)
                .min(seen);
            if sort_at < oldest {
                continue;
            }
            let existing = sqlx::query(
                "SELECT id, title, link, content_html, updated_at FROM feed_item \
                 WHERE source_id = $1 AND item_key = $2",
            )
            .bind(source_id)
            .bind(&item.key)
            .fetch_optional(&mut *tx)
            .await?;
            let updated_at = item.updated_at.map(stamp);
            match existing {
                Some(row) => {
                    let same = row.try_get::<String, _>("title")? == item.title
                        && row.try_get::<Option<String>, _>("link")? == item.link
                        && row.try_get::<String, _>("content_html")? == item.content_html
                        && row.try_get::<Option<String>, _>("updated_at")? == updated_at;
                    if !same {
                        sqlx::query(
                            "UPDATE feed_item SET title = $1, link = $2, content_html = $3, updated_at = $4 \
                             WHERE id = $5",
                        )
                        .bind(&item.title)
                        .bind(&item.link)
                        .bind(&item.content_html)
                        .bind(&updated_at)
                        .bind(row.try_get::<i64, _>("id")?)
                        .execute(&mut *tx)
                        .await?;
                        stored.updated += 1;
                    }
                }
                None => {
                    sqlx::query(
                        "INSERT INTO feed_item (source_id, item_key, title, link, content_html, \
                         published_at, updated_at, first_seen_at, sort_at, status) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                         ON CONFLICT (source_id, item_key) DO NOTHING",
                    )
                    .bind(source_id)
                    .bind(&item.key)
                    .bind(&item.title)
                    .bind(&item.link)
                    .bind(&item.content_html)
                    .bind(item.published_at.map(stamp))
                    .bind(&updated_at)
                    .bind(stamp(seen))
                    .bind(stamp(sort_at))
                    .bind(status.code())
                    .execute(&mut *tx)
                    .await?;
                    stored.new += 1;
                }
            }
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// Records a poll's outcome and schedules the next poll at `next`, in
    /// one transaction; `Ok(false)` when `job_id` is no longer the source's
    /// poll job (a stale job, or a removed source): nothing is changed.
    pub async fn record_feed_poll(
        &self,
        source_id: i64,
        job_id: i64,
        outcome: &PollOutcome,
        next: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let current = sqlx::query("SELECT poll_job_id FROM feed_source WHERE id = $1")
            .bind(source_id)
            .fetch_optional(&mut *tx)
            .await?;
        let current: Option<i64> = match current {
            Some(row) => row.try_get("poll_job_id")?,
            None => return Ok(false),
        };
        if current != Some(job_id) {
            return Ok(false);
        }
        let stamp_now = now();
        match outcome {
            PollOutcome::Success {
                title,
                etag,
                last_modified,
            } => {
                sqlx::query(
                    "UPDATE feed_source SET title = COALESCE($1, title), etag = $2, last_modified = $3, \
                     last_poll_at = $4, last_success_at = $4, last_error = NULL, last_error_detail = NULL, \
                     failures = 0 WHERE id = $5",
                )
                .bind(title)
                .bind(etag)
                .bind(last_modified)
                .bind(&stamp_now)
                .bind(source_id)
                .execute(&mut *tx)
                .await?;
            }
            PollOutcome::Failure { error, detail } => {
                sqlx::query(
                    "UPDATE feed_source SET last_poll_at = $1, last_error = $2, last_error_detail = $3, \
                     last_error_at = $1, failures = failures + 1 WHERE id = $4",
                )
                .bind(&stamp_now)
                .bind(error)
                .bind(detail)
                .bind(source_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        // The job that ran is done (its runner marks it too; either is enough).
        sqlx::query("UPDATE job SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
            .bind(&stamp_now)
            .bind(job_id)
            .execute(&mut *tx)
            .await?;
        insert_poll_job(&mut tx, source_id, next).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Accepted items of the territory's communes (of one commune when
    /// given), newest first, not older than `oldest`.
    pub async fn accepted_feed_items(
        &self,
        territory_id: i64,
        commune_id: Option<i64>,
        oldest: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<FeedItem>> {
        self.feed_items(
            territory_id,
            commune_id,
            ItemStatus::Accepted,
            Some(oldest),
            limit,
        )
        .await
    }

    /// Items waiting for an interco agent, oldest first.
    pub async fn pending_feed_items(&self, territory_id: i64, limit: i64) -> Result<Vec<FeedItem>> {
        self.feed_items(territory_id, None, ItemStatus::Pending, None, limit)
            .await
    }

    async fn feed_items(
        &self,
        territory_id: i64,
        commune_id: Option<i64>,
        status: ItemStatus,
        oldest: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<FeedItem>> {
        let order = if status == ItemStatus::Pending {
            "ASC"
        } else {
            "DESC"
        };
        // Unused filters compare a column with itself (no NULL parameter to type).
        let commune_filter = if commune_id.is_some() {
            "c.id = $3"
        } else {
            "c.id = c.id AND $3 = 0"
        };
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM feed_item i JOIN feed_source s ON s.id = i.source_id \
             JOIN commune c ON c.id = s.commune_id \
             WHERE c.territory_id = $1 AND i.status = $2 AND {commune_filter} AND i.sort_at >= $4 \
             ORDER BY i.sort_at {order}, i.id {order} LIMIT $5"
        );
        let rows = sqlx::query(&sql)
            .bind(territory_id)
            .bind(status.code())
            .bind(commune_id.unwrap_or(0))
            .bind(oldest.map(stamp).unwrap_or_default())
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(item_from_row).collect()
    }

    pub async fn feed_item(&self, id: i64) -> Result<Option<(FeedItem, i64)>> {
        let row = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS}, c.territory_id FROM feed_item i JOIN feed_source s ON s.id = i.source_id \
             JOIN commune c ON c.id = s.commune_id WHERE i.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some((item_from_row(&row)?, row.try_get("territory_id")?))),
            None => Ok(None),
        }
    }

    /// Accepts or refuses a pending item; `false` when it was not pending.
    /// The decision is recorded in the audit log in the same transaction.
    pub async fn decide_feed_item(
        &self,
        id: i64,
        status: ItemStatus,
        actor: &crate::audit::Actor,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE feed_item SET status = $1, decided_by = $2, decided_at = $3 \
             WHERE id = $4 AND status = 'pending'",
        )
        .bind(status.code())
        .bind(actor.person_id)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let row = sqlx::query(
            "SELECT c.territory_id, c.id AS commune_id, i.title FROM feed_item i \
             JOIN feed_source s ON s.id = i.source_id JOIN commune c ON c.id = s.commune_id \
             WHERE i.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let title: String = row.try_get("title")?;
        let detail: String = title.chars().take(200).collect();
        crate::audit::record(
            &mut tx,
            &crate::audit::AuditInput {
                territory_id: Some(row.try_get("territory_id")?),
                commune_id: Some(row.try_get("commune_id")?),
                detail: &detail,
                ..crate::audit::AuditInput::new(
                    if status == ItemStatus::Accepted {
                        crate::audit::kind::INBOUND_ACCEPTED
                    } else {
                        crate::audit::kind::INBOUND_REFUSED
                    },
                    actor,
                )
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The next poll after a success: the regular interval, or later when the
/// server's `max-age` asks for it (capped at a day).
pub fn next_after_success(interval: Duration, max_age: Option<Duration>) -> DateTime<Utc> {
    let wait = max_age
        .map_or(interval, |age| age.max(interval))
        .min(Duration::days(1));
    Utc::now() + wait
}

/// The next poll after the `failures`-th failure in a row: the interval
/// doubled at each failure up to a day, and never before `Retry-After`.
pub fn next_after_failure(
    interval: Duration,
    failures: i64,
    retry_after: Option<Duration>,
) -> DateTime<Utc> {
    let exponent = failures.clamp(1, 16) - 1;
    let backoff = (interval * (1i32 << exponent.min(12))).min(Duration::days(1));
    let wait = retry_after.map_or(backoff, |r| r.max(backoff).min(Duration::days(2)));
    Utc::now() + wait
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_and_honour_retry_after() {
        let interval = Duration::minutes(30);
        let around = |t: DateTime<Utc>, d: Duration| (t - Utc::now() - d).num_seconds().abs() <= 2;
        assert!(around(
            next_after_failure(interval, 1, None),
            Duration::minutes(30)
        ));
        assert!(around(
            next_after_failure(interval, 3, None),
            Duration::minutes(120)
        ));
        assert!(around(
            next_after_failure(interval, 40, None),
            Duration::days(1)
        ));
        assert!(around(
            next_after_failure(interval, 1, Some(Duration::hours(5))),
            Duration::hours(5)
        ));
        assert!(around(
            next_after_success(interval, Some(Duration::hours(2))),
            Duration::hours(2)
        ));
        assert!(around(
            next_after_success(interval, Some(Duration::seconds(5))),
            interval
        ));
    }
}
