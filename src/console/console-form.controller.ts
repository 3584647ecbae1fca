import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { blankRegisterFields } from '../pages/registration-pages.service';
import { formVersion } from '../registrations/form-version';
import type { FormField } from '../registrations/registration-form.entity';
import { RegistrationFormsService } from '../registrations/registration-forms.service';
import { RegistrationFormDto } from '../registrations/registration.dto';
import { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import {
  applyChange,
  blankFieldValues,
  errorsAt,
  FIELD_TYPE_LABELS,
  fieldBody,
  FieldValues,
  fieldValues,
  FormChange,
} from './form-builder';

/** What a finished change tells the organiser (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  added: 'Field added.',
  saved: 'Field saved.',
  moved: 'Field moved.',
  removed: 'Field removed.',
};
const STALE = 'The form was changed meanwhile; review and try again.';

/** How a change went: saved, refused because the form changed since the page was shown, or refused with errors. */
type Outcome =
  | { result: 'saved' }
  | { result: 'stale' }
  | { result: 'missing' }
  | { result: 'refused'; status: number; field: Record<string, string>; other: string[] };

interface FieldForm {
  values: FieldValues;
  errors: Record<string, string>;
}

/**
 * The registration form builder: the event's questions in order, added, edited, moved and removed one
 * at a time, and a preview of the register form. Each change reads the form, applies the change to it
 * (form-builder.ts) and saves the whole form through the API's DTO and service, with the version of the
 * form the page was shown from, so a change made meanwhile by someone else is never overwritten.
 */
@ApiExcludeController()
@Controller('console/events/:id/form')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleFormController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly forms: RegistrationFormsService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async builder(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.builderPage(id, request, reply, { notice: done ? NOTICES[done] : undefined });
  }

  @Post('fields')
  @RequireEventRole('organiser')
  async add(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = postedValues(form);
    const current = await this.forms.get(id);
    const field = fieldBody(
      values,
      current.map((one) => one.key),
    );
    const outcome = await this.change(id, current, one(form, 'version'), { kind: 'add', field });
    if (outcome.result === 'saved') return seeOther(reply, `/console/events/${id}/form?done=added#fields`);
    if (outcome.result === 'refused')
      return this.builderPage(id, request, reply, {
        add: { values, errors: outcome.field },
        general: outcome.other,
        status: outcome.status,
      });
    return this.builderPage(id, request, reply, { add: { values, errors: {} }, stale: true, status: 409 });
  }

  @Get('preview')
  @RequireEventRole('organiser')
  async preview(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [event, fields] = await Promise.all([this.events.getById(id), this.forms.get(id)]);
    return this.views.page(request, reply, 'form-preview', {
      title: `Preview of the registration form · ${event.title}`,
      event,
      tab: 'form',
      ...blankRegisterFields(fields),
    });
  }

  @Get('fields/:key')
  @RequireEventRole('organiser')
  async editPage(
    @Param('id') id: string,
    @Param('key') key: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const [event, fields] = await Promise.all([this.events.getById(id), this.forms.get(id)]);
    const field = fields.find((one) => one.key === key);
    if (!field) throw ApiError.notFound('Field');
    return this.fieldPage(request, reply, event, fields, key, { values: fieldValues(field), errors: {} });
  }

  @Post('fields/:key')
  @RequireEventRole('organiser')
  async save(
    @Param('id') id: string,
    @Param('key') key: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = { ...postedValues(form), key };
    const current = await this.forms.get(id);
    const outcome = await this.change(id, current, one(form, 'version'), { kind: 'edit', key, field: fieldBody(values, []) });
    if (outcome.result === 'saved') return seeOther(reply, `/console/events/${id}/form?done=saved#fields`);
    if (outcome.result === 'missing') throw ApiError.notFound('Field');
    const [event, fields] = await Promise.all([this.events.getById(id), this.forms.get(id)]);
    // A field removed meanwhile has no edit page left: the builder says the form changed.
    if (!fields.some((one) => one.key === key)) return this.builderPage(id, request, reply, { stale: true, status: 409 });
    return outcome.result === 'stale'
      ? this.fieldPage(request, reply, event, fields, key, { values, errors: {} }, { stale: true, status: 409 })
      : this.fieldPage(
          request,
          reply,
          event,
          fields,
          key,
          { values, errors: outcome.field },
          { general: outcome.other, status: outcome.status },
        );
  }

  @Post('fields/:key/move')
  @RequireEventRole('organiser')
  async move(
    @Param('id') id: string,
    @Param('key') key: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const direction = one(form, 'direction') === 'up' ? 'up' : 'down';
    const outcome = await this.change(id, await this.forms.get(id), one(form, 'version'), { kind: 'move', key, direction });
    return this.afterListChange(id, request, reply, outcome, 'moved');
  }

  /** Without JavaScript the first post answers a confirmation page; the page's button (or console.js, after asking) posts `confirmed`. */
  @Post('fields/:key/remove')
  @RequireEventRole('organiser')
  async remove(
    @Param('id') id: string,
    @Param('key') key: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const current = await this.forms.get(id);
    const version = one(form, 'version');
    if (one(form, 'confirmed') !== 'yes') {
      const field = current.find((one) => one.key === key);
      if (!field || version !== formVersion(current)) return this.builderPage(id, request, reply, { stale: true, status: 409 });
      const event = await this.events.getById(id);
      return this.views.page(request, reply, 'form-remove', {
        title: `Remove the field ${field.label}? · ${event.title}`,
        event,
        tab: 'form',
        field,
        version,
      });
    }
    return this.afterListChange(id, request, reply, await this.change(id, current, version, { kind: 'remove', key }), 'removed');
  }

  /**
   * Applies a change to the form as read and saves the whole form as the API does (its DTO, then its
   * service), provided the form is still the version the page showed (`version`).
   */
  private async change(id: string, current: FormField[], version: string | undefined, change: FormChange): Promise<Outcome> {
    if (version !== formVersion(current)) return { result: 'stale' };
    const applied = applyChange(current, change);
    if (!applied) return { result: 'missing' };
    const { dto, errors } = await validateBody(RegistrationFormDto, { fields: applied.fields });
    let status = 400;
    if (errors.length === 0) {
      try {
        await this.forms.replace(id, dto.fields, { expectedVersion: version });
        return { result: 'saved' };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') return { result: 'stale' };
        const fields = fieldErrorsOf(error, 'fields');
        if (!fields) throw error;
        errors.push(...fields);
        status = (error as ApiError).getStatus();
      }
    }
    return { result: 'refused', status, ...errorsAt(errors, applied.index) };
  }

  private afterListChange(
    id: string,
    request: ConsoleRequest,
    reply: FastifyReply,
    outcome: Outcome,
    done: string,
  ): Promise<string> | string {
    switch (outcome.result) {
      case 'saved':
        return seeOther(reply, `/console/events/${id}/form?done=${done}#fields`);
      case 'missing':
        throw ApiError.notFound('Field');
      case 'stale':
        return this.builderPage(id, request, reply, { stale: true, status: 409 });
      case 'refused':
        return this.builderPage(id, request, reply, {
          general: [...Object.entries(outcome.field).map(([name, message]) => `${name}: ${message}`), ...outcome.other],
          status: outcome.status,
        });
    }
  }

  private async builderPage(
    id: string,
    request: ConsoleRequest,
    reply: FastifyReply,
    {
      add = { values: blankFieldValues(), errors: {} },
      general = [],
      stale = false,
      notice,
      status = 200,
    }: { add?: FieldForm; general?: string[]; stale?: boolean; notice?: string; status?: number },
  ): Promise<string> {
    const [event, fields] = await Promise.all([this.events.getById(id), this.forms.get(id)]);
    return this.views.page(
      request,
      reply,
      'form-builder',
      {
        title: `Registration form · ${event.title}`,
        event,
        tab: 'form',
        notice,
        version: formVersion(fields),
        registerUrl: event.status === 'published' ? `/events/${event.slug}/register` : undefined,
        fields: fields.map((field, index) => ({
          ...field,
          position: index + 1,
          typeLabel: FIELD_TYPE_LABELS[field.type] ?? field.type,
          first: index === 0,
          last: index === fields.length - 1,
        })),
        add: { ...add, types: typeOptions(add.values.type) },
        stale: stale ? STALE : undefined,
        general,
        hasErrors: Object.keys(add.errors).length > 0,
      },
      status,
    );
  }

  private fieldPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    fields: FormField[],
    key: string,
    form: FieldForm,
    { stale = false, general = [], status = 200 }: { stale?: boolean; general?: string[]; status?: number } = {},
  ): string {
    const saved = fields.find((one) => one.key === key)!;
    return this.views.page(
      request,
      reply,
      'form-field',
      {
        title: `Edit field ${saved.label} · ${event.title}`,
        event,
        tab: 'form',
        key,
        savedLabel: saved.label,
        version: formVersion(fields),
        form: { ...form, types: typeOptions(form.values.type) },
        stale: stale ? STALE : undefined,
        general,
        hasErrors: Object.keys(form.errors).length > 0,
      },
      status,
    );
  }
}

/** The field form as posted (a ticked Required box is "on"). */
function postedValues(form: Posted): FieldValues {
  const options = form?.options;
  return {
    label: one(form, 'label') ?? '',
    key: one(form, 'key') ?? '',
    type: one(form, 'type') ?? '',
    required: one(form, 'required') === 'on',
    options: typeof options === 'string' ? options : '',
  };
}

const typeOptions = (chosen: string) =>
  Object.entries(FIELD_TYPE_LABELS).map(([value, label]) => ({ value, label, selected: value === chosen }));
