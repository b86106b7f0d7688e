-- How many chapters a work had when the reader last viewed it, so the
-- chapters added since can be told apart ("new chapters in works you
-- bookmarked"). NULL for an entry made before this column, or only by a
-- chapter read elsewhere: nothing is known to be new then.
ALTER TABLE reading_history ADD COLUMN chapters_seen INTEGER;
