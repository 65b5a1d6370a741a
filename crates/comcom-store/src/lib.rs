//! comcom's persistence: one schema and one set of queries for SQLite (the
//! embedded default) and PostgreSQL (for larger hosts), over sqlx's `Any`
//! driver so that every query is written once.

pub mod accounts;
pub mod articles;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod commune_people;
mod db;
pub mod discussions;
pub mod documents;
pub mod events;
pub mod feed_sources;
pub mod jobs;
pub mod letters;
pub mod mandates;
pub mod meeting_documents;
pub mod meetings;
pub mod members;
mod migrations;
pub mod outbox;
pub mod people;
pub mod privacy;
pub mod search;
pub mod secrets;
pub mod seed;
pub mod spaces;
pub mod syndication;
pub mod territories;
pub mod time;
pub mod tokens;
pub mod zones;

pub use db::{Backend, Store};
pub use territories::{CommuneRecord, TerritoryRecord};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration {version} failed: {source}")]
    Migration { version: i64, source: sqlx::Error },
    #[error("unexpected value in column {column}: {value}")]
    Corrupt { column: &'static str, value: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
