-- +goose Up
-- The index that keeps a person to one placement a year is ordered by year
-- first, (year, id_hash) instead of (id_hash, year): a year's new placements
-- go into that year's part of it instead of random places all over the
-- province's history, which every import and every placement written paid
-- for. A person is looked up by hash in each year that holds placements
-- (placementYears).
ALTER TABLE placements DROP CONSTRAINT placements_id_hash_year_key;
ALTER TABLE placements ADD CONSTRAINT placements_year_id_hash_key UNIQUE (year, id_hash);
-- The graduates that name a placement are found through an index: without
-- it, deleting one placement read every graduate (for ON DELETE SET NULL).
CREATE INDEX graduates_placement ON graduates (placement_id);

-- +goose Down
ALTER TABLE placements DROP CONSTRAINT placements_year_id_hash_key;
ALTER TABLE placements ADD CONSTRAINT placements_id_hash_year_key UNIQUE (id_hash, year);
DROP INDEX graduates_placement;
