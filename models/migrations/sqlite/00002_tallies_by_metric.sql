-- +goose Up
-- Rollups ask the tallies for a few metrics over a range of periods; this index
-- answers them from the index alone (n included), so that a rollup reads only
-- the rows of the metrics it counts, whatever else the tallies hold.
CREATE INDEX tallies_by_metric ON tallies (grain, metric, period, city, n);

-- +goose Down
DROP INDEX tallies_by_metric;
