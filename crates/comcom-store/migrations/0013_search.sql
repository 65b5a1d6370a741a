-- Full-text search: our own inverted index, identical on SQLite and
-- PostgreSQL. A document is anything found by search (an article, a file, a
-- thread, a meeting), with the text its snippet is cut from; a posting says
-- that a document holds a term (a folded, stemmed word) and whether its
-- title does. The lexicon lists every term once, for prefix matching.

CREATE TABLE search_doc (
    id {{ID}},
    -- article, document, thread, meeting
    kind TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    path TEXT NOT NULL,
    -- 1: only those who may write in the space find it (drafts)
    writers_only BIGINT NOT NULL,
    -- readers find it from this time on (scheduled news); NULL: at once
    visible_from TEXT,
    -- the date results are sorted by, newest first
    sort_at TEXT NOT NULL,
    indexed_at TEXT NOT NULL,
    UNIQUE (kind, object_id)
);
CREATE INDEX search_doc_space ON search_doc (space_id);

CREATE TABLE search_posting (
    term TEXT NOT NULL,
    doc_id BIGINT NOT NULL REFERENCES search_doc (id) ON DELETE CASCADE,
    in_title BIGINT NOT NULL,
    PRIMARY KEY (term, doc_id)
);
CREATE INDEX search_posting_doc ON search_posting (doc_id);

CREATE TABLE search_lexicon (
    term TEXT PRIMARY KEY
);
