//! Every page passes axe-core (WCAG 2.1 A and AA) in a real headless
//! Chromium, validates as HTML, and shows where the keyboard focus is; see
//! `tests/browser/check.mjs`, installed by `scripts/test-deps.sh`.

use crate::helpers::{TestApp, repo_root};

async fn check(app: &TestApp, lang: &str, extra: &[&str], paths: &[&str]) {
    let script = repo_root().join("tests/browser/check.mjs");
    let mut command = tokio::process::Command::new("node");
    command.arg(&script).args(["--lang", lang]).args(extra);
    for path in paths {
        command.arg(app.url(path));
    }
    let output = command
        .output()
        .await
        .expect("node runs (install it with scripts/test-deps.sh)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser checks failed ({lang}):\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(&format!("check: {} passed, 0 failed", paths.len())),
        "{report}"
    );
}

const PAGES: [&str; 6] = [
    "/",
    "/communes/38129",
    "/communes/2A004",
    "/mentions-legales",
    "/donnees-personnelles",
    "/accessibilite",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_passes_axe_and_html_validation_in_french_and_english() {
    let app = TestApp::spawn_with(&["243801024", "242010056"], None).await;
    // /communes/2A004 belongs to the second territory: checked as the 404 page.
    let found: Vec<&str> = PAGES
        .iter()
        .copied()
        .filter(|p| *p != "/communes/2A004")
        .collect();

    check(&app, "fr", &[], &found).await;
    check(&app, "en", &[], &found).await;
    check(
        &app,
        "fr",
        &["--allow-status", "404"],
        &["/communes/2A004", "/nulle-part"],
    )
    .await;
    check(&app, "en", &["--allow-status", "404"], &["/nulle-part"]).await;
}
