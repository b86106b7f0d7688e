-- Ficshelf schema: readers' records (accounts, sign-ins, bookmarks,
-- history, reading positions, KOReader sync, mutes).
--
-- Numbered 0006 because 0005 is being written on another branch; it is
-- applied after whatever migration precedes it in `migrate.rs`.
--
-- Portable as the earlier migrations: `users.id` is the one SQLite
-- spelling (PostgreSQL: `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`);
-- DOUBLE PRECISION and BOOLEAN are read by both. Times are Unix seconds.
-- Work ids are the library's ids as text, without a foreign key on
-- purpose: a reader's bookmarks and notes outlive a deleted work. Every
-- other table hangs off `users` with ON DELETE CASCADE, so deleting an
-- account deletes everything of it.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- The name's comparison key (lower case): one account per key.
    name_key TEXT NOT NULL UNIQUE,
    -- A PHC string, opaque to the store.
    password_hash TEXT NOT NULL,
    admin BOOLEAN NOT NULL,
    -- `Rating::as_str` or NULL for no limit.
    max_rating TEXT,
    -- JSON object, a `Preferences`.
    preferences TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Signed-in browsers, by the SHA-256 of their token (hex).
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    client TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Named tokens for API and feed clients, by the SHA-256 of the token.
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    UNIQUE (user_id, name)
);

-- The hash of each reader's KOReader sync key.
CREATE TABLE kosync_keys (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Book files KOReader names by partial MD5: which export of which work
-- each was (NULL work: a book the library does not know).
CREATE TABLE kosync_documents (
    document TEXT PRIMARY KEY,
    work_id TEXT,
    format TEXT,
    chapters INTEGER,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX kosync_documents_by_work ON kosync_documents (work_id);

-- KOReader's last position per reader and document, as sent.
CREATE TABLE kosync_progress (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    progress TEXT NOT NULL,
    percentage DOUBLE PRECISION NOT NULL,
    device TEXT NOT NULL,
    device_id TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, document)
);

-- Where each reader is in each chapter they opened.
CREATE TABLE reading_positions (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    work_id TEXT NOT NULL,
    chapter INTEGER NOT NULL,
    fraction DOUBLE PRECISION NOT NULL,
    locator TEXT,
    device TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, work_id, chapter)
);
CREATE INDEX reading_positions_by_time ON reading_positions (user_id, updated_at);

-- Works each reader viewed.
CREATE TABLE reading_history (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    work_id TEXT NOT NULL,
    first_viewed_at BIGINT NOT NULL,
    last_viewed_at BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    PRIMARY KEY (user_id, work_id)
);
CREATE INDEX reading_history_by_time ON reading_history (user_id, last_viewed_at);

-- Chapters each reader has read.
CREATE TABLE read_chapters (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    work_id TEXT NOT NULL,
    chapter INTEGER NOT NULL,
    read_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, work_id, chapter)
);

-- One bookmark per reader and work; its tags in `bookmark_tags`.
CREATE TABLE bookmarks (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    work_id TEXT NOT NULL,
    notes TEXT,
    private BOOLEAN NOT NULL,
    rec BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, work_id)
);
CREATE INDEX bookmarks_by_work ON bookmarks (work_id);

CREATE TABLE bookmark_tags (
    user_id BIGINT NOT NULL,
    work_id TEXT NOT NULL,
    -- 0-based place in the bookmark's list of tags.
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (user_id, work_id, position),
    FOREIGN KEY (user_id, work_id) REFERENCES bookmarks (user_id, work_id) ON DELETE CASCADE
);

CREATE TABLE marked_for_later (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    work_id TEXT NOT NULL,
    marked_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, work_id)
);

-- Tags and authors each reader never wants to see, as written.
CREATE TABLE mutes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN (
        'fandom', 'relationship', 'character', 'tag', 'warning', 'category',
        'language', 'author'
    )),
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind, value)
);
