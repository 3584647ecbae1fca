/**
 * The delivery log's table name. Only the mail feature knows its tables; the one outside reader that
 * needs the name (the event-role guard, finding a mail's event) takes it from here. No imports, so
 * it can be read from anywhere without a cycle.
 */
export const MAIL_LOG_TABLE = 'mail_message';
