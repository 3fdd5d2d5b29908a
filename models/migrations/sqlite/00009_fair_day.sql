-- +goose Up
-- Fair day: job seekers register for a planned fair and get a ticket (an
-- unguessable random code), are checked in at the door, and employers record
-- intents (达成意向) at their booths. Only the name and phone are kept, for the
-- stated use; a year after the fair `jobfair purge` clears them and keeps the
-- rows, so the counts stand. phone is NULL once cleared.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    fair_id INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
    ticket TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    walk_in BOOLEAN NOT NULL DEFAULT FALSE,
    registered_at TIMESTAMP NOT NULL,
    checked_in_at TIMESTAMP,
    checked_in_by INTEGER,
    UNIQUE (fair_id, phone)
);
CREATE INDEX registrations_fair_checkin ON registrations (fair_id, checked_in_at, id);

CREATE TABLE intents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    fair_id INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    employer_id INTEGER NOT NULL REFERENCES employers(id),
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (registration_id, job_id)
);
CREATE INDEX intents_fair ON intents (fair_id, id);
CREATE INDEX intents_fair_employer ON intents (fair_id, employer_id, id);

-- A decline says why.
ALTER TABLE signups ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- What a job seeker needs to act on a vacancy.
ALTER TABLE jobs ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';

-- Notices to users: a sign-up decided, a month returned or reopened.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

-- +goose Down
DROP TABLE notifications;
ALTER TABLE jobs DROP COLUMN contact_phone;
ALTER TABLE jobs DROP COLUMN contact_name;
ALTER TABLE jobs DROP COLUMN description;
ALTER TABLE signups DROP COLUMN reason;
DROP TABLE intents;
DROP TABLE registrations;
