//! Full-text search: French stemming and accents, only what the searcher may
//! see (by the page and by the API), escaped snippets with highlights,
//! filters and pages, the index following articles, and `comcom search reindex`.

use std::process::Command;

use chrono::{Duration, Utc};
use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::Store;
use comcom_store::articles::{ArticleDraft, ArticleStatus, ImageChange};
use comcom_store::spaces::{NewSpace, SpaceRecord};
use comcom_store::tokens::TokenScope;
use serde_json::Value;

use crate::helpers::{Browser, TestApp, TestDb};

async fn territory(store: &Store) -> i64 {
    store.first_territory().await.unwrap().unwrap().id
}

async fn space(
    app: &TestApp,
    name: &str,
    visibility: Visibility,
    commune: Option<i64>,
) -> SpaceRecord {
    let t = territory(&app.store).await;
    app.store
        .create_space(&NewSpace {
            territory_id: t,
            commune_id: commune,
            kind: if commune.is_some() {
                SpaceKind::Commune
            } else {
                SpaceKind::Commission
            },
            visibility,
            name,
            description: "",
        })
        .await
        .unwrap()
}

async fn publish(app: &TestApp, space: &SpaceRecord, title: &str, body: &str) -> i64 {
    write(app, space, title, body, ArticleStatus::Published, None).await
}

async fn write(
    app: &TestApp,
    space: &SpaceRecord,
    title: &str,
    body: &str,
    status: ArticleStatus,
    publish_at: Option<chrono::DateTime<Utc>>,
) -> i64 {
    app.store
        .create_article(
            space.territory_id,
            space.id,
            None,
            &ArticleDraft {
                title,
                body,
                status,
                publish_at,
                communes: &[],
            },
            None,
        )
        .await
        .unwrap()
}

/// A person with an account, signed in in a browser of their own, with a
/// read token for the API.
async fn person(app: &TestApp, email: &str) -> (i64, Browser, String) {
    let t = territory(&app.store).await;
    let account = app
        .store
        .create_account(Some(t), email, email)
        .await
        .unwrap();
    let mut browser = Browser::new(app);
    browser.sign_in_as(app, account.person_id).await;
    let (_, token) = app
        .store
        .create_api_token(account.person_id, "tests", TokenScope::Read)
        .await
        .unwrap();
    (account.person_id, browser, token)
}

fn query(words: &str) -> String {
    url::form_urlencoded::byte_serialize(words.as_bytes()).collect()
}

/// The titles of a results page, in order.
fn titles(page: &str) -> Vec<String> {
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

/// The titles the API returns.
async fn api_titles(app: &TestApp, token: Option<&str>, params: &str) -> (u16, Vec<String>, Value) {
    let mut request = app.client.get(app.url(&format!("/api/v1/search?{params}")));
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let titles = body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["title"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (status, titles, body)
}

#[tokio::test]
async fn accents_case_plurals_and_word_starts_do_not_matter() {
    let app = TestApp::spawn().await;
    let public = space(&app, "Commission eau", Visibility::Public, None).await;
    publish(
        &app,
        &public,
        "Réunion du conseil communautaire",
        "Le conseil se réunit jeudi à Villard-de-Lans.",
    )
    .await;
    publish(
        &app,
        &public,
        "Travaux de voirie",
        "Les **assainissements** collectifs de Méaudre et d’Autrans seront rénovés.",
    )
    .await;
    publish(&app, &public, "Fête du bleu", "Rien à voir.").await;

    for (words, expected) in [
        ("reunion", vec!["Réunion du conseil communautaire"]),
        ("RÉUNIONS", vec!["Réunion du conseil communautaire"]),
        ("assainissement", vec!["Travaux de voirie"]),
        ("Assainissements collectif", vec!["Travaux de voirie"]),
        ("assaini", vec!["Travaux de voirie"]),
        ("meaudre autrans", vec!["Travaux de voirie"]),
        ("reunion voirie", vec![]),
        ("conseil", vec!["Réunion du conseil communautaire"]),
    ] {
        let (status, page) = app.page(&format!("/recherche?q={}", query(words))).await;
        assert_eq!(status, 200, "{words}");
        assert_eq!(titles(&page), expected, "{words}");
        let (status, found, _) = api_titles(&app, None, &format!("q={}", query(words))).await;
        assert_eq!(status, 200);
        assert_eq!(found, expected, "API {words}");
    }

    // Highlights mark the words as written in the text.
    let (_, page) = app.page("/recherche?q=assainissement").await;
    assert!(page.contains("<mark>assainissements</mark>"), "{page}");
    let (_, _, body) = api_titles(&app, None, "q=reunion").await;
    let item = &body["items"][0];
    assert_eq!(item["kind"], "article");
    assert_eq!(item["space"]["slug"], public.slug.as_str());
    assert!(
        item["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/espaces/{}/actualites/", public.slug))
    );
    // "réunit" is the verb: the snippet highlights only the noun's forms
    // the stemmer equates, and never loses the text around them.
    let snippet: String = item["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(snippet, "Le conseil se réunit jeudi à Villard-de-Lans.");

    // Stop words alone search nothing, with a message.
    let (status, page) = app.page("/recherche?q=de+la").await;
    assert_eq!(status, 200);
    assert!(page.contains("trop courants"), "{page}");
}

#[tokio::test]
async fn titles_rank_first_then_the_newest_and_pages_follow() {
    let app = TestApp::spawn().await;
    let public = space(&app, "Actualités du territoire", Visibility::Public, None).await;
    let old = Utc::now() - Duration::days(10);
    write(
        &app,
        &public,
        "Budget voté",
        "Le budget de la déchetterie est adopté.",
        ArticleStatus::Published,
        Some(old),
    )
    .await;
    publish(&app, &public, "Horaires", "La déchetterie ferme à 17 h.").await;
    write(
        &app,
        &public,
        "La déchetterie rouvre",
        "Après travaux.",
        ArticleStatus::Published,
        Some(old),
    )
    .await;
    let (_, page) = app.page("/recherche?q=dechetterie").await;
    assert_eq!(
        titles(&page),
        vec!["La déchetterie rouvre", "Horaires", "Budget voté"]
    );

    for n in 0..25 {
        publish(
            &app,
            &public,
            &format!("Marché n° {n}"),
            "Le marché du samedi.",
        )
        .await;
    }
    let (_, first) = app.page("/recherche?q=marche").await;
    assert_eq!(titles(&first).len(), 20);
    assert!(first.contains(r#"href="/recherche?q=marche&#38;page=2" rel="next""#));
    let (_, second) = app.page("/recherche?q=marche&page=2").await;
    assert_eq!(titles(&second).len(), 5);
    assert!(second.contains("rel=\"prev\""));
    assert!(!second.contains("rel=\"next\""));

    // Filters: by kind and by space.
    let (_, none) = app.page("/recherche?q=marche&type=meeting").await;
    assert!(titles(&none).is_empty());
    let (_, by_space) = app
        .page(&format!("/recherche?q=horaires&espace={}", public.slug))
        .await;
    assert_eq!(titles(&by_space), vec!["Horaires"]);

    // Wrong filters get a message, not a failure.
    for (params, message) in [
        ("q=marche&type=poeme", "Ce type de contenu n’existe pas"),
        ("q=marche&espace=inconnu", "Cet espace n’existe pas"),
        ("q=marche&page=0", "Le numéro de page"),
        ("q=marche&page=abc", "Le numéro de page"),
    ] {
        let (status, page) = app.page(&format!("/recherche?{params}")).await;
        assert_eq!(status, 422, "{params}");
        assert!(page.contains(message), "{params}");
        let (status, _, body) = api_titles(&app, None, &params.replace("espace", "space")).await;
        assert_eq!(status, 422, "API {params}");
        assert_eq!(body["code"], "invalid_fields");
    }
    let long = "a".repeat(201);
    let (status, page) = app.page(&format!("/recherche?q={long}")).await;
    assert_eq!(status, 422);
    assert!(page.contains("200 caractères"));
}

#[tokio::test]
async fn a_member_of_one_communes_restricted_space_never_finds_anothers_content() {
    let app = TestApp::spawn().await;
    let t = territory(&app.store).await;
    let communes = app.store.communes(t).await.unwrap();
    let (engins, lans) = (&communes[0], &communes[1]);
    let engins_space = space(
        &app,
        "Conseil d’Engins",
        Visibility::Restricted,
        Some(engins.id),
    )
    .await;
    let lans_space = space(
        &app,
        "Conseil de Lans",
        Visibility::Restricted,
        Some(lans.id),
    )
    .await;
    let public = space(&app, "Portail", Visibility::Public, None).await;
    let territory_space = space(&app, "Extranet", Visibility::Territory, None).await;

    publish(
        &app,
        &engins_space,
        "Engins : subvention confidentielle",
        "Montant à discuter.",
    )
    .await;
    publish(
        &app,
        &lans_space,
        "Lans : subvention confidentielle",
        "Montant à discuter.",
    )
    .await;
    publish(
        &app,
        &public,
        "Subvention aux associations",
        "Dossiers ouverts.",
    )
    .await;
    publish(
        &app,
        &territory_space,
        "Subvention intercommunale",
        "Pour les agents.",
    )
    .await;
    write(
        &app,
        &engins_space,
        "Engins : brouillon de subvention",
        "Pas encore relu.",
        ArticleStatus::Draft,
        None,
    )
    .await;
    write(
        &app,
        &engins_space,
        "Engins : subvention annoncée demain",
        "Programmée.",
        ArticleStatus::Published,
        Some(Utc::now() + Duration::days(1)),
    )
    .await;

    let (reader, mut reader_browser, reader_token) = person(&app, "agent@engins.example").await;
    app.store
        .set_membership(engins_space.id, reader, SpaceRole::Member)
        .await
        .unwrap();
    let (mayor, mut mayor_browser, mayor_token) = person(&app, "maire@engins.example").await;
    app.store
        .set_membership(engins_space.id, mayor, SpaceRole::Facilitator)
        .await
        .unwrap();
    let (lans_person, mut lans_browser, lans_token) = person(&app, "agent@lans.example").await;
    app.store
        .set_membership(lans_space.id, lans_person, SpaceRole::Member)
        .await
        .unwrap();

    // Each commune's space also holds a document and a meeting.
    for (space, who, commune) in [
        (&engins_space, mayor, "Engins"),
        (&lans_space, lans_person, "Lans"),
    ] {
        let key = format!("test-{}", space.id);
        let name = format!("{commune} - subvention.txt");
        app.store
            .create_document(
                space.id,
                None,
                &name,
                &comcom_store::documents::NewVersion {
                    object_key: &key,
                    size: 10,
                    sha256: "0",
                    content_type: "text/plain",
                    original_name: &name,
                    uploaded_by: Some(who),
                },
                1_000_000,
            )
            .await
            .unwrap()
            .unwrap();
        let start = Utc::now() + Duration::days(3);
        let title = format!("{commune} : réunion sur la subvention");
        app.store
            .create_meeting(
                space.id,
                who,
                &comcom_store::meetings::MeetingFields {
                    title: &title,
                    agenda: "Budget",
                    starts_at: start,
                    ends_at: start + Duration::hours(1),
                    place: "Mairie",
                    visio: false,
                    open_to_public: false,
                    invitees: &[who],
                },
                "vercors.example",
                |_| Vec::new(),
            )
            .await
            .unwrap();
    }

    let mut expected_reader = vec![
        "Engins : subvention confidentielle",
        "Engins - subvention.txt",
        "Engins : réunion sur la subvention",
        "Subvention aux associations",
    ];
    expected_reader.sort();
    let mut expected_mayor = vec![
        "Engins : brouillon de subvention",
        "Engins : subvention annoncée demain",
        "Engins : subvention confidentielle",
        "Engins - subvention.txt",
        "Engins : réunion sur la subvention",
        "Subvention aux associations",
    ];
    expected_mayor.sort();
    let mut expected_lans = vec![
        "Lans : subvention confidentielle",
        "Lans - subvention.txt",
        "Lans : réunion sur la subvention",
        "Subvention aux associations",
    ];
    expected_lans.sort();

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let page = reader_browser.get("/recherche?q=subvention").await;
    assert_eq!(sorted(titles(&page)), expected_reader);
    let page = mayor_browser.get("/recherche?q=subvention").await;
    assert_eq!(sorted(titles(&page)), expected_mayor);
    let page = lans_browser.get("/recherche?q=subvention").await;
    assert_eq!(sorted(titles(&page)), expected_lans);
    let (_, page) = app.page("/recherche?q=subvention").await;
    assert_eq!(titles(&page), vec!["Subvention aux associations"]);
    assert!(page.contains("contenus publics"));

    for (token, expected) in [
        (reader_token.as_str(), &expected_reader),
        (mayor_token.as_str(), &expected_mayor),
        (lans_token.as_str(), &expected_lans),
    ] {
        let (status, found, _) = api_titles(&app, Some(token), "q=subvention").await;
        assert_eq!(status, 200);
        assert_eq!(sorted(found), *expected);
    }
    let (_, found, _) = api_titles(&app, None, "q=subvention").await;
    assert_eq!(found, vec!["Subvention aux associations"]);

    // Nor by kind: documents and meetings of the other commune stay hidden.
    for kind in ["document", "meeting"] {
        let page = lans_browser
            .get(&format!("/recherche?q=subvention&type={kind}"))
            .await;
        assert!(
            titles(&page).iter().all(|t| t.starts_with("Lans")),
            "{kind}: {page}"
        );
        assert_eq!(titles(&page).len(), 1, "{kind}");
        let (_, found, _) =
            api_titles(&app, Some(&lans_token), &format!("q=engins&type={kind}")).await;
        assert!(found.is_empty(), "{kind}: {found:?}");
        let (_, found, _) =
            api_titles(&app, Some(&reader_token), &format!("q=lans&type={kind}")).await;
        assert!(found.is_empty(), "{kind}: {found:?}");
    }

    // Naming the other commune's space as a filter tells nothing either.
    let other = format!("q=subvention&espace={}", engins_space.slug);
    let page = lans_browser.get(&format!("/recherche?{other}")).await;
    assert_eq!(lans_browser.last_status, 422);
    assert!(page.contains("Cet espace n’existe pas ou vous ne pouvez pas y chercher"));
    assert!(!page.contains("Engins : subvention"));
    let (status, found, _) = api_titles(
        &app,
        Some(&lans_token),
        &format!("q=subvention&space={}", engins_space.slug),
    )
    .await;
    assert_eq!((status, found.len()), (422, 0));
    // The filter's list offers only the spaces the person may search.
    let page = lans_browser.get("/recherche?q=subvention").await;
    assert!(!page.contains(&format!("value=\"{}\"", engins_space.slug)));
    assert!(page.contains(&format!("value=\"{}\"", lans_space.slug)));
}

#[tokio::test]
async fn snippets_and_titles_are_escaped() {
    let app = TestApp::spawn().await;
    let public = space(&app, "Portail", Visibility::Public, None).await;
    publish(
        &app,
        &public,
        "<script>alert('titre')</script> Inondation",
        "Avant <img src=x onerror=alert(1)> l’inondation & après `<b>code</b>` <i>fin</i>",
    )
    .await;
    let (_, page) = app.page("/recherche?q=inondation").await;
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(!page.contains("<b>code</b>"), "{page}");
    assert!(page.contains("&#60;script&#62;alert("), "{page}");
    assert!(page.contains("&#60;b&#62;code&#60;/b&#62;"), "{page}");
    assert!(page.contains("<mark>inondation</mark>"), "{page}");
    assert!(page.contains("&#38; après"), "{page}");
    // The query itself is shown escaped.
    let (_, page) = app
        .page(&format!("/recherche?q={}", query("\"><script>x</script>")))
        .await;
    assert!(!page.contains("<script>x"), "{page}");
}

#[tokio::test]
async fn the_index_follows_changes_to_an_article() {
    let app = TestApp::spawn().await;
    let public = space(&app, "Portail", Visibility::Public, None).await;
    let id = publish(&app, &public, "Collecte des encombrants", "Le mardi.").await;
    let (_, page) = app.page("/recherche?q=encombrants").await;
    assert_eq!(titles(&page).len(), 1);
    app.store
        .update_article(
            id,
            &ArticleDraft {
                title: "Collecte des végétaux",
                body: "Le mercredi.",
                status: ArticleStatus::Published,
                publish_at: None,
                communes: &[],
            },
            ImageChange::Keep { alt: None },
        )
        .await
        .unwrap();
    let (_, page) = app.page("/recherche?q=encombrants").await;
    assert!(titles(&page).is_empty());
    let (_, page) = app.page("/recherche?q=vegetaux+mercredi").await;
    assert_eq!(titles(&page), vec!["Collecte des végétaux"]);
    // Back to a draft: readers no longer find it.
    app.store
        .update_article(
            id,
            &ArticleDraft {
                title: "Collecte des végétaux",
                body: "Le mercredi.",
                status: ArticleStatus::Draft,
                publish_at: None,
                communes: &[],
            },
            ImageChange::Keep { alt: None },
        )
        .await
        .unwrap();
    let (_, page) = app.page("/recherche?q=vegetaux").await;
    assert!(titles(&page).is_empty());
    // Taken out by others' code through the store.
    app.store.remove_object("article", id).await.unwrap();
    assert_eq!(app.store.indexed_count("article").await.unwrap(), 0);
}

fn comcom(db: &TestDb, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(args)
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_LANG", "fr")
        .env_remove("COMCOM_PUBLIC_URL")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        stderr,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_indexes_articles_written_around_the_application() {
    let db = TestDb::new().await;
    let (code, _, stderr) = comcom(&db, &["seed", "--scale", "test"]);
    assert_eq!(code, 0, "{stderr}");
    let store = db.store().await;
    assert_eq!(store.indexed_count("article").await.unwrap(), 0);
    let articles = store.seed_contents().await.unwrap().articles;
    assert!(articles > 0);
    // The seed leaves the work to the queue…
    assert_eq!(store.job_counts().await.unwrap().pending, 1);

    // …which `comcom search reindex` does at once, as often as asked.
    for _ in 0..2 {
        let (code, stdout, stderr) = comcom(&db, &["search", "reindex"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains(&format!("{articles} contenus indexés")),
            "{stdout}"
        );
        assert_eq!(store.indexed_count("article").await.unwrap(), articles);
    }
    let (code, stdout, _) = comcom(&db, &["search", "reindex", "--queue"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("programmée"), "{stdout}");
    assert_eq!(store.job_counts().await.unwrap().pending, 2);
    let (code, _, stderr) = comcom(&db, &["search", "rebuild"]);
    assert_eq!(code, 2, "{stderr}");
    store.close().await;
}

#[tokio::test]
async fn discussions_are_found_with_their_replies_by_those_who_may_read_them() {
    let app = TestApp::spawn().await;
    let public = space(&app, "Portail", Visibility::Public, None).await;
    let group = space(&app, "Groupe mobilité", Visibility::Restricted, None).await;
    let (member, mut member_browser, member_token) = person(&app, "agent@engins.example").await;
    app.store
        .set_membership(group.id, member, SpaceRole::Member)
        .await
        .unwrap();
    let (_, mut outsider_browser, _) = person(&app, "agent@lans.example").await;

    let (thread, _) = app
        .store
        .create_thread(
            group.id,
            member,
            "Covoiturage des agents",
            "Qui part de Méaudre ?",
        )
        .await
        .unwrap();
    app.store
        .create_thread(
            public.id,
            member,
            "Covoiturage public",
            "Ouvert à tous les élus.",
        )
        .await
        .unwrap();
    let reply = match app
        .store
        .reply(thread, member, "Je propose une **navette** le lundi.")
        .await
        .unwrap()
    {
        comcom_store::discussions::ReplyOutcome::Posted(id) => id,
        other => panic!("{other:?}"),
    };

    // A word of a reply finds the thread, for a member of its space only.
    let page = member_browser.get("/recherche?q=navettes").await;
    assert_eq!(titles(&page), vec!["Covoiturage des agents"]);
    assert!(page.contains("<mark>navette</mark>"), "{page}");
    assert!(page.contains(&format!("/espaces/{}/discussions/{thread}", group.slug)));
    let (_, found, body) = api_titles(&app, Some(&member_token), "q=navette&type=thread").await;
    assert_eq!(found, vec!["Covoiturage des agents"]);
    assert_eq!(body["items"][0]["kind"], "thread");
    let page = outsider_browser.get("/recherche?q=navette").await;
    assert!(titles(&page).is_empty());
    // Discussions of a public space are for signed-in people of the
    // territory's extranet and its members, not for visitors.
    let (_, page) = app.page("/recherche?q=covoiturage").await;
    assert!(titles(&page).is_empty(), "{page}");
    let (_, found, _) = api_titles(&app, None, "q=covoiturage").await;
    assert!(found.is_empty());

    // An edit changes what is found.
    app.store
        .edit_post(reply, member, "Je propose un **minibus** le lundi.", None)
        .await
        .unwrap();
    let page = member_browser.get("/recherche?q=navette").await;
    assert!(titles(&page).is_empty());
    let page = member_browser.get("/recherche?q=minibus").await;
    assert_eq!(titles(&page), vec!["Covoiturage des agents"]);
}

/// Uploads a file through the documents page's own form (of a folder, or
/// the top); returns the new document's id.
async fn upload(browser: &mut Browser, page: &str, name: &str, bytes: &[u8]) -> i64 {
    let html = browser.get(page).await;
    let action = Browser::form_action(&html);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    browser.post_multipart(&action, form).await;
    assert_eq!(browser.last_status, 303, "{name} uploaded");
    let listing = browser.get(page).await;
    let marker = format!("\">{name}</a>");
    let end = listing
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} listed in {listing}"));
    let start = listing[..end].rfind("/documents/").unwrap() + "/documents/".len();
    listing[start..end].parse().unwrap()
}

/// The links of a results page, in order.
fn links(page: &str) -> Vec<String> {
    let Some(list) = page.split(r#"<ol class="search-results""#).nth(1) else {
        return Vec::new();
    };
    let list = list.split("</ol>").next().unwrap();
    list.split("<h3><a href=\"")
        .skip(1)
        .map(|item| item[..item.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn documents_are_found_by_name_folders_and_text_and_follow_their_changes() {
    let app = TestApp::spawn().await;
    let group = space(&app, "Commission eau", Visibility::Restricted, None).await;
    let top = format!("/espaces/{}/documents", group.slug);
    let (member, mut browser, token) = person(&app, "agent@engins.example").await;
    app.store
        .set_membership(group.id, member, SpaceRole::Facilitator)
        .await
        .unwrap();
    let (_, mut outsider, outsider_token) = person(&app, "agent@lans.example").await;

    // A real PDF whose body (not its name) says the word.
    let pdf = comcom_files::pdf::tiny_pdf(&["Étude d’assainissement collectif", "Lagunage"]);
    let zonage = upload(&mut browser, &top, "zonage-2026.pdf", &pdf).await;
    let notes = upload(
        &mut browser,
        &top,
        "notes.md",
        "# Compteurs\n\nRelevé des **débitmètres** à Méaudre.\n".as_bytes(),
    )
    .await;
    let table = upload(
        &mut browser,
        &top,
        "stations.csv",
        b"commune;station\nLans;Station d'\xe9puration des Jarrands\n",
    )
    .await;
    let broken = upload(
        &mut browser,
        &top,
        "rapport-illisible.pdf",
        b"%PDF-1.4\n1 0 obj <<\n",
    )
    .await;

    // Found by its name at once, by its text once the job has run.
    let page = browser.get("/recherche?q=zonage").await;
    assert_eq!(titles(&page), vec!["zonage-2026.pdf"]);
    assert!(titles(&browser.get("/recherche?q=lagunage").await).is_empty());
    app.worker("node-a").run_due().await;
    assert_eq!(app.store.job_counts().await.unwrap().failed, 0);

    let page = browser.get("/recherche?q=assainissements").await;
    assert_eq!(titles(&page), vec!["zonage-2026.pdf"]);
    assert_eq!(links(&page), vec![format!("{top}/{zonage}")]);
    assert!(page.contains("<mark>assainissement</mark>"), "{page}");
    let page = browser.get("/recherche?q=debitmetre").await;
    assert_eq!(titles(&page), vec!["notes.md"]);
    assert_eq!(links(&page), vec![format!("{top}/{notes}")]);
    // CSV in Windows-1252.
    let page = browser.get("/recherche?q=epuration+jarrands").await;
    assert_eq!(titles(&page), vec!["stations.csv"]);
    assert_eq!(links(&page), vec![format!("{top}/{table}")]);
    // A malformed PDF has no text but is found by its name.
    let page = browser.get("/recherche?q=illisible").await;
    assert_eq!(titles(&page), vec!["rapport-illisible.pdf"]);
    let version = app.store.document_versions(broken).await.unwrap()[0].id;
    assert_eq!(
        app.store.version_for_extraction(version).await.unwrap(),
        Some((
            app.store.document_versions(broken).await.unwrap()[0]
                .object_key
                .clone(),
            "application/pdf".to_owned(),
            true
        )),
        "recorded as having no text"
    );

    // The API and the kind filter list documents.
    let (status, found, body) =
        api_titles(&app, Some(&token), "q=assainissement&type=document").await;
    assert_eq!(status, 200);
    assert_eq!(found, vec!["zonage-2026.pdf"]);
    assert_eq!(body["items"][0]["kind"], "document");
    let page = browser
        .get("/recherche?q=assainissement&type=article")
        .await;
    assert!(titles(&page).is_empty());
    // Nobody outside the space finds them.
    assert!(titles(&outsider.get("/recherche?q=assainissement").await).is_empty());
    let (_, found, _) = api_titles(&app, Some(&outsider_token), "q=zonage").await;
    assert!(found.is_empty());
    let (_, page) = app.page("/recherche?q=zonage").await;
    assert!(titles(&page).is_empty());

    // Renamed: found by its new name, not its old one; its text stays.
    let page_url = format!("{top}/{zonage}");
    browser.get(&page_url).await;
    browser
        .post(
            &format!("{page_url}/renommer"),
            &[("name", "plan-lagunes.pdf")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert!(titles(&browser.get("/recherche?q=zonage").await).is_empty());
    assert_eq!(
        titles(&browser.get("/recherche?q=plan+lagunes").await),
        vec!["plan-lagunes.pdf"]
    );
    assert_eq!(
        titles(&browser.get("/recherche?q=assainissement").await),
        vec!["plan-lagunes.pdf"]
    );

    // Moved into a folder: the folder's name finds it, and follows a rename.
    browser.get(&top).await;
    browser
        .post(&format!("{top}/dossiers"), &[("name", "Schéma directeur")])
        .await;
    let folder = app.store.doc_folders(group.id).await.unwrap()[0].id;
    browser.get(&page_url).await;
    browser
        .post(
            &format!("{page_url}/deplacer"),
            &[("folder", &folder.to_string())],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(
        titles(&browser.get("/recherche?q=schema+directeur").await),
        vec!["plan-lagunes.pdf"]
    );
    let folder_page = format!("{top}/dossiers/{folder}");
    browser.get(&folder_page).await;
    browser
        .post(
            &format!("{folder_page}/renommer"),
            &[("name", "Programme pluriannuel")],
        )
        .await;
    assert_eq!(browser.last_status, 303);
    assert!(titles(&browser.get("/recherche?q=schema+directeur").await).is_empty());
    assert_eq!(
        titles(&browser.get("/recherche?q=pluriannuel").await),
        vec!["plan-lagunes.pdf"]
    );

    // A new version: its own text once extracted.
    let pdf2 = comcom_files::pdf::tiny_pdf(&["Réseau séparatif"]);
    let html = browser.get(&page_url).await;
    let action = html
        .split("action=\"")
        .map(|s| s[..s.find('"').unwrap_or(0)].replace("&amp;", "&"))
        .find(|a| a.contains("/versions?"))
        .expect("the new version form");
    browser
        .post_multipart(
            &action,
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(pdf2).file_name("plan.pdf"),
            ),
        )
        .await;
    assert_eq!(browser.last_status, 303);
    app.worker("node-a").run_due().await;
    assert_eq!(
        titles(&browser.get("/recherche?q=separatif").await),
        vec!["plan-lagunes.pdf"]
    );
    assert!(titles(&browser.get("/recherche?q=lagunage").await).is_empty());

    // Trashed: found by nobody; restored: found again; the trash emptied:
    // gone for good.
    browser.get(&page_url).await;
    browser.post(&format!("{page_url}/corbeille"), &[]).await;
    assert_eq!(browser.last_status, 303);
    assert!(titles(&browser.get("/recherche?q=separatif").await).is_empty());
    let (_, found, _) = api_titles(&app, Some(&token), "q=lagunes").await;
    assert!(found.is_empty());
    assert_eq!(app.store.indexed_count("document").await.unwrap(), 3);
    browser.get(&format!("{top}/corbeille")).await;
    browser.post(&format!("{page_url}/restaurer"), &[]).await;
    assert_eq!(browser.last_status, 303);
    assert_eq!(
        titles(&browser.get("/recherche?q=separatif").await),
        vec!["plan-lagunes.pdf"]
    );
    browser.get(&page_url).await;
    browser.post(&format!("{page_url}/corbeille"), &[]).await;
    browser.get(&format!("{top}/corbeille")).await;
    browser.post(&format!("{top}/corbeille/vider"), &[]).await;
    assert_eq!(browser.last_status, 303);
    assert!(titles(&browser.get("/recherche?q=lagunes").await).is_empty());
    assert_eq!(
        app.store.posting_count("document", zonage).await.unwrap(),
        0
    );
    assert_eq!(app.store.indexed_count("document").await.unwrap(), 3);

    // A rebuild gives the same index.
    app.store.reindex_all(|_| ()).await.unwrap();
    assert_eq!(app.store.indexed_count("document").await.unwrap(), 3);
    assert_eq!(
        titles(&browser.get("/recherche?q=debitmetres").await),
        vec!["notes.md"]
    );
}

#[tokio::test]
async fn text_extraction_is_idempotent_and_survives_a_crash() {
    let app = TestApp::spawn().await;
    let group = space(&app, "Commission eau", Visibility::Restricted, None).await;
    let top = format!("/espaces/{}/documents", group.slug);
    let (member, mut browser, _) = person(&app, "agent@engins.example").await;
    app.store
        .set_membership(group.id, member, SpaceRole::Member)
        .await
        .unwrap();
    let pdf = comcom_files::pdf::tiny_pdf(&["Assainissement non collectif", "Contrôle des fosses"]);
    let id = upload(&mut browser, &top, "spanc.pdf", &pdf).await;
    let name_only = app.store.posting_count("document", id).await.unwrap();
    assert!(name_only > 0);

    // A node claims the job and dies before finishing it: nothing is
    // written, and once its lease has run out another node runs it.
    let mut claimed = Vec::new();
    while let Some(job) = app
        .store
        .claim_job("node-killed", chrono::Duration::milliseconds(500))
        .await
        .unwrap()
    {
        claimed.push(job.kind);
    }
    assert!(
        claimed.contains(&comcom_store::documents::EXTRACT_DOCUMENT_TEXT.to_owned()),
        "{claimed:?}"
    );
    assert_eq!(app.worker("node-b").run_due().await, 0, "still leased");
    assert_eq!(
        app.store.posting_count("document", id).await.unwrap(),
        name_only
    );
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(app.worker("node-b").run_due().await, claimed.len());
    assert_eq!(app.store.job_counts().await.unwrap().pending, 0);
    let once = app.store.posting_count("document", id).await.unwrap();
    assert!(once > name_only, "{once} > {name_only}");
    assert_eq!(
        titles(&browser.get("/recherche?q=fosse").await),
        vec!["spanc.pdf"]
    );

    // Run again (as a job cut short after its work would be): same index.
    let version = app.store.document_versions(id).await.unwrap()[0].id;
    for _ in 0..2 {
        app.store
            .enqueue(
                comcom_store::documents::EXTRACT_DOCUMENT_TEXT,
                &version.to_string(),
            )
            .await
            .unwrap();
        assert_eq!(app.worker("node-c").run_due().await, 1);
        assert_eq!(app.store.posting_count("document", id).await.unwrap(), once);
    }
    app.store.reindex_all(|_| ()).await.unwrap();
    assert_eq!(app.store.posting_count("document", id).await.unwrap(), once);
    assert_eq!(app.store.job_counts().await.unwrap().failed, 0);
    assert_eq!(
        titles(&browser.get("/recherche?q=fosses").await),
        vec!["spanc.pdf"]
    );
}

#[tokio::test]
async fn meetings_are_found_by_title_agenda_place_and_minutes() {
    use comcom_store::meetings::MeetingFields;

    let app = TestApp::spawn().await;
    let group = space(&app, "Groupe mobilité", Visibility::Restricted, None).await;
    let (member, mut browser, token) = person(&app, "agent@engins.example").await;
    app.store
        .set_membership(group.id, member, SpaceRole::Facilitator)
        .await
        .unwrap();
    let (_, mut outsider, outsider_token) = person(&app, "agent@lans.example").await;
    let start = Utc::now() + Duration::days(7);
    let fields = MeetingFields {
        title: "Réunion du comité de pilotage",
        agenda: "1. **Covoiturage** des agents\n2. Questions diverses",
        starts_at: start,
        ends_at: start + Duration::hours(2),
        place: "Mairie de Méaudre",
        visio: false,
        open_to_public: false,
        invitees: &[member],
    };
    let meeting = app
        .store
        .create_meeting(group.id, member, &fields, "vercors.example", |_| Vec::new())
        .await
        .unwrap();

    let page = browser.get("/recherche?q=reunion").await;
    assert_eq!(titles(&page), vec!["Réunion du comité de pilotage"]);
    assert_eq!(links(&page), vec![format!("/reunions/{}", meeting.id)]);
    assert_eq!(
        titles(&browser.get("/recherche?q=meaudre+covoiturage").await),
        vec!["Réunion du comité de pilotage"]
    );
    let (status, found, body) = api_titles(&app, Some(&token), "q=pilotage&type=meeting").await;
    assert_eq!(status, 200);
    assert_eq!(found, vec!["Réunion du comité de pilotage"]);
    assert_eq!(body["items"][0]["kind"], "meeting");
    assert!(titles(&browser.get("/recherche?q=pilotage&type=document").await).is_empty());
    // Nobody outside the space finds it.
    assert!(titles(&outsider.get("/recherche?q=reunion").await).is_empty());
    let (_, found, _) = api_titles(&app, Some(&outsider_token), "q=reunion").await;
    assert!(found.is_empty());
    let (_, page) = app.page("/recherche?q=reunion").await;
    assert!(titles(&page).is_empty());

    // A change, the minutes and the cancellation follow.
    let changed = MeetingFields {
        title: "Réunion de chantier",
        place: "Salle des fêtes de Villard",
        ..fields
    };
    app.store
        .update_meeting(
            meeting.id,
            meeting.sequence,
            &changed,
            "vercors.example",
            |_, _| Vec::new(),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(titles(&browser.get("/recherche?q=pilotage").await).is_empty());
    assert!(titles(&browser.get("/recherche?q=meaudre").await).is_empty());
    assert_eq!(
        titles(&browser.get("/recherche?q=villard").await),
        vec!["Réunion de chantier"]
    );
    app.store
        .set_meeting_minutes(meeting.id, "## Décisions\n\n- Navette adoptée")
        .await
        .unwrap();
    assert_eq!(
        titles(&browser.get("/recherche?q=navettes").await),
        vec!["Réunion de chantier"]
    );
    app.store
        .cancel_meeting(meeting.id, "vercors.example", |_| Vec::new())
        .await
        .unwrap()
        .unwrap();
    let postings = app
        .store
        .posting_count("meeting", meeting.id)
        .await
        .unwrap();
    assert_eq!(
        titles(&browser.get("/recherche?q=chantier").await),
        vec!["Réunion de chantier"],
        "a cancelled meeting is still found (its page says it is cancelled)"
    );

    // A rebuild gives the same index.
    app.store.reindex_all(|_| ()).await.unwrap();
    assert_eq!(
        app.store
            .posting_count("meeting", meeting.id)
            .await
            .unwrap(),
        postings
    );
    assert_eq!(app.store.indexed_count("meeting").await.unwrap(), 1);
}
