-- Inbound syndication: the feeds of the communes' own sites that comcom
-- polls, and the items read from them, which an interco agent accepts or
-- refuses when the charter says so.

CREATE TABLE feed_source (
    id {{ID}},
    commune_id BIGINT NOT NULL REFERENCES commune (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    -- The feed's own title, as last read (plain text).
    title TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    -- Validators of the last document, for conditional GET.
    etag TEXT,
    last_modified TEXT,
    next_poll_at TEXT NOT NULL,
    last_poll_at TEXT,
    last_success_at TEXT,
    -- The last error as a Fluent message id and its detail; NULL after a success.
    last_error TEXT,
    last_error_detail TEXT,
    last_error_at TEXT,
    failures BIGINT NOT NULL DEFAULT 0,
    -- The one poll job that may act for this source (a job claimed again
    -- after a lost lease finds it replaced and does nothing).
    poll_job_id BIGINT,
    UNIQUE (commune_id, url)
);

CREATE TABLE feed_item (
    id {{ID}},
    source_id BIGINT NOT NULL REFERENCES feed_source (id) ON DELETE CASCADE,
    -- id:…, link:… or hash:…, what identifies the item across polls.
    item_key TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    -- Sanitized HTML, URLs absolute.
    content_html TEXT NOT NULL,
    published_at TEXT,
    updated_at TEXT,
    first_seen_at TEXT NOT NULL,
    -- The item's date for ordering and retention: published, else first seen.
    sort_at TEXT NOT NULL,
    -- pending, accepted or refused.
    status TEXT NOT NULL,
    decided_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    decided_at TEXT,
    UNIQUE (source_id, item_key)
);
CREATE INDEX feed_item_status_sort ON feed_item (status, sort_at);
CREATE INDEX feed_source_next_poll ON feed_source (next_poll_at);
