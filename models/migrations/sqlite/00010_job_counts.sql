-- +goose Up
-- The summary tables count jobs (and jobs for graduates) as well as their
-- posts, so that the job lists take their totals from them. Counted here
-- from the jobs already posted.
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'd', posted_on, city, 'jobs', COUNT(*) FROM jobs GROUP BY posted_on, city;
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'm', SUBSTR(posted_on, 1, 7), city, 'jobs', COUNT(*) FROM jobs GROUP BY SUBSTR(posted_on, 1, 7), city;
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'd', posted_on, city, 'graduate_jobs', COUNT(*) FROM jobs WHERE for_graduates GROUP BY posted_on, city;
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'm', SUBSTR(posted_on, 1, 7), city, 'graduate_jobs', COUNT(*) FROM jobs WHERE for_graduates GROUP BY SUBSTR(posted_on, 1, 7), city;

-- +goose Down
DELETE FROM tallies WHERE metric IN ('jobs', 'graduate_jobs');
