//! Mandates given by hand: staff, conseil de développement members,
//! inhabitants, partners (elected officials come from the RNE import).

use chrono::NaiveDate;
use comcom_core::{Function, Role};
use sqlx::Row;

use crate::db::Store;
use crate::time::{date, now};
use crate::{Result, StoreError};

/// A mandate to record.
#[derive(Debug, Clone)]
pub struct NewMandate<'a> {
    pub person_id: i64,
    pub territory_id: i64,
    pub commune_id: Option<i64>,
    pub role: Role,
    pub function: Option<Function>,
    pub organisation: Option<&'a str>,
    pub start: NaiveDate,
}

impl Store {
    /// Records a mandate entered by an administrator.
    pub async fn add_mandate(&self, new: &NewMandate<'_>) -> Result<i64> {
        let stamp = now();
        let row = sqlx::query(
            "INSERT INTO mandate (person_id, territory_id, commune_id, role, function, organisation, \
             source, start_date, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'manual', $7, $8, $8) RETURNING id",
        )
        .bind(new.person_id)
        .bind(new.territory_id)
        .bind(new.commune_id)
        .bind(new.role.code())
        .bind(new.function.map(Function::code))
        .bind(new.organisation)
        .bind(date(new.start))
        .bind(&stamp)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Ends a person's mandate on `end` (history is kept); `false` when the
    /// mandate is not that person's, not in the territory, or already ended.
    pub async fn end_mandate(
        &self,
        person_id: i64,
        territory_id: i64,
        mandate_id: i64,
        end: NaiveDate,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mandate SET end_date = $1, updated_at = $2 \
             WHERE id = $3 AND person_id = $4 AND territory_id = $5 \
             AND (end_date IS NULL OR end_date > $1) AND start_date <= $1",
        )
        .bind(date(end))
        .bind(now())
        .bind(mandate_id)
        .bind(person_id)
        .bind(territory_id)
        .execute(&self.pool)
        .await?;
        match done.rows_affected() {
            0 => Ok(false),
            1 => Ok(true),
            n => Err(StoreError::Corrupt {
                column: "mandate.id",
                value: n.to_string(),
            }),
        }
    }
}
