//! `comcom seed --scale department [--force]`: fills a new database with a
//! made-up dataset the size of a department, for benchmarks and demonstrations.

use std::time::Instant;

use comcom_i18n::{Arg, Locale, format_int};
use comcom_store::seed::{Contents, Scale, SeedProgress, SeedReport};

use crate::commands::{block_on, open_store};
use crate::config::Config;
use crate::failure::Failure;

pub fn run(locale: Locale, scale: &str, force: bool) -> Result<u8, Failure> {
    crate::logging::init(locale, "warn");
    let Some(scale) = Scale::by_name(scale) else {
        // clap only lets known scales through.
        let args = [("value", Arg::from(scale)), ("arg", Arg::from("--scale"))];
        return Err(Failure::input(
            locale.t_args("cli-usage-invalid-value", &args),
        ));
    };
    let config = Config::from_env(locale, None)?;
    block_on(async {
        let store = open_store(locale, &config).await?;
        let db = |e| Failure::database(locale, &config.database_url, e);
        let contents = store.seed_contents().await.map_err(db)?;
        if !contents.is_empty() && !force {
            store.close().await;
            return Err(not_empty(locale, contents));
        }
        let planned = [
            count(locale, "seed-count-territories", scale.territories),
            count(locale, "seed-count-spaces", scale.spaces),
            count(locale, "seed-count-articles", scale.articles),
            count(locale, "seed-count-people", scale.people),
        ];
        let args = [
            ("name", Arg::from(scale.name)),
            ("message", Arg::from(planned.join(", "))),
        ];
        println!("{}", locale.t_args("seed-start", &args));

        let started = Instant::now();
        let mut show = |step: SeedProgress| println!("  {}", progress_line(locale, step));
        let report = store
            .seed(scale, chrono::Utc::now(), &mut show)
            .await
            .map_err(db)?;
        let seconds = started.elapsed().as_secs_f64();
        // The articles were written in bulk, around the index: the running
        // servers index them (`comcom search reindex` does it at once).
        store
            .enqueue(comcom_store::search::REINDEX_JOB, "")
            .await
            .map_err(db)?;
        store.close().await;
        print_report(locale, &report, seconds);
        Ok(0)
    })
}

/// "3 territories, 120 news articles": what makes the database not new.
fn not_empty(locale: Locale, contents: Contents) -> Failure {
    let held = [
        count(
            locale,
            "seed-count-territories",
            contents.territories as usize,
        ),
        count(locale, "seed-count-articles", contents.articles as usize),
    ];
    let args = [("message", Arg::from(held.join(", ")))];
    Failure::input(locale.t_args("seed-not-empty", &args))
        .with_hints(vec![locale.t("seed-not-empty-hint")])
}

fn progress_line(locale: Locale, step: SeedProgress) -> String {
    let (key, parts) = match step {
        SeedProgress::Territories {
            territories,
            communes,
        } => (
            "seed-step-territories",
            [
                count(locale, "seed-count-territories", territories),
                count(locale, "seed-count-communes", communes),
            ],
        ),
        SeedProgress::People { people, mandates } => (
            "seed-step-people",
            [
                count(locale, "seed-count-people", people),
                count(locale, "seed-count-mandates", mandates),
            ],
        ),
        SeedProgress::Spaces {
            spaces,
            memberships,
        } => (
            "seed-step-spaces",
            [
                count(locale, "seed-count-spaces", spaces),
                count(locale, "seed-count-memberships", memberships),
            ],
        ),
        SeedProgress::Articles { done, total } => {
            let args = [
                ("value", Arg::from(format_int(locale, done as i64))),
                ("total", Arg::from(format_int(locale, total as i64))),
            ];
            return locale.t_args("seed-step-articles", &args);
        }
        SeedProgress::Committing => return locale.t("seed-step-committing"),
    };
    locale.t_args(key, &[("message", Arg::from(parts.join(", ")))])
}

fn print_report(locale: Locale, report: &SeedReport, seconds: f64) {
    let seconds = format!("{seconds:.1}");
    let seconds = match locale {
        Locale::Fr => seconds.replace('.', ","),
        Locale::En => seconds,
    };
    println!(
        "{}",
        locale.t_args("seed-done", &[("value", Arg::from(seconds))])
    );
    let lines = [
        [
            count(locale, "seed-count-territories", report.territories),
            count(locale, "seed-count-communes", report.communes),
        ],
        [
            count(locale, "seed-count-spaces", report.spaces),
            count(locale, "seed-count-memberships", report.memberships),
        ],
        [
            count(locale, "seed-count-people", report.people),
            count(locale, "seed-count-mandates", report.mandates),
        ],
    ];
    for line in lines {
        println!("  {}", line.join(", "));
    }
    let states = [
        count(locale, "seed-count-published", report.published),
        count(locale, "seed-count-scheduled", report.scheduled),
        count(locale, "seed-count-drafts", report.drafts),
    ];
    let args = [
        (
            "total",
            Arg::from(count(locale, "seed-count-articles", report.articles)),
        ),
        ("message", Arg::from(states.join(", "))),
        (
            "value",
            Arg::from(count(locale, "seed-count-linked", report.linked)),
        ),
    ];
    println!("  {}", locale.t_args("seed-articles", &args));
}

/// "1 territory", "20 territories", "1 000 espaces".
fn count(locale: Locale, key: &str, n: usize) -> String {
    let n = n as i64;
    locale.t_args(
        key,
        &[
            ("count", Arg::Num(n)),
            ("value", Arg::from(format_int(locale, n))),
        ],
    )
}
