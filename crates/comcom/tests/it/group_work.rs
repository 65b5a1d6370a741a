//! Issue 5's "done means", end to end through the real server: in the demo
//! territory an agent of Engins and a vice-president of the interco work in
//! the same restricted group. They share a document with versions, discuss
//! it, convene a meeting that lands in their calendars with a working visio
//! link, and find it all again through search — while an agent of Lans, and
//! anyone signed out, reaches none of it by page, download, feed or search.

use chrono::NaiveDate;
use comcom_core::{Function, InseeCode, Role, SpaceKind, SpaceRole, Visibility};
use comcom_store::mandates::NewMandate;
use comcom_store::spaces::NewSpace;
use comcom_store::tokens::TokenScope;
use serde_json::Value;

use crate::helpers::{Browser, TestApp, repo_root};

const SECRET: &str = "group-work-jitsi-secret-0123456789abcdef";

fn jitsi() -> comcom_visio::Provider {
    comcom_visio::Provider::Jitsi {
        base_url: "https://visio.vercors.example".parse().unwrap(),
        app_id: "comcom-vercors".into(),
        audience: "jitsi".into(),
        secret: SECRET.into(),
    }
}

/// An account with one mandate; its person id.
async fn elected_or_staff(
    app: &TestApp,
    name: &str,
    email: &str,
    role: Role,
    function: Option<Function>,
    insee: Option<&str>,
) -> i64 {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let person = app
        .store
        .create_account(Some(t.id), name, email)
        .await
        .unwrap()
        .person_id;
    let commune_id = match insee {
        Some(code) => {
            let code = InseeCode::parse(code).unwrap();
            Some(app.store.commune(t.id, &code).await.unwrap().unwrap().id)
        }
        None => None,
    };
    app.store
        .add_mandate(&NewMandate {
            person_id: person,
            territory_id: t.id,
            commune_id,
            role,
            function,
            organisation: None,
            start: NaiveDate::from_ymd_opt(2026, 3, 22).unwrap(),
        })
        .await
        .unwrap();
    person
}

async fn signed_in(app: &TestApp, person: i64) -> Browser {
    let mut b = Browser::new(app);
    b.sign_in_as(app, person).await;
    b
}

/// A restricted working group with these members.
async fn restricted_space(app: &TestApp, name: &str, members: &[(i64, SpaceRole)]) -> String {
    let t = app.store.first_territory().await.unwrap().unwrap();
    let space = app
        .store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name,
            description: "",
        })
        .await
        .unwrap();
    for (person, role) in members {
        app.store
            .set_membership(space.id, *person, *role)
            .await
            .unwrap();
    }
    space.slug
}

/// Uploads through the page's own multipart form.
async fn upload(b: &mut Browser, page: &str, name: &str, bytes: Vec<u8>) {
    let html = b.get(page).await;
    let action = Browser::form_action(&html);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    b.post_multipart(&action, form).await;
    assert_eq!(b.last_status, 303, "{name} uploaded");
}

/// The titles on a search results page.
fn found(page: &str) -> Vec<String> {
    let Some(list) = page.split(r#"<ol class="search-results""#).nth(1) else {
        return Vec::new();
    };
    let list = list.split("</ol>").next().unwrap();
    list.split("<h3><a href=\"")
        .skip(1)
        .map(|item| {
            let after = &item[item.find("\">").unwrap() + 2..];
            after[..after.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

/// Runs the jobs that are due (text extraction, emails), as `serve` does.
async fn run_jobs(app: &TestApp) {
    let worker = app.worker("group-work");
    while worker.run_due().await > 0 {}
}

fn python_json(args: &[&str]) -> Value {
    let output = std::process::Command::new("python3")
        .args(args)
        .output()
        .expect("python3 runs (scripts/test-deps.sh installs its packages)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn api_search(app: &TestApp, token: &str, words: &str) -> Value {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/search?q={words}")))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

const DOCUMENT: &str = "schema-directeur-eaux.pdf";
const THREAD: &str = "Relecture du schéma directeur";
const MEETING: &str = "Réunion de relecture du schéma directeur";

#[tokio::test]
async fn an_engins_agent_and_a_vice_president_work_together_and_nobody_else_sees_it() {
    let app = TestApp::spawn_with_visio(jitsi()).await;
    let agent = elected_or_staff(
        &app,
        "Lucie Blanc",
        "lucie.blanc@engins.example",
        Role::CommuneStaff,
        None,
        Some("38153"),
    )
    .await;
    let vp = elected_or_staff(
        &app,
        "Marc Arnaud",
        "marc.arnaud@vercors.example",
        Role::CommunityCouncillor,
        Some(Function::VicePresident),
        None,
    )
    .await;
    let outsider = elected_or_staff(
        &app,
        "Inès Roux",
        "ines.roux@lans.example",
        Role::CommuneStaff,
        None,
        Some("38205"),
    )
    .await;
    let group = restricted_space(
        &app,
        "Groupe eau et assainissement",
        &[(vp, SpaceRole::Facilitator), (agent, SpaceRole::Member)],
    )
    .await;
    restricted_space(
        &app,
        "Lans – services",
        &[(outsider, SpaceRole::Facilitator)],
    )
    .await;
    let mut lucie = signed_in(&app, agent).await;
    let mut marc = signed_in(&app, vp).await;

    // "My spaces" on the dashboard.
    let dashboard = lucie.get("/espaces").await;
    assert_eq!(lucie.last_status, 200);
    assert!(dashboard.contains("Groupe eau et assainissement"));

    // A document with two versions.
    let top = format!("/espaces/{group}/documents");
    let first = comcom_files::pdf::tiny_pdf(&["Zonage des assainissements collectifs"]);
    upload(&mut lucie, &top, DOCUMENT, first.clone()).await;
    let listing = marc.get(&top).await;
    let marker = format!("\">{DOCUMENT}</a>");
    let end = listing.find(&marker).expect("the document is listed");
    let start = listing[..end].rfind("/documents/").unwrap() + "/documents/".len();
    let document: i64 = listing[start..end].parse().unwrap();
    let document_page = format!("{top}/{document}");
    let second = comcom_files::pdf::tiny_pdf(&[
        "Zonage des assainissements collectifs",
        "Version relue par le bureau",
    ]);
    upload(&mut marc, &document_page, DOCUMENT, second.clone()).await;
    let versions = app.store.document_versions(document).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [2, 1]
    );
    let history = lucie.get(&document_page).await;
    assert!(history.contains("Marc Arnaud") && history.contains("Lucie Blanc"));
    let download = |version: i64| format!("{document_page}/versions/{version}/telecharger");
    let cookie = format!("comcom_session={}", lucie.cookie("comcom_session").unwrap());
    for (version, bytes) in [(versions[1].id, &first), (versions[0].id, &second)] {
        let response = app
            .client
            .get(app.url(&download(version)))
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }

    // A discussion about it.
    marc.get(&format!("/espaces/{group}/discussions")).await;
    marc.post(
        &format!("/espaces/{group}/discussions"),
        &[
            ("title", THREAD),
            (
                "body",
                "La version 2 est en ligne, @lucie.blanc peux-tu relire ?",
            ),
        ],
    )
    .await;
    assert_eq!(marc.last_status, 303);
    let thread = marc.last_location.clone().unwrap();
    lucie.get(&thread).await;
    lucie
        .post(
            &format!("{thread}/repondre"),
            &[("body", "Relu : deux remarques sur le réseau séparatif.")],
        )
        .await;
    assert_eq!(lucie.last_status, 303);
    let page = marc.get(&thread).await;
    assert!(page.contains("deux remarques sur le réseau séparatif"));

    // A meeting, convened with a visio room.
    marc.get(&format!("/espaces/{group}/reunions/nouvelle"))
        .await;
    marc.post(
        &format!("/espaces/{group}/reunions/nouvelle"),
        &[
            ("title", MEETING),
            ("agenda", "1. Remarques sur le schéma\n2. Calendrier"),
            ("date", "2027-01-12"),
            ("start", "14:30"),
            ("end", "16:00"),
            (
                "place",
                "Siège de la communauté de communes, Lans-en-Vercors",
            ),
            ("visio", "1"),
            ("invite", "all"),
        ],
    )
    .await;
    assert_eq!(marc.last_status, 303);
    let meeting: i64 = marc
        .last_location
        .clone()
        .unwrap()
        .strip_prefix("/reunions/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // It lands in Lucie's calendar: an invitation (METHOD:REQUEST) that the
    // icalendar package reads, at 14:30 in Paris = 13:30 UTC in winter.
    let message = app
        .store
        .recent_outbox(100)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to == "lucie.blanc@engins.example" && m.subject.contains(MEETING))
        .expect("a convocation for Lucie");
    let (method, ics) = app
        .store
        .outbox_calendar(message.id)
        .await
        .unwrap()
        .expect("with an invitation");
    assert_eq!(method, "REQUEST");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invitation.ics");
    std::fs::write(&path, &ics).unwrap();
    let checker = repo_root().join("tests/check_calendar.py");
    let calendar = python_json(&[checker.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!(calendar["method"], "REQUEST");
    assert_eq!(calendar["events"][0]["summary"], MEETING);
    assert_eq!(
        calendar["events"][0]["dtstart_utc_vtimezone"],
        "2027-01-12T13:30:00Z"
    );

    // Her visio link works: a JWT for the meeting's room, checked by PyJWT.
    lucie.get(&format!("/reunions/{meeting}/visio")).await;
    assert_eq!(lucie.last_status, 303);
    let location = lucie.last_location.clone().unwrap();
    let room = app.store.meeting(meeting).await.unwrap().unwrap().room;
    assert!(location.starts_with(&format!("https://visio.vercors.example/{room}?jwt=")));
    let token = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "jwt")
        .unwrap()
        .1
        .into_owned();
    let visio = repo_root().join("tests/check_visio.py");
    let checked = python_json(&[visio.to_str().unwrap(), "jwt", &token, SECRET, "jitsi"]);
    assert_eq!(checked["claims"]["room"], room.as_str());
    assert_eq!(checked["claims"]["context"]["user"]["name"], "Lucie Blanc");

    // Everything is found again, accents and plurals aside.
    run_jobs(&app).await;
    let search = |words: &str| format!("/recherche?q={}", words.replace(' ', "+"));
    let page = lucie.get(&search("reunion relecture")).await;
    assert!(
        found(&page).contains(&MEETING.to_owned()),
        "{:?}",
        found(&page)
    );
    let page = lucie.get(&search("relecture")).await;
    assert!(
        found(&page).contains(&THREAD.to_owned()),
        "{:?}",
        found(&page)
    );
    let page = marc.get(&search("assainissement")).await;
    assert!(
        found(&page).contains(&DOCUMENT.to_owned()),
        "{:?}",
        found(&page)
    );
    let page = marc.get(&search("separatif")).await;
    assert!(
        found(&page).contains(&THREAD.to_owned()),
        "{:?}",
        found(&page)
    );
    let (_, token) = app
        .store
        .create_api_token(agent, "scenario", TokenScope::Read)
        .await
        .unwrap();
    let api = api_search(&app, &token, "assainissements").await;
    let titles: Vec<&str> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&DOCUMENT), "{api}");

    // Nobody outside the group reaches any of it.
    let mut ines = signed_in(&app, outsider).await;
    let mut anonymous = Browser::new(&app);
    let paths = [
        top.clone(),
        document_page.clone(),
        download(versions[0].id),
        download(versions[1].id),
        format!("/espaces/{group}/discussions"),
        thread.clone(),
        format!("/reunions/{meeting}"),
        format!("/reunions/{meeting}/visio"),
        format!("/espaces/{group}/agenda"),
        format!("/espaces/{group}/activite"),
    ];
    for browser in [&mut ines, &mut anonymous] {
        for path in &paths {
            let page = browser.get(path).await;
            assert!(
                [403, 404].contains(&browser.last_status)
                    || browser
                        .last_location
                        .as_deref()
                        .is_some_and(|l| l.contains("connexion")),
                "{path}: {}",
                browser.last_status
            );
            for secret in [MEETING, THREAD, DOCUMENT, "séparatif"] {
                assert!(!page.contains(secret), "{path} shows {secret}");
            }
        }
        for words in ["reunion relecture", "assainissement", "separatif", "schema"] {
            let page = browser.get(&search(words)).await;
            assert_eq!(browser.last_status, 200);
            assert!(found(&page).is_empty(), "{words}: {:?}", found(&page));
        }
    }
    let (_, ines_token) = app
        .store
        .create_api_token(outsider, "outsider", TokenScope::Read)
        .await
        .unwrap();
    for words in ["assainissements", "relecture", "reunion"] {
        let api = api_search(&app, &ines_token, words).await;
        assert_eq!(api["items"].as_array().unwrap().len(), 0, "{words}: {api}");
    }
}
