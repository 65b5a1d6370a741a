-- Documents of a space: a tree of folders, documents with their versions.
-- The bytes live in the object store under `object_key` (a random id).

CREATE TABLE doc_folder (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    -- NULL: at the top of the space's documents.
    parent_id BIGINT REFERENCES doc_folder (id),
    name TEXT NOT NULL,
    created_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX doc_folder_space ON doc_folder (space_id, parent_id);

CREATE TABLE document (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    folder_id BIGINT REFERENCES doc_folder (id),
    name TEXT NOT NULL,
    -- The newest version (no foreign key: a version needs its document first).
    current_version_id BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- In the trash since then (restorable), by whom.
    trashed_at TEXT,
    trashed_by BIGINT REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX document_space ON document (space_id, folder_id, trashed_at);

CREATE TABLE document_version (
    id {{ID}},
    document_id BIGINT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    -- Recognised from the bytes, never from the name.
    content_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    uploaded_at TEXT NOT NULL,
    -- Text of a PDF for search, filled by the extract_document_text job.
    extracted_text TEXT,
    text_extracted_at TEXT,
    UNIQUE (document_id, number)
);
