-- Documents attached to a meeting: documents of the meeting's space (the
-- file stays in the space's documents, with its versions and permissions);
-- one of them may be marked as the meeting's minutes.
CREATE TABLE meeting_document (
    meeting_id BIGINT NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    -- 1 for the document that holds the minutes (one per meeting at most).
    is_minutes BIGINT NOT NULL DEFAULT 0,
    attached_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    attached_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, document_id)
);
CREATE INDEX meeting_document_document ON meeting_document (document_id);
CREATE UNIQUE INDEX meeting_document_minutes ON meeting_document (meeting_id) WHERE is_minutes = 1;
