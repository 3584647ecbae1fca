import { Controller, Get, Header, Param, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { formatDateTime } from '../common/dates';
import { ApiError, type FieldError } from '../common/errors/api-error';
import { AcceptsUploads, isUploadedFile } from '../common/uploads';
import { validateBody } from '../common/validate-body';
import { LETTERHEAD_FIELD, LetterTemplatesService } from '../documents/letters-template.service';
import { PutLetterTemplateDto } from '../documents/letters.dto';
import { LettersService } from '../documents/letters.service';
import { EventsService } from '../events/events.service';
import { formatBytes } from '../files/file.dto';
import { LETTERHEAD_BYTES, LETTERHEAD_MAXIMUM, LETTERHEAD_MINIMUM } from '../files/letterheads';
import { UploadedForm } from '../files/uploaded-form';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

interface Draft {
  body: string;
  signatoryName: string;
  signatoryTitle: string;
}

const FIELD_LABELS: Record<string, string> = {
  body: 'Body',
  signatoryName: "Signatory's name",
  signatoryTitle: "Signatory's title",
  letterhead: 'Letterhead',
};

/** What a finished step says (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  saved: 'Letter template saved: letters issued from now on use it.',
  'letterhead-removed': 'Letterhead removed: letters issued from now on have none.',
};

/** Whether a form's file field holds a file (a form posted with no file chosen sends an empty, nameless one). */
const chosen = (value: unknown) => isUploadedFile(value) && (value.filename !== '' || value.data.length > 0 || value.tooLarge);

/**
 * An event's visa support letters (issue 18): the letter template (body with placeholders, signatory,
 * letterhead image) with a preview rendered by the server from sample values, and all letters as one ZIP.
 * Organisers only; the same services as `GET/PUT /events/:id/letter-template`, its `/letterhead` and
 * `GET /events/:id/letters.zip`. The form is multipart: a letterhead chosen is checked with the rest and
 * saved with the template in one transaction, or refused beside its field with the rest of the form kept.
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
    return this.page(request, reply, id, draft, { notice: done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined });
  }

  /**
   * "Save template" stores it (and the letterhead, when one is chosen) as the API's PUTs do; "Preview" only
   * renders the body with the sample values.
   */
  @Post()
  @RequireEventRole('organiser')
  @AcceptsUploads({ fileBytes: LETTERHEAD_BYTES })
  async save(
    @Param('id') id: string,
    @UploadedForm() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const draft: Draft = {
      body: (one(form, 'body') ?? '').replace(/\r\n?/g, '\n'),
      signatoryName: one(form, 'signatoryName') ?? '',
      signatoryTitle: one(form, 'signatoryTitle') ?? '',
    };
    if (one(form, 'action') === 'preview') {
      const errors = this.previewErrors(draft.body);
      return this.page(request, reply, id, draft, {
        errors,
        notice: errors.length === 0 ? 'Preview updated. The template is not saved yet.' : undefined,
        status: errors.length === 0 ? 200 : 400,
      });
    }
    // The letterhead is kept as it is unless a file is chosen (letterheadFileId left out).
    const { dto, errors } = await validateBody(PutLetterTemplateDto, draft);
    let status = 400;
    const refused = (error: unknown, field: string) => {
      const fields = fieldErrorsOf(error, field);
      if (!fields) throw error;
      errors.push(...fields);
      if (error instanceof ApiError && fields.some((entry) => entry.field === LETTERHEAD_FIELD)) status = error.getStatus();
    };
    let letterhead: Awaited<ReturnType<LetterTemplatesService['checkedLetterhead']>> | undefined;
    if (chosen((form as Record<string, unknown> | undefined)?.[LETTERHEAD_FIELD]))
      letterhead = await this.templates.checkedLetterhead(form).catch((error: unknown) => void refused(error, LETTERHEAD_FIELD));
    if (errors.length === 0) {
      try {
        await this.templates.put(id, dto, letterhead);
        return seeOther(reply, `/console/events/${id}/letters?done=saved`);
      } catch (error) {
        refused(error, 'body');
      }
    }
    return this.page(request, reply, id, draft, { errors, status });
  }

  /** The letterhead as the letters print it, for the screen's preview (the API's GET …/letter-template/letterhead). */
  @Get('letterhead')
  @RequireEventRole('organiser')
  letterhead(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.templates.streamLetterhead(id, reply);
  }

  /** "Remove letterhead" (its own small form, CSRF): as the API's DELETE; removing none is not an error here. */
  @Post('letterhead/remove')
  @RequireEventRole('organiser')
  async removeLetterhead(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    try {
      await this.templates.removeLetterhead(id);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
    }
    return seeOther(reply, `/console/events/${id}/letters?done=letterhead-removed`);
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
    const [event, saved, letterhead] = await Promise.all([this.events.getById(id), this.templates.get(id), this.templates.letterhead(id)]);
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
        letterhead: letterhead && {
          src: `/console/events/${id}/letters/letterhead?v=${letterhead.sha256.slice(0, 12)}`,
          filename: letterhead.filename,
          size: formatBytes(letterhead.sizeBytes),
        },
        letterheadSizes: `${LETTERHEAD_MINIMUM.width} × ${LETTERHEAD_MINIMUM.height} to ${LETTERHEAD_MAXIMUM.width} × ${LETTERHEAD_MAXIMUM.height} pixels`,
        removeLetterhead: `/console/events/${id}/letters/letterhead/remove`,
        action: `/console/events/${id}/letters`,
        zip: `/console/events/${id}/letters/letters.zip`,
      },
      status,
    );
  }
}
