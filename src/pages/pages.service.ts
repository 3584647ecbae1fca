import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DateTime } from 'luxon';
import { AgendaService } from '../agenda/agenda.service';
import { ApiError, FieldError } from '../common/errors/api-error';
import { toFieldErrors } from '../common/errors/validation';
import { unstorableText } from '../common/storable-text';
import { Event } from '../events/event.entity';
import { ListEventsQuery } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { PARTNER_ROLES } from '../events/event-partner.entity';
import { BadgesService, formatDates } from '../registrations/badges.service';
import { RegistrationFormsService } from '../registrations/registration-forms.service';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { CreateRegistrationDto, RegistrationOutcome } from '../registrations/registration.dto';
import { REGISTRATION_CATEGORIES } from '../registrations/registration.entity';
import { RegistrationsService, assertRegistrationOpen } from '../registrations/registrations.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { PageRenderer } from './page-renderer.service';

export type FormBody = Record<string, string | string[] | undefined>;

const ROLE_LABELS: Record<string, string> = { host: 'Hosted by', co_organiser: 'Co-organised by', funder: 'Funded by', partner: 'Partners' };
const CORE_FIELDS = ['honorific', 'givenName', 'familyName', 'email', 'jobTitle', 'organisation', 'nationality', 'category', 'delegationCode'] as const;
const LABELS: Record<string, string> = {
  honorific: 'Title (e.g. Mr, Ms, Dr, H.E.)',
  givenName: 'Given name',
  familyName: 'Family name',
  email: 'Email',
  jobTitle: 'Job title',
  organisation: 'Organisation',
  nationality: 'Nationality (two-letter country code, e.g. PK)',
  category: 'Category',
  delegationCode: 'Delegation code (if your delegation gave you one)',
};

/** The public pages: each method gathers what a page shows from the feature services and renders it. */
@Injectable()
export class PagesService {
  constructor(
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueriesService,
    private readonly forms: RegistrationFormsService,
    private readonly badges: BadgesService,
    private readonly renderer: PageRenderer,
    private readonly outcomes: OutcomesService,
  ) {}

  async home(): Promise<string> {
    const page = await this.events.list(Object.assign(new ListEventsQuery(), { pageSize: 100 }), undefined);
    const events = page.items.filter((event) => event.status === 'published').map((event) => ({ ...event, dates: formatDates(event.startDate, event.endDate) }));
    return this.renderer.render('home', { title: 'Events', events });
  }

  async event(slug: string): Promise<string> {
    const details = await this.events.details(slug, undefined);
    const event = await this.events.findVisible(slug, undefined);
    const partners = PARTNER_ROLES.map((role) => ({ label: ROLE_LABELS[role], items: details.partners[role] })).filter((group) => group.items.length > 0);
    return this.renderer.render('event', { title: details.title, event: details, dates: formatDates(details.startDate, details.endDate), partners, registration: registrationState(event) });
  }

  async agendaPage(slug: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const agenda = await this.agenda.build(event);
    const days = agenda.days.map((day) => ({
      heading: DateTime.fromISO(day.date, { zone: event.timezone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy'),
      sessions: day.sessions.map((session) => ({ ...session, from: session.startsAt.slice(11, 16), to: session.endsAt.slice(11, 16), kindLabel: session.kind.replace('_', ' ') })),
    }));
    const offset = DateTime.fromISO(`${event.startDate}T12:00`, { zone: event.timezone }).toFormat('ZZ');
    return this.renderer.render('agenda', { title: `Agenda – ${event.title}`, event: agenda.event, days, zone: `${event.timezone} (UTC${offset})` });
  }

  /** A published outcome document: its published version (sanitised HTML) and its commitments. */
  async outcomePage(slug: string, id: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const document = await this.outcomes.get(id, undefined);
    if (document.eventId !== event.id) throw ApiError.notFound('Outcome document');
    const commitments = document.commitments.map((commitment) => ({ ...commitment, statusLabel: commitment.status.replace('_', ' '), leads: commitment.leads.join(', ') }));
    const published = document.publishedAt ? DateTime.fromISO(document.publishedAt, { zone: event.timezone }).setLocale('en-GB').toFormat('d LLLL yyyy') : null;
    return this.renderer.render('outcome', { title: `${document.title} – ${event.title}`, event, document, commitments, published, pdfUrl: `/api/v1/outcomes/${document.id}/document.pdf` });
  }

  async registerForm(slug: string, csrf: string, query: { invitation?: string; delegation?: string }): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    return this.formPage(event, csrf, { delegationCode: query.delegation, invitationToken: query.invitation }, []);
  }

  /** Validates as the API does, registers, and shows the outcome — or the form again with the errors beside the fields. */
  async register(slug: string, csrf: string, body: FormBody): Promise<{ status: number; html: string }> {
    const event = await this.events.findVisible(slug, undefined);
    const input = single(body);
    const answers: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      if (key.startsWith('answers.') && value !== '') answers[key.slice(8)] = value === 'on' ? true : value;
    }
    const plain: Record<string, unknown> = { answers };
    for (const key of [...CORE_FIELDS, 'invitationToken']) if (input[key] !== undefined && input[key] !== '') plain[key] = input[key];
    const dto = plainToInstance(CreateRegistrationDto, plain);
    const unstorable = unstorableText(input);
    const errors = [...unstorable, ...toFieldErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true })).filter((error) => !unstorable.some((bad) => bad.field === error.field))];
    if (errors.length > 0) return { status: 400, html: await this.formPage(event, csrf, input, errors) };
    let outcome: RegistrationOutcome;
    try {
      outcome = await this.registrations.register(event.id, dto);
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500) throw error;
      return { status: error.getStatus(), html: await this.formPage(event, csrf, input, fieldErrorsOf(error)) };
    }
    return { status: 201, html: this.renderer.render('registered', { title: `Registered – ${event.title}`, event, outcome, email: dto.email, [outcome.status]: true }) };
  }

  async manage(token: string, csrf: string): Promise<string> {
    const view = await this.queries.manageView(token);
    const event = await this.events.getById(view.registration.eventId);
    const cancellable = ['pending', 'confirmed', 'waitlisted'].includes(view.registration.status);
    return this.renderer.render('manage', { title: `Your registration – ${event.title}`, event, token, csrf, view, cancellable, badge: view.registration.status === 'confirmed' });
  }

  async confirmCancel(token: string, csrf: string): Promise<string> {
    const view = await this.queries.manageView(token);
    const event = await this.events.getById(view.registration.eventId);
    return this.renderer.render('cancel', { title: `Cancel your registration – ${event.title}`, event, token, csrf, view });
  }

  async cancel(token: string): Promise<string> {
    const view = await this.queries.manageView(token);
    const event = await this.events.getById(view.registration.eventId);
    await this.registrations.cancelByToken(token);
    return this.renderer.render('cancelled', { title: `Registration cancelled – ${event.title}`, event, view });
  }

  error(status: number, message: string): string {
    return this.renderer.render('error', { title: status === 404 ? 'Not found' : 'Something went wrong', status, message });
  }

  get css(): string {
    return this.renderer.css;
  }

  private async formPage(event: Event, csrf: string, input: Record<string, string | undefined>, errors: FieldError[]): Promise<string> {
    const errorOf = (name: string) => {
      const messages = errors.filter((error) => error.field === name).map((error) => error.message);
      if (messages.length > 1 && !input[name]) return 'is required';
      return messages.join('; ') || undefined;
    };
    const core = CORE_FIELDS.map((name) => ({
      name,
      id: `f-${name}`,
      label: LABELS[name],
      value: input[name] ?? (name === 'category' ? 'delegate' : ''),
      error: errorOf(name),
      required: name === 'givenName' || name === 'familyName' || name === 'email',
      type: name === 'email' ? 'email' : 'text',
      autocomplete: { givenName: 'given-name', familyName: 'family-name', email: 'email', organisation: 'organization', jobTitle: 'organization-title', honorific: 'honorific-prefix' }[name as string],
      dir: name === 'givenName' || name === 'familyName' || name === 'organisation' ? 'auto' : undefined,
      options: name === 'category' ? REGISTRATION_CATEGORIES.map((category) => ({ value: category, label: category, selected: (input.category ?? 'delegate') === category })) : undefined,
    }));
    const custom = (await this.forms.get(event.id)).map((field) => {
      const name = `answers.${field.key}`;
      const value = input[name] ?? '';
      return {
        name,
        id: `f-answer-${field.key}`,
        label: field.label,
        value,
        error: errorOf(name),
        required: field.required,
        type: field.type === 'date' ? 'date' : 'text',
        checkbox: field.type === 'checkbox',
        checked: value === 'on',
        options: field.type === 'select' ? field.options?.map((option) => ({ value: option, label: option, selected: value === option })) : undefined,
      };
    });
    const known = new Set([...core, ...custom].map((field) => field.name));
    const general = errors.filter((error) => !known.has(error.field)).map((error) => (error.field === 'general' ? error.message : `${error.field}: ${error.message}`));
    return this.renderer.render('register', {
      title: `Register – ${event.title}`,
      event,
      csrf,
      core,
      custom,
      invitationToken: input.invitationToken,
      hasErrors: errors.length > 0,
      general,
      registration: registrationState(event),
    });
  }
}

/** An API error as errors beside fields: its details, or the field a conflict is about. */
function fieldErrorsOf(error: ApiError): FieldError[] {
  if (error.extra.details?.length) return error.extra.details;
  const message = typeof (error.getResponse() as { message?: unknown }).message === 'string' ? String((error.getResponse() as { message: string }).message) : error.message;
  if (error.code === 'REGISTRATION_EXISTS') return [{ field: 'email', message }];
  if (error.code === 'DELEGATION_QUOTA_FULL' || /delegation/i.test(message)) return [{ field: 'delegationCode', message }];
  return [{ field: 'general', message }];
}

function single(body: FormBody): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body ?? {})) result[key] = Array.isArray(value) ? value[value.length - 1] : value;
  return result;
}

function registrationState(event: Event): { open: boolean; label: string } {
  try {
    assertRegistrationOpen(event);
    return { open: true, label: event.inviteOnly ? 'Registration is open to invited participants' : 'Registration is open' };
  } catch (error) {
    return { open: false, label: error instanceof ApiError ? error.message : 'Registration is closed' };
  }
}
