//! The job queue: background work stored in the database, claimed by one
//! worker at a time for a lease. A job whose worker died is claimed again
//! when its lease runs out, so every job must be idempotent.

use chrono::{Duration, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::db::{Backend, Store};
use crate::time::{now, stamp};

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// How many times it was claimed before, this time included.
    pub attempts: i64,
    pub max_attempts: i64,
}

fn job_from_row(row: &AnyRow) -> Result<Job> {
    Ok(Job {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
    })
}

/// A job's state, for administrators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobCounts {
    pub pending: i64,
    pub failed: i64,
}

impl Store {
    /// Adds a job to run now.
    pub async fn enqueue(&self, kind: &str, payload: &str) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        enqueue_on(&mut conn, kind, payload).await
    }

    /// Claims the next due job for `lease`; `None` when nothing is due.
    pub async fn claim_job(&self, worker: &str, lease: Duration) -> Result<Option<Job>> {
        let stamp_now = now();
        let until = stamp(Utc::now() + lease);
        // PostgreSQL: SKIP LOCKED lets several nodes claim different jobs at
        // once. SQLite has a single writer, so the UPDATE is already atomic.
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let row = sqlx::query(&format!(
            "UPDATE job SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM job WHERE done_at IS NULL AND failed_at IS NULL \
                         AND run_at <= $3 AND (locked_until IS NULL OR locked_until < $3) \
                         ORDER BY run_at, id LIMIT 1 {lock}) \
             RETURNING id, kind, payload, attempts, max_attempts"
        ))
        .bind(&until)
        .bind(worker)
        .bind(&stamp_now)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(job_from_row).transpose()
    }

    /// Renews the lease of a job `worker` still holds; `false` when it does
    /// not hold it any more (its lease ran out and another node took it).
    pub async fn extend_lease(&self, id: i64, worker: &str, lease: Duration) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE job SET locked_until = $1 WHERE id = $2 AND locked_by = $3 \
             AND done_at IS NULL AND failed_at IS NULL AND locked_until IS NOT NULL",
        )
        .bind(stamp(Utc::now() + lease))
        .bind(id)
        .bind(worker)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a job done.
    pub async fn complete_job(&self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE job SET done_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failure: the job runs again after `retry_in`, unless it was
    /// permanent or its attempts are spent, in which case it is failed for good.
    pub async fn fail_job(&self, job: &Job, error: &str, retry_in: Option<Duration>) -> Result<()> {
        let give_up = retry_in.is_none() || job.attempts >= job.max_attempts;
        if give_up {
            sqlx::query(
                "UPDATE job SET failed_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
            )
            .bind(now())
            .bind(error)
            .bind(job.id)
            .execute(&self.pool)
            .await?;
        } else {
            let run_at = stamp(Utc::now() + retry_in.unwrap_or_default());
            sqlx::query(
                "UPDATE job SET run_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
            )
            .bind(run_at)
            .bind(error)
            .bind(job.id)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Jobs waiting and jobs failed for good.
    pub async fn job_counts(&self) -> Result<JobCounts> {
        let row = sqlx::query(
            "SELECT \
               COALESCE(SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
               COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed \
             FROM job",
        )
        .fetch_one(&self.pool)
        .await?;
        // PostgreSQL's SUM of integers is NUMERIC; read both shapes.
        let read = |name: &str| -> Result<i64> {
            Ok(row
                .try_get::<i64, _>(name)
                .or_else(|_| row.try_get::<f64, _>(name).map(|f| f as i64))?)
        };
        Ok(JobCounts {
            pending: read("pending")?,
            failed: read("failed")?,
        })
    }
}

/// Adds a job inside an open transaction, so that it exists only if the
/// work that asked for it was committed.
pub(crate) async fn enqueue_on(
    conn: &mut sqlx::AnyConnection,
    kind: &str,
    payload: &str,
) -> Result<i64> {
    let stamp = now();
    let row = sqlx::query(
        "INSERT INTO job (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(kind)
    .bind(payload)
    .bind(&stamp)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}
