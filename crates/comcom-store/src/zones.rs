//! Outbound syndication: the territory's news categories (and which way each
//! flows under the charter), the articles shown in a commune's "interco
//! zone", and commune agents' decisions on them when the charter asks for
//! approval.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::articles::{self, ArticleRecord};
use crate::db::Store;
use crate::spaces::slugify;
use crate::time::{now, stamp};
use crate::{Result, StoreError};

/// A news category of a territory, with its directions under the charter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRecord {
    pub id: i64,
    pub territory_id: i64,
    pub slug: String,
    pub name: String,
    /// The interco's items of this category go to the communes' zones.
    pub outbound: bool,
    /// The communes' items of this category come to the interco's site.
    pub inbound: bool,
}

/// Which of the interco's articles a zone shows, by the communes they concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Relevance {
    /// Those concerning the commune, and those concerning no commune in
    /// particular (the whole territory).
    #[default]
    Local,
    /// Only those concerning the commune.
    Commune,
    /// All of them.
    All,
}

impl Relevance {
    pub fn code(self) -> &'static str {
        match self {
            Relevance::Local => "local",
            Relevance::Commune => "commune",
            Relevance::All => "all",
        }
    }

    pub fn from_code(code: &str) -> Option<Relevance> {
        [Relevance::Local, Relevance::Commune, Relevance::All]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// A commune agent's decision on an interco item for the commune's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneDecision {
    Accepted,
    Refused,
}

impl ZoneDecision {
    pub fn code(self) -> &'static str {
        match self {
            ZoneDecision::Accepted => "accepted",
            ZoneDecision::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<ZoneDecision> {
        match code {
            "accepted" => Some(ZoneDecision::Accepted),
            "refused" => Some(ZoneDecision::Refused),
            _ => None,
        }
    }
}

/// What a commune's zone shows.
#[derive(Debug, Clone)]
pub struct ZoneQuery {
    pub territory_id: i64,
    pub commune_id: i64,
    pub space_id: Option<i64>,
    pub category_id: Option<i64>,
    pub relevance: Relevance,
    /// Only the items a commune agent accepted (the charter asks for approval).
    pub accepted_only: bool,
    /// Only the items published since then (the charter's retention).
    pub since: Option<DateTime<Utc>>,
    pub limit: i64,
}

enum Bind {
    Int(i64),
    Text(String),
}

fn category_from_row(row: &AnyRow) -> Result<CategoryRecord> {
    Ok(CategoryRecord {
        id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        outbound: row.try_get::<Option<i64>, _>("outbound")?.unwrap_or(1) != 0,
        inbound: row.try_get::<Option<i64>, _>("inbound")?.unwrap_or(1) != 0,
    })
}

const CATEGORY_SELECT: &str = "SELECT c.id AS id, c.territory_id AS territory_id, c.slug AS slug, \
     c.name AS name, d.outbound AS outbound, d.inbound AS inbound FROM category c \
     LEFT JOIN syndication_charter_category d ON d.category_id = c.id";

/// The condition every live, public interco article meets (`$1` the
/// territory, `$2` now): commune spaces' news are the communes' own, and a
/// category the charter keeps at home holds its articles back.
const INTERCO_LIVE: &str = "a.territory_id = $1 AND s.visibility = 'public' \
     AND s.kind <> 'commune' AND a.status = 'published' AND a.publish_at <= $2 \
     AND NOT EXISTS (SELECT 1 FROM article_category ac \
       JOIN syndication_charter_category scc ON scc.category_id = ac.category_id \
       WHERE ac.article_id = a.id AND scc.outbound = 0)";

impl Store {
    /// A territory's categories, by name.
    pub async fn categories(&self, territory_id: i64) -> Result<Vec<CategoryRecord>> {
        sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.territory_id = $1 ORDER BY c.name, c.id"
        ))
        .bind(territory_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(category_from_row)
        .collect()
    }

    pub async fn category_by_slug(
        &self,
        territory_id: i64,
        slug: &str,
    ) -> Result<Option<CategoryRecord>> {
        sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.territory_id = $1 AND c.slug = $2"
        ))
        .bind(territory_id)
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(category_from_row)
        .transpose()
    }

    /// Adds a category; `None` when the territory already has one of that name.
    pub async fn create_category(
        &self,
        territory_id: i64,
        name: &str,
    ) -> Result<Option<CategoryRecord>> {
        let name = name.trim();
        let slug = slugify(name);
        let row = sqlx::query(
            "INSERT INTO category (territory_id, slug, name, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (territory_id, slug) DO NOTHING RETURNING id",
        )
        .bind(territory_id)
        .bind(&slug)
        .bind(name)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(_) => self.category_by_slug(territory_id, &slug).await,
            None => Ok(None),
        }
    }

    /// Removes a category (its articles lose it).
    pub async fn delete_category(&self, territory_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM category WHERE id = $1 AND territory_id = $2")
            .bind(id)
            .bind(territory_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Sets which way a category flows under the charter.
    pub async fn set_category_directions(
        &self,
        category_id: i64,
        outbound: bool,
        inbound: bool,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        set_directions_on(&mut conn, category_id, outbound, inbound).await
    }

    /// The categories of an article (ids).
    pub async fn article_categories(&self, article_id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT category_id FROM article_category WHERE article_id = $1 ORDER BY category_id",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("category_id")?)).collect()
    }

    /// The category names of several articles at once, by article id.
    pub async fn category_names_of(
        &self,
        article_ids: &[i64],
    ) -> Result<HashMap<i64, Vec<String>>> {
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        if article_ids.is_empty() {
            return Ok(names);
        }
        let placeholders: Vec<String> = (1..=article_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT ac.article_id AS article_id, c.name AS name FROM article_category ac \
             JOIN category c ON c.id = ac.category_id WHERE ac.article_id IN ({}) \
             ORDER BY c.name",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in article_ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&self.pool).await? {
            names
                .entry(row.try_get("article_id")?)
                .or_default()
                .push(row.try_get("name")?);
        }
        Ok(names)
    }

    /// Replaces an article's categories.
    pub async fn set_article_categories(&self, article_id: i64, categories: &[i64]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        set_categories_on(&mut tx, article_id, categories).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live public articles of a category, newest first.
    pub async fn category_articles(
        &self,
        category_id: i64,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>> {
        sqlx::query(&format!(
            "SELECT {} {} WHERE a.id IN (SELECT article_id FROM article_category WHERE category_id = $1) \
             AND s.visibility = 'public' AND a.status = 'published' AND a.publish_at <= $2 \
             ORDER BY COALESCE(a.publish_at, a.created_at) DESC, a.id DESC LIMIT $3",
            articles::COLUMNS,
            articles::FROM
        ))
        .bind(category_id)
        .bind(now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(articles::from_row)
        .collect()
    }

    /// The interco articles a commune's zone shows, newest first, each with
    /// the commune's decision on it.
    pub async fn zone_articles(
        &self,
        q: &ZoneQuery,
    ) -> Result<Vec<(ArticleRecord, Option<ZoneDecision>)>> {
        let mut binds = vec![
            Bind::Int(q.territory_id),
            Bind::Text(now()),
            Bind::Int(q.commune_id),
        ];
        let mut sql = format!(
            "SELECT {}, zd.decision AS zone_decision {} \
             LEFT JOIN zone_decision zd ON zd.article_id = a.id AND zd.commune_id = $3 \
             WHERE {INTERCO_LIVE}",
            articles::COLUMNS,
            articles::FROM
        );
        match q.relevance {
            Relevance::All => {}
            Relevance::Commune => sql.push_str(
                " AND EXISTS (SELECT 1 FROM article_commune ak \
                 WHERE ak.article_id = a.id AND ak.commune_id = $3)",
            ),
            Relevance::Local => sql.push_str(
                " AND (EXISTS (SELECT 1 FROM article_commune ak \
                 WHERE ak.article_id = a.id AND ak.commune_id = $3) \
                 OR NOT EXISTS (SELECT 1 FROM article_commune ak WHERE ak.article_id = a.id))",
            ),
        }
        if q.accepted_only {
            sql.push_str(" AND zd.decision = 'accepted'");
        }
        if let Some(space) = q.space_id {
            binds.push(Bind::Int(space));
            sql.push_str(&format!(" AND a.space_id = ${}", binds.len()));
        }
        if let Some(category) = q.category_id {
            binds.push(Bind::Int(category));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_category ac2 \
                 WHERE ac2.article_id = a.id AND ac2.category_id = ${})",
                binds.len()
            ));
        }
        if let Some(since) = q.since {
            binds.push(Bind::Text(stamp(since)));
            sql.push_str(&format!(" AND a.publish_at >= ${}", binds.len()));
        }
        binds.push(Bind::Int(q.limit));
        sql.push_str(&format!(
            " ORDER BY COALESCE(a.publish_at, a.created_at) DESC, a.id DESC LIMIT ${}",
            binds.len()
        ));
        let mut query = sqlx::query(&sql);
        for bind in binds {
            query = match bind {
                Bind::Int(v) => query.bind(v),
                Bind::Text(v) => query.bind(v),
            };
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let decision: Option<String> = row.try_get("zone_decision")?;
                let decision = decision
                    .map(|code| {
                        ZoneDecision::from_code(&code).ok_or(StoreError::Corrupt {
                            column: "zone_decision.decision",
                            value: code,
                        })
                    })
                    .transpose()?;
                Ok((articles::from_row(row)?, decision))
            })
            .collect()
    }

    /// Records a commune agent's decision on an interco article, and the
    /// decision in the audit log, in one transaction.
    pub async fn decide_zone_item(
        &self,
        article_id: i64,
        commune_id: i64,
        decision: ZoneDecision,
        actor: &crate::audit::Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO zone_decision (article_id, commune_id, decision, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (article_id, commune_id) DO UPDATE \
             SET decision = excluded.decision, decided_by = excluded.decided_by, \
             decided_at = excluded.decided_at",
        )
        .bind(article_id)
        .bind(commune_id)
        .bind(decision.code())
        .bind(actor.person_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query("SELECT territory_id, space_id, title FROM article WHERE id = $1")
            .bind(article_id)
            .fetch_one(&mut *tx)
            .await?;
        let title: String = row.try_get("title")?;
        let detail: String = title.chars().take(200).collect();
        crate::audit::record(
            &mut tx,
            &crate::audit::AuditInput {
                territory_id: Some(row.try_get("territory_id")?),
                space_id: Some(row.try_get("space_id")?),
                commune_id: Some(commune_id),
                detail: &detail,
                ..crate::audit::AuditInput::new(
                    match decision {
                        ZoneDecision::Accepted => crate::audit::kind::OUTBOUND_ACCEPTED,
                        ZoneDecision::Refused => crate::audit::kind::OUTBOUND_REFUSED,
                    },
                    actor,
                )
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Replaces an article's categories on `conn` (inside the caller's transaction).
pub(crate) async fn set_categories_on(
    conn: &mut sqlx::AnyConnection,
    article_id: i64,
    categories: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM article_category WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut *conn)
        .await?;
    for category in categories {
        sqlx::query(
            "INSERT INTO article_category (article_id, category_id) VALUES ($1, $2) \
             ON CONFLICT (article_id, category_id) DO NOTHING",
        )
        .bind(article_id)
        .bind(category)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Sets which way a category flows, on `conn` (inside the caller's transaction).
pub(crate) async fn set_directions_on(
    conn: &mut sqlx::AnyConnection,
    category_id: i64,
    outbound: bool,
    inbound: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO syndication_charter_category (category_id, outbound, inbound) \
         VALUES ($1, $2, $3) ON CONFLICT (category_id) DO UPDATE \
         SET outbound = excluded.outbound, inbound = excluded.inbound",
    )
    .bind(category_id)
    .bind(i64::from(outbound))
    .bind(i64::from(inbound))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// A short text that changes whenever anything a commune's zone may show
    /// changes: an article of the territory written, corrected, removed or
    /// going live at its set time, an item leaving the retention window
    /// (published before `since`), a decision of the commune, the charter,
    /// the categories and their directions, which spaces are public. One
    /// query over indexes, without reading or rendering the items: the zone
    /// endpoints build their `ETag` from it to answer 304 cheaply.
    pub async fn zone_version(
        &self,
        territory_id: i64,
        commune_id: i64,
        since: DateTime<Utc>,
    ) -> Result<String> {
        let row = sqlx::query(
            "SELECT \
             (SELECT MAX(updated_at) FROM article WHERE territory_id = $1) AS a_updated, \
             (SELECT COUNT(*) FROM article WHERE territory_id = $1) AS a_count, \
             (SELECT MAX(publish_at) FROM article WHERE territory_id = $1 \
                AND status = 'published' AND publish_at <= $2) AS a_live, \
             (SELECT MIN(publish_at) FROM article WHERE territory_id = $1 \
                AND status = 'published' AND publish_at >= $3) AS a_oldest, \
             (SELECT MAX(decided_at) FROM zone_decision WHERE commune_id = $4) AS d_at, \
             (SELECT COUNT(*) FROM zone_decision WHERE commune_id = $4) AS d_count, \
             (SELECT updated_at FROM syndication_charter WHERE territory_id = $1) AS c_at, \
             (SELECT COUNT(*) FROM article_category ac JOIN category c ON c.id = ac.category_id \
                WHERE c.territory_id = $1) AS ac_count, \
             (SELECT CAST(COALESCE(SUM(ac.article_id * 1000 + ac.category_id), 0) AS BIGINT) \
                FROM article_category ac JOIN category c ON c.id = ac.category_id \
                WHERE c.territory_id = $1) AS ac_sum, \
             (SELECT CAST(COALESCE(SUM(cc.category_id * 4 + cc.outbound * 2 + cc.inbound), 0) AS BIGINT) \
                FROM syndication_charter_category cc JOIN category c ON c.id = cc.category_id \
                WHERE c.territory_id = $1) AS directions, \
             (SELECT COUNT(*) FROM category WHERE territory_id = $1) AS categories, \
             (SELECT CAST(COALESCE(SUM(id), 0) AS BIGINT) FROM space \
                WHERE territory_id = $1 AND visibility = 'public') AS public_spaces",
        )
        .bind(territory_id)
        .bind(now())
        .bind(stamp(since))
        .bind(commune_id)
        .fetch_one(&self.pool)
        .await?;
        let text = |column: &str| -> Result<String> {
            Ok(row
                .try_get::<Option<String>, _>(column)?
                .unwrap_or_default())
        };
        let int = |column: &str| -> Result<i64> { Ok(row.try_get::<i64, _>(column)?) };
        Ok(format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
            text("a_updated")?,
            int("a_count")?,
            text("a_live")?,
            text("a_oldest")?,
            text("d_at")?,
            int("d_count")?,
            text("c_at")?,
            int("ac_count")?,
            int("ac_sum")?,
            int("directions")?,
            int("categories")?,
            int("public_spaces")?,
        ))
    }
}
