//! Documents of a space: streamed uploads into the object store, versions,
//! downloads and previews with the right headers, folders, the trash; every
//! malformed upload refused with its own message and nothing left behind;
//! no URL reaching another space's documents; PDF text through the job.

use std::path::Path;

use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_files::Limits;
use comcom_store::spaces::{NewSpace, SpaceRecord};
use reqwest::multipart::{Form, Part};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::helpers::{Browser, TestApp};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file under the storage folder (objects and staged parts alike).
fn stored_files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.display().to_string());
            }
        }
    }
    found.sort();
    found
}

async fn assert_stored(app: &TestApp, documents: i64, files: usize, case: &str) {
    // An aborted upload is cleaned up by a task of its own: give it a moment.
    for _ in 0..50 {
        if stored_files(app.files.local_root().unwrap()).len() == files {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (docs, versions) = app.store.document_row_counts().await.unwrap();
    assert_eq!(docs, documents, "{case}: document rows");
    assert!(versions >= documents, "{case}: version rows");
    let listed = stored_files(app.files.local_root().unwrap());
    assert_eq!(listed.len(), files, "{case}: files in storage {listed:?}");
}

async fn space(app: &TestApp, name: &str, commune_id: Option<i64>) -> SpaceRecord {
    let t = app.store.first_territory().await.unwrap().unwrap();
    app.store
        .create_space(&NewSpace {
            territory_id: t.id,
            commune_id,
            kind: if commune_id.is_some() {
                SpaceKind::Commune
            } else {
                SpaceKind::WorkingGroup
            },
            visibility: Visibility::Restricted,
            name,
            description: "",
        })
        .await
        .unwrap()
}

/// A person with `role` in `space`, signed in.
async fn member(app: &TestApp, space: &SpaceRecord, email: &str, role: SpaceRole) -> Browser {
    let account = app
        .store
        .create_account(Some(space.territory_id), email, email)
        .await
        .unwrap();
    app.store
        .set_membership(space.id, account.person_id, role)
        .await
        .unwrap();
    let mut browser = Browser::new(app);
    browser.sign_in_as(app, account.person_id).await;
    browser
}

fn file(name: &str, bytes: &[u8]) -> Form {
    Form::new().part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    )
}

/// Uploads through the page's own form; returns the page answered.
async fn upload(browser: &mut Browser, page: &str, form: Form) -> String {
    let html = browser.get(page).await;
    let action = Browser::form_action(&html);
    browser.post_multipart(&action, form).await
}

/// The id in the first link to a document of `slug` on a page.
fn document_id(html: &str, slug: &str, name: &str) -> i64 {
    let marker = format!("\">{name}</a>");
    let end = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} listed in {html}"));
    let prefix = format!("/espaces/{slug}/documents/");
    let start = html[..end].rfind(&prefix).unwrap() + prefix.len();
    html[start..end].parse().unwrap()
}

async fn fetch(app: &TestApp, browser: &Browser, path: &str) -> reqwest::Response {
    let cookie = format!(
        "comcom_session={}",
        browser.cookie("comcom_session").unwrap_or_default()
    );
    app.client
        .get(app.url(path))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
}

/// The file name an independent HTTP library (Werkzeug, RFC 6266/2231)
/// reads in a `Content-Disposition` header.
fn python_filename(disposition: &str) -> String {
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys\nfrom werkzeug.http import parse_options_header\n\
             print(parse_options_header(sys.argv[1])[1]['filename'], end='')",
        )
        .arg(disposition)
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn documents_round_trip_with_versions_folders_and_the_trash() {
    let app = TestApp::spawn().await;
    let group = space(&app, "Groupe assainissement", None).await;
    let slug = group.slug.clone();
    let top = format!("/espaces/{slug}/documents");
    let mut facilitator =
        member(&app, &group, "anim@vercors.example", SpaceRole::Facilitator).await;
    let mut worker = member(&app, &group, "agent@vercors.example", SpaceRole::Member).await;
    let mut reader = member(&app, &group, "lecteur@vercors.example", SpaceRole::Reader).await;

    // A PDF, then a CSV of several parts (more than one megabyte).
    let pdf = comcom_files::pdf::tiny_pdf(&["Schéma directeur d’assainissement"]);
    upload(&mut worker, &top, file("Schéma directeur.pdf", &pdf)).await;
    assert_eq!(worker.last_status, 303, "uploaded");
    assert_eq!(
        worker.last_location.as_deref(),
        Some(format!("{top}?fait=depot").as_str())
    );
    let csv: Vec<u8> = (0..120_000)
        .flat_map(|i| format!("{i};Réseau;{}\n", i * 7).into_bytes())
        .collect();
    assert!(csv.len() > 2_000_000);
    upload(&mut worker, &top, file("relevés.csv", &csv)).await;
    assert_eq!(worker.last_status, 303);

    let listing = reader.get(&top).await;
    assert_eq!(reader.last_status, 200);
    assert!(listing.contains("Schéma directeur.pdf"), "{listing}");
    assert!(
        !listing.contains("Déposer un document"),
        "a reader cannot upload"
    );
    let pdf_id = document_id(&listing, &slug, "Schéma directeur.pdf");
    let csv_id = document_id(&listing, &slug, "relevés.csv");

    // Downloads: same bytes, content type from the bytes, safe headers.
    let response = fetch(&app, &reader, &format!("{top}/{csv_id}/telecharger")).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    let disposition = headers["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(python_filename(&disposition), "relevés.csv");
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len(), csv.len());
    assert_eq!(sha256(&body), sha256(&csv));

    let response = fetch(&app, &reader, &format!("{top}/{pdf_id}/telecharger")).await;
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(
        response.headers()["etag"].to_str().unwrap(),
        format!("\"{}\"", sha256(&pdf))
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), pdf.as_slice());

    // The document page: preview of the PDF in a frame of our own pages.
    let page = reader.get(&format!("{top}/{pdf_id}")).await;
    assert!(page.contains("<iframe src=\""), "{page}");
    let versions = app.store.document_versions(pdf_id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].sha256, sha256(&pdf));
    assert_eq!(versions[0].content_type, "application/pdf");
    assert_eq!(versions[0].original_name, "Schéma directeur.pdf");
    let first = versions[0].id;
    let preview = fetch(
        &app,
        &reader,
        &format!("{top}/{pdf_id}/versions/{first}/apercu"),
    )
    .await;
    assert_eq!(preview.status(), 200);
    assert!(
        preview.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert_eq!(preview.headers()["x-frame-options"], "SAMEORIGIN");
    let csv_version = app.store.document_versions(csv_id).await.unwrap()[0].id;
    let no_preview = fetch(
        &app,
        &reader,
        &format!("{top}/{csv_id}/versions/{csv_version}/apercu"),
    )
    .await;
    assert_eq!(
        no_preview.status(),
        404,
        "only PDF and images are shown inline"
    );

    // A new version (an image this time): both stay downloadable.
    let page = format!("{top}/{pdf_id}");
    upload(&mut worker, &page, file("schéma v2.png", PNG)).await;
    assert_eq!(worker.last_status, 303);
    let history = reader.get(&page).await;
    assert!(history.contains("schéma v2.png") && history.contains("agent@vercors.example"));
    assert!(history.contains("<img src=\""), "an image is previewed");
    let versions = app.store.document_versions(pdf_id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [2, 1]
    );
    let old = fetch(
        &app,
        &reader,
        &format!("{top}/{pdf_id}/versions/{first}/telecharger"),
    )
    .await;
    assert_eq!(old.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let image = fetch(
        &app,
        &reader,
        &format!("{top}/{pdf_id}/versions/{}/apercu", versions[0].id),
    )
    .await;
    assert_eq!(image.headers()["content-type"], "image/png");
    assert!(
        image.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );

    // A reader may not change anything.
    reader.get(&page).await;
    reader
        .post(&format!("{page}/renommer"), &[("name", "x")])
        .await;
    assert_eq!(reader.last_status, 403);

    // Folders, rename, move.
    worker.get(&top).await;
    worker
        .post(&format!("{top}/dossiers"), &[("name", "Études 2026")])
        .await;
    assert_eq!(worker.last_status, 303);
    let folder = app.store.doc_folders(group.id).await.unwrap()[0].id;
    worker.get(&page).await;
    let refused = worker
        .post(&format!("{page}/renommer"), &[("name", "../secret")])
        .await;
    assert_eq!(worker.last_status, 422);
    assert!(refused.contains("pas un chemin"), "{refused}");
    worker
        .post(
            &format!("{page}/renommer"),
            &[("name", "Schéma directeur 2026")],
        )
        .await;
    assert_eq!(worker.last_status, 303);
    worker.get(&page).await;
    worker
        .post(
            &format!("{page}/deplacer"),
            &[("folder", &folder.to_string())],
        )
        .await;
    assert_eq!(worker.last_status, 303);
    let inside = worker.get(&format!("{top}/dossiers/{folder}")).await;
    assert!(inside.contains("Schéma directeur 2026"), "{inside}");
    assert!(!worker.get(&top).await.contains("Schéma directeur 2026"));

    // Trash: a member puts it there, only the facilitator sees and restores it.
    worker.get(&page).await;
    worker.post(&format!("{page}/corbeille"), &[]).await;
    assert_eq!(worker.last_status, 303);
    assert!(
        !worker
            .get(&format!("{top}/dossiers/{folder}"))
            .await
            .contains("Schéma directeur 2026")
    );
    worker.get(&format!("{top}/corbeille")).await;
    assert_eq!(worker.last_status, 403, "only facilitators keep the trash");
    assert_eq!(
        fetch(&app, &worker, &format!("{top}/{pdf_id}/telecharger"))
            .await
            .status(),
        404
    );
    let trash = facilitator.get(&format!("{top}/corbeille")).await;
    assert!(trash.contains("Schéma directeur 2026"), "{trash}");
    facilitator.post(&format!("{page}/restaurer"), &[]).await;
    assert_eq!(facilitator.last_status, 303);
    assert!(
        worker
            .get(&format!("{top}/dossiers/{folder}"))
            .await
            .contains("Schéma directeur 2026")
    );

    // The activity stream told the members: uploads, new version, trash.
    let kinds: Vec<&str> = app
        .store
        .space_events(group.id, None, 50, None)
        .await
        .unwrap()
        .iter()
        .map(|e| e.kind.code())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "document_uploaded").count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"document_new_version") && kinds.contains(&"document_deleted"));

    // Emptying the trash deletes the rows and the files of every version.
    assert_stored(&app, 2, 3, "before emptying").await;
    worker.get(&page).await;
    worker.post(&format!("{page}/corbeille"), &[]).await;
    facilitator.get(&format!("{top}/corbeille")).await;
    facilitator
        .post(&format!("{top}/corbeille/vider"), &[])
        .await;
    assert_eq!(facilitator.last_status, 303);
    assert_stored(&app, 1, 1, "after emptying").await;
    assert_eq!(
        fetch(&app, &facilitator, &format!("{top}/{pdf_id}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn malformed_uploads_get_their_own_message_and_leave_nothing_behind() {
    let app = TestApp::spawn_with_limits(Limits {
        max_file_bytes: 1_000_000,
        space_quota_bytes: 1_500_000,
    })
    .await;
    let group = space(&app, "Groupe budget", None).await;
    let top = format!("/espaces/{}/documents", group.slug);
    let mut agent = member(&app, &group, "agent@vercors.example", SpaceRole::Member).await;

    let cases: Vec<(&str, Form, u16, &str)> = vec![
        (
            "empty file",
            file("vide.txt", b""),
            422,
            "est vide (0\u{a0}octet)",
        ),
        (
            "executable named .pdf",
            file(
                "rapport.pdf",
                b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
            ),
            415,
            "n’est pas accepté",
        ),
        (
            "Windows program",
            file(
                "facture.pdf",
                &[b"MZ\x90\0\x03\0\0\0".as_slice(), &[0u8; 9000]].concat(),
            ),
            415,
            "n’est pas accepté",
        ),
        (
            "over the file limit",
            file("gros.txt", &vec![b'a'; 1_200_000]),
            413,
            "taille maximale de 1,0\u{a0}Mo",
        ),
        (
            "path in the name",
            file("../../etc/passwd", b"root"),
            422,
            "pas un chemin",
        ),
        (
            "Windows path",
            file("..\\..\\boot.ini", b"x"),
            422,
            "pas un chemin",
        ),
        (
            "reserved name",
            file("CON.txt", b"x"),
            422,
            "réservé par Windows",
        ),
        (
            "forbidden character",
            file("a<b>.txt", b"x"),
            422,
            "ces caractères",
        ),
        (
            "long name",
            file(&format!("{}.txt", "a".repeat(250)), b"x"),
            422,
            "trop long",
        ),
        (
            "no file chosen",
            Form::new().part("file", Part::bytes(Vec::new()).file_name("")),
            422,
            "Choisissez un fichier",
        ),
        (
            "no file part",
            Form::new().text("note", "x"),
            422,
            "Choisissez un fichier",
        ),
    ];
    for (case, form, status, message) in cases {
        let page = upload(&mut agent, &top, form).await;
        assert_eq!(agent.last_status, status, "{case}: {page}");
        assert!(
            page.contains(message),
            "{case}: {message:?} not in the page"
        );
        assert!(page.contains("aria-invalid=\"true\""), "{case}");
        assert_stored(&app, 0, 0, case).await;
    }

    // English messages for an English browser.
    let html = agent.get(&top).await;
    let action = Browser::form_action(&html);
    let response = app
        .client
        .post(app.url(&action))
        .header("Accept-Language", "en")
        .header(
            "Cookie",
            format!(
                "comcom_session={}; comcom_csrf={}; comcom_lang=en",
                agent.cookie("comcom_session").unwrap(),
                agent.cookie("comcom_csrf").unwrap()
            ),
        )
        .multipart(file("empty.txt", b""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("is empty (0 bytes)")
    );

    // A multipart body without its closing boundary.
    let boundary = "XyZzy0123";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nBonjour, ceci est coupé"
    );
    let response = app
        .client
        .post(app.url(&action))
        .header("Accept-Language", "fr")
        .header(
            "Cookie",
            format!(
                "comcom_session={}; comcom_csrf={}",
                agent.cookie("comcom_session").unwrap(),
                agent.cookie("comcom_csrf").unwrap()
            ),
        )
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("interrompu avant la fin")
    );
    assert_stored(&app, 0, 0, "truncated multipart").await;

    // A connection cut in the middle of a large file.
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"coupé.txt\"\r\n\r\n"
    );
    let request = format!(
        "POST {action} HTTP/1.1\r\nHost: {address}\r\nCookie: comcom_session={}; comcom_csrf={}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 900000\r\n\r\n{head}",
        agent.cookie("comcom_session").unwrap(),
        agent.cookie("comcom_csrf").unwrap()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    socket.write_all(&vec![b'z'; 300_000]).await.unwrap();
    socket.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    drop(socket);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_stored(&app, 0, 0, "connection cut").await;

    // The quota: a first file fits, the second would overflow the space.
    upload(&mut agent, &top, file("a.txt", &vec![b'a'; 900_000])).await;
    assert_eq!(agent.last_status, 303);
    let page = upload(&mut agent, &top, file("b.txt", &vec![b'b'; 800_000])).await;
    assert_eq!(agent.last_status, 413);
    assert!(page.contains("plus assez de place"), "{page}");
    assert!(
        page.contains("900\u{a0}ko utilisés sur 1,5\u{a0}Mo"),
        "{page}"
    );
    assert_stored(&app, 1, 1, "over quota").await;

    // The same name twice in a folder: a new version is the way.
    let page = upload(&mut agent, &top, file("a.txt", b"autre")).await;
    assert_eq!(agent.last_status, 409);
    assert!(page.contains("nouvelle version"), "{page}");
    assert_stored(&app, 1, 1, "name taken").await;

    // Nothing was half-written at any point: the one document is whole.
    let listing = agent.get(&top).await;
    let id = document_id(&listing, &group.slug, "a.txt");
    let body = fetch(&app, &agent, &format!("{top}/{id}/telecharger"))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(body.len(), 900_000);
}

#[tokio::test]
async fn a_member_of_one_communes_space_reaches_no_document_of_another() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let communes = app.store.communes(t.id).await.unwrap();
    let ours = space(&app, "Mairie d’Engins", Some(communes[0].id)).await;
    let theirs = space(&app, "Mairie de Lans", Some(communes[1].id)).await;
    let mut us = member(
        &app,
        &ours,
        "engins@vercors.example",
        SpaceRole::Facilitator,
    )
    .await;
    let mut them = member(
        &app,
        &theirs,
        "lans@vercors.example",
        SpaceRole::Facilitator,
    )
    .await;

    let our_top = format!("/espaces/{}/documents", ours.slug);
    let their_top = format!("/espaces/{}/documents", theirs.slug);
    upload(
        &mut us,
        &our_top,
        file("nôtre.pdf", &comcom_files::pdf::tiny_pdf(&["Engins"])),
    )
    .await;
    upload(
        &mut them,
        &their_top,
        file("secret.pdf", &comcom_files::pdf::tiny_pdf(&["Lans"])),
    )
    .await;
    them.get(&their_top).await;
    them.post(
        &format!("{their_top}/dossiers"),
        &[("name", "Confidentiel")],
    )
    .await;
    let our_doc = document_id(&us.get(&our_top).await, &ours.slug, "nôtre.pdf");
    let their_doc = document_id(&them.get(&their_top).await, &theirs.slug, "secret.pdf");
    let their_version = app.store.document_versions(their_doc).await.unwrap()[0].id;
    let their_folder = app.store.doc_folders(theirs.id).await.unwrap()[0].id;

    let gets = [
        their_top.clone(),
        format!("{their_top}/{their_doc}"),
        format!("{their_top}/{their_doc}/telecharger"),
        format!("{their_top}/{their_doc}/versions/{their_version}/telecharger"),
        format!("{their_top}/{their_doc}/versions/{their_version}/apercu"),
        format!("{their_top}/dossiers/{their_folder}"),
        format!("{their_top}/corbeille"),
        // Their ids under our own space's address.
        format!("{our_top}/{their_doc}"),
        format!("{our_top}/{their_doc}/telecharger"),
        format!("{our_top}/{their_doc}/versions/{their_version}/telecharger"),
        format!("{our_top}/{their_doc}/versions/{their_version}/apercu"),
        format!("{our_top}/{our_doc}/versions/{their_version}/telecharger"),
        format!("{our_top}/{our_doc}/versions/{their_version}/apercu"),
        format!("{our_top}/dossiers/{their_folder}"),
    ];
    for path in &gets {
        let response = fetch(&app, &us, path).await;
        assert_eq!(response.status(), 404, "GET {path}");
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("secret.pdf") && !body.contains("Confidentiel"),
            "{path}"
        );
    }
    us.get(&our_top).await;
    let posts = [
        format!("{their_top}/{their_doc}/renommer"),
        format!("{their_top}/{their_doc}/corbeille"),
        format!("{their_top}/{their_doc}/restaurer"),
        format!("{their_top}/dossiers"),
        format!("{their_top}/corbeille/vider"),
        format!("{our_top}/{their_doc}/renommer"),
        format!("{our_top}/{their_doc}/deplacer"),
        format!("{our_top}/{their_doc}/corbeille"),
        format!("{our_top}/{their_doc}/restaurer"),
        format!("{our_top}/dossiers/{their_folder}/renommer"),
        format!("{our_top}/dossiers/{their_folder}/supprimer"),
    ];
    for path in &posts {
        us.post(path, &[("name", "pris"), ("folder", "")]).await;
        assert_eq!(us.last_status, 404, "POST {path}");
    }
    // Our document into their folder, our upload into their folder.
    let refused = us
        .post(
            &format!("{our_top}/{our_doc}/deplacer"),
            &[("folder", &their_folder.to_string())],
        )
        .await;
    assert_eq!(us.last_status, 422);
    assert!(refused.contains("n’existe pas dans cet espace"));
    let html = us.get(&our_top).await;
    let action = Browser::form_action(&html);
    us.post_multipart(
        &format!("{action}&dossier={their_folder}"),
        file("x.txt", b"x"),
    )
    .await;
    assert_eq!(us.last_status, 404);
    us.post_multipart(
        &action.replace(&ours.slug, &theirs.slug),
        file("x.txt", b"x"),
    )
    .await;
    assert_eq!(us.last_status, 404);
    let their_name = &app
        .store
        .document(theirs.id, their_doc)
        .await
        .unwrap()
        .unwrap()
        .name;
    assert_eq!(their_name, "secret.pdf", "nothing of theirs changed");

    // A visitor is sent to the login page.
    let response = app.get(&format!("{our_top}/{our_doc}/telecharger")).await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn the_text_of_a_pdf_is_extracted_by_an_idempotent_job() {
    let app = TestApp::spawn().await;
    let group = space(&app, "Commission eau", None).await;
    let top = format!("/espaces/{}/documents", group.slug);
    let mut agent = member(&app, &group, "agent@vercors.example", SpaceRole::Member).await;
    let pdf = comcom_files::pdf::tiny_pdf(&["Zonage d’assainissement", "Réunion du 4 décembre"]);
    upload(&mut agent, &top, file("zonage.pdf", &pdf)).await;
    upload(&mut agent, &top, file("notes.txt", b"Pas un PDF")).await;
    let listing = agent.get(&top).await;
    let id = document_id(&listing, &group.slug, "zonage.pdf");
    assert_eq!(
        app.store
            .document_searchable_text(id)
            .await
            .unwrap()
            .unwrap()
            .text,
        None,
        "not extracted yet"
    );

    let worker = app.worker("test-worker");
    worker.run_due().await;
    let found = app
        .store
        .document_searchable_text(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.name, "zonage.pdf");
    let text = found.text.unwrap();
    assert!(text.contains("Zonage d’assainissement"), "{text:?}");
    assert!(text.contains("Réunion du 4 décembre"), "{text:?}");

    // Run again (a job cut short by a crash is claimed again): same result.
    let version = app.store.document_versions(id).await.unwrap()[0].id;
    app.store
        .enqueue(
            comcom_store::documents::EXTRACT_DOCUMENT_TEXT,
            &version.to_string(),
        )
        .await
        .unwrap();
    assert!(worker.run_due().await >= 1);
    let again = app
        .store
        .document_searchable_text(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.text.as_deref(), Some(text.as_str()));
    assert_eq!(app.store.job_counts().await.unwrap().failed, 0);
    let all = app
        .store
        .searchable_documents(group.territory_id)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

/// `curl` with the browser's session: an HTTP client of its own, as a
/// person resuming a download would use.
async fn curl(app: &TestApp, browser: &Browser, path: &str, args: &[&str]) -> std::process::Output {
    let cookie = format!(
        "comcom_session={}",
        browser.cookie("comcom_session").unwrap_or_default()
    );
    // Not blocking: the server answers on this test's runtime.
    tokio::process::Command::new("curl")
        .args(["--silent", "--show-error", "--cookie", &cookie])
        .args(args)
        .arg(app.url(path))
        .output()
        .await
        .expect("curl runs")
}

#[tokio::test]
async fn downloads_answer_one_range_resume_with_curl_and_check_the_permission_each_time() {
    let app = TestApp::spawn().await;
    let group = space(&app, "Groupe PLUi", None).await;
    let top = format!("/espaces/{}/documents", group.slug);
    let mut worker = member(&app, &group, "agent@vercors.example", SpaceRole::Member).await;
    let reader_account = app
        .store
        .create_account(
            Some(group.territory_id),
            "lecteur",
            "lecteur@vercors.example",
        )
        .await
        .unwrap();
    app.store
        .set_membership(group.id, reader_account.person_id, SpaceRole::Reader)
        .await
        .unwrap();
    let mut reader = Browser::new(&app);
    reader.sign_in_as(&app, reader_account.person_id).await;

    // A PDF of several megabytes (pages of text).
    let pages: Vec<String> = (0..40)
        .map(|i| format!("Page {i} du règlement écrit {}", "x".repeat(2000)))
        .collect();
    let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    let mut pdf = comcom_files::pdf::tiny_pdf(&refs);
    // Padding after %%EOF keeps it a PDF and makes it span several parts.
    pdf.extend(std::iter::repeat_n(b'\n', 3_000_000));
    let size = pdf.len();
    upload(&mut worker, &top, file("Règlement.pdf", &pdf)).await;
    assert_eq!(worker.last_status, 303);
    let listing = reader.get(&top).await;
    let id = document_id(&listing, &group.slug, "Règlement.pdf");
    let download = format!("{top}/{id}/telecharger");
    let etag = format!("\"{}\"", sha256(&pdf));

    let ranged = |range: &'static str, if_range: Option<String>| {
        let cookie = format!(
            "comcom_session={}",
            reader.cookie("comcom_session").unwrap_or_default()
        );
        let mut request = app
            .client
            .get(app.url(&download))
            .header("Cookie", cookie)
            .header("Range", range);
        if let Some(tag) = if_range {
            request = request.header("If-Range", tag);
        }
        request.send()
    };

    // The whole file says it takes ranges.
    let whole = fetch(&app, &reader, &download).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(whole.headers()["etag"], etag.as_str());

    // One range, from the middle of a storage part to the next.
    let response = ranged("bytes=1048000-1049999", None).await.unwrap();
    assert_eq!(response.status(), 206);
    assert_eq!(
        response.headers()["content-range"],
        format!("bytes 1048000-1049999/{size}").as_str()
    );
    assert_eq!(response.headers()["content-length"], "2000");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        &pdf[1_048_000..1_050_000]
    );
    // The last bytes, and an open range.
    let tail = ranged("bytes=-100", None).await.unwrap();
    assert_eq!(tail.status(), 206);
    assert_eq!(tail.bytes().await.unwrap().as_ref(), &pdf[size - 100..]);
    let open = ranged("bytes=10-", None).await.unwrap();
    assert_eq!(open.status(), 206);
    assert_eq!(open.bytes().await.unwrap().len(), size - 10);
    // If-Range: the current ETag keeps the range, another gets the whole file.
    let same = ranged("bytes=0-9", Some(etag.clone())).await.unwrap();
    assert_eq!(same.status(), 206);
    assert_eq!(same.bytes().await.unwrap().as_ref(), &pdf[..10]);
    let stale = ranged("bytes=0-9", Some("\"autre\"".to_owned()))
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
    assert_eq!(stale.bytes().await.unwrap().len(), size);
    // Past the end: 416 with the size; several ranges: the whole file.
    let past = ranged("bytes=999999999-", None).await.unwrap();
    assert_eq!(past.status(), 416);
    assert_eq!(
        past.headers()["content-range"],
        format!("bytes */{size}").as_str()
    );
    let several = ranged("bytes=0-1,5-6", None).await.unwrap();
    assert_eq!(several.status(), 200);
    assert_eq!(several.bytes().await.unwrap().len(), size);
    // The preview (the browser's PDF viewer asks for ranges) answers too.
    let version_id = app
        .store
        .document(group.id, id)
        .await
        .unwrap()
        .unwrap()
        .current_version_id
        .unwrap();
    let preview = format!("{top}/{id}/versions/{version_id}/apercu");
    let cookie = format!(
        "comcom_session={}",
        reader.cookie("comcom_session").unwrap_or_default()
    );
    let response = app
        .client
        .get(app.url(&preview))
        .header("Cookie", &cookie)
        .header("Range", "bytes=0-4")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 206);
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"%PDF-");
    // A browser revalidating its copy.
    let response = app
        .client
        .get(app.url(&download))
        .header("Cookie", &cookie)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 304);
    // If-None-Match compares weakly (RFC 9110): a weak tag of the same
    // value, or the tag in a list, is a match too.
    for tags in [format!("W/{etag}"), format!("\"autre\", W/{etag}")] {
        let response = app
            .client
            .get(app.url(&download))
            .header("Cookie", &cookie)
            .header("If-None-Match", &tags)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 304, "If-None-Match: {tags}");
    }
    let response = app
        .client
        .get(app.url(&download))
        .header("Cookie", &cookie)
        .header("If-None-Match", "W/\"autre\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // curl resumes a download cut after one megabyte (`-C -`): the result
    // is the file, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("Règlement.pdf");
    std::fs::write(&partial, &pdf[..1_000_000]).unwrap();
    let output = curl(
        &app,
        &reader,
        &download,
        &[
            "--continue-at",
            "-",
            "--output",
            partial.to_str().unwrap(),
            "--write-out",
            "%{http_code}",
        ],
    )
    .await;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "206");
    assert_eq!(sha256(&std::fs::read(&partial).unwrap()), sha256(&pdf));

    // The permission is checked on every request, ranges included: once the
    // reader has left the space, the next piece is refused.
    app.store
        .remove_membership(group.id, reader_account.person_id)
        .await
        .unwrap();
    let refused = ranged("bytes=0-9", Some(etag.clone())).await.unwrap();
    assert_eq!(refused.status(), 404);
    let output = curl(
        &app,
        &reader,
        &download,
        &[
            "--range",
            "0-9",
            "--output",
            "/dev/null",
            "--write-out",
            "%{http_code}",
        ],
    )
    .await;
    assert_eq!(String::from_utf8_lossy(&output.stdout), "404");
}

/// A moto S3 server on loopback, stopped when dropped.
struct Moto {
    child: std::process::Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until `url` answers at all.
async fn wait_for(url: &str, what: &str) {
    let started = std::time::Instant::now();
    loop {
        if reqwest::get(url).await.is_ok() {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{what} starts"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Runs `tests/check_s3.py` (boto3, an S3 client of its own).
async fn boto3(endpoint: &str, command: &str, bucket: &str) -> serde_json::Value {
    let output = tokio::process::Command::new("python3")
        .arg(crate::helpers::repo_root().join("tests/check_s3.py"))
        .args([endpoint, command, bucket])
        .output()
        .await
        .expect("python3 runs (scripts/test-deps.sh installs boto3)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test]
async fn documents_kept_in_an_s3_bucket_through_comcom_storage_url() {
    // An S3-compatible server of our own on loopback (moto, from PyPI).
    let port = free_port();
    let moto = Moto {
        child: std::process::Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 runs (scripts/test-deps.sh installs moto[server])"),
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    wait_for(&moto.endpoint, "moto").await;
    boto3(&moto.endpoint, "create", "comcom-essai").await;

    // A real `comcom serve` told by the environment to keep files there.
    let db = crate::helpers::TestDb::new().await;
    let store = db.store().await;
    let vercors =
        comcom_core::catalogue::find(&comcom_core::Siren::parse(crate::helpers::VERCORS).unwrap())
            .unwrap();
    store.add_territory(vercors).await.unwrap();
    let t = store.first_territory().await.unwrap().unwrap();
    let group = store
        .create_space(&comcom_store::spaces::NewSpace {
            territory_id: t.id,
            commune_id: None,
            kind: SpaceKind::WorkingGroup,
            visibility: Visibility::Restricted,
            name: "Groupe voirie",
            description: "",
        })
        .await
        .unwrap();
    let account = store
        .create_account(Some(t.id), "Anne", "anne@vercors.example")
        .await
        .unwrap();
    store
        .set_membership(group.id, account.person_id, SpaceRole::Facilitator)
        .await
        .unwrap();
    let web_port = free_port();
    let base = format!("http://127.0.0.1:{web_port}");
    let mut serve = std::process::Command::new(env!("CARGO_BIN_EXE_comcom"))
        .args(["serve", "--bind", &format!("127.0.0.1:{web_port}")])
        .env("COMCOM_DATABASE_URL", &db.url)
        .env("COMCOM_DATA_DIR", db.dir.path())
        .env("COMCOM_PUBLIC_URL", &base)
        .env("COMCOM_LOG", "warn")
        .env("COMCOM_STORAGE_URL", "s3://comcom-essai/vercors")
        .env("AWS_ENDPOINT", &moto.endpoint)
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&format!("{base}/healthz"), "serve").await;
    let mut anne = Browser::at(&base);
    anne.sign_in_as_store(&store, account.person_id).await;
    let top = format!("/espaces/{}/documents", group.slug);

    // Upload (7 MB: an S3 multipart upload of two parts), then a new version.
    let first: Vec<u8> = (0..7_000_000u32)
        .flat_map(|i| format!("{};", i % 89).into_bytes())
        .take(7_000_000)
        .collect();
    let second = b"troncon;longueur\nA;120\n".to_vec();
    upload(&mut anne, &top, file("Voirie.csv", &first)).await;
    assert_eq!(anne.last_status, 303, "uploaded to the bucket");
    let document = store.documents_in(group.id, None).await.unwrap().remove(0);
    let page = format!("{top}/{}", document.id);
    upload(&mut anne, &page, file("Voirie v2.csv", &second)).await;
    assert_eq!(anne.last_status, 303, "new version");

    // Both versions come back byte for byte, and a range too.
    let versions = store.document_versions(document.id).await.unwrap();
    let client = reqwest::Client::new();
    let cookie = format!("comcom_session={}", anne.cookie("comcom_session").unwrap());
    for (version, bytes) in versions.iter().zip([&second, &first]) {
        let url = format!("{base}{page}/versions/{}/telecharger", version.id);
        let body = client
            .get(&url)
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(sha256(&body), sha256(bytes));
    }
    let ranged = client
        .get(format!(
            "{base}{page}/versions/{}/telecharger",
            versions[1].id
        ))
        .header("Cookie", &cookie)
        .header("Range", "bytes=6000000-6000009")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.status(), 206);
    assert_eq!(
        ranged.bytes().await.unwrap().as_ref(),
        &first[6_000_000..6_000_010]
    );

    // boto3 sees the two objects under the prefix, with the same bytes, and
    // no multipart upload left open.
    let listed = boto3(&moto.endpoint, "list", "comcom-essai").await;
    let objects = listed["objects"].as_array().unwrap();
    assert_eq!(objects.len(), 2, "{listed}");
    for version in &versions {
        let key = format!("vercors/{}", version.object_key);
        let found = objects
            .iter()
            .find(|o| o["key"] == key.as_str())
            .unwrap_or_else(|| panic!("{key} in {listed}"));
        assert_eq!(found["sha256"], version.sha256.as_str());
        assert_eq!(found["size"], version.size);
    }
    assert_eq!(listed["open_uploads"], 0);

    // Trash and restore keep the objects; emptying the trash removes them.
    anne.get(&page).await;
    anne.post(&format!("{page}/corbeille"), &[]).await;
    assert_eq!(anne.last_status, 303);
    anne.get(&format!("{top}/corbeille")).await;
    anne.post(&format!("{page}/restaurer"), &[]).await;
    assert_eq!(anne.last_status, 303);
    let body = client
        .get(format!("{base}{page}/telecharger"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(sha256(&body), sha256(&second), "restored");
    assert_eq!(
        boto3(&moto.endpoint, "list", "comcom-essai").await["objects"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    anne.get(&page).await;
    anne.post(&format!("{page}/corbeille"), &[]).await;
    anne.get(&format!("{top}/corbeille")).await;
    anne.post(&format!("{top}/corbeille/vider"), &[]).await;
    assert_eq!(anne.last_status, 303);
    let listed = boto3(&moto.endpoint, "list", "comcom-essai").await;
    assert!(listed["objects"].as_array().unwrap().is_empty(), "{listed}");

    let _ = serve.kill();
    let _ = serve.wait();
}
