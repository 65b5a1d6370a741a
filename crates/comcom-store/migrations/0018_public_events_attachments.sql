-- Syndication (issue 6): public events, a cheap zone version, attachments.

-- A meeting open to the public (a council's public session, a public
-- meeting): when its space is public too, it appears in the public
-- iCalendar feeds (/agenda.ics…), without its visio link or its invitees.
ALTER TABLE meeting ADD COLUMN open_to_public BIGINT NOT NULL DEFAULT 0;
CREATE INDEX meeting_public_start ON meeting (open_to_public, starts_at);

-- The newest change among a territory's articles, read by the zone version
-- (a revalidation answered 304 without rendering the zone).
CREATE INDEX article_territory_updated ON article (territory_id, updated_at);

-- Files attached to an article: in the object store under `object_key`,
-- their type recognised from the bytes, shown on the article's page and
-- carried by the feeds as enclosures.
CREATE TABLE article_attachment (
    id {{ID}},
    article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    object_key TEXT NOT NULL UNIQUE,
    -- The name given by the uploader (cleaned), for the download.
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    -- Order on the page and in the feeds (the first is RSS's one enclosure).
    position BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX article_attachment_article ON article_attachment (article_id, position);
