//! Copies of a SQLite database: a consistent snapshot taken while the server
//! runs, the checks a file must pass before it replaces the database, and the
//! exclusive hold that proves no server has the database open.
//!
//! PostgreSQL is backed up with its own tools (`pg_dump`, `pg_restore`); none
//! of this applies to it.

use std::path::Path;
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection, Row};

use crate::StoreError;
use crate::db::{Backend, Store};

/// Why a snapshot, a backup file or the current database cannot be used.
///
/// Apart from `StoreError` because the command tells each case apart in the
/// user's words.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("PostgreSQL databases are backed up with pg_dump")]
    Postgres,
    #[error("SQLite file names must be valid UTF-8")]
    NonUtf8Path,
    #[error("not an SQLite database")]
    NotSqlite,
    #[error("damaged SQLite database: {0}")]
    Damaged(String),
    #[error("no comcom schema (the table schema_migration is missing)")]
    NotComcom,
    #[error("schema version {found} is newer than the latest this build knows, {known}")]
    Newer { found: i64, known: i64 },
    #[error("the database is open in another process")]
    InUse,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(error: sqlx::Error) -> Self {
        // SQLite's own words for a file that is not, or no longer, a database.
        let text = error.to_string();
        if text.contains("file is not a database") {
            BackupError::NotSqlite
        } else if text.contains("malformed") || text.contains("corrupt") {
            BackupError::Damaged(text)
        } else {
            BackupError::Store(StoreError::Database(error))
        }
    }
}

/// What a database holds, as a person recognises an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contents {
    /// The highest migration applied to it.
    pub schema_version: i64,
    pub territories: i64,
    pub people: i64,
    pub spaces: i64,
}

impl Contents {
    /// An instance with neither territory nor person has nothing to lose.
    pub fn is_empty(&self) -> bool {
        self.territories == 0 && self.people == 0
    }
}

impl Store {
    /// Writes a consistent copy of the SQLite database to `path`, which must
    /// not exist yet. `VACUUM INTO` reads inside one transaction, so the
    /// copy is a snapshot even while the server writes (WAL lets it).
    pub async fn snapshot_into(&self, path: &Path) -> Result<(), BackupError> {
        if self.backend() != Backend::Sqlite {
            return Err(BackupError::Postgres);
        }
        let path = path.to_str().ok_or(BackupError::NonUtf8Path)?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await
            .map_err(|e| BackupError::Store(StoreError::Database(e)))?;
        Ok(())
    }
}

/// The latest schema version this build knows: the one a fresh database
/// reaches once migrated. Asked of a database in memory so that the list of
/// migrations stays in one place.
pub async fn latest_schema_version() -> Result<i64, StoreError> {
    // Named and shared: the pool opens each connection from the URL, and a
    // plain `:memory:` would give each one a database of its own.
    let url = format!(
        "sqlite:file:comcom-schema-{}?mode=memory&cache=shared",
        std::process::id()
    );
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let version = sqlx::query("SELECT MAX(version) FROM schema_migration")
        .fetch_one(&store.pool)
        .await?
        .try_get::<i64, _>(0)?;
    store.close().await;
    Ok(version)
}

/// Counts what the SQLite file at `path` holds; refuses a file without
/// comcom's schema. Only for files comcom owns (a backup it wrote, a copy it
/// made): the file may be written to while opened.
pub async fn inspect(path: &Path) -> Result<Contents, BackupError> {
    let mut conn = open(path).await?;
    let contents = contents(&mut conn).await;
    conn.close().await?;
    contents?.ok_or(BackupError::NotComcom)
}

/// Reads every page of the SQLite file at `path`; refuses a damaged one.
pub async fn verify(path: &Path) -> Result<(), BackupError> {
    let mut conn = open(path).await?;
    let verdict: String = sqlx::query("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await?
        .try_get(0)?;
    conn.close().await?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(BackupError::Damaged(verdict))
    }
}

/// Applies the pending migrations to the SQLite file at `path`, then leaves
/// it as one self-contained file (rollback journal, no `-wal` beside it),
/// fit to be renamed over a database.
pub async fn bring_up_to_date(path: &Path) -> Result<(), BackupError> {
    let store = Store::connect(&sqlite_url(path)?).await?;
    let migrated = store.migrate().await;
    store.close().await;
    drop(store);
    migrated?;

    // The pool may still be closing its last connection: wait for it.
    let mut conn = open(path).await?;
    let left = leave_wal(&mut conn, Duration::from_secs(10)).await;
    conn.close().await?;
    if left? {
        Ok(())
    } else {
        Err(BackupError::InUse)
    }
}

/// Switches the database to the rollback journal, folding the `-wal` file
/// into it; `false` when other connections still had it open after
/// `patience`. Leaving WAL mode needs every other connection gone, and
/// SQLite's busy timeout does not wait for that: this loop does.
async fn leave_wal(conn: &mut SqliteConnection, patience: Duration) -> Result<bool, BackupError> {
    let deadline = Instant::now() + patience;
    loop {
        match sqlx::query("PRAGMA journal_mode = DELETE")
            .fetch_one(&mut *conn)
            .await
        {
            Ok(row) if row.try_get::<String, _>(0)?.eq_ignore_ascii_case("delete") => {
                return Ok(true);
            }
            Ok(_) => {}
            Err(e) if is_busy(&e) => {}
            Err(e) => return Err(e.into()),
        }
        if Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An exclusive lock on a SQLite database, held until released: while it is
/// held, no other connection can read or write the database.
pub struct ExclusiveHold {
    conn: SqliteConnection,
}

/// Takes the database at `path` for this process alone, or says
/// [`BackupError::InUse`] when another connection has it open.
///
/// A server keeps its connections open in WAL mode, each holding a shared
/// lock, so leaving WAL mode (which needs every other connection gone) is the
/// test; the rollback journal it leaves also means no `-wal` file remains.
pub async fn hold_exclusively(path: &Path) -> Result<ExclusiveHold, BackupError> {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        // Short: `leave_wal` below does the waiting.
        .busy_timeout(Duration::from_millis(100))
        .locking_mode(SqliteLockingMode::Exclusive)
        .connect()
        .await
        .map_err(busy_means_in_use)?;

    // A command that just ran (`comcom user add`) may still be closing.
    if !leave_wal(&mut conn, Duration::from_secs(2)).await? {
        return Err(BackupError::InUse);
    }
    sqlx::raw_sql("BEGIN EXCLUSIVE")
        .execute(&mut conn)
        .await
        .map_err(busy_means_in_use)?;
    Ok(ExclusiveHold { conn })
}

impl ExclusiveHold {
    /// What the held database holds; empty when it has no schema yet.
    pub async fn contents(&mut self) -> Result<Contents, BackupError> {
        Ok(contents(&mut self.conn).await?.unwrap_or_default())
    }

    /// Ends the transaction and closes the connection; nothing was written.
    pub async fn release(mut self) {
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut self.conn).await;
        let _ = self.conn.close().await;
    }
}

fn busy_means_in_use(error: sqlx::Error) -> BackupError {
    if is_busy(&error) {
        BackupError::InUse
    } else {
        BackupError::from(error)
    }
}

/// SQLITE_BUSY or SQLITE_LOCKED: another connection holds a lock.
fn is_busy(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.message().contains("locked") || e.message().contains("busy"))
}

async fn open(path: &Path) -> Result<SqliteConnection, BackupError> {
    let conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await?;
    Ok(conn)
}

/// Counts territories, people and spaces; `None` when the file holds no
/// comcom schema. Tables a migration has not created yet count as empty.
async fn contents(conn: &mut SqliteConnection) -> Result<Option<Contents>, BackupError> {
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    if !tables.iter().any(|t| t == "schema_migration") {
        return Ok(None);
    }
    let territories = count_rows(conn, &tables, "territory").await?;
    let people = count_rows(conn, &tables, "person").await?;
    let spaces = count_rows(conn, &tables, "space").await?;
    let schema_version = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM schema_migration")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(Some(Contents {
        schema_version,
        territories,
        people,
        spaces,
    }))
}

/// The rows of `table`, or 0 when an older schema has no such table.
async fn count_rows(
    conn: &mut SqliteConnection,
    tables: &[String],
    table: &'static str,
) -> Result<i64, BackupError> {
    if !tables.iter().any(|t| t == table) {
        return Ok(0);
    }
    // `table` is a name written in this file, never input.
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(sqlx::query(&sql).fetch_one(conn).await?.try_get(0)?)
}

/// The `sqlite://` URL of `path`, escaped as sqlx decodes it.
fn sqlite_url(path: &Path) -> Result<String, BackupError> {
    let text = path.to_str().ok_or(BackupError::NonUtf8Path)?;
    let escaped = text
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    Ok(format!("sqlite://{escaped}"))
}
