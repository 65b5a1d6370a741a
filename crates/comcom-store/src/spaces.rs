//! Spaces and memberships.

use comcom_core::{SpaceKind, SpaceRole, Visibility, text};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::time::now;
use crate::{Result, StoreError};

/// A space as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceRecord {
    pub id: i64,
    pub territory_id: i64,
    pub commune_id: Option<i64>,
    pub kind: SpaceKind,
    pub visibility: Visibility,
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// A member of a space, with what the member list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub person_id: i64,
    pub display_name: String,
    pub role: SpaceRole,
}

const SPACE_COLUMNS: &str =
    "id, territory_id, commune_id, kind, visibility, slug, name, description";

fn space_from_row(row: &AnyRow) -> Result<SpaceRecord> {
    let kind: String = row.try_get("kind")?;
    let visibility: String = row.try_get("visibility")?;
    Ok(SpaceRecord {
        id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        commune_id: row.try_get("commune_id")?,
        kind: SpaceKind::from_code(&kind).ok_or(StoreError::Corrupt {
            column: "space.kind",
            value: kind,
        })?,
        visibility: Visibility::from_code(&visibility).ok_or(StoreError::Corrupt {
            column: "space.visibility",
            value: visibility,
        })?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
    })
}

fn role_from(code: String) -> Result<SpaceRole> {
    SpaceRole::from_code(&code).ok_or(StoreError::Corrupt {
        column: "membership.role",
        value: code,
    })
}

/// A URL-friendly name: `Commission eau et assainissement` → `commission-eau-et-assainissement`.
pub fn slugify(name: &str) -> String {
    let slug: String = text::fold(name)
        .replace(' ', "-")
        .chars()
        .take(60)
        .collect();
    let slug = slug.trim_matches('-').to_owned();
    if slug.is_empty() {
        "espace".to_owned()
    } else {
        slug
    }
}

/// What is needed to create a space.
#[derive(Debug, Clone)]
pub struct NewSpace<'a> {
    pub territory_id: i64,
    pub commune_id: Option<i64>,
    pub kind: SpaceKind,
    pub visibility: Visibility,
    pub name: &'a str,
    pub description: &'a str,
}

impl Store {
    /// Opens a commune's space (visible to the territory's extranet) with its
    /// current mayor as first facilitator; an open space is returned as is.
    /// The flag says whether it was created now.
    pub async fn open_commune_space(
        &self,
        commune: &crate::territories::CommuneRecord,
    ) -> Result<(SpaceRecord, bool)> {
        if let Some(space) = self.commune_space(commune.id).await? {
            return Ok((space, false));
        }
        let space = self
            .create_space(&NewSpace {
                territory_id: commune.territory_id,
                commune_id: Some(commune.id),
                kind: SpaceKind::Commune,
                visibility: Visibility::Territory,
                name: &commune.name,
                description: "",
            })
            .await?;
        let today = crate::time::date(chrono::Utc::now().date_naive());
        let mayors = sqlx::query(
            "SELECT person_id FROM mandate WHERE commune_id = $1 AND role = 'municipal_councillor' \
             AND function = 'mayor' AND start_date <= $2 AND (end_date IS NULL OR end_date > $2)",
        )
        .bind(commune.id)
        .bind(&today)
        .fetch_all(&self.pool)
        .await?;
        for row in &mayors {
            self.set_membership(space.id, row.try_get("person_id")?, SpaceRole::Facilitator)
                .await?;
        }
        Ok((space, true))
    }

    /// Creates a space with a slug unique in its territory.
    pub async fn create_space(&self, new: &NewSpace<'_>) -> Result<SpaceRecord> {
        let base = slugify(new.name);
        let mut slug = base.clone();
        let mut n = 2;
        while self.space_by_slug(new.territory_id, &slug).await?.is_some() {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let row = sqlx::query(&format!(
            "INSERT INTO space (territory_id, commune_id, kind, visibility, slug, name, description, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {SPACE_COLUMNS}"
        ))
        .bind(new.territory_id)
        .bind(new.commune_id)
        .bind(new.kind.code())
        .bind(new.visibility.code())
        .bind(&slug)
        .bind(new.name.trim())
        .bind(new.description.trim())
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        space_from_row(&row)
    }

    pub async fn space_by_slug(
        &self,
        territory_id: i64,
        slug: &str,
    ) -> Result<Option<SpaceRecord>> {
        sqlx::query(&format!(
            "SELECT {SPACE_COLUMNS} FROM space WHERE territory_id = $1 AND slug = $2"
        ))
        .bind(territory_id)
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(space_from_row)
        .transpose()
    }

    pub async fn space(&self, id: i64) -> Result<Option<SpaceRecord>> {
        sqlx::query(&format!("SELECT {SPACE_COLUMNS} FROM space WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(space_from_row)
            .transpose()
    }

    /// The space a commune opened, if any.
    pub async fn commune_space(&self, commune_id: i64) -> Result<Option<SpaceRecord>> {
        sqlx::query(&format!(
            "SELECT {SPACE_COLUMNS} FROM space WHERE commune_id = $1"
        ))
        .bind(commune_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(space_from_row)
        .transpose()
    }

    /// Every space of a territory, by name.
    pub async fn spaces(&self, territory_id: i64) -> Result<Vec<SpaceRecord>> {
        let mut spaces: Vec<SpaceRecord> = sqlx::query(&format!(
            "SELECT {SPACE_COLUMNS} FROM space WHERE territory_id = $1"
        ))
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(space_from_row)
        .collect::<Result<_>>()?;
        spaces.sort_by_cached_key(|s| text::fold(&s.name));
        Ok(spaces)
    }

    /// A person's role in each space they belong to.
    pub async fn memberships_of(&self, person_id: i64) -> Result<Vec<(i64, SpaceRole)>> {
        let rows = sqlx::query("SELECT space_id, role FROM membership WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("space_id")?, role_from(r.try_get("role")?)?)))
            .collect()
    }

    /// A person's role in one space.
    pub async fn membership(&self, space_id: i64, person_id: i64) -> Result<Option<SpaceRole>> {
        let row = sqlx::query("SELECT role FROM membership WHERE space_id = $1 AND person_id = $2")
            .bind(space_id)
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| role_from(r.try_get("role")?)).transpose()
    }

    /// Adds a member or changes their role.
    pub async fn set_membership(
        &self,
        space_id: i64,
        person_id: i64,
        role: SpaceRole,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO membership (space_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (space_id, person_id) DO UPDATE SET role = excluded.role",
        )
        .bind(space_id)
        .bind(person_id)
        .bind(role.code())
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes a member.
    pub async fn remove_membership(&self, space_id: i64, person_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM membership WHERE space_id = $1 AND person_id = $2")
            .bind(space_id)
            .bind(person_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The members of a space: facilitators first, then by name.
    pub async fn members(&self, space_id: i64) -> Result<Vec<MemberRecord>> {
        let rows = sqlx::query(
            "SELECT m.person_id AS person_id, p.display_name AS display_name, m.role AS role \
             FROM membership m JOIN person p ON p.id = m.person_id WHERE m.space_id = $1",
        )
        .bind(space_id)
        .fetch_all(&self.pool)
        .await?;
        let mut members: Vec<MemberRecord> = rows
            .iter()
            .map(|r| {
                Ok(MemberRecord {
                    person_id: r.try_get("person_id")?,
                    display_name: r.try_get("display_name")?,
                    role: role_from(r.try_get("role")?)?,
                })
            })
            .collect::<Result<_>>()?;
        members.sort_by_cached_key(|m| (std::cmp::Reverse(m.role), text::fold(&m.display_name)));
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_safe() {
        assert_eq!(
            slugify("Commission Eau & Assainissement"),
            "commission-eau-assainissement"
        );
        assert_eq!(slugify("Corrençon-en-Vercors"), "correncon-en-vercors");
        assert_eq!(slugify("  !!! "), "espace");
    }
}
