-- Membership of the extranet (issue 5): invitations into a space, the
-- agents a mayor designates to manage the commune's people, the audit log,
-- and requests to delete one's personal data.

-- An invitation into a space with a role. Only the SHA-256 of the emailed
-- link's secret is stored; the link works once, before it expires.
CREATE TABLE space_invitation (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    -- facilitator, member, reader
    role TEXT NOT NULL,
    invited_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- pending, accepted, declined, cancelled
    status TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX space_invitation_person ON space_invitation (person_id, status);
CREATE INDEX space_invitation_space ON space_invitation (space_id, status);

-- The commune's agents designated by its mayor (or an administrator) to
-- manage the commune's people along with the mayor.
CREATE TABLE commune_agent (
    id {{ID}},
    commune_id BIGINT NOT NULL REFERENCES commune (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    designated_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (commune_id, person_id)
);
CREATE INDEX commune_agent_person ON commune_agent (person_id);

-- Append-only: comcom never updates or deletes a row. No foreign keys, so
-- that deleting a space or a territory does not erase its history; people
-- are referred to by id only (their name is read from `person`, so a
-- deleted person's name disappears from the log as well).
CREATE TABLE audit_event (
    id {{ID}},
    at TEXT NOT NULL,
    territory_id BIGINT,
    -- membership.invited, membership.joined, permission.admin_granted, …
    kind TEXT NOT NULL,
    actor_id BIGINT,
    target_person_id BIGINT,
    space_id BIGINT,
    commune_id BIGINT,
    -- A short free text: a role code, a mandate, a document's name…
    detail TEXT NOT NULL DEFAULT '',
    request_id TEXT
);
CREATE INDEX audit_event_territory ON audit_event (territory_id, id);
CREATE INDEX audit_event_kind ON audit_event (kind, id);
CREATE INDEX audit_event_target ON audit_event (target_person_id);

-- A person's request that their personal data be deleted.
CREATE TABLE deletion_request (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    territory_id BIGINT,
    -- pending, done, cancelled
    status TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    done_at TEXT,
    done_by BIGINT REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX deletion_request_status ON deletion_request (status, id);

-- Set when a person's data was deleted (the row stays, anonymised, so that
-- what they published keeps an author).
ALTER TABLE person ADD COLUMN deleted_at TEXT;
