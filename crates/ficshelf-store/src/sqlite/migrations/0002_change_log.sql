-- Ficshelf schema version 2: a change log.
--
-- Every save of a work, and every work changed or deleted because it lost a
-- source file to another work, appends one row. Derived data (the search
-- index) records the last sequence number it includes and catches up with
-- the works changed after it. PostgreSQL spells the key
-- `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    -- No foreign key: the row outlives a deleted work on purpose.
    work_id BIGINT NOT NULL
);

CREATE INDEX changes_by_work ON changes (work_id);
