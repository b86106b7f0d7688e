-- Ficshelf schema version 6: immutable story text and the journal.
--
-- Texts are named by the SHA-256 of the stored body (content-addressed):
-- a chapter points at its text, a changed file adds new texts instead of
-- rewriting old ones, and the journal can point at every text ever
-- imported. Only a purge deletes texts, once nothing refers to them.
CREATE TABLE texts (
    sha256 TEXT PRIMARY KEY,
    -- The `ChapterBody` as JSON, exactly as hashed.
    body TEXT NOT NULL
);

-- Filled from chapter_bodies by the migration's own code (hashing is not
-- portable SQL), before 0006_journal_after.sql rebuilds `chapters`.
ALTER TABLE chapters ADD COLUMN text_sha256 TEXT;

-- What the user set by hand (`ficshelf edit`), JSON; NULL when nothing.
ALTER TABLE works ADD COLUMN edits TEXT;

-- Every change to works is an operation. PostgreSQL spells the key
-- `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.
CREATE TABLE operations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- import, analyze, merge, split, edit, delete, restore, undo, purge.
    kind TEXT NOT NULL,
    -- Seconds since the Unix epoch.
    at BIGINT NOT NULL,
    summary TEXT NOT NULL,
    -- For an undo: the operation it reverses.
    reverses BIGINT REFERENCES operations (id),
    -- The undo that reversed this operation, while that undo is in effect.
    reversed_by BIGINT REFERENCES operations (id),
    -- Works it touched were purged since: it can no longer be undone.
    purged BOOLEAN NOT NULL DEFAULT FALSE
);

-- What an operation did to one work. No foreign key to works: the record
-- outlives the work (that is the point).
CREATE TABLE operation_works (
    operation_id BIGINT NOT NULL REFERENCES operations (id),
    work_id BIGINT NOT NULL,
    -- The complete state before, JSON (a `WorkState`); NULL when the work
    -- did not exist (or was in the trash: trashed_before).
    before TEXT,
    trashed_before BOOLEAN NOT NULL,
    -- Fingerprint of the state after; NULL when the work was removed.
    after TEXT,
    trashed_after BOOLEAN NOT NULL,
    -- The change-log number of the record's latest write.
    change_seq BIGINT NOT NULL,
    PRIMARY KEY (operation_id, work_id)
);
CREATE INDEX operation_works_by_work ON operation_works (work_id, change_seq);
