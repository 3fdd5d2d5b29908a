-- +goose Up
-- Every placement moves some summary rows (its day's and its month's, for
-- each metric), and a month's rows of a busy city are updated many times a
-- second. With n in an index (the INCLUDE of 00002) each update wrote a new
-- entry in both of the table's indexes, and the index lookups of the next
-- updates stepped over the dead versions until a vacuum. Without it, and
-- with room left in each page, PostgreSQL updates a row within its page
-- (a HOT update) and leaves the indexes alone: under concurrent placements
-- the upsert of a group's rows took 0.4–0.6 ms instead of 1.0–1.4 ms. A
-- rollup reads the few thousand rows it sums from the table, which it did
-- anyway for pages written since the last vacuum. Pages already full get
-- their room back as PostgreSQL prunes them.
DROP INDEX tallies_by_metric;
CREATE INDEX tallies_by_metric ON tallies (grain, metric, period, city);
ALTER TABLE tallies SET (fillfactor = 50);

-- +goose Down
ALTER TABLE tallies RESET (fillfactor);
DROP INDEX tallies_by_metric;
CREATE INDEX tallies_by_metric ON tallies (grain, metric, period, city) INCLUDE (n);
