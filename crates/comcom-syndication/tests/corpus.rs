//! The shared feed corpus (`../shared/cases/feeds/`, feedparser's test
//! documents, read where they are, never copied): every `sanitize/` case
//! yields HTML without executable content; in `atom10/`, `rss/`, `rdf/` and
//! `base/`, every case whose `Expect:` line names an entry's title, link, id
//! or date yields that value; `illformed/` never panics. Prints a table of
//! passes per folder (recorded in docs/syndication.md).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use comcom_syndication::{Item, html_to_text, is_allowed_embed, read_feed};
use url::Url;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/feeds");
    let dir = std::env::var_os("COMCOM_FEED_CORPUS").map_or(dir, PathBuf::from);
    dir.is_dir().then_some(dir)
}

/// The corpus must be there: a missing corpus is a failure, not a skip.
fn corpus_dir() -> PathBuf {
    corpus()
        .expect("the shared feed corpus is at ../shared/cases/feeds (or set COMCOM_FEED_CORPUS)")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml" || e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A case: its document, its `Expect:` line, the headers it was served with.
struct Case {
    path: PathBuf,
    bytes: Vec<u8>,
    expect: String,
    content_type: Option<String>,
    base: Url,
}

fn case(root: &Path, path: &Path) -> Case {
    let bytes = std::fs::read(path).unwrap();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.trim().strip_prefix("Header:"))
            .filter_map(|h| h.trim().split_once(':'))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    let expect = head
        .lines()
        .find_map(|l| l.trim().strip_prefix("Expect:"))
        .unwrap_or("")
        .trim()
        .to_owned();
    // feedparser's harness serves the files at this address.
    let relative = path
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let doc = Url::parse(&format!("http://127.0.0.1:8097/tests/{relative}")).unwrap();
    let base = header("Content-Location")
        .and_then(|l| doc.join(&l).ok())
        .unwrap_or(doc);
    Case {
        path: path.to_path_buf(),
        bytes,
        expect,
        content_type: header("Content-Type"),
        base,
    }
}

/// One `entries[N]['field'] == value` claim of an `Expect:` line.
#[derive(Debug)]
struct Claim {
    entry: usize,
    field: String,
    value: Value,
}

#[derive(Debug)]
enum Value {
    Text(String),
    Time([u32; 6]),
}

const FIELDS: &[&str] = &[
    "title",
    "link",
    "id",
    "guid",
    "published",
    "updated",
    "created",
    "issued",
    "modified",
    "date",
    "published_parsed",
    "updated_parsed",
    "created_parsed",
    "issued_parsed",
    "modified_parsed",
    "date_parsed",
];

/// The claims about entries' titles, links, ids and dates; chains such as
/// `entries[0]['link'] == entries[1]['link'] == 'x'` give one claim each.
fn claims(expect: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    for clause in expect.split(" and ") {
        let parts: Vec<&str> = clause.split("==").map(str::trim).collect();
        if parts.len() < 2 {
            continue;
        }
        let Some(value) = parts.last().and_then(|v| literal(v)) else {
            continue;
        };
        for part in &parts[..parts.len() - 1] {
            let part = part.trim_start_matches("not ").trim();
            let Some(rest) = part.strip_prefix("entries[") else {
                continue;
            };
            let Some((index, rest)) = rest.split_once(']') else {
                continue;
            };
            let field = rest.trim_start_matches("['").trim_start_matches("[\"");
            let field = field.trim_end_matches("']").trim_end_matches("\"]");
            if FIELDS.contains(&field)
                && let Ok(entry) = index.parse()
            {
                let value = match &value {
                    Value::Text(t) => Value::Text(t.clone()),
                    Value::Time(t) => Value::Time(*t),
                };
                out.push(Claim {
                    entry,
                    field: field.to_owned(),
                    value,
                });
            }
        }
    }
    out
}

/// A Python string literal (`'…'`, `u'…'`, `"…"`) or a time tuple.
fn literal(text: &str) -> Option<Value> {
    let text = text.trim();
    if let Some(tuple) = text.strip_prefix('(') {
        let numbers: Vec<u32> = tuple
            .trim_end_matches(')')
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        return (numbers.len() >= 6).then(|| {
            Value::Time([
                numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5],
            ])
        });
    }
    let text = text.strip_prefix('u').unwrap_or(text);
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    Some(Value::Text(
        inner
            .replace("\\'", "'")
            .replace("\\\"", "\"")
            .replace("\\n", "\n")
            .replace("\\\\", "\\"),
    ))
}

fn time_of(item: &Item, field: &str) -> Option<DateTime<Utc>> {
    match field.trim_end_matches("_parsed") {
        "updated" | "modified" | "date" => item.updated.or(item.published),
        _ => item.published.or(item.updated),
    }
}

fn holds(items: &[Item], claim: &Claim) -> Result<(), String> {
    let item = items
        .get(claim.entry)
        .ok_or_else(|| format!("no entry {}", claim.entry))?;
    let field = claim.field.as_str();
    match (&claim.value, field) {
        (Value::Text(want), "title") => {
            // comcom keeps titles as plain text: compare with the text of
            // feedparser's value, which may carry markup.
            let ok = item.title == *want || item.title == html_to_text(want);
            ok.then_some(())
                .ok_or_else(|| format!("title {:?}, want {want:?}", item.title))
        }
        (Value::Text(want), "link") => (item.link.as_deref() == Some(want.as_str()))
            .then_some(())
            .ok_or_else(|| format!("link {:?}, want {want:?}", item.link)),
        (Value::Text(want), "id" | "guid") => (item.id == *want)
            .then_some(())
            .ok_or_else(|| format!("id {:?}, want {want:?}", item.id)),
        (Value::Text(want), _) => {
            let want_time = DateTime::parse_from_rfc3339(want)
                .map_err(|_| format!("unreadable expected date {want}"))?
                .with_timezone(&Utc);
            (time_of(item, field) == Some(want_time))
                .then_some(())
                .ok_or_else(|| format!("{field} {:?}, want {want}", time_of(item, field)))
        }
        (Value::Time(want), _) => {
            let got = time_of(item, field).map(|t| {
                [
                    t.year() as u32,
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second(),
                ]
            });
            (got == Some(*want))
                .then_some(())
                .ok_or_else(|| format!("{field} {got:?}, want {want:?}"))
        }
    }
}

/// Where the output of the sanitizer still holds something that runs: the
/// tags of the output are read again, quotes respected, and checked one by one.
fn executable_content(html: &str) -> Option<String> {
    const FORBIDDEN: &[&str] = &[
        "script", "style", "object", "embed", "applet", "form", "input", "button", "textarea",
        "select", "meta", "link", "base", "frame", "frameset", "svg", "math", "param", "template",
        "noscript", "xml", "import",
    ];
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|p| p + i) {
        // Read up to the closing '>' outside quotes.
        let mut j = start + 1;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let tag = &html[start + 1..j.min(html.len())];
        i = (j + 1).min(html.len());
        if tag.starts_with('/') || tag.starts_with('!') {
            if tag.starts_with("!--") {
                return Some("a comment".into());
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_ascii_lowercase();
        if FORBIDDEN.contains(&name.as_str()) {
            return Some(format!("a <{name}> element"));
        }
        for (attribute, value) in attributes(&tag[name.len().min(tag.len())..]) {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                return Some(format!("an event handler {attribute}"));
            }
            if attribute == "style" {
                return Some("a style attribute".into());
            }
            let squeezed: String = decode(&value)
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "livescript:", "mocha:"] {
                if squeezed.contains(scheme) {
                    return Some(format!("a {scheme} URL in {attribute}"));
                }
            }
            let data_image = name == "img"
                && attribute == "src"
                && [
                    "data:image/png",
                    "data:image/jpeg",
                    "data:image/gif",
                    "data:image/webp",
                ]
                .iter()
                .any(|p| squeezed.starts_with(p));
            if squeezed.starts_with("data:") && !data_image {
                return Some(format!("a data: URL in {attribute}"));
            }
            if name == "iframe" && attribute == "src" && !is_allowed_embed(&decode(&value)) {
                return Some(format!("an iframe from {value}"));
            }
        }
    }
    None
}

fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                value = after[1..end].to_owned();
                rest = after.get(end + 1..).unwrap_or("");
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..end].to_owned();
                rest = &after[end..];
            }
        } else if name.is_empty() {
            rest = rest.get(1..).unwrap_or("");
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start();
    }
    out
}

fn decode(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn the_checker_finds_what_runs() {
    assert!(executable_content("<p>fine <a href=\"https://x.example/\">x</a></p>").is_none());
    assert!(executable_content("<p>javascript: in text is fine</p>").is_none());
    assert!(executable_content("<img src=\"data:image/png;base64,AA\">").is_none());
    assert!(executable_content("<a href=\"java&#x0A;script:x\">").is_none()); // not decoded further: ammonia never writes this
    for bad in [
        "<script>x</script>",
        "<p onclick=\"x\">",
        "<a href=\" javascript:x\">",
        "<a href=\"data:text/html,x\">",
        "<span style=\"x\">",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<img alt=\"a>b\" onerror=\"x\">",
    ] {
        assert!(executable_content(bad).is_some(), "{bad}");
    }
}

#[derive(Default)]
struct Tally {
    cases: usize,
    passed: usize,
    failures: Vec<String>,
}

fn read(
    case: &Case,
) -> std::thread::Result<Result<comcom_syndication::Feed, comcom_syndication::ReadError>> {
    std::panic::catch_unwind(|| {
        read_feed(&case.bytes, case.content_type.as_deref(), Some(&case.base))
    })
}

#[test]
fn the_shared_feed_corpus() {
    let root = corpus_dir();
    let mut table = Vec::new();

    // Values named by Expect: lines.
    for folder in ["atom10", "rss", "rdf", "base"] {
        let mut tally = Tally::default();
        let all = files(&root.join(folder));
        for path in &all {
            let case = case(&root, path);
            let claims = claims(&case.expect);
            if claims.is_empty() {
                continue;
            }
            tally.cases += 1;
            let outcome = match read(&case) {
                Err(_) => Err("the parser panicked".to_owned()),
                Ok(Err(e)) => Err(format!("unreadable: {e}")),
                Ok(Ok(feed)) => claims.iter().try_for_each(|c| holds(&feed.items, c)),
            };
            match outcome {
                Ok(()) => tally.passed += 1,
                Err(why) => tally.failures.push(format!(
                    "{}: {why}",
                    case.path.file_name().unwrap().to_string_lossy()
                )),
            }
        }
        table.push((folder, all.len(), tally));
    }

    // Sanitizing: nothing executable in any stored HTML.
    let mut sanitize = Tally::default();
    let mut sanitize_items = 0;
    let sanitize_files = files(&root.join("sanitize"));
    for path in &sanitize_files {
        let case = case(&root, path);
        sanitize.cases += 1;
        match read(&case) {
            Err(_) => sanitize
                .failures
                .push(format!("{}: the parser panicked", path.display())),
            Ok(Err(_)) => sanitize.passed += 1,
            Ok(Ok(feed)) => {
                let found = feed
                    .items
                    .iter()
                    .find_map(|item| executable_content(&item.content_html));
                sanitize_items += feed.items.len();
                match found {
                    None => sanitize.passed += 1,
                    Some(what) => sanitize.failures.push(format!(
                        "{}: {what}",
                        path.file_name().unwrap().to_string_lossy()
                    )),
                }
            }
        }
    }

    // Ill-formed documents: an answer, never a panic.
    let mut illformed = Tally::default();
    let illformed_files = files(&root.join("illformed"));
    for path in &illformed_files {
        let case = case(&root, path);
        illformed.cases += 1;
        match read(&case) {
            Err(_) => illformed
                .failures
                .push(format!("{}: the parser panicked", path.display())),
            Ok(_) => illformed.passed += 1,
        }
    }

    println!("\n| folder | files | cases checked | passed |");
    println!("| --- | ---: | ---: | ---: |");
    for (folder, files, tally) in &table {
        println!(
            "| `{folder}/` (title, link, id, date named by `Expect:`) | {files} | {} | {} |",
            tally.cases, tally.passed
        );
    }
    println!(
        "| `sanitize/` (no executable content; {sanitize_items} items) | {} | {} | {} |",
        sanitize_files.len(),
        sanitize.cases,
        sanitize.passed
    );
    println!(
        "| `illformed/` (no crash) | {} | {} | {} |",
        illformed_files.len(),
        illformed.cases,
        illformed.passed
    );
    let mut failures = Vec::new();
    for (folder, _, tally) in &table {
        for f in &tally.failures {
            failures.push(format!("{folder}/{f}"));
        }
    }
    for f in &sanitize.failures {
        failures.push(format!("sanitize/{f}"));
    }
    for f in &illformed.failures {
        failures.push(format!("illformed/{f}"));
    }
    for f in &failures {
        println!("  not yet: {f}");
    }
    // Safety is not negotiable; a few extraction cases are known differences
    // from feedparser (listed in docs/syndication.md).
    assert!(
        sanitize.failures.is_empty() && illformed.failures.is_empty(),
        "{failures:#?}"
    );
    let extraction_failures: usize = table.iter().map(|(_, _, t)| t.failures.len()).sum();
    assert!(
        extraction_failures <= KNOWN_EXTRACTION_DIFFERENCES,
        "{failures:#?}"
    );
}

/// Cases where comcom reads a value differently from feedparser, each
/// explained in docs/syndication.md; the test fails if more appear.
const KNOWN_EXTRACTION_DIFFERENCES: usize = 3;
