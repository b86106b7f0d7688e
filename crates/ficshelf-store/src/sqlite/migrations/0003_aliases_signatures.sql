-- Ficshelf schema version 3: more than one key per work, and analysis data
-- kept beside works.

-- Other keys a work is known by besides `works.identity_key`: a txt save's
-- title + authors beside an EPUB's original URL, or the key of a work that
-- was merged into this one. A key names one work.
CREATE TABLE work_aliases (
    key TEXT PRIMARY KEY,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE
);
CREATE INDEX work_aliases_by_work ON work_aliases (work_id);

-- A MinHash signature of each work's text, for near-duplicate search.
-- PostgreSQL spells BLOB `BYTEA`.
CREATE TABLE work_signatures (
    work_id BIGINT PRIMARY KEY REFERENCES works (id) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
