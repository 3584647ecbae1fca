import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireEventRole } from '../auth/auth.decorators';
import type { Page } from '../common/pagination';
import { MailLogEntry, MailLogPage, MailLogQueryDto } from './mail-log.dto';
import { MailLogService } from './mail-log.service';

@ApiTags('mail')
@Controller('events/:id/mail-log')
export class MailLogController {
  constructor(private readonly log: MailLogService) {}

  @Get()
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: MailLogPage, description: 'Newest first' })
  list(@Param('id') eventId: string, @Query() query: MailLogQueryDto): Promise<Page<MailLogEntry>> {
    return this.log.forEvent(eventId, query);
  }
}
