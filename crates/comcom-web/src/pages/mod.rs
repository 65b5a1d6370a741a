//! One module per page or resource, mirroring the URLs, and the context
//! every page handler starts from.

pub mod account;
pub mod activity;
pub mod admin;
pub mod article_files;
pub mod articles;
pub mod assets;
pub mod audit;
pub mod calendars;
pub mod commune;
pub mod commune_news;
pub mod commune_people;
pub mod dashboard;
pub mod discussions;
pub mod documents;
pub mod embed;
pub mod errors;
pub mod feeds;
pub mod health;
pub mod home;
pub mod language;
pub mod legal;
pub mod letters;
pub mod meetings;
pub mod members;
pub mod people;
pub mod privacy;
pub mod public_calendar;
pub mod search;
pub mod spaces;
pub mod syndication;
pub mod tokens;
pub mod visio;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use comcom_core::permissions::Action;
use comcom_i18n::{Arg, Locale};

use crate::auth::Viewer;
use crate::auth::csrf::{FormShown, Seed, token};
use crate::chrome::{Chrome, Nav};
use crate::locale::locale_of;
use crate::site::Site;
use crate::{AppState, WebError};

/// What a page handler needs: the state, the visitor's language, the
/// territory, who is asking, and the CSRF token for its forms.
pub struct PageCtx {
    pub state: AppState,
    pub locale: Locale,
    pub site: Site,
    pub viewer: Viewer,
    pub csrf: String,
    pub path: String,
    /// This request's id (`X-Request-Id`), for the audit log.
    pub request_id: Option<String>,
    /// The signed-in person's unread notifications, for the header.
    pub unread_notifications: i64,
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let site = Site::from_request_parts(parts, state).await?;
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let seed = parts
            .extensions
            .get::<Seed>()
            .map(|s| s.value.clone())
            .unwrap_or_default();
        let locale = match viewer
            .account
            .as_ref()
            .and_then(|a| Locale::from_tag(&a.locale))
        {
            // A chosen language (cookie) wins, then the person's, then the browser's.
            Some(own)
                if crate::cookies::get(&parts.headers, crate::locale::LANG_COOKIE).is_none() =>
            {
                own
            }
            _ => locale_of(&parts.headers),
        };
        let unread_notifications = match &viewer.account {
            Some(account) => state
                .store
                .unread_notification_count(account.person_id)
                .await
                .unwrap_or(0),
            None => 0,
        };
        Ok(PageCtx {
            unread_notifications,
            state: state.clone(),
            locale,
            site,
            csrf: token(&state.csrf_key, &seed),
            viewer,
            path: parts.uri.path().to_owned(),
            request_id: parts
                .extensions
                .get::<crate::middleware::RequestId>()
                .map(|r| r.0.clone()),
        })
    }
}

impl PageCtx {
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn ta(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.locale.t_args(key, args)
    }

    /// A message about the territory: `name`, `territory`, `the_territory`
    /// and `The_territory` are passed along with `extra`.
    pub fn tt(&self, key: &str, extra: &[(&str, Arg)]) -> String {
        let name = self.site.territory.name.as_str();
        let mut args: Vec<(&str, Arg)> = extra.to_vec();
        args.extend([("name", Arg::from(name)), ("territory", Arg::from(name))]);
        args.extend(comcom_i18n::territory_args(self.locale, name));
        self.locale.t_args(key, &args)
    }

    pub fn territory_id(&self) -> i64 {
        self.site.territory.id
    }

    /// The frame of a page titled `title`, highlighting `nav`.
    pub fn chrome(&self, title: &str, nav: Nav) -> Chrome {
        // A page reached by a one-time link never repeats the secret.
        let secret = crate::middleware::redact_path(&self.path);
        let back = if secret.is_some() {
            "/"
        } else {
            self.path.as_str()
        };
        let mut chrome = Chrome::new(self.locale, title, &self.site.territory.name, back);
        chrome.current = nav;
        chrome.canonical = secret.is_none().then(|| self.site.absolute(&self.path));
        chrome.csrf = self.csrf.clone();
        chrome.feeds = vec![
            (
                "application/atom+xml",
                self.ta(
                    "feed-title",
                    &[("name", Arg::from(self.site.territory.name.as_str()))],
                ),
                "/feed.atom".to_owned(),
            ),
            (
                "application/rss+xml",
                self.ta(
                    "feed-title-rss",
                    &[("name", Arg::from(self.site.territory.name.as_str()))],
                ),
                "/feed.rss".to_owned(),
            ),
            (
                "application/feed+json",
                self.ta(
                    "feed-title-json",
                    &[("name", Arg::from(self.site.territory.name.as_str()))],
                ),
                "/feed.json".to_owned(),
            ),
        ];
        let territory = self.site.territory.name.clone();
        chrome
            .feeds
            .push(public_calendar::discovery(self, "", &territory));
        if let Some(account) = &self.viewer.account {
            chrome.user = Some(account.display_name.clone());
            chrome.unread_notifications = self.unread_notifications;
            chrome.is_admin = self.viewer.is_admin_of(self.territory_id());
        }
        chrome
    }

    /// `Ok` when the permission core allows `action`.
    pub fn require(&self, action: Action) -> Result<(), WebError> {
        self.viewer.require(action)
    }

    /// Who acts, for the audit rows a change writes.
    pub fn audit_actor(&self) -> comcom_store::audit::Actor {
        comcom_store::audit::Actor {
            person_id: self.viewer.person_id(),
            request_id: self.request_id.clone(),
        }
    }

    /// The signed-in person's id, or the login page.
    pub fn person_id(&self) -> Result<i64, WebError> {
        self.viewer.person_id().ok_or(WebError::LoginRequired)
    }

    /// An HTML response in the page's language.
    fn html<T: Template>(&self, template: &T) -> Result<Response, WebError> {
        let mut response = Html(template.render()?).into_response();
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            axum::http::HeaderValue::from_static(self.locale.code()),
        );
        Ok(response)
    }

    /// Renders a page (with the header's logout form when someone is signed in).
    pub fn render<T: Template>(&self, template: &T) -> Result<Response, WebError> {
        let mut response = self.html(template)?;
        if self.viewer.account.is_some() {
            response.extensions_mut().insert(FormShown);
        }
        Ok(response)
    }

    /// Renders a page holding a form.
    pub fn render_form<T: Template>(&self, template: &T) -> Result<Response, WebError> {
        let mut response = self.html(template)?;
        response.extensions_mut().insert(FormShown);
        Ok(response)
    }

    /// Renders a form page: 422 when it shows errors, 200 otherwise.
    pub fn render_form_page<T: Template>(
        &self,
        template: &T,
        invalid: bool,
    ) -> Result<Response, WebError> {
        if invalid {
            self.render_invalid(template)
        } else {
            self.render_form(template)
        }
    }

    /// Renders a form again with its errors (422, so that tools see the refusal).
    pub fn render_invalid<T: Template>(&self, template: &T) -> Result<Response, WebError> {
        let mut response = self.render_form(template)?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok(response)
    }
}

/// A redirect after a successful form (303, so that reloading does not post again).
pub fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// A redirect that also sets a cookie.
pub fn see_other_with_cookie(path: &str, cookie: axum::http::HeaderValue) -> Response {
    let mut response = Redirect::to(path).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

/// Only a path on this site is followed after login or a language switch.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 500
        && path.chars().all(|c| !c.is_control())
}
