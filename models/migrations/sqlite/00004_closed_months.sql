-- +goose Up
-- Each city's month is open until the city's official submits it (上报) and a
-- province official closes it (结账). A month with no row is open. While a
-- month is submitted or closed, no write dated in it is accepted.
CREATE TABLE periods (
    period TEXT NOT NULL,
    city TEXT NOT NULL REFERENCES cities(name),
    status TEXT NOT NULL DEFAULT 'open',
    submitted_at TIMESTAMP,
    submitted_by TEXT,
    closed_at TIMESTAMP,
    closed_by TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (period, city)
);
CREATE INDEX periods_city ON periods(city, period);

-- Every move of a month, with who made it and why (returns and reopenings).
CREATE TABLE period_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    period TEXT NOT NULL,
    city TEXT NOT NULL,
    action TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id INTEGER,
    username TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX period_events_period ON period_events(period, city, id);

-- +goose Down
DROP TABLE period_events;
DROP TABLE periods;
