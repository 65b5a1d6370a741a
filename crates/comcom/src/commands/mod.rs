//! One module per subcommand.

pub mod import;
pub mod init;
pub mod serve;
pub mod territories;
pub mod user;

use comcom_i18n::Locale;
use comcom_store::Store;

use crate::config::Config;
use crate::failure::Failure;

/// Opens the configured database and brings its schema up to date.
pub async fn open_store(locale: Locale, config: &Config) -> Result<Store, Failure> {
    config.ensure_data_dir(locale)?;
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
