//! The feeds comcom writes, read back by an independent reader: Python's
//! feedparser (installed by `scripts/test-deps.sh`), through
//! `tests/check_feed.py`, which also reports the rules of RFC 4287 and RSS 2.0
//! that feedparser is too lenient to check.
//!
//!     cargo test -p comcom-feeds --test feedparser

use std::path::PathBuf;
use std::process::Command;

use chrono::{TimeZone, Utc};
use comcom_feeds::{FeedEntry, FeedImage, FeedMeta, atom, rss};
use serde_json::Value;

fn meta(self_url: &str) -> FeedMeta {
    FeedMeta {
        id: "https://cc-vercors.example/feed.atom".into(),
        title: "Actualités de la CC du Massif du Vercors".into(),
        subtitle: Some("Toutes les actualités publiques".into()),
        self_url: self_url.into(),
        html_url: "https://cc-vercors.example/".into(),
        updated: Utc.with_ymd_and_hms(2026, 5, 12, 8, 30, 0).unwrap(),
        language: "fr".into(),
        author: None,
    }
}

fn entries() -> Vec<FeedEntry> {
    vec![
        FeedEntry {
            id: "tag:cc-vercors.example,2026:article/42".into(),
            title: "Enquête publique\u{a0}: zonage d’assainissement «\u{a0}collectif\u{a0}»".into(),
            url: "https://cc-vercors.example/espaces/eau/actualites/42".into(),
            published: Utc.with_ymd_and_hms(2026, 5, 11, 16, 0, 0).unwrap(),
            updated: Utc.with_ymd_and_hms(2026, 5, 12, 8, 30, 0).unwrap(),
            author: Some("Élodie Martin".into()),
            summary: Some("Le dossier est consultable en mairie.".into()),
            content_html: "<p>Le dossier est <strong>consultable</strong> \
                           <a href=\"https://cc-vercors.example/docs/zonage.pdf\" \
                           rel=\"noopener noreferrer\">en ligne</a>.</p>\n\
                           <p><img src=\"https://cc-vercors.example/media/carte.png\" \
                           alt=\"Carte du zonage\"></p>\n"
                .into(),
            image: Some(FeedImage {
                url: "https://cc-vercors.example/media/carte.png".into(),
                alt: "Carte du zonage".into(),
                mime: "image/png".into(),
                length: Some(48213),
            }),
            attachments: Vec::new(),
            categories: vec!["Eau & assainissement".into(), "Enquêtes".into()],
        },
        FeedEntry {
            id: "tag:cc-vercors.example,2026:article/41".into(),
            title: "Travaux & <voirie> : \"RD 531\" l'été".into(),
            url: "https://cc-vercors.example/actualites/41?vue=1&x=2".into(),
            published: Utc.with_ymd_and_hms(2026, 4, 30, 22, 15, 0).unwrap(),
            updated: Utc.with_ymd_and_hms(2026, 4, 30, 22, 15, 0).unwrap(),
            author: None,
            summary: None,
            content_html: "<p>Fin de CDATA ]]> au milieu &amp; une esperluette.</p>\n".into(),
            image: None,
            attachments: Vec::new(),
            categories: Vec::new(),
        },
        FeedEntry {
            id: "tag:cc-vercors.example,2026:article/7".into(),
            title: "Fête du lac – été 2026".into(),
            url: "https://cc-vercors.example/actualites/7".into(),
            published: Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap(),
            updated: Utc.with_ymd_and_hms(2026, 3, 4, 10, 5, 6).unwrap(),
            author: Some("Mairie de Lans-en-Vercors".into()),
            summary: None,
            content_html: "<ul>\n<li>Feu d’artifice à 22\u{a0}h</li>\n</ul>\n".into(),
            image: Some(FeedImage {
                url: "https://cc-vercors.example/media/lac.jpg".into(),
                alt: String::new(),
                mime: "image/jpeg".into(),
                length: None,
            }),
            attachments: Vec::new(),
            categories: vec!["Fêtes".into()],
        },
    ]
}

/// What `tests/check_feed.py` reads in `document`.
fn read_back(document: &str) -> Value {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("feed.xml");
    std::fs::write(&path, document).expect("the feed is written");

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/check_feed.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(&path)
        .output()
        .expect("python3 runs (scripts/test-deps.sh installs feedparser)");
    assert!(
        output.status.success(),
        "check_feed.py failed (is feedparser installed? run scripts/test-deps.sh):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check_feed.py prints JSON")
}

fn assert_read_cleanly(report: &Value, version: &str) {
    assert_eq!(report["version"], version, "{report:#}");
    assert_eq!(report["bozo"], false, "{}", report["bozo_exception"]);
    assert_eq!(report["violations"], Value::Array(Vec::new()), "{report:#}");
}

fn assert_entries_read_as_written(report: &Value) {
    let written = entries();
    let read = report["entries"].as_array().expect("entries");
    assert_eq!(read.len(), written.len());

    for (read, written) in read.iter().zip(&written) {
        assert_eq!(read["id"], written.id.as_str());
        assert_eq!(read["title"], written.title.as_str());
        assert_eq!(read["link"], written.url.as_str());
        let published = written.published.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let updated = written.updated.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        assert_eq!(
            read["published_iso"],
            published.as_str(),
            "{}",
            written.title
        );
        assert_eq!(read["updated_iso"], updated.as_str(), "{}", written.title);
        let tags: Vec<&str> = written.categories.iter().map(String::as_str).collect();
        assert_eq!(read["tags"], serde_json::json!(tags));
    }

    let first = &read[0];
    assert_eq!(first["author"], "Élodie Martin");
    let content = first["content"][0]["value"].as_str().expect("content");
    assert!(
        content.contains("<strong>consultable</strong>"),
        "{content}"
    );
    assert!(
        content.contains("href=\"https://cc-vercors.example/docs/zonage.pdf\""),
        "{content}"
    );
    assert!(content.contains("alt=\"Carte du zonage\""), "{content}");
    assert_eq!(
        first["enclosures"],
        serde_json::json!([{
            "href": "https://cc-vercors.example/media/carte.png",
            "type": "image/png",
            "length": "48213",
        }])
    );

    // Content that would close a CDATA section comes back whole (feedparser trims it).
    assert_eq!(
        read[1]["content"][0]["value"],
        written[1].content_html.trim()
    );

    let third = &read[2];
    let content = third["content"][0]["value"].as_str().expect("content");
    assert!(content.contains("Feu d’artifice à 22\u{a0}h"), "{content}");
    assert_eq!(
        third["enclosures"][0]["href"],
        "https://cc-vercors.example/media/lac.jpg"
    );
}

#[test]
fn feedparser_reads_the_atom_feed_as_written() {
    let meta = meta("https://cc-vercors.example/feed.atom");
    let report = read_back(&atom(&meta, &entries()));

    assert_read_cleanly(&report, "atom10");
    let feed = &report["feed"];
    assert_eq!(feed["id"], "https://cc-vercors.example/feed.atom");
    assert_eq!(feed["title"], "Actualités de la CC du Massif du Vercors");
    assert_eq!(feed["subtitle"], "Toutes les actualités publiques");
    assert_eq!(feed["link"], "https://cc-vercors.example/");
    assert_eq!(feed["language"], "fr");
    assert_eq!(feed["updated_iso"], "2026-05-12T08:30:00Z");
    assert!(feed["links"].as_array().expect("links").iter().any(
        |link| link["rel"] == "self" && link["href"] == "https://cc-vercors.example/feed.atom"
    ));
    assert_entries_read_as_written(&report);
    assert_eq!(
        report["entries"][0]["summary"],
        "Le dossier est consultable en mairie."
    );
    // An entry without author is covered by the feed's author, its title.
    assert_eq!(feed["author"], "Actualités de la CC du Massif du Vercors");
    assert_eq!(report["entries"][1]["author"], Value::Null);
}

#[test]
fn feedparser_reads_the_rss_feed_as_written() {
    let meta = meta("https://cc-vercors.example/feed.rss");
    let report = read_back(&rss(&meta, &entries()));

    assert_read_cleanly(&report, "rss20");
    let feed = &report["feed"];
    assert_eq!(feed["title"], "Actualités de la CC du Massif du Vercors");
    assert_eq!(feed["subtitle"], "Toutes les actualités publiques");
    assert_eq!(feed["link"], "https://cc-vercors.example/");
    assert_eq!(feed["language"], "fr");
    assert_eq!(feed["updated_iso"], "2026-05-12T08:30:00Z");
    assert!(
        feed["links"]
            .as_array()
            .expect("links")
            .iter()
            .any(|link| link["rel"] == "self"
                && link["href"] == "https://cc-vercors.example/feed.rss")
    );
    assert_entries_read_as_written(&report);
    assert_eq!(report["entries"][1]["author"], Value::Null);
}

#[test]
fn an_empty_feed_is_still_valid() {
    let report = read_back(&atom(&meta("https://cc-vercors.example/feed.atom"), &[]));
    assert_read_cleanly(&report, "atom10");
    let report = read_back(&rss(&meta("https://cc-vercors.example/feed.rss"), &[]));
    assert_read_cleanly(&report, "rss20");
}

#[test]
fn the_rule_checker_catches_a_broken_atom_feed() {
    // The checker itself must fail on what it claims to check, or its silence proves nothing.
    let broken = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                  <title>x</title><entry><title>y</title><id>pas une IRI</id></entry></feed>";
    let violations = read_back(broken)["violations"].to_string();
    for expected in [
        "feed: 0 <id> elements",
        "feed: 0 <updated> elements",
        "feed: no link rel=self",
        "entry 1: <id> 'pas une IRI' is not an absolute IRI",
        "entry 1: 0 <updated> elements",
        "entry 1: no author, and the feed has none",
        "entry 1: neither <content> nor an alternate link",
    ] {
        assert!(
            violations.contains(expected),
            "{expected} missing from {violations}"
        );
    }
}
