//! Territories and communes as stored, and the queries that read and add them.

use comcom_core::{InseeCode, Siren, Territory, TerritoryKind, text};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::{Result, StoreError};

/// A territory served by this instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryRecord {
    pub id: i64,
    pub siren: Siren,
    pub name: String,
    pub kind: TerritoryKind,
    pub department: String,
    pub time_zone: String,
    pub population_municipale: i64,
    pub population_totale: i64,
    pub public_url: Option<String>,
}

/// A member commune of a served territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneRecord {
    pub id: i64,
    pub territory_id: i64,
    pub insee_code: InseeCode,
    pub siren: Siren,
    pub name: String,
    pub population_municipale: i64,
    pub population_totale: i64,
    pub website: Option<String>,
}

const TERRITORY_COLUMNS: &str = "id, siren, name, kind, department, time_zone, \
     population_municipale, population_totale, public_url";
const COMMUNE_COLUMNS: &str = "id, territory_id, insee_code, siren, name, \
     population_municipale, population_totale, website";

fn territory_from_row(row: &AnyRow) -> Result<TerritoryRecord> {
    let kind: String = row.try_get("kind")?;
    Ok(TerritoryRecord {
        id: row.try_get("id")?,
        siren: Siren::from_trusted(row.try_get::<String, _>("siren")?),
        name: row.try_get("name")?,
        kind: TerritoryKind::from_code(&kind).ok_or(StoreError::Corrupt {
            column: "territory.kind",
            value: kind,
        })?,
        department: row.try_get("department")?,
        time_zone: row.try_get("time_zone")?,
        population_municipale: row.try_get("population_municipale")?,
        population_totale: row.try_get("population_totale")?,
        public_url: row.try_get("public_url")?,
    })
}

fn commune_from_row(row: &AnyRow) -> Result<CommuneRecord> {
    Ok(CommuneRecord {
        id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        insee_code: InseeCode::from_trusted(row.try_get::<String, _>("insee_code")?),
        siren: Siren::from_trusted(row.try_get::<String, _>("siren")?),
        name: row.try_get("name")?,
        population_municipale: row.try_get("population_municipale")?,
        population_totale: row.try_get("population_totale")?,
        website: row.try_get("website")?,
    })
}

/// What `add_territory` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Added(TerritoryRecord),
    AlreadyThere(TerritoryRecord),
}

impl Store {
    /// Adds a territory and all its communes in one transaction; a territory
    /// already present is left exactly as it is.
    pub async fn add_territory(&self, territory: &Territory) -> Result<AddOutcome> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query(&format!(
            "SELECT {TERRITORY_COLUMNS} FROM territory WHERE siren = $1"
        ))
        .bind(territory.siren.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            return Ok(AddOutcome::AlreadyThere(territory_from_row(&row)?));
        }

        let row = sqlx::query(&format!(
            "INSERT INTO territory (siren, name, kind, department, time_zone, \
             population_municipale, population_totale, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {TERRITORY_COLUMNS}"
        ))
        .bind(territory.siren.as_str())
        .bind(&territory.name)
        .bind(territory.kind.code())
        .bind(&territory.department)
        .bind(territory.time_zone())
        .bind(territory.population_municipale)
        .bind(territory.population_totale)
        .bind(crate::time::now())
        .fetch_one(&mut *tx)
        .await?;
        let record = territory_from_row(&row)?;

        for commune in &territory.communes {
            sqlx::query(
                "INSERT INTO commune (territory_id, insee_code, siren, name, \
                 population_municipale, population_totale) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(record.id)
            .bind(commune.insee_code.as_str())
            .bind(commune.siren.as_str())
            .bind(&commune.name)
            .bind(commune.population_municipale)
            .bind(commune.population_totale)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(AddOutcome::Added(record))
    }

    /// Every served territory, the first installed first.
    pub async fn territories(&self) -> Result<Vec<TerritoryRecord>> {
        sqlx::query(&format!(
            "SELECT {TERRITORY_COLUMNS} FROM territory ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(territory_from_row)
        .collect()
    }

    /// The territory whose configured public host is `host` (`example.org:8443`).
    pub async fn territory_by_host(&self, host: &str) -> Result<Option<TerritoryRecord>> {
        sqlx::query(&format!(
            "SELECT {TERRITORY_COLUMNS} FROM territory WHERE public_host = $1"
        ))
        .bind(host.to_ascii_lowercase())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(territory_from_row)
        .transpose()
    }

    /// The instance's first territory: the one served at `COMCOM_PUBLIC_URL`.
    pub async fn first_territory(&self) -> Result<Option<TerritoryRecord>> {
        sqlx::query(&format!(
            "SELECT {TERRITORY_COLUMNS} FROM territory ORDER BY id LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(territory_from_row)
        .transpose()
    }

    /// Sets the public base URL of a territory other than the first one.
    pub async fn set_public_url(&self, territory_id: i64, url: &url::Url) -> Result<()> {
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        sqlx::query("UPDATE territory SET public_url = $1, public_host = $2 WHERE id = $3")
            .bind(url.as_str().trim_end_matches('/'))
            .bind(host.to_ascii_lowercase())
            .bind(territory_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A territory's communes in alphabetical order (accents ignored, as in a French index).
    pub async fn communes(&self, territory_id: i64) -> Result<Vec<CommuneRecord>> {
        let mut communes: Vec<CommuneRecord> = sqlx::query(&format!(
            "SELECT {COMMUNE_COLUMNS} FROM commune WHERE territory_id = $1"
        ))
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(commune_from_row)
        .collect::<Result<_>>()?;
        communes.sort_by_cached_key(|c| text::fold(&c.name));
        Ok(communes)
    }

    /// One commune of a territory by its INSEE code.
    pub async fn commune(
        &self,
        territory_id: i64,
        insee_code: &InseeCode,
    ) -> Result<Option<CommuneRecord>> {
        sqlx::query(&format!(
            "SELECT {COMMUNE_COLUMNS} FROM commune WHERE territory_id = $1 AND insee_code = $2"
        ))
        .bind(territory_id)
        .bind(insee_code.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(commune_from_row)
        .transpose()
    }

    /// How many communes and people (other than instance administrators)
    /// belong to a territory.
    pub async fn territory_size(&self, territory_id: i64) -> Result<(i64, i64)> {
        let communes: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM commune WHERE territory_id = $1")
                .bind(territory_id)
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
        let people: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM person WHERE territory_id = $1 \
             AND id NOT IN (SELECT person_id FROM admin_grant WHERE territory_id IS NULL)",
        )
        .bind(territory_id)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        Ok((communes, people))
    }

    /// Removes a territory with everything that belongs to it: communes,
    /// people, mandates, spaces, news. Administrators of the whole instance
    /// stay. Returns how many communes and people went.
    pub async fn remove_territory(&self, territory_id: i64) -> Result<(i64, i64)> {
        let size = self.territory_size(territory_id).await?;
        let mut tx = self.begin_write().await?;
        // Administrators of the whole instance outlive any one territory.
        sqlx::query(
            "UPDATE person SET territory_id = NULL WHERE territory_id = $1 \
             AND id IN (SELECT person_id FROM admin_grant WHERE territory_id IS NULL)",
        )
        .bind(territory_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM territory WHERE id = $1")
            .bind(territory_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(size)
    }
}
