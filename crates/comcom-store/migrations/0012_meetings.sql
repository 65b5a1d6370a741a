-- Meetings of a space: their invitees and answers (with proxies), the
-- calendar feeds people subscribe to, and the iCalendar part of outbox emails.

CREATE TABLE meeting (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    -- The iCalendar UID, the same for every invitation, update and cancellation.
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    -- Markdown.
    agenda TEXT NOT NULL DEFAULT '',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    -- 1 when the meeting has a visio room (the territory's provider).
    visio BIGINT NOT NULL DEFAULT 0,
    -- An unguessable room name at the visio provider.
    room TEXT NOT NULL UNIQUE,
    -- scheduled, cancelled
    status TEXT NOT NULL DEFAULT 'scheduled',
    -- The iCalendar SEQUENCE: raised by each update or cancellation sent.
    sequence BIGINT NOT NULL DEFAULT 0,
    -- Markdown.
    minutes TEXT NOT NULL DEFAULT '',
    organizer_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_space_start ON meeting (space_id, starts_at);

CREATE TABLE meeting_invitee (
    meeting_id BIGINT NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    -- pending, yes, no, proxy
    answer TEXT NOT NULL DEFAULT 'pending',
    -- Who holds this invitee's proxy (answer 'proxy').
    proxy_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    answered_at TEXT,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_invitee_person ON meeting_invitee (person_id);

-- Secret feed addresses: only the SHA-256 of the secret is kept. A feed
-- with a space is that space's meetings; without, the person's invitations.
CREATE TABLE calendar_feed (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    space_id BIGINT REFERENCES space (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feed_owner ON calendar_feed (person_id, space_id);

-- The iCalendar invitation sent with an outbox email.
CREATE TABLE outbox_calendar (
    outbox_id BIGINT PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    -- REQUEST, CANCEL
    method TEXT NOT NULL,
    body TEXT NOT NULL
);

-- One proxy per holder for a meeting (NULLs, the usual case, are distinct).
CREATE UNIQUE INDEX meeting_invitee_proxy ON meeting_invitee (meeting_id, proxy_id);
