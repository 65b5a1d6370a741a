//! The frame around every page: language, title, navigation and footer.

use comcom_i18n::{Arg, Locale};

/// What the base template needs on every page.
pub struct Chrome {
    pub locale: Locale,
    /// Title of the browser tab: the page, then the site.
    pub title: String,
    /// Name of the territory (or of the product when none is known).
    pub site_name: String,
    /// Absolute canonical URL, built from the configured public URL.
    pub canonical: Option<String>,
    /// Path of this page, to come back to after switching language.
    pub path: String,
    /// Which navigation entry is the current page.
    pub current: Nav,
    /// Shown on error pages so that a visitor can quote it.
    pub request_id: Option<String>,
    /// The signed-in person's name, for the header.
    pub user: Option<String>,
    /// Unread notifications of the signed-in person, shown in the header.
    pub unread_notifications: i64,
    /// Whether the header offers the administration.
    pub is_admin: bool,
    /// CSRF token for the forms of the page (the header's logout button).
    pub csrf: String,
    /// Feeds announced in the page's head: media type, title, path.
    pub feeds: Vec<(&'static str, String, String)>,
}

/// The main navigation's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    News,
    Spaces,
    Profile,
    Admin,
    None,
}

impl Chrome {
    pub fn new(locale: Locale, page_title: &str, site_name: &str, path: &str) -> Chrome {
        let title = if page_title == site_name || page_title.is_empty() {
            site_name.to_owned()
        } else {
            format!("{page_title} – {site_name}")
        };
        Chrome {
            locale,
            title,
            site_name: site_name.to_owned(),
            canonical: None,
            path: path.to_owned(),
            current: Nav::None,
            request_id: None,
            user: None,
            unread_notifications: 0,
            is_admin: false,
            csrf: String::new(),
            feeds: Vec::new(),
        }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    /// A message with arguments.
    pub fn ta(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.locale.t_args(key, args)
    }

    /// The header's notifications link: « Notifications (3 non lues) ».
    pub fn notifications_label(&self) -> String {
        self.locale.t_args(
            "nav-notifications",
            &[("count", Arg::from(self.unread_notifications))],
        )
    }

    /// The language the switch offers.
    pub fn other_lang(&self) -> &'static str {
        match self.locale {
            Locale::Fr => "en",
            Locale::En => "fr",
        }
    }

    /// Link of the language switch, which comes back to this page.
    pub fn switch_href(&self) -> String {
        // A path longer than any page of ours is not worth coming back to.
        let path = if self.path.len() <= 200 {
            self.path.as_str()
        } else {
            "/"
        };
        let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
        format!("/langue/{}?retour={back}", self.other_lang())
    }

    pub fn is_home(&self) -> bool {
        self.current == Nav::Home
    }

    pub fn is_news(&self) -> bool {
        self.current == Nav::News
    }

    pub fn is_spaces(&self) -> bool {
        self.current == Nav::Spaces
    }

    pub fn is_profile(&self) -> bool {
        self.current == Nav::Profile
    }

    pub fn is_admin_page(&self) -> bool {
        self.current == Nav::Admin
    }

    pub fn request_id_text(&self) -> Option<String> {
        self.request_id
            .as_ref()
            .map(|id| self.ta("site-request-id", &[("id", Arg::from(id.as_str()))]))
    }
}
