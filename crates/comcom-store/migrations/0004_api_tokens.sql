-- Personal access tokens of the JSON API. Only the SHA-256 of a token is
-- stored; the token itself is shown once, when it is made.

CREATE TABLE api_token (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- read, write
    scope TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- Updated at most once a minute, so that reading does not write on every call.
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_token_person ON api_token (person_id);
