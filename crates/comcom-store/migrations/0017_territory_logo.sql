-- The territory's logo, shown in the letters' layout and the site's header.
-- PNG or JPEG only (checked by their bytes), 512 KB at most; one per territory.
CREATE TABLE territory_logo (
    territory_id BIGINT PRIMARY KEY REFERENCES territory (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    data {{BLOB}} NOT NULL,
    updated_at TEXT NOT NULL
);
