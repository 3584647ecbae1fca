/**
 * The dashboard's statement on the registrations, Nest-free so that the plan test
 * (test/e2e/issue16-dashboard-plans.e2e-spec.ts) explains the very text the service runs.
 *
 * The registrations of an event ($1), grouped two ways in one scan of the event's rows: by status and
 * category, and by calendar day of creation in the event's time zone ($2). `GROUPING(day)` tells the
 * two kinds of row apart (1 on a status-and-category row, whose `day` is null). Days are grouped as
 * dates and written out after grouping (to_char of a timestamp per row cost half the statement's time).
 */
export const REGISTRATION_GROUPS = `
  SELECT status, category, to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS count, count(checked_in_at)::int AS "checkedIn",
         GROUPING(day) AS by_status
  FROM (SELECT status, category, checked_in_at, (created_at AT TIME ZONE $2)::date AS day FROM registration WHERE event_id = $1) r
  GROUP BY GROUPING SETS ((status, category), (day))`;
