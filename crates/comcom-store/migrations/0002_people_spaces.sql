-- People, their mandates and grants; accounts, sessions and one-time tokens;
-- spaces and memberships; the job queue and the email outbox.
-- Times are UTC text in one fixed format (YYYY-MM-DDTHH:MM:SS.ffffffZ), so
-- that text order is time order on both backends. Dates are YYYY-MM-DD.

CREATE TABLE instance_secret (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE person (
    id {{ID}},
    territory_id BIGINT REFERENCES territory (id) ON DELETE CASCADE,
    surname TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL,
    -- 'F' or 'M' from the RNE, for parity figures only.
    sex TEXT,
    -- Lower-cased; unique when known.
    email TEXT UNIQUE,
    phone TEXT,
    locale TEXT NOT NULL DEFAULT 'fr',
    organisation TEXT,
    -- Keyed hash of name and birth date from an RNE import (never the birth date).
    match_key TEXT UNIQUE,
    password_hash TEXT,
    -- Raised by "log out everywhere": sessions of an older epoch are void.
    session_epoch BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX person_territory ON person (territory_id);

CREATE TABLE mandate (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    commune_id BIGINT REFERENCES commune (id) ON DELETE CASCADE,
    -- community_councillor, interco_staff, municipal_councillor, commune_staff,
    -- development_council, inhabitant, partner
    role TEXT NOT NULL,
    -- president, vice_president, councillor (community); mayor, deputy_mayor,
    -- delegated_councillor, councillor (municipal); NULL for other roles.
    function TEXT,
    function_rank BIGINT,
    function_label TEXT,
    organisation TEXT,
    -- 'rne' (imported) or 'manual'
    source TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX mandate_person ON mandate (person_id);
CREATE INDEX mandate_scope ON mandate (territory_id, commune_id, role);

-- Administrator grants: territory_id NULL means the whole instance.
CREATE TABLE admin_grant (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    territory_id BIGINT REFERENCES territory (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX admin_grant_person ON admin_grant (person_id);

CREATE TABLE space (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    commune_id BIGINT REFERENCES commune (id) ON DELETE CASCADE,
    -- territory, commune, commission, working_group, mayors_conference, development_council
    kind TEXT NOT NULL,
    -- public, territory, restricted
    visibility TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (territory_id, slug)
);
CREATE UNIQUE INDEX space_commune ON space (commune_id);

CREATE TABLE membership (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    -- facilitator, member, reader
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (space_id, person_id)
);
CREATE INDEX membership_person ON membership (person_id);

-- One-time links: login, password reset, invitation. Only a hash is stored.
CREATE TABLE one_time_token (
    id {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    -- login, reset, invitation
    purpose TEXT NOT NULL,
    -- For invitations into a space: the space and the role offered.
    space_id BIGINT REFERENCES space (id) ON DELETE CASCADE,
    space_role TEXT,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE web_session (
    -- SHA-256 of the cookie's secret; the secret itself is never stored.
    id TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    epoch BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX web_session_person ON web_session (person_id);

-- Fixed-window counters for rate limits (login attempts, link requests).
CREATE TABLE rate_limit (
    bucket TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    hits BIGINT NOT NULL
);

-- Background work, claimed by one worker at a time; a job cut short runs again.
CREATE TABLE job (
    id {{ID}},
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL DEFAULT 8,
    locked_until TEXT,
    locked_by TEXT,
    last_error TEXT,
    done_at TEXT,
    failed_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX job_due ON job (done_at, failed_at, run_at);

-- Every email comcom sends goes through here; a 'send_email' job delivers it.
CREATE TABLE outbox (
    id {{ID}},
    message_id TEXT NOT NULL UNIQUE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    failed_at TEXT,
    last_error TEXT
);
