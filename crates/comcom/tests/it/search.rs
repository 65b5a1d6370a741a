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

    let mut expected_reader = vec![
        "Engins : subvention confidentielle",
        "Subvention aux associations",
    ];
    expected_reader.sort();
    let mut expected_mayor = vec![
        "Engins : brouillon de subvention",
        "Engins : subvention annoncée demain",
        "Engins : subvention confidentielle",
        "Subvention aux associations",
    ];
    expected_mayor.sort();
    let mut expected_lans = vec![
        "Lans : subvention confidentielle",
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
