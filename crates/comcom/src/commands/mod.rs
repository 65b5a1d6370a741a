//! One module per subcommand.

pub mod backup;
pub mod feeds;
pub mod import;
pub mod init;
pub mod mail;
pub mod search;
pub mod seed;
pub mod serve;
pub mod territories;
pub mod token;
pub mod user;

use comcom_i18n::Locale;
use comcom_store::Store;

use crate::config::Config;
use crate::failure::Failure;

/// Opens the configured database and brings its schema up to date.
pub async fn open_store(locale: Locale, config: &Config) -> Result<Store, Failure> {
    config.ensure_data_dir(locale)?;
    if let Some(path) = sqlite_path(&config.database_url)
        && !is_sqlite_file(&path)
    {
        return Err(Failure::database(
            locale,
            &config.database_url,
            "file is not a database",
        ));
    }
    let store = Store::connect(&config.database_url)
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?;
    Ok(store)
}

/// A single-threaded runtime for commands that do a little I/O and exit.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built")
        .block_on(future)
}

/// The file of a `sqlite://` URL.
fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && !path.contains(":memory:")).then(|| std::path::PathBuf::from(path))
}

/// A missing or empty file will be created; an existing one must be SQLite's.
fn is_sqlite_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return true;
    };
    let mut header = [0u8; 16];
    match file.read(&mut header) {
        Ok(0) => true,
        Ok(16) => &header == b"SQLite format 3\0",
        _ => false,
    }
}
