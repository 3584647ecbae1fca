import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, ILike } from 'typeorm';
import { type Page, paginate } from '../common/pagination';
import { MAIL_COUNTS_FOR_EVENT } from './mail-log.sql';
import { EventMailSetup, MailContextService } from './mail-context.service';
import { MailLogEntry, MailLogQueryDto, RecipientMail, toMailLogEntry } from './mail-log.dto';
import { ApiError } from '../common/errors/api-error';
import { MailComposer } from './mail-composer.service';
import { MailService } from './mail.service';
import { MailRenderer, RenderedMail } from './mail-renderer';
import { MailTemplateOverride } from './mail-template-override.entity';
import { MailMessage, MailStatus } from './mail-message.entity';
import { isMailTemplateName, type MailContext, type MailTemplateName } from './mail-templates';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One mail as its event's organisers see it (MailLogService.view). */
export interface MailView {
  entry: MailLogEntry;
  /** As rendered now from the stored data; null when it no longer renders (`renderError` says why). */
  rendered: RenderedMail | null;
  renderError: string | null;
  /** When the event's override of the template changed after the mail was sent (ISO), else null. */
  templateChangedAt: string | null;
}

/** Reads the delivery log: per event for organisers, the latest mails for the CLI. */
@Injectable()
export class MailLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: MailContextService,
    private readonly renderer: MailRenderer,
    private readonly composer: MailComposer,
    private readonly mail: MailService,
  ) {}

  async forEvent(eventId: string, query: MailLogQueryDto): Promise<Page<MailLogEntry>> {
    return paginate(query, (window) => this.find(eventId, query, window), toMailLogEntry);
  }

  /** As `forEvent`, each mail with its subject as `forRecipient` gives it (rendered now without links): the console's mail log. */
  async forEventWithSubjects(eventId: string, query: MailLogQueryDto): Promise<Page<RecipientMail>> {
    const setup = (await this.contexts.forEvents([eventId])).get(eventId);
    return paginate(
      query,
      (window) => this.find(eventId, query, window),
      (mail) => ({ ...toMailLogEntry(mail), subject: this.subjectOf(mail, setup) }),
    );
  }

  /** An event's mails as filtered, newest first, with their count. */
  private find(eventId: string, query: MailLogQueryDto, window: { skip: number; take: number }): Promise<[MailMessage[], number]> {
    const base: FindOptionsWhere<MailMessage> = { eventId };
    if (query.status) base.status = query.status;
    if (query.mailingId) base.mailingId = query.mailingId;
    if (query.template) base.template = query.template;
    // A recipient is found by part of the address or of the name.
    const term = query.recipient ? `%${query.recipient.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
    const where = term
      ? [
          { ...base, toEmail: ILike(term) },
          { ...base, toName: ILike(term) },
        ]
      : base;
    return this.dataSource.getRepository(MailMessage).findAndCount({ where, order: { createdAt: 'DESC', id: 'ASC' }, ...window });
  }

  /**
   * Sends a failed mail again (MailService.retryFailed); 409 MAIL_NOT_FAILED for a mail queued or sent,
   * such as the second of two retries at once. Answers the mail's entry (queued, or sent already).
   */
  async retry(eventId: string, mailId: string): Promise<MailLogEntry> {
    await this.mailOf(eventId, mailId); // 404 first
    const retried = await this.mail.retryFailed(eventId, mailId);
    const entry = await this.entry(eventId, mailId);
    if (!retried)
      throw new ApiError('MAIL_NOT_FAILED', `Only a failed mail can be retried; this one is ${entry.status}`, { status: entry.status });
    return entry;
  }

  /** One mail of the event's delivery log (its data stays here); 404 for a mail of another event. */
  async entry(eventId: string, mailId: string): Promise<MailLogEntry> {
    return toMailLogEntry(await this.mailOf(eventId, mailId));
  }

  private async mailOf(eventId: string, mailId: string): Promise<MailMessage> {
    const mail = UUID.test(mailId) ? await this.dataSource.getRepository(MailMessage).findOneBy({ id: mailId, eventId }) : null;
    if (!mail) throw ApiError.notFound('Mail');
    return mail;
  }

  /**
   * One mail of an event for its organisers: the log entry, and the mail rendered from its stored data
   * as the workers render it (the body is never stored), so with the links it carries, but for a
   * set-password link, which is withheld. When the event's override of the template changed after the
   * mail was sent, `templateChangedAt` says when: what was sent may have read differently.
   */
  async view(eventId: string, mailId: string): Promise<MailView> {
    const mail = await this.mailOf(eventId, mailId);
    const [setups, override] = await Promise.all([
      this.contexts.forEvents([eventId]),
      this.dataSource.getRepository(MailTemplateOverride).findOneBy({ eventId, name: mail.template }),
    ]);
    let rendered: RenderedMail | null = null;
    let renderError: string | null = null;
    try {
      const { subject, html, text } = this.composer.compose(mail, setups.get(eventId), { withholdAccountLinks: true });
      rendered = { subject, html, text };
    } catch (error) {
      renderError = error instanceof Error ? error.message : String(error);
    }
    const sentAt = mail.sentAt ?? mail.failedAt;
    const templateChangedAt = override && sentAt && override.updatedAt > sentAt ? override.updatedAt.toISOString() : null;
    return { entry: toMailLogEntry(mail), rendered, renderError, templateChangedAt };
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
