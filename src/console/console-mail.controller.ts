import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { formatDateTime } from '../common/dates';
import { ApiError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { EventsService } from '../events/events.service';
import { MailLogQueryDto } from '../mail/mail-log.dto';
import { MailLogService } from '../mail/mail-log.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { messagesByField } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import { queryOf, statusOptions, templateOptions, templateTitle } from './mail-screens';

const PAGE_SIZE = 50;
/** The log's filters, in the order the URL carries them. */
const FILTERS = ['status', 'template', 'recipient'] as const;
/** A long SMTP answer is cut in the list (the mail's page shows all of it). */
const ERROR_PREVIEW = 140;

/** What a finished action tells the organiser on a mail's page (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  retried: 'The mail is queued again: it is sent within moments, with the same Message-ID.',
  'not-failed': 'The mail was not retried: it is no longer failed (it may have been retried already).',
};

/** The Mail tab's landing page, the event's mail log, and each mail's page with its Retry. Organisers only. */
@ApiExcludeController()
@Controller('console/events/:id/mail')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleMailController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly log: MailLogService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async list(
    @Param('id') id: string,
    @Query() query: Record<string, string>,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const filters = Object.fromEntries(FILTERS.map((name) => [name, typeof query[name] === 'string' ? query[name].trim() : undefined]));
    const page = typeof query.page === 'string' ? query.page : undefined;
    const { dto, errors } = await validateBody(MailLogQueryDto, {
      ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value)),
      ...(page ? { page } : {}),
      pageSize: String(PAGE_SIZE),
    });
    const event = await this.events.getById(id);
    const result =
      errors.length === 0 ? await this.log.forEventWithSubjects(id, dto) : { items: [], total: 0, page: 1, pageSize: PAGE_SIZE };
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const base = `/console/events/${id}/mail`;
    const at = (instant: string | null) => (instant ? formatDateTime(instant, event.timezone) : null);
    return this.views.page(
      request,
      reply,
      'mail-log',
      {
        title: `Mail log · ${event.title}`,
        event,
        tab: 'mail',
        mailSection: 'log',
        filters,
        filtered: FILTERS.some((name) => filters[name]),
        errors: messagesByField(errors),
        hasErrors: errors.length > 0,
        statuses: statusOptions(filters.status),
        templates: templateOptions(filters.template),
        rows: result.items.map((mail) => ({
          href: `${base}/log/${mail.id}`,
          subject: mail.subject ?? templateTitle(mail.template),
          template: templateTitle(mail.template),
          to: mail.to,
          toName: mail.toName,
          status: mail.status,
          attempts: mail.attempts,
          lastError:
            mail.status !== 'sent' && mail.lastError
              ? mail.lastError.length > ERROR_PREVIEW
                ? `${mail.lastError.slice(0, ERROR_PREVIEW - 1)}…`
                : mail.lastError
              : null,
          createdAt: at(mail.createdAt),
          createdIso: mail.createdAt,
        })),
        total: result.total,
        pageNumber: result.page,
        pages,
        previous: result.page > 1 ? `${base}${queryOf(filters, { page: String(result.page - 1) })}` : null,
        next: result.page < pages ? `${base}${queryOf(filters, { page: String(result.page + 1) })}` : null,
      },
      errors.length > 0 ? 400 : 200,
    );
  }

  /** The mail must be of this event (MailLogService.view: 404 otherwise). */
  @Get('log/:mailId')
  @RequireEventRole('organiser')
  async show(
    @Param('id') id: string,
    @Param('mailId') mailId: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const [event, view] = await Promise.all([this.events.getById(id), this.log.view(id, mailId)]);
    const { entry } = view;
    const at = (instant: string | null) => (instant ? { iso: instant, text: formatDateTime(instant, event.timezone) } : null);
    return this.views.page(request, reply, 'mail-message', {
      title: `${view.rendered?.subject ?? templateTitle(entry.template)} · Mail log · ${event.title}`,
      event,
      tab: 'mail',
      mailSection: 'log',
      notice: done ? NOTICES[done] : undefined,
      mail: {
        ...entry,
        template: templateTitle(entry.template),
        createdAt: at(entry.createdAt),
        lastAttemptAt: at(entry.lastAttemptAt),
        sentAt: at(entry.sentAt),
        failedAt: at(entry.failedAt),
      },
      heading: view.rendered?.subject || `${templateTitle(entry.template)} to ${entry.to}`,
      rendered: view.rendered,
      renderError: view.renderError,
      templateChangedAt: at(view.templateChangedAt),
      mayRetry: entry.status === 'failed',
      action: `/console/events/${event.id}/mail/log/${entry.id}/retry`,
      list: `/console/events/${event.id}/mail`,
    });
  }

  /** The API's retry (MailLogService.retry); a second click finds the mail queued and is told so, not shown an error. */
  @Post('log/:mailId/retry')
  @RequireEventRole('organiser')
  async retry(@Param('id') id: string, @Param('mailId') mailId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    try {
      await this.log.retry(id, mailId);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'MAIL_NOT_FAILED')) throw error;
      return seeOther(reply, `/console/events/${id}/mail/log/${mailId}?done=not-failed`);
    }
    return seeOther(reply, `/console/events/${id}/mail/log/${mailId}?done=retried`);
  }
}
