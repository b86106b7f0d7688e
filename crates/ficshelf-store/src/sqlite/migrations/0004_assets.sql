-- Ficshelf schema version 4: images kept with works.

-- One row per distinct image, named by the SHA-256 of its bytes, so two
-- works (or two books of one work) with the same picture store it once.
-- PostgreSQL spells BLOB `BYTEA`.
CREATE TABLE assets (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    bytes BLOB NOT NULL
);

-- Which works use which images. A deleted work loses its links; images no
-- work links any more are swept by the store when it saves.
CREATE TABLE work_assets (
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES assets (sha256),
    PRIMARY KEY (work_id, sha256)
);
CREATE INDEX work_assets_by_asset ON work_assets (sha256);
