//! The public portal as visitors see it.

use crate::helpers::{NNBSP, TestApp};

const COMMUNES: [(&str, &str, &str); 6] = [
    ("38548", "Villard-de-Lans", "4\u{202F}365"),
    ("38225", "Autrans-Méaudre en Vercors", "3\u{202F}005"),
    ("38205", "Lans-en-Vercors", "2\u{202F}698"),
    ("38433", "Saint-Nizier-du-Moucherotte", "1\u{202F}132"),
    ("38153", "Engins", "429"),
    ("38129", "Corrençon-en-Vercors", "368"),
];

#[tokio::test]
async fn the_home_page_presents_the_territory_and_its_six_communes_in_french() {
    let app = TestApp::spawn().await;

    let (status, body) = app.page("/").await;

    assert_eq!(status, 200);
    assert!(body.contains(r#"<html lang="fr">"#));
    assert!(body.contains("<h1>CC du Massif du Vercors</h1>"));
    assert!(body.contains("<dd>Communauté de communes</dd>"));
    assert!(body.contains("Population municipale"));
    assert!(body.contains(&format!("<dd>11{NNBSP}997</dd>")));
    for (insee, name, population) in COMMUNES {
        let row = format!(
            r#"<a href="/communes/{insee}">{name}</a></th><td>{insee}</td><td class="num">{population}</td>"#
        );
        assert!(body.contains(&row), "missing row for {name}");
    }
    // Alphabetical order, accents ignored: Autrans before Corrençon before Engins.
    let position = |name: &str| body.find(name).unwrap();
    assert!(
        position("Autrans") < position("Corrençon") && position("Corrençon") < position("Engins")
    );
}

#[tokio::test]
async fn the_home_page_speaks_english_when_the_browser_asks() {
    let app = TestApp::spawn().await;

    let response = app.get_lang("/", "en-GB,en;q=0.9").await;
    let body = response.text().await.unwrap();

    assert!(body.contains(r#"<html lang="en">"#));
    assert!(body.contains("<dd>Community of communes</dd>"));
    assert!(body.contains("Municipal population"));
    assert!(body.contains("<dd>11,997</dd>"));
    assert!(body.contains(">Français<"));
}

#[tokio::test]
async fn the_language_switch_remembers_the_choice_and_returns_to_the_page() {
    let app = TestApp::spawn().await;

    let response = app.get("/langue/en?retour=%2Fcommunes%2F38153").await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/communes/38153");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("comcom_lang=en;"));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    let body = app
        .client
        .get(app.url("/communes/38153"))
        .header("Accept-Language", "fr")
        .header("Cookie", "comcom_lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Member commune of CC du Massif du Vercors."));
}

#[tokio::test]
async fn the_language_switch_never_sends_visitors_to_another_site() {
    let app = TestApp::spawn().await;
    for target in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let response = app.get(&format!("/langue/fr?retour={target}")).await;
        assert_eq!(response.headers()["location"], "/", "retour={target}");
    }
    assert_eq!(app.get("/langue/de").await.status(), 404);
}

#[tokio::test]
async fn each_commune_has_its_page_with_its_official_figures() {
    let app = TestApp::spawn().await;

    for (insee, name, population) in COMMUNES {
        let (status, body) = app.page(&format!("/communes/{insee}")).await;
        assert_eq!(status, 200, "{name}");
        assert!(body.contains(&format!("<h1>{name}</h1>")));
        assert!(body.contains(&format!("<dd>{insee}</dd>")));
        assert!(body.contains(&format!("<dd>{population}</dd>")));
        assert!(body.contains("Conseil municipal"));
        assert!(body.contains("La liste des élus de la commune n’a pas encore été importée."));
        assert!(body.contains("Espace de la commune"));
    }
    let (_, engins) = app.page("/communes/38153").await;
    assert!(engins.contains("<dd>213801533</dd>"), "SIREN of Engins");
    assert!(engins.contains(&format!(
        "Part de la population de la CC du Massif du Vercors\u{a0}: 3,6{NNBSP}%"
    )));
}

#[tokio::test]
async fn an_unknown_page_gets_a_helpful_404_with_the_communes_and_a_request_id() {
    let app = TestApp::spawn().await;

    let response = app.get("/nulle-part").await;
    assert_eq!(response.status(), 404);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();

    assert!(body.contains("<h1>Page introuvable</h1>"));
    assert!(body.contains("«\u{202F}/nulle-part\u{202F}»"));
    assert!(body.contains(r#"<a href="/">Revenir à l’accueil</a>"#));
    assert!(body.contains(r#"<a href="/communes/38153">Engins</a>"#));
    assert!(body.contains(&request_id));
}

#[tokio::test]
async fn communes_outside_the_territory_and_malformed_codes_are_not_found() {
    let app = TestApp::spawn().await;
    for path in [
        "/communes/2A004",
        "/communes/99999",
        "/communes/abc",
        "/communes/%27%20OR%201%3D1--",
        "/communes/38548%00",
    ] {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Page introuvable"));
    }
}

#[tokio::test]
async fn hostile_paths_are_escaped_on_the_error_page() {
    let app = TestApp::spawn().await;
    let (status, body) = app.page("/%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(status, 404);
    assert!(!body.contains("<script>"));

    let long = "/x".repeat(2000);
    let (status, body) = app.page(&long).await;
    assert_eq!(status, 404);
    assert!(body.contains("…"));
    assert!(body.len() < 10_000);
}

#[tokio::test]
async fn every_page_links_to_the_three_legal_pages_which_answer_in_both_languages() {
    let app = TestApp::spawn().await;
    let legal = [
        "/mentions-legales",
        "/donnees-personnelles",
        "/accessibilite",
    ];

    for page in ["/", "/communes/38548", "/nulle-part", "/mentions-legales"] {
        let (_, body) = app.page(page).await;
        for link in legal {
            assert!(
                body.contains(&format!(r#"href="{link}""#)),
                "{page} lacks {link}"
            );
        }
    }
    let (_, notice) = app.page("/mentions-legales").await;
    assert!(notice.contains(
        "Ce site est édité par la CC du Massif du Vercors (Communauté de communes), SIREN 243801024."
    ));
    let (_, a11y) = app.page("/accessibilite").await;
    assert!(a11y.contains("Déclaration d’accessibilité"));
    assert!(a11y.contains("Défenseur des droits"));
    let english = app
        .get_lang("/donnees-personnelles", "en")
        .await
        .text()
        .await
        .unwrap();
    assert!(english.contains("<h1>Personal data</h1>"));
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/communes/38548",
        "/nulle-part",
        "/static/comcom.css",
        "/healthz",
    ] {
        let response = app.get(path).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert_eq!(h["x-request-id"].len(), 32);
    }
}

#[tokio::test]
async fn the_health_check_follows_the_database() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);

    app.store.close().await;

    assert_eq!(app.get("/healthz").await.status(), 503);
    let (status, body) = app.page("/").await;
    assert_eq!(status, 503);
    assert!(body.contains("Service momentanément indisponible"));
}

#[tokio::test]
async fn the_stylesheet_is_served_with_a_visible_focus_style() {
    let app = TestApp::spawn().await;
    let response = app.get("/static/comcom.css").await;
    assert_eq!(
        response.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("outline: 3px solid")
    );
}
