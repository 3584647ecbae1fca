/**
 * The delivery log's counts for one event ($1): queued, sent, failed. Nest-free, so that the dashboard's
 * plan test explains the very text `MailLogService.countsForEvent` runs.
 */
export const MAIL_COUNTS_FOR_EVENT = `
  SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
         count(*) FILTER (WHERE status = 'sent')::int AS sent,
         count(*) FILTER (WHERE status = 'failed')::int AS failed
  FROM mail_message WHERE event_id = $1`;
