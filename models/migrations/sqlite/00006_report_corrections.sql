-- +goose Up
-- A reported figure that is corrected keeps the value it replaced, and who
-- corrected it when: a changed figure is never silent.
ALTER TABLE goal_reports ADD COLUMN previous_value DOUBLE PRECISION;
ALTER TABLE goal_reports ADD COLUMN corrected_at TIMESTAMP;
ALTER TABLE goal_reports ADD COLUMN corrected_by INTEGER REFERENCES users(id);
CREATE INDEX goal_reports_period ON goal_reports(period, city);

-- +goose Down
DROP INDEX goal_reports_period;
ALTER TABLE goal_reports DROP COLUMN corrected_by;
ALTER TABLE goal_reports DROP COLUMN corrected_at;
ALTER TABLE goal_reports DROP COLUMN previous_value;
