-- A space's activity stream and the notifications it fans out to members;
-- each person's delivery preference per space; the daily digests sent;
-- discussions: threads, their posts, earlier versions of edited posts, and
-- how far each person has read each thread.

CREATE TABLE space_event (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    -- article_published, thread_created, reply_posted… (comcom_core::events::EventKind)
    kind TEXT NOT NULL,
    -- article, thread, document, meeting, person…
    object_kind TEXT NOT NULL,
    object_id BIGINT,
    -- The object's title when the event happened.
    title TEXT NOT NULL,
    -- Where to see it, relative to the territory's address ('' when gone).
    path TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX space_event_space ON space_event (space_id, id);

CREATE TABLE notification (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES space_event (id) ON DELETE CASCADE,
    -- 1 when the person was @mentioned.
    mention BIGINT NOT NULL DEFAULT 0,
    -- none, immediate, daily: decided when the event happened.
    delivery TEXT NOT NULL,
    read_at TEXT,
    -- When its email was queued (alone or in a digest).
    emailed_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (person_id, event_id)
);
CREATE INDEX notification_person ON notification (person_id, id);
CREATE INDEX notification_pending ON notification (delivery, emailed_at);

CREATE TABLE notification_preference (
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    -- none, immediate, daily
    delivery TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, space_id)
);

-- One row per person and day a digest was queued: a rerun sends nothing twice.
CREATE TABLE notification_digest (
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    outbox_id BIGINT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (person_id, day)
);

CREATE TABLE thread (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    pinned BIGINT NOT NULL DEFAULT 0,
    locked BIGINT NOT NULL DEFAULT 0,
    -- Replies, the opening post not counted.
    reply_count BIGINT NOT NULL DEFAULT 0,
    last_post_id BIGINT NOT NULL DEFAULT 0,
    last_post_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX thread_space ON thread (space_id, pinned, last_post_at);

-- The opening post of a thread is its first post; the others are replies.
CREATE TABLE post (
    id {{ID}},
    thread_id BIGINT NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    -- Markdown, rendered through comcom-markdown when shown.
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    edited_by BIGINT REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX post_thread ON post (thread_id, id);

-- An earlier version of a post, kept when it is edited.
CREATE TABLE post_revision (
    id {{ID}},
    post_id BIGINT NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    -- The thread's title at the time, for an opening post.
    title TEXT,
    -- Who wrote this version, and when.
    written_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    written_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX post_revision_post ON post_revision (post_id, id);

-- The last post a person has seen in a thread.
CREATE TABLE thread_read (
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    thread_id BIGINT NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
    last_post_id BIGINT NOT NULL,
    PRIMARY KEY (person_id, thread_id)
);
