//! The audit log: an append-only record of membership, permission, mandate,
//! deletion and syndication approval events, for administrators.
//!
//! Write a row with [`Store::audit`], or with [`record`] inside the
//! transaction of the change it records, so that the change and its trace
//! are committed together. Nothing in comcom updates or deletes a row.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::Result;
use crate::db::Store;
use crate::time::now;

/// The kinds of event comcom records. Other capabilities may add their own
/// (`document.deleted`…); give each a message `audit-kind-…` (dots become
/// dashes) in the Fluent files, or the log shows the code itself.
pub mod kind {
    pub const INVITED: &str = "membership.invited";
    pub const INVITATION_CANCELLED: &str = "membership.invitation_cancelled";
    pub const JOINED: &str = "membership.joined";
    pub const DECLINED: &str = "membership.declined";
    pub const ADDED: &str = "membership.added";
    pub const LEFT: &str = "membership.left";
    pub const ROLE_CHANGED: &str = "membership.role_changed";
    pub const REMOVED: &str = "membership.removed";
    pub const ADMIN_GRANTED: &str = "permission.admin_granted";
    pub const ADMIN_REVOKED: &str = "permission.admin_revoked";
    pub const AGENT_DESIGNATED: &str = "permission.agent_designated";
    pub const AGENT_UNDESIGNATED: &str = "permission.agent_undesignated";
    pub const PERSON_ADDED: &str = "person.added";
    pub const MANDATE_ADDED: &str = "mandate.added";
    pub const MANDATE_ENDED: &str = "mandate.ended";
    pub const DATA_EXPORTED: &str = "privacy.exported";
    pub const DELETION_REQUESTED: &str = "privacy.deletion_requested";
    pub const DELETION_CANCELLED: &str = "privacy.deletion_cancelled";
    pub const PERSON_DELETED: &str = "privacy.person_deleted";
    /// A commune's item accepted for the interco's site (inbound syndication).
    pub const INBOUND_ACCEPTED: &str = "syndication.inbound_accepted";
    pub const INBOUND_REFUSED: &str = "syndication.inbound_refused";
    /// An interco item accepted for a commune's zone (outbound syndication).
    pub const OUTBOUND_ACCEPTED: &str = "syndication.outbound_accepted";
    pub const OUTBOUND_REFUSED: &str = "syndication.outbound_refused";

    /// Every kind above, for the log's filter.
    pub const ALL: [&str; 23] = [
        INVITED,
        INVITATION_CANCELLED,
        JOINED,
        DECLINED,
        ADDED,
        LEFT,
        ROLE_CHANGED,
        REMOVED,
        ADMIN_GRANTED,
        ADMIN_REVOKED,
        AGENT_DESIGNATED,
        AGENT_UNDESIGNATED,
        PERSON_ADDED,
        MANDATE_ADDED,
        MANDATE_ENDED,
        DATA_EXPORTED,
        DELETION_REQUESTED,
        DELETION_CANCELLED,
        PERSON_DELETED,
        INBOUND_ACCEPTED,
        INBOUND_REFUSED,
        OUTBOUND_ACCEPTED,
        OUTBOUND_REFUSED,
    ];
}

/// Who acts, for the rows a change writes: the person and the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub person_id: Option<i64>,
    pub request_id: Option<String>,
}

/// One event to record. Leave unknown fields `None`.
#[derive(Debug, Clone, Default)]
pub struct AuditInput<'a> {
    /// One of [`kind`], or a code of your own (`area.verb_past`).
    pub kind: &'a str,
    pub territory_id: Option<i64>,
    /// Who did it (`None` for the system: an import, a job).
    pub actor_id: Option<i64>,
    /// Whom it is about.
    pub target_person_id: Option<i64>,
    pub space_id: Option<i64>,
    pub commune_id: Option<i64>,
    /// A short text: the role given, the mandate ended, a document's name.
    /// Never a secret, and no more personal data than the event needs.
    pub detail: &'a str,
    /// The web request's id (`X-Request-Id`), to find its log lines.
    pub request_id: Option<&'a str>,
}

impl<'a> AuditInput<'a> {
    /// An event of `kind` done by `actor`.
    pub fn new(kind: &'a str, actor: &'a Actor) -> AuditInput<'a> {
        AuditInput {
            kind,
            actor_id: actor.person_id,
            request_id: actor.request_id.as_deref(),
            ..AuditInput::default()
        }
    }
}

/// A row of the log, with the names the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    pub territory_id: Option<i64>,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub target_person_id: Option<i64>,
    pub target_name: Option<String>,
    pub space_id: Option<i64>,
    pub space_name: Option<String>,
    pub commune_id: Option<i64>,
    pub commune_name: Option<String>,
    pub detail: String,
    pub request_id: Option<String>,
}

/// Which rows to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Rows of this territory (and the instance-wide rows) only; `None`: all.
    pub territory_id: Option<i64>,
    /// A kind, or a prefix ending in `.` (`membership.`).
    pub kind: Option<String>,
    /// As actor or as target.
    pub person_id: Option<i64>,
    pub space_id: Option<i64>,
    pub commune_id: Option<i64>,
    /// Day bounds, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Rows older than this id (the next page).
    pub before_id: Option<i64>,
}

/// Writes `input` on `conn` — inside the caller's transaction.
pub async fn record(conn: &mut AnyConnection, input: &AuditInput<'_>) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO audit_event (at, territory_id, kind, actor_id, target_person_id, space_id, \
         commune_id, detail, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(now())
    .bind(input.territory_id)
    .bind(input.kind)
    .bind(input.actor_id)
    .bind(input.target_person_id)
    .bind(input.space_id)
    .bind(input.commune_id)
    .bind(input.detail)
    .bind(input.request_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

fn audit_from_row(row: &AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        territory_id: row.try_get("territory_id")?,
        kind: row.try_get("kind")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        target_person_id: row.try_get("target_person_id")?,
        target_name: row.try_get("target_name")?,
        space_id: row.try_get("space_id")?,
        space_name: row.try_get("space_name")?,
        commune_id: row.try_get("commune_id")?,
        commune_name: row.try_get("commune_name")?,
        detail: row.try_get("detail")?,
        request_id: row.try_get("request_id")?,
    })
}

impl Store {
    /// Records one event in its own statement. Inside a transaction, call
    /// [`record`] with the transaction instead.
    pub async fn audit(&self, input: &AuditInput<'_>) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        record(&mut conn, input).await
    }

    /// A page of the log, newest first, at most `limit` rows.
    pub async fn audit_events(&self, filter: &AuditFilter, limit: i64) -> Result<Vec<AuditRecord>> {
        let mut sql = String::from(
            "SELECT e.id, e.at, e.territory_id, e.kind, e.actor_id, a.display_name AS actor_name, \
             e.target_person_id, t.display_name AS target_name, e.space_id, s.name AS space_name, \
             e.commune_id, c.name AS commune_name, e.detail, e.request_id \
             FROM audit_event e LEFT JOIN person a ON a.id = e.actor_id \
             LEFT JOIN person t ON t.id = e.target_person_id \
             LEFT JOIN space s ON s.id = e.space_id \
             LEFT JOIN commune c ON c.id = e.commune_id WHERE 1 = 1",
        );
        let mut texts: Vec<String> = Vec::new();
        let mut ints: Vec<i64> = Vec::new();
        // Placeholders are numbered in the order they are bound: integers first, then texts.
        let mut n = 0;
        let mut int_clause = |sql: &mut String, clause: &str, value: i64, ints: &mut Vec<i64>| {
            n += 1;
            sql.push_str(&clause.replace('?', &format!("${n}")));
            ints.push(value);
        };
        if let Some(t) = filter.territory_id {
            int_clause(
                &mut sql,
                " AND (e.territory_id = ? OR e.territory_id IS NULL)",
                t,
                &mut ints,
            );
        }
        if let Some(p) = filter.person_id {
            int_clause(
                &mut sql,
                " AND (e.actor_id = ? OR e.target_person_id = ?)",
                p,
                &mut ints,
            );
        }
        if let Some(s) = filter.space_id {
            int_clause(&mut sql, " AND e.space_id = ?", s, &mut ints);
        }
        if let Some(c) = filter.commune_id {
            int_clause(&mut sql, " AND e.commune_id = ?", c, &mut ints);
        }
        if let Some(b) = filter.before_id {
            int_clause(&mut sql, " AND e.id < ?", b, &mut ints);
        }
        let mut n = ints.len();
        let mut text_clause = |sql: &mut String, clause: &str, value: String| {
            n += 1;
            sql.push_str(&clause.replace('?', &format!("${n}")));
            texts.push(value);
        };
        if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
            if let Some(prefix) = kind.strip_suffix('.') {
                text_clause(&mut sql, " AND e.kind LIKE ?", format!("{prefix}.%"));
            } else {
                text_clause(&mut sql, " AND e.kind = ?", kind.to_owned());
            }
        }
        if let Some(from) = &filter.from {
            text_clause(&mut sql, " AND e.at >= ?", from.clone());
        }
        if let Some(to) = &filter.to {
            // The whole last day: every stamp of that day sorts before "YYYY-MM-DDU".
            text_clause(&mut sql, " AND e.at < ?", format!("{to}U"));
        }
        sql.push_str(&format!(
            " ORDER BY e.id DESC LIMIT {}",
            limit.clamp(1, 500)
        ));
        let mut query = sqlx::query(&sql);
        for i in &ints {
            query = query.bind(*i);
        }
        for t in &texts {
            query = query.bind(t.clone());
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(audit_from_row)
            .collect()
    }
}
