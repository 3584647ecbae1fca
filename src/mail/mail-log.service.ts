import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { type Page, paginate } from '../common/pagination';
import { MAIL_COUNTS_FOR_EVENT } from './mail-log.sql';
import { EventMailSetup, MailContextService } from './mail-context.service';
import { MailLogEntry, MailLogQueryDto, RecipientMail, toMailLogEntry } from './mail-log.dto';
import { MailRenderer } from './mail-renderer';
import { MailMessage, MailStatus } from './mail-message.entity';
import { isMailTemplateName, type MailContext, type MailTemplateName } from './mail-templates';

/** Reads the delivery log: per event for organisers, the latest mails for the CLI. */
@Injectable()
export class MailLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: MailContextService,
    private readonly renderer: MailRenderer,
  ) {}

  async forEvent(eventId: string, query: MailLogQueryDto): Promise<Page<MailLogEntry>> {
    const where: FindOptionsWhere<MailMessage> = { eventId };
    if (query.status) where.status = query.status;
    if (query.mailingId) where.mailingId = query.mailingId;
    const mails = this.dataSource.getRepository(MailMessage);
    return paginate(query, (window) => mails.findAndCount({ where, order: { createdAt: 'DESC', id: 'ASC' }, ...window }), toMailLogEntry);
  }

  /**
   * How many of the event's mails are queued, sent and failed: one aggregate over the event's rows of the
   * delivery log (the organisers' dashboard).
   */
  async countsForEvent(eventId: string): Promise<Record<MailStatus, number>> {
    const [row] = await this.dataSource.query<Record<MailStatus, number>[]>(MAIL_COUNTS_FOR_EVENT, [eventId]);
    return row;
  }

  /**
   * The mails of an event to one address (a registrant's: their status mails and the event's mailings),
   * oldest first, each with its subject as rendered for it now (null if it no longer renders).
   */
  async forRecipient(eventId: string, email: string): Promise<RecipientMail[]> {
    const mails = await this.dataSource.getRepository(MailMessage).find({
      where: { eventId, toEmail: email },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const setup = (await this.contexts.forEvents([eventId])).get(eventId);
    return mails.map((mail) => ({ ...toMailLogEntry(mail), subject: this.subjectOf(mail, setup) }));
  }

  private subjectOf(mail: MailMessage, setup: EventMailSetup | undefined): string | null {
    if (!setup || !isMailTemplateName(mail.template)) return null;
    const { manageLinkFor: _link, ...data } = mail.data as { manageLinkFor?: string };
    try {
      const context = { ...data, event: setup.context, publicUrl: this.contexts.publicUrl } as MailContext;
      return this.renderer.subject(mail.template, context, setup.overrides.get(mail.template));
    } catch {
      return null;
    }
  }

  /** The most recent mails of all events, with the event's slug. */
  async latest(limit: number, status?: MailStatus): Promise<(MailLogEntry & { event: string })[]> {
    const mails = await this.dataSource.getRepository(MailMessage).find({
      where: status ? { status } : {},
      relations: { event: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return mails.map((mail) => ({ ...toMailLogEntry(mail), event: mail.event?.slug ?? mail.eventId ?? '(account)' }));
  }

  /**
   * Whether a mail of `template` to `toEmail` (as stored) was enqueued for the event within the last
   * `seconds`, whatever became of it; read on `manager`, so inside the caller's transaction.
   */
  async sentRecently(
    manager: EntityManager,
    mail: { eventId: string; toEmail: string; template: MailTemplateName },
    seconds: number,
  ): Promise<boolean> {
    const recent: unknown[] = await manager.query(
      `SELECT 1 FROM mail_message WHERE event_id = $1 AND to_email = $2 AND template = $3 AND created_at > now() - make_interval(secs => $4) LIMIT 1`,
      [mail.eventId, mail.toEmail, mail.template, seconds],
    );
    return recent.length > 0;
  }
}
