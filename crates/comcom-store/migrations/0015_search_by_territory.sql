-- Search latency: a query reads only its territory's postings, and the
-- ranking reads only small rows.
--
-- 1. The posting's key starts with the territory, so a common word's
--    postings are read for one territory, not for all of them.
-- 2. The text that snippets are cut from moves to a table of its own: ranking
--    joins thousands of search_doc rows, which stay small (on SQLite a long
--    text in the row pushed the columns after it onto overflow pages).

CREATE TABLE search_posting_by_territory (
    territory_id BIGINT NOT NULL,
    term TEXT NOT NULL,
    doc_id BIGINT NOT NULL
        CONSTRAINT search_posting_doc_id_fkey REFERENCES search_doc (id) ON DELETE CASCADE,
    in_title BIGINT NOT NULL,
    CONSTRAINT search_posting_key PRIMARY KEY (territory_id, term, doc_id)
);
INSERT INTO search_posting_by_territory (territory_id, term, doc_id, in_title)
SELECT d.territory_id, p.term, p.doc_id, p.in_title
FROM search_posting p JOIN search_doc d ON d.id = p.doc_id;
DROP TABLE search_posting;
ALTER TABLE search_posting_by_territory RENAME TO search_posting;
CREATE INDEX search_posting_doc ON search_posting (doc_id);

CREATE TABLE search_text (
    doc_id BIGINT PRIMARY KEY REFERENCES search_doc (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);
INSERT INTO search_text (doc_id, body) SELECT id, body FROM search_doc;
ALTER TABLE search_doc DROP COLUMN body;
