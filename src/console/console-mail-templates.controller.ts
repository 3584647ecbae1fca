import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import type { ConsoleUser } from '../auth/console-sessions.service';
import { BodyLimit } from '../common/body-limit';
import { formatDateTime } from '../common/dates';
import type { FieldError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { EventsService } from '../events/events.service';
import type { RenderedMail } from '../mail/mail-renderer';
import { PreviewMailTemplateDto, PutMailTemplateDto } from '../mail/mail-template.dto';
import { MailTemplatesService } from '../mail/mail-templates.service';
import { ConsoleRequest, SignedIn } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import { lines, PART_LABELS, partErrors, templateTitle } from './mail-screens';

/** The editor posts three parts of up to 100,000 characters each, percent-encoded (up to 9 bytes a character). */
const TEMPLATE_FORM_LIMIT_BYTES = 3 * 100_000 * 9 + 64 * 1024;

const NOTICES: Record<string, string> = {
  saved: "Template saved: the event's mail uses it from now on.",
  reverted: 'Template reverted: the event’s mail uses the default again.',
};

interface Draft {
  subject: string;
  html: string;
  text: string;
}

const draftOf = (form: Posted | undefined): Draft => ({
  subject: one(form, 'subject') ?? '',
  html: lines(typeof form?.html === 'string' ? form.html : ''),
  text: lines(typeof form?.text === 'string' ? form.text : ''),
});

/** The parts as the API's DTOs take them: every part of the editor is sent (an empty one is refused beside its field). */
const bodyOf = (draft: Draft) => ({ subject: draft.subject, html: draft.html, text: draft.text });

/**
 * An event's mail templates: the list, the editor of one (its override, prefilled with the override or the
 * default) with a preview rendered by the server, and "Revert to default". Organisers only.
 */
@ApiExcludeController()
@Controller('console/events/:id/mail/templates')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleMailTemplatesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly templates: MailTemplatesService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async list(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [event, templates] = await Promise.all([this.events.getById(id), this.templates.list(id)]);
    return this.views.page(request, reply, 'mail-templates', {
      title: `Mail templates · ${event.title}`,
      event,
      tab: 'mail',
      mailSection: 'templates',
      rows: templates.map((template) => {
        const own = Object.entries(template.overridden)
          .filter(([, overridden]) => overridden)
          .map(([part]) => PART_LABELS[part].toLowerCase());
        return {
          href: `/console/events/${id}/mail/templates/${template.name}`,
          title: templateTitle(template.name),
          description: template.description,
          overridden: own.length > 0,
          own: own.join(', '),
          updatedAt: template.updatedAt ? formatDateTime(template.updatedAt, event.timezone) : null,
        };
      }),
    });
  }

  @Get(':name')
  @RequireEventRole('organiser')
  async edit(
    @Param('id') id: string,
    @Param('name') name: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const saved = await this.templates.get(id, name);
    const draft = { subject: saved.subject.trim(), html: saved.html, text: saved.text };
    return this.editor(request, reply, id, name, draft, { notice: done ? NOTICES[done] : undefined });
  }

  /** "Save template" stores the override as the API's PUT does; "Preview" (the page without JavaScript) only renders it. */
  @Post(':name')
  @RequireEventRole('organiser')
  @BodyLimit(TEMPLATE_FORM_LIMIT_BYTES)
  async save(
    @Param('id') id: string,
    @Param('name') name: string,
    @Body() form: Posted,
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const draft = draftOf(form);
    if (one(form, 'action') === 'preview') {
      const { preview, errors } = await this.render(id, name, draft);
      return this.editor(request, reply, id, name, draft, {
        errors,
        preview,
        notice: preview ? 'Preview updated. The template is not saved yet.' : undefined,
        status: preview ? 200 : 400,
      });
    }
    const { dto, errors } = await validateBody(PutMailTemplateDto, bodyOf(draft));
    if (errors.length === 0) {
      try {
        await this.templates.put(id, name, dto, user);
        return seeOther(reply, `/console/events/${id}/mail/templates/${name}?done=saved`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'html');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.editor(request, reply, id, name, draft, { errors, status: 400 });
  }

  /** The live preview of the editor's script: the same rendering as "Preview", as JSON. */
  @Post(':name/preview.json')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @BodyLimit(TEMPLATE_FORM_LIMIT_BYTES)
  async previewJson(
    @Param('id') id: string,
    @Param('name') name: string,
    @Body() form: Posted,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ preview: RenderedMail | null; errors: { field: string; message: string; summary: string }[] }> {
    const { preview, errors } = await this.render(id, name, draftOf(form));
    const { byField, summary } = partErrors(errors);
    void reply.status(preview ? 200 : 400).header('cache-control', 'no-store');
    return {
      preview,
      errors: Object.entries(byField).map(([field, message], index) => ({ field, message, summary: summary[index].text })),
    };
  }

  /** Without JavaScript the first post answers a confirmation page; its button (or console.js, after asking) posts `confirmed`. */
  @Post(':name/revert')
  @RequireEventRole('organiser')
  async revert(
    @Param('id') id: string,
    @Param('name') name: string,
    @Body() form: Posted,
    @Query('confirmed') confirmedByPage: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const template = await this.templates.get(id, name);
    // Confirmed in the browser (console.js sets the form's field) or on the confirmation page (its action says so).
    if (one(form, 'confirmed') !== 'yes' && confirmedByPage !== 'yes') {
      const event = await this.events.getById(id);
      return this.views.page(request, reply, 'confirm', {
        title: `Revert the ${templateTitle(template.name)} template? · ${event.title}`,
        event,
        tab: 'mail',
        heading: `Revert the ${templateTitle(template.name)} template to the default?`,
        text: "The event's own subject, HTML and text of this mail are deleted; its mail uses Plenary's default from now on.",
        action: `/console/events/${id}/mail/templates/${template.name}/revert?confirmed=yes`,
        button: 'Revert to default',
        cancel: `/console/events/${id}/mail/templates/${template.name}`,
      });
    }
    await this.templates.revert(id, template.name);
    return seeOther(reply, `/console/events/${id}/mail/templates/${template.name}?done=reverted`);
  }

  /** The draft rendered with sample data by the API's preview, or the errors of its parts. */
  private async render(id: string, name: string, draft: Draft): Promise<{ preview: RenderedMail | null; errors: FieldError[] }> {
    const { dto, errors } = await validateBody(PreviewMailTemplateDto, bodyOf(draft));
    if (errors.length > 0) return { preview: null, errors };
    try {
      return { preview: await this.templates.preview(id, name, dto), errors: [] };
    } catch (error) {
      const fields = fieldErrorsOf(error, 'html');
      if (!fields) throw error;
      return { preview: null, errors: fields };
    }
  }

  private async editor(
    request: ConsoleRequest,
    reply: FastifyReply,
    id: string,
    name: string,
    draft: Draft,
    {
      errors = [],
      preview,
      notice,
      status = 200,
    }: { errors?: FieldError[]; preview?: RenderedMail | null; notice?: string; status?: number },
  ): Promise<string> {
    const [event, saved] = await Promise.all([this.events.getById(id), this.templates.get(id, name)]);
    // The page opens with the saved version's preview; after a refused save, the preview of what is saved still.
    let shown = preview ?? null;
    let previewError: string | null = null;
    const ofSaved = preview === undefined && errors.length > 0;
    if (preview === undefined) {
      const rendered = await this.render(id, name, errors.length > 0 ? savedDraft(saved) : draft);
      shown = rendered.preview;
      previewError =
        rendered.errors.length > 0
          ? partErrors(rendered.errors)
              .summary.map((item) => item.text)
              .join('; ')
          : null;
    }
    const { byField, summary } = partErrors(errors);
    const overridden = Object.values(saved.overridden).some(Boolean);
    return this.views.page(
      request,
      reply,
      'mail-template',
      {
        title: `${templateTitle(saved.name)} · Mail templates · ${event.title}`,
        event,
        tab: 'mail',
        mailSection: 'templates',
        scripts: ['mail-template.js'],
        notice,
        template: {
          name: saved.name,
          title: templateTitle(saved.name),
          description: saved.description,
          overridden,
          updatedAt: saved.updatedAt ? formatDateTime(saved.updatedAt, event.timezone) : null,
        },
        values: draft,
        errors: byField,
        summary,
        hasErrors: summary.length > 0,
        preview: shown,
        previewError,
        previewOfSaved: ofSaved,
        sampleData: JSON.stringify(saved.sampleData, null, 2),
        action: `/console/events/${id}/mail/templates/${saved.name}`,
        previewUrl: `/console/events/${id}/mail/templates/${saved.name}/preview.json`,
        revertAction: `/console/events/${id}/mail/templates/${saved.name}/revert`,
        list: `/console/events/${id}/mail/templates`,
      },
      status,
    );
  }
}

const savedDraft = (saved: { subject: string; html: string; text: string }): Draft => ({
  subject: saved.subject,
  html: saved.html,
  text: saved.text,
});
