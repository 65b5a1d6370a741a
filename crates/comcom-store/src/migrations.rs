//! Schema migrations, applied in order at start; each runs once, in a transaction.

use sqlx::Row;

use crate::db::{Backend, Store};
use crate::{Result, StoreError};

/// Every migration, in order; the SQL uses `{{ID}}` for an auto-increment key.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "territory",
        include_str!("../migrations/0001_territory.sql"),
    ),
    (
        2,
        "people_spaces",
        include_str!("../migrations/0002_people_spaces.sql"),
    ),
    (
        3,
        "articles",
        include_str!("../migrations/0003_articles.sql"),
    ),
    (
        4,
        "api_tokens",
        include_str!("../migrations/0004_api_tokens.sql"),
    ),
    (
        5,
        "list_indexes",
        include_str!("../migrations/0005_list_indexes.sql"),
    ),
    (
        6,
        "syndication_charter",
        include_str!("../migrations/0006_syndication_charter.sql"),
    ),
    (7, "letters", include_str!("../migrations/0007_letters.sql")),
    (
        8,
        "feed_sources",
        include_str!("../migrations/0008_feed_sources.sql"),
    ),
    (9, "zones", include_str!("../migrations/0009_zones.sql")),
    (
        10,
        "documents",
        include_str!("../migrations/0010_documents.sql"),
    ),
    (
        11,
        "discussions_events",
        include_str!("../migrations/0011_discussions_events.sql"),
    ),
    (
        12,
        "meetings",
        include_str!("../migrations/0012_meetings.sql"),
    ),
    (13, "search", include_str!("../migrations/0013_search.sql")),
    (
        14,
        "members_audit",
        include_str!("../migrations/0014_members_audit.sql"),
    ),
    (
        15,
        "search_by_territory",
        include_str!("../migrations/0015_search_by_territory.sql"),
    ),
    (
        16,
        "meeting_documents",
        include_str!("../migrations/0016_meeting_documents.sql"),
    ),
    (
        17,
        "territory_logo",
        include_str!("../migrations/0017_territory_logo.sql"),
    ),
    (
        18,
        "public_events_attachments",
        include_str!("../migrations/0018_public_events_attachments.sql"),
    ),
];

/// A fixed key for PostgreSQL's advisory lock, so that two nodes starting at
/// once do not both migrate.
const MIGRATION_LOCK: i64 = 0x636f_6d63_6f6d;

impl Store {
    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *conn)
                .await?;
        }
        let outcome = self.apply_pending(&mut conn).await;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *conn)
                .await?;
        }
        outcome
    }

    async fn apply_pending(&self, conn: &mut sqlx::AnyConnection) -> Result<()> {
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migration (\
               version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&mut *conn)
        .await?;
        let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migration")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?;

        for (version, name, sql) in MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            tracing::info!(version, name, "applying database migration");
            let failed = |source| StoreError::Migration {
                version: *version,
                source,
            };
            let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(failed)?;
            sqlx::raw_sql(&self.dialect(sql))
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
            sqlx::query(
                "INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(*version)
            .bind(*name)
            .bind(chrono::Utc::now().to_rfc3339())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            tx.commit().await.map_err(failed)?;
        }
        Ok(())
    }
}
