//! The `comcom` binary as an administrator uses it.

use std::process::{Command, Output};

use crate::helpers::{TestDb, VERCORS};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn comcom(db: &TestDb, lang: &str, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", lang)
        .env_remove("COMCOM_PUBLIC_URL")
        .output()
        .expect("the comcom binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn installed(db: &TestDb) -> Vec<String> {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = db.store().await;
        let sirens = store
            .territories()
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.siren.to_string())
            .collect();
        store.close().await;
        sirens
    })
}

#[test]
fn init_installs_an_epci_with_its_communes_then_refuses_to_install_it_twice() {
    let db = TestDb::blocking();

    let first = comcom(&db, "fr", &["init", "--epci", VERCORS]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout.trim(),
        "Territoire installé\u{a0}: CC du Massif du Vercors (SIREN 243801024), 6 communes."
    );

    let second = comcom(&db, "fr", &["init", "--epci", "243 801 024"]);
    assert_eq!(second.code, 0);
    assert!(second.stdout.contains("est déjà installé"));
    assert!(second.stdout.contains("rien n’a été modifié"));
    assert_eq!(installed(&db), vec![VERCORS]);
}

#[test]
fn init_loads_corsican_and_overseas_territories() {
    let db = TestDb::blocking();

    assert_eq!(comcom(&db, "fr", &["init", "--epci", "242010056"]).code, 0);
    assert_eq!(comcom(&db, "fr", &["init", "--epci", "249740085"]).code, 0);

    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = db.store().await;
        let territories = store.territories().await.unwrap();
        assert_eq!(territories[0].department, "2A");
        let ajaccio = comcom_core::InseeCode::parse("2A004").unwrap();
        assert_eq!(
            store
                .commune(territories[0].id, &ajaccio)
                .await
                .unwrap()
                .unwrap()
                .name,
            "Ajaccio"
        );
        assert_eq!(territories[1].time_zone, "Indian/Reunion");
        store.close().await;
    });
}

#[test]
fn a_mistyped_siren_is_refused_with_close_matches_and_nothing_is_written() {
    let db = TestDb::blocking();

    let run = comcom(&db, "fr", &["init", "--epci", "243801025"]);

    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("«\u{202F}243801025\u{202F}» n’est pas un SIREN valide"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Vouliez-vous dire"));
    assert!(run.stderr.contains("243801024  CC du Massif du Vercors"));
    assert!(installed(&db).is_empty());
}

#[test]
fn malformed_and_unknown_sirens_each_get_their_own_reason() {
    let db = TestDb::blocking();
    let cases = [
        ("24380102", "un SIREN compte neuf chiffres"),
        ("vercors", "un SIREN ne contient que des chiffres"),
        ("", "aucun SIREN indiqué"),
        // A valid check digit, but nobody has this SIREN.
        ("100000009", "aucun EPCI ne porte le SIREN 100000009"),
    ];
    for (input, reason) in cases {
        let run = comcom(&db, "fr", &["init", "--epci", input]);
        assert_eq!(run.code, 1, "{input}");
        assert!(run.stderr.contains(reason), "{input}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"));
    }
    let words = comcom(&db, "fr", &["init", "--epci", "vercors"]);
    assert!(
        words.stderr.contains("243801024"),
        "a name suggests the EPCI: {}",
        words.stderr
    );
    assert!(installed(&db).is_empty());
}

#[test]
fn messages_are_in_english_when_the_locale_says_so() {
    let db = TestDb::blocking();
    let run = comcom(&db, "en_GB.UTF-8", &["init", "--epci", "243801025"]);
    assert!(
        run.stderr
            .contains("Error: “243801025” is not a valid SIREN"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Did you mean:"));
    let help = comcom(&db, "en", &["--help"]);
    assert!(help.stdout.contains("the governance platform"));
}

#[test]
fn search_ignores_case_and_accents_and_finds_through_communes() {
    let db = TestDb::blocking();
    for query in [
        &["vercors"][..],
        &["VERCORS"],
        &["Vercors"],
        &["massif", "du", "VERCORS"],
    ] {
        let mut args = vec!["territories", "search"];
        args.extend_from_slice(query);
        let run = comcom(&db, "fr", &args);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout
                .contains("243801024  CC du Massif du Vercors — 6 communes"),
            "{query:?}"
        );
    }
    let run = comcom(&db, "fr", &["territories", "search", "correncon"]);
    assert!(run.stdout.contains("243801024  CC du Massif du Vercors"));
    assert!(run.stdout.contains("(par Corrençon-en-Vercors)"));
}

#[test]
fn a_search_without_result_says_so_and_exits_1() {
    let db = TestDb::blocking();
    let run = comcom(&db, "fr", &["territories", "search", "zzyzx"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("Aucun territoire trouvé"));
    let empty = comcom(&db, "fr", &["territories", "search", "--", "-"]);
    assert_eq!(empty.code, 1);
    assert!(empty.stderr.contains("indiquez au moins un mot"));
}

#[test]
fn bad_flags_and_settings_get_a_french_message_and_a_nonzero_exit() {
    let db = TestDb::blocking();

    let unknown = comcom(&db, "fr", &["init", "--epic", VERCORS]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("l’option «\u{202F}--epic\u{202F}» n’existe pas"),
        "{}",
        unknown.stderr
    );

    let missing = comcom(&db, "fr", &["init"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("il manque un argument obligatoire"),
        "{}",
        missing.stderr
    );

    let bind = comcom(&db, "fr", &["serve", "--bind", "nowhere"]);
    assert_eq!(bind.code, 1);
    assert!(
        bind.stderr
            .contains("n’est pas une adresse d’écoute valide")
    );

    let output = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["territories", "list"])
        .env("COMCOM_DATABASE_URL", "mysql://root@localhost/x")
        .env("COMCOM_LANG", "fr")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("n’est pas reconnue"));
}

#[test]
fn territories_list_shows_the_installed_territories() {
    let db = TestDb::blocking();
    let before = comcom(&db, "fr", &["territories", "list"]);
    assert!(
        before
            .stdout
            .contains("Aucun territoire n’est encore installé.")
    );
    comcom(&db, "fr", &["init", "--epci", VERCORS]);
    let after = comcom(&db, "fr", &["territories", "list"]);
    assert!(after.stdout.contains("243801024  CC du Massif du Vercors"));
}

#[tokio::test]
async fn serve_installs_the_demo_territory_in_an_empty_database_and_stops_cleanly() {
    use tokio::io::{AsyncBufReadExt, BufReader};

    let db = TestDb::new().await;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_LANG", "fr")
        .env("COMCOM_LOG", "warn")
        .env_remove("COMCOM_PUBLIC_URL")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();

    let mut address = None;
    let mut demo = false;
    let mut admin_link = None;
    while let Some(line) =
        tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
            .await
            .expect("serve prints its address within 30 s")
            .unwrap()
    {
        demo |=
            line.contains("installation du territoire de démonstration CC du Massif du Vercors");
        if line.starts_with("Premier administrateur") {
            admin_link = line.split_whitespace().last().map(str::to_owned);
        }
        if let Some(url) = line.strip_prefix("comcom est en ligne\u{a0}: ") {
            address = Some(url.to_owned());
            break;
        }
    }
    let address = address.expect("the address is printed");
    assert!(demo);

    let body = reqwest::get(format!("{address}/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("<h1>CC du Massif du Vercors</h1>"));
    let admin_link = admin_link.expect("a new instance prints the first administrator's link");
    assert!(admin_link.starts_with(&format!("{address}/connexion/jeton/")));
    let confirm = reqwest::get(&admin_link)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(confirm.contains("Confirmer la connexion"));
    assert_eq!(
        reqwest::get(format!("{address}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );

    let pid = child.id().unwrap().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
        .await
        .expect("serve stops on SIGTERM")
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_communes_siren_points_to_its_epci() {
    let db = TestDb::blocking();
    let run = comcom(&db, "fr", &["init", "--epci", "213801533"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "213801533 est le SIREN de la commune Engins, membre de la CC du Massif du Vercors"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("243801024  CC du Massif du Vercors"));
}

#[test]
fn the_demo_territory_can_be_removed_once_confirmed() {
    let db = TestDb::blocking();
    comcom(&db, "fr", &["init", "--epci", VERCORS]);
    comcom(&db, "fr", &["init", "--epci", "242010056"]);

    let asked = comcom(&db, "fr", &["territories", "remove", VERCORS]);
    assert_eq!(asked.code, 1);
    assert!(asked.stdout.contains("Relancez avec --yes pour confirmer."));
    assert_eq!(installed(&db).len(), 2);

    let done = comcom(&db, "fr", &["territories", "remove", VERCORS, "--yes"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.stdout.contains("6 communes et 0 personnes effacées"));
    assert_eq!(installed(&db), vec!["242010056"]);
    let again = comcom(&db, "fr", &["territories", "remove", VERCORS, "--yes"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("aucun territoire installé ne porte le SIREN 243801024")
    );
}

#[test]
fn help_is_in_french_and_a_bare_command_shows_it() {
    let db = TestDb::blocking();
    let bare = comcom(&db, "fr", &[]);
    assert_eq!(bare.code, 2);
    assert!(
        bare.stderr.contains("Utilisation\u{a0}: comcom <COMMANDE>"),
        "{}",
        bare.stderr
    );
    assert!(bare.stderr.contains("Commandes\u{a0}:"));
    let help = comcom(&db, "fr", &["init", "--help"]);
    assert!(help.stdout.contains("Affiche cette aide."));
    assert!(!help.stdout.contains("Print help"));
    let missing = comcom(&db, "fr", &["serve", "--bind"]);
    assert!(
        missing.stderr.contains("il manque la valeur de --bind"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_long_search_says_how_many_matched_and_output_cut_short_is_not_a_crash() {
    let db = TestDb::blocking();
    let run = comcom(&db, "fr", &["territories", "search", "saint"]);
    assert!(run.stdout.contains("Les 20 premiers sont affichés"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["territories", "search", "saint"])
        .env("COMCOM_LANG", "fr")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn init_opens_the_chosen_communes_spaces_and_refuses_a_commune_of_another_territory() {
    let db = TestDb::blocking();
    let wrong = comcom(
        &db,
        "fr",
        &["init", "--epci", VERCORS, "--commune-spaces", "38433,2A004"],
    );
    assert_eq!(wrong.code, 1);
    assert!(wrong.stderr.contains("«\u{202F}2A004\u{202F}» n’est pas le code INSEE d’une commune de CC du Massif du Vercors"), "{}", wrong.stderr);
    assert!(installed(&db).is_empty());

    let run = comcom(
        &db,
        "fr",
        &["init", "--epci", VERCORS, "--commune-spaces", "38433,38548"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Espaces ouverts\u{a0}: Saint-Nizier-du-Moucherotte, Villard-de-Lans."),
        "{}",
        run.stdout
    );
    let again = comcom(
        &db,
        "fr",
        &["init", "--epci", VERCORS, "--commune-spaces", "all"],
    );
    assert!(
        again.stdout.contains("Espaces ouverts\u{a0}: ") && again.stdout.contains("Autrans"),
        "{}",
        again.stdout
    );
    assert!(!again.stdout.contains("rien n’a été modifié"));
    let none = comcom(
        &db,
        "fr",
        &["init", "--epci", VERCORS, "--commune-spaces", "all"],
    );
    assert!(
        none.stdout
            .contains("Les espaces demandés étaient déjà ouverts.")
    );
}
