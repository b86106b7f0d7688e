-- How many spine items an exported book has before its first chapter, so a
-- KOReader position (`/body/DocFragment[n]/…`) names a chapter. NULL for
-- the exports recorded before this column and for unknown books.
ALTER TABLE kosync_documents ADD COLUMN front_pages INTEGER;
