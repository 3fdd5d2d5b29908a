-- +goose Up
-- Fair lists are ordered by starts_at (newest first); without these indexes
-- every page sorts the whole table.
CREATE INDEX fairs_starts_at ON fairs (starts_at, id);
CREATE INDEX fairs_city_starts_at ON fairs (city, starts_at, id);

-- +goose Down
DROP INDEX fairs_city_starts_at;
DROP INDEX fairs_starts_at;
