-- +goose Up
-- What an organiser is decides who may hold the plan's public-service fairs.
-- Organisers already registered count as 'other' until an admin says otherwise.
ALTER TABLE users ADD COLUMN organisation_kind TEXT NOT NULL DEFAULT '';
UPDATE users SET organisation_kind = 'other' WHERE role = 'organiser';

-- A fair is a special fair (专场) or a general one (综合); the plan counts the
-- special ones. Every fair so far was counted as one, so they stay special,
-- and their count starts as the count of held fairs.
ALTER TABLE fairs ADD COLUMN kind TEXT NOT NULL DEFAULT 'special';
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT grain, period, city, 'fair_special', n FROM tallies WHERE metric = 'fair_held';

-- Outreach visits (送政策、送岗位、送服务): one row a visit. items holds the
-- codes as ",policy,jobs," so that a LIKE '%,jobs,%' filter matches whole codes.
CREATE TABLE visits (
    id BIGSERIAL PRIMARY KEY,
    visited_on DATE NOT NULL,
    city TEXT NOT NULL REFERENCES cities(name),
    kind TEXT NOT NULL,
    place TEXT NOT NULL,
    items TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX visits_on ON visits (visited_on, id);
CREATE INDEX visits_city_on ON visits (city, visited_on, id);

-- The visits goal is counted from the visits now; figures reported for it
-- before stay in goal_reports, read by nothing.
UPDATE goals SET source = 'computed', kind = 'count' WHERE code = 'service_visits';

-- +goose Down
UPDATE goals SET source = 'reported', kind = 'flow' WHERE code = 'service_visits';
DROP TABLE visits;
DELETE FROM tallies WHERE metric IN ('fair_special', 'visits');
ALTER TABLE fairs DROP COLUMN kind;
ALTER TABLE users DROP COLUMN organisation_kind;
