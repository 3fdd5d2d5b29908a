-- +goose Up
-- Most placements name no job and no fair (three in four of them): the
-- indexes that find a job's or a fair's placements (job_id = ?, fair_id = ?)
-- need not hold the rest, which every placement written then paid for.
DROP INDEX placements_job;
DROP INDEX placements_fair;
CREATE INDEX placements_job ON placements (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX placements_fair ON placements (fair_id) WHERE fair_id IS NOT NULL;

-- +goose Down
DROP INDEX placements_job;
DROP INDEX placements_fair;
CREATE INDEX placements_job ON placements (job_id);
CREATE INDEX placements_fair ON placements (fair_id);
