//! Inbound syndication at run time: the feed settings from the environment,
//! and the poller that reads one commune feed (a `poll_feed` job) with the
//! same reader as `comcom feeds inspect`.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use comcom_i18n::{Arg, Locale};
use comcom_store::feed_sources::{
    FeedSource, ItemStatus, NewFeedItem, PollOutcome, next_after_failure, next_after_success,
};
use comcom_store::syndication::ApprovalMode;
use comcom_store::{Store, StoreError};
use comcom_syndication::{
    AllowPrivate, Document, FetchError, FetchPolicy, Fetched, Fetcher, ReadError, Validators,
    discover, read_feed,
};

use crate::failure::Failure;

/// How feeds are fetched and how often.
#[derive(Debug, Clone)]
pub struct FeedSettings {
    pub policy: FetchPolicy,
    /// Time between two polls of a healthy feed.
    pub interval: Duration,
    /// Items kept from one document (the newest come first in feeds).
    pub max_items: usize,
}

impl FeedSettings {
    /// `COMCOM_FEEDS_ALLOW_PRIVATE` (false, true or CIDRs),
    /// `COMCOM_FEEDS_INTERVAL_MINUTES` (30), `COMCOM_FEEDS_MAX_BYTES` (5 MiB),
    /// `COMCOM_FEEDS_TIMEOUT_SECONDS` (20).
    pub fn from_env(locale: Locale) -> Result<FeedSettings, Failure> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let allow = match var("COMCOM_FEEDS_ALLOW_PRIVATE") {
            None => AllowPrivate::None,
            Some(text) => AllowPrivate::parse(&text).map_err(|_| {
                Failure::input(locale.t_args(
                    "cli-feeds-allow-invalid",
                    &[("value", Arg::from(text.as_str()))],
                ))
            })?,
        };
        let number = |name: &str, default: u64, max: u64| -> Result<u64, Failure> {
            match var(name) {
                None => Ok(default),
                Some(text) => text
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        Failure::input(locale.t_args(
                            "cli-feeds-number-invalid",
                            &[
                                ("name", Arg::from(name)),
                                ("value", Arg::from(text.as_str())),
                            ],
                        ))
                    }),
            }
        };
        let interval = number("COMCOM_FEEDS_INTERVAL_MINUTES", 30, 7 * 24 * 60)?;
        let max_bytes = number("COMCOM_FEEDS_MAX_BYTES", 5 * 1024 * 1024, 1 << 30)?;
        let timeout = number("COMCOM_FEEDS_TIMEOUT_SECONDS", 20, 600)?;
        Ok(FeedSettings {
            policy: FetchPolicy {
                allow_private: allow,
                max_bytes: max_bytes as usize,
                timeout: StdDuration::from_secs(timeout),
                max_redirects: 5,
            },
            interval: Duration::minutes(interval as i64),
            max_items: 200,
        })
    }
}

/// Why a feed could not be read, as a message id and its detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message_id: &'static str,
    pub detail: String,
    pub retry_after: Option<StdDuration>,
}

impl Problem {
    pub fn explain(&self, locale: Locale) -> String {
        locale.t_args(
            self.message_id,
            &[("detail", Arg::from(self.detail.as_str()))],
        )
    }
}

impl From<FetchError> for Problem {
    fn from(e: FetchError) -> Problem {
        Problem {
            message_id: e.message_id(),
            detail: e.detail(),
            retry_after: e.retry_after(),
        }
    }
}

impl From<ReadError> for Problem {
    fn from(e: ReadError) -> Problem {
        Problem {
            message_id: e.message_id(),
            detail: e.detail().to_owned(),
            retry_after: None,
        }
    }
}

/// A feed fetched and read, or found from a home page.
pub struct Read {
    pub feed: comcom_syndication::Feed,
    pub document_url: url::Url,
    pub validators: Validators,
    pub max_age: Option<StdDuration>,
    /// Set when `url` was a web page announcing this feed.
    pub discovered: Option<url::Url>,
}

/// What reading an address gave.
pub enum Outcome {
    NotModified { max_age: Option<StdDuration> },
    Read(Box<Read>),
}

/// Fetches and reads the feed at `url`; when it is a web page that
/// announces feeds, reads the first one it announces instead.
pub async fn fetch_and_read(
    fetcher: &Fetcher,
    url: &str,
    validators: &Validators,
) -> Result<Outcome, Problem> {
    let document = match fetcher.fetch(url, validators).await? {
        Fetched::NotModified { max_age } => return Ok(Outcome::NotModified { max_age }),
        Fetched::Document(document) => document,
    };
    match read_document(&document) {
        Ok(feed) => Ok(Outcome::Read(Box::new(Read {
            feed,
            document_url: document.url.clone(),
            validators: document.validators.clone(),
            max_age: document.max_age,
            discovered: None,
        }))),
        Err(ReadError::HtmlPage) => {
            let (html, _) =
                comcom_syndication::to_utf8(&document.bytes, document.content_type.as_deref());
            let Some(announced) = discover(&html, &document.url).into_iter().next() else {
                return Err(ReadError::HtmlPage.into());
            };
            let Fetched::Document(feed_doc) = fetcher
                .fetch(announced.url.as_str(), &Validators::default())
                .await?
            else {
                return Err(ReadError::Empty.into());
            };
            let feed = read_document(&feed_doc)?;
            Ok(Outcome::Read(Box::new(Read {
                feed,
                document_url: feed_doc.url.clone(),
                validators: feed_doc.validators.clone(),
                max_age: feed_doc.max_age,
                discovered: Some(announced.url),
            })))
        }
        Err(e) => Err(e.into()),
    }
}

fn read_document(document: &Document) -> Result<comcom_syndication::Feed, ReadError> {
    read_feed(
        &document.bytes,
        document.content_type.as_deref(),
        Some(&document.url),
    )
}

/// Polls the communes' feeds: one source per `poll_feed` job.
#[derive(Clone)]
pub struct Poller {
    pub store: Store,
    pub fetcher: Fetcher,
    pub settings: Arc<FeedSettings>,
    /// Polls fetch and read at once but write one at a time: SQLite has one
    /// writer, and a transaction that reads then writes cannot wait for it.
    writes: Arc<tokio::sync::Mutex<()>>,
}

/// What one poll did, for logs and the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    pub new: usize,
    pub updated: usize,
    pub not_modified: bool,
    pub problem: Option<String>,
    /// False when the job was stale (the source moved on or was removed).
    pub acted: bool,
}

impl Poller {
    pub fn new(store: Store, settings: FeedSettings) -> Poller {
        Poller {
            store,
            fetcher: Fetcher::new(settings.policy.clone()),
            settings: Arc::new(settings),
            writes: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Runs the `poll_feed` job `job_id` for source `source_id`. Fetch and
    /// read errors are recorded on the source, not failures of the job;
    /// only the database can fail it (and the job is then retried).
    pub async fn run_job(&self, source_id: i64, job_id: i64) -> Result<PollReport, StoreError> {
        let Some(source) = self.store.feed_source(source_id).await? else {
            return Ok(PollReport::default());
        };
        if source.poll_job_id != Some(job_id) {
            return Ok(PollReport::default());
        }
        self.poll(&source, job_id).await
    }

    /// Polls one source now and schedules its next poll.
    pub async fn poll(&self, source: &FeedSource, job_id: i64) -> Result<PollReport, StoreError> {
        let interval = self.settings.interval;
        let validators = Validators {
            etag: source.etag.clone(),
            last_modified: source.last_modified.clone(),
        };
        let mut report = PollReport::default();
        let fetched = fetch_and_read(&self.fetcher, &source.url, &validators).await;
        let _writing = self.writes.lock().await;
        let (outcome, next) = match fetched {
            Ok(Outcome::NotModified { max_age }) => {
                report.not_modified = true;
                (
                    PollOutcome::Success {
                        title: None,
                        etag: source.etag.clone(),
                        last_modified: source.last_modified.clone(),
                    },
                    next_after_success(interval, max_age.and_then(|d| Duration::from_std(d).ok())),
                )
            }
            Ok(Outcome::Read(read)) => {
                if let Some(found) = &read.discovered {
                    self.store
                        .set_feed_source_url(source.id, found.as_str())
                        .await?;
                }
                let charter = self.store.syndication_charter(source.territory_id).await?;
                let status = match charter.inbound_approval {
                    ApprovalMode::Approve => ItemStatus::Pending,
                    ApprovalMode::AcceptAll => ItemStatus::Accepted,
                };
                let oldest = Utc::now() - Duration::days(charter.retention_days.max(1));
                let items: Vec<NewFeedItem> = read
                    .feed
                    .items
                    .iter()
                    .take(self.settings.max_items)
                    .map(|item| NewFeedItem {
                        key: item.key.clone(),
                        title: item.title.clone(),
                        link: item.link.clone(),
                        content_html: item.content_html.clone(),
                        published_at: item.published,
                        updated_at: item.updated,
                    })
                    .collect();
                let stored = self
                    .store
                    .store_feed_items(source.id, &items, status, oldest)
                    .await?;
                report.new = stored.new;
                report.updated = stored.updated;
                let title = Some(read.feed.title.clone()).filter(|t| !t.is_empty());
                (
                    PollOutcome::Success {
                        title,
                        etag: read.validators.etag.clone(),
                        last_modified: read.validators.last_modified.clone(),
                    },
                    next_after_success(
                        interval,
                        read.max_age.and_then(|d| Duration::from_std(d).ok()),
                    ),
                )
            }
            Err(problem) => {
                report.problem = Some(format!("{}: {}", problem.message_id, problem.detail));
                let retry_after = problem.retry_after.and_then(|d| Duration::from_std(d).ok());
                (
                    PollOutcome::Failure {
                        error: problem.message_id.to_owned(),
                        detail: problem.detail.clone(),
                    },
                    next_after_failure(interval, source.failures + 1, retry_after),
                )
            }
        };
        report.acted = self
            .store
            .record_feed_poll(source.id, job_id, &outcome, next)
            .await?;
        Ok(report)
    }

    /// Polls every source (of every territory) now, `concurrency` at a time:
    /// `comcom feeds poll` and the polling benchmark.
    pub async fn poll_all(&self, concurrency: usize) -> Result<Vec<PollReport>, StoreError> {
        let sources = self.store.feed_sources(None).await?;
        let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for source in sources {
            let poller = self.clone();
            let permit = semaphore
                .clone()
                .acquire_owned()
                .await
                .expect("the semaphore stays open");
            tasks.spawn(async move {
                let _permit = permit;
                let job = source.poll_job_id.unwrap_or_default();
                poller.poll(&source, job).await
            });
        }
        let mut reports = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(report) => reports.push(report?),
                Err(e) => tracing::error!(error = %e, "a feed poll stopped unexpectedly"),
            }
        }
        Ok(reports)
    }
}
