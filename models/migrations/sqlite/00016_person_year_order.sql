-- +goose Up
-- The index that keeps a person to one placement a year is ordered by year
-- first, (year, id_hash) instead of (id_hash, year): a year's new placements
-- go into that year's part of it instead of random places all over the
-- province's history, which every import and every placement written paid
-- for. A person is looked up by hash in each year that holds placements
-- (placementYears). SQLite changes a table's UNIQUE only by copying the
-- table. Dropping the old one would set the graduates' placement_id to NULL
-- (ON DELETE SET NULL; a dropped table's triggers do not fire), so those are
-- kept aside and put back, with the table's sequence of ids.
--
-- The graduates that name a placement are found through an index: without
-- it, deleting one placement read every graduate (for ON DELETE SET NULL),
-- and dropping the table read them all once per placement.
CREATE INDEX graduates_placement ON graduates (placement_id);
CREATE TEMP TABLE kept_graduate_placements (id INTEGER PRIMARY KEY, placement_id INTEGER NOT NULL);
INSERT INTO kept_graduate_placements SELECT id, placement_id FROM graduates WHERE placement_id IS NOT NULL;
CREATE TEMP TABLE kept_placement_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'placements';
CREATE TABLE placements_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_name TEXT NOT NULL,
    id_hash TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL,
    groups TEXT NOT NULL DEFAULT '',
    employer_id INTEGER NOT NULL REFERENCES employers(id),
    job_id INTEGER REFERENCES jobs(id),
    fair_id INTEGER REFERENCES fairs(id),
    city TEXT NOT NULL REFERENCES cities(name),
    placed_on DATE NOT NULL,
    year INTEGER NOT NULL,
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (year, id_hash)
);
INSERT INTO placements_new (id, person_name, id_hash, id_masked, birth_date, sex, groups, employer_id, job_id, fair_id, city, placed_on, year, created_by, created_at) SELECT id, person_name, id_hash, id_masked, birth_date, sex, groups, employer_id, job_id, fair_id, city, placed_on, year, created_by, created_at FROM placements;
DROP TABLE placements;
ALTER TABLE placements_new RENAME TO placements;
DELETE FROM sqlite_sequence WHERE name = 'placements';
INSERT INTO sqlite_sequence (name, seq) SELECT 'placements', seq FROM kept_placement_sequence;
UPDATE graduates SET placement_id = (SELECT k.placement_id FROM kept_graduate_placements k WHERE k.id = graduates.id)
    WHERE id IN (SELECT id FROM kept_graduate_placements);
DROP TABLE kept_graduate_placements;
DROP TABLE kept_placement_sequence;
CREATE INDEX placements_placed ON placements (placed_on, id);
CREATE INDEX placements_city_placed ON placements (city, placed_on);
CREATE INDEX placements_employer ON placements (employer_id);
CREATE INDEX placements_job ON placements (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX placements_fair ON placements (fair_id) WHERE fair_id IS NOT NULL;
CREATE INDEX placements_graduate_placed ON placements (placed_on, id) WHERE groups LIKE '%,graduate,%';
CREATE INDEX placements_rural_migrant_placed ON placements (placed_on, id) WHERE groups LIKE '%,rural_migrant,%';
CREATE INDEX placements_poverty_alleviated_placed ON placements (placed_on, id) WHERE groups LIKE '%,poverty_alleviated,%';
CREATE INDEX placements_hard_to_employ_placed ON placements (placed_on, id) WHERE groups LIKE '%,hard_to_employ,%';
CREATE INDEX placements_veteran_placed ON placements (placed_on, id) WHERE groups LIKE '%,veteran,%';
CREATE INDEX placements_disabled_placed ON placements (placed_on, id) WHERE groups LIKE '%,disabled,%';
-- +goose StatementBegin
CREATE TRIGGER placements_search_insert AFTER INSERT ON placements BEGIN
    INSERT INTO placements_search (rowid, person_name) VALUES (new.id, new.person_name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_search_update AFTER UPDATE OF id, person_name ON placements BEGIN
    DELETE FROM placements_search WHERE rowid = old.id;
    INSERT INTO placements_search (rowid, person_name) VALUES (new.id, new.person_name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_search_delete AFTER DELETE ON placements BEGIN
    DELETE FROM placements_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose Down
CREATE TEMP TABLE kept_graduate_placements (id INTEGER PRIMARY KEY, placement_id INTEGER NOT NULL);
INSERT INTO kept_graduate_placements SELECT id, placement_id FROM graduates WHERE placement_id IS NOT NULL;
CREATE TEMP TABLE kept_placement_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'placements';
CREATE TABLE placements_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_name TEXT NOT NULL,
    id_hash TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL,
    groups TEXT NOT NULL DEFAULT '',
    employer_id INTEGER NOT NULL REFERENCES employers(id),
    job_id INTEGER REFERENCES jobs(id),
    fair_id INTEGER REFERENCES fairs(id),
    city TEXT NOT NULL REFERENCES cities(name),
    placed_on DATE NOT NULL,
    year INTEGER NOT NULL,
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (id_hash, year)
);
INSERT INTO placements_new (id, person_name, id_hash, id_masked, birth_date, sex, groups, employer_id, job_id, fair_id, city, placed_on, year, created_by, created_at) SELECT id, person_name, id_hash, id_masked, birth_date, sex, groups, employer_id, job_id, fair_id, city, placed_on, year, created_by, created_at FROM placements;
DROP TABLE placements;
ALTER TABLE placements_new RENAME TO placements;
DELETE FROM sqlite_sequence WHERE name = 'placements';
INSERT INTO sqlite_sequence (name, seq) SELECT 'placements', seq FROM kept_placement_sequence;
UPDATE graduates SET placement_id = (SELECT k.placement_id FROM kept_graduate_placements k WHERE k.id = graduates.id)
    WHERE id IN (SELECT id FROM kept_graduate_placements);
DROP TABLE kept_graduate_placements;
DROP TABLE kept_placement_sequence;
CREATE INDEX placements_placed ON placements (placed_on, id);
CREATE INDEX placements_city_placed ON placements (city, placed_on);
CREATE INDEX placements_employer ON placements (employer_id);
CREATE INDEX placements_job ON placements (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX placements_fair ON placements (fair_id) WHERE fair_id IS NOT NULL;
CREATE INDEX placements_graduate_placed ON placements (placed_on, id) WHERE groups LIKE '%,graduate,%';
CREATE INDEX placements_rural_migrant_placed ON placements (placed_on, id) WHERE groups LIKE '%,rural_migrant,%';
CREATE INDEX placements_poverty_alleviated_placed ON placements (placed_on, id) WHERE groups LIKE '%,poverty_alleviated,%';
CREATE INDEX placements_hard_to_employ_placed ON placements (placed_on, id) WHERE groups LIKE '%,hard_to_employ,%';
CREATE INDEX placements_veteran_placed ON placements (placed_on, id) WHERE groups LIKE '%,veteran,%';
CREATE INDEX placements_disabled_placed ON placements (placed_on, id) WHERE groups LIKE '%,disabled,%';
-- +goose StatementBegin
CREATE TRIGGER placements_search_insert AFTER INSERT ON placements BEGIN
    INSERT INTO placements_search (rowid, person_name) VALUES (new.id, new.person_name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_search_update AFTER UPDATE OF id, person_name ON placements BEGIN
    DELETE FROM placements_search WHERE rowid = old.id;
    INSERT INTO placements_search (rowid, person_name) VALUES (new.id, new.person_name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER placements_search_delete AFTER DELETE ON placements BEGIN
    DELETE FROM placements_search WHERE rowid = old.id;
END;
-- +goose StatementEnd
DROP INDEX graduates_placement;
