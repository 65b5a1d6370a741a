-- Outbound syndication: categories of news (per territory), which way each
-- category flows under the charter, and the decisions of commune agents on
-- interco items for their commune's zone (when the charter asks for approval).

CREATE TABLE category (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (territory_id, slug)
);

CREATE TABLE article_category (
    article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES category (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, category_id)
);
CREATE INDEX article_category_category ON article_category (category_id);

-- Which way a category's items flow (the charter's "categories and
-- directions"). Without a row a category flows both ways.
CREATE TABLE syndication_charter_category (
    category_id BIGINT PRIMARY KEY REFERENCES category (id) ON DELETE CASCADE,
    -- 1 when the interco's items of this category go to communes' zones.
    outbound BIGINT NOT NULL,
    -- 1 when communes' items of this category come to the interco's site.
    inbound BIGINT NOT NULL
);

-- A commune agent's decision on one interco article for the commune's zone.
CREATE TABLE zone_decision (
    article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    commune_id BIGINT NOT NULL REFERENCES commune (id) ON DELETE CASCADE,
    -- accepted, refused
    decision TEXT NOT NULL,
    decided_by BIGINT REFERENCES person (id) ON DELETE SET NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (article_id, commune_id)
);
CREATE INDEX zone_decision_commune ON zone_decision (commune_id, decision);
