//! A letter as its recipients read it: the Markdown body with cards for links
//! to the site's own content, in the territory's layout, as HTML and as plain
//! text. The same rendering serves the preview, the test send, the sender in
//! the worker and the archive page (which shows the content without the
//! personal footer: a recipient's unsubscribe link never appears there).
//!
//! No tracking pixel and no rewritten links: what a recipient opens or clicks
//! is not recorded (docs/letters.md).

use std::future::Future;
use std::pin::Pin;

use chrono::Utc;
use comcom_i18n::{Arg, Locale};
use comcom_store::Store;
use comcom_store::letters::LetterRecord;

/// A card: a link to a page of the site, shown with its title and summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// What it is: « Actualité », « Réunion »…
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Absolute URL.
    pub url: String,
}

type CardFuture<'a> = Pin<Box<dyn Future<Output = Option<Card>> + Send + 'a>>;

/// Finds the card of a path of the site (`/espaces/x/actualites/12`), or `None`.
/// Meetings and documents add their own resolver to [`RESOLVERS`].
pub type CardResolver = for<'a> fn(&'a CardContext<'a>, &'a str) -> CardFuture<'a>;

/// What a resolver may use.
pub struct CardContext<'a> {
    pub store: &'a Store,
    pub territory_id: i64,
    pub base_url: &'a str,
    pub locale: Locale,
}

/// Every kind of card, tried in order.
pub const RESOLVERS: &[CardResolver] = &[article_card];

/// A live article of a public space of the territory.
fn article_card<'a>(ctx: &'a CardContext<'a>, path: &'a str) -> CardFuture<'a> {
    Box::pin(async move {
        let rest = path.strip_prefix("/espaces/")?;
        let mut parts = rest.trim_end_matches('/').split('/');
        let slug = parts.next()?;
        if parts.next()? != "actualites" {
            return None;
        }
        let id: i64 = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        let article = ctx.store.article(id).await.ok()??;
        let space = ctx.store.space(article.space_id).await.ok()??;
        let public = space.visibility == comcom_core::Visibility::Public;
        if article.territory_id != ctx.territory_id
            || article.space_slug != slug
            || !public
            || !article.is_live(Utc::now())
        {
            return None;
        }
        Some(Card {
            kind: ctx.locale.t("letter-card-article"),
            title: article.title.clone(),
            summary: comcom_markdown::excerpt(&article.body, 200),
            url: format!("{}{}", ctx.base_url, path),
        })
    })
}

/// The content of a letter, rendered once for all its recipients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterContent {
    pub territory: String,
    pub subject: String,
    /// Sanitized HTML of the body, links absolute, cards in place.
    pub html: String,
    /// The plain-text alternative of the body.
    pub text: String,
    /// The archive page of the letter.
    pub archive_url: String,
    /// The territory's logo (absolute URL of the public `/logo` route, with
    /// its version), when it has one: a link, not an attachment.
    pub logo_url: Option<String>,
    pub locale: Locale,
}

const CARD_MARK: &str = "COMCOMCARD";

/// A line that is only a link to a page of this site: its path.
fn own_path<'a>(line: &'a str, base_url: &str) -> Option<&'a str> {
    let line = line.trim();
    let line = line
        .strip_prefix('<')
        .and_then(|l| l.strip_suffix('>'))
        .unwrap_or(line);
    if line.contains(char::is_whitespace) {
        return None;
    }
    let path = line.strip_prefix(base_url).unwrap_or(line);
    (path.starts_with('/') && !path.starts_with("//")).then_some(path)
}

/// Renders a letter's body: Markdown through the one sanitizing path, and a
/// paragraph that is only a link to an article (or any kind a resolver knows)
/// becomes a card.
pub async fn render(
    store: &Store,
    letter: &LetterRecord,
    territory: &str,
    base_url: &str,
    locale: Locale,
) -> LetterContent {
    let ctx = CardContext {
        store,
        territory_id: letter.territory_id,
        base_url,
        locale,
    };
    let lines: Vec<&str> = letter.body.lines().collect();
    let mut markdown = String::with_capacity(letter.body.len());
    let mut cards: Vec<Card> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let alone = (i == 0 || lines[i - 1].trim().is_empty())
            && lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        let mut card = None;
        if alone && let Some(path) = own_path(line, base_url) {
            for resolve in RESOLVERS {
                if let Some(found) = resolve(&ctx, path).await {
                    card = Some(found);
                    break;
                }
            }
        }
        match card {
            Some(card) => {
                markdown.push_str(&format!("{CARD_MARK}{}", cards.len()));
                cards.push(card);
            }
            None => markdown.push_str(line),
        }
        markdown.push('\n');
    }

    let base = url::Url::parse(&format!("{base_url}/")).ok();
    let mut html = comcom_markdown::to_html(&markdown);
    if let Some(base) = &base {
        html = comcom_markdown::absolutize(&html, base);
    }
    let mut text = comcom_markdown::to_text(&markdown);
    // Last first, so that CARD1 is not taken for the start of CARD10.
    for (n, card) in cards.iter().enumerate().rev() {
        let mark = format!("{CARD_MARK}{n}");
        html = html.replace(&format!("<p>{mark}</p>"), &card_html(card));
        text = text.replace(
            &mark,
            &format!(
                "[{}] {}\n{}\n{}",
                card.kind, card.title, card.summary, card.url
            ),
        );
    }
    let logo_url = store
        .territory_logo_version(letter.territory_id)
        .await
        .ok()
        .flatten()
        .map(|at| format!("{base_url}/logo?v={}", at.timestamp()));
    LetterContent {
        territory: territory.to_owned(),
        subject: letter.subject.clone(),
        html,
        text,
        archive_url: format!("{base_url}/lettres/{}", letter.id),
        logo_url,
        locale,
    }
}

fn card_html(card: &Card) -> String {
    format!(
        "<div class=\"card\" style=\"border:1px solid #c8ccd4;border-radius:6px;padding:12px 16px;margin:16px 0\">\
         <p style=\"margin:0;font-size:13px;color:#4a5160;text-transform:uppercase\">{}</p>\
         <p style=\"margin:4px 0;font-size:18px;font-weight:bold\"><a href=\"{}\" style=\"color:#1d4e89\">{}</a></p>\
         <p style=\"margin:0\">{}</p></div>",
        escape(&card.kind),
        escape(&card.url),
        escape(&card.title),
        escape(&card.summary)
    )
}

/// HTML escaping for text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

impl LetterContent {
    /// The whole HTML email, with the footer holding `unsubscribe` (a
    /// recipient's own link) or, for previews and tests, none.
    pub fn email_html(&self, unsubscribe: Option<&str>) -> String {
        let l = self.locale;
        let read_online = l.t("letter-mail-read-online");
        let mut footer = format!(
            "<p>{}</p><p><a href=\"{}\" style=\"color:#1d4e89\">{}</a>",
            escape(&l.t_args(
                "letter-mail-why",
                &[("territory", Arg::from(self.territory.as_str()))]
            )),
            escape(&self.archive_url),
            escape(&read_online)
        );
        if let Some(link) = unsubscribe {
            footer.push_str(&format!(
                " · <a href=\"{}\" style=\"color:#1d4e89\">{}</a>",
                escape(link),
                escape(&l.t("letter-mail-unsubscribe"))
            ));
        }
        footer.push_str("</p>");
        // The name is written beside the logo, so the image itself says nothing more.
        let logo = match &self.logo_url {
            Some(url) => format!(
                "<img src=\"{}\" alt=\"\" height=\"48\" style=\"display:block;height:48px;width:auto;border:0;margin:0 0 8px\">\n",
                escape(url)
            ),
            None => String::new(),
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{subject}</title>\n</head>\n\
             <body style=\"margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#1f2430;line-height:1.5\">\n\
             <div style=\"max-width:640px;margin:0 auto;background:#ffffff;padding:24px\">\n\
             {logo}<p style=\"margin:0 0 8px;font-size:14px;font-weight:bold;color:#1d4e89\">{territory}</p>\n\
             <h1 style=\"font-size:24px;margin:0 0 16px\">{subject}</h1>\n\
             {content}\n\
             <hr style=\"border:0;border-top:1px solid #c8ccd4;margin:24px 0 12px\">\n\
             <div style=\"font-size:13px;color:#4a5160\">{footer}</div>\n\
             </div>\n</body>\n</html>\n",
            lang = l.code(),
            subject = escape(&self.subject),
            territory = escape(&self.territory),
            content = self.html,
        )
    }

    /// The plain-text alternative, with the same footer.
    pub fn email_text(&self, unsubscribe: Option<&str>) -> String {
        let l = self.locale;
        let mut text = format!(
            "{}\n\n{}\n\n{}\n\n-- \n{}\n{} {}\n",
            self.territory,
            self.subject,
            self.text.trim_end(),
            l.t_args(
                "letter-mail-why",
                &[("territory", Arg::from(self.territory.as_str()))]
            ),
            l.t("letter-mail-read-online-text"),
            self.archive_url
        );
        if let Some(link) = unsubscribe {
            text.push_str(&format!("{} {link}\n", l.t("letter-mail-unsubscribe-text")));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_links_to_this_site_are_card_candidates() {
        let base = "https://vercors.example";
        assert_eq!(
            own_path("https://vercors.example/espaces/a/actualites/3", base),
            Some("/espaces/a/actualites/3")
        );
        assert_eq!(own_path("<https://vercors.example/x>", base), Some("/x"));
        assert_eq!(own_path("https://ailleurs.example/x", base), None);
        assert_eq!(own_path("Voir https://vercors.example/x", base), None);
        assert_eq!(own_path("//evil.example/x", base), None);
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
