//! The syndication charter of a territory: which way items flow between the
//! interco's site and the communes' sites, whether the receiving side
//! approves each item, how attribution is shown and how long items stay.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::time::{now, parse};
use crate::{Result, StoreError};

/// How items arriving on one side are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalMode {
    /// An agent of the receiving side accepts or refuses each item.
    Approve,
    /// Every item is shown as soon as it arrives.
    AcceptAll,
}

impl ApprovalMode {
    pub fn code(self) -> &'static str {
        match self {
            ApprovalMode::Approve => "approve",
            ApprovalMode::AcceptAll => "accept_all",
        }
    }

    pub fn from_code(code: &str) -> Option<ApprovalMode> {
        match code {
            "approve" => Some(ApprovalMode::Approve),
            "accept_all" => Some(ApprovalMode::AcceptAll),
            _ => None,
        }
    }
}

/// The default retention of a syndicated item, in days.
pub const DEFAULT_RETENTION_DAYS: i64 = 90;

/// A territory's charter; [`Charter::default_for`] when none was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charter {
    pub territory_id: i64,
    /// The agreed text, in Markdown (empty until an admin writes it).
    pub body: String,
    /// Commune items on the interco's site.
    pub inbound_approval: ApprovalMode,
    /// Interco items in a commune's zone.
    pub outbound_approval: ApprovalMode,
    /// The attribution line shown under a syndicated item (empty: the
    /// source's name and a link back, which are always shown).
    pub attribution: String,
    pub retention_days: i64,
    /// `None` for the defaults, never saved.
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<i64>,
}

impl Charter {
    /// What applies before an admin writes the charter: commune items wait
    /// for an interco agent's approval, interco items flow to every zone.
    pub fn default_for(territory_id: i64) -> Charter {
        Charter {
            territory_id,
            body: String::new(),
            inbound_approval: ApprovalMode::Approve,
            outbound_approval: ApprovalMode::AcceptAll,
            attribution: String::new(),
            retention_days: DEFAULT_RETENTION_DAYS,
            updated_at: None,
            updated_by: None,
        }
    }
}

const COLUMNS: &str = "territory_id, body, inbound_approval, outbound_approval, attribution, \
                       retention_days, updated_at, updated_by";

fn mode(row: &AnyRow, column: &'static str) -> Result<ApprovalMode> {
    let code: String = row.try_get(column)?;
    ApprovalMode::from_code(&code).ok_or(StoreError::Corrupt {
        column,
        value: code,
    })
}

fn from_row(row: &AnyRow) -> Result<Charter> {
    Ok(Charter {
        territory_id: row.try_get("territory_id")?,
        body: row.try_get("body")?,
        inbound_approval: mode(row, "inbound_approval")?,
        outbound_approval: mode(row, "outbound_approval")?,
        attribution: row.try_get("attribution")?,
        retention_days: row.try_get("retention_days")?,
        updated_at: Some(parse(&row.try_get::<String, _>("updated_at")?)?),
        updated_by: row.try_get("updated_by")?,
    })
}

impl Store {
    /// The territory's charter, or the defaults when none was saved.
    pub async fn syndication_charter(&self, territory_id: i64) -> Result<Charter> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM syndication_charter WHERE territory_id = $1"
        ))
        .bind(territory_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => from_row(&row),
            None => Ok(Charter::default_for(territory_id)),
        }
    }

    /// Saves the territory's charter (its `updated_at` is set here).
    pub async fn save_syndication_charter(
        &self,
        charter: &Charter,
        by: Option<i64>,
    ) -> Result<Charter> {
        self.save_charter_with_directions(charter, by, &[]).await
    }

    /// Saves the charter and the directions of its categories
    /// (`(category id, outbound, inbound)`) in one transaction: on any error
    /// neither the charter nor any direction changes.
    pub async fn save_charter_with_directions(
        &self,
        charter: &Charter,
        by: Option<i64>,
        directions: &[(i64, bool, bool)],
    ) -> Result<Charter> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO syndication_charter ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (territory_id) DO UPDATE SET body = excluded.body, \
             inbound_approval = excluded.inbound_approval, \
             outbound_approval = excluded.outbound_approval, \
             attribution = excluded.attribution, retention_days = excluded.retention_days, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by \
             RETURNING {COLUMNS}"
        ))
        .bind(charter.territory_id)
        .bind(&charter.body)
        .bind(charter.inbound_approval.code())
        .bind(charter.outbound_approval.code())
        .bind(charter.attribution.trim())
        .bind(charter.retention_days)
        .bind(now())
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        let saved = from_row(&row)?;
        for (category, outbound, inbound) in directions {
            crate::zones::set_directions_on(&mut tx, *category, *outbound, *inbound).await?;
        }
        tx.commit().await?;
        Ok(saved)
    }
}
