import { Controller, Get, Header, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, ConsolePage, RequireEventRoleForRow } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { formatDateTime } from '../common/dates';
import { EventsService } from '../events/events.service';
import { MAIL_TEMPLATES, isMailTemplateName } from '../mail/mail-templates';
import type { MailingFailure, MailingResponse } from '../mail/mailing.dto';
import { MailingsService } from '../mail/mailings.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleViews } from './console-views.service';

/** What the mailing page shows and its script polls: the counts, and the failed recipients with their last error. */
export interface MailingProgress {
  mailing: MailingResponse & { percent: number };
  /** The failed mails, each with when it failed written in the event's time zone. */
  failures: { total: number; more: number; items: (MailingFailure & { failed: string })[] };
}

/**
 * One mailing (invitations, an outcome summary…) as it goes out: a bar of sent mails with the sent, queued
 * and failed counts, and the failed recipients. The page is complete without JavaScript (reload to update);
 * mailing.js polls `progress.json` and updates it in place. Organisers of the mailing's event only.
 */
@ApiExcludeController()
@Controller('console/events/:id/mail/mailings/:mailingId')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleMailingsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly mailings: MailingsService,
  ) {}

  @Get()
  @RequireEventRoleForRow('mailing', 'mailingId', 'organiser')
  async page(
    @Authorised() target: AuthorisedTarget,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(target.eventId);
    const progress = await this.progressOf(target.id, event.timezone);
    const template = progress.mailing.template;
    return this.views.page(request, reply, 'mailing', {
      title: 'Mailing',
      event,
      tab: 'mail',
      scripts: ['mailing.js'],
      ...progress,
      templateText: isMailTemplateName(template) ? MAIL_TEMPLATES[template].description : template,
      created: { iso: progress.mailing.createdAt, text: formatDateTime(progress.mailing.createdAt, event.timezone) },
    });
  }

  @Get('progress.json')
  @RequireEventRoleForRow('mailing', 'mailingId', 'organiser')
  @Header('cache-control', 'no-store')
  async progress(@Authorised() target: AuthorisedTarget): Promise<MailingProgress> {
    return this.progressOf(target.id, (await this.events.getById(target.eventId)).timezone);
  }

  private async progressOf(mailingId: string, timezone: string): Promise<MailingProgress> {
    const [mailing, failures] = await Promise.all([this.mailings.status(mailingId), this.mailings.failures(mailingId)]);
    return {
      mailing: { ...mailing, percent: mailing.total === 0 ? 100 : Math.floor((mailing.sent * 100) / mailing.total) },
      failures: {
        total: failures.total,
        more: failures.total - failures.items.length,
        items: failures.items.map((failure) => ({
          ...failure,
          failed: failure.failedAt ? formatDateTime(failure.failedAt, timezone) : '',
        })),
      },
    };
  }
}
