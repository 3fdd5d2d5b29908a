-- +goose Up
-- The sign-ups list shows pending ones first, then the newest: its first page
-- sorted every sign-up of three years (41,000, 150 ms). This index holds them
-- in that order; the list's ORDER BY is the same expression. Filtered by a
-- status, the list reads the second index newest first.
CREATE INDEX signups_pending_first ON signups ((CASE WHEN status = 'pending' THEN 0 ELSE 1 END), id DESC);
CREATE INDEX signups_status ON signups (status, id);

-- +goose Down
DROP INDEX signups_pending_first;
DROP INDEX signups_status;
