//! News (actualités): written in a space, published now or at a set time,
//! tied to the communes they concern, with one optional image.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Store;
use crate::spaces::slugify;
use crate::time::{now, parse, stamp};
use crate::{Result, StoreError};

/// Where an article stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Seen only by those who may write in the space.
    Draft,
    /// Public in its space from `publish_at` on (a future time schedules it).
    Published,
}

impl ArticleStatus {
    pub fn code(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::Published => "published",
        }
    }

    pub fn from_code(code: &str) -> Option<ArticleStatus> {
        match code {
            "draft" => Some(ArticleStatus::Draft),
            "published" => Some(ArticleStatus::Published),
            _ => None,
        }
    }
}

/// An article as stored (without its image bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRecord {
    pub id: i64,
    pub territory_id: i64,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub title: String,
    pub slug: String,
    pub body: String,
    pub status: ArticleStatus,
    pub publish_at: Option<DateTime<Utc>>,
    pub image_alt: Option<String>,
    pub has_image: bool,
    /// Media type of the image, when there is one.
    pub image_type: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ArticleRecord {
    /// Published and due: what readers of the space see.
    pub fn is_live(&self, at: DateTime<Utc>) -> bool {
        self.status == ArticleStatus::Published && self.publish_at.is_some_and(|p| p <= at)
    }

    /// Published with a date still to come.
    pub fn is_scheduled(&self, at: DateTime<Utc>) -> bool {
        self.status == ArticleStatus::Published && self.publish_at.is_some_and(|p| p > at)
    }
}

/// An image and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleImage {
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub alt: String,
}

/// What writing an article sets.
#[derive(Debug, Clone)]
pub struct ArticleDraft<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub status: ArticleStatus,
    pub publish_at: Option<DateTime<Utc>>,
    pub communes: &'a [i64],
}

/// What happens to the image on an update.
#[derive(Debug, Clone)]
pub enum ImageChange {
    Keep { alt: Option<String> },
    Replace(ArticleImage),
    Remove,
}

pub(crate) const COLUMNS: &str = "a.id AS id, a.territory_id AS territory_id, a.space_id AS space_id, \
     s.slug AS space_slug, s.name AS space_name, a.author_id AS author_id, \
     p.display_name AS author_name, a.title AS title, a.slug AS slug, a.body AS body, \
     a.status AS status, a.publish_at AS publish_at, a.image_alt AS image_alt, \
     a.image_type AS image_type, a.created_at AS created_at, a.updated_at AS updated_at";
pub(crate) const FROM: &str =
    "FROM article a JOIN space s ON s.id = a.space_id LEFT JOIN person p ON p.id = a.author_id";

pub(crate) fn from_row(row: &AnyRow) -> Result<ArticleRecord> {
    let status: String = row.try_get("status")?;
    let publish_at: Option<String> = row.try_get("publish_at")?;
    let image_type: Option<String> = row.try_get("image_type")?;
    Ok(ArticleRecord {
        id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        space_id: row.try_get("space_id")?,
        space_slug: row.try_get("space_slug")?,
        space_name: row.try_get("space_name")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        title: row.try_get("title")?,
        slug: row.try_get("slug")?,
        body: row.try_get("body")?,
        status: ArticleStatus::from_code(&status).ok_or(StoreError::Corrupt {
            column: "article.status",
            value: status,
        })?,
        publish_at: publish_at.as_deref().map(parse).transpose()?,
        image_alt: row.try_get("image_alt")?,
        has_image: image_type.is_some(),
        image_type,
        created_at: parse(&row.try_get::<String, _>("created_at")?)?,
        updated_at: parse(&row.try_get::<String, _>("updated_at")?)?,
    })
}

/// The publication time stored for a draft set to `status`: a published
/// article without a time is published now.
fn publish_time(draft: &ArticleDraft<'_>) -> Option<String> {
    match draft.status {
        ArticleStatus::Draft => draft.publish_at.map(stamp),
        ArticleStatus::Published => Some(stamp(draft.publish_at.unwrap_or_else(Utc::now))),
    }
}

impl Store {
    /// Writes a new article in a space; returns its id.
    pub async fn create_article(
        &self,
        territory_id: i64,
        space_id: i64,
        author_id: Option<i64>,
        draft: &ArticleDraft<'_>,
        image: Option<&ArticleImage>,
    ) -> Result<i64> {
        self.write_new_article(territory_id, space_id, author_id, draft, image, None)
            .await
    }

    /// Writes a new article with its categories (ids of the territory's
    /// categories), all in one transaction: on any error nothing is written.
    pub async fn create_article_with_categories(
        &self,
        territory_id: i64,
        space_id: i64,
        author_id: Option<i64>,
        draft: &ArticleDraft<'_>,
        image: Option<&ArticleImage>,
        categories: &[i64],
    ) -> Result<i64> {
        self.write_new_article(
            territory_id,
            space_id,
            author_id,
            draft,
            image,
            Some(categories),
        )
        .await
    }

    async fn write_new_article(
        &self,
        territory_id: i64,
        space_id: i64,
        author_id: Option<i64>,
        draft: &ArticleDraft<'_>,
        image: Option<&ArticleImage>,
        categories: Option<&[i64]>,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let stamp_now = now();
        let row = sqlx::query(
            "INSERT INTO article (territory_id, space_id, author_id, title, slug, body, status, \
             publish_at, image_data, image_type, image_alt, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        )
        .bind(territory_id)
        .bind(space_id)
        .bind(author_id)
        .bind(draft.title)
        .bind(slugify(draft.title))
        .bind(draft.body)
        .bind(draft.status.code())
        .bind(publish_time(draft))
        .bind(image.map(|i| i.bytes.clone()))
        .bind(image.map(|i| i.content_type.clone()))
        .bind(image.map(|i| i.alt.clone()))
        .bind(&stamp_now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        set_communes(&mut tx, id, draft.communes).await?;
        if let Some(categories) = categories {
            crate::zones::set_categories_on(&mut tx, id, categories).await?;
        }
        crate::search::index_article_on(&mut tx, id).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an article; its id, and so its feed id, never changes.
    pub async fn update_article(
        &self,
        id: i64,
        draft: &ArticleDraft<'_>,
        image: ImageChange,
    ) -> Result<()> {
        self.write_article(id, draft, image, None).await
    }

    /// Changes an article and replaces its categories, in one transaction:
    /// on any error the article is left as it was.
    pub async fn update_article_with_categories(
        &self,
        id: i64,
        draft: &ArticleDraft<'_>,
        image: ImageChange,
        categories: &[i64],
    ) -> Result<()> {
        self.write_article(id, draft, image, Some(categories)).await
    }

    async fn write_article(
        &self,
        id: i64,
        draft: &ArticleDraft<'_>,
        image: ImageChange,
        categories: Option<&[i64]>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE article SET title = $1, slug = $2, body = $3, status = $4, publish_at = $5, \
             updated_at = $6 WHERE id = $7",
        )
        .bind(draft.title)
        .bind(slugify(draft.title))
        .bind(draft.body)
        .bind(draft.status.code())
        .bind(publish_time(draft))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        match image {
            ImageChange::Keep { alt } => {
                sqlx::query(
                    "UPDATE article SET image_alt = $1 WHERE id = $2 AND image_type IS NOT NULL",
                )
                .bind(alt)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            ImageChange::Replace(image) => {
                sqlx::query(
                    "UPDATE article SET image_data = $1, image_type = $2, image_alt = $3 WHERE id = $4",
                )
                .bind(image.bytes)
                .bind(image.content_type)
                .bind(image.alt)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            ImageChange::Remove => {
                sqlx::query(
                    "UPDATE article SET image_data = NULL, image_type = NULL, image_alt = NULL \
                     WHERE id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        set_communes(&mut tx, id, draft.communes).await?;
        if let Some(categories) = categories {
            crate::zones::set_categories_on(&mut tx, id, categories).await?;
        }
        crate::search::index_article_on(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One article.
    pub async fn article(&self, id: i64) -> Result<Option<ArticleRecord>> {
        sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// The communes an article concerns.
    pub async fn article_communes(&self, id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query("SELECT commune_id FROM article_commune WHERE article_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("commune_id")?)).collect()
    }

    /// An article's image.
    pub async fn article_image(&self, id: i64) -> Result<Option<ArticleImage>> {
        let row = sqlx::query(
            "SELECT image_data, image_type, image_alt FROM article WHERE id = $1 AND image_type IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(ArticleImage {
                bytes: r.try_get("image_data")?,
                content_type: r.try_get("image_type")?,
                alt: r
                    .try_get::<Option<String>, _>("image_alt")?
                    .unwrap_or_default(),
            })
        })
        .transpose()
    }

    /// A space's articles, newest first: all of them for its writers, the
    /// live ones for readers.
    pub async fn space_articles(
        &self,
        space_id: i64,
        with_unpublished: bool,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleRecord>> {
        let filter = if with_unpublished {
            "a.space_id = $1 AND $2 = $2"
        } else {
            "a.space_id = $1 AND a.status = 'published' AND a.publish_at <= $2"
        };
        self.article_list(filter, space_id, limit, offset).await
    }

    /// The last change to any article of a territory, whatever its space or
    /// state: an article leaving a feed (unpublished, its files removed)
    /// moves it too, so a feed's `Last-Modified` never goes back in time.
    pub async fn articles_changed_at(&self, territory_id: i64) -> Result<Option<DateTime<Utc>>> {
        let row =
            sqlx::query("SELECT MAX(updated_at) AS last FROM article WHERE territory_id = $1")
                .bind(territory_id)
                .fetch_one(&self.pool)
                .await?;
        let last: Option<String> = row.try_get("last")?;
        last.as_deref().map(parse).transpose()
    }

    /// The live articles of a territory's public spaces, newest first.
    pub async fn public_articles(
        &self,
        territory_id: i64,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleRecord>> {
        let filter = "a.territory_id = $1 AND s.visibility = 'public' AND a.status = 'published' \
                      AND a.publish_at <= $2";
        self.article_list(filter, territory_id, limit, offset).await
    }

    /// The live public articles concerning a commune, newest first.
    pub async fn commune_articles(
        &self,
        commune_id: i64,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>> {
        let filter = "a.id IN (SELECT article_id FROM article_commune WHERE commune_id = $1) \
                      AND s.visibility = 'public' AND a.status = 'published' AND a.publish_at <= $2";
        self.article_list(filter, commune_id, limit, 0).await
    }

    async fn article_list(
        &self,
        filter: &str,
        key: i64,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleRecord>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE {filter} \
             ORDER BY COALESCE(a.publish_at, a.created_at) DESC, a.id DESC LIMIT $3 OFFSET $4"
        ))
        .bind(key)
        .bind(now())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}

async fn set_communes(
    conn: &mut sqlx::AnyConnection,
    article_id: i64,
    communes: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM article_commune WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut *conn)
        .await?;
    for commune in communes {
        sqlx::query(
            "INSERT INTO article_commune (article_id, commune_id) VALUES ($1, $2) \
             ON CONFLICT (article_id, commune_id) DO NOTHING",
        )
        .bind(article_id)
        .bind(commune)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
