//! A department-scale dataset for benchmarks and demonstrations
//! (`comcom seed --scale department`): real territories from the embedded
//! catalogue, with made-up spaces, people, mandates, memberships and news
//! written in French from a seeded pseudo-random generator, so that two runs
//! write the same text (dates are relative to the time of the run).
//!
//! Everything goes in one transaction, with multi-row `INSERT … VALUES`
//! statements (at most [`MAX_ROWS`] rows and [`MAX_PARAMS`] parameters each)
//! and ids chosen here, from the largest id already in each table, so that
//! rows can refer to each other without reading anything back.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use comcom_core::{Function, Role, SpaceKind, SpaceRole, Territory, Visibility, catalogue};
use sqlx::{AnyConnection, Row};

use crate::Result;
use crate::db::{Backend, Store};
use crate::spaces::slugify;
use crate::time::{date, stamp};

/// The demo territory (CC du Massif du Vercors): first, so that on an empty
/// database it stays the instance's default territory.
pub const FIRST_TERRITORY: &str = "243801024";

/// Where the other territories come from, in this order: Isère, then Drôme
/// and Savoie if more are needed; by SIREN within a department.
const DEPARTMENTS: [&str; 3] = ["38", "26", "73"];

/// SQLite's limit on parameters in one statement (since 3.32; PostgreSQL's is 65,535).
const MAX_PARAMS: usize = 32_766;
/// Rows per `INSERT` statement at most: larger statements are no faster.
const MAX_ROWS: usize = 500;

/// How big a dataset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub name: &'static str,
    pub territories: usize,
    pub spaces: usize,
    pub articles: usize,
    pub people: usize,
}

impl Scale {
    /// A department: 20 territories, 1,000 spaces, 50,000 articles, 10,000 people.
    pub const DEPARTMENT: Scale = Scale {
        name: "department",
        territories: 20,
        spaces: 1_000,
        articles: 50_000,
        people: 10_000,
    };

    /// A tiny variant for the tests: 2 territories, 20 spaces, 200 articles, 100 people.
    pub const TEST: Scale = Scale {
        name: "test",
        territories: 2,
        spaces: 20,
        articles: 200,
        people: 100,
    };

    pub fn by_name(name: &str) -> Option<Scale> {
        [Scale::DEPARTMENT, Scale::TEST]
            .into_iter()
            .find(|s| s.name == name)
    }
}

/// What a database already holds, to decide whether seeding it is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    pub territories: i64,
    pub articles: i64,
}

impl Contents {
    /// No article and at most one territory (the one `serve` installs on a
    /// new instance): nothing anyone wrote would be mixed with made-up data.
    pub fn is_empty(&self) -> bool {
        self.articles == 0 && self.territories <= 1
    }
}

/// What seeding wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Territories of the dataset (some may have been there already).
    pub territories: usize,
    pub communes: usize,
    pub spaces: usize,
    pub people: usize,
    pub mandates: usize,
    pub memberships: usize,
    pub articles: usize,
    /// Live articles (published, at a time already past).
    pub published: usize,
    /// Published at a time still to come.
    pub scheduled: usize,
    pub drafts: usize,
    /// Articles tied to at least one commune.
    pub linked: usize,
}

/// A step done, reported as seeding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedProgress {
    Territories {
        territories: usize,
        communes: usize,
    },
    People {
        people: usize,
        mandates: usize,
    },
    Spaces {
        spaces: usize,
        memberships: usize,
    },
    Articles {
        done: usize,
        total: usize,
    },
    /// Everything is written; the transaction is being committed.
    Committing,
}

/// The territories of a dataset of `count` territories: the demo one, then
/// Isère's EPCIs, then its neighbours'.
pub fn territories_for(count: usize) -> Vec<&'static Territory> {
    let first = catalogue::all().find(|t| t.siren.as_str() == FIRST_TERRITORY);
    let mut chosen: Vec<&'static Territory> = first.into_iter().collect();
    for department in DEPARTMENTS {
        chosen.extend(
            catalogue::all()
                .filter(|t| t.department == department && t.siren.as_str() != FIRST_TERRITORY),
        );
    }
    chosen.truncate(count);
    chosen
}

impl Store {
    /// How many territories and articles the database holds.
    pub async fn seed_contents(&self) -> Result<Contents> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM territory) AS territories, \
             (SELECT COUNT(*) FROM article) AS articles",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Contents {
            territories: row.try_get("territories")?,
            articles: row.try_get("articles")?,
        })
    }

    /// Writes a dataset of `scale` in one transaction; `now` anchors its
    /// dates. Territories already installed are reused as they are; communes
    /// that already have a space, a mayor or (for territories) a president
    /// keep them.
    pub async fn seed(
        &self,
        scale: Scale,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(SeedProgress),
    ) -> Result<SeedReport> {
        let mut tx = self.begin_write().await?;
        let report = Seeder::new(scale, now)
            .run(&mut tx, self.backend(), progress)
            .await?;
        progress(SeedProgress::Committing);
        tx.commit().await?;
        if self.backend() == Backend::Sqlite {
            // Fold the write-ahead log (as large as the data) into the
            // database file now, rather than at some later start.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(report)
    }
}

// --- rows and batches ---------------------------------------------------------

/// A value to bind, typed even when null (PostgreSQL wants to know).
enum V {
    I(Option<i64>),
    T(Option<String>),
}

fn int(n: i64) -> V {
    V::I(Some(n))
}

fn text(s: impl Into<String>) -> V {
    V::T(Some(s.into()))
}

/// Rows waiting to be inserted into one table.
struct Batch {
    table: &'static str,
    columns: &'static [&'static str],
    values: Vec<V>,
    written: usize,
}

impl Batch {
    fn new(table: &'static str, columns: &'static [&'static str]) -> Batch {
        Batch {
            table,
            columns,
            values: Vec::new(),
            written: 0,
        }
    }

    fn rows(&self) -> usize {
        self.values.len() / self.columns.len()
    }

    fn push<const N: usize>(&mut self, row: [V; N]) {
        debug_assert_eq!(N, self.columns.len(), "a row of {}", self.table);
        self.values.extend(row);
    }

    fn statement(&self, rows: usize) -> String {
        let width = self.columns.len();
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        );
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..width {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&(r * width + c + 1).to_string());
            }
            sql.push(')');
        }
        sql
    }

    /// Inserts every waiting row, [`MAX_ROWS`] at a time.
    async fn flush(&mut self, conn: &mut AnyConnection) -> Result<()> {
        let width = self.columns.len();
        let per_statement = (MAX_PARAMS / width).min(MAX_ROWS);
        let mut left = self.rows();
        let mut values = std::mem::take(&mut self.values).into_iter();
        let full = self.statement(per_statement);
        while left > 0 {
            let rows = left.min(per_statement);
            let partial;
            let sql = if rows == per_statement {
                &full
            } else {
                partial = self.statement(rows);
                &partial
            };
            let mut query = sqlx::query(sql);
            for value in values.by_ref().take(rows * width) {
                query = match value {
                    V::I(n) => query.bind(n),
                    V::T(s) => query.bind(s),
                };
            }
            query.execute(&mut *conn).await?;
            left -= rows;
            self.written += rows;
        }
        Ok(())
    }
}

const TERRITORY_COLUMNS: &[&str] = &[
    "id",
    "siren",
    "name",
    "kind",
    "department",
    "time_zone",
    "population_municipale",
    "population_totale",
    "created_at",
];
const COMMUNE_COLUMNS: &[&str] = &[
    "id",
    "territory_id",
    "insee_code",
    "siren",
    "name",
    "population_municipale",
    "population_totale",
];
const PERSON_COLUMNS: &[&str] = &[
    "id",
    "territory_id",
    "surname",
    "given_name",
    "display_name",
    "sex",
    "created_at",
    "updated_at",
];
const MANDATE_COLUMNS: &[&str] = &[
    "id",
    "person_id",
    "territory_id",
    "commune_id",
    "role",
    "function",
    "function_rank",
    "organisation",
    "source",
    "start_date",
    "created_at",
    "updated_at",
];
const SPACE_COLUMNS: &[&str] = &[
    "id",
    "territory_id",
    "commune_id",
    "kind",
    "visibility",
    "slug",
    "name",
    "description",
    "created_at",
];
const MEMBERSHIP_COLUMNS: &[&str] = &["id", "space_id", "person_id", "role", "created_at"];
const ARTICLE_COLUMNS: &[&str] = &[
    "id",
    "territory_id",
    "space_id",
    "author_id",
    "title",
    "slug",
    "body",
    "status",
    "publish_at",
    "created_at",
    "updated_at",
];
const ARTICLE_COMMUNE_COLUMNS: &[&str] = &["article_id", "commune_id"];

/// Tables whose ids are chosen here.
const TABLES: [&str; 7] = [
    "territory",
    "commune",
    "person",
    "mandate",
    "space",
    "membership",
    "article",
];

/// The next free id of each table.
struct Ids(HashMap<&'static str, i64>);

impl Ids {
    async fn load(conn: &mut AnyConnection) -> Result<Ids> {
        let mut next = HashMap::new();
        for table in TABLES {
            let row = sqlx::query(&format!("SELECT COALESCE(MAX(id), 0) AS n FROM {table}"))
                .fetch_one(&mut *conn)
                .await?;
            next.insert(table, row.try_get::<i64, _>("n")? + 1);
        }
        Ok(Ids(next))
    }

    fn take(&mut self, table: &'static str) -> i64 {
        let slot = self.0.get_mut(table).expect("a table of TABLES");
        *slot += 1;
        *slot - 1
    }
}

// --- the dataset --------------------------------------------------------------

struct Terr {
    id: i64,
    name: String,
    /// "la CC du Massif du Vercors", "La CC …": the name as a sentence needs it.
    the: String,
    the_capital: String,
    communes: Vec<usize>,
    people: Vec<i64>,
    president: Option<i64>,
    vice_presidents: Vec<i64>,
    community: Vec<i64>,
    mayors: Vec<i64>,
    staff: Vec<i64>,
    has_president: bool,
    slugs: HashSet<String>,
}

struct Comm {
    id: i64,
    territory: usize,
    name: String,
    population: i64,
    /// The seats of its council as seeded, mayor first.
    council: Vec<(i64, Function)>,
    staff: Vec<i64>,
    has_mayor: bool,
    has_space: bool,
}

struct Space {
    id: i64,
    territory: usize,
    commune: Option<usize>,
    kind: SpaceKind,
    visibility: Visibility,
    topic: Option<usize>,
    /// Facilitators first: who writes its news.
    writers: Vec<i64>,
}

struct Seeder {
    scale: Scale,
    now: DateTime<Utc>,
    stamp: String,
    rng: Rng,
    territories: Vec<Terr>,
    communes: Vec<Comm>,
    spaces: Vec<Space>,
    report: SeedReport,
}

impl Seeder {
    fn new(scale: Scale, now: DateTime<Utc>) -> Seeder {
        Seeder {
            scale,
            now,
            stamp: stamp(now),
            rng: Rng(0x5eed_c0c0_2026),
            territories: Vec::new(),
            communes: Vec::new(),
            spaces: Vec::new(),
            report: SeedReport::default(),
        }
    }

    async fn run(
        mut self,
        conn: &mut AnyConnection,
        backend: Backend,
        progress: &mut dyn FnMut(SeedProgress),
    ) -> Result<SeedReport> {
        let mut ids = Ids::load(conn).await?;
        self.territories(conn, &mut ids).await?;
        progress(SeedProgress::Territories {
            territories: self.report.territories,
            communes: self.report.communes,
        });
        self.people(conn, &mut ids).await?;
        progress(SeedProgress::People {
            people: self.report.people,
            mandates: self.report.mandates,
        });
        self.spaces(conn, &mut ids).await?;
        progress(SeedProgress::Spaces {
            spaces: self.report.spaces,
            memberships: self.report.memberships,
        });
        self.articles(conn, &mut ids, progress).await?;
        if backend == Backend::Postgres {
            // Ids were given explicitly: move the identity sequences past them.
            for table in TABLES {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT MAX(id) FROM {table}))"
                ))
                .execute(&mut *conn)
                .await?;
            }
        }
        Ok(self.report)
    }

    /// The territories and their communes: those installed are reused, the
    /// others added from the catalogue.
    async fn territories(&mut self, conn: &mut AnyConnection, ids: &mut Ids) -> Result<()> {
        let installed: HashMap<String, i64> = sqlx::query("SELECT id, siren FROM territory")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("siren")?, r.try_get("id")?)))
            .collect::<Result<_>>()?;
        let spaced: HashSet<i64> = ids_of(
            conn,
            "SELECT commune_id FROM space WHERE commune_id IS NOT NULL",
            None,
        )
        .await?;
        let today = date(self.now.date_naive());
        let mayors: HashSet<i64> = ids_of(
            conn,
            "SELECT commune_id FROM mandate WHERE role = 'municipal_councillor' \
             AND function = 'mayor' AND commune_id IS NOT NULL \
             AND (end_date IS NULL OR end_date > $1)",
            Some(&today),
        )
        .await?;
        let presidents: HashSet<i64> = ids_of(
            conn,
            "SELECT territory_id FROM mandate WHERE role = 'community_councillor' \
             AND function = 'president' AND (end_date IS NULL OR end_date > $1)",
            Some(&today),
        )
        .await?;

        let mut territory_rows = Batch::new("territory", TERRITORY_COLUMNS);
        let mut commune_rows = Batch::new("commune", COMMUNE_COLUMNS);
        for territory in territories_for(self.scale.territories) {
            let (the, the_capital) = territory_forms(&territory.name);
            let index = self.territories.len();
            let mut record = Terr {
                id: 0,
                name: territory.name.clone(),
                the,
                the_capital,
                communes: Vec::new(),
                people: Vec::new(),
                president: None,
                vice_presidents: Vec::new(),
                community: Vec::new(),
                mayors: Vec::new(),
                staff: Vec::new(),
                has_president: false,
                slugs: HashSet::new(),
            };
            let stored: HashMap<String, i64> = match installed.get(territory.siren.as_str()) {
                Some(&id) => {
                    record.id = id;
                    record.has_president = presidents.contains(&id);
                    for row in sqlx::query("SELECT slug FROM space WHERE territory_id = $1")
                        .bind(id)
                        .fetch_all(&mut *conn)
                        .await?
                    {
                        record.slugs.insert(row.try_get("slug")?);
                    }
                    sqlx::query("SELECT id, insee_code FROM commune WHERE territory_id = $1")
                        .bind(id)
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(|r| Ok((r.try_get("insee_code")?, r.try_get("id")?)))
                        .collect::<Result<_>>()?
                }
                None => {
                    record.id = ids.take("territory");
                    territory_rows.push([
                        int(record.id),
                        text(territory.siren.as_str()),
                        text(&territory.name),
                        text(territory.kind.code()),
                        text(&territory.department),
                        text(territory.time_zone()),
                        int(territory.population_municipale),
                        int(territory.population_totale),
                        text(&self.stamp),
                    ]);
                    HashMap::new()
                }
            };
            let added = stored.is_empty();
            for commune in &territory.communes {
                let id = if added {
                    let id = ids.take("commune");
                    commune_rows.push([
                        int(id),
                        int(record.id),
                        text(commune.insee_code.as_str()),
                        text(commune.siren.as_str()),
                        text(&commune.name),
                        int(commune.population_municipale),
                        int(commune.population_totale),
                    ]);
                    id
                } else {
                    match stored.get(commune.insee_code.as_str()) {
                        Some(&id) => id,
                        None => continue,
                    }
                };
                record.communes.push(self.communes.len());
                self.communes.push(Comm {
                    id,
                    territory: index,
                    name: commune.name.clone(),
                    population: commune.population_municipale,
                    council: Vec::new(),
                    staff: Vec::new(),
                    has_mayor: mayors.contains(&id),
                    has_space: spaced.contains(&id),
                });
            }
            self.territories.push(record);
        }
        territory_rows.flush(conn).await?;
        commune_rows.flush(conn).await?;
        self.report.territories = self.territories.len();
        self.report.communes = self.communes.len();
        Ok(())
    }

    /// People and their mandates: a municipal council in every commune (one
    /// mayor, deputies, councillors), a community council per territory (a
    /// president and vice-presidents among the mayors), and staff.
    async fn people(&mut self, conn: &mut AnyConnection, ids: &mut Ids) -> Result<()> {
        let mut people = Batch::new("person", PERSON_COLUMNS);
        let mut mandates = Batch::new("mandate", MANDATE_COLUMNS);
        let today = self.now.date_naive();
        let municipal_start = date(term_start(today));
        let community_start = date(term_start(today) + Duration::days(25));

        let staff = self.scale.people / 20;
        let interco_staff = (staff / 5).max(self.territories.len()).min(staff);
        let commune_staff = staff - interco_staff;
        let seats = allocate_seats(&self.communes, self.scale.people - staff);

        for (c, &count) in seats.iter().enumerate() {
            let t = self.communes[c].territory;
            let deputies = if count >= 3 {
                (count * 3 / 10).max(1)
            } else {
                0
            };
            let delegated = if count >= 15 { 2 } else { 0 };
            let parity_female = self.rng.percent(50);
            for seat in 0..count {
                let (function, rank) = if self.communes[c].has_mayor {
                    (Function::Councillor, None)
                } else if seat == 0 {
                    (Function::Mayor, None)
                } else if seat <= deputies {
                    (Function::DeputyMayor, Some(seat as i64))
                } else if seat <= deputies + delegated {
                    (Function::DelegatedCouncillor, None)
                } else {
                    (Function::Councillor, None)
                };
                // One mayor in four is a woman; lists alternate women and men.
                let female = if function == Function::Mayor {
                    self.rng.percent(25)
                } else {
                    (seat % 2 == 0) == parity_female
                };
                let person = self.person(&mut people, ids, t, female);
                let commune = &mut self.communes[c];
                mandates.push([
                    int(ids.take("mandate")),
                    int(person),
                    int(self.territories[t].id),
                    int(commune.id),
                    text(Role::MunicipalCouncillor.code()),
                    text(function.code()),
                    V::I(rank),
                    V::T(None),
                    text("rne"),
                    text(&municipal_start),
                    text(&self.stamp),
                    text(&self.stamp),
                ]);
                commune.council.push((person, function));
                if function == Function::Mayor {
                    self.territories[t].mayors.push(person);
                }
            }
        }

        // Community councils: the largest commune's mayor presides, the next
        // mayors are vice-presidents; larger communes send more councillors.
        for t in 0..self.territories.len() {
            let mut order: Vec<usize> = self.territories[t]
                .communes
                .iter()
                .copied()
                .filter(|&c| !self.communes[c].council.is_empty())
                .collect();
            order.sort_by_key(|&c| std::cmp::Reverse(self.communes[c].population));
            let has_president = self.territories[t].has_president;
            let vice_presidents = if has_president {
                0
            } else {
                (order.len() * 3 / 10)
                    .clamp(1, 15)
                    .min(order.len().saturating_sub(1))
            };
            for (place, &c) in order.iter().enumerate() {
                let commune = &self.communes[c];
                let seats = (1 + commune.population / 3_000) as usize;
                for (seat, &(person, held)) in commune.council.iter().take(seats).enumerate() {
                    let mayor = seat == 0 && held == Function::Mayor;
                    let (function, rank) = if mayor && place == 0 && !has_president {
                        (Function::President, None)
                    } else if mayor && place >= 1 && place <= vice_presidents {
                        (Function::VicePresident, Some(place as i64))
                    } else {
                        (Function::Councillor, None)
                    };
                    mandates.push([
                        int(ids.take("mandate")),
                        int(person),
                        int(self.territories[t].id),
                        int(commune.id),
                        text(Role::CommunityCouncillor.code()),
                        text(function.code()),
                        V::I(rank),
                        V::T(None),
                        text("rne"),
                        text(&community_start),
                        text(&self.stamp),
                        text(&self.stamp),
                    ]);
                    let territory = &mut self.territories[t];
                    territory.community.push(person);
                    match function {
                        Function::President => territory.president = Some(person),
                        Function::VicePresident => territory.vice_presidents.push(person),
                        _ => {}
                    }
                }
            }
        }

        // Staff: the intercommunality's, then a secretary in some town halls.
        for n in 0..interco_staff {
            let t = n % self.territories.len();
            let female = self.rng.percent(60);
            let person = self.person(&mut people, ids, t, female);
            let start = date(today - Duration::days(self.rng.range(60, 4_000)));
            mandates.push([
                int(ids.take("mandate")),
                int(person),
                int(self.territories[t].id),
                V::I(None),
                text(Role::IntercoStaff.code()),
                V::T(None),
                V::I(None),
                text(&self.territories[t].name),
                text("manual"),
                text(start),
                text(&self.stamp),
                text(&self.stamp),
            ]);
            self.territories[t].staff.push(person);
        }
        let mut halls: Vec<usize> = (0..self.communes.len()).collect();
        self.rng.shuffle(&mut halls);
        for n in 0..commune_staff {
            let Some(&c) = halls.get(n % halls.len().max(1)) else {
                break;
            };
            let t = self.communes[c].territory;
            let female = self.rng.percent(70);
            let person = self.person(&mut people, ids, t, female);
            let start = date(today - Duration::days(self.rng.range(60, 6_000)));
            let organisation = format!("Mairie {}", of(&self.communes[c].name));
            mandates.push([
                int(ids.take("mandate")),
                int(person),
                int(self.territories[t].id),
                int(self.communes[c].id),
                text(Role::CommuneStaff.code()),
                V::T(None),
                V::I(None),
                text(organisation),
                text("manual"),
                text(start),
                text(&self.stamp),
                text(&self.stamp),
            ]);
            self.communes[c].staff.push(person);
        }

        people.flush(conn).await?;
        mandates.flush(conn).await?;
        self.report.people = people.written;
        self.report.mandates = mandates.written;
        Ok(())
    }

    /// A made-up person of territory `t`.
    fn person(&mut self, batch: &mut Batch, ids: &mut Ids, t: usize, female: bool) -> i64 {
        let names = &texts().names;
        let given = self
            .rng
            .pick_word(if female { &names[0] } else { &names[1] });
        let surname = self.rng.pick_word(&names[2]).to_uppercase();
        let id = ids.take("person");
        batch.push([
            int(id),
            int(self.territories[t].id),
            text(&surname),
            text(given),
            text(format!("{given} {surname}")),
            text(if female { "F" } else { "M" }),
            text(&self.stamp),
            text(&self.stamp),
        ]);
        self.territories[t].people.push(id);
        id
    }

    /// Spaces: per territory its own, the conference of mayors and the
    /// development council; a space for most communes (the largest first);
    /// commissions and working groups for the rest, more in larger territories.
    async fn spaces(&mut self, conn: &mut AnyConnection, ids: &mut Ids) -> Result<()> {
        let mut spaces = Batch::new("space", SPACE_COLUMNS);
        let mut members = Batch::new("membership", MEMBERSHIP_COLUMNS);
        let total = self.scale.spaces;
        let fixed = (3 * self.territories.len()).min(total);

        let mut candidates: Vec<usize> = (0..self.communes.len())
            .filter(|&c| !self.communes[c].has_space)
            .collect();
        candidates.sort_by_key(|&c| std::cmp::Reverse(self.communes[c].population));
        let commune_spaces = (self.communes.len() * 3 / 4)
            .min((total - fixed) * 6 / 10)
            .min(candidates.len());
        candidates.truncate(commune_spaces);
        let others = total - fixed - commune_spaces;
        let weights: Vec<usize> = self
            .territories
            .iter()
            .map(|t| t.communes.len() + 3)
            .collect();
        let shares = largest_remainder(others, &weights);

        let mut planned: Vec<PlannedSpace> = Vec::with_capacity(total);
        for t in 0..self.territories.len() {
            for kind in [
                SpaceKind::Territory,
                SpaceKind::MayorsConference,
                SpaceKind::DevelopmentCouncil,
            ] {
                if planned.len() < fixed {
                    planned.push(PlannedSpace::fixed(t, kind));
                }
            }
        }
        for &c in &candidates {
            planned.push(PlannedSpace {
                territory: self.communes[c].territory,
                commune: Some(c),
                kind: SpaceKind::Commune,
                theme: None,
            });
        }
        for (t, &share) in shares.iter().enumerate() {
            let offset = self.rng.below(COMMISSIONS.len());
            for n in 0..share {
                let (kind, theme) = if n < 12 {
                    (SpaceKind::Commission, (offset + n) % COMMISSIONS.len())
                } else {
                    (SpaceKind::WorkingGroup, n - 12)
                };
                planned.push(PlannedSpace {
                    territory: t,
                    commune: None,
                    kind,
                    theme: Some(theme),
                });
            }
        }

        for plan in planned {
            let id = ids.take("space");
            let t = plan.territory;
            let (name, description, topic) = self.space_words(&plan);
            let slug = unique_slug(&mut self.territories[t].slugs, &name);
            let roll = self.rng.below(100);
            let visibility = match plan.kind {
                SpaceKind::Territory | SpaceKind::DevelopmentCouncil => Visibility::Public,
                SpaceKind::MayorsConference => Visibility::Restricted,
                SpaceKind::Commune if roll < 70 => Visibility::Public,
                SpaceKind::Commune => Visibility::Territory,
                SpaceKind::Commission if roll < 50 => Visibility::Public,
                SpaceKind::Commission if roll < 85 => Visibility::Territory,
                SpaceKind::WorkingGroup if roll < 30 => Visibility::Public,
                SpaceKind::WorkingGroup if roll < 70 => Visibility::Territory,
                _ => Visibility::Restricted,
            };
            spaces.push([
                int(id),
                int(self.territories[t].id),
                V::I(plan.commune.map(|c| self.communes[c].id)),
                text(plan.kind.code()),
                text(visibility.code()),
                text(slug),
                text(name),
                text(description),
                text(&self.stamp),
            ]);
            let roster = self.roster(&plan);
            for &(person, role) in &roster {
                members.push([
                    int(ids.take("membership")),
                    int(id),
                    int(person),
                    text(role.code()),
                    text(&self.stamp),
                ]);
            }
            self.spaces.push(Space {
                id,
                territory: t,
                commune: plan.commune,
                kind: plan.kind,
                visibility,
                topic,
                writers: roster
                    .iter()
                    .filter(|(_, role)| *role != SpaceRole::Reader)
                    .map(|(p, _)| *p)
                    .collect(),
            });
        }
        spaces.flush(conn).await?;
        members.flush(conn).await?;
        self.report.spaces = spaces.written;
        self.report.memberships = members.written;
        Ok(())
    }

    /// A space's name, description and main topic.
    fn space_words(&mut self, plan: &PlannedSpace) -> (String, String, Option<usize>) {
        let territory = &self.territories[plan.territory];
        match (plan.kind, plan.commune, plan.theme) {
            (SpaceKind::Commune, Some(c), _) => {
                let name = self.communes[c].name.clone();
                let description = typo(&format!(
                    "La vie de la commune {} : conseil municipal, travaux, écoles, associations.",
                    of(&name)
                ));
                (name, description, None)
            }
            (SpaceKind::Commission, _, Some(theme)) => {
                let (words, topic) = COMMISSIONS[theme];
                (
                    format!("Commission {words}"),
                    typo(&format!(
                        "Les travaux de la commission {words} {} : ordres du jour, comptes rendus, actualités.",
                        of_territory(&territory.the)
                    )),
                    Some(topic),
                )
            }
            (SpaceKind::WorkingGroup, _, Some(n)) => {
                let (words, topic) = WORKING_GROUPS[n % WORKING_GROUPS.len()];
                let name = if n < WORKING_GROUPS.len() {
                    format!("Groupe de travail {words}")
                } else {
                    let c = territory.communes[self.rng.below(territory.communes.len())];
                    format!("Groupe de travail {words} – {}", self.communes[c].name)
                };
                let description = typo(&format!(
                    "Un groupe d'élus, d'agents et d'habitants qui prépare les décisions sur le thème « {words} »."
                ));
                (name, description, Some(topic))
            }
            (SpaceKind::MayorsConference, _, _) => (
                "Conférence des maires".to_owned(),
                typo(&format!(
                    "Les maires des communes {} préparent ensemble les décisions communautaires.",
                    of_territory(&territory.the)
                )),
                Some(TOPIC_COUNCIL),
            ),
            (SpaceKind::DevelopmentCouncil, _, _) => (
                "Conseil de développement".to_owned(),
                typo(&format!(
                    "Des habitants, des associations et des entreprises donnent leur avis sur les projets {}.",
                    of_territory(&territory.the)
                )),
                Some(TOPIC_ENVIRONMENT),
            ),
            _ => (
                territory.name.clone(),
                typo(&format!(
                    "Les actualités {} et de ses services.",
                    of_territory(&territory.the)
                )),
                None,
            ),
        }
    }

    /// The members of a new space, facilitators first, each person once.
    fn roster(&mut self, plan: &PlannedSpace) -> Vec<(i64, SpaceRole)> {
        let mut roster: Vec<(i64, SpaceRole)> = Vec::new();
        let mut add = |person: i64, role: SpaceRole| {
            if !roster.iter().any(|(p, _)| *p == person) {
                roster.push((person, role));
            }
        };
        let t = &self.territories[plan.territory];
        match plan.kind {
            SpaceKind::Commune => {
                let commune = &self.communes[plan.commune.expect("a commune space")];
                for &(person, function) in &commune.council {
                    let role = if function == Function::Mayor {
                        SpaceRole::Facilitator
                    } else {
                        SpaceRole::Member
                    };
                    add(person, role);
                }
                for &person in &commune.staff {
                    add(person, SpaceRole::Member);
                }
                // With a facilitator first, whatever the order of the seats.
                roster.sort_by_key(|(_, role)| std::cmp::Reverse(*role));
            }
            SpaceKind::Territory => {
                t.president
                    .iter()
                    .chain(t.staff.first())
                    .for_each(|&p| add(p, SpaceRole::Facilitator));
                t.vice_presidents
                    .iter()
                    .for_each(|&p| add(p, SpaceRole::Member));
                t.staff.iter().for_each(|&p| add(p, SpaceRole::Reader));
            }
            SpaceKind::MayorsConference => {
                t.president
                    .iter()
                    .for_each(|&p| add(p, SpaceRole::Facilitator));
                t.mayors.iter().for_each(|&p| add(p, SpaceRole::Member));
            }
            _ => {
                let pool = if t.community.is_empty() {
                    &t.people
                } else {
                    &t.community
                };
                if pool.is_empty() {
                    return roster;
                }
                let lead = if plan.kind == SpaceKind::Commission && !t.vice_presidents.is_empty() {
                    t.vice_presidents[self.rng.below(t.vice_presidents.len())]
                } else {
                    pool[self.rng.below(pool.len())]
                };
                add(lead, SpaceRole::Facilitator);
                for _ in 0..self.rng.range(3, 12) {
                    add(pool[self.rng.below(pool.len())], SpaceRole::Member);
                }
                for _ in 0..self.rng.range(0, 3) {
                    add(t.people[self.rng.below(t.people.len())], SpaceRole::Reader);
                }
            }
        }
        roster
    }

    /// The news: mostly in public spaces and published over the last three
    /// years (older ones with lower ids, as in life); 5 % drafts, 1 %
    /// scheduled; those of commune spaces, and some others, tied to communes.
    async fn articles(
        &mut self,
        conn: &mut AnyConnection,
        ids: &mut Ids,
        progress: &mut dyn FnMut(SeedProgress),
    ) -> Result<()> {
        let mut articles = Batch::new("article", ARTICLE_COLUMNS);
        let mut links = Batch::new("article_commune", ARTICLE_COMMUNE_COLUMNS);
        let total = self.scale.articles;
        if self.spaces.is_empty() {
            return Ok(());
        }
        let mut cumulative = Vec::with_capacity(self.spaces.len());
        let mut sum = 0usize;
        for space in &self.spaces {
            let weight = match space.kind {
                SpaceKind::Territory => 8,
                SpaceKind::Commune => 3,
                SpaceKind::Commission | SpaceKind::DevelopmentCouncil => 2,
                SpaceKind::WorkingGroup | SpaceKind::MayorsConference => 1,
            };
            sum += if space.visibility == Visibility::Public {
                weight * 3
            } else {
                weight
            };
            cumulative.push(sum);
        }
        let span = Duration::days(3 * 365).num_seconds();
        let start = self.now - Duration::seconds(span);
        let step = (span / total.max(1) as i64).max(1);
        let latest = self.now - Duration::minutes(5);
        let report_every = 10_000.min(total.max(1));

        for n in 0..total {
            let draw = self.rng.below(sum);
            let s = cumulative.partition_point(|&c| c <= draw);
            let space = &self.spaces[s];
            let t = space.territory;
            // In every hundred articles: five drafts and one scheduled
            // (about two weeks of publications, department-wide).
            let slot = n % 100;
            let (status, publish_at, created_at) = if slot % 20 == 7 {
                let created = self.now - Duration::minutes(self.rng.range(60, 40 * 24 * 60));
                ("draft", None, created)
            } else if slot == 42 {
                let created = self.now - Duration::minutes(self.rng.range(60, 20 * 24 * 60));
                let day = self.now.date_naive() + Duration::days(self.rng.range(1, 21));
                let hour = self.rng.range(6, 16) as u32;
                let at = day.and_hms_opt(hour, 0, 0).expect("a valid hour").and_utc();
                ("published", Some(at), created)
            } else {
                let at = start + Duration::seconds(step * n as i64 + self.rng.range(0, step - 1));
                let at = at.min(latest);
                let created = at - Duration::minutes(self.rng.range(10, 3 * 24 * 60));
                ("published", Some(at), created)
            };
            match (status, publish_at) {
                ("draft", _) => self.report.drafts += 1,
                (_, Some(at)) if at > self.now => self.report.scheduled += 1,
                _ => self.report.published += 1,
            }

            // The communes it concerns; the first one is the one it talks about.
            let territory = &self.territories[t];
            let mut concerned: Vec<usize> = Vec::new();
            if let Some(c) = space.commune {
                concerned.push(c);
            } else if !territory.communes.is_empty() {
                let share = match space.kind {
                    SpaceKind::Territory
                    | SpaceKind::MayorsConference
                    | SpaceKind::DevelopmentCouncil => 35,
                    _ => 12,
                };
                if self.rng.percent(share) {
                    for _ in 0..self.rng.range(1, 3) {
                        let c = territory.communes[self.rng.below(territory.communes.len())];
                        if !concerned.contains(&c) {
                            concerned.push(c);
                        }
                    }
                }
            }
            let pick_commune = |rng: &mut Rng| {
                if territory.communes.is_empty() {
                    None
                } else {
                    Some(territory.communes[rng.below(territory.communes.len())])
                }
            };
            let about = match concerned.first() {
                Some(&c) => Some(c),
                None => pick_commune(&mut self.rng),
            };
            let other = pick_commune(&mut self.rng);
            let name_of = |c: Option<usize>| {
                c.map(|c| self.communes[c].name.as_str())
                    .unwrap_or(territory.name.as_str())
            };
            let topic = match space.topic {
                Some(topic) if self.rng.percent(60) => topic,
                _ => self.rng.below(TOPICS.len()),
            };
            let context = TextContext {
                commune: name_of(about),
                other: name_of(other),
                territory: &territory.the,
                territory_capital: &territory.the_capital,
                day: publish_at.unwrap_or(created_at).date_naive(),
            };
            let (title, body) = write_article(&mut self.rng, topic, &context);
            let author = if space.writers.is_empty() {
                territory.people.first().copied()
            } else {
                let n = space.writers.len().min(3);
                Some(space.writers[self.rng.below(n)])
            };
            let id = ids.take("article");
            let updated_at = publish_at.filter(|&p| p <= self.now).unwrap_or(created_at);
            let slug = slugify(&title);
            articles.push([
                int(id),
                int(territory.id),
                int(space.id),
                V::I(author),
                text(title),
                text(slug),
                text(body),
                text(status),
                V::T(publish_at.map(stamp)),
                text(stamp(created_at)),
                text(stamp(updated_at)),
            ]);
            if !concerned.is_empty() {
                self.report.linked += 1;
            }
            for c in concerned {
                links.push([int(id), int(self.communes[c].id)]);
            }
            if articles.rows() >= MAX_ROWS {
                articles.flush(conn).await?;
                links.flush(conn).await?;
            }
            if (n + 1) % report_every == 0 || n + 1 == total {
                articles.flush(conn).await?;
                links.flush(conn).await?;
                progress(SeedProgress::Articles { done: n + 1, total });
            }
        }
        articles.flush(conn).await?;
        links.flush(conn).await?;
        self.report.articles = articles.written;
        Ok(())
    }
}

/// A space to create.
struct PlannedSpace {
    territory: usize,
    commune: Option<usize>,
    kind: SpaceKind,
    /// The commission's theme, or the working group's number.
    theme: Option<usize>,
}

impl PlannedSpace {
    fn fixed(territory: usize, kind: SpaceKind) -> PlannedSpace {
        PlannedSpace {
            territory,
            commune: None,
            kind,
            theme: None,
        }
    }
}

/// The ids a query returns in its first column.
async fn ids_of(conn: &mut AnyConnection, sql: &str, bind: Option<&str>) -> Result<HashSet<i64>> {
    let mut query = sqlx::query(sql);
    if let Some(value) = bind {
        query = query.bind(value.to_owned());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(r.try_get::<i64, _>(0)?))
        .collect()
}

/// The start of the current municipal term: March 2026, or June 2020 before.
fn term_start(today: NaiveDate) -> NaiveDate {
    let elections = [
        NaiveDate::from_ymd_opt(2026, 3, 22),
        NaiveDate::from_ymd_opt(2020, 6, 28),
    ];
    elections
        .into_iter()
        .flatten()
        .find(|&d| d <= today)
        .unwrap_or(today - Duration::days(365))
}

/// Seats of a municipal council by population (article L2121-2 of the Code
/// général des collectivités territoriales).
fn legal_seats(population: i64) -> usize {
    const STEPS: [(i64, usize); 19] = [
        (100, 7),
        (500, 11),
        (1_500, 15),
        (2_500, 19),
        (3_500, 23),
        (5_000, 27),
        (10_000, 29),
        (20_000, 33),
        (30_000, 35),
        (40_000, 39),
        (50_000, 43),
        (60_000, 45),
        (80_000, 49),
        (100_000, 53),
        (150_000, 55),
        (200_000, 59),
        (250_000, 61),
        (300_000, 65),
        (i64::MAX, 69),
    ];
    STEPS
        .iter()
        .find(|(below, _)| population < *below)
        .map(|(_, seats)| *seats)
        .unwrap_or(69)
}

/// Council seats per commune, in proportion to the legal numbers, adding up
/// to `people` exactly; every commune gets at least its mayor while there
/// are enough people, the most populated first.
fn allocate_seats(communes: &[Comm], people: usize) -> Vec<usize> {
    let mut seats = vec![0; communes.len()];
    if communes.is_empty() {
        return seats;
    }
    let mut by_size: Vec<usize> = (0..communes.len()).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(communes[c].population));
    if people < communes.len() {
        for &c in by_size.iter().take(people) {
            seats[c] = 1;
        }
        return seats;
    }
    let legal: Vec<usize> = communes.iter().map(|c| legal_seats(c.population)).collect();
    let total: usize = legal.iter().sum();
    for (c, &l) in legal.iter().enumerate() {
        seats[c] = (l * people / total).max(1);
    }
    let mut sum: usize = seats.iter().sum();
    let mut turn = 0;
    while sum < people {
        seats[by_size[turn % by_size.len()]] += 1;
        sum += 1;
        turn += 1;
    }
    while sum > people {
        let c = by_size[turn % by_size.len()];
        if seats[c] > 1 {
            seats[c] -= 1;
            sum -= 1;
        }
        turn += 1;
    }
    seats
}

/// Splits `total` in proportion to `weights` (largest remainders).
fn largest_remainder(total: usize, weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut shares: Vec<usize> = weights.iter().map(|w| w * total / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((weights[i] * total) % sum));
    let given: usize = shares.iter().sum();
    for &i in order.iter().take(total - given) {
        shares[i] += 1;
    }
    shares
}

/// A slug not yet used in the territory: `name`, `name-2`, `name-3`…
fn unique_slug(taken: &mut HashSet<String>, name: &str) -> String {
    let base = slugify(name);
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

/// "la CC du Massif du Vercors" and "La CC du Massif du Vercors"; names that
/// do not start with their kind take no article ("Grenoble-Alpes-Métropole").
fn territory_forms(name: &str) -> (String, String) {
    const WITH_ARTICLE: [&str; 6] = [
        "CC ",
        "CA ",
        "CU ",
        "Communauté",
        "Métropole",
        "Eurométropole",
    ];
    if WITH_ARTICLE.iter().any(|p| name.starts_with(p)) {
        (format!("la {name}"), format!("La {name}"))
    } else {
        (name.to_owned(), name.to_owned())
    }
}

/// "de la CC …" or "de Grenoble-Alpes-Métropole".
fn of_territory(the: &str) -> String {
    format!("de {the}")
}

/// "de Méaudre", "d’Autrans", "du Touvet", "des Adrets".
fn of(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = name.strip_prefix("Les ") {
        format!("des {rest}")
    } else if name.starts_with(['A', 'E', 'I', 'O', 'U', 'Y', 'É', 'È', 'Ê', 'Â', 'Î', 'Ô']) {
        format!("d’{name}")
    } else {
        format!("de {name}")
    }
}

/// "à Méaudre", "au Touvet", "aux Adrets".
fn at(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        format!("au {rest}")
    } else if let Some(rest) = name.strip_prefix("Les ") {
        format!("aux {rest}")
    } else {
        format!("à {name}")
    }
}

// --- pseudo-random numbers ----------------------------------------------------

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    /// True `percent` times in a hundred.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn pick_text<'a>(&mut self, items: &'a [String]) -> &'a str {
        self.pick(items).as_str()
    }

    fn pick_word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// --- French text --------------------------------------------------------------

/// French typography for text written with plain spaces and apostrophes:
/// U+00A0 before `:` and `%`, U+202F before `;` `?` `!` and inside « », ’.
fn typo(text: &str) -> String {
    text.replace(" :", "\u{a0}:")
        .replace(" %", "\u{a0}%")
        .replace(" ;", "\u{202f};")
        .replace(" ?", "\u{202f}?")
        .replace(" !", "\u{202f}!")
        .replace("« ", "«\u{202f}")
        .replace(" »", "\u{202f}»")
        .replace('\'', "’")
}

/// What the placeholders of a template stand for.
struct TextContext<'a> {
    /// The commune the article is about (`{c}`, `{dc}` "de …", `{ac}` "à …").
    commune: &'a str,
    /// Another commune of the territory (`{c2}`).
    other: &'a str,
    /// `{t}` "la CC du Massif du Vercors", `{T}` at the start of a sentence.
    territory: &'a str,
    territory_capital: &'a str,
    /// The article's date: dates it mentions come after it.
    day: NaiveDate,
}

/// Every template, with French typography applied once.
struct Texts {
    topics: Vec<[Vec<String>; 2]>,
    general: Vec<String>,
    closings: Vec<String>,
    subtitles: Vec<String>,
    list_intros: Vec<String>,
    items: Vec<String>,
    /// Women's given names, men's, surnames.
    names: [Vec<&'static str>; 3],
}

fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let all = |lines: &[&str]| lines.iter().map(|l| typo(l)).collect::<Vec<_>>();
        Texts {
            topics: TOPICS
                .iter()
                .map(|(titles, sentences)| [all(titles), all(sentences)])
                .collect(),
            general: all(GENERAL),
            closings: all(CLOSINGS),
            subtitles: all(SUBTITLES),
            list_intros: all(LIST_INTROS),
            items: all(ITEMS),
            names: [GIVEN_F, GIVEN_M, SURNAMES].map(|list| list.split_whitespace().collect()),
        }
    })
}

/// A title and a Markdown body of a few paragraphs on `topic`.
fn write_article(rng: &mut Rng, topic: usize, context: &TextContext<'_>) -> (String, String) {
    let texts = texts();
    let [titles, sentences] = &texts.topics[topic];
    let mut title = String::new();
    fill(&mut title, rng.pick_text(titles), context, rng);

    let mut order: Vec<usize> = (0..sentences.len()).collect();
    rng.shuffle(&mut order);
    let mut next = order.into_iter().cycle();
    let mut body = String::with_capacity(1_600);
    let first = rng.range(2, 3);
    for n in 0..first {
        if n > 0 {
            body.push(' ');
        }
        fill(
            &mut body,
            &sentences[next.next().unwrap_or(0)],
            context,
            rng,
        );
    }
    if rng.percent(50) {
        body.push_str("\n\n## ");
        body.push_str(rng.pick_text(&texts.subtitles));
    }
    body.push_str("\n\n");
    for n in 0..rng.range(2, 3) {
        if n > 0 {
            body.push(' ');
        }
        fill(
            &mut body,
            &sentences[next.next().unwrap_or(0)],
            context,
            rng,
        );
    }
    let mut general: Vec<usize> = (0..texts.general.len()).collect();
    rng.shuffle(&mut general);
    for &n in general.iter().take(rng.range(1, 3) as usize) {
        body.push(' ');
        fill(&mut body, &texts.general[n], context, rng);
    }
    if rng.percent(35) {
        body.push_str("\n\n");
        body.push_str(rng.pick_text(&texts.list_intros));
        body.push('\n');
        let mut items: Vec<usize> = (0..texts.items.len()).collect();
        rng.shuffle(&mut items);
        for &i in items.iter().take(3) {
            body.push_str("\n- ");
            fill(&mut body, &texts.items[i], context, rng);
        }
    }
    body.push_str("\n\n");
    for n in 0..rng.range(1, 2) {
        if n > 0 {
            body.push(' ');
        }
        fill(&mut body, rng.pick_text(&texts.closings), context, rng);
    }
    body.push('\n');
    (title, body)
}

/// Appends `template` with its placeholders replaced.
fn fill(out: &mut String, template: &str, context: &TextContext<'_>, rng: &mut Rng) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|n| open + n) else {
            break;
        };
        match &rest[open + 1..close] {
            "c" => out.push_str(context.commune),
            "c2" => out.push_str(context.other),
            "dc" => out.push_str(&of(context.commune)),
            "ac" => out.push_str(&at(context.commune)),
            "t" => out.push_str(context.territory),
            "T" => out.push_str(context.territory_capital),
            "d" => {
                let day = context.day + Duration::days(rng.range(3, 45));
                out.push_str(&french_date(day));
            }
            "h" => out.push_str(rng.pick_word(HOURS)),
            "m" => {
                let euros = rng.range(10, 4_000) * 500;
                out.push_str(&thousands(euros));
                out.push_str("\u{a0}€");
            }
            "k" => out.push_str(&thousands(rng.range(5, 120) * 100)),
            "n" => out.push_str(&rng.range(3, 40).to_string()),
            "y" => out.push_str(&context.day.year().to_string()),
            "l" => out.push_str(rng.pick(PLACES).0),
            "L" => out.push_str(rng.pick(PLACES).1),
            "x" => out.push_str(&typo(rng.pick_word(STREETS))),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

/// "mardi 1er avril", "samedi 14 juin".
fn french_date(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let weekday = match day.weekday() {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    };
    let number = if day.day() == 1 {
        "1er".to_owned()
    } else {
        day.day().to_string()
    };
    format!("{weekday} {number} {}", MONTHS[day.month0() as usize])
}

/// 12 500 with U+202F between thousands, as French writes numbers.
fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    out
}

/// Given names, separated by spaces.
const GIVEN_F: &str = "Agnès Anne Aurélie Camille Catherine Céline Chantal Christine Claire Corinne Delphine \
     Élodie Émilie Florence Françoise Gaëlle Hélène Isabelle Jeanne Julie Juliette Laure Léa \
     Manon Margaux Marie Martine Mathilde Monique Nathalie Nicole Noémie Pascale Patricia \
     Sandrine Sophie Sylvie Valérie Véronique Virginie";

const GIVEN_M: &str = "Alain André Antoine Arnaud Benoît Bernard Bruno Christophe Claude Daniel David Denis \
     Didier Éric Étienne François Frédéric Gérard Gilles Guillaume Henri Hugo Jacques Jean \
     Jean-Pierre Julien Laurent Louis Luc Marc Mathieu Michel Nicolas Olivier Pascal Patrick \
     Philippe Pierre Rémi Sébastien Serge Stéphane Thierry Thomas Vincent Yves";

const SURNAMES: &str = "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel \
     Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine \
     Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier \
     François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel \
     Mathieu Gautier Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier \
     Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard \
     Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine \
     Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Rolland \
     Guillaume Lecomte Buisson Chabert Reynaud Jacquier Rochas Bouvier Guillot Achard Arnoux \
     Bellier Berthet Blanchet Bonnard Chaboud Chapuis Charvet Dolle Drevon Eymard Faure-Brac \
     Gachet Gonnet Jourdan Magnat Michallet Pellat Perrier Repellin Rostaing Sibille Vial \
     Vignon";

/// Hours with their non-breaking spaces: "18 h 30".
const HOURS: &[&str] = &[
    "9\u{a0}h",
    "10\u{a0}h",
    "10\u{a0}h\u{a0}30",
    "14\u{a0}h",
    "17\u{a0}h",
    "18\u{a0}h",
    "18\u{a0}h\u{a0}30",
    "19\u{a0}h",
    "20\u{a0}h",
    "20\u{a0}h\u{a0}30",
];

/// Places, with their preposition and without.
const PLACES: &[(&str, &str)] = &[
    ("à la salle des fêtes", "salle des fêtes"),
    ("en mairie", "mairie"),
    ("au gymnase", "gymnase"),
    ("à la médiathèque", "médiathèque"),
    ("à la maison des associations", "maison des associations"),
    ("au foyer rural", "foyer rural"),
    ("sur la place du village", "place du village"),
    ("à l’espace culturel", "espace culturel"),
];

const STREETS: &[&str] = &[
    "la route de la Croix",
    "la rue du Lavoir",
    "la place de l'Église",
    "la montée du Château",
    "la rue des Écoles",
    "l'avenue de la Gare",
    "la route des Alpages",
    "la rue du Moulin",
    "l'allée des Tilleuls",
    "la traverse du Bourg",
    "la route des Hameaux",
    "la rue de la Fontaine",
];

const TOPIC_COUNCIL: usize = 6;
const TOPIC_ENVIRONMENT: usize = 9;

/// Titles and sentences by topic, written with plain spaces and apostrophes
/// (see [`typo`]). Placeholders: see [`fill`].
type Topic = (&'static [&'static str], &'static [&'static str]);
const TOPICS: [Topic; 15] = [
    // 0: roads
    (
        &[
            "Travaux de voirie : {x} fermée à la circulation",
            "Réfection de {x} {ac} à partir du {d}",
            "Chantier de {x} : ce qui change pour les riverains",
            "Éclairage public : passage aux lampes LED {ac}",
        ],
        &[
            "Les travaux de réfection de {x} débuteront le {d} et dureront environ {n} semaines.",
            "Pendant le chantier, la circulation sera alternée et le stationnement interdit aux abords.",
            "Le montant des travaux s'élève à {m}, dont une partie financée par le Département.",
            "Les riverains ont été informés par courrier et une réunion d'information se tiendra le {d} à {h}, {l}.",
            "L'accès aux commerces et aux habitations reste assuré pendant toute la durée des travaux.",
            "Une déviation est mise en place par le centre-bourg ; merci de respecter la signalisation.",
            "Ce chantier fait partie du programme pluriannuel de voirie voté par le conseil municipal {dc}.",
            "Les trottoirs seront élargis et un plateau ralentisseur sera créé devant l'école.",
            "Le remplacement de {n} points lumineux réduira de moitié la consommation d'électricité de l'éclairage public.",
        ],
    ),
    // 1: water
    (
        &[
            "Eau potable : travaux sur le réseau {dc}",
            "Assainissement : la station d'épuration {dc} modernisée",
            "Qualité de l'eau : les résultats des dernières analyses",
            "Sécheresse : des restrictions d'usage de l'eau {ac}",
        ],
        &[
            "{T} renouvelle cette année {n} kilomètres de canalisations d'eau potable.",
            "Des coupures d'eau de courte durée sont possibles le {d} entre {h} et midi.",
            "Les analyses réalisées par l'Agence régionale de santé confirment une eau conforme aux normes sanitaires.",
            "La nouvelle filière de traitement pourra recevoir les eaux usées de près de {k} habitants.",
            "Le coût de l'opération, {m}, est couvert par l'Agence de l'eau et le budget annexe de l'assainissement.",
            "Pour toute question sur votre facture, le service de l'eau vous reçoit du lundi au vendredi.",
            "Le remplissage des piscines et l'arrosage des pelouses sont interdits jusqu'à nouvel ordre.",
            "Les relevés de compteurs auront lieu à partir du {d} ; merci de laisser l'accès libre aux agents.",
        ],
    ),
    // 2: waste
    (
        &[
            "Collecte des déchets : nouveaux jours de passage {ac}",
            "La déchetterie change d'horaires à partir du {d}",
            "Compostage : des composteurs gratuits pour les habitants",
            "Tri des emballages : les consignes simplifiées",
        ],
        &[
            "À partir du {d}, la collecte des ordures ménagères aura lieu le mardi matin.",
            "Les bacs doivent être sortis la veille au soir et rentrés après le passage du camion.",
            "{T} met à disposition des composteurs de 400 litres, sur simple inscription.",
            "Depuis la mise en place du tri à la source, le volume des ordures ménagères a baissé de {n} %.",
            "Tous les emballages et tous les papiers se déposent désormais dans le bac jaune.",
            "La déchetterie sera ouverte du mardi au samedi, de {h} à 17\u{a0}h\u{a0}30.",
            "Une distribution de sacs de précollecte aura lieu le {d}, {l}.",
            "Les dépôts sauvages sont passibles d'une amende ; merci d'utiliser les points d'apport volontaire.",
        ],
    ),
    // 3: children and schools
    (
        &[
            "Rentrée scolaire {ac} : ce qu'il faut savoir",
            "Inscriptions à la cantine et au périscolaire",
            "Le relais petite enfance ouvre une permanence {ac}",
            "Centre de loisirs : le programme des vacances",
        ],
        &[
            "Les inscriptions se font en ligne ou en mairie jusqu'au {d}.",
            "La cantine propose chaque jour un repas avec au moins un produit bio ou local.",
            "L'accueil périscolaire fonctionne de 7\u{a0}h\u{a0}30 à 18\u{a0}h\u{a0}30 les jours d'école.",
            "Le relais petite enfance accompagne les parents et les assistantes maternelles dans leurs démarches.",
            "{n} enfants sont attendus à l'école {dc} cette année.",
            "Le centre de loisirs accueille les enfants de 3 à 12 ans pendant les vacances scolaires.",
            "Sorties en montagne, ateliers cuisine et grands jeux sont au programme.",
            "Les tarifs dépendent du quotient familial ; pensez à fournir votre attestation de la CAF.",
        ],
    ),
    // 4: culture
    (
        &[
            "Festival d'été : le programme dévoilé",
            "Exposition à la médiathèque {dc}",
            "Concert gratuit le {d}, {l}",
            "Journées du patrimoine : les visites {ac}",
        ],
        &[
            "La médiathèque accueille jusqu'au {d} une exposition de photographies consacrée aux paysages du territoire.",
            "Le concert, gratuit, commencera à {h} ; les portes ouvriront une demi-heure avant.",
            "Les Journées du patrimoine permettent de découvrir l'église, le lavoir et les anciennes fermes {dc}.",
            "Cette année, le festival accueille {n} compagnies et propose des spectacles pour tous les âges.",
            "Les billets sont en vente à l'office de tourisme et sur place, dans la limite des places disponibles.",
            "Une lecture de contes pour les enfants aura lieu le {d} à {h}.",
            "« Nous voulons que la culture soit accessible partout sur le territoire », rappelle l'élue chargée de la culture.",
            "Le programme complet est disponible à l'accueil de la mairie et à la médiathèque.",
        ],
    ),
    // 5: sport
    (
        &[
            "Le nouveau gymnase {dc} ouvre ses portes",
            "Course nature : les inscriptions sont ouvertes",
            "Piscine intercommunale : les horaires d'été",
            "City-stade : inauguration le {d}",
        ],
        &[
            "Le gymnase accueillera les clubs, les scolaires et les associations dès le {d}.",
            "La course nature propose deux parcours de 12 et 25 kilomètres au départ {dc}.",
            "La piscine est ouverte tous les jours de {h} à 19\u{a0}h pendant l'été.",
            "Le city-stade, financé à hauteur de {m}, est en accès libre.",
            "Les bénévoles sont les bienvenus pour l'organisation des ravitaillements.",
            "Des créneaux sont réservés aux écoles du territoire chaque matin de la semaine.",
            "Les clubs sportifs présenteront leurs activités lors du forum du {d}.",
        ],
    ),
    // 6: councils
    (
        &[
            "Conseil municipal du {d} : l'ordre du jour",
            "Compte rendu du conseil communautaire",
            "Budget {y} : les grandes orientations votées",
            "Ce qu'il faut retenir de la dernière séance du conseil",
        ],
        &[
            "Le conseil se réunira le {d} à {h}, {l} ; la séance est publique.",
            "À l'ordre du jour : le budget, les tarifs de l'eau et le plan de financement de la future salle polyvalente.",
            "Le budget {y} s'élève à {m} en fonctionnement, sans hausse des taux d'imposition.",
            "Les élus ont adopté à l'unanimité la convention avec {t} pour l'entretien des sentiers.",
            "Les délibérations sont consultables en mairie et affichées à la porte de la mairie.",
            "Le débat a surtout porté sur les investissements prévus à l'école et sur la voirie.",
            "{n} délibérations ont été adoptées lors de cette séance.",
            "Le prochain conseil est prévu le {d}.",
        ],
    ),
    // 7: planning and housing
    (
        &[
            "PLUi : l'enquête publique est ouverte",
            "Permis de construire : le dépôt en ligne est possible",
            "Réunion publique sur l'aménagement du centre-bourg {dc}",
            "Habitat : des aides pour rénover votre logement",
        ],
        &[
            "L'enquête publique sur le plan local d'urbanisme intercommunal se déroule jusqu'au {d}.",
            "Le commissaire enquêteur tiendra une permanence le {d} de {h} à midi, {l}.",
            "Les demandes d'autorisation d'urbanisme peuvent désormais être déposées en ligne.",
            "Le projet prévoit une place piétonne, {n} logements et un commerce en rez-de-chaussée.",
            "Les habitants sont invités à donner leur avis sur les premières esquisses.",
            "Des aides sont accordées pour l'isolation, le changement de chauffage et l'adaptation des logements.",
            "Le service urbanisme de {t} instruit les dossiers pour le compte des communes.",
        ],
    ),
    // 8: getting around
    (
        &[
            "Navettes : de nouveaux horaires pour la saison",
            "Covoiturage : une aire ouverte {ac}",
            "Voie verte : le tronçon entre {c} et {c2} est ouvert",
            "Transport scolaire : inscriptions avant le {d}",
        ],
        &[
            "La navette relie {c} et {c2} plusieurs fois par jour, du lundi au samedi.",
            "L'aire de covoiturage compte {n} places et deux bornes de recharge pour véhicules électriques.",
            "La voie verte offre un itinéraire sûr aux cyclistes et aux piétons.",
            "Les inscriptions au transport scolaire se font en ligne auprès de la Région.",
            "Un service de transport à la demande est proposé aux personnes sans voiture.",
            "Le coût des aménagements, {m}, est partagé entre {t} et le Département.",
            "Des arceaux à vélos ont été installés près de la mairie et de l'école.",
        ],
    ),
    // 9: environment and energy
    (
        &[
            "Plan climat : donnez votre avis",
            "Rénovation énergétique : un conseiller à votre écoute",
            "Forêt communale : la coupe de bois de l'hiver",
            "Journée de nettoyage de la nature le {d}",
        ],
        &[
            "Le plan climat fixe les actions de {t} pour les six prochaines années.",
            "Un conseiller France Rénov' reçoit gratuitement les habitants sur rendez-vous.",
            "La coupe, marquée par l'Office national des forêts, porte sur environ {n} hectares.",
            "Le bois sera vendu aux scieries locales et une partie réservée à l'affouage.",
            "Rendez-vous le {d} à {h}, {l}, avec des gants et de bonnes chaussures.",
            "Les panneaux solaires de la salle des fêtes produisent l'équivalent de la consommation de {n} foyers.",
            "Chacun peut agir : moins de déchets, plus de trajets partagés, des achats locaux.",
        ],
    ),
    // 10: tourism
    (
        &[
            "L'office de tourisme prépare la saison",
            "Nouveaux sentiers balisés autour {dc}",
            "Marché de producteurs et fête du village {ac}",
            "Accueil des visiteurs : les bureaux d'information ouverts",
        ],
        &[
            "L'office de tourisme est ouvert tous les jours de {h} à 18\u{a0}h pendant les vacances.",
            "{n} kilomètres de sentiers ont été balisés et équipés de panneaux.",
            "Les hébergeurs sont invités à une réunion de début de saison le {d}.",
            "La fréquentation touristique a progressé de {n} % l'an dernier.",
            "La carte des randonnées est disponible gratuitement dans les mairies.",
            "Le marché de producteurs réunit chaque vendredi soir une vingtaine d'exposants.",
        ],
    ),
    // 11: local economy
    (
        &[
            "Le marché {dc} s'agrandit",
            "Aide aux commerces de proximité : le dispositif reconduit",
            "Une nouvelle zone d'activités {ac}",
            "Rencontre des entreprises du territoire le {d}",
        ],
        &[
            "Le marché accueille désormais {n} commerçants chaque samedi matin, place de la Mairie.",
            "Le fonds d'aide aux commerces finance jusqu'à la moitié des travaux de rénovation des vitrines.",
            "La zone d'activités compte {n} lots destinés aux artisans.",
            "{T} accompagne les créateurs d'entreprise dans leurs démarches.",
            "Les entreprises sont invitées à une rencontre le {d} à {h}, {l}.",
            "Le tiers-lieu propose des bureaux partagés et une connexion très haut débit.",
        ],
    ),
    // 12: health and solidarity
    (
        &[
            "Maison de santé : deux nouveaux médecins {ac}",
            "Plan canicule : inscrivez-vous sur le registre",
            "Repas des aînés le {d}",
            "Les permanences de l'espace France services",
        ],
        &[
            "La maison de santé réunit médecins, infirmiers et kinésithérapeutes sur un même site.",
            "Les personnes âgées ou isolées peuvent s'inscrire sur le registre tenu par la mairie.",
            "Le repas des aînés aura lieu le {d} à midi, {l}.",
            "L'espace France services aide chacun dans ses démarches administratives, sans rendez-vous le matin.",
            "Le centre communal d'action sociale attribue des aides ponctuelles aux familles en difficulté.",
            "Un service de portage de repas à domicile est proposé aux personnes qui le souhaitent.",
        ],
    ),
    // 13: associations
    (
        &[
            "Forum des associations le {d}",
            "Subventions aux associations : déposez votre dossier",
            "Fête du village {ac} : appel aux bénévoles",
            "Accueil des nouveaux habitants",
        ],
        &[
            "Le forum réunira plus de {n} associations sportives, culturelles et solidaires.",
            "Les dossiers de demande de subvention sont à déposer en mairie avant le {d}.",
            "Le comité des fêtes recherche des bénévoles pour l'installation et le service.",
            "Les nouveaux habitants sont invités à un moment d'accueil le {d} à {h}, {l}.",
            "La salle des associations peut être réservée gratuitement par les associations de la commune.",
            "Un annuaire des associations est disponible en mairie.",
        ],
    ),
    // 14: winter
    (
        &[
            "Déneigement : les consignes pour l'hiver",
            "Viabilité hivernale : les routes prioritaires",
            "Équipements d'hiver obligatoires du 1er novembre au 31 mars",
        ],
        &[
            "Les services de déneigement interviennent en priorité sur les routes des transports scolaires.",
            "Merci de ne pas stationner sur la chaussée pour laisser passer les chasse-neige.",
            "Les habitants sont tenus de déneiger le trottoir devant leur domicile.",
            "Du sel de déneigement est disponible aux services techniques sur demande.",
            "Les pneus hiver ou les chaînes sont obligatoires sur les routes de montagne du territoire.",
            "En cas de fortes chutes de neige, le ramassage scolaire peut être suspendu ; l'information est donnée dès 6\u{a0}h\u{a0}30.",
        ],
    ),
];

/// Sentences that fit any topic, for the body of an article.
const GENERAL: &[&str] = &[
    "Cette démarche associe les élus, les services et les habitants.",
    "Le projet a été présenté en commission avant d'être validé par le conseil.",
    "Les services techniques de la commune en assurent le suivi au quotidien.",
    "Un point d'étape sera fait lors du prochain conseil communautaire.",
    "Les documents sont consultables en mairie aux heures d'ouverture.",
    "Cette action s'inscrit dans le projet de territoire adopté par {t}.",
    "Elle bénéficie du soutien financier de la Région et de l'État.",
    "Les habitants des communes voisines sont également les bienvenus.",
    "Un bilan sera présenté aux habitants à la fin de l'année.",
    "Les élus remercient les agents et les bénévoles qui se sont mobilisés.",
    "Le calendrier pourra évoluer selon la météo ; il sera mis à jour dans cet espace.",
    "Les questions reçues en mairie trouveront une réponse dans un prochain article.",
];

const CLOSINGS: &[&str] = &[
    "Renseignements auprès de l'accueil de la mairie {dc}, du lundi au vendredi.",
    "Plus d'informations auprès des services de {t}.",
    "Merci à toutes et à tous pour votre compréhension.",
    "Le compte rendu complet sera publié dans cet espace dans les prochains jours.",
    "N'hésitez pas à faire part de vos remarques aux élus lors des permanences du samedi matin.",
    "Vous avez une question ? Les élus vous répondent lors des permanences en mairie.",
    "Venez nombreux !",
    "Nous comptons sur votre participation.",
];

const SUBTITLES: &[&str] = &[
    "En pratique",
    "Calendrier",
    "Pourquoi ce projet ?",
    "Qui contacter ?",
    "Les prochaines étapes",
    "Ce qui change",
    "Le mot des élus",
    "À retenir",
];

const LIST_INTROS: &[&str] = &["À retenir :", "En pratique :", "Les dates à noter :"];

const ITEMS: &[&str] = &[
    "**Quand** : le {d} à {h}",
    "**Où** : {L} {dc}",
    "**Tarif** : gratuit",
    "**Inscription** : en mairie ou sur place",
    "**Renseignements** : secrétariat de mairie {dc}",
    "**Budget** : {m}",
    "**Durée** : environ {n} semaines",
    "**Accessibilité** : lieu accessible aux personnes à mobilité réduite",
];

/// Commission themes and their topic.
const COMMISSIONS: [(&str, usize); 16] = [
    ("eau et assainissement", 1),
    ("déchets et économie circulaire", 2),
    ("mobilités", 8),
    ("tourisme", 10),
    ("petite enfance et jeunesse", 3),
    ("culture et patrimoine", 4),
    ("sport et loisirs", 5),
    ("finances", 6),
    ("urbanisme et habitat", 7),
    ("transition écologique", 9),
    ("développement économique", 11),
    ("solidarités et santé", 12),
    ("vie associative", 13),
    ("voirie et déneigement", 0),
    ("agriculture et forêt", 9),
    ("numérique", 11),
];

/// Working group themes and their topic.
const WORKING_GROUPS: [(&str, usize); 28] = [
    ("plan climat", 9),
    ("PLUi", 7),
    ("voie verte", 8),
    ("cantine bio", 3),
    ("schéma des sentiers", 10),
    ("maison de santé", 12),
    ("tiers-lieu", 11),
    ("éclairage public", 0),
    ("saison culturelle", 4),
    ("équipements sportifs", 5),
    ("gestion de l'eau", 1),
    ("tri à la source", 2),
    ("transport scolaire", 8),
    ("logement des saisonniers", 7),
    ("forêt et filière bois", 9),
    ("marchés de producteurs", 11),
    ("accueil des nouveaux habitants", 13),
    ("jeunesse", 3),
    ("fête du territoire", 4),
    ("patrimoine bâti", 4),
    ("numérique à l'école", 3),
    ("autopartage", 8),
    ("rénovation énergétique", 9),
    ("biodiversité", 9),
    ("commerces de proximité", 11),
    ("vie des hameaux", 13),
    ("déneigement", 14),
    ("ressource en eau", 1),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> TextContext<'static> {
        TextContext {
            commune: "Le Touvet",
            other: "Autrans-Méaudre en Vercors",
            territory: "la CC du Massif du Vercors",
            territory_capital: "La CC du Massif du Vercors",
            day: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
        }
    }

    #[test]
    fn articles_are_the_same_from_one_run_to_the_next() {
        let write = || {
            let mut rng = Rng(7);
            (0..20)
                .map(|n| write_article(&mut rng, n % TOPICS.len(), &context()))
                .collect::<Vec<_>>()
        };
        assert_eq!(write(), write());
    }

    #[test]
    fn generated_french_follows_french_typography() {
        let mut rng = Rng(1);
        for n in 0..2_000 {
            let (title, body) = write_article(&mut rng, n % TOPICS.len(), &context());
            for text in [&title, &body] {
                for mark in [" :", " ;", " ?", " !", " %", "« ", " »", "'", "{", "}"] {
                    assert!(!text.contains(mark), "{mark:?} in {text}");
                }
            }
            assert!(body.contains("\n\n"), "{body}");
            assert!(!title.is_empty() && title.len() < 200, "{title}");
        }
    }

    #[test]
    fn commune_names_take_the_right_preposition() {
        assert_eq!(of("Le Touvet"), "du Touvet");
        assert_eq!(of("Les Adrets"), "des Adrets");
        assert_eq!(
            of("Autrans-Méaudre en Vercors"),
            "d’Autrans-Méaudre en Vercors"
        );
        assert_eq!(of("Engins"), "d’Engins");
        assert_eq!(of("Lans-en-Vercors"), "de Lans-en-Vercors");
        assert_eq!(at("Le Touvet"), "au Touvet");
        assert_eq!(at("Les Adrets"), "aux Adrets");
        assert_eq!(
            french_date(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()),
            "mercredi 1er avril"
        );
        assert_eq!(thousands(1_234_500), "1\u{202f}234\u{202f}500");
    }

    #[test]
    fn the_department_takes_twenty_territories_the_demo_one_first() {
        let chosen = territories_for(Scale::DEPARTMENT.territories);
        assert_eq!(chosen.len(), 20);
        assert_eq!(chosen[0].siren.as_str(), FIRST_TERRITORY);
        let sirens: HashSet<&str> = chosen.iter().map(|t| t.siren.as_str()).collect();
        assert_eq!(sirens.len(), 20);
        assert!(
            chosen
                .iter()
                .all(|t| DEPARTMENTS.contains(&t.department.as_str()))
        );
    }

    #[test]
    fn council_seats_add_up_to_the_people_asked_for() {
        let commune = |population| Comm {
            id: 0,
            territory: 0,
            name: String::new(),
            population,
            council: Vec::new(),
            staff: Vec::new(),
            has_mayor: false,
            has_space: false,
        };
        let communes: Vec<Comm> = [50, 400, 1_200, 16_000, 160_000]
            .into_iter()
            .map(commune)
            .collect();
        for people in [3, 5, 60, 155, 1_000] {
            let seats = allocate_seats(&communes, people);
            assert_eq!(seats.iter().sum::<usize>(), people);
            if people >= communes.len() {
                assert!(seats.iter().all(|&s| s >= 1), "{seats:?}");
            }
        }
        assert_eq!(allocate_seats(&communes, 3), vec![0, 0, 1, 1, 1]);
        assert_eq!(largest_remainder(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(legal_seats(99), 7);
        assert_eq!(legal_seats(158_000), 59);
    }
}
