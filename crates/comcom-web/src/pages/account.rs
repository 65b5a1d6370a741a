//! Signing in and out: password, one-time email links, password reset,
//! invitations, and the profile page.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use comcom_core::SpaceRole;
use comcom_i18n::Arg;
use comcom_store::accounts::{TokenPurpose, normalize_email};
use serde::Deserialize;

use crate::WebError;
use crate::auth::{ClientIp, SESSION_COOKIE, SESSION_DAYS, password};
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors, is_email};
use crate::mail::{self, Kind};
use crate::pages::{PageCtx, is_local_path, see_other, see_other_with_cookie};

/// How long a login link stays valid.
const LOGIN_LINK_MINUTES: i64 = 30;
/// How long a password-reset link stays valid.
const RESET_LINK_MINUTES: i64 = 60;
/// How long an invitation stays valid.
pub const INVITATION_DAYS: i64 = 14;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    errors: FormErrors,
    email: String,
    link_email: String,
    back: String,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub chrome: Chrome,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    heading: String,
    lead: String,
    action: String,
    button: String,
    ask_password: bool,
    password_hint: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "email_form.html")]
struct EmailFormPage {
    chrome: Chrome,
    heading: String,
    lead: String,
    action: String,
    button: String,
    email: String,
    errors: FormErrors,
}

#[derive(Deserialize)]
pub struct Back {
    retour: Option<String>,
}

fn session_cookie(ctx: &PageCtx, secret: &str) -> axum::http::HeaderValue {
    crate::cookies::set(
        SESSION_COOKIE,
        secret,
        SESSION_DAYS * 86_400,
        ctx.state.config.is_https(),
    )
}

async fn open_session(ctx: &PageCtx, person_id: i64, target: &str) -> Result<Response, WebError> {
    let secret = ctx
        .state
        .store
        .create_session(person_id, Duration::days(SESSION_DAYS))
        .await?;
    tracing::info!(person.id = person_id, "signed in");
    Ok(see_other_with_cookie(target, session_cookie(ctx, &secret)))
}

fn password_hint(ctx: &PageCtx) -> String {
    ctx.ta(
        "field-password-hint",
        &[("min", Arg::from(password::MIN_LENGTH))],
    )
}

/// Checks a new password and its confirmation.
fn check_new_password(ctx: &PageCtx, form: &FormData, errors: &mut FormErrors) {
    let new = form.raw("password");
    let count = new.chars().count();
    if count < password::MIN_LENGTH {
        errors.add("password", password_hint(ctx));
    } else if count > password::MAX_LENGTH {
        errors.add(
            "password",
            ctx.ta(
                "error-password-long",
                &[("max", Arg::from(password::MAX_LENGTH))],
            ),
        );
    } else if new != form.raw("password_again") {
        errors.add("password_again", ctx.t("error-password-mismatch"));
    }
}

// ----- login

/// `GET /connexion`
pub async fn login_page(ctx: PageCtx, Query(back): Query<Back>) -> Result<Response, WebError> {
    let back = back.retour.filter(|p| is_local_path(p)).unwrap_or_default();
    render_login(
        &ctx,
        FormErrors::default(),
        String::new(),
        String::new(),
        back,
        StatusCode::OK,
    )
}

fn render_login(
    ctx: &PageCtx,
    errors: FormErrors,
    email: String,
    link_email: String,
    back: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let chrome = ctx.chrome(&ctx.t("login-title"), Nav::None);
    let mut response = ctx.render_form(&LoginPage {
        chrome,
        errors,
        email,
        link_email,
        back,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /connexion`: email and password.
pub async fn login(
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    form: FormData,
) -> Result<Response, WebError> {
    let email = normalize_email(form.get("email"));
    let back = Some(form.get("retour").to_owned()).filter(|p| is_local_path(p));
    let mut errors = FormErrors::default();
    if !is_email(&email) {
        errors.add("email", ctx.t("error-email"));
    }
    if form.raw("password").is_empty() {
        errors.add("password", ctx.t("error-password-empty"));
    }
    if !errors.is_empty() {
        return render_login(
            &ctx,
            errors,
            email,
            String::new(),
            back.unwrap_or_default(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }

    // Only failed attempts count, so that signing in many times is never
    // refused; 10 failures an address (or 30 a network address) in ten
    // minutes make the next attempts wait.
    let store = &ctx.state.store;
    let ip_bucket = format!("login-ip:{ip}");
    let email_bucket = format!("login-email:{}", comcom_store::secrets::token_hash(&email));
    let limited = store.rate_limit_exceeded(&ip_bucket, 600, 30).await?
        || store.rate_limit_exceeded(&email_bucket, 600, 10).await?;
    if limited {
        errors.add("email", ctx.t("error-too-many-attempts"));
        let back = back.unwrap_or_default();
        return render_login(
            &ctx,
            errors,
            email,
            String::new(),
            back,
            StatusCode::TOO_MANY_REQUESTS,
        );
    }

    let account = store.account_by_email(&email).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    if !password::verify(form.raw("password").to_owned(), stored).await {
        tracing::info!("failed password login");
        store.rate_limit_hit(&ip_bucket, 600, 30).await?;
        store.rate_limit_hit(&email_bucket, 600, 10).await?;
        errors.add("password", ctx.t("error-login-failed"));
        let back = back.unwrap_or_default();
        return render_login(
            &ctx,
            errors,
            email,
            String::new(),
            back,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let person_id = account
        .map(|a| a.person_id)
        .ok_or(WebError::Internal("account vanished".into()))?;
    open_session(&ctx, person_id, back.as_deref().unwrap_or("/espaces")).await
}

/// `POST /connexion/lien`: sends a one-time login link.
pub async fn request_link(
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    form: FormData,
) -> Result<Response, WebError> {
    let email = normalize_email(form.get("link_email"));
    let mut errors = FormErrors::default();
    if !is_email(&email) {
        errors.add("link_email", ctx.t("error-email"));
        return render_login(
            &ctx,
            errors,
            String::new(),
            email,
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    if !link_allowed(&ctx, &email, &ip).await? {
        errors.add("link_email", ctx.t("error-too-many-attempts"));
        return render_login(
            &ctx,
            errors,
            String::new(),
            email,
            String::new(),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    send_token_mail(&ctx, &email, TokenPurpose::Login).await?;
    link_sent_page(&ctx, "login-link-sent-title")
}

async fn link_allowed(ctx: &PageCtx, email: &str, ip: &str) -> Result<bool, WebError> {
    let store = &ctx.state.store;
    let ip_ok = store
        .rate_limit_hit(&format!("link-ip:{ip}"), 900, 30)
        .await?;
    let email_ok = store
        .rate_limit_hit(
            &format!("link-email:{}", comcom_store::secrets::token_hash(email)),
            900,
            5,
        )
        .await?;
    Ok(ip_ok && email_ok)
}

/// Sends a login or reset link when the address has an account; says
/// nothing either way, so that the page does not reveal who has one.
async fn send_token_mail(
    ctx: &PageCtx,
    email: &str,
    purpose: TokenPurpose,
) -> Result<(), WebError> {
    let Some(account) = ctx.state.store.account_by_email(email).await? else {
        tracing::info!("link requested for an address without account");
        return Ok(());
    };
    let (valid, path, kind) = match purpose {
        TokenPurpose::Reset => (
            Duration::minutes(RESET_LINK_MINUTES),
            "/mot-de-passe",
            Kind::Reset,
        ),
        _ => (
            Duration::minutes(LOGIN_LINK_MINUTES),
            "/connexion/jeton",
            Kind::Login,
        ),
    };
    let token = ctx
        .state
        .store
        .create_token(account.person_id, purpose, valid, None)
        .await?;
    let link = ctx.site.absolute(&format!("{path}/{token}"));
    let locale = comcom_i18n::Locale::from_tag(&account.locale).unwrap_or(ctx.locale);
    mail::send_link(
        &ctx.state,
        locale,
        kind,
        email,
        &ctx.site.territory.name,
        None,
        &link,
    )
    .await?;
    tracing::info!(person.id = account.person_id, "link queued");
    Ok(())
}

fn link_sent_page(ctx: &PageCtx, title_key: &str) -> Result<Response, WebError> {
    let heading = ctx.t(title_key);
    let chrome = ctx.chrome(&heading, Nav::None);
    let paragraphs = vec![ctx.t("login-link-sent"), ctx.t("login-link-sent-spam")];
    ctx.render(&MessagePage {
        chrome,
        heading,
        paragraphs,
        link: None,
    })
}

fn expired_link_page(ctx: &PageCtx) -> Result<Response, WebError> {
    let heading = ctx.t("link-expired-title");
    let chrome = ctx.chrome(&heading, Nav::None);
    let link = Some(("/connexion".to_owned(), ctx.t("link-expired-again")));
    let mut response = ctx.render(&MessagePage {
        chrome,
        heading,
        paragraphs: vec![ctx.t("link-expired")],
        link,
    })?;
    *response.status_mut() = StatusCode::GONE;
    Ok(response)
}

/// Whether a one-time link can still be used (without using it up).
async fn token_usable(ctx: &PageCtx, token: &str, purpose: TokenPurpose) -> Result<bool, WebError> {
    Ok(valid_token_shape(token) && ctx.state.store.peek_token(token, purpose).await?.is_some())
}

fn valid_token_shape(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /connexion/jeton/{token}`: asks to confirm, so that a mail scanner
/// opening the link does not use it up.
pub async fn link_page(ctx: PageCtx, Path(token): Path<String>) -> Result<Response, WebError> {
    if !token_usable(&ctx, &token, TokenPurpose::Login).await? {
        return expired_link_page(&ctx);
    }
    let heading = ctx.t("login-confirm-title");
    ctx.render_form(&ConfirmPage {
        chrome: ctx.chrome(&heading, Nav::None),
        lead: ctx.tt("login-confirm-lead", &[]),
        heading,
        action: format!("/connexion/jeton/{token}"),
        button: ctx.t("login-submit"),
        ask_password: false,
        password_hint: String::new(),
        errors: FormErrors::default(),
    })
}

/// `POST /connexion/jeton/{token}`
pub async fn use_link(ctx: PageCtx, Path(token): Path<String>) -> Result<Response, WebError> {
    if !valid_token_shape(&token) {
        return expired_link_page(&ctx);
    }
    match ctx
        .state
        .store
        .consume_token(&token, TokenPurpose::Login)
        .await?
    {
        Some(used) => open_session(&ctx, used.person_id, "/espaces").await,
        None => expired_link_page(&ctx),
    }
}

/// `POST /deconnexion`
pub async fn logout(ctx: PageCtx) -> Result<Response, WebError> {
    if let Some(secret) = &ctx.viewer.session {
        ctx.state.store.delete_session(secret).await?;
    }
    let clear = crate::cookies::set(SESSION_COOKIE, "", 0, ctx.state.config.is_https());
    Ok(see_other_with_cookie("/", clear))
}

/// `POST /deconnexion/partout`: ends every session of the person.
pub async fn logout_everywhere(ctx: PageCtx) -> Result<Response, WebError> {
    let person_id = ctx.person_id()?;
    ctx.state.store.end_all_sessions(person_id).await?;
    tracing::info!(person.id = person_id, "signed out everywhere");
    let clear = crate::cookies::set(SESSION_COOKIE, "", 0, ctx.state.config.is_https());
    Ok(see_other_with_cookie("/", clear))
}

// ----- password reset

fn reset_request_page(
    ctx: &PageCtx,
    email: String,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let heading = ctx.t("reset-title");
    let invalid = !errors.is_empty();
    let page = EmailFormPage {
        chrome: ctx.chrome(&heading, Nav::None),
        heading,
        lead: ctx.t("reset-lead"),
        action: "/mot-de-passe".to_owned(),
        button: ctx.t("reset-submit"),
        email,
        errors,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /mot-de-passe`
pub async fn reset_request_form(ctx: PageCtx) -> Result<Response, WebError> {
    reset_request_page(&ctx, String::new(), FormErrors::default())
}

/// `POST /mot-de-passe`
pub async fn reset_request(
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    form: FormData,
) -> Result<Response, WebError> {
    let email = normalize_email(form.get("email"));
    let mut errors = FormErrors::default();
    if !is_email(&email) {
        errors.add("email", ctx.t("error-email"));
        return reset_request_page(&ctx, email, errors);
    }
    if !link_allowed(&ctx, &email, &ip).await? {
        errors.add("email", ctx.t("error-too-many-attempts"));
        let mut response = reset_request_page(&ctx, email, errors)?;
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(response);
    }
    send_token_mail(&ctx, &email, TokenPurpose::Reset).await?;
    link_sent_page(&ctx, "reset-sent-title")
}

fn new_password_page(ctx: &PageCtx, token: &str, errors: FormErrors) -> Result<Response, WebError> {
    let heading = ctx.t("reset-new-title");
    let invalid = !errors.is_empty();
    let page = ConfirmPage {
        chrome: ctx.chrome(&heading, Nav::None),
        lead: ctx.t("reset-new-lead"),
        heading,
        action: format!("/mot-de-passe/{token}"),
        button: ctx.t("reset-new-submit"),
        ask_password: true,
        password_hint: password_hint(ctx),
        errors,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /mot-de-passe/{token}`
pub async fn new_password_form(
    ctx: PageCtx,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if !token_usable(&ctx, &token, TokenPurpose::Reset).await? {
        return expired_link_page(&ctx);
    }
    new_password_page(&ctx, &token, FormErrors::default())
}

/// `POST /mot-de-passe/{token}`: sets the password, ends other sessions, signs in.
pub async fn set_new_password(
    ctx: PageCtx,
    Path(token): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    if !token_usable(&ctx, &token, TokenPurpose::Reset).await? {
        return expired_link_page(&ctx);
    }
    let mut errors = FormErrors::default();
    check_new_password(&ctx, &form, &mut errors);
    if !errors.is_empty() {
        return new_password_page(&ctx, &token, errors);
    }
    let hash = password::hash(form.raw("password").to_owned()).await?;
    let Some(used) = ctx
        .state
        .store
        .consume_token(&token, TokenPurpose::Reset)
        .await?
    else {
        return expired_link_page(&ctx);
    };
    ctx.state
        .store
        .set_password_hash(used.person_id, &hash)
        .await?;
    ctx.state.store.end_all_sessions(used.person_id).await?;
    open_session(&ctx, used.person_id, "/profil?modifie=mot-de-passe").await
}

// ----- invitations

fn invitation_page(ctx: &PageCtx, token: &str, errors: FormErrors) -> Result<Response, WebError> {
    let heading = ctx.t("invitation-title");
    let invalid = !errors.is_empty();
    let page = ConfirmPage {
        chrome: ctx.chrome(&heading, Nav::None),
        lead: ctx.tt("invitation-lead", &[]),
        heading,
        action: format!("/invitation/{token}"),
        button: ctx.t("invitation-accept"),
        ask_password: true,
        password_hint: ctx.ta(
            "invitation-password-hint",
            &[("min", Arg::from(password::MIN_LENGTH))],
        ),
        errors,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /invitation/{token}`
pub async fn invitation_form(
    ctx: PageCtx,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if !token_usable(&ctx, &token, TokenPurpose::Invitation).await? {
        return expired_link_page(&ctx);
    }
    invitation_page(&ctx, &token, FormErrors::default())
}

/// `POST /invitation/{token}`: accepts, with an optional password.
pub async fn accept_invitation(
    ctx: PageCtx,
    Path(token): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    if !token_usable(&ctx, &token, TokenPurpose::Invitation).await? {
        return expired_link_page(&ctx);
    }
    let mut errors = FormErrors::default();
    let wants_password = !form.raw("password").is_empty() || !form.raw("password_again").is_empty();
    if wants_password {
        check_new_password(&ctx, &form, &mut errors);
    }
    if !errors.is_empty() {
        return invitation_page(&ctx, &token, errors);
    }
    let hash = match wants_password {
        true => Some(password::hash(form.raw("password").to_owned()).await?),
        false => None,
    };
    let Some(used) = ctx
        .state
        .store
        .consume_token(&token, TokenPurpose::Invitation)
        .await?
    else {
        return expired_link_page(&ctx);
    };
    if let Some(hash) = hash {
        ctx.state
            .store
            .set_password_hash(used.person_id, &hash)
            .await?;
    }
    if let (Some(space_id), Some(role)) = (
        used.space_id,
        used.space_role.as_deref().and_then(SpaceRole::from_code),
    ) {
        let actor = comcom_store::audit::Actor {
            person_id: Some(used.person_id),
            request_id: ctx.request_id.clone(),
        };
        // Joining by the account invitation: recorded as the person's own addition.
        ctx.state
            .store
            .set_member_role(space_id, used.person_id, role, &actor)
            .await?
            .map_err(|_| WebError::Internal("joining refused".into()))?;
    }
    tracing::info!(person.id = used.person_id, "invitation accepted");
    open_session(&ctx, used.person_id, "/espaces").await
}

// ----- profile

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    notice: Option<String>,
    errors: FormErrors,
    display_name: String,
    phone: String,
    locale: String,
    email: String,
    mandates: Vec<String>,
    has_password: bool,
    password_hint: String,
    /// No address yet: the form offers to set one.
    email_missing: bool,
    new_email: String,
    /// The name comes from the RNE and is shown publicly as such.
    official_name: bool,
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    modifie: Option<String>,
}

/// Whether a person's name comes from the RNE (it then stays as published).
async fn has_official_name(ctx: &PageCtx, person_id: i64) -> Result<bool, WebError> {
    let mandates = ctx
        .state
        .store
        .current_mandates_of_person(person_id)
        .await?;
    Ok(mandates.iter().any(|m| m.source == "rne"))
}

async fn profile_page(
    ctx: &PageCtx,
    errors: FormErrors,
    values: Option<(String, String, String, String)>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let account = ctx.viewer.account.clone().ok_or(WebError::LoginRequired)?;
    let (display_name, phone, locale, new_email) = values.unwrap_or_else(|| {
        (
            account.display_name.clone(),
            account.phone.clone().unwrap_or_default(),
            account.locale.clone(),
            String::new(),
        )
    });
    let official_name = has_official_name(ctx, account.person_id).await?;
    let display_name = if official_name {
        account.display_name.clone()
    } else {
        display_name
    };
    let mandates = crate::pages::people::describe_mandates(ctx, account.person_id).await?;
    let invalid = !errors.is_empty();
    let page = ProfilePage {
        chrome: ctx.chrome(&ctx.t("profile-title"), Nav::Profile),
        notice,
        errors,
        display_name,
        phone,
        locale,
        email: account
            .email
            .clone()
            .unwrap_or_else(|| ctx.t("profile-no-email")),
        mandates,
        has_password: account.password_hash.is_some(),
        password_hint: password_hint(ctx),
        email_missing: account.email.is_none(),
        new_email,
        official_name,
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /profil`
pub async fn profile(ctx: PageCtx, Query(q): Query<ProfileQuery>) -> Result<Response, WebError> {
    ctx.person_id()?;
    let notice = match q.modifie.as_deref() {
        Some("profil") => Some(ctx.t("profile-saved")),
        Some("mot-de-passe") => Some(ctx.t("profile-password-saved")),
        _ => None,
    };
    profile_page(&ctx, FormErrors::default(), None, notice).await
}

/// A phone number as people write them: digits, spaces, dots, dashes, +, ().
fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && text.len() <= 30
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " .-+()".contains(c))
}

/// `POST /profil`
pub async fn save_profile(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    let account = ctx.viewer.account.clone().ok_or(WebError::LoginRequired)?;
    let person_id = account.person_id;
    let official_name = has_official_name(&ctx, person_id).await?;
    let name = if official_name {
        account.display_name.as_str()
    } else {
        form.get("display_name")
    };
    let phone = form.get("phone");
    let locale = form.get("locale");
    let email = normalize_email(form.get("email"));
    let mut errors = FormErrors::default();
    if account.email.is_none() && !email.is_empty() {
        if !is_email(&email) {
            errors.add("email", ctx.t("error-email"));
        } else if ctx.state.store.account_by_email(&email).await?.is_some() {
            errors.add("email", ctx.t("error-email-taken"));
        }
    }
    if name.is_empty() {
        errors.add("display_name", ctx.t("error-name-empty"));
    } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
        errors.add(
            "display_name",
            ctx.ta("error-too-long", &[("max", Arg::from(120_i64))]),
        );
    }
    if !phone.is_empty() && !is_phone(phone) {
        errors.add("phone", ctx.t("error-phone"));
    }
    if !matches!(locale, "fr" | "en") {
        errors.add("locale", ctx.t("error-locale"));
    }
    if !errors.is_empty() {
        let keep = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        let locale = if matches!(locale, "fr" | "en") {
            locale
        } else {
            account.locale.as_str()
        };
        let values = (
            keep(name, 240),
            keep(phone, 60),
            locale.to_owned(),
            keep(&email, 254),
        );
        return profile_page(&ctx, errors, Some(values), None).await;
    }
    if account.email.is_none()
        && !email.is_empty()
        && !ctx.state.store.attach_email(person_id, &email).await?
    {
        let mut errors = FormErrors::default();
        errors.add("email", ctx.t("error-email-taken"));
        return profile_page(&ctx, errors, None, None).await;
    }
    let phone = (!phone.is_empty()).then_some(phone);
    ctx.state
        .store
        .update_profile(person_id, name, phone, locale)
        .await?;
    Ok(see_other("/profil?modifie=profil"))
}

/// `POST /profil/mot-de-passe`
pub async fn change_password(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    let account = ctx.viewer.account.clone().ok_or(WebError::LoginRequired)?;
    let mut errors = FormErrors::default();
    if account.password_hash.is_some()
        && !password::verify(
            form.raw("current").to_owned(),
            account.password_hash.clone(),
        )
        .await
    {
        errors.add("current", ctx.t("error-current-password"));
    }
    check_new_password(&ctx, &form, &mut errors);
    if !errors.is_empty() {
        return profile_page(&ctx, errors, None, None).await;
    }
    let hash = password::hash(form.raw("password").to_owned()).await?;
    ctx.state
        .store
        .set_password_hash(account.person_id, &hash)
        .await?;
    // Other browsers lose their session; this one gets a fresh one.
    ctx.state.store.end_all_sessions(account.person_id).await?;
    open_session(&ctx, account.person_id, "/profil?modifie=mot-de-passe").await
}

impl IntoResponse for MessagePage {
    fn into_response(self) -> Response {
        match self.render() {
            Ok(html) => axum::response::Html(html).into_response(),
            Err(e) => WebError::from(e).into_response(),
        }
    }
}
