//! comcom's web interface: server-rendered pages that work without
//! JavaScript, in French and English, behind one set of middleware that adds
//! a request id, security headers and helpful error pages.

pub mod api;
pub mod auth;
mod chrome;
mod clock;
mod cookies;
mod error;
mod form;
pub mod import_report;
mod invitations;
pub mod letter_mail;
mod locale;
mod mail;
mod middleware;
mod multipart;
pub mod notify;
mod pages;
mod range;
mod site;
mod zip;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use comcom_store::Store;

pub use error::WebError;
pub use form::is_email;

/// Settings the web interface needs, read once at start.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Public base URL of the instance's first territory (`COMCOM_PUBLIC_URL`),
    /// without a trailing slash. Links are built from it, never from `Host`.
    pub public_url: url::Url,
    /// Who hosts the service, shown in the legal notice (`COMCOM_HOSTING`).
    pub hosting: Option<String>,
    /// How email leaves the instance, for administrators ("SMTP …" or "mail folder …").
    pub mail_transport: String,
    /// Whether email goes to a local folder instead of an SMTP server.
    pub mail_is_folder: bool,
    /// Address visitors can write to, shown on the legal pages (`COMCOM_CONTACT_EMAIL`).
    pub contact_email: Option<String>,
    /// Name of the publication director, for the legal notice (`COMCOM_PUBLICATION_DIRECTOR`).
    pub publication_director: Option<String>,
    /// The territory's one visio tool (`COMCOM_VISIO_*`); its secret never
    /// shows in `Debug` output.
    pub visio: Option<comcom_visio::Provider>,
}

impl WebConfig {
    /// Whether cookies must be marked `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// Whether an `Origin` header names this instance.
    pub fn is_own_origin(&self, origin: &str) -> bool {
        origin.trim_end_matches('/') == self.public_url.origin().ascii_serialization()
    }

    /// The domain used in Message-IDs.
    pub fn mail_domain(&self) -> String {
        self.public_url.host_str().unwrap_or("localhost").to_owned()
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Key of the CSRF tokens, kept in the database so that every node agrees.
    pub csrf_key: Arc<Vec<u8>>,
    /// Where documents are kept (in memory until [`AppState::with_files`]).
    pub files: comcom_files::FileStore,
}

impl AppState {
    /// Loads what the application needs from the database (its keys).
    pub async fn new(
        store: Store,
        config: WebConfig,
    ) -> Result<AppState, comcom_store::StoreError> {
        let csrf_key = store.instance_secret("csrf").await?;
        Ok(AppState {
            store,
            config: Arc::new(config),
            csrf_key: Arc::new(csrf_key),
            files: comcom_files::FileStore::memory(comcom_files::Limits::default()),
        })
    }

    /// Keeps documents in `files` (`serve` passes the configured folder or bucket).
    pub fn with_files(mut self, files: comcom_files::FileStore) -> AppState {
        self.files = files;
        self
    }
}

/// The whole web application.
pub fn app(state: AppState) -> Router {
    use pages::{
        account, admin, articles, calendars, documents, letters, meetings, members, people, spaces,
        tokens,
    };
    Router::new()
        .route("/", get(pages::home::show))
        .route("/communes", get(pages::commune::index))
        .route("/communes/{insee}", get(pages::commune::show))
        .route(
            "/communes/{insee}/personnes",
            get(pages::commune_people::index).post(pages::commune_people::add),
        )
        .route(
            "/communes/{insee}/personnes/{person}/mandats/{mandate}/fin",
            post(pages::commune_people::end_mandate),
        )
        .route(
            "/communes/{insee}/personnes/{person}/agent",
            post(pages::commune_people::designate),
        )
        .route("/actualites-des-communes", get(pages::commune_news::index))
        .route(
            "/actualites-des-communes/feed.atom",
            get(pages::commune_news::atom),
        )
        .route(
            "/admin/flux-communes",
            get(pages::commune_news::admin).post(pages::commune_news::add),
        )
        .route(
            "/admin/flux-communes/{id}/retirer",
            post(pages::commune_news::remove),
        )
        .route(
            "/admin/flux-communes/articles/{id}/accepter",
            post(pages::commune_news::accept),
        )
        .route(
            "/admin/flux-communes/articles/{id}/refuser",
            post(pages::commune_news::refuse),
        )
        .route("/mentions-legales", get(pages::legal::notice))
        .route("/donnees-personnelles", get(pages::legal::privacy))
        .route("/accessibilite", get(pages::legal::accessibility))
        .route("/langue/{code}", get(pages::language::switch))
        .route("/connexion", get(account::login_page).post(account::login))
        .route("/connexion/lien", post(account::request_link))
        .route(
            "/connexion/jeton/{token}",
            get(account::link_page).post(account::use_link),
        )
        .route("/deconnexion", post(account::logout))
        .route("/deconnexion/partout", post(account::logout_everywhere))
        .route(
            "/mot-de-passe",
            get(account::reset_request_form).post(account::reset_request),
        )
        .route(
            "/mot-de-passe/{token}",
            get(account::new_password_form).post(account::set_new_password),
        )
        .route(
            "/invitation/{token}",
            get(account::invitation_form).post(account::accept_invitation),
        )
        .route("/profil", get(account::profile).post(account::save_profile))
        .route("/profil/mot-de-passe", post(account::change_password))
        .route("/profil/donnees", get(pages::privacy::page))
        .route("/profil/donnees/export.zip", get(pages::privacy::export))
        .route(
            "/profil/donnees/suppression",
            post(pages::privacy::request_deletion),
        )
        .route(
            "/profil/donnees/suppression/annuler",
            post(pages::privacy::cancel_request),
        )
        .route("/admin/suppressions", get(pages::privacy::requests))
        .route(
            "/admin/suppressions/{id}/effectuer",
            post(pages::privacy::carry_out),
        )
        .route("/profil/jetons", get(tokens::index).post(tokens::create))
        .route("/profil/jetons/{id}/revoquer", post(tokens::revoke))
        .route("/espaces", get(spaces::index))
        .route(
            "/espaces/nouveau",
            get(spaces::new_form).post(spaces::create),
        )
        .route("/espaces/{slug}", get(spaces::show))
        .route("/espaces/{slug}/quitter", post(members::leave))
        .route("/espaces/{slug}/invitations", post(members::invite))
        .route(
            "/espaces/{slug}/invitations/{id}/annuler",
            post(members::cancel),
        )
        .route(
            "/invitations/{token}",
            get(members::link_page).post(members::answer_link),
        )
        .route("/mes-invitations/{id}", post(members::answer_own))
        .route(
            "/espaces/{slug}/membres",
            get(spaces::members).post(spaces::add_member),
        )
        .route("/espaces/{slug}/actualites", get(articles::space_list))
        .route(
            "/espaces/{slug}/actualites/nouvelle",
            get(articles::new_form)
                .post(articles::create)
                .layer(DefaultBodyLimit::max(articles::MAX_IMAGE_BYTES + 200_000)),
        )
        .route("/espaces/{slug}/actualites/{id}", get(articles::show))
        .route(
            "/espaces/{slug}/actualites/{id}/modifier",
            get(articles::edit_form)
                .post(articles::update)
                .layer(DefaultBodyLimit::max(articles::MAX_IMAGE_BYTES + 200_000)),
        )
        .route(
            "/espaces/{slug}/actualites/{id}/fichiers",
            post(pages::article_files::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/espaces/{slug}/actualites/{id}/fichiers/{file}/retirer",
            post(pages::article_files::remove),
        )
        .route(
            "/actualites/{id}/fichiers/{file}",
            get(pages::article_files::download),
        )
        .route("/espaces/{slug}/documents", get(documents::index))
        .route(
            "/espaces/{slug}/documents/deposer",
            post(documents::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/espaces/{slug}/documents/dossiers",
            post(documents::create_folder),
        )
        .route(
            "/espaces/{slug}/documents/dossiers/{folder}",
            get(documents::folder),
        )
        .route(
            "/espaces/{slug}/documents/dossiers/{folder}/renommer",
            post(documents::rename_folder),
        )
        .route(
            "/espaces/{slug}/documents/dossiers/{folder}/supprimer",
            post(documents::delete_folder),
        )
        .route("/espaces/{slug}/documents/corbeille", get(documents::trash))
        .route(
            "/espaces/{slug}/documents/corbeille/vider",
            post(documents::empty_trash),
        )
        .route("/espaces/{slug}/documents/{doc}", get(documents::show))
        .route(
            "/espaces/{slug}/documents/{doc}/telecharger",
            get(documents::download_current),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/versions",
            post(documents::upload_version).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/versions/{version}/telecharger",
            get(documents::download_version),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/versions/{version}/apercu",
            get(documents::preview_version),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/renommer",
            post(documents::rename),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/deplacer",
            post(documents::move_to),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/corbeille",
            post(documents::to_trash),
        )
        .route(
            "/espaces/{slug}/documents/{doc}/restaurer",
            post(documents::restore),
        )
        .route("/static/documents.js", get(pages::assets::documents_script))
        .route("/actualites", get(articles::public_list))
        .route("/recherche", get(pages::search::show))
        .route("/agenda.ics", get(pages::public_calendar::territory))
        .route(
            "/espaces/{slug}/agenda.ics",
            get(pages::public_calendar::space),
        )
        .route(
            "/communes/{insee}/agenda.ics",
            get(pages::public_calendar::commune),
        )
        .route("/feed.atom", get(pages::feeds::territory_atom))
        .route("/feed.rss", get(pages::feeds::territory_rss))
        .route("/espaces/{slug}/feed.atom", get(pages::feeds::space_atom))
        .route("/espaces/{slug}/feed.rss", get(pages::feeds::space_rss))
        .route("/actualites/{id}/image", get(articles::image))
        .route("/feed.json", get(pages::feeds::territory_json))
        .route("/espaces/{slug}/feed.json", get(pages::feeds::space_json))
        .route(
            "/communes/{insee}/feed.atom",
            get(pages::feeds::commune_atom),
        )
        .route("/communes/{insee}/feed.rss", get(pages::feeds::commune_rss))
        .route(
            "/communes/{insee}/feed.json",
            get(pages::feeds::commune_json),
        )
        .route("/categories/{slug}", get(pages::syndication::category))
        .route(
            "/categories/{slug}/{file}",
            get(pages::feeds::category_file),
        )
        .route("/embed/zone", get(pages::embed::frame))
        .route("/embed/zone.html", get(pages::embed::fragment))
        .route("/embed/zone.js", get(pages::embed::zone_js))
        .route("/embed/zone.css", get(pages::embed::zone_css))
        .route("/embed/frame.js", get(pages::embed::frame_js))
        .route("/embed/host.js", get(pages::embed::host_js))
        .route("/embed/article/{id}", get(pages::embed::article))
        .route("/oembed", get(pages::embed::oembed))
        .route("/charte-de-syndication", get(pages::syndication::public))
        .route(
            "/admin/syndication",
            get(pages::syndication::admin_form).post(pages::syndication::admin_save),
        )
        .route(
            "/admin/syndication/categories",
            post(pages::syndication::add_category),
        )
        .route(
            "/admin/syndication/categories/{id}/supprimer",
            post(pages::syndication::delete_category),
        )
        .route(
            "/admin/syndication/zones",
            get(pages::syndication::admin_snippets),
        )
        .route(
            "/communes/{insee}/zone/validation",
            get(pages::syndication::queue).post(pages::syndication::decide),
        )
        .route(
            "/espaces/{slug}/membres/{person}",
            post(spaces::change_role),
        )
        .route(
            "/espaces/{slug}/membres/{person}/retirer",
            post(spaces::remove_member),
        )
        .route(
            "/espaces/{slug}/discussions",
            get(pages::discussions::index).post(pages::discussions::create),
        )
        .route(
            "/espaces/{slug}/discussions/{id}",
            get(pages::discussions::show),
        )
        .route(
            "/espaces/{slug}/discussions/{id}/repondre",
            post(pages::discussions::reply),
        )
        .route(
            "/espaces/{slug}/discussions/{id}/epingler",
            post(pages::discussions::pin),
        )
        .route(
            "/espaces/{slug}/discussions/{id}/verrouiller",
            post(pages::discussions::lock),
        )
        .route(
            "/espaces/{slug}/discussions/{id}/messages/{post}/modifier",
            get(pages::discussions::edit_form).post(pages::discussions::update),
        )
        .route(
            "/espaces/{slug}/discussions/{id}/messages/{post}/historique",
            get(pages::discussions::history),
        )
        .route("/espaces/{slug}/activite", get(pages::activity::space))
        .route(
            "/espaces/{slug}/notifications",
            get(pages::activity::settings).post(pages::activity::save_settings),
        )
        .route("/notifications", get(pages::activity::index))
        .route("/notifications/lues", post(pages::activity::mark_all))
        .route("/notifications/{id}/lue", post(pages::activity::mark_one))
        .route("/personnes/{id}", get(people::show))
        .route("/personnes/{id}/inviter", post(people::invite))
        .route("/personnes/{id}/mandats", post(people::add_mandate))
        .route(
            "/personnes/{id}/mandats/{mandate}/fin",
            post(people::end_mandate),
        )
        .route("/lettres", get(letters::index))
        .route("/lettres/feed.atom", get(letters::feed))
        .route("/lettres/redacteurs", post(letters::add_editor))
        .route(
            "/lettres/nouvelle",
            get(letters::new_form).post(letters::create),
        )
        .route("/lettres/{id}", get(letters::show))
        .route("/lettres/{id}/gestion", get(letters::manage))
        .route(
            "/lettres/{id}/modifier",
            get(letters::edit_form).post(letters::update),
        )
        .route("/lettres/{id}/destinataires", get(letters::recipients))
        .route("/lettres/{id}/essai", post(letters::test_send))
        .route("/lettres/{id}/envoi", post(letters::send))
        .route("/lettres/{id}/pause", post(letters::pause))
        .route("/lettres/{id}/reprise", post(letters::resume))
        .route("/lettres/{id}/annulation", post(letters::cancel))
        .route("/lettres/{id}/archive", post(letters::set_public))
        .route(
            "/desabonnement/{token}",
            get(letters::unsubscribe_form).post(letters::unsubscribe),
        )
        .route("/admin", get(admin::index))
        .route("/admin/journal", get(pages::audit::index))
        .route(
            "/admin/communes/{insee}/espace",
            post(admin::open_commune_space),
        )
        .route("/admin/invitations", post(admin::invite))
        .route(
            "/admin/logo",
            post(admin::upload_logo)
                .layer(DefaultBodyLimit::max(admin::MAX_LOGO_BYTES + 64 * 1024)),
        )
        .route("/admin/logo/retirer", post(admin::remove_logo))
        .route("/logo", get(admin::logo))
        .route(
            "/admin/import",
            post(admin::import).layer(DefaultBodyLimit::max(admin::MAX_IMPORT_BYTES)),
        )
        .route("/espaces/{slug}/reunions", get(meetings::index))
        .route(
            "/espaces/{slug}/reunions/nouvelle",
            get(meetings::new_form).post(meetings::create),
        )
        .route(
            "/espaces/{slug}/agenda",
            get(calendars::of_space).post(calendars::change_space),
        )
        .route("/reunions/{id}", get(meetings::show))
        .route(
            "/reunions/{id}/modifier",
            get(meetings::edit_form).post(meetings::update),
        )
        .route("/reunions/{id}/annuler", post(meetings::cancel))
        .route("/reunions/{id}/reponse", post(meetings::answer))
        .route("/reunions/{id}/compte-rendu", post(meetings::minutes))
        .route("/reunions/{id}/documents", post(meetings::attach_document))
        .route(
            "/reunions/{id}/documents/deposer",
            post(meetings::upload_document).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/reunions/{id}/documents/{doc}/retirer",
            post(meetings::detach_document),
        )
        .route(
            "/reunions/{id}/documents/{doc}/compte-rendu",
            post(meetings::mark_minutes_document),
        )
        .route("/reunions/{id}/visio", get(meetings::visio))
        .route(
            "/profil/agenda",
            get(calendars::mine).post(calendars::change_mine),
        )
        .route("/agenda/{file}", get(calendars::feed))
        .route("/admin/visio", get(pages::visio::show))
        .route("/healthz", get(pages::health::check))
        .route("/robots.txt", get(pages::assets::robots))
        .route("/static/comcom.css", get(pages::assets::stylesheet))
        .route("/static/favicon.svg", get(pages::assets::favicon))
        .route("/static/editor.js", get(pages::assets::editor))
        .route("/favicon.ico", get(pages::assets::favicon))
        .merge(api::router())
        .fallback(pages::errors::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::protect,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::error_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn(middleware::request_id))
        .with_state(state)
}
