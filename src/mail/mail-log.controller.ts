import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { Page } from '../common/pagination';
import { MailLogEntry, MailLogPage, MailLogQueryDto } from './mail-log.dto';
import { MailLogService } from './mail-log.service';

@ApiTags('mail')
@Controller()
export class MailLogController {
  constructor(private readonly log: MailLogService) {}

  @Get('events/:id/mail-log')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: MailLogPage, description: 'Newest first' })
  list(@Param('id') eventId: string, @Query() query: MailLogQueryDto): Promise<Page<MailLogEntry>> {
    return this.log.forEvent(eventId, query);
  }

  @Post('mail/:id/retry')
  @HttpCode(200)
  @RequireEventRoleFor('mail', 'organiser')
  @ApiOkResponse({ type: MailLogEntry, description: 'The failed mail is queued again (same Message-ID)' })
  @ApiConflictResponse({ description: 'MAIL_NOT_FAILED: the mail is queued or sent (a second retry of the same mail, too)' })
  retry(@Authorised() target: AuthorisedTarget): Promise<MailLogEntry> {
    return this.log.retry(target.eventId, target.id);
  }
}
