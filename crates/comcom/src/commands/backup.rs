//! `comcom backup FILE [--force]` and `comcom restore FILE [--force]`: a
//! consistent copy of the SQLite database while the server runs, and its
//! return once the server is stopped. PostgreSQL has its own tools; for it,
//! both commands print the `pg_dump` or `pg_restore` command and exit 3.
//!
//! Nothing is half-written: each file is written under a temporary name in
//! its final folder, flushed, then renamed over its target.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use comcom_i18n::{Arg, Locale, format_int};
use comcom_store::backup::{self as store_backup, BackupError, Contents};
use comcom_store::{Backend, Store};

use crate::commands::{block_on, is_sqlite_file, sqlite_path};
use crate::config::Config;
use crate::failure::{Failure, redact};

/// Exit code of both commands on PostgreSQL: comcom did nothing, the message
/// gives the PostgreSQL command that does it.
pub const EXIT_POSTGRES: u8 = 3;

/// Copies the database to `file`, refusing to replace an existing file
/// unless `force`.
pub fn backup(locale: Locale, file: &Path, force: bool) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn,sqlx=error");
    let config = Config::from_env(locale, None)?;
    if Backend::of_url(&config.database_url) == Some(Backend::Postgres) {
        explain_postgres(locale, Operation::Backup, &config.database_url, file);
        return Ok(EXIT_POSTGRES);
    }
    let database = live_database(locale, &config)?;
    let target = target_of_backup(locale, file, &database, force)?;
    let temp = Temp::beside(&target);

    let contents = block_on(async {
        let store = Store::connect(&config.database_url)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        let copied = store.snapshot_into(&temp.path).await;
        store.close().await;
        copied.map_err(|e| write_failure(locale, &target, &e))?;
        store_backup::inspect(&temp.path)
            .await
            .map_err(|e| match e {
                BackupError::NotComcom => Failure::input(
                    locale.t_args("backup-database-not-comcom", &[("path", shown(&database))]),
                ),
                e => write_failure(locale, &target, &e),
            })
    })?;
    temp.persist(&target)
        .map_err(|e| io_failure(locale, "backup-write-failed", &target, &e))?;

    let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    let args = [
        ("path", shown(&target)),
        ("size", Arg::from(human_size(locale, size))),
    ];
    println!("{}", locale.t_args("backup-done", &args));
    println!("{}", contents_line(locale, &contents));

    // The documents' files, after the database: every version the copy
    // records has its file (one uploaded meanwhile is an extra, harmless).
    match document_folder(&config) {
        Some(root) => {
            let folder = files_of(&target);
            let copied = copy_files_beside(&root, &folder)
                .map_err(|e| io_failure(locale, "backup-write-failed", &folder, &e))?;
            let args = [
                ("path", shown(&folder)),
                ("count", Arg::Num(copied.files as i64)),
                ("value", Arg::from(format_int(locale, copied.files as i64))),
                ("size", Arg::from(human_size(locale, copied.bytes))),
            ];
            println!("{}", locale.t_args("backup-files-done", &args));
        }
        None => println!("{}", locale.t("backup-files-bucket")),
    }
    Ok(0)
}

/// The folder of the documents' files when they are kept on this machine
/// (`None` for an S3 bucket).
fn document_folder(config: &Config) -> Option<PathBuf> {
    match config.storage_url.as_deref() {
        None => Some(config.data_dir.join("files")),
        Some(url) if url.starts_with("file://") => Some(PathBuf::from(&url[7..])),
        Some(url) if url.starts_with('/') => Some(PathBuf::from(url)),
        Some(_) => None,
    }
}

/// Where the files of the backup `file` go: the folder `FILE.files` beside it.
fn files_of(file: &Path) -> PathBuf {
    with_suffix(file, ".files")
}

/// What was copied.
#[derive(Debug, Default, Clone, Copy)]
struct Copied {
    files: u64,
    bytes: u64,
}

/// Copies the storage folder `root` into a new folder `target` (written
/// under a temporary name, then renamed over any previous one), leaving out
/// the staging files of uploads in progress (`…#N`).
fn copy_files_beside(root: &Path, target: &Path) -> io::Result<Copied> {
    let temp = with_suffix(target, &format!(".{}.tmp", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir_all(&temp)?;
    let copied = if root.is_dir() {
        copy_tree(root, &temp)
    } else {
        Ok(Copied::default())
    };
    let copied = match copied {
        Ok(copied) => copied,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    let old = with_suffix(target, &format!(".{}.old", std::process::id()));
    if target.exists() {
        std::fs::rename(target, &old)?;
    }
    std::fs::rename(&temp, target)?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(copied)
}

/// Copies every file under `from` into `to` (same relative paths), file by
/// file through a small buffer; staging files (`#` in the name) are left out.
fn copy_tree(from: &Path, to: &Path) -> io::Result<Copied> {
    let mut copied = Copied::default();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        for entry in std::fs::read_dir(from.join(&relative))? {
            let entry = entry?;
            let name = relative.join(entry.file_name());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                std::fs::create_dir_all(to.join(&name))?;
                stack.push(name);
            } else if kind.is_file() && !entry.file_name().to_string_lossy().contains('#') {
                if let Some(parent) = to.join(&name).parent() {
                    std::fs::create_dir_all(parent)?;
                }
                copied.bytes += std::fs::copy(from.join(&name), to.join(&name))?;
                copied.files += 1;
            }
        }
    }
    Ok(copied)
}

/// Replaces the database with the backup in `file`, refusing to replace an
/// instance holding territories or people unless `force`.
pub fn restore(locale: Locale, file: &Path, force: bool) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn,sqlx=error");
    let config = Config::from_env(locale, None)?;
    if Backend::of_url(&config.database_url) == Some(Backend::Postgres) {
        explain_postgres(locale, Operation::Restore, &config.database_url, file);
        return Ok(EXIT_POSTGRES);
    }
    let database = database_file(locale, &config)?;
    check_source(locale, file, &database)?;
    config.ensure_data_dir(locale)?;
    let folder = folder_of(&database);
    if !folder.is_dir() {
        let args = [("path", shown(folder))];
        return Err(Failure::input(
            locale.t_args("backup-folder-missing", &args),
        ));
    }

    block_on(async {
        // Held from the first check to the rename: no server can open the
        // database in between.
        let hold = hold_current(locale, &database, force).await?;
        // The documents' files first, so that the restored database never
        // names a file that is not there yet.
        let files = restore_files(locale, file, &config);
        if let Err(failure) = files {
            if let Some(hold) = hold {
                hold.release().await;
            }
            return Err(failure);
        }
        let outcome = replace_database(locale, file, &database).await;
        if let Some(hold) = hold {
            hold.release().await;
        }
        let (before, contents) = outcome?;

        let args = [("path", shown(file)), ("url", shown(&database))];
        println!("{}", locale.t_args("restore-done", &args));
        println!("{}", contents_line(locale, &contents));
        if before < contents.schema_version {
            let args = [
                ("version", Arg::from(before)),
                ("known", Arg::from(contents.schema_version)),
            ];
            println!("{}", locale.t_args("restore-migrated", &args));
        }
        if let Ok(Some(line)) = files {
            println!("{line}");
        }
        println!("{}", locale.t("restore-next"));
        Ok(0)
    })
}

/// Copies `file` next to the database, checks and migrates the copy, then
/// renames it over the database. Returns the backup's schema version and
/// what the restored database holds.
async fn replace_database(
    locale: Locale,
    file: &Path,
    database: &Path,
) -> Result<(i64, Contents), Failure> {
    let temp = Temp::beside(database);
    copy_file(file, &temp.path)
        .map_err(|e| io_failure(locale, "restore-write-failed", &temp.path, &e))?;

    let known = store_backup::latest_schema_version()
        .await
        .map_err(|e| Failure::input(e.to_string()))?;
    let refused = |e: BackupError| refusal(locale, file, e);
    store_backup::verify(&temp.path).await.map_err(refused)?;
    let before = store_backup::inspect(&temp.path).await.map_err(refused)?;
    if before.schema_version > known {
        return Err(refused(BackupError::Newer {
            found: before.schema_version,
            known,
        }));
    }
    store_backup::bring_up_to_date(&temp.path)
        .await
        .map_err(refused)?;
    let after = store_backup::inspect(&temp.path).await.map_err(refused)?;

    remove_sidecars(database)
        .and_then(|()| temp.persist(database))
        .map_err(|e| io_failure(locale, "restore-write-failed", database, &e))?;
    Ok((before.schema_version, after))
}

/// Takes the current database for this process alone, and refuses a
/// non-empty one without `force`; `None` when there is no database yet.
async fn hold_current(
    locale: Locale,
    database: &Path,
    force: bool,
) -> Result<Option<store_backup::ExclusiveHold>, Failure> {
    if !database.exists() {
        return Ok(None);
    }
    let current = |key: &str| Failure::input(locale.t_args(key, &[("path", shown(database))]));
    let mut hold = store_backup::hold_exclusively(database)
        .await
        .map_err(|e| match e {
            BackupError::InUse => current("restore-in-use"),
            BackupError::NotSqlite | BackupError::Damaged(_) => current("restore-current-unusable"),
            e => Failure::database(locale, &database.display().to_string(), e),
        })?;
    let contents = match hold.contents().await {
        Ok(contents) => contents,
        Err(_) if force => Contents::default(),
        Err(_) => {
            hold.release().await;
            return Err(current("restore-current-unusable"));
        }
    };
    if !contents.is_empty() && !force {
        hold.release().await;
        let args = [
            (
                "territories",
                count_arg(locale, "backup-count-territories", contents.territories),
            ),
            (
                "people",
                count_arg(locale, "backup-count-people", contents.people),
            ),
        ];
        return Err(Failure::input(locale.t_args("restore-not-empty", &args))
            .with_hints(vec![locale.t("restore-not-empty-hint")]));
    }
    Ok(Some(hold))
}

/// The SQLite file of the configured database, which must exist to be backed up.
fn live_database(locale: Locale, config: &Config) -> Result<PathBuf, Failure> {
    let database = database_file(locale, config)?;
    if !database.is_file() {
        let args = [("path", shown(&database))];
        return Err(Failure::input(locale.t_args("backup-no-database", &args)));
    }
    if !is_sqlite_file(&database) {
        return Err(Failure::database(
            locale,
            &config.database_url,
            "file is not a database",
        ));
    }
    Ok(database)
}

fn database_file(locale: Locale, config: &Config) -> Result<PathBuf, Failure> {
    sqlite_path(&config.database_url).ok_or_else(|| {
        Failure::input(locale.t_args(
            "cli-database-url-invalid",
            &[("url", Arg::from(redact(&config.database_url)))],
        ))
    })
}

/// Where the backup goes: an absolute path in an existing folder, not a
/// folder, not the database itself, not an existing file unless `force`.
fn target_of_backup(
    locale: Locale,
    file: &Path,
    database: &Path,
    force: bool,
) -> Result<PathBuf, Failure> {
    let refuse =
        |key: &str, path: &Path| Failure::input(locale.t_args(key, &[("path", shown(path))]));
    if file.as_os_str().is_empty() {
        return Err(Failure::input(locale.t("backup-file-empty")));
    }
    let target = std::path::absolute(file).map_err(|_| refuse("backup-folder-missing", file))?;
    if target.is_dir() {
        return Err(refuse("backup-target-is-folder", file));
    }
    if same_file(&target, database) {
        return Err(refuse("backup-target-is-database", file));
    }
    if let Ok(meta) = std::fs::symlink_metadata(&target) {
        if !meta.is_file() && !meta.is_symlink() {
            return Err(refuse("backup-target-not-file", file));
        }
        if !force {
            return Err(refuse("backup-target-exists", file)
                .with_hints(vec![locale.t("backup-target-exists-hint")]));
        }
    }
    if target.file_name().is_none() || !folder_of(&target).is_dir() {
        return Err(refuse("backup-folder-missing", folder_of(&target)));
    }
    if target.to_str().is_none() {
        return Err(refuse("backup-path-not-utf8", file));
    }
    Ok(target)
}

/// A backup file to restore: an existing, readable SQLite file that is not
/// the database itself nor a database still open elsewhere.
fn check_source(locale: Locale, file: &Path, database: &Path) -> Result<(), Failure> {
    let refuse = |key: &str| Failure::input(locale.t_args(key, &[("path", shown(file))]));
    if file.as_os_str().is_empty() {
        return Err(Failure::input(locale.t("backup-file-empty")));
    }
    let meta = std::fs::metadata(file).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => refuse("restore-missing"),
        _ => io_failure(locale, "restore-unreadable", file, &e),
    })?;
    if meta.is_dir() {
        return Err(refuse("restore-is-folder"));
    }
    if !meta.is_file() {
        return Err(refuse("restore-not-sqlite"));
    }
    if same_file(file, database) {
        return Err(refuse("restore-is-database"));
    }
    let mut header = [0u8; 16];
    let read = File::open(file).and_then(|mut f| read_up_to(&mut f, &mut header));
    match read {
        Err(e) => return Err(io_failure(locale, "restore-unreadable", file, &e)),
        Ok(n) if n < header.len() || &header != b"SQLite format 3\0" => {
            return Err(refuse("restore-not-sqlite"));
        }
        Ok(_) => {}
    }
    // Changes not yet folded into the file wait in its `-wal`: a copy of the
    // file alone would miss them.
    let wal = with_suffix(file, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(refuse("restore-source-in-use"));
    }
    Ok(())
}

/// A refused backup file, in the user's words.
fn refusal(locale: Locale, file: &Path, error: BackupError) -> Failure {
    let path = ("path", shown(file));
    match error {
        BackupError::NotSqlite => Failure::input(locale.t_args("restore-not-sqlite", &[path])),
        BackupError::Damaged(reason) => {
            Failure::input(locale.t_args("restore-damaged", &[path, ("reason", Arg::from(reason))]))
        }
        BackupError::NotComcom => Failure::input(locale.t_args("restore-not-comcom", &[path])),
        BackupError::Newer { found, known } => Failure::input(locale.t_args(
            "restore-newer",
            &[
                path,
                ("version", Arg::from(found)),
                ("known", Arg::from(known)),
            ],
        )),
        e => Failure::input(locale.t_args(
            "restore-failed",
            &[path, ("reason", Arg::from(e.to_string()))],
        )),
    }
}

/// A snapshot that could not be written, with the usual causes in plain words.
fn write_failure(locale: Locale, target: &Path, error: &BackupError) -> Failure {
    let text = error.to_string();
    let reason = if text.contains("disk is full") {
        locale.t("backup-reason-disk-full")
    } else if text.contains("disk I/O error") {
        locale.t("backup-reason-io")
    } else if text.contains("unable to open") || text.contains("readonly") {
        locale.t("backup-reason-cannot-write")
    } else {
        text
    };
    Failure::input(locale.t_args(
        "backup-write-failed",
        &[("path", shown(target)), ("reason", Arg::from(reason))],
    ))
}

/// An input/output error on `path`, with the usual causes in plain words.
fn io_failure(locale: Locale, key: &str, path: &Path, error: &io::Error) -> Failure {
    let reason = match error.kind() {
        io::ErrorKind::PermissionDenied => locale.t("backup-reason-permission"),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            locale.t("backup-reason-disk-full")
        }
        io::ErrorKind::FileTooLarge => locale.t("backup-reason-io"),
        io::ErrorKind::ReadOnlyFilesystem => locale.t("backup-reason-read-only"),
        io::ErrorKind::IsADirectory => locale.t("backup-reason-folder"),
        _ => error.to_string(),
    };
    Failure::input(locale.t_args(key, &[("path", shown(path)), ("reason", Arg::from(reason))]))
}

#[derive(Clone, Copy)]
enum Operation {
    Backup,
    Restore,
}

/// PostgreSQL's own tools do this job: prints the command, built from the
/// configured URL without its password.
fn explain_postgres(locale: Locale, operation: Operation, url: &str, file: &Path) {
    let (has_password, url) = without_password(url);
    let password = if has_password { "PGPASSWORD=… " } else { "" };
    let file = shell_quote(&file.display().to_string());
    let url = shell_quote(&url);
    let (intro, command) = match operation {
        Operation::Backup => (
            "backup-postgres",
            format!("{password}pg_dump --format=custom --file={file} --dbname={url}"),
        ),
        Operation::Restore => (
            "restore-postgres",
            format!(
                "{password}pg_restore --clean --if-exists --no-owner --single-transaction \
                 --dbname={url} {file}"
            ),
        ),
    };
    eprintln!("{}", locale.t(intro));
    eprintln!();
    eprintln!("    {command}");
    eprintln!();
    if has_password {
        eprintln!("{}", locale.t("postgres-password-hint"));
    }
    if let Operation::Restore = operation {
        eprintln!("{}", locale.t("restore-postgres-after"));
    }
}

/// The URL without its password, and whether it had one.
fn without_password(url: &str) -> (bool, String) {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(None);
            (true, parsed.to_string())
        }
        _ => (false, url.to_owned()),
    }
}

/// `text` as one shell word.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// "1 territoire, 42 personnes, 3 espaces".
fn contents_line(locale: Locale, contents: &Contents) -> String {
    let args = [
        (
            "territories",
            count_arg(locale, "backup-count-territories", contents.territories),
        ),
        (
            "people",
            count_arg(locale, "backup-count-people", contents.people),
        ),
        (
            "spaces",
            count_arg(locale, "backup-count-spaces", contents.spaces),
        ),
    ];
    locale.t_args("backup-contents", &args)
}

fn count_arg(locale: Locale, key: &str, count: i64) -> Arg {
    let args = [
        ("count", Arg::Num(count)),
        ("value", Arg::from(format_int(locale, count))),
    ];
    Arg::from(locale.t_args(key, &args))
}

/// "1,2 Mo" in French, "1.2 MB" in English.
fn human_size(locale: Locale, bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [
        (1_000_000_000, "backup-size-gb"),
        (1_000_000, "backup-size-mb"),
        (1_000, "backup-size-kb"),
    ];
    let Some((scale, key)) = UNITS.into_iter().find(|(scale, _)| bytes >= *scale) else {
        let args = [
            ("count", Arg::Num(bytes as i64)),
            ("value", Arg::from(bytes.to_string())),
        ];
        return locale.t_args("backup-size-bytes", &args);
    };
    let tenths = (bytes * 10 + scale / 2) / scale;
    let separator = match locale {
        Locale::Fr => ",",
        Locale::En => ".",
    };
    let value = format!(
        "{}{separator}{}",
        format_int(locale, (tenths / 10) as i64),
        tenths % 10
    );
    locale.t_args(key, &[("value", Arg::from(value))])
}

fn shown(path: &Path) -> Arg {
    Arg::from(path.display().to_string())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Both paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn read_up_to(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Copies `from` to `to` (which must not exist) and flushes it to disk.
fn copy_file(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = File::open(from)?;
    let mut target = File::options().write(true).create_new(true).open(to)?;
    io::copy(&mut source, &mut target)?;
    target.sync_all()
}

/// Stale companions of a SQLite file: a `-wal` left there would be replayed
/// into the restored database and corrupt it. Called once the database is
/// held (or absent), so no connection uses them.
fn remove_sidecars(database: &Path) -> io::Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        match std::fs::remove_file(with_suffix(database, suffix)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// A file being written under a temporary name next to its target; removed
/// (with any SQLite companions) unless renamed into place.
struct Temp {
    path: PathBuf,
    persisted: bool,
}

impl Temp {
    fn beside(target: &Path) -> Temp {
        let path = with_suffix(target, &format!(".{}.tmp", std::process::id()));
        let temp = Temp {
            path,
            persisted: false,
        };
        temp.remove();
        temp
    }

    /// Flushes the file, renames it to `target` and flushes the folder, so
    /// that the new name survives a power cut.
    fn persist(mut self, target: &Path) -> io::Result<()> {
        File::open(&self.path)?.sync_all()?;
        std::fs::rename(&self.path, target)?;
        self.persisted = true;
        if let Ok(folder) = File::open(folder_of(target)) {
            let _ = folder.sync_all();
        }
        Ok(())
    }

    fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(with_suffix(&self.path, suffix));
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.persisted {
            self.remove();
        }
    }
}

/// Copies the files saved beside the backup (`FILE.files`) into the storage
/// folder; the line to print, or `None` when the backup has no files.
fn restore_files(locale: Locale, file: &Path, config: &Config) -> Result<Option<String>, Failure> {
    let saved = files_of(file);
    if !saved.is_dir() {
        return Ok(None);
    }
    let Some(root) = document_folder(config) else {
        let args = [("path", shown(&saved))];
        return Ok(Some(locale.t_args("restore-files-bucket", &args)));
    };
    std::fs::create_dir_all(&root)
        .map_err(|e| io_failure(locale, "restore-write-failed", &root, &e))?;
    // TODO: remove the files of the replaced instance that the restored
    // database does not name (they stay as unused leftovers for now).
    let copied = copy_tree(&saved, &root)
        .map_err(|e| io_failure(locale, "restore-write-failed", &root, &e))?;
    let args = [
        ("path", shown(&root)),
        ("count", Arg::Num(copied.files as i64)),
        ("value", Arg::from(format_int(locale, copied.files as i64))),
        ("size", Arg::from(human_size(locale, copied.bytes))),
    ];
    Ok(Some(locale.t_args("restore-files-done", &args)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_each_language_writes_them() {
        assert_eq!(human_size(Locale::Fr, 1), "1\u{a0}octet");
        assert_eq!(human_size(Locale::En, 999), "999 bytes");
        assert_eq!(human_size(Locale::Fr, 245_760), "245,8\u{a0}ko");
        assert_eq!(human_size(Locale::En, 1_234_567), "1.2 MB");
        assert_eq!(human_size(Locale::Fr, 3_000_000_000), "3,0\u{a0}Go");
    }

    #[test]
    fn postgres_commands_are_one_shell_word_per_argument_and_carry_no_password() {
        assert_eq!(shell_quote("/srv/comcom.dump"), "/srv/comcom.dump");
        assert_eq!(shell_quote("mon fichier"), "'mon fichier'");
        assert_eq!(shell_quote("l'an"), r"'l'\''an'");
        let (had, url) =
            without_password("postgres://comcom:s3cret@db:5432/comcom?sslmode=require");
        assert!(had);
        assert_eq!(url, "postgres://comcom@db:5432/comcom?sslmode=require");
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1/x"),
            (false, "postgres://postgres@127.0.0.1/x".to_owned())
        );
    }
}
