import { Body, Controller, Get, Header, Param, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { formatDateTime } from '../common/dates';
import type { FieldError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { LetterTemplatesService } from '../documents/letters-template.service';
import { PutLetterTemplateDto } from '../documents/letters.dto';
import { LettersService } from '../documents/letters.service';
import { EventsService } from '../events/events.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

interface Draft {
  body: string;
  signatoryName: string;
  signatoryTitle: string;
}

const FIELD_LABELS: Record<string, string> = { body: 'Body', signatoryName: "Signatory's name", signatoryTitle: "Signatory's title" };

/**
 * An event's visa support letters (issue 18): the letter template (body with placeholders, signatory) with a
 * preview rendered by the server from sample values, and all letters as one ZIP. Organisers only; the same
 * services as `GET/PUT /events/:id/letter-template` and `GET /events/:id/letters.zip`.
 */
@ApiExcludeController()
@Controller('console/events/:id/letters')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleLettersController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly templates: LetterTemplatesService,
    private readonly letters: LettersService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async show(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const saved = await this.templates.get(id);
    const draft = { body: saved.body, signatoryName: saved.signatoryName, signatoryTitle: saved.signatoryTitle };
    return this.page(request, reply, id, draft, {
      notice: done === 'saved' ? 'Letter template saved: letters issued from now on use it.' : undefined,
    });
  }

  /** "Save template" stores it as the API's PUT does; "Preview" only renders the body with the sample values. */
  @Post()
  @RequireEventRole('organiser')
  async save(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const draft: Draft = {
      body: (one(form, 'body') ?? '').replace(/\r\n?/g, '\n'),
      signatoryName: one(form, 'signatoryName') ?? '',
      signatoryTitle: one(form, 'signatoryTitle') ?? '',
    };
    const saved = await this.templates.get(id);
    const letterheadFileId = saved.letterheadFileId;
    if (one(form, 'action') === 'preview') {
      const errors = this.previewErrors(draft.body);
      return this.page(request, reply, id, draft, {
        errors,
        notice: errors.length === 0 ? 'Preview updated. The template is not saved yet.' : undefined,
        status: errors.length === 0 ? 200 : 400,
      });
    }
    const { dto, errors } = await validateBody(PutLetterTemplateDto, { ...draft, letterheadFileId });
    if (errors.length === 0) {
      try {
        await this.templates.put(id, dto);
        return seeOther(reply, `/console/events/${id}/letters?done=saved`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'body');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.page(request, reply, id, draft, { errors, status: 400 });
  }

  /** Every letter of the event as one ZIP, streamed (LettersService.zip, as the API's letters.zip). */
  @Get('letters.zip')
  @RequireEventRole('organiser')
  @Header('content-type', 'application/zip')
  async zip(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { stream, filename } = await this.letters.zip(id);
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return new StreamableFile(stream);
  }

  private previewErrors(body: string): FieldError[] {
    try {
      this.templates.preview(body);
      return [];
    } catch (error) {
      const fields = fieldErrorsOf(error, 'body');
      if (!fields) throw error;
      return fields;
    }
  }

  private async page(
    request: ConsoleRequest,
    reply: FastifyReply,
    id: string,
    draft: Draft,
    { errors = [], notice, status = 200 }: { errors?: FieldError[]; notice?: string; status?: number },
  ): Promise<string> {
    const [event, saved] = await Promise.all([this.events.getById(id), this.templates.get(id)]);
    let preview: string | null = null;
    let previewError: string | null = null;
    try {
      preview = this.templates.preview(draft.body);
    } catch (error) {
      const fields = fieldErrorsOf(error, 'body');
      if (!fields) throw error;
      previewError = fields[0].message;
    }
    const byField = messagesByField(errors);
    return this.views.page(
      request,
      reply,
      'letters',
      {
        title: `Visa letters · ${event.title}`,
        event,
        tab: 'letters',
        notice,
        saved: saved.saved,
        updatedAt: saved.updatedAt ? formatDateTime(saved.updatedAt, event.timezone) : null,
        values: draft,
        errors: byField,
        hasErrors: errors.length > 0,
        summary: Object.entries(byField).map(([field, message]) => ({
          href: `#${field}`,
          text: `${FIELD_LABELS[field] ?? field}: ${message}`,
        })),
        placeholders: saved.placeholders.map((name) => `{{${name}}}`),
        preview,
        previewError,
        action: `/console/events/${id}/letters`,
        zip: `/console/events/${id}/letters/letters.zip`,
      },
      status,
    );
  }
}
