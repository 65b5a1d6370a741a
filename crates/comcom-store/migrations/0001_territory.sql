-- Territories (EPCIs) and their member communes, from the official catalogue.
CREATE TABLE territory (
    id {{ID}},
    siren TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    department TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    population_municipale BIGINT NOT NULL,
    population_totale BIGINT NOT NULL,
    -- Public base URL, for territories other than the instance's first one
    -- (whose URL comes from COMCOM_PUBLIC_URL); public_host is its lower-cased
    -- host[:port], the key requests are routed by.
    public_url TEXT,
    public_host TEXT UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE commune (
    id {{ID}},
    territory_id BIGINT NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    insee_code TEXT NOT NULL,
    siren TEXT NOT NULL,
    name TEXT NOT NULL,
    population_municipale BIGINT NOT NULL,
    population_totale BIGINT NOT NULL,
    website TEXT,
    UNIQUE (territory_id, insee_code)
);
