-- +goose Up
-- PostgreSQL's 00017 lets summary rows be updated within their page. SQLite
-- rewrites an updated row's index entries either way, and its rollups read
-- n from the tallies_by_metric index alone: nothing changes here. The
-- version keeps both databases' schemas numbered alike.
SELECT 1;

-- +goose Down
SELECT 1;
