//! Discussions through the real server: threads and replies in sanitized
//! Markdown, @mentions of members only, edits with their history, lock, pin,
//! unread markers, and nothing of a restricted space reachable from outside.

use comcom_core::events::EventKind;
use comcom_core::{SpaceKind, SpaceRole, Visibility};
use comcom_store::spaces::NewSpace;

use crate::helpers::{Browser, TestApp, last_email_to};
use crate::notifications::{emails_to, group, run_notification_jobs};

async fn signed_in(app: &TestApp, person: i64) -> Browser {
    let mut b = Browser::new(app);
    b.sign_in_as(app, person).await;
    b
}

/// Opens a thread through the form; returns its path.
async fn open_thread(b: &mut Browser, slug: &str, title: &str, body: &str) -> String {
    b.get(&format!("/espaces/{slug}/discussions")).await;
    b.post(
        &format!("/espaces/{slug}/discussions"),
        &[("title", title), ("body", body)],
    )
    .await;
    assert_eq!(b.last_status, 303, "thread not created");
    b.last_location.clone().unwrap()
}

async fn reply(b: &mut Browser, thread: &str, body: &str) -> String {
    b.get(thread).await;
    b.post(&format!("{thread}/repondre"), &[("body", body)])
        .await
}

#[tokio::test]
async fn posts_are_sanitized_markdown_and_mentions_reach_members_only() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Restricted,
        &[
            ("Bruno Faure", "bruno@engins.example"),
            ("Chloé Martin", "chloe@engins.example"),
        ],
    )
    .await;
    let (bruno, chloe) = (g.members[0], g.members[1]);
    let t = app.store.first_territory().await.unwrap().unwrap();
    let outsider = app
        .store
        .create_account(Some(t.id), "Éloïse Dupont", "eloise@engins.example")
        .await
        .unwrap()
        .person_id;
    let slug = g.space.slug.clone();

    let mut b = signed_in(&app, bruno).await;
    let thread = open_thread(
        &mut b,
        &slug,
        "Horaires des navettes",
        "Avis **bienvenus**, @chloe.martin et @eloise.dupont.\n\n<script>alert('x')</script>\n\n[clic](javascript:alert(1))",
    )
    .await;
    assert!(thread.starts_with(&format!("/espaces/{slug}/discussions/")));
    let page = b.get(&thread).await;
    assert_eq!(b.last_status, 200);
    assert!(page.contains("<h1>Horaires des navettes</h1>"), "{page}");
    assert!(page.contains("<strong>bienvenus</strong>"));
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("javascript:"));
    // The member's mention is a link; the outsider's stays text.
    assert!(
        page.contains(&format!(r#"<a href="/personnes/{chloe}""#)),
        "{page}"
    );
    assert!(page.contains("@eloise.dupont"));
    assert!(!page.contains(&format!("/personnes/{outsider}")));

    // A reply with an HTML trap.
    let mut c = signed_in(&app, chloe).await;
    reply(
        &mut c,
        &thread,
        "Merci @bruno.faure <img src=x onerror=alert(1)> <b onclick=\"x()\">ok</b>",
    )
    .await;
    assert_eq!(c.last_status, 303);
    let page = c.get(&thread).await;
    assert!(!page.contains("onerror"), "{page}");
    assert!(!page.contains("onclick"));
    assert!(page.contains("1 réponse"));

    run_notification_jobs(&app).await;
    // Chloé was mentioned when the thread opened: an email at once.
    let (subject, text) = last_email_to(&app, "chloe@engins.example").await.unwrap();
    assert_eq!(
        subject,
        "[Groupe mobilités] Bruno Faure vous a mentionné dans «\u{202F}Horaires des navettes\u{202F}»"
    );
    assert!(text.contains(&format!("{}{thread}", app.address)), "{text}");
    // Bruno, mentioned in the reply, too; never for his own thread.
    let to_bruno = emails_to(&app, "bruno@engins.example").await;
    assert_eq!(to_bruno.len(), 1, "{to_bruno:?}");
    assert!(to_bruno[0].0.contains("Chloé Martin vous a mentionné"));
    // Nothing for the person outside the space, in the app or by email.
    assert!(
        app.store
            .notifications(outsider, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(last_email_to(&app, "eloise@engins.example").await.is_none());
    // The facilitator gets the thread and the reply in the app, by digest.
    let list = app.store.notifications(g.chair, None, 10).await.unwrap();
    let kinds: Vec<EventKind> = list.iter().map(|n| n.event.kind).collect();
    assert_eq!(kinds, [EventKind::ReplyPosted, EventKind::ThreadCreated]);
    assert!(last_email_to(&app, "chair@vercors.example").await.is_none());

    // Invalid posts: a clear message, nothing saved.
    b.get(&format!("/espaces/{slug}/discussions")).await;
    let page = b
        .post(
            &format!("/espaces/{slug}/discussions"),
            &[("title", "  "), ("body", "")],
        )
        .await;
    assert_eq!(b.last_status, 422);
    assert!(page.contains("Indiquez le sujet de la discussion."));
    assert!(page.contains("Écrivez un message."));
    let long = "x".repeat(20_001);
    let page = reply(&mut b, &thread, &long).await;
    assert_eq!(b.last_status, 422);
    assert!(
        page.contains("20\u{202F}000 caractères") || page.contains("20000"),
        "{page}"
    );
    assert_eq!(app.store.threads(g.space.id, None).await.unwrap().len(), 1);
    assert_eq!(
        app.store.threads(g.space.id, None).await.unwrap()[0].reply_count,
        1
    );
}

#[tokio::test]
async fn edits_keep_the_previous_version_and_only_moderators_edit_others_posts() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Territory,
        &[
            ("Bruno Faure", "bruno@engins.example"),
            ("Chloé Martin", "chloe@engins.example"),
        ],
    )
    .await;
    let (bruno, chloe) = (g.members[0], g.members[1]);
    let slug = g.space.slug.clone();
    let mut b = signed_in(&app, bruno).await;
    let thread = open_thread(&mut b, &slug, "Budget 2027", "Première version").await;
    let thread_id: i64 = thread.rsplit('/').next().unwrap().parse().unwrap();
    let post = app.store.opening_post_id(thread_id).await.unwrap().unwrap();
    let edit = format!("{thread}/messages/{post}/modifier");

    // Another member may not edit it.
    let mut c = signed_in(&app, chloe).await;
    let page = c.get(&thread).await;
    assert!(!page.contains(&edit));
    c.get(&edit).await;
    assert_eq!(c.last_status, 403);
    c.post(&edit, &[("title", "Piraté"), ("body", "Piraté")])
        .await;
    assert_eq!(c.last_status, 403);

    // The author edits text and subject.
    let page = b.get(&thread).await;
    assert!(page.contains(&edit));
    b.get(&edit).await;
    assert_eq!(b.last_status, 200);
    b.post(
        &edit,
        &[("title", "Budget 2027 (v2)"), ("body", "Deuxième version")],
    )
    .await;
    assert_eq!(b.last_status, 303);
    // The facilitator moderates: edits it again.
    let mut chair = signed_in(&app, g.chair).await;
    chair.get(&edit).await;
    chair
        .post(
            &edit,
            &[("title", "Budget 2027 (v2)"), ("body", "Troisième version")],
        )
        .await;
    assert_eq!(chair.last_status, 303);

    let page = c.get(&thread).await;
    assert!(page.contains("<h1>Budget 2027 (v2)</h1>"));
    assert!(page.contains("Troisième version"));
    assert!(page.contains("par Agnès Bouvier"), "{page}");
    let history = format!("{thread}/messages/{post}/historique");
    assert!(page.contains(&history));
    // Every member sees every version, newest first.
    let page = c.get(&history).await;
    assert_eq!(c.last_status, 200);
    let third = page.find("Troisième version").unwrap();
    let second = page.find("Deuxième version").unwrap();
    let first = page.find("Première version").unwrap();
    assert!(third < second && second < first, "{page}");
    assert!(page.contains("Version de Bruno Faure"));
    assert!(page.contains("Sujet à ce moment\u{A0}: Budget 2027"));
    let revisions = app.store.post_revisions(post).await.unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[1].body, "Première version");
}

#[tokio::test]
async fn a_locked_thread_refuses_replies_and_pinned_threads_come_first() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Territory,
        &[("Bruno Faure", "bruno@engins.example")],
    )
    .await;
    let bruno = g.members[0];
    let slug = g.space.slug.clone();
    let mut b = signed_in(&app, bruno).await;
    let first = open_thread(&mut b, &slug, "Premier sujet", "un").await;
    let _second = open_thread(&mut b, &slug, "Deuxième sujet", "deux").await;
    let third = open_thread(&mut b, &slug, "Troisième sujet", "trois").await;

    // Latest activity first.
    let order = |page: &str, titles: &[&str]| {
        let at: Vec<usize> = titles.iter().map(|t| page.find(t).unwrap()).collect();
        at.windows(2).all(|w| w[0] < w[1])
    };
    let page = b.get(&format!("/espaces/{slug}/discussions")).await;
    assert!(
        order(
            &page,
            &["Troisième sujet", "Deuxième sujet", "Premier sujet"]
        ),
        "{page}"
    );

    // A member may neither pin nor lock.
    b.get(&first).await;
    b.post(&format!("{first}/epingler"), &[("value", "1")])
        .await;
    assert_eq!(b.last_status, 403);
    b.post(&format!("{first}/verrouiller"), &[("value", "1")])
        .await;
    assert_eq!(b.last_status, 403);

    // The facilitator pins the first and locks the third.
    let mut chair = signed_in(&app, g.chair).await;
    chair.get(&first).await;
    chair
        .post(&format!("{first}/epingler"), &[("value", "1")])
        .await;
    assert_eq!(chair.last_status, 303);
    chair
        .post(&format!("{third}/verrouiller"), &[("value", "1")])
        .await;
    assert_eq!(chair.last_status, 303);
    chair
        .post(&format!("{third}/verrouiller"), &[("value", "oui")])
        .await;
    assert_eq!(chair.last_status, 400);

    let page = b.get(&format!("/espaces/{slug}/discussions")).await;
    assert!(
        order(
            &page,
            &["Premier sujet", "Troisième sujet", "Deuxième sujet"]
        ),
        "{page}"
    );
    assert!(page.contains("Épinglée"));
    assert!(page.contains("Verrouillée"));

    // No reply form, and a reply posted anyway is refused.
    let page = b.get(&third).await;
    assert!(!page.contains(&format!("{third}/repondre")));
    assert!(page.contains("Cette discussion est verrouillée"));
    let page = b
        .post(&format!("{third}/repondre"), &[("body", "Encore moi")])
        .await;
    assert_eq!(b.last_status, 409);
    assert!(page.contains("votre réponse n’a pas été publiée"));
    let id: i64 = third.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(app.store.posts(id).await.unwrap().len(), 1);
    // Unlocked, it takes replies again.
    chair.get(&third).await;
    chair
        .post(&format!("{third}/verrouiller"), &[("value", "0")])
        .await;
    reply(&mut b, &third, "Enfin").await;
    assert_eq!(b.last_status, 303);
    assert_eq!(app.store.posts(id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn unread_markers_follow_what_each_person_has_read() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Territory,
        &[
            ("Bruno Faure", "bruno@engins.example"),
            ("Chloé Martin", "chloe@engins.example"),
        ],
    )
    .await;
    let (bruno, chloe) = (g.members[0], g.members[1]);
    let slug = g.space.slug.clone();
    let list = format!("/espaces/{slug}/discussions");
    let mut b = signed_in(&app, bruno).await;
    let thread = open_thread(&mut b, &slug, "Covoiturage", "Qui vient ?").await;

    let mut c = signed_in(&app, chloe).await;
    let page = c.get(&list).await;
    assert!(
        page.contains(r#"<strong class="tag tag-new">nouveau</strong>"#),
        "{page}"
    );
    // The author has nothing unread.
    let page = b.get(&list).await;
    assert!(!page.contains("tag-new"), "{page}");
    // Opening it marks the post new once, then it is read.
    let page = c.get(&thread).await;
    assert_eq!(page.matches(r#"class="tag tag-new">nouveau"#).count(), 1);
    let page = c.get(&list).await;
    assert!(!page.contains("tag-new"), "{page}");
    // The header counts the notification until the thread was opened.
    assert!(!page.contains("Notifications (1 non lue)"));

    reply(&mut b, &thread, "Moi").await;
    reply(&mut b, &thread, "Et Paul").await;
    let page = c.get(&list).await;
    assert!(page.contains("2 messages non lus"), "{page}");
    assert!(page.contains("Notifications (2 non lues)"), "{page}");
    let page = c.get(&thread).await;
    assert_eq!(page.matches(r#"class="tag tag-new">nouveau"#).count(), 2);
    let first = page.find("Qui vient").unwrap();
    let marker = page.find("tag-new").unwrap();
    assert!(marker > first, "the opening post is not new any more");
    let page = c.get(&list).await;
    assert!(!page.contains("non lus"));
    assert!(!page.contains("Notifications (2 non lues)"));
}

#[tokio::test]
async fn readers_read_but_do_not_post_and_outsiders_reach_nothing_by_any_url() {
    let app = TestApp::spawn().await;
    let t = app.store.first_territory().await.unwrap().unwrap();
    let communes = app.store.communes(t.id).await.unwrap();
    let mut spaces = Vec::new();
    let mut people = Vec::new();
    for (n, commune) in communes.iter().take(2).enumerate() {
        let space = app
            .store
            .create_space(&NewSpace {
                territory_id: t.id,
                commune_id: Some(commune.id),
                kind: SpaceKind::Commune,
                visibility: Visibility::Restricted,
                name: &format!("Conseil restreint {}", commune.name),
                description: "",
            })
            .await
            .unwrap();
        let person = app
            .store
            .create_account(
                Some(t.id),
                &format!("Agent {n}"),
                &format!("agent{n}@mairie.example"),
            )
            .await
            .unwrap()
            .person_id;
        app.store
            .set_membership(space.id, person, SpaceRole::Facilitator)
            .await
            .unwrap();
        spaces.push(space);
        people.push(person);
    }
    let reader = app
        .store
        .create_account(Some(t.id), "Lecteur", "lecteur@mairie.example")
        .await
        .unwrap()
        .person_id;
    app.store
        .set_membership(spaces[1].id, reader, SpaceRole::Reader)
        .await
        .unwrap();

    let mut owner = signed_in(&app, people[1]).await;
    let thread = open_thread(&mut owner, &spaces[1].slug, "Sujet confidentiel", "Secret").await;
    let thread_id: i64 = thread.rsplit('/').next().unwrap().parse().unwrap();
    let post = app.store.opening_post_id(thread_id).await.unwrap().unwrap();
    owner
        .get(&format!("{thread}/messages/{post}/modifier"))
        .await;
    owner
        .post(
            &format!("{thread}/messages/{post}/modifier"),
            &[("title", "Sujet confidentiel"), ("body", "Secret v2")],
        )
        .await;

    // A reader reads, but has no form and cannot post.
    let mut r = signed_in(&app, reader).await;
    let page = r.get(&thread).await;
    assert_eq!(r.last_status, 200);
    assert!(page.contains("Secret v2"));
    assert!(!page.contains("/repondre"));
    r.post(&format!("{thread}/repondre"), &[("body", "moi")])
        .await;
    assert_eq!(r.last_status, 403);
    r.get(&format!("/espaces/{}/discussions", spaces[1].slug))
        .await;
    r.post(
        &format!("/espaces/{}/discussions", spaces[1].slug),
        &[("title", "t"), ("body", "b")],
    )
    .await;
    assert_eq!(r.last_status, 403);

    // The other commune's agent reaches nothing of it.
    let mut other = signed_in(&app, people[0]).await;
    let own = format!("/espaces/{}", spaces[0].slug);
    let foreign = format!("/espaces/{}", spaces[1].slug);
    for path in [
        format!("{foreign}/discussions"),
        thread.clone(),
        format!("{thread}/messages/{post}/historique"),
        format!("{thread}/messages/{post}/modifier"),
        format!("{foreign}/activite"),
        format!("{foreign}/notifications"),
        // The thread's number under the agent's own space.
        format!("{own}/discussions/{thread_id}"),
        format!("{own}/discussions/{thread_id}/messages/{post}/historique"),
    ] {
        let page = other.get(&path).await;
        assert_eq!(other.last_status, 404, "{path}");
        assert!(!page.contains("confidentiel"), "{path}");
        assert!(!page.contains("Secret"), "{path}");
    }
    other.get(&format!("{own}/discussions")).await;
    for (path, fields) in [
        (format!("{thread}/repondre"), vec![("body", "intrus")]),
        (
            format!("{own}/discussions/{thread_id}/repondre"),
            vec![("body", "intrus")],
        ),
        (format!("{thread}/epingler"), vec![("value", "1")]),
        (
            format!("{own}/discussions/{thread_id}/verrouiller"),
            vec![("value", "1")],
        ),
        (
            format!("{own}/discussions/{thread_id}/messages/{post}/modifier"),
            vec![("title", "x"), ("body", "intrus")],
        ),
        (
            format!("{foreign}/discussions"),
            vec![("title", "x"), ("body", "intrus")],
        ),
        (
            format!("{foreign}/notifications"),
            vec![("delivery", "immediate")],
        ),
    ] {
        other.post(&path, &fields).await;
        assert_eq!(other.last_status, 404, "{path}");
    }
    let posts = app.store.posts(thread_id).await.unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].body, "Secret v2");
    let t = app.store.thread(thread_id, None).await.unwrap().unwrap();
    assert!(!t.pinned && !t.locked);
    assert_eq!(
        app.store.threads(spaces[1].id, None).await.unwrap().len(),
        1
    );
    assert!(
        app.store
            .notifications(people[0], None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // And a visitor is sent to the login page.
    let mut visitor = Browser::new(&app);
    visitor.get(&thread).await;
    assert_eq!(visitor.last_status, 303);
    assert!(visitor.last_location.unwrap().starts_with("/connexion"));
}

#[tokio::test]
async fn the_thread_list_comes_in_pages_pinned_first() {
    let app = TestApp::spawn().await;
    let g = group(
        &app,
        Visibility::Territory,
        &[("Bruno Faure", "bruno@engins.example")],
    )
    .await;
    let mut first = 0;
    for n in 0..32 {
        let (id, _) = app
            .store
            .create_thread(
                g.space.id,
                g.members[0],
                &format!("Sujet numéro {n:02}"),
                "texte",
            )
            .await
            .unwrap();
        if n == 0 {
            first = id;
        }
    }
    app.store.set_thread_pinned(first, true).await.unwrap();
    let mut b = signed_in(&app, g.chair).await;
    let list = format!("/espaces/{}/discussions", g.space.slug);
    let page = b.get(&list).await;
    assert_eq!(page.matches("Sujet numéro").count(), 30);
    assert!(page.find("Sujet numéro 00").unwrap() < page.find("Sujet numéro 31").unwrap());
    assert!(
        page.contains(&format!(r#"href="{list}?page=2" rel="next""#)),
        "{page}"
    );
    let page = b.get(&format!("{list}?page=2")).await;
    assert_eq!(page.matches("Sujet numéro").count(), 2);
    assert!(page.contains("Sujet numéro 02") && page.contains("Sujet numéro 01"));
    assert!(page.contains(&format!(r#"href="{list}?page=1" rel="prev""#)));
    assert!(!page.contains("rel=\"next\""));
    // Nonsense page numbers show the first page.
    for bad in ["0", "-1", "abc", "99999999999999999999"] {
        let page = b.get(&format!("{list}?page={bad}")).await;
        assert_eq!(b.last_status, 200, "{bad}");
        assert!(page.contains("Sujet numéro 00"), "{bad}");
    }
}
