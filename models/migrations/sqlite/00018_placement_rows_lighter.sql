-- +goose Up
-- PostgreSQL's 00018 makes each placement row cheaper to write there: ID
-- hashes compared byte by byte (as SQLite's BINARY collation always does),
-- the city checked against a list, names searched by pairs of characters
-- alone (SQLite searches them through its FTS5 trigram table). Nothing
-- changes here; the version keeps both databases' schemas numbered alike.
SELECT 1;

-- +goose Down
SELECT 1;
