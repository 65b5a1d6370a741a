//! A commune's people as its mayor (or a designated agent) manages them:
//! agents and councillors entered by hand, their mandates ended, and the
//! agents designated to help. Every change writes its audit row in the
//! same transaction.

use chrono::NaiveDate;
use comcom_core::{Function, Role};
use sqlx::{AnyConnection, Row};

use crate::accounts::normalize_email;
use crate::audit::{self, Actor, AuditInput, kind};
use crate::db::Store;
use crate::mandates::NewMandate;
use crate::time::{date, now};
use crate::{Result, StoreError};

/// A current mandate in a commune, with its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunePerson {
    pub mandate_id: i64,
    pub person_id: i64,
    pub display_name: String,
    pub role: Role,
    pub function: Option<Function>,
    pub function_label: Option<String>,
    /// `rne` or `manual`.
    pub source: String,
    pub start_date: NaiveDate,
    /// A designated agent of the commune.
    pub designated: bool,
}

/// A person to add to a commune by hand.
#[derive(Debug, Clone)]
pub struct NewCommunePerson<'a> {
    pub territory_id: i64,
    pub commune_id: i64,
    pub display_name: &'a str,
    /// When an account already has it, the mandate goes to that person.
    pub email: Option<&'a str>,
    pub role: Role,
    pub function: Option<Function>,
    pub start: NaiveDate,
}

fn today() -> String {
    date(chrono::Utc::now().date_naive())
}

async fn insert_mandate(conn: &mut AnyConnection, new: &NewMandate<'_>) -> Result<i64> {
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
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// "Agent communal (Engins)", the audit log's detail of a mandate.
fn mandate_detail(role: Role, function: Option<Function>) -> String {
    match function {
        Some(f) => format!("{} {}", role.code(), f.code()),
        None => role.code().to_owned(),
    }
}

impl Store {
    /// The communes a person is a designated agent of.
    pub async fn agent_communes(&self, person_id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query("SELECT commune_id FROM commune_agent WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("commune_id")?)).collect()
    }

    /// The current mandates held in a commune (councillors and agents
    /// first, by role then name), each with its holder.
    pub async fn commune_people(&self, commune_id: i64) -> Result<Vec<CommunePerson>> {
        let rows = sqlx::query(
            "SELECT m.id AS mandate_id, m.person_id, p.display_name, m.role, m.function, \
             m.function_label, m.source, m.start_date, \
             (SELECT COUNT(*) FROM commune_agent a WHERE a.commune_id = m.commune_id \
              AND a.person_id = m.person_id) AS designated \
             FROM mandate m JOIN person p ON p.id = m.person_id \
             WHERE m.commune_id = $1 AND (m.end_date IS NULL OR m.end_date > $2)",
        )
        .bind(commune_id)
        .bind(today())
        .fetch_all(&self.pool)
        .await?;
        let mut people = Vec::with_capacity(rows.len());
        for row in &rows {
            let role: String = row.try_get("role")?;
            let function: Option<String> = row.try_get("function")?;
            people.push(CommunePerson {
                mandate_id: row.try_get("mandate_id")?,
                person_id: row.try_get("person_id")?,
                display_name: row.try_get("display_name")?,
                role: Role::from_code(&role).ok_or(StoreError::Corrupt {
                    column: "mandate.role",
                    value: role,
                })?,
                function: function.as_deref().and_then(Function::from_code),
                function_label: row.try_get("function_label")?,
                source: row.try_get("source")?,
                start_date: crate::time::parse_date(&row.try_get::<String, _>("start_date")?)?,
                designated: row.try_get::<i64, _>("designated")? > 0,
            });
        }
        people.sort_by_cached_key(|p| {
            (
                Role::ALL.iter().position(|r| *r == p.role),
                p.function.map_or(9, Function::rank),
                comcom_core::text::fold(&p.display_name),
            )
        });
        Ok(people)
    }

    /// Adds a person (or, when an account has the address, that person) to
    /// a commune with a mandate entered by hand. Returns the person and the
    /// mandate.
    pub async fn add_commune_person(
        &self,
        new: &NewCommunePerson<'_>,
        actor: &Actor,
    ) -> Result<(i64, i64)> {
        let stamp = now();
        let mut tx = self.begin_write().await?;
        let email = new.email.map(normalize_email).filter(|e| !e.is_empty());
        let existing = match &email {
            Some(email) => sqlx::query("SELECT id FROM person WHERE email = $1")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get::<i64, _>("id"))
                .transpose()?,
            None => None,
        };
        let person_id = match existing {
            Some(id) => id,
            None => {
                let row = sqlx::query(
                    "INSERT INTO person (territory_id, display_name, email, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
                )
                .bind(new.territory_id)
                .bind(new.display_name.trim())
                .bind(&email)
                .bind(&stamp)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                audit::record(
                    &mut tx,
                    &AuditInput {
                        territory_id: Some(new.territory_id),
                        target_person_id: Some(id),
                        commune_id: Some(new.commune_id),
                        ..AuditInput::new(kind::PERSON_ADDED, actor)
                    },
                )
                .await?;
                id
            }
        };
        let mandate = NewMandate {
            person_id,
            territory_id: new.territory_id,
            commune_id: Some(new.commune_id),
            role: new.role,
            function: new.function,
            organisation: None,
            start: new.start,
        };
        let mandate_id = insert_mandate(&mut tx, &mandate).await?;
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id: Some(new.territory_id),
                target_person_id: Some(person_id),
                commune_id: Some(new.commune_id),
                detail: &mandate_detail(new.role, new.function),
                ..AuditInput::new(kind::MANDATE_ADDED, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok((person_id, mandate_id))
    }

    /// Records a mandate entered by hand, with its audit row.
    pub async fn add_mandate_audited(&self, new: &NewMandate<'_>, actor: &Actor) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = insert_mandate(&mut tx, new).await?;
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id: Some(new.territory_id),
                target_person_id: Some(new.person_id),
                commune_id: new.commune_id,
                detail: &mandate_detail(new.role, new.function),
                ..AuditInput::new(kind::MANDATE_ADDED, actor)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Ends a person's current mandate on `end`, when it is in `territory_id`
    /// (and in `commune_id` when given); an agent whose commune mandate ends
    /// is no longer a designated agent there. `false` when nothing matched.
    pub async fn end_mandate_audited(
        &self,
        person_id: i64,
        territory_id: i64,
        commune_id: Option<i64>,
        mandate_id: i64,
        end: NaiveDate,
        actor: &Actor,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT commune_id, role, function FROM mandate WHERE id = $1 AND person_id = $2 \
             AND territory_id = $3 AND (end_date IS NULL OR end_date > $4) AND start_date <= $4",
        )
        .bind(mandate_id)
        .bind(person_id)
        .bind(territory_id)
        .bind(date(end))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let mandate_commune: Option<i64> = row.try_get("commune_id")?;
        if commune_id.is_some() && mandate_commune != commune_id {
            return Ok(false);
        }
        let role: String = row.try_get("role")?;
        let function: Option<String> = row.try_get("function")?;
        sqlx::query("UPDATE mandate SET end_date = $1, updated_at = $2 WHERE id = $3")
            .bind(date(end))
            .bind(now())
            .bind(mandate_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            &AuditInput {
                territory_id: Some(territory_id),
                target_person_id: Some(person_id),
                commune_id: mandate_commune,
                detail: &match function {
                    Some(f) => format!("{role} {f}"),
                    None => role.clone(),
                },
                ..AuditInput::new(kind::MANDATE_ENDED, actor)
            },
        )
        .await?;
        if let (Some(commune), true) = (mandate_commune, role == Role::CommuneStaff.code()) {
            let still_agent = sqlx::query(
                "SELECT COUNT(*) AS n FROM mandate WHERE person_id = $1 AND commune_id = $2 \
                 AND role = $3 AND (end_date IS NULL OR end_date > $4)",
            )
            .bind(person_id)
            .bind(commune)
            .bind(Role::CommuneStaff.code())
            .bind(date(end))
            .fetch_one(&mut *tx)
            .await?
            .try_get::<i64, _>("n")?
                > 0;
            if !still_agent {
                undesignate(&mut tx, territory_id, commune, person_id, actor).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Designates an agent of the commune (who must hold a current mandate
    /// of agent communal there); `false` otherwise.
    pub async fn designate_agent(
        &self,
        territory_id: i64,
        commune_id: i64,
        person_id: i64,
        actor: &Actor,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let is_agent = sqlx::query(
            "SELECT COUNT(*) AS n FROM mandate WHERE person_id = $1 AND commune_id = $2 \
             AND territory_id = $3 AND role = $4 AND start_date <= $5 \
             AND (end_date IS NULL OR end_date > $5)",
        )
        .bind(person_id)
        .bind(commune_id)
        .bind(territory_id)
        .bind(Role::CommuneStaff.code())
        .bind(today())
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("n")?
            > 0;
        if !is_agent {
            return Ok(false);
        }
        let inserted = sqlx::query(
            "INSERT INTO commune_agent (commune_id, person_id, designated_by, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (commune_id, person_id) DO NOTHING",
        )
        .bind(commune_id)
        .bind(person_id)
        .bind(actor.person_id)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted > 0 {
            audit::record(
                &mut tx,
                &AuditInput {
                    territory_id: Some(territory_id),
                    target_person_id: Some(person_id),
                    commune_id: Some(commune_id),
                    ..AuditInput::new(kind::AGENT_DESIGNATED, actor)
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Withdraws an agent's designation; `false` when there was none.
    pub async fn undesignate_agent(
        &self,
        territory_id: i64,
        commune_id: i64,
        person_id: i64,
        actor: &Actor,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = undesignate(&mut tx, territory_id, commune_id, person_id, actor).await?;
        tx.commit().await?;
        Ok(done)
    }
}

async fn undesignate(
    conn: &mut AnyConnection,
    territory_id: i64,
    commune_id: i64,
    person_id: i64,
    actor: &Actor,
) -> Result<bool> {
    let removed = sqlx::query("DELETE FROM commune_agent WHERE commune_id = $1 AND person_id = $2")
        .bind(commune_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if removed > 0 {
        audit::record(
            conn,
            &AuditInput {
                territory_id: Some(territory_id),
                target_person_id: Some(person_id),
                commune_id: Some(commune_id),
                ..AuditInput::new(kind::AGENT_UNDESIGNATED, actor)
            },
        )
        .await?;
    }
    Ok(removed > 0)
}
