//! The territory's administration: how mail leaves, opening communes'
//! spaces, inviting people, importing elected officials.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query};
use axum::response::Response;
use comcom_core::InseeCode;
use comcom_core::permissions::Action;
use comcom_i18n::Arg;
use comcom_store::accounts::normalize_email;
use comcom_store::people::ImportOptions;
use serde::Deserialize;

use crate::WebError;
use crate::chrome::{Chrome, Nav};
use crate::form::{FormData, FormErrors, is_email};
use crate::pages::people::send_invitation;
use crate::pages::{PageCtx, see_other};

pub struct CommuneLine {
    insee: String,
    name: String,
    space_slug: Option<String>,
    open_label: String,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    notice: Option<String>,
    errors: FormErrors,
    mail_is_folder: bool,
    mail_transport: String,
    mail_folder_warning: String,
    jobs_summary: String,
    outbox: Vec<(String, String, String)>,
    communes: Vec<CommuneLine>,
    invite_name: String,
    invite_email: String,
    /// The territory's logo, with a number that changes with it (for the cache).
    logo: Option<String>,
}

#[derive(Deserialize)]
pub struct AdminQuery {
    fait: Option<String>,
}

fn require_admin(ctx: &PageCtx) -> Result<(), WebError> {
    ctx.require(Action::AdministerTerritory {
        territory_id: ctx.territory_id(),
    })
}

async fn admin_page(
    ctx: &PageCtx,
    notice: Option<String>,
    errors: FormErrors,
    invite: (String, String),
) -> Result<Response, WebError> {
    let store = &ctx.state.store;
    let mut communes = Vec::new();
    for c in store.communes(ctx.territory_id()).await? {
        communes.push(CommuneLine {
            space_slug: store.commune_space(c.id).await?.map(|s| s.slug),
            open_label: ctx.ta(
                "admin-commune-space-create-for",
                &[("name", Arg::from(c.name.as_str()))],
            ),
            insee: c.insee_code.to_string(),
            name: c.name,
        });
    }
    // The outbox is the instance's: only its administrators see recipients.
    let limit = if ctx.viewer.actor.is_instance_admin() {
        20
    } else {
        0
    };
    let outbox = store
        .recent_outbox(limit)
        .await?
        .into_iter()
        .map(|m| {
            let state = match (&m.sent_at, &m.failed_at, &m.last_error) {
                (Some(_), _, _) => ctx.t("admin-outbox-sent"),
                (None, Some(_), _) => ctx.t("admin-outbox-failed"),
                (None, None, Some(e)) => {
                    ctx.ta("admin-outbox-retrying", &[("error", Arg::from(e.as_str()))])
                }
                (None, None, None) => ctx.t("admin-outbox-pending"),
            };
            (m.to, m.subject, state)
        })
        .collect();
    let jobs = store.job_counts().await?;
    let config = &ctx.state.config;
    let invalid = !errors.is_empty();
    let page = AdminPage {
        chrome: ctx.chrome(&ctx.t("admin-title"), Nav::Admin),
        notice,
        errors,
        mail_is_folder: config.mail_is_folder,
        mail_transport: ctx.ta(
            "admin-mail-smtp",
            &[("transport", Arg::from(config.mail_transport.as_str()))],
        ),
        mail_folder_warning: ctx.ta(
            "admin-mail-folder",
            &[("transport", Arg::from(config.mail_transport.as_str()))],
        ),
        jobs_summary: ctx.ta(
            "admin-jobs",
            &[
                ("pending", Arg::Num(jobs.pending)),
                ("failed", Arg::Num(jobs.failed)),
            ],
        ),
        outbox,
        communes,
        invite_name: invite.0,
        invite_email: invite.1,
        logo: store
            .territory_logo_version(ctx.territory_id())
            .await?
            .map(|at| format!("/logo?v={}", at.timestamp())),
    };
    ctx.render_form_page(&page, invalid)
}

/// `GET /admin`
pub async fn index(ctx: PageCtx, Query(q): Query<AdminQuery>) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let notice = match q.fait.as_deref() {
        Some("invitation") => Some(ctx.t("admin-invited")),
        Some("logo") => Some(ctx.t("logo-done")),
        Some("logo-retire") => Some(ctx.t("logo-removed")),
        _ => None,
    };
    admin_page(&ctx, notice, FormErrors::default(), Default::default()).await
}

/// `POST /admin/communes/{insee}/espace`: opens the commune's space.
pub async fn open_commune_space(
    ctx: PageCtx,
    Path(insee): Path<String>,
) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let code = InseeCode::parse(&insee).map_err(|_| WebError::NotFound)?;
    let commune = ctx
        .state
        .store
        .commune(ctx.territory_id(), &code)
        .await?
        .ok_or(WebError::NotFound)?;
    let (space, created) = ctx.state.store.open_commune_space(&commune).await?;
    if created {
        tracing::info!(space.id = space.id, commune = %commune.insee_code, "commune space opened");
    }
    Ok(see_other(&format!("/espaces/{}", space.slug)))
}

/// `POST /admin/invitations`: invites a new person by email.
pub async fn invite(ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let name = form.get("name");
    let email = normalize_email(form.get("email"));
    let mut errors = FormErrors::default();
    if name.is_empty() {
        errors.add("name", ctx.t("error-name-empty"));
    } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
        errors.add(
            "name",
            ctx.ta("error-too-long", &[("max", Arg::from(120_i64))]),
        );
    }
    if !is_email(&email) {
        errors.add("email", ctx.t("error-email"));
    } else if let Some(existing) = ctx.state.store.account_by_email(&email).await? {
        errors.add(
            "email",
            ctx.ta(
                "error-email-belongs",
                &[("name", Arg::from(existing.display_name.as_str()))],
            ),
        );
    }
    if !errors.is_empty() {
        let values = (
            name.chars().take(120).collect(),
            email.chars().take(254).collect(),
        );
        return admin_page(&ctx, None, errors, values).await;
    }
    let account = ctx
        .state
        .store
        .create_account(Some(ctx.territory_id()), name, &email)
        .await?;
    send_invitation(&ctx, account.person_id, &email, None).await?;
    Ok(see_other("/admin?fait=invitation"))
}

/// Largest RNE file accepted (a department's councillors fit in a few MB).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

#[derive(Template)]
#[template(path = "import_report.html")]
struct ImportReportPage {
    chrome: Chrome,
    heading: String,
    error: Option<String>,
    /// Headings with their detail lines.
    groups: Vec<(String, Vec<String>)>,
}

/// `POST /admin/import?csrf=…` (multipart: `file`, `dry_run`): imports an RNE file.
pub async fn import(
    ctx: PageCtx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let mut multipart = multipart.map_err(|_| WebError::BadRequest)?;
    let mut file: Option<Vec<u8>> = None;
    let mut dry_run = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(WebError::PayloadTooLarge);
            }
            Err(_) => return Err(WebError::BadRequest),
        };
        match field.name() {
            Some("file") => {
                file = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|_| WebError::PayloadTooLarge)?
                        .to_vec(),
                )
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    let heading = ctx.t(if dry_run {
        "import-title-dry-run"
    } else {
        "import-title"
    });
    let chrome = ctx.chrome(&heading, Nav::Admin);
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        let page = ImportReportPage {
            chrome,
            heading,
            error: Some(ctx.t("import-no-file")),
            groups: Vec::new(),
        };
        return ctx.render_invalid(&page);
    };
    let options = ImportOptions {
        dry_run,
        today: chrono::Utc::now().date_naive(),
    };
    let report = match ctx.state.store.import_elus(&bytes, options).await? {
        Ok(report) => report,
        Err(error) => {
            let page = ImportReportPage {
                chrome,
                heading,
                error: Some(comcom_i18n::localize(ctx.locale, &error.message())),
                groups: Vec::new(),
            };
            return ctx.render_invalid(&page);
        }
    };
    tracing::info!(
        dry_run,
        created = report.created,
        updated = report.updated,
        ended = report.ended.len(),
        rejected = report.rejected.len(),
        "elected officials imported"
    );
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    // A page stays readable: at most MAX_DETAILS lines under each heading.
    const MAX_DETAILS: usize = 200;
    let mut hidden = 0;
    let medium = crate::import_report::Medium::Web;
    for line in crate::import_report::lines(ctx.locale, &report, medium) {
        match (line.detail, groups.last_mut()) {
            (true, Some(group)) if group.1.len() < MAX_DETAILS => group.1.push(line.text),
            (true, Some(_)) => hidden += 1,
            _ => {
                flush_hidden(&ctx, &mut groups, &mut hidden);
                groups.push((line.text, Vec::new()));
            }
        }
    }
    flush_hidden(&ctx, &mut groups, &mut hidden);
    ctx.render(&ImportReportPage {
        chrome,
        heading,
        error: None,
        groups,
    })
}

/// Says how many lines of the last group were left out.
fn flush_hidden(ctx: &PageCtx, groups: &mut [(String, Vec<String>)], hidden: &mut usize) {
    if *hidden > 0
        && let Some(group) = groups.last_mut()
    {
        group
            .1
            .push(ctx.ta("import-more-lines", &[("count", Arg::from(*hidden))]));
        *hidden = 0;
    }
}

// ----- the territory's logo

/// The largest logo accepted.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

/// `POST /admin/logo?csrf=…` (multipart): sets the territory's logo. PNG and
/// JPEG only, recognised by their bytes; SVG is refused (it can carry
/// scripts and links, and many mail clients do not show it).
pub async fn upload_logo(
    ctx: PageCtx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    let form = match multipart {
        Ok(multipart) => crate::multipart::MultiForm::read(multipart, "logo", MAX_LOGO_BYTES).await,
        Err(_) => Err(WebError::BadRequest),
    };
    let mut errors = FormErrors::default();
    let checked = match form {
        Ok(form) => match form.file {
            None => Err(ctx.t("logo-error-missing")),
            Some(bytes) => match crate::multipart::image_type(&bytes) {
                Some(kind @ ("image/png" | "image/jpeg")) => Ok((kind, bytes)),
                _ => Err(ctx.t("logo-error-type")),
            },
        },
        Err(WebError::PayloadTooLarge) => Err(ctx.ta(
            "logo-error-too-large",
            &[("max", Arg::from((MAX_LOGO_BYTES / 1024) as i64))],
        )),
        Err(WebError::BadRequest) => Err(ctx.t("logo-error-missing")),
        Err(other) => return Err(other),
    };
    match checked {
        Ok((kind, bytes)) => {
            ctx.state
                .store
                .set_territory_logo(ctx.territory_id(), kind, &bytes)
                .await?;
            tracing::info!(bytes = bytes.len(), kind, "territory logo set");
            Ok(see_other("/admin?fait=logo"))
        }
        Err(message) => {
            errors.add("logo", message);
            admin_page(&ctx, None, errors, Default::default()).await
        }
    }
}

/// `POST /admin/logo/retirer`
pub async fn remove_logo(ctx: PageCtx) -> Result<Response, WebError> {
    require_admin(&ctx)?;
    ctx.state
        .store
        .remove_territory_logo(ctx.territory_id())
        .await?;
    Ok(see_other("/admin?fait=logo-retire"))
}

/// `GET /logo`: the territory's logo, public (letters show it by this URL).
// TODO: the site's header does not show the logo yet (letters only).
pub async fn logo(ctx: PageCtx) -> Result<Response, WebError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let logo = ctx
        .state
        .store
        .territory_logo(ctx.territory_id())
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, logo.content_type),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
        ],
        logo.bytes,
    )
        .into_response())
}
