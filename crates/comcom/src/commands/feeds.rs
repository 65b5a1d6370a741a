//! `comcom feeds inspect|add|list|remove|poll`: the feeds of the communes'
//! sites from the command line. `inspect` reads a feed exactly as the poller
//! does and prints what would be stored, one JSON line per item.

use std::io::Write;
use std::path::Path;

use comcom_core::InseeCode;
use comcom_i18n::{Arg, Locale, format_datetime};
use comcom_syndication::{Fetched, Fetcher, ReadError, Validators, check_url, discover, read_feed};

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;
use crate::syndication::{FeedSettings, Outcome, Poller, Problem, fetch_and_read};

fn cannot_read(locale: Locale, problem: &Problem) -> Failure {
    Failure::input(locale.t_args(
        "cli-feeds-cannot-read",
        &[("reason", Arg::from(problem.explain(locale)))],
    ))
}

fn is_address(source: &str) -> bool {
    source.trim().contains("://")
}

/// `feeds inspect FILE-or-URL [--base URL]`
pub fn inspect(locale: Locale, source: &str, base: Option<&str>) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let base = match base {
        None => None,
        Some(text) => Some(
            url::Url::parse(text.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    Failure::input(
                        locale.t_args("cli-feeds-bad-base", &[("value", Arg::from(text))]),
                    )
                })?,
        ),
    };
    let feed = if is_address(source) && base.is_some() {
        // The document is read against the base asked for.
        let settings = FeedSettings::from_env(locale)?;
        let fetcher = Fetcher::new(settings.policy);
        let fetched = block_on(fetcher.fetch(source.trim(), &Validators::default()))
            .map_err(|e| cannot_read(locale, &e.into()))?;
        let Fetched::Document(document) = fetched else {
            return Err(cannot_read(locale, &ReadError::Empty.into()));
        };
        read_feed(
            &document.bytes,
            document.content_type.as_deref(),
            base.as_ref(),
        )
        .map_err(|e| cannot_read(locale, &e.into()))?
    } else if is_address(source) {
        let settings = FeedSettings::from_env(locale)?;
        let fetcher = Fetcher::new(settings.policy);
        let outcome = block_on(fetch_and_read(
            &fetcher,
            source.trim(),
            &Validators::default(),
        ))
        .map_err(|p| cannot_read(locale, &p))?;
        match outcome {
            Outcome::Read(read) => {
                if let Some(found) = &read.discovered {
                    eprintln!(
                        "{}",
                        locale.t_args(
                            "cli-feeds-announced",
                            &[("count", Arg::Num(1)), ("url", Arg::from(found.as_str()))]
                        )
                    );
                }
                read.feed
            }
            Outcome::NotModified { .. } => {
                return Err(cannot_read(locale, &ReadError::Empty.into()));
            }
        }
    } else {
        let path = Path::new(source);
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::input(locale.t_args(
                "cli-feeds-unreadable-file",
                &[
                    ("path", Arg::from(path.display().to_string())),
                    ("reason", Arg::from(e.kind().to_string())),
                ],
            ))
        })?;
        match read_feed(&bytes, None, base.as_ref()) {
            Ok(feed) => feed,
            Err(ReadError::HtmlPage) => {
                let (html, _) = comcom_syndication::to_utf8(&bytes, None);
                let page = base
                    .clone()
                    .unwrap_or_else(|| url::Url::parse("http://localhost/").expect("a valid URL"));
                let found = discover(&html, &page);
                if found.is_empty() {
                    return Err(cannot_read(locale, &ReadError::HtmlPage.into()));
                }
                let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
                return Err(Failure::input(locale.t_args(
                    "cli-feeds-announced",
                    &[
                        ("count", Arg::Num(urls.len() as i64)),
                        ("url", Arg::from(urls.join(", "))),
                    ],
                )));
            }
            Err(e) => return Err(cannot_read(locale, &e.into())),
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for item in &feed.items {
        let line = serde_json::to_string(item).expect("an item serializes");
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    Ok(0)
}

/// `feeds add --commune INSEE URL`: the URL may be the feed or the site's
/// home page, whose announced feed is then registered.
pub fn add(locale: Locale, insee: &str, url: &str) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    let settings = FeedSettings::from_env(locale)?;
    let code = InseeCode::parse(insee.trim()).map_err(|_| {
        Failure::input(locale.t_args("cli-feeds-no-commune", &[("insee", Arg::from(insee))]))
    })?;
    let address = check_url(url, &settings.policy.allow_private)
        .map_err(|e| cannot_read(locale, &e.into()))?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let mut commune = None;
        for territory in store
            .territories()
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?
        {
            if let Some(found) = store
                .commune(territory.id, &code)
                .await
                .map_err(|e| Failure::database(locale, &config.database_url, e))?
            {
                commune = Some(found);
                break;
            }
        }
        let commune = commune.ok_or_else(|| {
            Failure::input(locale.t_args(
                "cli-feeds-no-commune",
                &[("insee", Arg::from(code.as_str()))],
            ))
        })?;
        // Read it once now: a wrong address is said at once, and a home page
        // gives the feed it announces.
        let fetcher = Fetcher::new(settings.policy.clone());
        let outcome = fetch_and_read(&fetcher, address.as_str(), &Validators::default())
            .await
            .map_err(|p| cannot_read(locale, &p))?;
        let (feed_url, title): (String, String) = match outcome {
            Outcome::Read(read) => (
                read.discovered
                    .map_or_else(|| address.to_string(), |u| u.to_string()),
                read.feed.title,
            ),
            Outcome::NotModified { .. } => (address.to_string(), String::new()),
        };
        let added = store
            .add_feed_source(commune.id, &feed_url, &title, None)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        match added {
            Ok(id) => println!(
                "{}",
                locale.t_args(
                    "cli-feeds-added",
                    &[
                        ("id", Arg::Num(id)),
                        ("commune", Arg::from(commune.name.as_str())),
                        ("url", Arg::from(feed_url.as_str())),
                    ]
                )
            ),
            Err(id) => println!(
                "{}",
                locale.t_args(
                    "cli-feeds-already",
                    &[
                        ("id", Arg::Num(id)),
                        ("commune", Arg::from(commune.name.as_str()))
                    ]
                )
            ),
        }
        store.close().await;
        Ok(0)
    })
}

/// `feeds list`
pub fn list(locale: Locale) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let sources = store
            .feed_sources(None)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        if sources.is_empty() {
            println!("{}", locale.t("cli-feeds-none"));
        }
        for s in &sources {
            let health = match (&s.last_error, s.last_success_at) {
                (Some((id, detail)), _) => {
                    locale.t_args(id, &[("detail", Arg::from(detail.as_str()))])
                }
                (None, Some(at)) => format!(
                    "{} {}",
                    locale.t("syndin-col-success"),
                    format_datetime(locale, at.naive_utc()) + " UTC"
                ),
                (None, None) => locale.t("syndin-never"),
            };
            println!(
                "{}",
                locale.t_args(
                    "cli-feeds-line",
                    &[
                        ("id", Arg::Num(s.id)),
                        ("commune", Arg::from(s.commune_name.as_str())),
                        ("url", Arg::from(s.url.as_str())),
                        ("value", Arg::from(health)),
                    ]
                )
            );
        }
        store.close().await;
        Ok(0)
    })
}

/// `feeds remove ID`
pub fn remove(locale: Locale, id: i64) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let removed = store
            .remove_feed_source(id)
            .await
            .map_err(|e| Failure::database(locale, &config.database_url, e))?;
        store.close().await;
        if removed {
            println!(
                "{}",
                locale.t_args("cli-feeds-removed", &[("id", Arg::Num(id))])
            );
            Ok(0)
        } else {
            Err(Failure::input(
                locale.t_args("cli-feeds-no-such", &[("id", Arg::Num(id))]),
            ))
        }
    })
}

/// `feeds poll`: one round over every source now, 16 at a time.
pub fn poll(locale: Locale) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let config = Config::from_env(locale, None)?;
    let settings = FeedSettings::from_env(locale)?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built")
        .block_on(async {
            let store = open_store(locale, &config).await?;
            let poller = Poller::new(store.clone(), settings);
            let reports = poller
                .poll_all(16)
                .await
                .map_err(|e| Failure::database(locale, &config.database_url, e))?;
            println!(
                "{}",
                locale.t_args(
                    "cli-feeds-polled",
                    &[("count", Arg::Num(reports.len() as i64))]
                )
            );
            store.close().await;
            Ok(0)
        })
}
