-- +goose Up
-- Text search (q=) reads an index instead of scanning. Each searched table
-- has a contentless FTS5 table with the trigram tokenizer, kept up to date by
-- triggers, so that every way of writing (one record, bulk imports, the demo)
-- keeps it current. Each indexed value ends with char(1), which no text holds:
-- every two characters of a text then begin one of its trigrams, and a word of
-- two characters is looked up among the trigrams it begins (the *_search_terms
-- vocabulary, which lists each trigram's rows). The index only narrows the rows: the list still checks the
-- words with LIKE, so it finds exactly what it found before. Needs a binary
-- built with -tags sqlite_fts5.
CREATE VIRTUAL TABLE jobs_search USING fts5(title, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE jobs_search_terms USING fts5vocab(jobs_search, 'instance');
INSERT INTO jobs_search (rowid, title) SELECT id, title || char(1) FROM jobs;
-- +goose StatementBegin
CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_search (rowid, title) VALUES (new.id, new.title || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER jobs_search_update AFTER UPDATE OF id, title ON jobs BEGIN
    DELETE FROM jobs_search WHERE rowid = old.id;
    INSERT INTO jobs_search (rowid, title) VALUES (new.id, new.title || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN
    DELETE FROM jobs_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE employers_search USING fts5(name, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE employers_search_terms USING fts5vocab(employers_search, 'instance');
INSERT INTO employers_search (rowid, name) SELECT id, name || char(1) FROM employers;
-- +goose StatementBegin
CREATE TRIGGER employers_search_insert AFTER INSERT ON employers BEGIN
    INSERT INTO employers_search (rowid, name) VALUES (new.id, new.name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employers_search_update AFTER UPDATE OF id, name ON employers BEGIN
    DELETE FROM employers_search WHERE rowid = old.id;
    INSERT INTO employers_search (rowid, name) VALUES (new.id, new.name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employers_search_delete AFTER DELETE ON employers BEGIN
    DELETE FROM employers_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE fairs_search USING fts5(title, venue, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE fairs_search_terms USING fts5vocab(fairs_search, 'instance');
INSERT INTO fairs_search (rowid, title, venue) SELECT id, title || char(1), venue || char(1) FROM fairs;
-- +goose StatementBegin
CREATE TRIGGER fairs_search_insert AFTER INSERT ON fairs BEGIN
    INSERT INTO fairs_search (rowid, title, venue) VALUES (new.id, new.title || char(1), new.venue || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fairs_search_update AFTER UPDATE OF id, title, venue ON fairs BEGIN
    DELETE FROM fairs_search WHERE rowid = old.id;
    INSERT INTO fairs_search (rowid, title, venue) VALUES (new.id, new.title || char(1), new.venue || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fairs_search_delete AFTER DELETE ON fairs BEGIN
    DELETE FROM fairs_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE placements_search USING fts5(person_name, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE placements_search_terms USING fts5vocab(placements_search, 'instance');
INSERT INTO placements_search (rowid, person_name) SELECT id, person_name || char(1) FROM placements;
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

CREATE VIRTUAL TABLE graduates_search USING fts5(person_name, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE graduates_search_terms USING fts5vocab(graduates_search, 'instance');
INSERT INTO graduates_search (rowid, person_name) SELECT id, person_name || char(1) FROM graduates;
-- +goose StatementBegin
CREATE TRIGGER graduates_search_insert AFTER INSERT ON graduates BEGIN
    INSERT INTO graduates_search (rowid, person_name) VALUES (new.id, new.person_name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER graduates_search_update AFTER UPDATE OF id, person_name ON graduates BEGIN
    DELETE FROM graduates_search WHERE rowid = old.id;
    INSERT INTO graduates_search (rowid, person_name) VALUES (new.id, new.person_name || char(1));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER graduates_search_delete AFTER DELETE ON graduates BEGIN
    DELETE FROM graduates_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose Down

DROP TRIGGER jobs_search_insert;
DROP TRIGGER jobs_search_update;
DROP TRIGGER jobs_search_delete;
DROP TABLE jobs_search_terms;
DROP TABLE jobs_search;

DROP TRIGGER employers_search_insert;
DROP TRIGGER employers_search_update;
DROP TRIGGER employers_search_delete;
DROP TABLE employers_search_terms;
DROP TABLE employers_search;

DROP TRIGGER fairs_search_insert;
DROP TRIGGER fairs_search_update;
DROP TRIGGER fairs_search_delete;
DROP TABLE fairs_search_terms;
DROP TABLE fairs_search;

DROP TRIGGER placements_search_insert;
DROP TRIGGER placements_search_update;
DROP TRIGGER placements_search_delete;
DROP TABLE placements_search_terms;
DROP TABLE placements_search;

DROP TRIGGER graduates_search_insert;
DROP TRIGGER graduates_search_update;
DROP TRIGGER graduates_search_delete;
DROP TABLE graduates_search_terms;
DROP TABLE graduates_search;
