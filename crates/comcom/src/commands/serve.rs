//! `comcom serve [--bind ADDR]`: migrates, installs the default territory in
//! an empty database, prints the first administrator's login link on a new
//! instance, then serves the web application and runs background jobs until
//! stopped.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::Duration;
use comcom_i18n::{Arg, Locale};
use comcom_store::Store;
use comcom_store::accounts::TokenPurpose;
use comcom_store::territories::AddOutcome;
use comcom_web::{AppState, WebConfig};

use crate::commands::{init, open_store};
use crate::config::{Config, DEMO_EPCI};
use crate::failure::Failure;
use crate::letter_sender::LetterSender;
use crate::worker::Worker;

pub fn run(locale: Locale, bind: Option<&str>) -> Result<u8, Failure> {
    crate::logging::init(locale, "info,sqlx=warn");
    let config = Config::from_env(locale, bind)?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built")
        .block_on(serve(locale, config))
}

async fn serve(locale: Locale, config: Config) -> Result<u8, Failure> {
    let transport = config.mail_transport(locale)?;
    // Bind first: a busy port must not leave a half-set-up database behind.
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| {
            Failure::input(locale.t_args(
                "cli-bind-failed",
                &[
                    ("addr", Arg::from(config.bind.to_string())),
                    ("reason", Arg::from(e.to_string())),
                ],
            ))
            .with_hints(vec![locale.t("cli-bind-hint")])
        })?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::input(e.to_string()))?;
    let public_url = match &config.public_url {
        Some(url) => url.clone(),
        None => {
            url::Url::parse(&format!("http://{address}")).expect("a socket address is a valid host")
        }
    };
    let sender = config.mail_sender(locale, &public_url)?;
    let dkim = config.dkim(locale, &sender)?.map(Arc::new);

    let store = open_store(locale, &config).await?;
    install_default_territory(locale, &config, &store).await?;
    let shown = public_url.as_str().trim_end_matches('/').to_owned();
    print_first_admin_link(locale, &config, &store, &shown).await?;

    let web_config = WebConfig {
        public_url: public_url.clone(),
        hosting: config.hosting.clone(),
        mail_transport: transport.describe(),
        mail_is_folder: transport.is_folder(),
        contact_email: config.contact_email.clone(),
        publication_director: config.publication_director.clone(),
        visio: config.visio.clone(),
    };
    let files = config.file_store(locale)?;
    tracing::info!(storage = %files.describe(), "documents storage");
    let state = AppState::new(store.clone(), web_config)
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?
        .with_files(files.clone());
    if transport.is_folder() {
        tracing::warn!(transport = %transport.describe(), "no COMCOM_SMTP_URL: emails are written to the mail folder, not sent");
    } else {
        tracing::info!(transport = %transport.describe(), "emails are sent by SMTP");
    }

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let letters = LetterSender {
        store: store.clone(),
        transport: transport.clone(),
        dkim: dkim.clone(),
        from: sender.clone(),
        name: format!("{}-{}-letters", hostname(), std::process::id()),
        public_url: shown.clone(),
        mail_domain: public_url_domain(&shown),
        rate: config.letter_rate,
        retry_base_secs: config.retry_base_secs,
    };
    let letters = tokio::spawn(letters.run(stopped.clone()));
    let worker = Worker {
        store: store.clone(),
        transport: Arc::new(transport),
        from: sender,
        name: format!("{}-{}", hostname(), std::process::id()),
        retry_base_secs: config.retry_base_secs,
        lease: chrono::Duration::seconds(config.job_lease_secs),
        mail: comcom_web::notify::MailContext {
            public_url: public_url.clone(),
        },
        digest_hour: config.digest_hour,
        poller: Some(crate::syndication::Poller::new(
            store.clone(),
            crate::syndication::FeedSettings::from_env(locale)?,
        )),
        files,
        dkim,
    };
    let jobs = tokio::spawn(worker.run(stopped));

    tracing::info!(%address, backend = ?store.backend(), "serving");
    println!(
        "{}",
        locale.t_args("cli-serve-listening", &[("url", Arg::from(shown.as_str()))])
    );
    if config.public_url.is_some() {
        println!(
            "{}",
            locale.t_args(
                "cli-serve-bound",
                &[("addr", Arg::from(address.to_string()))]
            )
        );
    }

    let app = comcom_web::app(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    let _ = stop.send(true);
    let _ = jobs.await;
    let _ = letters.await;
    store.close().await;
    served.map_err(|e| Failure::input(e.to_string()))?;
    tracing::info!("stopped");
    Ok(0)
}

/// The host of the public URL, used after `@` in Message-IDs.
fn public_url_domain(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .map(|h| {
            h.trim_start_matches('[')
                .trim_end_matches(']')
                .replace(':', "-")
        })
        .unwrap_or_else(|| "localhost".to_owned())
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "node".to_owned())
}

/// In an empty database, installs `COMCOM_DEFAULT_EPCI` (the Vercors by default).
async fn install_default_territory(
    locale: Locale,
    config: &Config,
    store: &Store,
) -> Result<(), Failure> {
    let Some(siren) = &config.default_epci else {
        return Ok(());
    };
    let existing = store
        .first_territory()
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?;
    if existing.is_some() {
        return Ok(());
    }
    let territory = init::resolve(locale, siren)?;
    let key = if siren == DEMO_EPCI {
        "cli-serve-demo"
    } else {
        "cli-serve-default"
    };
    println!(
        "{}",
        locale.t_args(key, &[("name", Arg::from(territory.name.as_str()))])
    );
    let outcome = store
        .add_territory(territory)
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?;
    if let AddOutcome::Added(t) = outcome {
        tracing::info!(territory.id = t.id, siren = %t.siren, "default territory installed");
    }
    Ok(())
}

/// On a new instance, creates the first administrator and prints a one-time
/// login link; printed again at each start until an administrator has an
/// email address or a password.
async fn print_first_admin_link(
    locale: Locale,
    config: &Config,
    store: &Store,
    public_url: &str,
) -> Result<(), Failure> {
    let db = |e| Failure::database(locale, &config.database_url, e);
    if store.admin_count().await.map_err(db)? == 0 {
        let territory_id = store.first_territory().await.map_err(db)?.map(|t| t.id);
        let person = store
            .create_named_person(territory_id, &locale.t("first-admin-name"))
            .await
            .map_err(db)?;
        store.grant_admin(person, None).await.map_err(db)?;
    }
    let Some(person) = store.first_admin_without_credentials().await.map_err(db)? else {
        return Ok(());
    };
    let token = store
        .create_token(person, TokenPurpose::Login, Duration::hours(24), None)
        .await
        .map_err(db)?;
    let link = format!("{public_url}/connexion/jeton/{token}");
    println!(
        "{}",
        locale.t_args("cli-first-admin", &[("link", Arg::from(link))])
    );
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
