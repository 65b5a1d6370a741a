//! Parse throughput: reads every feed document under a folder `ROUNDS` times
//! with comcom's reader (parse, charset, links, sanitize) and prints
//! `documents items seconds`. Used by bench/feeds-parse.sh.
//!
//!     cargo run --release -p comcom-syndication --example parse_corpus -- DIR ROUNDS

use std::path::{Path, PathBuf};
use std::time::Instant;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("DIR"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    let documents: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("a readable file"))
        .collect();
    let base = url::Url::parse("http://127.0.0.1:8097/tests/").expect("a valid URL");
    let started = Instant::now();
    let mut items = 0usize;
    for _ in 0..rounds {
        for bytes in &documents {
            if let Ok(feed) = comcom_syndication::read_feed(bytes, None, Some(&base)) {
                items += feed.items.len();
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{} {} {:.3}", documents.len() * rounds, items, seconds);
}
