//! The job runner: claims jobs from the database queue and runs them. Runs
//! inside `serve`; any number of nodes may run it, each job is claimed by one.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use comcom_files::FileStore;
use comcom_mail::{CalendarPart, Email, Mailbox, Transport};
use comcom_store::Store;
use comcom_store::documents::{EXTRACT_DOCUMENT_TEXT, is_extractable};
use comcom_store::events::{DAILY_DIGEST, NOTIFY_EVENT};
use comcom_store::feed_sources::POLL_FEED;
use comcom_store::jobs::Job;
use comcom_store::outbox::SEND_EMAIL;
use comcom_store::search::REINDEX_JOB;
use comcom_web::notify::{self, MailContext};
use tokio::sync::watch;
use tracing::Instrument;

/// Pause when the queue is empty.
const IDLE: StdDuration = StdDuration::from_millis(500);

/// What the runner needs to deliver email.
pub struct Worker {
    pub store: Store,
    pub transport: Arc<Transport>,
    pub from: Mailbox,
    pub name: String,
    /// First pause before a retry, doubled at each attempt (`COMCOM_RETRY_BASE_SECONDS`).
    pub retry_base_secs: i64,
    /// How long a claimed job is reserved before another node may take it
    /// over (`COMCOM_JOB_LEASE_SECONDS`); renewed while the job runs.
    pub lease: Duration,
    /// Links and message ids of notification emails.
    pub mail: MailContext,
    /// The hour (UTC) after which the day's digest job is queued (`COMCOM_DIGEST_HOUR`).
    pub digest_hour: u32,
    /// Reads the communes' feeds (`poll_feed` jobs).
    pub poller: Option<crate::syndication::Poller>,
    /// Where documents are kept (text extraction reads them).
    pub files: FileStore,
    /// Signs the tests of letters as the letters themselves (`COMCOM_DKIM_*`).
    pub dkim: Option<Arc<comcom_mail::Dkim>>,
}

/// Largest PDF whose text is extracted (the parser holds it in memory).
const MAX_PDF_BYTES: u64 = 64 * 1000 * 1000;

impl Worker {
    /// Runs jobs until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(worker = %self.name, "job runner started");
        let mut digest_scheduled: Option<chrono::NaiveDate> = None;
        loop {
            if *stop.borrow() {
                break;
            }
            self.schedule_digest(&mut digest_scheduled).await;
            match self.store.claim_job(&self.name, self.lease).await {
                Ok(Some(job)) => self.run_one(job).await,
                Ok(None) => {
                    tokio::select! {
                        _ = tokio::time::sleep(IDLE) => {}
                        _ = stop.changed() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim a job; retrying shortly");
                    tokio::time::sleep(IDLE * 4).await;
                }
            }
        }
        tracing::info!(worker = %self.name, "job runner stopped");
    }

    async fn run_one(&self, job: Job) {
        let span = tracing::info_span!("job", job.id = job.id, job.kind = %job.kind, attempt = job.attempts);
        self.run_in_span(job).instrument(span).await;
    }

    async fn run_in_span(&self, job: Job) {
        // The lease is renewed every third of its length while the job runs,
        // so a long job (a reindex) is never taken over by another node while
        // this one lives; if this node dies, the lease runs out.
        let work = self.dispatch(&job);
        tokio::pin!(work);
        let period = (self.lease / 3)
            .to_std()
            .unwrap_or(StdDuration::from_secs(1));
        let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        let outcome = loop {
            tokio::select! {
                outcome = &mut work => break outcome,
                _ = beat.tick() => {
                    match self.store.extend_lease(job.id, &self.name, self.lease).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!("another node took this job over"),
                        Err(e) => tracing::warn!(error = %e, "cannot renew the job's lease"),
                    }
                }
            }
        };
        self.record(&job, outcome).await;
    }

    async fn dispatch(&self, job: &Job) -> Result<(), Failure> {
        match job.kind.as_str() {
            SEND_EMAIL => self.send_email(job).await,
            NOTIFY_EVENT => self.notify_event(job).await,
            DAILY_DIGEST => self.daily_digest(job).await,
            EXTRACT_DOCUMENT_TEXT => self.extract_text(job).await,
            REINDEX_JOB => self
                .store
                .reindex_all(|_| ())
                .await
                .map(|count| tracing::info!(count, "search index rebuilt"))
                .map_err(|e| Failure::Temporary(e.to_string())),
            POLL_FEED => match &self.poller {
                Some(poller) => poll_feed(poller, job).await,
                None => Err(Failure::Temporary(
                    "feeds are not polled on this node".into(),
                )),
            },
            other => Err(Failure::Permanent(format!("unknown job kind {other}"))),
        }
    }

    async fn record(&self, job: &Job, outcome: Result<(), Failure>) {
        let recorded = match outcome {
            Ok(()) => self.store.complete_job(job.id).await,
            Err(Failure::Temporary(reason)) => {
                tracing::warn!(%reason, "job failed; will retry");
                self.store
                    .fail_job(
                        job,
                        &reason,
                        Some(backoff(self.retry_base_secs, job.attempts)),
                    )
                    .await
            }
            Err(Failure::Permanent(reason)) => {
                tracing::warn!(%reason, "job failed for good");
                self.store.fail_job(job, &reason, None).await
            }
        };
        if let Err(e) = recorded {
            // The lease runs out and the job runs again: every job is idempotent.
            tracing::error!(error = %e, "cannot record the job's outcome");
        }
    }

    /// Delivers one outbox message. A message already sent is not sent again.
    async fn send_email(&self, job: &Job) -> Result<(), Failure> {
        let id: i64 = job
            .payload
            .parse()
            .map_err(|_| Failure::Permanent("bad payload".into()))?;
        let message = self
            .store
            .outbox_message(id)
            .await
            .map_err(|e| Failure::Temporary(e.to_string()))?
            .ok_or_else(|| Failure::Permanent(format!("outbox message {id} is gone")))?;
        if message.sent_at.is_some() {
            return Ok(());
        }
        let calendar = self
            .store
            .outbox_calendar(id)
            .await
            .map_err(|e| Failure::Temporary(e.to_string()))?
            .map(|(method, body)| CalendarPart { method, body });
        let email = Email {
            message_id: message.message_id.clone(),
            from: self.from.clone(),
            to: message.to.clone(),
            subject: message.subject.clone(),
            text: message.text.clone(),
            html: message.html.clone(),
            headers: Vec::new(),
            calendar,
        };
        // A letter's test is signed like the letter, so that it shows what
        // recipients' servers will check.
        let dkim = self
            .dkim
            .as_deref()
            .filter(|_| message.kind == "letter_test");
        match self.transport.send_signed(&email, dkim).await {
            Ok(()) => {
                self.store
                    .mark_email_sent(id)
                    .await
                    .map_err(|e| Failure::Temporary(e.to_string()))?;
                // The invitation goes the way of the text once delivered.
                if let Err(e) = self.store.forget_outbox_calendar(id).await {
                    tracing::warn!(error = %e, "cannot forget a delivered invitation");
                }
                Ok(())
            }
            Err(e) => {
                let _ = self
                    .store
                    .mark_email_error(id, &e.reason, e.permanent)
                    .await;
                Err(if e.permanent {
                    Failure::Permanent(e.reason)
                } else {
                    Failure::Temporary(e.reason)
                })
            }
        }
    }
}

impl Worker {
    /// Once a day, after the digest hour, queues that day's digest job (one
    /// per day whatever the number of nodes: the store checks).
    async fn schedule_digest(&self, done: &mut Option<chrono::NaiveDate>) {
        let now = chrono::Utc::now();
        let today = now.date_naive();
        if *done == Some(today) || chrono::Timelike::hour(&now) < self.digest_hour {
            return;
        }
        let day = comcom_store::time::date(today);
        match self.store.schedule_digest(&day).await {
            Ok(_) => *done = Some(today),
            Err(e) => tracing::warn!(error = %e, "cannot queue the daily digest"),
        }
    }

    /// Writes the immediate emails of an event to the outbox.
    async fn notify_event(&self, job: &Job) -> Result<(), Failure> {
        let id: i64 = job
            .payload
            .parse()
            .map_err(|_| Failure::Permanent("bad payload".into()))?;
        notify::send_event_emails(&self.store, &self.mail, id)
            .await
            .map(|_| ())
            .map_err(|e| Failure::Temporary(e.to_string()))
    }

    /// Writes the day's digests to the outbox (once per person and day).
    async fn daily_digest(&self, job: &Job) -> Result<(), Failure> {
        let sent = notify::send_digests(&self.store, &self.mail, &job.payload, chrono::Utc::now())
            .await
            .map_err(|e| Failure::Temporary(e.to_string()))?;
        tracing::info!(sent, day = %job.payload, "daily digests queued");
        Ok(())
    }
}

impl Worker {
    /// Runs every job due now, then returns how many ran (tests, one-off runs).
    pub async fn run_due(&self) -> usize {
        let mut ran = 0;
        while let Ok(Some(job)) = self.store.claim_job(&self.name, self.lease).await {
            self.run_one(job).await;
            ran += 1;
        }
        ran
    }

    /// Extracts the text of a version for search (PDF, plain text,
    /// Markdown, CSV) and indexes its document again. Idempotent: a version
    /// whose text was already extracted is not read again (its document is
    /// only indexed again, which gives the same index); a version gone
    /// (trash emptied) is left; a PDF without readable text (scanned,
    /// malformed, too large) is recorded with an empty text, never retried.
    async fn extract_text(&self, job: &Job) -> Result<(), Failure> {
        let id: i64 = job
            .payload
            .parse()
            .map_err(|_| Failure::Permanent("bad payload".into()))?;
        let temporary = |e: comcom_store::StoreError| Failure::Temporary(e.to_string());
        let found = self
            .store
            .version_for_extraction(id)
            .await
            .map_err(temporary)?;
        let Some((key, content_type, done)) = found else {
            return Ok(());
        };
        if done || !is_extractable(&content_type) {
            return self
                .store
                .index_version_document(id)
                .await
                .map_err(temporary);
        }
        let text = if content_type == "application/pdf" {
            let bytes = match self.files.read_all(&key, MAX_PDF_BYTES).await {
                Ok(Some(bytes)) => bytes,
                Ok(None) => {
                    // TODO: extract large PDFs page by page instead of skipping them.
                    tracing::warn!(version.id = id, "PDF too large for text extraction");
                    Vec::new()
                }
                Err(comcom_files::FilesError::NotFound) => return Ok(()),
                Err(e) => return Err(Failure::Temporary(e.to_string())),
            };
            if bytes.is_empty() {
                String::new()
            } else {
                // On a thread of its own: a panic of the parser on a
                // malformed file ends there, recorded as no text.
                match tokio::task::spawn_blocking(move || comcom_files::pdf::extract_text(&bytes))
                    .await
                {
                    Ok(Ok(text)) => text,
                    Ok(Err(reason)) => {
                        tracing::info!(version.id = id, %reason, "no extractable text in this PDF");
                        String::new()
                    }
                    Err(e) => {
                        tracing::warn!(version.id = id, error = %e, "text extraction crashed");
                        String::new()
                    }
                }
            }
        } else {
            match self
                .files
                .read_head(&key, comcom_files::text::MAX_TEXT_BYTES)
                .await
            {
                Ok(bytes) => comcom_files::text::decode(&bytes),
                Err(comcom_files::FilesError::NotFound) => return Ok(()),
                Err(e) => return Err(Failure::Temporary(e.to_string())),
            }
        };
        self.store
            .set_extracted_text(id, &text)
            .await
            .map_err(temporary)?;
        tracing::info!(
            version.id = id,
            chars = text.chars().count(),
            "document text extracted"
        );
        Ok(())
    }
}

enum Failure {
    Temporary(String),
    Permanent(String),
}

/// Polls one commune feed. What the feed's server or document does wrong is
/// recorded on the source (its health) and the next poll scheduled; only a
/// database error fails the job.
async fn poll_feed(poller: &crate::syndication::Poller, job: &Job) -> Result<(), Failure> {
    let source_id: i64 = job
        .payload
        .parse()
        .map_err(|_| Failure::Permanent("bad payload".into()))?;
    match poller.run_job(source_id, job.id).await {
        Ok(report) => {
            tracing::info!(
                source_id,
                new = report.new,
                updated = report.updated,
                not_modified = report.not_modified,
                problem = ?report.problem,
                "feed polled"
            );
            Ok(())
        }
        Err(e) => Err(Failure::Temporary(e.to_string())),
    }
}

/// With a base of 30 s: 30 s, 1 min, 2 min… up to an hour between attempts.
fn backoff(base_secs: i64, attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((base_secs.max(1) << exponent).min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(backoff(30, 1), Duration::seconds(30));
        assert_eq!(backoff(30, 2), Duration::seconds(60));
        assert_eq!(backoff(30, 8), Duration::seconds(3600));
        assert_eq!(backoff(30, 50), Duration::seconds(3600));
        assert_eq!(backoff(1, 3), Duration::seconds(4));
    }
}
