-- Ficshelf schema version 1.
--
-- Kept portable to PostgreSQL: plain tables, INTEGER/BIGINT/TEXT/BOOLEAN
-- columns, JSON kept as TEXT. The one SQLite spelling is the works id:
-- `INTEGER PRIMARY KEY AUTOINCREMENT` (a rowid that is never reused), which
-- PostgreSQL writes `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.

-- One row per work: every single-valued field of `Work`.
CREATE TABLE works (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- How import finds the work again (normalised title + authors, ...).
    identity_key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_inferred BOOLEAN NOT NULL,
    -- `Rating::as_str`, e.g. 'teen'.
    rating TEXT NOT NULL,
    rating_original TEXT,
    language TEXT,
    summary TEXT,
    disclaimer TEXT,
    notes_begin TEXT,
    notes_end TEXT,
    -- `Status::as_str` or NULL.
    status TEXT,
    words BIGINT NOT NULL,
    published TEXT,
    updated TEXT,
    -- JSON array of `Field`.
    fields TEXT NOT NULL,
    -- JSON object, a `Suggested`.
    suggested TEXT NOT NULL
);

-- The list-valued fields of `Work` (authors, tags, ...), one row per name,
-- so that names can be counted and searched.
CREATE TABLE work_tags (
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN (
        'author', 'warning', 'fandom', 'relationship', 'character', 'tag', 'category'
    )),
    -- 0-based place in the work's list of this kind.
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (work_id, kind, position)
);
CREATE INDEX work_tags_by_name ON work_tags (kind, name);

-- Files works were recovered from. A file belongs to at most one work.
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    -- 0-based place in the work's list of sources.
    position INTEGER NOT NULL,
    -- Lowercase hex SHA-256 of the file's bytes.
    sha256 TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    UNIQUE (work_id, position)
);

-- Chapter metadata; the text is in chapter_bodies.
CREATE TABLE chapters (
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    -- 1-based; chapters are listed in this order.
    number INTEGER NOT NULL,
    title TEXT,
    words BIGINT NOT NULL,
    notes_begin TEXT,
    notes_end TEXT,
    -- Where the text came from (the chapter's key): file and 0-based index in it.
    source_path TEXT NOT NULL,
    source_index INTEGER NOT NULL,
    -- The chapter number the file stated, if any.
    stated_number INTEGER,
    -- JSON array of the chapter's source paths; NULL means just source_path.
    sources TEXT,
    PRIMARY KEY (work_id, number)
);

-- Story text, keyed like chapters are keyed (not by number), so that
-- reordering chapters or re-importing an unchanged file rewrites no text.
CREATE TABLE chapter_bodies (
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    source_path TEXT NOT NULL,
    source_index INTEGER NOT NULL,
    -- The `ChapterBody` as JSON: its blocks (paragraphs, scene breaks,
    -- sanitised HTML) exactly as the importer produced them.
    body TEXT NOT NULL,
    PRIMARY KEY (work_id, source_path, source_index)
);
