-- +goose Up
-- A year's placements of one person group, newest first: the list walked the
-- date index and tested each row's groups, so page 20 of a group held by one
-- placement in a hundred read 40,000 rows. A partial index per group gives
-- its rows in date order. The list writes the group's code into its SQL (a
-- bound parameter would hide it from the planner). Re-employed people, most
-- of all placements, need none: walking the date index finds them at once.
CREATE INDEX placements_graduate_placed ON placements (placed_on, id) WHERE groups LIKE '%,graduate,%';
CREATE INDEX placements_rural_migrant_placed ON placements (placed_on, id) WHERE groups LIKE '%,rural_migrant,%';
CREATE INDEX placements_poverty_alleviated_placed ON placements (placed_on, id) WHERE groups LIKE '%,poverty_alleviated,%';
CREATE INDEX placements_hard_to_employ_placed ON placements (placed_on, id) WHERE groups LIKE '%,hard_to_employ,%';
CREATE INDEX placements_veteran_placed ON placements (placed_on, id) WHERE groups LIKE '%,veteran,%';
CREATE INDEX placements_disabled_placed ON placements (placed_on, id) WHERE groups LIKE '%,disabled,%';

-- +goose Down
DROP INDEX placements_graduate_placed;
DROP INDEX placements_rural_migrant_placed;
DROP INDEX placements_poverty_alleviated_placed;
DROP INDEX placements_hard_to_employ_placed;
DROP INDEX placements_veteran_placed;
DROP INDEX placements_disabled_placed;
