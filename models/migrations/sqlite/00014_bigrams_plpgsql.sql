-- +goose Up
-- PostgreSQL's search_bigrams becomes a loop; SQLite searches through FTS5
-- and has nothing to change.
SELECT 1;

-- +goose Down
SELECT 1;
