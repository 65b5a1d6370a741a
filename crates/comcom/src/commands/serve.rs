//! `comcom serve [--bind ADDR]`: migrates, installs the demo territory in an
//! empty database, and serves the web application until stopped.

use std::sync::Arc;

use comcom_i18n::{Arg, Locale};
use comcom_store::territories::AddOutcome;
use comcom_web::{AppState, WebConfig};

use crate::commands::{init, open_store};
use crate::config::Config;
use crate::failure::Failure;

pub fn run(locale: Locale, bind: Option<&str>) -> Result<u8, Failure> {
    crate::logging::init("info,sqlx=warn");
    let config = Config::from_env(locale, bind)?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built")
        .block_on(serve(locale, config))
}

async fn serve(locale: Locale, config: Config) -> Result<u8, Failure> {
    let store = open_store(locale, &config).await?;
    install_default_territory(locale, &config, &store).await?;

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
    let shown = public_url.as_str().trim_end_matches('/').to_owned();

    let state = AppState {
        store: store.clone(),
        config: Arc::new(WebConfig {
            public_url,
            hosting: config.hosting.clone(),
        }),
    };
    tracing::info!(%address, backend = ?store.backend(), "serving");
    println!(
        "{}",
        locale.t_args("cli-serve-listening", &[("url", Arg::from(shown))])
    );

    axum::serve(listener, comcom_web::app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| Failure::input(e.to_string()))?;
    store.close().await;
    tracing::info!("stopped");
    Ok(0)
}

/// In an empty database, installs `COMCOM_DEFAULT_EPCI` (the Vercors by default).
async fn install_default_territory(
    locale: Locale,
    config: &Config,
    store: &comcom_store::Store,
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
    println!(
        "{}",
        locale.t_args(
            "cli-serve-demo",
            &[("name", Arg::from(territory.name.as_str()))]
        )
    );
    let outcome = store
        .add_territory(territory)
        .await
        .map_err(|e| Failure::database(locale, &config.database_url, e))?;
    if let AddOutcome::Added(t) = outcome {
        tracing::info!(territory.id = t.id, siren = %t.siren, "demo territory installed");
    }
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
