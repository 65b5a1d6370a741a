-- The syndication charter of a territory: what flows between the interco's
-- site and the communes' sites, and whether the receiving side approves each
-- item. One row per territory; without a row the defaults below apply.

CREATE TABLE syndication_charter (
    territory_id BIGINT PRIMARY KEY REFERENCES territory (id) ON DELETE CASCADE,
    -- The charter's text as agreed by the communes (Markdown), shown publicly.
    body TEXT NOT NULL,
    -- Commune items on the interco's site: approve (an interco agent accepts
    -- each one) or accept_all.
    inbound_approval TEXT NOT NULL,
    -- Interco items in a commune's zone: approve (a commune agent accepts
    -- each one) or accept_all.
    outbound_approval TEXT NOT NULL,
    -- How attribution is shown under a syndicated item (plain text).
    attribution TEXT NOT NULL,
    -- How long a syndicated item stays shown, in days.
    retention_days INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BIGINT REFERENCES person (id) ON DELETE SET NULL
);
