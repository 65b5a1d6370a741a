//! `comcom search reindex [--queue]`: rebuilds the full-text index from the
//! database (after a restore, an upgrade of the stemmer, or rows written
//! without the application), now or through the job queue.

use comcom_i18n::{Arg, Locale};
use comcom_store::search::REINDEX_JOB;

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

/// Progress is printed every this many articles.
const PROGRESS_EVERY: usize = 5_000;

pub fn reindex(locale: Locale, queue: bool) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let db = |e| Failure::database(locale, &config.database_url, e);
        if queue {
            store.enqueue(REINDEX_JOB, "").await.map_err(db)?;
            store.close().await;
            println!("{}", locale.t("search-reindex-queued"));
            return Ok(0);
        }
        let mut shown = 0;
        let total = store
            .reindex_all(|done| {
                if done >= shown + PROGRESS_EVERY {
                    shown = done;
                    let args = [("total", Arg::from(done))];
                    println!("  {}", locale.t_args("search-reindex-progress", &args));
                }
            })
            .await
            .map_err(db)?;
        store.close().await;
        let args = [("total", Arg::from(total))];
        println!("{}", locale.t_args("search-reindex-done", &args));
        Ok(0)
    })
}
