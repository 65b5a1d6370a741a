//! An import report of elected officials, as lines of text in the reader's
//! language: shared by `comcom import elus` and the administration page.

use comcom_i18n::{Arg, Locale, localize};
use comcom_store::people::ImportReport;

/// One line of a report; `detail` lines belong to the heading above them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub text: String,
    pub detail: bool,
}

/// The report: a summary, the counts, then one line per rejected line,
/// ended mandate and commune whose mandates were kept.
/// Where a report is read: the wording of the dry-run note differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    CommandLine,
    Web,
}

pub fn lines(locale: Locale, report: &ImportReport, medium: Medium) -> Vec<ReportLine> {
    let count = |key: &str, n: usize| locale.t_args(key, &[("count", Arg::from(n))]);
    let mut out = Vec::new();
    let mut head = |text: String| {
        out.push(ReportLine {
            text,
            detail: false,
        })
    };
    head(locale.t_args(
        "import-summary",
        &[
            ("kind", Arg::from(report.kind.code())),
            ("count", Arg::from(report.line_count)),
            ("value", Arg::from(report.encoding.label())),
        ],
    ));
    if report.dry_run {
        head(locale.t(match medium {
            Medium::CommandLine => "import-dry-run",
            Medium::Web => "import-dry-run-web",
        }));
    }
    let counts = [
        count("import-count-created", report.created),
        count("import-count-updated", report.updated),
        count("import-count-unchanged", report.unchanged),
        count("import-count-ended", report.ended.len()),
    ];
    head(locale.t_args("import-result", &[("value", Arg::from(counts.join(", ")))]));
    head(count("import-count-rejected", report.rejected.len()));
    if report.merged > 0 {
        head(count("import-count-merged", report.merged));
    }

    let detail = |text: String| ReportLine { text, detail: true };
    if !report.rejected.is_empty() {
        out.push(ReportLine {
            text: locale.t("import-rejected-title"),
            detail: false,
        });
        for rejection in &report.rejected {
            let reason = localize(locale, &rejection.reason.message());
            let args = [
                ("line", Arg::from(rejection.line)),
                ("reason", Arg::from(reason)),
            ];
            out.push(detail(locale.t_args("import-line", &args)));
        }
    }
    if !report.ended.is_empty() {
        let title = if report.dry_run {
            "import-ended-title-dry-run"
        } else {
            "import-ended-title"
        };
        out.push(ReportLine {
            text: locale.t(title),
            detail: false,
        });
        for ended in &report.ended {
            let mut args = vec![
                ("name", Arg::from(ended.display_name.as_str())),
                ("commune", Arg::from(ended.commune_name.as_str())),
            ];
            let key = match &ended.function_label {
                Some(label) => {
                    args.push(("function", Arg::from(label.as_str())));
                    "import-ended-line"
                }
                None => "import-ended-line-councillor",
            };
            out.push(detail(locale.t_args(key, &args)));
        }
    }
    if !report.kept.is_empty() {
        out.push(ReportLine {
            text: locale.t("import-kept-title"),
            detail: false,
        });
        for kept in &report.kept {
            out.push(detail(localize(locale, &kept.message())));
        }
    }
    out
}
