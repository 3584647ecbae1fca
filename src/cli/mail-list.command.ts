import { Command, CommandRunner, Option } from 'nest-commander';
import { MAIL_STATUSES, MailStatus } from '../mail/mail-message.entity';
import { MailLogService } from '../mail/mail-log.service';

const cut = (text: string | null, width: number) => {
  const value = text ?? '';
  return value.length > width ? `${value.slice(0, width - 1)}…` : value;
};

/** `mail:list`: the latest mails of all events, newest first, with status, attempts and last error. */
@Command({ name: 'mail:list', description: 'List the latest mails (--limit N, default 20; --status queued|sent|failed)' })
export class MailListCommand extends CommandRunner {
  constructor(private readonly log: MailLogService) {
    super();
  }

  async run(_args: string[], options: { limit?: number; status?: MailStatus }): Promise<void> {
    const mails = await this.log.latest(options.limit ?? 20, options.status);
    if (mails.length === 0) {
      console.log('No mail yet.');
      return;
    }
    const rows = mails.map((mail) => [
      mail.createdAt.slice(0, 19).replace('T', ' '),
      mail.status,
      String(mail.attempts),
      mail.template,
      mail.to,
      cut(mail.event, 30),
      cut(mail.lastError, 60),
    ]);
    const header = ['created (UTC)', 'status', 'attempts', 'template', 'to', 'event', 'last error'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    for (const row of [header, ...rows])
      console.log(
        row
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      );
  }

  @Option({ flags: '--limit <n>', description: 'How many mails (1–1000)' })
  parseLimit(value: string): number {
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error('--limit must be a whole number from 1 to 1000');
    return limit;
  }

  @Option({ flags: '--status <status>', description: MAIL_STATUSES.join(' | ') })
  parseStatus(value: string): MailStatus {
    if (!(MAIL_STATUSES as readonly string[]).includes(value)) throw new Error(`--status must be one of ${MAIL_STATUSES.join(', ')}`);
    return value as MailStatus;
  }
}
