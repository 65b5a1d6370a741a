-- News (actualités) in every space, the communes they concern, and their image.

CREATE TABLE article (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES person (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    body TEXT NOT NULL,
    -- draft, published (visible from publish_at on, which may be in the future)
    status TEXT NOT NULL,
    publish_at TEXT,
    image_data {{BLOB}},
    image_type TEXT,
    image_alt TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX article_space ON article (space_id, status, publish_at);
CREATE INDEX article_territory ON article (territory_id, status, publish_at);

CREATE TABLE article_commune (
    article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    commune_id BIGINT NOT NULL REFERENCES commune (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, commune_id)
);
CREATE INDEX article_commune_commune ON article_commune (commune_id);
