import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventsService } from '../events/events.service';
import { MailLogService } from '../mail/mail-log.service';
import { RegistrationMailer } from './registration-mailer.service';
import { ACTIVE_STATUSES, Registration } from './registration.entity';

/** The one answer to a request for the manage link, whether or not the address is registered. */
export const MANAGE_LINK_ANSWER =
  'If this address is registered for the event, a mail with the link to manage the registration is on its way. It can take a few minutes; look in your spam folder too.';

/** At most one such mail per registration within this many seconds; further requests get the same answer and no mail. */
const RESEND_INTERVAL_SECONDS = 120;

/**
 * Sends a registrant their manage link again. The link is derived from the registration's id (see
 * LinkTokens), so the mail carries the same link as before: nothing to rotate or store. The answer never
 * tells whether the address is registered.
 */
@Injectable()
export class ManageLinksService {
  private readonly logger = new Logger(ManageLinksService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly mailer: RegistrationMailer,
    private readonly mailLog: MailLogService,
  ) {}

  /** `email` as the DTO normalises it (trimmed, lower case), the way registrations store it. */
  async resend(slugOrId: string, email: string): Promise<{ message: string }> {
    const event = await this.events.findVisible(slugOrId, undefined);
    const sent = await this.dataSource.transaction(async (manager) => {
      // Locked, so two requests at once for one registration send one mail.
      const registration = await manager
        .getRepository(Registration)
        .createQueryBuilder('r')
        .where('r.event_id = :eventId AND r.email = :email AND r.status IN (:...statuses)', {
          eventId: event.id,
          email,
          statuses: ACTIVE_STATUSES,
        })
        .setLock('pessimistic_write')
        .getOne();
      if (!registration) return false;
      const recent = { eventId: event.id, toEmail: registration.email, template: 'manage_link' as const };
      if (await this.mailLog.sentRecently(manager, recent, RESEND_INTERVAL_SECONDS)) return false;
      await this.mailer.manageLink(manager, registration);
      return true;
    });
    if (sent) this.logger.log({ eventId: event.id }, 'Manage link sent again');
    return { message: MANAGE_LINK_ANSWER };
  }
}
