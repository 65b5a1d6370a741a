//! Importing elected officials from the Répertoire national des élus, as an
//! administrator does it with `comcom import elus FILE [--dry-run]`, on the
//! synthetic Vercors files of `../shared/data/elus`.

use std::path::{Path, PathBuf};
use std::process::Command;

use comcom_core::{Function, InseeCode, Siren, catalogue};
use comcom_store::Store;
use comcom_store::people::{ImportOptions, ImportReport};
use sqlx::Row;

use crate::helpers::{TestDb, VERCORS, repo_root};

const MUNICIPAL: &str = "elus-municipaux-vercors.csv";
const COMMUNITY: &str = "elus-communautaires-vercors.csv";
const ERRORS: &str = "elus-municipaux-errors.csv";
const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

fn sample(name: &str) -> PathBuf {
    repo_root().join("../shared/data/elus").join(name)
}

fn sample_text(name: &str) -> String {
    std::fs::read_to_string(sample(name)).unwrap()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn comcom(db: &TestDb, lang: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", lang)
        .env_remove("COMCOM_PUBLIC_URL")
        .env_remove("COMCOM_LOG")
        .output()
        .expect("the comcom binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn import(db: &TestDb, file: &Path) -> Run {
    comcom(db, "fr", &["import", "elus", file.to_str().unwrap()])
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Runtime::new().unwrap().block_on(future)
}

async fn install(store: &Store, siren: &str) {
    let territory = catalogue::find(&Siren::parse(siren).unwrap()).unwrap();
    store.add_territory(territory).await.unwrap();
}

/// A fresh database serving the Vercors.
fn vercors() -> TestDb {
    let db = TestDb::blocking();
    block_on(async {
        let store = db.store().await;
        install(&store, VERCORS).await;
        store.close().await;
    });
    db
}

/// Every row of `table`, every value as text: what a database dump would show.
async fn dump(url: &str, table: &str) -> Vec<Vec<String>> {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY id"))
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| match row.try_get::<Option<String>, _>(i) {
                    Ok(text) => text.unwrap_or_else(|| "NULL".into()),
                    Err(_) => row
                        .try_get::<Option<i64>, _>(i)
                        .unwrap()
                        .map_or("NULL".into(), |n| n.to_string()),
                })
                .collect()
        })
        .collect()
}

/// People and mandates as stored.
fn snapshot(db: &TestDb) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    block_on(async {
        // Connecting the store first installs sqlx's drivers.
        let store = db.store().await;
        let people = dump(&db.url, "person").await;
        let mandates = dump(&db.url, "mandate").await;
        store.close().await;
        (people, mandates)
    })
}

fn current_mandates(mandates: &[Vec<String>]) -> usize {
    // Columns of `mandate`: …, start_date (10), end_date (11).
    mandates.iter().filter(|m| m[11] == "NULL").count()
}

/// The good municipal file without the lines that `drop` selects.
fn without_lines(dir: &Path, drop: impl Fn(&str) -> bool) -> PathBuf {
    let text: String = sample_text(MUNICIPAL)
        .split_inclusive('\n')
        .filter(|line| !drop(line))
        .collect();
    let path = dir.join("elus-municipaux-plus-recent.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn importing_both_vercors_files_gives_136_mandates_for_110_people() {
    let db = vercors();

    let municipal = import(&db, &sample(MUNICIPAL));
    let community = import(&db, &sample(COMMUNITY));

    assert_eq!(
        municipal.code, 0,
        "{}{}",
        municipal.stdout, municipal.stderr
    );
    assert!(
        municipal.stdout.contains(&format!(
            "Mandats{NBSP}: 110 créés, 0 mis à jour, 0 inchangé, 0 terminé."
        )),
        "{}",
        municipal.stdout
    );
    assert!(municipal.stdout.contains("conseillers municipaux"));
    assert!(
        municipal
            .stdout
            .contains(&format!("Lignes rejetées{NBSP}: 0."))
    );
    assert_eq!(
        community.code, 0,
        "{}{}",
        community.stdout, community.stderr
    );
    assert!(community.stdout.contains("conseillers communautaires"));
    assert!(
        community.stdout.contains("26 créés"),
        "{}",
        community.stdout
    );

    let (people, mandates) = snapshot(&db);
    assert_eq!(people.len(), 110);
    assert_eq!(mandates.len(), 136);

    block_on(async {
        let store = db.store().await;
        let territory = &store.territories().await.unwrap()[0];

        for commune in store.communes(territory.id).await.unwrap() {
            let council = store.municipal_council(commune.id).await.unwrap();
            let mayors = council
                .iter()
                .filter(|m| m.function == Function::Mayor)
                .count();
            assert_eq!(mayors, 1, "{}", commune.name);
            assert_eq!(council[0].function, Function::Mayor, "{}", commune.name);
        }
        let villard = store
            .commune(territory.id, &InseeCode::parse("38548").unwrap())
            .await
            .unwrap()
            .unwrap();
        let council = store.municipal_council(villard.id).await.unwrap();
        assert_eq!(council.len(), 27);
        let first: Vec<(&str, Option<i64>)> = council[..4]
            .iter()
            .map(|m| (m.display_name.as_str(), m.function_rank))
            .collect();
        assert_eq!(
            first,
            [
                ("Agnès BOUVIER", None),
                ("Alain REY", Some(1)),
                ("Agnès FAURE", Some(2)),
                ("Hugo MERCIER", Some(3))
            ]
        );

        let bureau = store.bureau(territory.id).await.unwrap();
        let bureau: Vec<(Function, Option<i64>, &str)> = bureau
            .iter()
            .map(|m| (m.function, m.function_rank, m.display_name.as_str()))
            .collect();
        assert_eq!(
            bureau,
            [
                (Function::President, None, "Agnès BOUVIER"),
                (Function::VicePresident, Some(1), "Nathalie ROCHE"),
                (Function::VicePresident, Some(2), "Emma BLANC"),
                (Function::VicePresident, Some(3), "Claire CHAPUIS"),
                (Function::VicePresident, Some(4), "Isabelle MOULIN"),
                (Function::VicePresident, Some(5), "Agnès CARRON"),
            ]
        );

        // The president is Villard-de-Lans's mayor: one person, both mandates.
        let president = store.bureau(territory.id).await.unwrap()[0].person_id;
        assert_eq!(president, council[0].person_id);
        let mandates = store.current_mandates_of_person(president).await.unwrap();
        let functions: Vec<Option<Function>> = mandates.iter().map(|m| m.function).collect();
        assert_eq!(
            functions,
            [Some(Function::Mayor), Some(Function::President)]
        );
        assert!(
            mandates
                .iter()
                .all(|m| m.commune_name.as_deref() == Some("Villard-de-Lans"))
        );
        let person = store.person(president).await.unwrap().unwrap();
        assert_eq!(
            (person.surname.as_str(), person.given_name.as_str()),
            ("BOUVIER", "Agnès")
        );
        assert_eq!(person.sex.as_deref(), Some("F"));
        assert_eq!(person.territory_id, Some(territory.id));
        store.close().await;
    });
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let db = vercors();
    assert_eq!(import(&db, &sample(MUNICIPAL)).code, 0);
    let before = snapshot(&db);

    let again = import(&db, &sample(MUNICIPAL));

    assert_eq!(again.code, 0);
    assert!(
        again.stdout.contains(&format!(
            "Mandats{NBSP}: 0 créé, 0 mis à jour, 110 inchangés, 0 terminé."
        )),
        "{}",
        again.stdout
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn the_errors_file_gives_one_reason_per_bad_line_and_changes_nothing_else() {
    let db = vercors();
    assert_eq!(import(&db, &sample(MUNICIPAL)).code, 0);
    let before = snapshot(&db);

    let run = import(&db, &sample(ERRORS));

    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = [
        "ligne 2 : aucune commune ne porte le code INSEE 38999 dans les données officielles embarquées",
        "ligne 3 : date de naissance impossible « 31/02/1970 »",
        "ligne 4 : nom de l’élu manquant",
        "ligne 6 : code sexe inconnu « X » (F ou M attendu)",
        "ligne 7 : ligne incomplète : 10 colonnes au lieu de 16",
    ];
    let reasons: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ligne "))
        .map(str::trim)
        .collect();
    let expected: Vec<String> = expected
        .iter()
        .map(|l| {
            l.replace(" :", &format!("{NBSP}:"))
                .replace("« ", &format!("«{NNBSP}"))
                .replace(" »", &format!("{NNBSP}»"))
        })
        .collect();
    assert_eq!(reasons, expected, "{}", run.stdout);
    assert!(run.stdout.contains(&format!("Lignes rejetées{NBSP}: 5.")));
    // Line 8 repeats line 5: folded into the same mandate, not rejected.
    assert!(run.stdout.contains("1 inchangé"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Une ligne répète une personne déjà lue")
    );
    // Villard-de-Lans's list is incomplete: nobody's mandate is ended for it.
    assert!(run.stdout.contains("0 terminé"));
    assert!(
        run.stdout.contains(&format!(
            "Villard-de-Lans{NBSP}: 26 mandats absents du fichier"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn the_errors_file_on_an_empty_instance_applies_its_good_line_once() {
    let db = vercors();

    let run = import(&db, &sample(ERRORS));

    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("1 créé"), "{}", run.stdout);
    let (people, mandates) = snapshot(&db);
    assert_eq!((people.len(), mandates.len()), (1, 1));
    assert_eq!(people[0][4], "Hugo MERCIER");
}

#[test]
fn a_newer_file_ends_the_mandates_of_people_no_longer_listed_after_a_dry_run_that_writes_nothing() {
    let db = vercors();
    assert_eq!(import(&db, &sample(MUNICIPAL)).code, 0);
    let before = snapshot(&db);
    let dir = tempfile::tempdir().unwrap();
    let newer = without_lines(dir.path(), |l| {
        l.contains(";MOULIN;Marie;") || l.contains(";CARRON;Agnès;")
    });

    let dry = comcom(
        &db,
        "fr",
        &["import", "elus", newer.to_str().unwrap(), "--dry-run"],
    );

    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    assert!(dry.stdout.contains("Simulation"));
    assert!(
        dry.stdout.contains(&format!(
            "Mandats{NBSP}: 0 créé, 0 mis à jour, 108 inchangés, 2 terminés."
        )),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("Mandats qui seraient terminés"));
    assert!(
        dry.stdout
            .contains("  Marie MOULIN — Villard-de-Lans (6e adjointe au maire)\n"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("  Agnès CARRON — Corrençon-en-Vercors (Maire)\n")
    );
    assert_eq!(snapshot(&db), before, "a dry run writes nothing");

    let real = import(&db, &newer);

    assert_eq!(real.code, 0);
    assert!(!real.stdout.contains("Simulation"));
    let counts = |stdout: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with("Mandats"))
            .map(str::to_owned)
    };
    assert_eq!(counts(&real.stdout), counts(&dry.stdout));
    assert!(
        real.stdout
            .contains("  Marie MOULIN — Villard-de-Lans (6e adjointe au maire)\n")
    );
    let (people, mandates) = snapshot(&db);
    assert_eq!(people.len(), 110, "people stay, their mandates end");
    assert_eq!(current_mandates(&mandates), 108);

    let again = import(&db, &newer);
    assert!(
        again.stdout.contains("108 inchangés, 0 terminé"),
        "{}",
        again.stdout
    );
}

#[tokio::test]
async fn a_dry_run_reports_exactly_what_the_real_run_then_does() {
    let db = TestDb::new().await;
    let store = db.store().await;
    install(&store, VERCORS).await;
    let run = |bytes: Vec<u8>, dry_run: bool| {
        let store = store.clone();
        async move {
            store
                .import_elus(&bytes, ImportOptions::today(dry_run))
                .await
                .unwrap()
                .unwrap()
        }
    };
    let municipal = std::fs::read(sample(MUNICIPAL)).unwrap();
    let community = std::fs::read(sample(COMMUNITY)).unwrap();
    let errors = std::fs::read(sample(ERRORS)).unwrap();
    let newer: Vec<u8> = sample_text(MUNICIPAL)
        .lines()
        .filter(|l| !l.contains(";Engins;") || l.contains(";Maire;"))
        .flat_map(|l| format!("{l}\n").into_bytes())
        .collect();

    for file in [municipal, community, errors, newer] {
        let dry: ImportReport = run(file.clone(), true).await;
        let real: ImportReport = run(file, false).await;
        assert!(dry.dry_run && !real.dry_run);
        assert_eq!(
            ImportReport {
                dry_run: false,
                ..dry
            },
            real
        );
    }
    let ended = run(
        sample_text(MUNICIPAL)
            .lines()
            .filter(|l| !l.contains(";Engins;") || l.contains(";Maire;"))
            .flat_map(|l| format!("{l}\n").into_bytes())
            .collect(),
        false,
    )
    .await;
    assert_eq!(ended.unchanged, 100);
    assert!(ended.ended.is_empty(), "already ended by the previous run");
    store.close().await;
}

#[test]
fn byte_order_mark_unix_line_ends_and_latin_1_read_as_the_original() {
    let db = vercors();
    assert_eq!(import(&db, &sample(MUNICIPAL)).code, 0);
    let before = snapshot(&db);
    let dir = tempfile::tempdir().unwrap();
    let original = sample_text(MUNICIPAL);

    let bom = dir.path().join("bom.csv");
    std::fs::write(&bom, format!("\u{feff}{}", original.replace("\r\n", "\n"))).unwrap();
    let latin1 = dir.path().join("latin1.csv");
    let encoded: Vec<u8> = original
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("the sample is Latin-1 text"))
        .collect();
    std::fs::write(&latin1, encoded).unwrap();

    for (file, encoding) in [(&bom, "encodage UTF-8"), (&latin1, "encodage Windows-1252")] {
        let run = import(&db, file);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(encoding), "{}", run.stdout);
        assert!(run.stdout.contains("110 inchangés"), "{}", run.stdout);
    }
    assert_eq!(snapshot(&db), before);
}

#[test]
fn insee_codes_that_lost_their_leading_zero_in_a_spreadsheet_find_their_commune() {
    let db = TestDb::blocking();
    let ain = catalogue::all()
        .find(|t| t.communes.iter().any(|c| c.insee_code.as_str() == "01065"))
        .expect("the catalogue knows the commune 01065");
    block_on(async {
        let store = db.store().await;
        install(&store, ain.siren.as_str()).await;
        store.close().await;
    });
    let dir = tempfile::tempdir().unwrap();
    let text: String = sample_text(MUNICIPAL)
        .lines()
        .take(12)
        .map(|l| l.replacen("38;Isère;;;38548;Villard-de-Lans", "1;Ain;;;1065;X", 1) + "\r\n")
        .collect();
    let file = dir.path().join("ain.csv");
    std::fs::write(&file, text).unwrap();

    let run = import(&db, &file);

    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("11 créés"), "{}", run.stdout);
    block_on(async {
        let store = db.store().await;
        let territory = &store.territories().await.unwrap()[0];
        let commune = store
            .commune(territory.id, &InseeCode::parse("01065").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(store.municipal_council(commune.id).await.unwrap().len(), 11);
        store.close().await;
    });
}

#[test]
fn files_that_cannot_be_read_exit_with_code_2_and_say_why() {
    let db = vercors();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let cases = [
        (write("vide.csv", b""), "il est vide"),
        (write("binaire.csv", &junk), "ce n’est pas un fichier texte"),
        (
            write(
                "autre.csv",
                "nom;courriel\nAgnès;agnes@example.org\n".as_bytes(),
            ),
            "ce n’est ni le fichier des conseillers municipaux ni celui des conseillers communautaires",
        ),
        (
            dir.path().join("absent.csv"),
            "impossible de lire le fichier",
        ),
    ];

    for (file, reason) in cases {
        let run = import(&db, &file);
        assert_eq!(
            run.code,
            2,
            "{}: {}{}",
            file.display(),
            run.stdout,
            run.stderr
        );
        assert!(run.stderr.contains(reason), "{}", run.stderr);
        assert!(
            run.stderr
                .contains(file.file_name().unwrap().to_str().unwrap())
        );
    }
    let (people, mandates) = snapshot(&db);
    assert_eq!((people.len(), mandates.len()), (0, 0));
}

#[test]
fn lines_of_an_epci_or_commune_not_installed_say_which_and_how_to_install_it() {
    let db = TestDb::blocking();

    let municipal = import(&db, &sample(MUNICIPAL));
    let community = import(&db, &sample(COMMUNITY));

    assert_eq!(municipal.code, 1);
    assert!(municipal.stdout.contains(&format!(
        "ligne 2{NBSP}: la commune 38548 (Villard-de-Lans) n’est pas installée sur cette instance"
    )));
    assert!(municipal.stdout.contains("comcom init --epci 243801024"));
    assert!(
        municipal
            .stdout
            .contains(&format!("Lignes rejetées{NBSP}: 110."))
    );
    assert!(community.stdout.contains(&format!(
        "ligne 2{NBSP}: l’EPCI 243801024 (CC du Massif du Vercors) n’est pas installé"
    )));
}

#[test]
fn messages_are_in_english_when_the_locale_says_so() {
    let db = vercors();

    let run = comcom(
        &db,
        "en",
        &["import", "elus", sample(ERRORS).to_str().unwrap()],
    );
    let unreadable = comcom(&db, "en", &["import", "elus", "/nonexistent/file.csv"]);

    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("Mandates: 1 created, 0 updated, 0 unchanged, 0 ended.")
    );
    assert!(
        run.stdout
            .contains("  line 3: impossible birth date “31/02/1970”"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  line 4: surname missing"));
    assert!(
        run.stdout
            .contains("  line 6: unknown sex code “X” (F or M expected)")
    );
    assert!(
        run.stdout
            .contains("  line 7: incomplete line: 10 columns instead of 16")
    );
    assert_eq!(unreadable.code, 2);
    assert!(
        unreadable
            .stderr
            .contains("cannot read the file “/nonexistent/file.csv”")
    );
}

#[test]
fn no_birth_date_profession_or_nationality_is_stored() {
    let db = vercors();
    assert_eq!(import(&db, &sample(MUNICIPAL)).code, 0);
    assert_eq!(import(&db, &sample(COMMUNITY)).code, 0);

    let mut forbidden: Vec<String> = Vec::new();
    for name in [MUNICIPAL, COMMUNITY] {
        for line in sample_text(name).lines().skip(1) {
            let fields: Vec<&str> = line.split(';').collect();
            let birth = fields[9];
            let (d, rest) = birth.split_once('/').unwrap();
            let (m, y) = rest.split_once('/').unwrap();
            forbidden.extend([
                birth.to_owned(),
                format!("{y}-{m}-{d}"),
                fields[11].to_owned(),
            ]);
        }
    }
    let (people, mandates) = snapshot(&db);
    for value in people.iter().chain(&mandates).flatten() {
        assert_ne!(value, "FR", "a nationality is stored");
        for bad in &forbidden {
            assert!(
                !value.contains(bad.as_str()),
                "{bad:?} is stored in {value:?}"
            );
        }
    }
    block_on(async {
        let store = db.store().await;
        let person = store.person(1).await.unwrap().unwrap();
        assert_eq!(person.display_name, "Agnès BOUVIER");
        store.close().await;
    });
}
