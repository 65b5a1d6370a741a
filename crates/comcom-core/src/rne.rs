//! Reading the files of the Répertoire national des élus (RNE): municipal
//! councillors, and conseillers communautaires. Pure parsing of the bytes a
//! person gives us (encoding, separator, columns, one record or one reason per
//! line); the store decides what the records change.
//!
//! Personal data: the birth date is read only to compute a keyed hash
//! ([`person_key`]) and never leaves this module; profession and nationality
//! columns are not even read.

use std::collections::HashMap;

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::codes::{InseeCode, Siren};
use crate::people::{Function, Role};
use crate::text;

/// Which of the two RNE files a file is, known from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Conseillers municipaux, one commune per line.
    Municipal,
    /// Conseillers communautaires: an EPCI and a commune de rattachement per line.
    Community,
}

impl FileKind {
    /// The mandate the file's lines describe.
    pub fn role(self) -> Role {
        match self {
            FileKind::Municipal => Role::MunicipalCouncillor,
            FileKind::Community => Role::CommunityCouncillor,
        }
    }

    /// `municipal` or `community`: the value messages select their wording on.
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Municipal => "municipal",
            FileKind::Community => "community",
        }
    }
}

/// The sex code of the RNE, kept for parity figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    F,
    M,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::F => "F",
            Sex::M => "M",
        }
    }

    /// `F` or `M`, in either case; nothing else.
    pub fn from_code(code: &str) -> Option<Sex> {
        match code.trim() {
            "F" | "f" => Some(Sex::F),
            "M" | "m" => Some(Sex::M),
            _ => None,
        }
    }
}

/// The text encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-16 with a byte order mark (Excel's "Unicode text").
    Utf16,
    /// Windows-1252, the superset of Latin-1 that older RNE releases and
    /// French spreadsheets write.
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::Windows1252 => "Windows-1252 (Latin-1)",
        }
    }
}

/// An argument of a message: text shown as is, or a number (for plurals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    Text(String),
    Number(i64),
}

/// A message for a person, as a translation key and its arguments; the
/// interface (command line, web page) renders it in the person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, MessageArg)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args.push((name, MessageArg::Text(value.into())));
        self
    }

    pub fn number(mut self, name: &'static str, value: usize) -> Message {
        self.args.push((
            name,
            MessageArg::Number(i64::try_from(value).unwrap_or(i64::MAX)),
        ));
        self
    }
}

/// Why a whole file cannot be read: nothing in it is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not text")]
    NotText,
    #[error("the header names neither RNE file")]
    UnknownKind { header: String },
    #[error("columns missing from the header")]
    MissingColumns {
        kind: FileKind,
        columns: Vec<&'static str>,
    },
    #[error("the file has a header but no line")]
    NoLines { kind: FileKind },
}

impl FileError {
    pub fn message(&self) -> Message {
        match self {
            FileError::Empty => Message::new("import-file-empty"),
            FileError::NotText => Message::new("import-file-not-text"),
            FileError::UnknownKind { header } => {
                let mut shown: String = header.chars().take(80).collect();
                if header.chars().count() > 80 {
                    shown.push('…');
                }
                Message::new("import-file-unknown-kind").text("value", shown)
            }
            FileError::MissingColumns { kind, columns } => {
                Message::new("import-file-missing-columns")
                    .text("kind", kind.code())
                    .text("value", columns.join(", "))
                    .number("count", columns.len())
            }
            FileError::NoLines { kind } => {
                Message::new("import-file-no-lines").text("kind", kind.code())
            }
        }
    }
}

/// A field of a line, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Commune,
    Siren,
    Surname,
    GivenName,
    Sex,
    BirthDate,
    MandateStart,
}

/// Why one line is rejected; the other lines go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("line cut short: {found} of {expected} columns")]
    Truncated { found: usize, expected: usize },
    #[error("line too long: {found} of {expected} columns")]
    TooLong { found: usize, expected: usize },
    #[error("{0:?} missing")]
    Missing(Field),
    #[error("invalid INSEE code {0}")]
    InvalidInsee(String),
    #[error("invalid SIREN {0}")]
    InvalidSiren(String),
    #[error("unknown sex code {0}")]
    InvalidSex(String),
    #[error("{field:?} is not a date: {value}")]
    UnreadableDate { field: Field, value: String },
    #[error("{field:?} does not exist: {value}")]
    ImpossibleDate { field: Field, value: String },
    #[error("unknown function {0}")]
    UnknownFunction(String),
    #[error("function {label} does not belong in this file")]
    FunctionNotForFile { label: String, kind: FileKind },
}

impl LineError {
    pub fn message(&self) -> Message {
        match self {
            LineError::Truncated { found, expected } => Message::new("import-line-truncated")
                .number("count", *found)
                .number("expected", *expected),
            LineError::TooLong { found, expected } => Message::new("import-line-too-long")
                .number("count", *found)
                .number("expected", *expected),
            LineError::Missing(field) => Message::new(match field {
                Field::Commune => "import-missing-commune",
                Field::Siren => "import-missing-siren",
                Field::Surname => "import-missing-surname",
                Field::GivenName => "import-missing-given-name",
                Field::Sex => "import-missing-sex",
                Field::BirthDate => "import-missing-birth-date",
                Field::MandateStart => "import-missing-mandate-start",
            }),
            LineError::InvalidInsee(value) => {
                Message::new("import-invalid-insee").text("value", value)
            }
            LineError::InvalidSiren(value) => {
                Message::new("import-invalid-siren").text("value", value)
            }
            LineError::InvalidSex(value) => Message::new("import-invalid-sex").text("value", value),
            LineError::UnreadableDate { field, value } => Message::new(match field {
                Field::BirthDate => "import-unreadable-birth-date",
                _ => "import-unreadable-mandate-start",
            })
            .text("value", value),
            LineError::ImpossibleDate { field, value } => Message::new(match field {
                Field::BirthDate => "import-impossible-birth-date",
                _ => "import-impossible-mandate-start",
            })
            .text("value", value),
            LineError::UnknownFunction(label) => {
                Message::new("import-unknown-function").text("value", label)
            }
            LineError::FunctionNotForFile { label, kind } => {
                Message::new("import-function-not-for-file")
                    .text("value", label)
                    .text("kind", kind.code())
            }
        }
    }
}

/// One good line: a mandate of a person, as the file states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line number in the file, the header being line 1.
    pub line: usize,
    /// The commune (municipal file) or the commune de rattachement (community file).
    pub commune: InseeCode,
    pub commune_name: String,
    /// The EPCI, in the community file only.
    pub epci: Option<Siren>,
    pub epci_name: String,
    /// As written in the file (the RNE writes surnames in capitals).
    pub surname: String,
    pub given_name: String,
    pub sex: Sex,
    /// Keyed hash of name and birth date, to recognise the person later.
    pub person_key: String,
    pub mandate_start: NaiveDate,
    pub function: Function,
    /// 2 for "2e adjointe au maire".
    pub function_rank: Option<u32>,
    /// The label as written; empty for a plain councillor.
    pub function_label: String,
}

impl Record {
    /// "Agnès BOUVIER": given name then surname, each as the RNE writes it.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.surname)
    }
}

/// A line that cannot be applied, with the commune it names when that could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedLine {
    pub line: usize,
    pub commune: Option<InseeCode>,
    pub error: LineError,
}

/// A whole file, read.
#[derive(Debug, Clone)]
pub struct RneFile {
    pub kind: FileKind,
    pub encoding: TextEncoding,
    /// Lines after the header, blank lines left out.
    pub line_count: usize,
    pub records: Vec<Record>,
    pub rejected: Vec<RejectedLine>,
}

/// The lines of a file that describe the same mandate of the same person
/// (the RNE repeats a person once per function).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateLines<'a> {
    /// The line whose function is kept: the highest one.
    pub record: &'a Record,
    /// Every line of the group, in file order.
    pub lines: Vec<usize>,
}

impl RneFile {
    /// The file's records grouped by person and mandate, in the order the
    /// mandates first appear; a group keeps the line with the highest function.
    pub fn mandates(&self) -> Vec<MandateLines<'_>> {
        let mut groups: Vec<MandateLines<'_>> = Vec::new();
        let mut index: HashMap<(&str, &InseeCode, Option<&Siren>), usize> = HashMap::new();
        for record in &self.records {
            let key = (
                record.person_key.as_str(),
                &record.commune,
                record.epci.as_ref(),
            );
            match index.get(&key) {
                Some(&i) => {
                    let group = &mut groups[i];
                    group.lines.push(record.line);
                    if precedence(record) < precedence(group.record) {
                        group.record = record;
                    }
                }
                None => {
                    index.insert(key, groups.len());
                    groups.push(MandateLines {
                        record,
                        lines: vec![record.line],
                    });
                }
            }
        }
        groups
    }
}

/// Lower is higher: the function's order, then its rank (1er before 2e).
fn precedence(record: &Record) -> (u8, u32) {
    (
        record.function.rank(),
        record.function_rank.unwrap_or(u32::MAX),
    )
}

/// The keyed hash that recognises a person across imports: HMAC-SHA256 over
/// the folded surname, given name and birth date, so that case, accents and
/// hyphens do not matter.
pub fn person_key(key: &[u8], surname: &str, given_name: &str, birth_date: NaiveDate) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    let material = format!(
        "rne-person-v1\n{}\n{}\n{}",
        text::fold(surname),
        text::fold(given_name),
        birth_date.format("%Y-%m-%d")
    );
    mac.update(material.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads an RNE file: its encoding, separator and kind, then every line.
pub fn read(bytes: &[u8], key: &[u8]) -> Result<RneFile, FileError> {
    let (text, encoding) = decode(bytes)?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());

    let (_, header) = lines.next().ok_or(FileError::Empty)?;
    let separator = separator(header);
    let header_fields = split_fields(header, separator);
    let columns = Columns::from_header(&header_fields)?;

    let mut file = RneFile {
        kind: columns.kind,
        encoding,
        line_count: 0,
        records: Vec::new(),
        rejected: Vec::new(),
    };
    for (number, line) in lines {
        file.line_count += 1;
        let fields = split_fields(line, separator);
        match columns.record(number, &fields, key) {
            Ok(record) => file.records.push(record),
            Err(rejected) => file.rejected.push(rejected),
        }
    }
    if file.line_count == 0 {
        return Err(FileError::NoLines { kind: file.kind });
    }
    Ok(file)
}

/// Text from bytes: a byte order mark decides; otherwise UTF-8 when valid,
/// else Windows-1252 (which any byte sequence decodes as).
fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), FileError> {
    let (text, encoding) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
            if had_errors {
                return Err(FileError::NotText);
            }
            let kind = if encoding == encoding_rs::UTF_8 {
                TextEncoding::Utf8
            } else {
                TextEncoding::Utf16
            };
            (text.into_owned(), kind)
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), TextEncoding::Utf8),
            Err(_) => {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                (text.into_owned(), TextEncoding::Windows1252)
            }
        },
    };
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    if !looks_like_text(&text) {
        return Err(FileError::NotText);
    }
    Ok((text, encoding))
}

/// No NUL and hardly any control characters: what a CSV file looks like and
/// random bytes do not.
fn looks_like_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            control += 1;
        }
    }
    control * 100 <= total
}

/// The separator the header uses most: `;` for the RNE, `,` or a tab after a
/// spreadsheet saved it again.
fn separator(header: &str) -> char {
    [';', ',', '\t']
        .into_iter()
        .max_by_key(|&s| (header.matches(s).count(), s == ';'))
        .unwrap_or(';')
}

/// Splits a line on `separator`, honouring double quotes as spreadsheets write them.
fn split_fields(line: &str, separator: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else if c == '"' && field.trim().is_empty() {
            field.clear();
            quoted = true;
        } else if c == separator {
            fields.push(clean(&field));
            field.clear();
        } else {
            field.push(c);
        }
    }
    fields.push(clean(&field));
    fields
}

/// Trims a field and collapses runs of spaces (no-break ones included).
fn clean(field: &str) -> String {
    field.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where each needed column is, found by name so that column order does not matter.
#[derive(Debug)]
struct Columns {
    kind: FileKind,
    width: usize,
    department: Option<usize>,
    commune: usize,
    commune_name: Option<usize>,
    siren: Option<usize>,
    epci_name: Option<usize>,
    surname: usize,
    given_name: usize,
    sex: usize,
    birth_date: usize,
    mandate_start: usize,
    function: usize,
}

/// Header names as the RNE writes them, for messages.
const SURNAME: &str = "Nom de l'élu";
const GIVEN_NAME: &str = "Prénom de l'élu";
const SEX: &str = "Code sexe";
const BIRTH_DATE: &str = "Date de naissance";
const MANDATE_START: &str = "Date de début du mandat";
const FUNCTION: &str = "Libellé de la fonction";

impl Columns {
    fn from_header(header: &[String]) -> Result<Columns, FileError> {
        let folded: Vec<String> = header.iter().map(|h| text::fold(h)).collect();
        let find = |names: &[&str]| folded.iter().position(|h| names.contains(&h.as_str()));

        let siren = find(&["n siren", "siren", "n siren de l epci", "siren de l epci"]);
        let rattachement = find(&["code de la commune de rattachement"]);
        let commune = find(&["code de la commune"]);
        let canton = find(&["code du canton"]);
        let (kind, commune) = match (siren, rattachement, commune, canton) {
            (Some(_), Some(c), _, _) => (FileKind::Community, c),
            (None, None, Some(c), None) => (FileKind::Municipal, c),
            _ => {
                return Err(FileError::UnknownKind {
                    header: header.join(" ; "),
                });
            }
        };

        let wanted = [
            (SURNAME, find(&["nom de l elu"])),
            (GIVEN_NAME, find(&["prenom de l elu"])),
            (SEX, find(&["code sexe"])),
            (BIRTH_DATE, find(&["date de naissance"])),
            (MANDATE_START, find(&["date de debut du mandat"])),
            (FUNCTION, find(&["libelle de la fonction"])),
        ];
        let missing: Vec<&'static str> = wanted
            .iter()
            .filter(|(_, at)| at.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(FileError::MissingColumns {
                kind,
                columns: missing,
            });
        }
        let at = |i: usize| wanted[i].1.unwrap_or_default();

        let commune_name = match kind {
            FileKind::Municipal => find(&["libelle de la commune"]),
            FileKind::Community => find(&["libelle de la commune de rattachement"]),
        };
        Ok(Columns {
            kind,
            width: header.len(),
            department: find(&["code du departement"]),
            commune,
            commune_name,
            siren,
            epci_name: find(&["libelle de l epci"]),
            surname: at(0),
            given_name: at(1),
            sex: at(2),
            birth_date: at(3),
            mandate_start: at(4),
            function: at(5),
        })
    }

    /// The last column a record needs: a line cut before it is incomplete.
    fn needed_width(&self) -> usize {
        [
            Some(self.commune),
            self.siren,
            Some(self.surname),
            Some(self.given_name),
            Some(self.sex),
            Some(self.birth_date),
            Some(self.mandate_start),
            Some(self.function),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
            + 1
    }

    fn record(&self, line: usize, fields: &[String], key: &[u8]) -> Result<Record, RejectedLine> {
        let get = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
        let reject = |commune: Option<InseeCode>, error: LineError| RejectedLine {
            line,
            commune,
            error,
        };

        let department = self.department.map(get).unwrap_or("");
        let commune = match repair_insee(get(self.commune), department) {
            Ok(code) => code,
            Err(error) => return Err(reject(None, error)),
        };
        let on_commune = |error| reject(Some(commune.clone()), error);

        if fields.len() < self.needed_width() {
            return Err(on_commune(LineError::Truncated {
                found: fields.len(),
                expected: self.width,
            }));
        }
        if fields.len() > self.width && fields[self.width..].iter().any(|f| !f.is_empty()) {
            return Err(on_commune(LineError::TooLong {
                found: fields.len(),
                expected: self.width,
            }));
        }

        let epci = match self.siren {
            Some(i) => Some(repair_siren(get(i)).map_err(on_commune)?),
            None => None,
        };
        let surname = required(get(self.surname), Field::Surname).map_err(on_commune)?;
        let given_name = required(get(self.given_name), Field::GivenName).map_err(on_commune)?;
        let sex_code = required(get(self.sex), Field::Sex).map_err(on_commune)?;
        let sex = Sex::from_code(sex_code)
            .ok_or_else(|| on_commune(LineError::InvalidSex(sex_code.to_owned())))?;
        let birth_date = parse_date(get(self.birth_date), Field::BirthDate).map_err(on_commune)?;
        let mandate_start =
            parse_date(get(self.mandate_start), Field::MandateStart).map_err(on_commune)?;
        let function_label = get(self.function).to_owned();
        let (function, function_rank) =
            parse_function(&function_label, self.kind).map_err(on_commune)?;

        Ok(Record {
            line,
            commune_name: self.commune_name.map(get).unwrap_or("").to_owned(),
            epci_name: self.epci_name.map(get).unwrap_or("").to_owned(),
            person_key: person_key(key, surname, given_name, birth_date),
            commune,
            epci,
            surname: surname.to_owned(),
            given_name: given_name.to_owned(),
            sex,
            mandate_start,
            function,
            function_rank,
            function_label,
        })
    }
}

fn required(value: &str, field: Field) -> Result<&str, LineError> {
    if value.is_empty() {
        Err(LineError::Missing(field))
    } else {
        Ok(value)
    }
}

/// An INSEE code as a spreadsheet may have left it: `1065` for `01065`; or,
/// as older RNE files wrote it, the commune's three digits after the
/// department column (`38` and `548`).
pub fn repair_insee(code: &str, department: &str) -> Result<InseeCode, LineError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(LineError::Missing(Field::Commune));
    }
    let all_digits = code.chars().all(|c| c.is_ascii_digit());
    let candidate = match code.len() {
        4 if all_digits => format!("0{code}"),
        1..=3 if all_digits => match repair_department(department) {
            Some(department) => format!("{}{code:0>3}", &department[..2]),
            None => code.to_owned(),
        },
        _ => code.to_owned(),
    };
    InseeCode::parse(&candidate).map_err(|_| LineError::InvalidInsee(code.to_owned()))
}

/// A department code with its leading zero back (`1` → `01`); `2A`, `974` as they are.
pub fn repair_department(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    match code.len() {
        1 if code.chars().all(|c| c.is_ascii_digit()) && code != "0" => Some(format!("0{code}")),
        2 if code == "2A" || code == "2B" || code.chars().all(|c| c.is_ascii_digit()) => Some(code),
        3 if code.starts_with("97") && code.chars().all(|c| c.is_ascii_digit()) => Some(code),
        _ => None,
    }
}

/// A SIREN, with a leading zero a spreadsheet dropped put back.
fn repair_siren(code: &str) -> Result<Siren, LineError> {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(LineError::Missing(Field::Siren));
    }
    let candidate = if compact.len() == 8 && compact.chars().all(|c| c.is_ascii_digit()) {
        format!("0{compact}")
    } else {
        compact
    };
    Siren::parse(&candidate).map_err(|_| LineError::InvalidSiren(code.to_owned()))
}

/// A date as the RNE writes it (`22/03/2026`, day and month with or without
/// their zero) or as a spreadsheet may rewrite it (`2026-03-22`).
pub fn parse_date(value: &str, field: Field) -> Result<NaiveDate, LineError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(LineError::Missing(field));
    }
    let unreadable = || LineError::UnreadableDate {
        field,
        value: value.to_owned(),
    };
    let numbers = |parts: Vec<&str>| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|p| {
                (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let (year, month, day, year_text) = if value.contains('/') {
        let parts: Vec<&str> = value.split('/').collect();
        let n = numbers(parts.clone()).ok_or_else(unreadable)?;
        match n.as_slice() {
            [d, m, y] if parts[0].len() <= 2 && parts[1].len() <= 2 => (*y, *m, *d, parts[2]),
            _ => return Err(unreadable()),
        }
    } else {
        let parts: Vec<&str> = value.split('-').collect();
        let n = numbers(parts.clone()).ok_or_else(unreadable)?;
        match n.as_slice() {
            [y, m, d] if parts[1].len() <= 2 && parts[2].len() <= 2 => (*y, *m, *d, parts[0]),
            _ => return Err(unreadable()),
        }
    };
    if year_text.len() != 4 {
        return Err(unreadable());
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(LineError::ImpossibleDate {
        field,
        value: value.to_owned(),
    })
}

/// The function named by an RNE label, with its rank when it has one
/// ("2e adjointe au maire" → deputy mayor, 2); empty means a plain councillor.
pub fn parse_function(label: &str, kind: FileKind) -> Result<(Function, Option<u32>), LineError> {
    let words = text::words(label);
    let (rank, rest) = match words.first().and_then(|w| ordinal(w)) {
        Some(rank) => (Some(rank), &words[1..]),
        None => (None, &words[..]),
    };
    let first = rest.first().map(String::as_str).unwrap_or("");
    let has = |w: &str| rest.iter().any(|x| x == w);
    let delegated = has("delegue") || has("deleguee");

    let function = match first {
        "" if rank.is_none() => Some(Function::Councillor),
        "maire" if rank.is_none() && !delegated => Some(Function::Mayor),
        // The maire délégué of a commune déléguée is by law one of the deputies.
        "maire" if rank.is_none() => Some(Function::DeputyMayor),
        "adjoint" | "adjointe" => Some(Function::DeputyMayor),
        "president" | "presidente" if rank.is_none() => Some(Function::President),
        "vice" if rest.get(1).is_some_and(|w| w.starts_with("president")) => {
            Some(Function::VicePresident)
        }
        "conseiller" | "conseillere" | "membre" if rank.is_none() => {
            let municipal_delegate = delegated && kind == FileKind::Municipal;
            Some(if municipal_delegate {
                Function::DelegatedCouncillor
            } else {
                Function::Councillor
            })
        }
        _ => None,
    };
    let function = function.ok_or_else(|| LineError::UnknownFunction(label.to_owned()))?;
    if !function.fits(kind.role()) {
        return Err(LineError::FunctionNotForFile {
            label: label.to_owned(),
            kind,
        });
    }
    Ok((function, rank))
}

/// `1er`, `1re`, `1ere`, `2e`, `2eme`, `2nd`, `premier`… as a number.
fn ordinal(word: &str) -> Option<u32> {
    match word {
        "premier" | "premiere" => return Some(1),
        "second" | "seconde" => return Some(2),
        _ => {}
    }
    let digits: String = word.chars().take_while(|c| c.is_ascii_digit()).collect();
    let suffix = &word[digits.len()..];
    let known = matches!(
        suffix,
        "er" | "ere" | "re" | "e" | "eme" | "em" | "nd" | "nde" | "d" | "de"
    );
    if digits.is_empty() || !known {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test key";

    const MUNICIPAL_HEADER: &str = "Code du département;Libellé du département;\
        Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;\
        Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;\
        Date de naissance;Code de la catégorie socio-professionnelle;\
        Libellé de la catégorie socio-professionnelle;Date de début du mandat;\
        Libellé de la fonction;Date de début de la fonction;Code nationalité";

    const COMMUNITY_HEADER: &str = "Code du département;Libellé du département;N° SIREN;\
        Libellé de l'EPCI;Code de la commune de rattachement;\
        Libellé de la commune de rattachement;Nom de l'élu;Prénom de l'élu;Code sexe;\
        Date de naissance;Code de la catégorie socio-professionnelle;\
        Libellé de la catégorie socio-professionnelle;Date de début du mandat;\
        Libellé de la fonction;Date de début de la fonction;Code nationalité";

    const MAYOR: &str = "38;Isère;;;38548;Villard-de-Lans;BOUVIER;Agnès;F;14/12/1976;31;\
        Professions libérales;22/03/2026;Maire;28/03/2026;FR";

    fn municipal(lines: &[&str]) -> String {
        let mut text = MUNICIPAL_HEADER.to_owned();
        for line in lines {
            text.push('\n');
            text.push_str(line);
        }
        text
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_municipal_file_is_recognised_and_its_line_read() {
        let file = read(municipal(&[MAYOR]).as_bytes(), KEY).unwrap();

        assert_eq!(file.kind, FileKind::Municipal);
        assert_eq!(file.encoding, TextEncoding::Utf8);
        assert_eq!(file.line_count, 1);
        let record = &file.records[0];
        assert_eq!(record.line, 2);
        assert_eq!(record.commune.as_str(), "38548");
        assert_eq!(record.commune_name, "Villard-de-Lans");
        assert_eq!(record.epci, None);
        assert_eq!(record.display_name(), "Agnès BOUVIER");
        assert_eq!(record.sex, Sex::F);
        assert_eq!(record.mandate_start, date(2026, 3, 22));
        assert_eq!(record.function, Function::Mayor);
        assert_eq!(record.function_label, "Maire");
        assert_eq!(
            record.person_key,
            person_key(KEY, "BOUVIER", "Agnès", date(1976, 12, 14))
        );
    }

    #[test]
    fn a_community_file_is_recognised_with_its_epci() {
        let text = format!(
            "{COMMUNITY_HEADER}\n38;Isère;243801024;CC du Massif du Vercors;38548;\
             Villard-de-Lans;BOUVIER;Agnès;F;14/12/1976;31;Professions libérales;22/03/2026;\
             Présidente du conseil communautaire;09/04/2026;FR\n\
             38;Isère;243801024;CC du Massif du Vercors;38548;Villard-de-Lans;REY;Alain;M;\
             15/06/1994;23;Chefs;22/03/2026;;;FR"
        );
        let file = read(text.as_bytes(), KEY).unwrap();

        assert_eq!(file.kind, FileKind::Community);
        assert_eq!(file.records.len(), 2);
        assert_eq!(file.records[0].epci.as_ref().unwrap().as_str(), "243801024");
        assert_eq!(file.records[0].epci_name, "CC du Massif du Vercors");
        assert_eq!(file.records[0].function, Function::President);
        assert_eq!(file.records[1].function, Function::Councillor);
        assert_eq!(file.records[1].function_label, "");
    }

    #[test]
    fn the_same_person_gets_the_same_key_whatever_the_case_accents_or_hyphens() {
        let born = date(1960, 6, 19);
        let a = person_key(KEY, "FAURE", "Jean-Agnès", born);
        assert_eq!(a, person_key(KEY, "Faure", "jean agnes", born));
        assert_ne!(a, person_key(KEY, "FAURE", "Jean-Agnès", date(1960, 6, 20)));
        assert_ne!(a, person_key(b"another key", "FAURE", "Jean-Agnès", born));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn byte_order_mark_windows_line_ends_and_latin_1_read_the_same() {
        let plain = read(municipal(&[MAYOR]).as_bytes(), KEY).unwrap();

        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend(municipal(&[MAYOR]).replace('\n', "\r\n").into_bytes());
        let bom = read(&with_bom, KEY).unwrap();

        let utf8 = municipal(&[MAYOR]);
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&utf8);
        let latin = read(&latin1, KEY).unwrap();

        assert_eq!(bom.records, plain.records);
        assert_eq!(bom.encoding, TextEncoding::Utf8);
        assert_eq!(latin.records, plain.records);
        assert_eq!(latin.encoding, TextEncoding::Windows1252);
    }

    #[test]
    fn utf_16_with_a_byte_order_mark_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in municipal(&[MAYOR]).encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let file = read(&bytes, KEY).unwrap();
        assert_eq!(file.encoding, TextEncoding::Utf16);
        assert_eq!(file.records[0].given_name, "Agnès");
    }

    #[test]
    fn a_spreadsheet_resave_with_commas_quotes_and_lost_zeros_reads_the_same() {
        let text = "\"Code du département\",\"Code de la commune\",\"Nom de l'élu\",\
            \"Prénom de l'élu\",\"Code sexe\",\"Date de naissance\",\
            \"Date de début du mandat\",\"Libellé de la fonction\"\n\
            1,1065,\"DE LA FONTAINE, dit \"\"Jean\"\"\",Jean,M,1976-12-14,22/3/2026,\"2e adjoint au maire\"";
        let file = read(text.as_bytes(), KEY).unwrap();
        let record = &file.records[0];

        assert_eq!(record.commune.as_str(), "01065");
        assert_eq!(record.surname, "DE LA FONTAINE, dit \"Jean\"");
        assert_eq!(record.mandate_start, date(2026, 3, 22));
        assert_eq!(
            (record.function, record.function_rank),
            (Function::DeputyMayor, Some(2))
        );
    }

    #[test]
    fn insee_and_department_codes_get_their_leading_zero_back() {
        assert_eq!(repair_insee("1065", "").unwrap().as_str(), "01065");
        assert_eq!(repair_insee("01065", "1").unwrap().as_str(), "01065");
        assert_eq!(repair_insee("65", "1").unwrap().as_str(), "01065");
        assert_eq!(repair_insee("548", "38").unwrap().as_str(), "38548");
        assert_eq!(repair_insee("4", "2A").unwrap().as_str(), "2A004");
        assert_eq!(repair_insee("411", "974").unwrap().as_str(), "97411");
        assert_eq!(repair_insee("2a004", "").unwrap().as_str(), "2A004");
        assert_eq!(
            repair_insee("548", ""),
            Err(LineError::InvalidInsee("548".into()))
        );
        assert_eq!(
            repair_insee("38 548x", "38"),
            Err(LineError::InvalidInsee("38 548x".into()))
        );
        assert_eq!(
            repair_insee("", "38"),
            Err(LineError::Missing(Field::Commune))
        );
        assert_eq!(repair_department("1").as_deref(), Some("01"));
        assert_eq!(repair_department("2b").as_deref(), Some("2B"));
        assert_eq!(repair_department("971").as_deref(), Some("971"));
        assert_eq!(repair_department("0"), None);
        assert_eq!(repair_department("123"), None);
    }

    #[test]
    fn sirens_get_their_leading_zero_back_and_keep_their_check_digit() {
        assert_eq!(repair_siren("243801024").unwrap().as_str(), "243801024");
        assert_eq!(repair_siren("243 801 024").unwrap().as_str(), "243801024");
        assert_eq!(
            repair_siren("243801025"),
            Err(LineError::InvalidSiren("243801025".into()))
        );
        assert_eq!(repair_siren(""), Err(LineError::Missing(Field::Siren)));
    }

    #[test]
    fn dates_are_read_day_first_and_impossible_dates_refused() {
        let birth = Field::BirthDate;
        assert_eq!(parse_date("14/12/1976", birth), Ok(date(1976, 12, 14)));
        assert_eq!(parse_date("4/2/1976", birth), Ok(date(1976, 2, 4)));
        assert_eq!(parse_date("1976-12-14", birth), Ok(date(1976, 12, 14)));
        assert_eq!(parse_date("29/02/2024", birth), Ok(date(2024, 2, 29)));
        for impossible in ["31/02/1970", "29/02/2023", "00/01/2000", "12/13/2000"] {
            assert_eq!(
                parse_date(impossible, birth),
                Err(LineError::ImpossibleDate {
                    field: birth,
                    value: impossible.into()
                }),
                "{impossible}"
            );
        }
        for unreadable in [
            "14.12.1976",
            "14/12/76",
            "1976/12/14",
            "hier",
            "14/12",
            "1/1/-200",
        ] {
            assert!(
                matches!(
                    parse_date(unreadable, birth),
                    Err(LineError::UnreadableDate { .. })
                ),
                "{unreadable}"
            );
        }
        assert_eq!(parse_date(" ", birth), Err(LineError::Missing(birth)));
    }

    #[test]
    fn only_f_and_m_are_sex_codes() {
        assert_eq!(Sex::from_code("F"), Some(Sex::F));
        assert_eq!(Sex::from_code("m"), Some(Sex::M));
        for other in ["X", "", "H", "Femme"] {
            assert_eq!(Sex::from_code(other), None);
        }
    }

    #[test]
    fn municipal_function_labels_are_understood() {
        let municipal = |label| parse_function(label, FileKind::Municipal);
        let cases = [
            ("", Function::Councillor, None),
            ("Maire", Function::Mayor, None),
            ("1er adjoint au maire", Function::DeputyMayor, Some(1)),
            ("1ère adjointe au maire", Function::DeputyMayor, Some(1)),
            ("2e adjointe au maire", Function::DeputyMayor, Some(2)),
            ("3ème adjoint au maire", Function::DeputyMayor, Some(3)),
            ("2nd adjoint", Function::DeputyMayor, Some(2)),
            ("12e adjoint au maire", Function::DeputyMayor, Some(12)),
            ("Adjoint au maire", Function::DeputyMayor, None),
            ("Maire délégué", Function::DeputyMayor, None),
            (
                "Conseiller municipal délégué",
                Function::DelegatedCouncillor,
                None,
            ),
            (
                "Conseillère municipale déléguée",
                Function::DelegatedCouncillor,
                None,
            ),
            ("Conseiller municipal", Function::Councillor, None),
            ("CONSEILLERE MUNICIPALE", Function::Councillor, None),
        ];
        for (label, function, rank) in cases {
            assert_eq!(municipal(label), Ok((function, rank)), "{label}");
        }
        assert_eq!(
            municipal("Garde champêtre"),
            Err(LineError::UnknownFunction("Garde champêtre".into()))
        );
        assert_eq!(
            municipal("Président du conseil communautaire"),
            Err(LineError::FunctionNotForFile {
                label: "Président du conseil communautaire".into(),
                kind: FileKind::Municipal
            })
        );
    }

    #[test]
    fn community_function_labels_are_understood() {
        let community = |label| parse_function(label, FileKind::Community);
        let cases = [
            ("", Function::Councillor, None),
            (
                "Présidente du conseil communautaire",
                Function::President,
                None,
            ),
            ("Président", Function::President, None),
            ("1er vice-président", Function::VicePresident, Some(1)),
            ("3e vice-présidente", Function::VicePresident, Some(3)),
            ("Vice-président", Function::VicePresident, None),
            (
                "Conseiller communautaire délégué",
                Function::Councillor,
                None,
            ),
            ("Membre du bureau", Function::Councillor, None),
        ];
        for (label, function, rank) in cases {
            assert_eq!(community(label), Ok((function, rank)), "{label}");
        }
        assert!(matches!(
            community("Maire"),
            Err(LineError::FunctionNotForFile { .. })
        ));
        assert!(matches!(
            community("2e président"),
            Err(LineError::UnknownFunction(_))
        ));
    }

    #[test]
    fn bad_lines_are_rejected_with_their_number_and_commune_and_the_rest_is_read() {
        let text = municipal(&[
            "38;Isère;;;38548;Villard-de-Lans;REY;Alain;M;31/02/1970;23;X;22/03/2026;;;FR",
            "",
            "38;Isère;;;38548;Villard-de-Lans;;Agnès;F;19/06/1960;54;X;22/03/2026;;;FR",
            "38;Isère;;;38548;Villard-de-Lans;BOUVIER;Emma;X;13/04/1987;22;X;22/03/2026;;;FR",
            "38;Isère;;;38548;Villard-de-Lans;DURAND;Julien;M;05/07/1981",
            "38;Isère;;;38x48;Villard-de-Lans;DURAND;Julien;M;05/07/1981;1;X;22/03/2026;;;FR",
            "38;Isère;;;38548;Villard-de-Lans;DURAND;Julien;M;05/07/1981;1;X;22/03/2026;;;FR;x",
            MAYOR,
        ]);
        let file = read(text.as_bytes(), KEY).unwrap();

        let villard = Some(InseeCode::parse("38548").unwrap());
        let rejected: Vec<(usize, Option<InseeCode>, LineError)> = file
            .rejected
            .iter()
            .map(|r| (r.line, r.commune.clone(), r.error.clone()))
            .collect();
        assert_eq!(
            rejected,
            vec![
                (
                    2,
                    villard.clone(),
                    LineError::ImpossibleDate {
                        field: Field::BirthDate,
                        value: "31/02/1970".into()
                    }
                ),
                (4, villard.clone(), LineError::Missing(Field::Surname)),
                (5, villard.clone(), LineError::InvalidSex("X".into())),
                (
                    6,
                    villard.clone(),
                    LineError::Truncated {
                        found: 10,
                        expected: 16
                    }
                ),
                (7, None, LineError::InvalidInsee("38x48".into())),
                (
                    8,
                    villard,
                    LineError::TooLong {
                        found: 17,
                        expected: 16
                    }
                ),
            ]
        );
        assert_eq!(file.line_count, 7);
        assert_eq!(file.records.len(), 1);
        assert_eq!(file.records[0].line, 9);
    }

    #[test]
    fn several_lines_of_one_person_make_one_mandate_with_the_highest_function() {
        let councillor =
            "38;Isère;;;38548;Villard-de-Lans;BOUVIER;Agnès;F;14/12/1976;31;X;22/03/2026;;;FR";
        let other = "38;Isère;;;38548;Villard-de-Lans;REY;Alain;M;15/06/1994;23;X;22/03/2026;;;FR";
        let file = read(
            municipal(&[councillor, other, MAYOR, MAYOR]).as_bytes(),
            KEY,
        )
        .unwrap();

        let mandates = file.mandates();
        assert_eq!(mandates.len(), 2);
        assert_eq!(mandates[0].lines, vec![2, 4, 5]);
        assert_eq!(mandates[0].record.function, Function::Mayor);
        assert_eq!(mandates[0].record.line, 4);
        assert_eq!(mandates[1].lines, vec![3]);
    }

    #[test]
    fn files_that_cannot_be_read_say_why() {
        assert_eq!(read(b"", KEY).unwrap_err(), FileError::Empty);
        assert_eq!(read(b" \r\n\r\n", KEY).unwrap_err(), FileError::Empty);
        assert_eq!(read(b"\xEF\xBB\xBF", KEY).unwrap_err(), FileError::Empty);

        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(read(&junk, KEY).unwrap_err(), FileError::NotText);

        let other = "Code du département;Code du canton;Nom de l'élu\n38;01;DURAND";
        assert!(matches!(
            read(other.as_bytes(), KEY).unwrap_err(),
            FileError::UnknownKind { .. }
        ));
        let csv = "name,email\nAgnès,agnes@example.org";
        assert!(matches!(
            read(csv.as_bytes(), KEY).unwrap_err(),
            FileError::UnknownKind { .. }
        ));

        let mayors_only = "Code de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;\
            Date de naissance;Date de début du mandat\n38548;BOUVIER;Agnès;F;14/12/1976;22/03/2026";
        assert_eq!(
            read(mayors_only.as_bytes(), KEY).unwrap_err(),
            FileError::MissingColumns {
                kind: FileKind::Municipal,
                columns: vec![FUNCTION]
            }
        );

        assert_eq!(
            read(MUNICIPAL_HEADER.as_bytes(), KEY).unwrap_err(),
            FileError::NoLines {
                kind: FileKind::Municipal
            }
        );
    }

    #[test]
    fn messages_name_their_translation_and_arguments() {
        let message = LineError::ImpossibleDate {
            field: Field::BirthDate,
            value: "31/02/1970".into(),
        }
        .message();
        assert_eq!(message.key, "import-impossible-birth-date");
        assert_eq!(
            message.args,
            vec![("value", MessageArg::Text("31/02/1970".into()))]
        );
    }
}
