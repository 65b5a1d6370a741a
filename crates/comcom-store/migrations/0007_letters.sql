-- Letters to elected officials (lettre aux élus): the letter, saved
-- audiences, one delivery row per letter and recipient, unsubscriptions,
-- bounces per address, and who may compose letters besides administrators.

CREATE TABLE letter (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    -- Markdown; a line holding only a link to a page of the site becomes a card.
    body TEXT NOT NULL,
    -- draft, scheduled, sending, paused, cancelled, sent
    status TEXT NOT NULL,
    -- The audience definition: selectors separated by commas
    -- (councillors, mayors, community, development_council, commune:ID, space:ID, saved:ID).
    audience TEXT NOT NULL,
    -- 1: the archive page is public; 0: its recipients and editors only.
    public BIGINT NOT NULL DEFAULT 0,
    scheduled_at TEXT,
    started_at TEXT,
    sent_at TEXT,
    created_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The sending node's lease on the letter, renewed while it sends.
    locked_by TEXT,
    locked_until TEXT
);
CREATE INDEX letter_territory ON letter (territory_id, status);

CREATE TABLE letter_audience (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (territory_id, name)
);

-- One row per letter and recipient, made when sending starts; its Message-ID
-- is fixed here, so that a message sent again after a crash keeps it.
CREATE TABLE letter_delivery (
    id {{ID}},
    letter_id BIGINT NOT NULL REFERENCES letter (id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    address TEXT NOT NULL,
    display_name TEXT NOT NULL,
    -- pending, sending, sent, failed_temp, failed_perm, skipped_unsubscribed, skipped_bounced
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    error TEXT,
    sent_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (letter_id, address)
);
CREATE INDEX letter_delivery_due ON letter_delivery (letter_id, state, next_attempt_at);

-- Unsubscribe links: SHA-256 of the token (the token itself is derived from
-- an instance key and never stored).
CREATE TABLE letter_unsubscribe_token (
    token_hash TEXT PRIMARY KEY,
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    address TEXT NOT NULL
);

CREATE TABLE letter_unsubscription (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    person_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (territory_id, address)
);

-- Delivery status notifications read by `comcom mail bounces`.
CREATE TABLE mail_bounce (
    address TEXT PRIMARY KEY,
    hard_count BIGINT NOT NULL DEFAULT 0,
    soft_count BIGINT NOT NULL DEFAULT 0,
    last_status TEXT NOT NULL,
    last_at TEXT NOT NULL,
    -- 1 once sending to the address stopped.
    stopped BIGINT NOT NULL DEFAULT 0
);

-- People who may compose and send letters without administering the territory.
CREATE TABLE letter_editor (
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (territory_id, person_id)
);
