-- Indexes in the order the lists are read, so that a page of news or a
-- council is found without reading, then sorting, everything around it.
--
-- News lists go newest first by COALESCE(publish_at, created_at), then id.
-- The former indexes ended with publish_at alone: SQLite used them to filter
-- by date, then sorted every match, bodies included (on the department-scale
-- dataset, 4,800 articles of one territory for the five on its home page).
-- With the order in the index, the newest rows come first and reading stops
-- at the end of the page; drafts and scheduled articles are skipped on the way.
DROP INDEX article_territory;
DROP INDEX article_space;
CREATE INDEX article_territory_recent
    ON article (territory_id, status, (COALESCE(publish_at, created_at)), id);
CREATE INDEX article_space_recent
    ON article (space_id, (COALESCE(publish_at, created_at)), id);

-- A commune's council (commune pages) was a scan of every mandate: the
-- existing mandate_scope index starts with territory_id.
CREATE INDEX mandate_commune ON mandate (commune_id, role);
-- A territory's bureau (home pages): its president and vice-presidents only.
CREATE INDEX mandate_function ON mandate (territory_id, role, function);
