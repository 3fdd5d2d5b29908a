-- +goose Up
-- The summary tables count jobs (and jobs for graduates) as well as their
-- posts, so that the job lists take their totals from them. Counted here
-- from the jobs already posted.
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'd', to_char(posted_on, 'YYYY-MM-DD'), city, 'jobs', COUNT(*) FROM jobs GROUP BY posted_on, city;
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'm', to_char(posted_on, 'YYYY-MM'), city, 'jobs', COUNT(*) FROM jobs GROUP BY to_char(posted_on, 'YYYY-MM'), city;
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'd', to_char(posted_on, 'YYYY-MM-DD'), city, 'graduate_jobs', COUNT(*) FROM jobs WHERE for_graduates GROUP BY posted_on, city;
INSERT INTO tallies (grain, period, city, metric, n)
    SELECT 'm', to_char(posted_on, 'YYYY-MM'), city, 'graduate_jobs', COUNT(*) FROM jobs WHERE for_graduates GROUP BY to_char(posted_on, 'YYYY-MM'), city;

-- +goose Down
DELETE FROM tallies WHERE metric IN ('jobs', 'graduate_jobs');
