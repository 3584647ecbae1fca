import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { type Page, paginate } from '../common/pagination';
import { MailLogEntry, MailLogQueryDto, toMailLogEntry } from './mail-log.dto';
import { MailMessage, MailStatus } from './mail-message.entity';
import type { MailTemplateName } from './mail-templates';

/** Reads the delivery log: per event for organisers, the latest mails for the CLI. */
@Injectable()
export class MailLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forEvent(eventId: string, query: MailLogQueryDto): Promise<Page<MailLogEntry>> {
    const where: FindOptionsWhere<MailMessage> = { eventId };
    if (query.status) where.status = query.status;
    if (query.mailingId) where.mailingId = query.mailingId;
    const mails = this.dataSource.getRepository(MailMessage);
    return paginate(query, (window) => mails.findAndCount({ where, order: { createdAt: 'DESC', id: 'ASC' }, ...window }), toMailLogEntry);
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
