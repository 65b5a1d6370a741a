//! The emails of notifications: one per event for people who chose it (and,
//! by default, for mentions), and the daily digest. Written in each
//! recipient's language and queued in the outbox; the job runner calls these
//! for the `notify_event` and `daily_digest` jobs. Both are idempotent: a
//! notification is emailed once, a digest is sent once per person per day.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use comcom_i18n::{Arg, Locale};
use comcom_store::events::{EventRecord, NotificationRecord};
use comcom_store::outbox::NewEmail;
use comcom_store::{Store, StoreError, TerritoryRecord};

use crate::clock;

/// Where links point to and which domain message ids use.
#[derive(Debug, Clone)]
pub struct MailContext {
    /// The first territory's public URL (`COMCOM_PUBLIC_URL`).
    pub public_url: url::Url,
}

impl MailContext {
    fn domain(&self) -> String {
        self.public_url.host_str().unwrap_or("localhost").to_owned()
    }
}

struct Territories {
    all: Vec<TerritoryRecord>,
    default_base: String,
}

impl Territories {
    async fn load(store: &Store, context: &MailContext) -> Result<Territories, StoreError> {
        Ok(Territories {
            all: store.territories().await?,
            default_base: context.public_url.as_str().trim_end_matches('/').to_owned(),
        })
    }

    fn get(&self, id: i64) -> Option<&TerritoryRecord> {
        self.all.iter().find(|t| t.id == id)
    }

    fn base_url(&self, id: i64) -> String {
        self.get(id)
            .and_then(|t| t.public_url.clone())
            .unwrap_or_else(|| self.default_base.clone())
    }

    fn time_zone(&self, id: i64) -> String {
        self.get(id)
            .map(|t| t.time_zone.clone())
            .unwrap_or_else(|| "Europe/Paris".to_owned())
    }

    fn name(&self, id: i64) -> String {
        self.get(id).map(|t| t.name.clone()).unwrap_or_default()
    }
}

/// The sentence describing an event: « Agnès Bouvier a publié « … » ».
pub fn event_sentence(locale: Locale, event: &EventRecord, mention: bool) -> String {
    let actor = if event.actor_name.is_empty() {
        locale.t("event-someone")
    } else {
        event.actor_name.clone()
    };
    let args = [
        ("actor", Arg::from(actor)),
        ("title", Arg::from(event.title.as_str())),
    ];
    if mention {
        locale.t_args("event-mention", &args)
    } else {
        locale.t_args(&event.kind.message_key(), &args)
    }
}

async fn recipient(store: &Store, person_id: i64) -> Result<Option<(String, Locale)>, StoreError> {
    let Some(person) = store.person(person_id).await? else {
        return Ok(None);
    };
    let Some(email) = person.email.filter(|e| !e.is_empty()) else {
        return Ok(None);
    };
    Ok(Some((
        email,
        Locale::from_tag(&person.locale).unwrap_or_default(),
    )))
}

/// Queues the immediate emails of an event not queued yet; returns how many.
pub async fn send_event_emails(
    store: &Store,
    context: &MailContext,
    event_id: i64,
) -> Result<usize, StoreError> {
    let pending = store.pending_immediate_notifications(event_id).await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let territories = Territories::load(store, context).await?;
    let mut sent = 0;
    for notification in &pending {
        let Some((to, locale)) = recipient(store, notification.person_id).await? else {
            continue;
        };
        let event = &notification.event;
        let base = territories.base_url(event.territory_id);
        let sentence = event_sentence(locale, event, notification.mention);
        let link = if event.path.is_empty() {
            format!("{base}/espaces/{}/activite", event.space_slug)
        } else {
            format!("{base}{}", event.path)
        };
        let args = [
            ("space", Arg::from(event.space_name.as_str())),
            ("message", Arg::from(sentence.as_str())),
            ("link", Arg::from(link)),
            (
                "url",
                Arg::from(format!("{base}/espaces/{}/notifications", event.space_slug)),
            ),
        ];
        let subject = locale.t_args("mail-notification-subject", &args);
        let text = locale.t_args("mail-notification-body", &args);
        let email = NewEmail {
            to: &to,
            subject: &subject,
            text: &text,
            html: None,
            kind: "notification",
        };
        if store
            .queue_notification_email(notification.id, &email, &context.domain())
            .await?
        {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Sends the digest of `day` (`2026-12-04`) to every person with daily
/// notifications made before `until`; returns how many digests were queued
/// now (a person who already had that day's digest gets none).
pub async fn send_digests(
    store: &Store,
    context: &MailContext,
    day: &str,
    until: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let until = comcom_store::time::stamp(until);
    let people = store.people_with_pending_digest(&until).await?;
    if people.is_empty() {
        return Ok(0);
    }
    let territories = Territories::load(store, context).await?;
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
    let mut sent = 0;
    for person_id in people {
        let items = store.pending_digest(person_id, &until).await?;
        if items.is_empty() {
            continue;
        }
        let Some((to, locale)) = recipient(store, person_id).await? else {
            continue;
        };
        let (subject, text) = digest_text(locale, &territories, day, date, &items);
        let email = NewEmail {
            to: &to,
            subject: &subject,
            text: &text,
            html: None,
            kind: "digest",
        };
        let ids: Vec<i64> = items.iter().map(|n| n.id).collect();
        if store
            .queue_digest(person_id, day, &ids, &email, &context.domain())
            .await?
        {
            sent += 1;
        }
    }
    Ok(sent)
}

fn digest_text(
    locale: Locale,
    territories: &Territories,
    day: &str,
    date: Option<chrono::NaiveDate>,
    items: &[NotificationRecord],
) -> (String, String) {
    let shown_day = date
        .map(|d| comcom_i18n::format_date(locale, d))
        .unwrap_or_else(|| day.to_owned());
    let territory_id = items[0].event.territory_id;
    let base = territories.base_url(territory_id);
    // Grouped by space, in the order of their first event.
    let mut order: Vec<i64> = Vec::new();
    let mut by_space: HashMap<i64, Vec<&NotificationRecord>> = HashMap::new();
    for item in items {
        if !by_space.contains_key(&item.event.space_id) {
            order.push(item.event.space_id);
        }
        by_space.entry(item.event.space_id).or_default().push(item);
    }
    let mut list = String::new();
    for space_id in order {
        let group = &by_space[&space_id];
        let first = &group[0].event;
        list.push_str(&format!("{}\n", first.space_name));
        for item in group {
            let event = &item.event;
            let zone = territories.time_zone(event.territory_id);
            let at = comcom_store::time::parse(&event.created_at)
                .map(|t| clock::show(locale, &zone, t))
                .unwrap_or_default();
            let base = territories.base_url(event.territory_id);
            let line = locale.t_args(
                "mail-digest-line",
                &[
                    ("date", Arg::from(at)),
                    (
                        "message",
                        Arg::from(event_sentence(locale, event, item.mention)),
                    ),
                ],
            );
            list.push_str(&line);
            list.push('\n');
            if !event.path.is_empty() {
                list.push_str(&format!("  {base}{}\n", event.path));
            }
        }
        list.push('\n');
    }
    let args = [
        ("date", Arg::from(shown_day)),
        ("total", Arg::from(items.len())),
        ("territory", Arg::from(territories.name(territory_id))),
        ("message", Arg::from(list.trim_end().to_owned())),
        ("url", Arg::from(format!("{base}/notifications"))),
    ];
    (
        locale.t_args("mail-digest-subject", &args),
        locale.t_args("mail-digest-body", &args),
    )
}
