-- +goose Up
CREATE TABLE cities (
    name TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    sort INTEGER NOT NULL
);
CREATE TABLE programmes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sort INTEGER NOT NULL
);
CREATE TABLE person_groups (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sort INTEGER NOT NULL
);

CREATE TABLE employers (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    city TEXT NOT NULL REFERENCES cities(name),
    industry TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX employers_city ON employers(city, id);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    employer_id BIGINT REFERENCES employers(id),
    organisation TEXT NOT NULL DEFAULT '',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE TABLE login_locks (
    key TEXT PRIMARY KEY,
    until TIMESTAMPTZ NOT NULL
);

CREATE TABLE fairs (
    id BIGSERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    city TEXT NOT NULL REFERENCES cities(name),
    venue TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    start_date DATE NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned',
    visitors INTEGER,
    employers_attended INTEGER,
    posts_offered INTEGER,
    intents INTEGER,
    organiser_id BIGINT REFERENCES users(id),
    organisation TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX fairs_start ON fairs(start_date, id);
CREATE INDEX fairs_city_start ON fairs(city, start_date);

CREATE TABLE fair_programmes (
    fair_id BIGINT NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
    programme TEXT NOT NULL REFERENCES programmes(code),
    PRIMARY KEY (fair_id, programme)
);
CREATE INDEX fair_programmes_programme ON fair_programmes(programme, fair_id);

CREATE TABLE signups (
    id BIGSERIAL PRIMARY KEY,
    fair_id BIGINT NOT NULL REFERENCES fairs(id),
    employer_id BIGINT NOT NULL REFERENCES employers(id),
    status TEXT NOT NULL DEFAULT 'pending',
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ,
    decided_by BIGINT REFERENCES users(id),
    UNIQUE (fair_id, employer_id)
);
CREATE INDEX signups_employer ON signups(employer_id);

CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    employer_id BIGINT NOT NULL REFERENCES employers(id),
    title TEXT NOT NULL,
    city TEXT NOT NULL REFERENCES cities(name),
    headcount INTEGER NOT NULL CHECK (headcount >= 1),
    for_graduates BOOLEAN NOT NULL DEFAULT FALSE,
    fair_id BIGINT REFERENCES fairs(id),
    posted_on DATE NOT NULL,
    salary_min INTEGER,
    salary_max INTEGER,
    education TEXT NOT NULL DEFAULT 'any',
    created_by BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_posted ON jobs(posted_on, id);
CREATE INDEX jobs_city_posted ON jobs(city, posted_on);
CREATE INDEX jobs_employer ON jobs(employer_id);
CREATE INDEX jobs_fair ON jobs(fair_id);

CREATE TABLE placements (
    id BIGSERIAL PRIMARY KEY,
    person_name TEXT NOT NULL,
    id_hash TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL,
    groups TEXT NOT NULL DEFAULT '',
    employer_id BIGINT NOT NULL REFERENCES employers(id),
    job_id BIGINT REFERENCES jobs(id),
    fair_id BIGINT REFERENCES fairs(id),
    city TEXT NOT NULL REFERENCES cities(name),
    placed_on DATE NOT NULL,
    year INTEGER NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (id_hash, year)
);
CREATE INDEX placements_placed ON placements(placed_on, id);
CREATE INDEX placements_city_placed ON placements(city, placed_on);
CREATE INDEX placements_employer ON placements(employer_id);
CREATE INDEX placements_job ON placements(job_id);
CREATE INDEX placements_fair ON placements(fair_id);

-- tallies: counts per day (grain 'd', period YYYY-MM-DD) and per month (grain 'm',
-- period YYYY-MM) x city x metric, kept in the same transaction as every write,
-- so that a rollup reads a few thousand rows, not the records.
CREATE TABLE tallies (
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    city TEXT NOT NULL,
    metric TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (grain, period, city, metric)
);

CREATE TABLE goals (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    scope TEXT NOT NULL,
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    comparison TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    carried_forward BOOLEAN NOT NULL DEFAULT FALSE,
    source_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (code, scope, year_from, year_to)
);

CREATE TABLE goal_reports (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL,
    period TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    value DOUBLE PRECISION NOT NULL,
    reported_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (code, period, city)
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    record_type TEXT NOT NULL DEFAULT '',
    record_id BIGINT,
    city TEXT NOT NULL DEFAULT '',
    changes TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_record ON audit_log(record_type, record_id);
