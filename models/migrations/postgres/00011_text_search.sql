-- +goose Up
-- Text search (q=) reads an index instead of scanning: a pg_trgm GIN index
-- per searched column for words of three characters or more (ILIKE uses it),
-- and a GIN index of each column's pairs of characters (search_bigrams) for
-- words of two, which have no trigram. pg_trgm lives in one schema for the
-- whole database (public when this creates it); the advisory lock keeps two
-- schemas migrating at once from both creating it.
-- +goose StatementBegin
DO $$
DECLARE
    ext_schema text;
BEGIN
    PERFORM pg_advisory_xact_lock(7254017);
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE EXTENSION pg_trgm SCHEMA public;
    END IF;
    SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX jobs_title_trgm ON jobs USING gin (title %I.gin_trgm_ops)', ext_schema);
    EXECUTE format('CREATE INDEX employers_name_trgm ON employers USING gin (name %I.gin_trgm_ops)', ext_schema);
    EXECUTE format('CREATE INDEX fairs_title_trgm ON fairs USING gin (title %I.gin_trgm_ops)', ext_schema);
    EXECUTE format('CREATE INDEX fairs_venue_trgm ON fairs USING gin (venue %I.gin_trgm_ops)', ext_schema);
    EXECUTE format('CREATE INDEX placements_person_name_trgm ON placements USING gin (person_name %I.gin_trgm_ops)', ext_schema);
    EXECUTE format('CREATE INDEX graduates_person_name_trgm ON graduates USING gin (person_name %I.gin_trgm_ops)', ext_schema);
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION search_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(DISTINCT lower(substr(t, i, 2))), '{}') FROM generate_series(1, length(t) - 1) AS i
$$;
-- +goose StatementEnd
CREATE INDEX jobs_title_bigrams ON jobs USING gin (search_bigrams(title));
CREATE INDEX employers_name_bigrams ON employers USING gin (search_bigrams(name));
CREATE INDEX fairs_title_bigrams ON fairs USING gin (search_bigrams(title));
CREATE INDEX fairs_venue_bigrams ON fairs USING gin (search_bigrams(venue));
CREATE INDEX placements_person_name_bigrams ON placements USING gin (search_bigrams(person_name));
CREATE INDEX graduates_person_name_bigrams ON graduates USING gin (search_bigrams(person_name));

-- +goose Down
DROP INDEX jobs_title_trgm;
DROP INDEX jobs_title_bigrams;
DROP INDEX employers_name_trgm;
DROP INDEX employers_name_bigrams;
DROP INDEX fairs_title_trgm;
DROP INDEX fairs_title_bigrams;
DROP INDEX fairs_venue_trgm;
DROP INDEX fairs_venue_bigrams;
DROP INDEX placements_person_name_trgm;
DROP INDEX placements_person_name_bigrams;
DROP INDEX graduates_person_name_trgm;
DROP INDEX graduates_person_name_bigrams;
DROP FUNCTION search_bigrams(text);
