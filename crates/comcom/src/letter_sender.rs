//! The letter sender, run inside `serve` next to the job runner: claims a
//! letter that is due (sending, or scheduled and due) for a short lease
//! renewed as it goes, and sends its messages one by one over one SMTP
//! connection at the configured rate.
//!
//! Each message's row is marked `sending` before the SMTP transaction and
//! `sent` after the server's 250. A node killed in between leaves one row
//! `sending`; whoever claims the letter next sends that message again with
//! the same Message-ID. So a recipient can get a duplicate only for the one
//! message in flight on a connection when the node died.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use comcom_i18n::Locale;
use comcom_mail::{BulkSender, Dkim, Email, Mailbox, Transport};
use comcom_store::Store;
use comcom_store::letters::{DeliveryState, LetterStatus, unsubscribe_token};
use comcom_web::letter_mail::{self, LetterContent};
use tokio::sync::watch;

/// The lease on a letter; renewed before each batch, which lasts far less.
const LEASE_SECONDS: i64 = 15;
/// Pause when no letter is due.
const IDLE: StdDuration = StdDuration::from_millis(1000);
/// Attempts per message before a temporary failure becomes permanent.
const MAX_ATTEMPTS: i64 = 8;

/// What the sender needs.
pub struct LetterSender {
    pub store: Store,
    pub transport: Transport,
    pub dkim: Option<Arc<Dkim>>,
    pub from: Mailbox,
    pub name: String,
    /// The first territory's public URL (others have their own).
    pub public_url: String,
    pub mail_domain: String,
    /// Messages per second (`COMCOM_LETTER_RATE`).
    pub rate: f64,
    /// First pause before a retry, doubled at each attempt.
    pub retry_base_secs: i64,
}

impl LetterSender {
    /// Sends letters until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let key = loop {
            match self.store.letters_key().await {
                Ok(key) => break key,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the letters key; retrying");
                    tokio::time::sleep(IDLE * 5).await;
                }
            }
        };
        tracing::info!(worker = %self.name, rate = self.rate, "letter sender started");
        loop {
            if *stop.borrow() {
                break;
            }
            match self
                .store
                .claim_letter(&self.name, Duration::seconds(LEASE_SECONDS))
                .await
            {
                Ok(Some((id, status))) => {
                    if let Err(e) = self.send_letter(id, status, &key, &stop).await {
                        tracing::warn!(letter.id = id, error = %e, "letter sending interrupted");
                        let _ = self
                            .store
                            .release_letter(id, &self.name, Duration::seconds(5))
                            .await;
                    }
                }
                Ok(None) => {
                    tokio::select! {
                        _ = tokio::time::sleep(IDLE) => {}
                        _ = stop.changed() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim a letter; retrying shortly");
                    tokio::time::sleep(IDLE * 4).await;
                }
            }
        }
        tracing::info!(worker = %self.name, "letter sender stopped");
    }

    async fn send_letter(
        &self,
        id: i64,
        status: LetterStatus,
        key: &[u8],
        stop: &watch::Receiver<bool>,
    ) -> Result<(), comcom_store::StoreError> {
        let store = &self.store;
        if status == LetterStatus::Scheduled {
            let count = store.begin_sending(id, &self.mail_domain).await?;
            tracing::info!(letter.id = id, messages = ?count, "scheduled letter starts sending");
        }
        let Some(letter) = store.letter(id).await? else {
            return Ok(());
        };
        let territory = store
            .territories()
            .await?
            .into_iter()
            .find(|t| t.id == letter.territory_id);
        let Some(territory) = territory else {
            return Ok(());
        };
        let base_url = territory
            .public_url
            .clone()
            .unwrap_or_else(|| self.public_url.clone());
        let base_url = base_url.trim_end_matches('/').to_owned();
        // The body is the author's; the text around it (footer, unsubscribe,
        // read online) follows each recipient's language, French by default.
        let french =
            letter_mail::render(store, &letter, &territory.name, &base_url, Locale::Fr).await;
        let mut contents: Vec<LetterContent> = vec![french];
        let locales = store.letter_recipient_locales(id).await?;
        let from = Mailbox {
            name: Some(territory.name.clone()),
            address: self.from.address.clone(),
        };

        let mut sender = BulkSender::new(self.transport.clone(), self.dkim.clone());
        let period = StdDuration::from_secs_f64(1.0 / self.rate.max(0.01));
        let batch = ((self.rate * 5.0) as i64).clamp(1, 200);
        let mut next_slot = tokio::time::Instant::now();
        let mut sent = 0u64;
        // A message the server accepted whose row is still `sending`: it is
        // recorded `sent` in the same transaction that marks the next one
        // `sending`, or on its own before anything else touches the letter.
        let mut accepted: Option<i64> = None;
        let finished = loop {
            if let Some(done) = accepted.take() {
                store.mark_delivery_sent(done).await?;
            }
            if *stop.borrow() {
                break false;
            }
            match store
                .renew_letter_lease(id, &self.name, Duration::seconds(LEASE_SECONDS))
                .await?
            {
                Some(LetterStatus::Sending) => {}
                // Paused, cancelled, or the lease went to another node.
                _ => break false,
            }
            let checked_at = tokio::time::Instant::now();
            let due = store.due_deliveries(id, batch).await?;
            if due.is_empty() {
                if store.finish_letter_if_done(id).await? {
                    break true;
                }
                let wait = match store.next_letter_retry(id).await? {
                    Some(at) => (at - Utc::now()).clamp(Duration::seconds(1), Duration::minutes(5)),
                    None => Duration::seconds(1),
                };
                sender.close().await;
                store.release_letter(id, &self.name, wait).await?;
                return Ok(());
            }
            let (unsubscribed, stopped): (BTreeSet<String>, BTreeSet<String>) =
                store.suppressed_addresses(letter.territory_id).await?;
            for delivery in due {
                if *stop.borrow() {
                    break;
                }
                let skipped =
                    unsubscribed.contains(&delivery.address) || stopped.contains(&delivery.address);
                if skipped && let Some(done) = accepted.take() {
                    store.mark_delivery_sent(done).await?;
                }
                if unsubscribed.contains(&delivery.address) {
                    store
                        .mark_delivery_skipped(delivery.id, DeliveryState::SkippedUnsubscribed)
                        .await?;
                    continue;
                }
                if stopped.contains(&delivery.address) {
                    store
                        .mark_delivery_skipped(delivery.id, DeliveryState::SkippedBounced)
                        .await?;
                    continue;
                }
                let now = tokio::time::Instant::now();
                if next_slot > now {
                    tokio::time::sleep_until(next_slot).await;
                } else if now - next_slot > StdDuration::from_secs(1) {
                    next_slot = now;
                }
                // A pause or a cancellation made while waiting for the rate
                // takes effect before the next message: the status is read
                // again at least every second.
                if checked_at.elapsed() >= STATUS_CHECK {
                    break;
                }
                next_slot += period;

                let locale = delivery
                    .person_id
                    .and_then(|p| locales.get(&p))
                    .and_then(|code| Locale::from_tag(code))
                    .unwrap_or(Locale::Fr);
                if !contents.iter().any(|c| c.locale == locale) {
                    contents.push(
                        letter_mail::render(store, &letter, &territory.name, &base_url, locale)
                            .await,
                    );
                }
                let content = contents
                    .iter()
                    .find(|c| c.locale == locale)
                    .expect("rendered above");
                let token = unsubscribe_token(key, letter.territory_id, &delivery.address);
                let link = format!("{base_url}/desabonnement/{token}");
                let email = Email {
                    message_id: delivery.message_id.clone(),
                    from: from.clone(),
                    to: delivery.address.clone(),
                    subject: letter.subject.clone(),
                    text: content.email_text(Some(&link)),
                    html: Some(content.email_html(Some(&link))),
                    headers: vec![
                        // Requests to the mailto: address are read by `comcom mail inbox`.
                        (
                            "List-Unsubscribe".into(),
                            format!(
                                "<{link}>, <mailto:{}?subject=unsubscribe%20{token}>",
                                from.address
                            ),
                        ),
                        (
                            "List-Unsubscribe-Post".into(),
                            "List-Unsubscribe=One-Click".into(),
                        ),
                        ("Precedence".into(), "bulk".into()),
                    ],
                    calendar: None,
                };
                match accepted.take() {
                    Some(done) => {
                        store
                            .mark_delivery_sent_then_sending(done, delivery.id)
                            .await?
                    }
                    None => store.mark_delivery_sending(delivery.id).await?,
                }
                match sender.send(&email).await {
                    Ok(()) => {
                        accepted = Some(delivery.id);
                        sent += 1;
                    }
                    Err(error) => {
                        let attempts = delivery.attempts + 1;
                        let retry = (!error.permanent && attempts < MAX_ATTEMPTS)
                            .then(|| Utc::now() + backoff(self.retry_base_secs, attempts));
                        tracing::warn!(
                            letter.id = id,
                            message.id = %delivery.message_id,
                            permanent = retry.is_none(),
                            reason = %error.reason,
                            "letter message not delivered"
                        );
                        store
                            .mark_delivery_failed(delivery.id, &error.reason, retry)
                            .await?;
                    }
                }
            }
        };
        if let Some(done) = accepted.take() {
            store.mark_delivery_sent(done).await?;
        }
        sender.close().await;
        tracing::info!(
            letter.id = id,
            sent,
            connections = sender.connections,
            finished,
            "letter sending slice over"
        );
        if !finished {
            store
                .release_letter(id, &self.name, Duration::zero())
                .await?;
        }
        Ok(())
    }
}

/// With a base of 30 s: 30 s, 1 min, 2 min… up to an hour.
/// How long the sender goes without reading the letter's status again.
const STATUS_CHECK: StdDuration = StdDuration::from_secs(1);

fn backoff(base_secs: i64, attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((base_secs.max(1) << exponent).min(3600))
}
