-- Ficshelf schema version 6, after texts were filled: `chapters` gets its
-- text as a required reference, and the old per-work bodies go.
CREATE TABLE chapters_v5 (
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT,
    words BIGINT NOT NULL,
    notes_begin TEXT,
    notes_end TEXT,
    source_path TEXT NOT NULL,
    source_index INTEGER NOT NULL,
    stated_number INTEGER,
    sources TEXT,
    -- The chapter's text (see `texts`).
    text_sha256 TEXT NOT NULL REFERENCES texts (sha256),
    PRIMARY KEY (work_id, number)
);
INSERT INTO chapters_v5 (work_id, number, title, words, notes_begin, notes_end,
        source_path, source_index, stated_number, sources, text_sha256)
    SELECT work_id, number, title, words, notes_begin, notes_end,
        source_path, source_index, stated_number, sources, text_sha256
    FROM chapters;
DROP TABLE chapters;
ALTER TABLE chapters_v5 RENAME TO chapters;
CREATE INDEX chapters_by_text ON chapters (text_sha256);
DROP TABLE chapter_bodies;
