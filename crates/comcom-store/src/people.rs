//! People and their mandates: the directory's queries (a person, their
//! current mandates, a municipal council, a bureau) and the import of elected
//! officials from the Répertoire national des élus.
//!
//! An import applies each mandate in its own transaction, so that a bad line
//! never holds back a good one. A dry run goes through exactly the same steps
//! inside one transaction that is rolled back, which is why its report is the
//! real run's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use comcom_core::rne::{self, FileError, FileKind, MandateLines, Message, Record, TextEncoding};
use comcom_core::{Commune, Function, InseeCode, Role, Siren, Territory, catalogue, text};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::Store;
use crate::{Result, StoreError};

/// The name of the instance secret that keys [`rne::person_key`].
pub const PERSON_KEY_SECRET: &str = "person_key";

/// A person as the directory shows them (no password hash, no match key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: i64,
    pub territory_id: Option<i64>,
    pub surname: String,
    pub given_name: String,
    /// "Agnès BOUVIER" for an imported person: given name, then surname as the RNE writes it.
    pub display_name: String,
    /// `F` or `M` when known.
    pub sex: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub locale: String,
    pub organisation: Option<String>,
}

/// A mandate with the names of its territory and commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateRecord {
    pub id: i64,
    pub person_id: i64,
    pub territory_id: i64,
    pub territory_name: String,
    pub commune_id: Option<i64>,
    pub commune_name: Option<String>,
    pub role: Role,
    pub function: Option<Function>,
    /// 2 for "2e adjointe au maire".
    pub function_rank: Option<i64>,
    /// The label as the RNE wrote it.
    pub function_label: Option<String>,
    pub organisation: Option<String>,
    /// `rne` (imported) or `manual`.
    pub source: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// One seat of a council or bureau: who holds it and with which function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilMember {
    pub person_id: i64,
    pub mandate_id: i64,
    pub display_name: String,
    pub surname: String,
    pub given_name: String,
    pub sex: Option<String>,
    pub function: Function,
    pub function_rank: Option<i64>,
    pub function_label: Option<String>,
    /// The commune (municipal council) or the commune de rattachement (bureau).
    pub commune_id: Option<i64>,
    pub commune_name: Option<String>,
    pub start_date: NaiveDate,
}

/// How an import runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Compute the report, write nothing.
    pub dry_run: bool,
    /// The import's date: mandates of people no longer listed end on it.
    pub today: NaiveDate,
}

impl ImportOptions {
    /// Options for an import dated today, on this machine's calendar.
    pub fn today(dry_run: bool) -> ImportOptions {
        ImportOptions {
            dry_run,
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub kind: FileKind,
    pub encoding: TextEncoding,
    pub dry_run: bool,
    /// Lines after the header, blank lines left out.
    pub line_count: usize,
    /// Mandates created (a new person, a new commune, a new term).
    pub created: usize,
    /// Mandates whose function, dates or person's name changed.
    pub updated: usize,
    pub unchanged: usize,
    /// Lines that repeat a person's mandate (the RNE lists a person once per
    /// function); they are folded into one mandate, never rejected.
    pub merged: usize,
    /// Mandates ended: people no longer listed for a commune the file covers,
    /// and terms replaced by a newer one.
    pub ended: Vec<EndedMandate>,
    /// Bad lines, in file order.
    pub rejected: Vec<Rejection>,
    /// Communes whose unlisted people keep their mandates because some of
    /// the commune's lines were rejected (the list may be incomplete).
    pub kept: Vec<KeptCommune>,
}

impl ImportReport {
    /// Whether every line was applied (the command's exit code 0).
    pub fn all_applied(&self) -> bool {
        self.rejected.is_empty()
    }
}

/// A mandate an import ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedMandate {
    pub mandate_id: i64,
    pub person_id: i64,
    pub display_name: String,
    pub commune_name: String,
    pub function_label: Option<String>,
    pub end_date: NaiveDate,
}

/// Current mandates left alone in a commune whose lines were not all applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptCommune {
    pub commune_name: String,
    pub count: usize,
}

impl KeptCommune {
    pub fn message(&self) -> Message {
        Message::new("import-kept")
            .text("name", &self.commune_name)
            .number("count", self.count)
    }
}

/// A rejected line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub line: usize,
    pub reason: Reason,
}

/// Why a line was rejected: something wrong in the line itself, or a commune
/// or EPCI this instance does not serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Line(rne::LineError),
    /// The catalogue knows the commune; its EPCI is not installed.
    CommuneNotInstalled {
        insee: InseeCode,
        name: String,
        epci: Siren,
        epci_name: String,
    },
    /// No commune has this code in the catalogue.
    CommuneUnknown {
        insee: InseeCode,
    },
    /// The catalogue knows the EPCI; it is not installed.
    EpciNotInstalled {
        siren: Siren,
        name: String,
    },
    /// No EPCI has this SIREN in the catalogue.
    EpciUnknown {
        siren: Siren,
    },
    /// The commune de rattachement is not a member of the line's EPCI.
    CommuneNotInEpci {
        insee: InseeCode,
        name: String,
        epci_name: String,
    },
}

impl Reason {
    pub fn message(&self) -> Message {
        match self {
            Reason::Line(error) => error.message(),
            Reason::CommuneNotInstalled {
                insee,
                name,
                epci,
                epci_name,
            } => Message::new("import-commune-not-installed")
                .text("insee", insee.as_str())
                .text("name", name)
                .text("siren", epci.as_str())
                .text("territory", epci_name),
            Reason::CommuneUnknown { insee } => {
                Message::new("import-commune-unknown").text("insee", insee.as_str())
            }
            Reason::EpciNotInstalled { siren, name } => Message::new("import-epci-not-installed")
                .text("siren", siren.as_str())
                .text("name", name),
            Reason::EpciUnknown { siren } => {
                Message::new("import-epci-unknown").text("siren", siren.as_str())
            }
            Reason::CommuneNotInEpci {
                insee,
                name,
                epci_name,
            } => Message::new("import-commune-not-in-epci")
                .text("insee", insee.as_str())
                .text("name", name)
                .text("territory", epci_name),
        }
    }
}

/// Where a file's mandate belongs: the territory and the commune.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scope {
    territory_id: i64,
    commune_id: i64,
    insee: InseeCode,
    commune_name: String,
}

/// What applying one mandate changed.
enum Change {
    Created,
    Updated,
    Unchanged,
    /// A newer term: the old mandate ended, a new one was created.
    Renewed(EndedMandate),
}

const PERSON_COLUMNS: &str = "id, territory_id, surname, given_name, display_name, sex, \
     email, phone, locale, organisation";

fn person_from_row(row: &AnyRow) -> Result<PersonRecord> {
    Ok(PersonRecord {
        id: row.try_get("id")?,
        territory_id: row.try_get("territory_id")?,
        surname: row.try_get("surname")?,
        given_name: row.try_get("given_name")?,
        display_name: row.try_get("display_name")?,
        sex: row.try_get("sex")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        locale: row.try_get("locale")?,
        organisation: row.try_get("organisation")?,
    })
}

fn role_from(code: String) -> Result<Role> {
    Role::from_code(&code).ok_or(StoreError::Corrupt {
        column: "mandate.role",
        value: code,
    })
}

fn function_from(code: Option<String>) -> Result<Option<Function>> {
    code.map(|c| {
        Function::from_code(&c).ok_or(StoreError::Corrupt {
            column: "mandate.function",
            value: c,
        })
    })
    .transpose()
}

fn mandate_from_row(row: &AnyRow) -> Result<MandateRecord> {
    let end_date: Option<String> = row.try_get("end_date")?;
    Ok(MandateRecord {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        territory_id: row.try_get("territory_id")?,
        territory_name: row.try_get("territory_name")?,
        commune_id: row.try_get("commune_id")?,
        commune_name: row.try_get("commune_name")?,
        role: role_from(row.try_get("role")?)?,
        function: function_from(row.try_get("function")?)?,
        function_rank: row.try_get("function_rank")?,
        function_label: row.try_get("function_label")?,
        organisation: row.try_get("organisation")?,
        source: row.try_get("source")?,
        start_date: crate::time::parse_date(&row.try_get::<String, _>("start_date")?)?,
        end_date: end_date
            .as_deref()
            .map(crate::time::parse_date)
            .transpose()?,
    })
}

fn member_from_row(row: &AnyRow) -> Result<CouncilMember> {
    let function: Option<String> = row.try_get("function")?;
    Ok(CouncilMember {
        person_id: row.try_get("person_id")?,
        mandate_id: row.try_get("mandate_id")?,
        display_name: row.try_get("display_name")?,
        surname: row.try_get("surname")?,
        given_name: row.try_get("given_name")?,
        sex: row.try_get("sex")?,
        // A councillor without a recorded function is a plain councillor.
        function: function_from(function)?.unwrap_or(Function::Councillor),
        function_rank: row.try_get("function_rank")?,
        function_label: row.try_get("function_label")?,
        commune_id: row.try_get("commune_id")?,
        commune_name: row.try_get("commune_name")?,
        start_date: crate::time::parse_date(&row.try_get::<String, _>("start_date")?)?,
    })
}

/// Mayor first, then deputies by rank, delegated councillors, councillors;
/// by name within a function (accents ignored).
fn sort_council(members: &mut [CouncilMember]) {
    members.sort_by_cached_key(|m| {
        (
            m.function.rank(),
            m.function_rank.unwrap_or(i64::MAX),
            text::fold(&m.surname),
            text::fold(&m.given_name),
        )
    });
}

fn today() -> String {
    crate::time::date(chrono::Utc::now().date_naive())
}

const MEMBER_SELECT: &str = "SELECT p.id AS person_id, m.id AS mandate_id, p.display_name, \
     p.surname, p.given_name, p.sex, m.function, m.function_rank, m.function_label, \
     m.commune_id, c.name AS commune_name, m.start_date \
     FROM mandate m JOIN person p ON p.id = m.person_id \
     LEFT JOIN commune c ON c.id = m.commune_id";

impl Store {
    /// One person.
    pub async fn person(&self, id: i64) -> Result<Option<PersonRecord>> {
        sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM person WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(person_from_row)
        .transpose()
    }

    /// A person's mandates that have not ended (no end date, or one after
    /// today), the oldest first.
    pub async fn current_mandates_of_person(&self, person_id: i64) -> Result<Vec<MandateRecord>> {
        sqlx::query(
            "SELECT m.id, m.person_id, m.territory_id, t.name AS territory_name, m.commune_id, \
             c.name AS commune_name, m.role, m.function, m.function_rank, m.function_label, \
             m.organisation, m.source, m.start_date, m.end_date \
             FROM mandate m JOIN territory t ON t.id = m.territory_id \
             LEFT JOIN commune c ON c.id = m.commune_id \
             WHERE m.person_id = $1 AND (m.end_date IS NULL OR m.end_date > $2) \
             ORDER BY m.start_date, m.id",
        )
        .bind(person_id)
        .bind(today())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(mandate_from_row)
        .collect()
    }

    /// A commune's current municipal council: the mayor, the deputies by
    /// rank, the delegated councillors, then the councillors by name.
    pub async fn municipal_council(&self, commune_id: i64) -> Result<Vec<CouncilMember>> {
        let mut members = sqlx::query(&format!(
            "{MEMBER_SELECT} WHERE m.commune_id = $1 AND m.role = $2 \
             AND (m.end_date IS NULL OR m.end_date > $3)"
        ))
        .bind(commune_id)
        .bind(Role::MunicipalCouncillor.code())
        .bind(today())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(member_from_row)
        .collect::<Result<Vec<_>>>()?;
        sort_council(&mut members);
        Ok(members)
    }

    /// A territory's current bureau: the president, then the vice-presidents by rank.
    pub async fn bureau(&self, territory_id: i64) -> Result<Vec<CouncilMember>> {
        let mut members = sqlx::query(&format!(
            "{MEMBER_SELECT} WHERE m.territory_id = $1 AND m.role = $2 \
             AND m.function IN ($3, $4) AND (m.end_date IS NULL OR m.end_date > $5)"
        ))
        .bind(territory_id)
        .bind(Role::CommunityCouncillor.code())
        .bind(Function::President.code())
        .bind(Function::VicePresident.code())
        .bind(today())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(member_from_row)
        .collect::<Result<Vec<_>>>()?;
        sort_council(&mut members);
        Ok(members)
    }

    /// Imports an RNE file (municipal or community councillors, recognised
    /// from its header). `Ok(Err(_))` when the file cannot be read at all:
    /// then nothing was written.
    #[tracing::instrument(name = "importing elected officials", skip_all, fields(dry_run = options.dry_run))]
    pub async fn import_elus(
        &self,
        bytes: &[u8],
        options: ImportOptions,
    ) -> Result<Result<ImportReport, FileError>> {
        let secret = match self.existing_secret(PERSON_KEY_SECRET).await? {
            Some(secret) => secret,
            // A dry run writes nothing, not even the secret: without one, no
            // stored person can match, and a throwaway key gives the same report.
            None if options.dry_run => crate::secrets::random_token().into_bytes(),
            // Nor does a file that cannot be read.
            None => match rne::read(bytes, b"") {
                Ok(_) => self.instance_secret(PERSON_KEY_SECRET).await?,
                Err(error) => return Ok(Err(error)),
            },
        };
        let file = match rne::read(bytes, &secret) {
            Ok(file) => file,
            Err(error) => return Ok(Err(error)),
        };
        let report = self.apply_file(&file, options).await?;
        tracing::info!(
            kind = file.kind.code(),
            created = report.created,
            updated = report.updated,
            unchanged = report.unchanged,
            ended = report.ended.len(),
            rejected = report.rejected.len(),
            "elected officials imported"
        );
        Ok(Ok(report))
    }

    async fn existing_secret(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT value FROM instance_secret WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get::<String, _>("value")?.into_bytes()),
            None => None,
        })
    }

    async fn apply_file(
        &self,
        file: &rne::RneFile,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let role = file.kind.role();
        let mut report = ImportReport {
            kind: file.kind,
            encoding: file.encoding,
            dry_run: options.dry_run,
            line_count: file.line_count,
            created: 0,
            updated: 0,
            unchanged: 0,
            merged: 0,
            ended: Vec::new(),
            rejected: file
                .rejected
                .iter()
                .map(|r| Rejection {
                    line: r.line,
                    reason: Reason::Line(r.error.clone()),
                })
                .collect(),
            kept: Vec::new(),
        };

        // Communes whose list may be incomplete; None: a line whose commune
        // could not even be read, so any commune's list may be.
        let mut doubtful: HashSet<Option<InseeCode>> =
            file.rejected.iter().map(|r| r.commune.clone()).collect();

        let mut dry_run = match options.dry_run {
            true => Some(self.begin_write().await?),
            false => None,
        };
        let mut scopes: HashMap<(InseeCode, Option<Siren>), std::result::Result<Scope, Reason>> =
            HashMap::new();
        // Scope → the people the file lists there.
        let mut listed: Vec<(Scope, HashSet<i64>)> = Vec::new();

        // TODO: a file giving one commune two mayors (or one EPCI two presidents)
        // is applied as it is, not flagged.
        for group in file.mandates() {
            let record = group.record;
            let scope_key = (record.commune.clone(), record.epci.clone());
            if !scopes.contains_key(&scope_key) {
                let scope = self.resolve_scope(record).await?;
                scopes.insert(scope_key.clone(), scope);
            }
            let scope = match &scopes[&scope_key] {
                Ok(scope) => scope.clone(),
                Err(reason) => {
                    doubtful.insert(Some(record.commune.clone()));
                    report
                        .rejected
                        .extend(group.lines.iter().map(|&line| Rejection {
                            line,
                            reason: reason.clone(),
                        }));
                    continue;
                }
            };

            let (person_id, change) = match dry_run.as_mut() {
                Some(tx) => apply_mandate(tx, &group, &scope, role).await?,
                None => {
                    let mut tx = self.begin_write().await?;
                    let applied = apply_mandate(&mut tx, &group, &scope, role).await?;
                    tx.commit().await?;
                    applied
                }
            };
            report.merged += group.lines.len() - 1;
            match change {
                Change::Created => report.created += 1,
                Change::Updated => report.updated += 1,
                Change::Unchanged => report.unchanged += 1,
                Change::Renewed(ended) => {
                    report.created += 1;
                    report.ended.push(ended);
                }
            }
            match listed.iter_mut().find(|(s, _)| *s == scope) {
                Some((_, people)) => {
                    people.insert(person_id);
                }
                None => listed.push((scope, HashSet::from([person_id]))),
            }
        }

        for (scope, people) in &listed {
            let kept = doubtful.contains(&None) || doubtful.contains(&Some(scope.insee.clone()));
            let ended = match dry_run.as_mut() {
                Some(tx) => end_unlisted(tx, scope, role, people, kept, options.today).await?,
                None => {
                    let mut tx = self.begin_write().await?;
                    let ended =
                        end_unlisted(&mut tx, scope, role, people, kept, options.today).await?;
                    tx.commit().await?;
                    ended
                }
            };
            match ended {
                Ending::Ended(ended) => report.ended.extend(ended),
                Ending::Kept(0) => {}
                Ending::Kept(count) => report.kept.push(KeptCommune {
                    commune_name: scope.commune_name.clone(),
                    count,
                }),
            }
        }

        if let Some(tx) = dry_run {
            tx.rollback().await?;
        }
        report.rejected.sort_by_key(|r| r.line);
        Ok(report)
    }

    /// The installed commune (and, in the community file, EPCI) a record names,
    /// or why the line cannot be applied here.
    // TODO: lines of communes this instance does not serve are rejected one by
    // one, so a whole national RNE file reports tens of thousands of rejected
    // lines; an option to skip other territories' lines would suit it better.
    async fn resolve_scope(&self, record: &Record) -> Result<std::result::Result<Scope, Reason>> {
        let Some(siren) = &record.epci else {
            let row = sqlx::query(
                "SELECT id, territory_id, name FROM commune WHERE insee_code = $1 ORDER BY id",
            )
            .bind(record.commune.as_str())
            .fetch_optional(&self.pool)
            .await?;
            return Ok(match row {
                Some(row) => Ok(Scope {
                    territory_id: row.try_get("territory_id")?,
                    insee: record.commune.clone(),
                    commune_id: row.try_get("id")?,
                    commune_name: row.try_get("name")?,
                }),
                None => Err(not_installed(&record.commune)),
            });
        };

        let row = sqlx::query("SELECT id, name FROM territory WHERE siren = $1")
            .bind(siren.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(Err(match catalogue::find(siren) {
                Some(territory) => Reason::EpciNotInstalled {
                    siren: siren.clone(),
                    name: territory.name.clone(),
                },
                None => Reason::EpciUnknown {
                    siren: siren.clone(),
                },
            }));
        };
        let territory_id: i64 = row.try_get("id")?;
        let epci_name: String = row.try_get("name")?;
        Ok(match self.commune(territory_id, &record.commune).await? {
            Some(commune) => Ok(Scope {
                territory_id,
                insee: record.commune.clone(),
                commune_id: commune.id,
                commune_name: commune.name,
            }),
            None => Err(Reason::CommuneNotInEpci {
                insee: record.commune.clone(),
                name: catalogue_commune(&record.commune)
                    .map_or(record.commune_name.clone(), |(_, c)| c.name.clone()),
                epci_name,
            }),
        })
    }
}

/// Why a commune is not served: its EPCI is not installed, or no such commune exists.
fn not_installed(insee: &InseeCode) -> Reason {
    match catalogue_commune(insee) {
        Some((territory, commune)) => Reason::CommuneNotInstalled {
            insee: insee.clone(),
            name: commune.name.clone(),
            epci: territory.siren.clone(),
            epci_name: territory.name.clone(),
        },
        None => Reason::CommuneUnknown {
            insee: insee.clone(),
        },
    }
}

/// The catalogue's commune with this code and its EPCI, through an index
/// built once: a national RNE file names some 35,000 communes.
fn catalogue_commune(insee: &InseeCode) -> Option<(&'static Territory, &'static Commune)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static Territory, &'static Commune)>> =
        OnceLock::new();
    INDEX
        .get_or_init(|| {
            catalogue::all()
                .flat_map(|t| {
                    t.communes
                        .iter()
                        .map(move |c| (c.insee_code.as_str(), (t, c)))
                })
                .collect()
        })
        .get(insee.as_str())
        .copied()
}

/// Finds or creates the person, then creates, updates or renews their mandate.
// TODO: a person added by hand (no match key) is not recognised in the file:
// the import creates a second person; merging the two is not offered yet.
// TODO: a new function within the same term updates the mandate in place, so
// the history of functions (deputy, then mayor) is not kept.
async fn apply_mandate(
    conn: &mut AnyConnection,
    group: &MandateLines<'_>,
    scope: &Scope,
    role: Role,
) -> Result<(i64, Change)> {
    let record = group.record;
    let (person_id, person_changed) = upsert_person(conn, record, scope.territory_id).await?;

    let existing = sqlx::query(
        "SELECT id, function, function_rank, function_label, start_date FROM mandate \
         WHERE person_id = $1 AND role = $2 AND territory_id = $3 AND commune_id = $4 \
         AND source = 'rne' AND end_date IS NULL ORDER BY id",
    )
    .bind(person_id)
    .bind(role.code())
    .bind(scope.territory_id)
    .bind(scope.commune_id)
    .fetch_optional(&mut *conn)
    .await?;

    let rank = record.function_rank.map(i64::from);
    let label = Some(record.function_label.clone()).filter(|l| !l.is_empty());
    let start = crate::time::date(record.mandate_start);
    let Some(existing) = existing else {
        insert_mandate(conn, person_id, scope, role, record).await?;
        return Ok((person_id, Change::Created));
    };

    let mandate_id: i64 = existing.try_get("id")?;
    let stored_start = crate::time::parse_date(&existing.try_get::<String, _>("start_date")?)?;
    if record.mandate_start > stored_start {
        // A newer term (after an election): the old one ends as the new one starts.
        let stored_label: Option<String> = existing.try_get("function_label")?;
        end_mandate(conn, mandate_id, record.mandate_start).await?;
        insert_mandate(conn, person_id, scope, role, record).await?;
        let ended = EndedMandate {
            mandate_id,
            person_id,
            display_name: record.display_name(),
            commune_name: scope.commune_name.clone(),
            function_label: stored_label,
            end_date: record.mandate_start,
        };
        return Ok((person_id, Change::Renewed(ended)));
    }

    let same = existing
        .try_get::<Option<String>, _>("function")?
        .as_deref()
        == Some(record.function.code())
        && existing.try_get::<Option<i64>, _>("function_rank")? == rank
        && existing.try_get::<Option<String>, _>("function_label")? == label
        && stored_start == record.mandate_start;
    if !same {
        sqlx::query(
            "UPDATE mandate SET function = $1, function_rank = $2, function_label = $3, \
             start_date = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(record.function.code())
        .bind(rank)
        .bind(label)
        .bind(start)
        .bind(crate::time::now())
        .bind(mandate_id)
        .execute(&mut *conn)
        .await?;
    }
    let change = if same && !person_changed {
        Change::Unchanged
    } else {
        Change::Updated
    };
    Ok((person_id, change))
}

/// The person with this record's match key, created or brought up to date;
/// `true` when something about them changed.
async fn upsert_person(
    conn: &mut AnyConnection,
    record: &Record,
    territory_id: i64,
) -> Result<(i64, bool)> {
    let display_name = record.display_name();
    let now = crate::time::now();
    // Another import creating the same person at the same moment is not an
    // error: the insert yields to it and the select below finds its row.
    let inserted = sqlx::query(
        "INSERT INTO person (territory_id, surname, given_name, display_name, sex, match_key, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (match_key) DO NOTHING RETURNING id",
    )
    .bind(territory_id)
    .bind(&record.surname)
    .bind(&record.given_name)
    .bind(&display_name)
    .bind(record.sex.code())
    .bind(&record.person_key)
    .bind(&now)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = inserted {
        return Ok((row.try_get("id")?, true));
    }

    let row = sqlx::query(
        "SELECT id, surname, given_name, display_name, sex FROM person WHERE match_key = $1",
    )
    .bind(&record.person_key)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    let same = row.try_get::<String, _>("surname")? == record.surname
        && row.try_get::<String, _>("given_name")? == record.given_name
        && row.try_get::<String, _>("display_name")? == display_name
        && row.try_get::<Option<String>, _>("sex")?.as_deref() == Some(record.sex.code());
    if !same {
        sqlx::query(
            "UPDATE person SET surname = $1, given_name = $2, display_name = $3, sex = $4, \
             updated_at = $5 WHERE id = $6",
        )
        .bind(&record.surname)
        .bind(&record.given_name)
        .bind(&display_name)
        .bind(record.sex.code())
        .bind(&now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok((id, !same))
}

async fn insert_mandate(
    conn: &mut AnyConnection,
    person_id: i64,
    scope: &Scope,
    role: Role,
    record: &Record,
) -> Result<()> {
    let now = crate::time::now();
    sqlx::query(
        "INSERT INTO mandate (person_id, territory_id, commune_id, role, function, \
         function_rank, function_label, source, start_date, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'rne', $8, $9, $9)",
    )
    .bind(person_id)
    .bind(scope.territory_id)
    .bind(scope.commune_id)
    .bind(role.code())
    .bind(record.function.code())
    .bind(record.function_rank.map(i64::from))
    .bind(Some(record.function_label.clone()).filter(|l| !l.is_empty()))
    .bind(crate::time::date(record.mandate_start))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn end_mandate(conn: &mut AnyConnection, mandate_id: i64, end: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE mandate SET end_date = $1, updated_at = $2 WHERE id = $3")
        .bind(crate::time::date(end))
        .bind(crate::time::now())
        .bind(mandate_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What became of the current mandates of people a file no longer lists.
enum Ending {
    Ended(Vec<EndedMandate>),
    /// Left as they are, because the commune's list may be incomplete.
    Kept(usize),
}

/// Ends the imported mandates in `scope` of people not in `listed`, unless
/// `keep` says the file's list for this commune may be incomplete.
async fn end_unlisted(
    conn: &mut AnyConnection,
    scope: &Scope,
    role: Role,
    listed: &HashSet<i64>,
    keep: bool,
    today: NaiveDate,
) -> Result<Ending> {
    let rows = sqlx::query(
        "SELECT m.id, m.person_id, p.display_name, m.function_label FROM mandate m \
         JOIN person p ON p.id = m.person_id \
         WHERE m.territory_id = $1 AND m.commune_id = $2 AND m.role = $3 \
         AND m.source = 'rne' AND m.end_date IS NULL ORDER BY p.surname, p.given_name, m.id",
    )
    .bind(scope.territory_id)
    .bind(scope.commune_id)
    .bind(role.code())
    .fetch_all(&mut *conn)
    .await?;

    let mut unlisted = Vec::new();
    for row in rows {
        let person_id: i64 = row.try_get("person_id")?;
        if listed.contains(&person_id) {
            continue;
        }
        unlisted.push(EndedMandate {
            mandate_id: row.try_get("id")?,
            person_id,
            display_name: row.try_get("display_name")?,
            commune_name: scope.commune_name.clone(),
            function_label: row.try_get("function_label")?,
            end_date: today,
        });
    }
    if keep {
        return Ok(Ending::Kept(unlisted.len()));
    }
    for mandate in &unlisted {
        end_mandate(conn, mandate.mandate_id, today).await?;
    }
    Ok(Ending::Ended(unlisted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(function: Function, rank: Option<i64>, surname: &str) -> CouncilMember {
        CouncilMember {
            person_id: 0,
            mandate_id: 0,
            display_name: surname.to_owned(),
            surname: surname.to_owned(),
            given_name: String::new(),
            sex: None,
            function,
            function_rank: rank,
            function_label: None,
            commune_id: None,
            commune_name: None,
            start_date: NaiveDate::from_ymd_opt(2026, 3, 22).unwrap(),
        }
    }

    #[test]
    fn a_council_lists_the_mayor_then_deputies_by_rank_then_delegates_then_councillors_by_name() {
        let mut council = vec![
            member(Function::Councillor, None, "ÉMERY"),
            member(Function::DeputyMayor, Some(2), "ARNAUD"),
            member(Function::Councillor, None, "DURAND"),
            member(Function::DelegatedCouncillor, None, "BLANC"),
            member(Function::Mayor, None, "ZELLER"),
            member(Function::DeputyMayor, Some(1), "MOREL"),
        ];
        sort_council(&mut council);
        let order: Vec<&str> = council.iter().map(|m| m.surname.as_str()).collect();
        assert_eq!(
            order,
            ["ZELLER", "MOREL", "ARNAUD", "BLANC", "DURAND", "ÉMERY"]
        );
    }
}
