/** Why a send failed, and whether trying again could help. */
export interface DeliveryFailure {
  /** A permanent failure (an SMTP 5xx answer, a malformed message) is not retried. */
  permanent: boolean;
  /** Short description for the delivery log: error code and message. */
  error: string;
  /** The SMTP server's answer, when there was one. */
  response: string | null;
}

/** Problems of Plenary's own SMTP set-up: retried (the operator can fix them) even when the server answered 5xx. */
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EPROXY']);
/** The message itself cannot be sent as it is, whatever the server. */
const MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);
/** The commands of the mail's own transaction (nodemailer's `command`): only a 5xx answer to these is about this mail. */
const MAIL_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

const MAX_LENGTH = 1000;
const clip = (text: string) => (text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text);

/**
 * Classifies an error from nodemailer: a 5xx answer to the mail's own MAIL FROM, RCPT TO or DATA fails
 * the mail at once; a 4xx answer or a connection problem (refused, reset, timed out) is retried with
 * backoff. So is a 5xx answer before the mail's transaction (the greeting, EHLO): a relay in maintenance
 * or one that blocks our address greets so, and is as unreachable as one that is down, as Postfix treats
 * it by default (smtp_skip_5xx_greeting). Without a `command`, a 5xx answer counts as the mail's own
 * unless nodemailer's code says it came on connecting (EPROTOCOL, ECONNECTION).
 */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  const details = (error ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown; command?: unknown };
  const code = typeof details.code === 'string' ? details.code : undefined;
  const command = typeof details.command === 'string' ? details.command : undefined;
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const message = typeof details.message === 'string' ? details.message : String(error);
  const response = typeof details.response === 'string' ? clip(details.response.trim()) : null;
  const permanent =
    code !== undefined && CONFIGURATION_CODES.has(code)
      ? false
      : responseCode !== undefined
        ? responseCode >= 500 && responseCode < 600 && answersTheMail(command, code)
        : code !== undefined && MESSAGE_CODES.has(code);
  return { permanent, error: clip(code && !message.includes(code) ? `${code}: ${message}` : message), response };
}

/** Whether an SMTP answer was to the mail's own transaction rather than to connecting (greeting, EHLO, HELO, STARTTLS). */
function answersTheMail(command: string | undefined, code: string | undefined): boolean {
  if (command !== undefined) return MAIL_COMMANDS.has(command);
  return code !== 'EPROTOCOL' && code !== 'ECONNECTION';
}
