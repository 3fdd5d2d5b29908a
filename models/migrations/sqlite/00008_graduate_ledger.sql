-- +goose Up
-- The graduate ledger (离校未就业高校毕业生实名制服务台账): one row a graduate and
-- graduation year. The ID number is kept only as its keyed hash (to recognise
-- the person, also among placements) and masked. The columns after
-- registered_on are derived from the contacts, services and placements, kept
-- up to date by every write so that lists filter and the rates count without
-- reading the logs.
CREATE TABLE graduates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_name TEXT NOT NULL,
    id_hash TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    school TEXT NOT NULL,
    major TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL,
    graduation_year INTEGER NOT NULL,
    city TEXT NOT NULL REFERENCES cities(name),
    phone TEXT NOT NULL DEFAULT '',
    needy_family BOOLEAN NOT NULL DEFAULT FALSE,
    wants_job BOOLEAN NOT NULL DEFAULT TRUE,
    registered_on DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'registered',
    services_1131 BOOLEAN NOT NULL DEFAULT FALSE,
    n_policy INTEGER NOT NULL DEFAULT 0,
    n_guidance INTEGER NOT NULL DEFAULT 0,
    n_job_referral INTEGER NOT NULL DEFAULT 0,
    n_training INTEGER NOT NULL DEFAULT 0,
    n_internship INTEGER NOT NULL DEFAULT 0,
    contacts_count INTEGER NOT NULL DEFAULT 0,
    first_reached_on DATE,
    first_service_on DATE,
    last_contact_on DATE,
    employed_on DATE,
    placement_id INTEGER REFERENCES placements(id) ON DELETE SET NULL,
    organisation TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (id_hash, graduation_year)
);
CREATE INDEX graduates_year ON graduates (graduation_year, registered_on, id);
CREATE INDEX graduates_year_city ON graduates (graduation_year, city, registered_on, id);
CREATE INDEX graduates_city ON graduates (city, registered_on, id);
CREATE INDEX graduates_registered ON graduates (registered_on, id);

-- 回访: each contact with a graduate, reached or not.
CREATE TABLE graduate_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    graduate_id INTEGER NOT NULL REFERENCES graduates(id) ON DELETE CASCADE,
    contacted_on DATE NOT NULL,
    channel TEXT NOT NULL,
    reached BOOLEAN NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX graduate_contacts_graduate ON graduate_contacts (graduate_id, contacted_on, id);

-- The "1131" services: policy, guidance, job referrals, training or internship.
CREATE TABLE graduate_services (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    graduate_id INTEGER NOT NULL REFERENCES graduates(id) ON DELETE CASCADE,
    served_on DATE NOT NULL,
    kind TEXT NOT NULL,
    job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX graduate_services_graduate ON graduate_services (graduate_id, served_on, id);
CREATE INDEX graduate_services_job ON graduate_services (job_id);

-- The plan's three graduate rates are counted from the ledger now; figures
-- reported for them before stay in goal_reports, read by nothing.
UPDATE goals SET source = 'computed', kind = 'rate'
    WHERE code IN ('graduate_followup_rate', 'graduate_service_rate', 'needy_family_graduate_employment_rate');

-- +goose Down
UPDATE goals SET source = 'reported', kind = 'stock'
    WHERE code IN ('graduate_followup_rate', 'graduate_service_rate', 'needy_family_graduate_employment_rate');
DELETE FROM tallies WHERE metric LIKE 'graduates%';
DROP TABLE graduate_services;
DROP TABLE graduate_contacts;
DROP TABLE graduates;
