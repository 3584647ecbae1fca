import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { RenderedMail } from './mail-renderer';
import {
  MailTemplateResponse,
  MailTemplateSummary,
  PreviewMailTemplateDto,
  PutMailTemplateDto,
  RenderedMailResponse,
} from './mail-template.dto';
import { MailTemplatesService } from './mail-templates.service';

@ApiTags('mail')
@Controller('events/:id/mail-templates')
@RequireEventRole('organiser')
export class MailTemplatesController {
  constructor(private readonly templates: MailTemplatesService) {}

  @Get()
  @ApiOkResponse({ type: [MailTemplateSummary] })
  list(@Param('id') eventId: string): Promise<MailTemplateSummary[]> {
    return this.templates.list(eventId);
  }

  @Get(':name')
  @ApiOkResponse({ type: MailTemplateResponse })
  get(@Param('id') eventId: string, @Param('name') name: string): Promise<MailTemplateResponse> {
    return this.templates.get(eventId, name);
  }

  @Put(':name')
  @ApiOkResponse({ type: MailTemplateResponse })
  @ApiBadRequestResponse({
    description: 'TEMPLATE_INVALID: a part does not compile or render with the sample data (the part and line are named)',
  })
  put(
    @Param('id') eventId: string,
    @Param('name') name: string,
    @Body() dto: PutMailTemplateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MailTemplateResponse> {
    return this.templates.put(eventId, name, dto, user);
  }

  @Delete(':name')
  @ApiOkResponse({ type: MailTemplateResponse, description: "The override is deleted: the event's mail uses the default again" })
  revert(@Param('id') eventId: string, @Param('name') name: string): Promise<MailTemplateResponse> {
    return this.templates.revert(eventId, name);
  }

  @Post(':name/preview')
  @HttpCode(200)
  @ApiOkResponse({ type: RenderedMailResponse })
  preview(@Param('id') eventId: string, @Param('name') name: string, @Body() dto: PreviewMailTemplateDto): Promise<RenderedMail> {
    return this.templates.preview(eventId, name, dto);
  }
}
