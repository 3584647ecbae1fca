import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { COUNTRIES, COUNTRY_CODE_MESSAGE, countryNameOf } from '../common/countries';
import { ApiError, FieldError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { DelegationsService } from '../delegations/delegations.service';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { InvitationsService } from '../mail/invitations.service';
import { formatCalendarDate, formatDateRange, formatDateTime } from '../common/dates';
import { ManageLinksService, MANAGE_LINK_ANSWER } from '../registrations/manage-links.service';
import type { ManageView } from '../registrations/registration-queries.service';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { RegistrationFormsService } from '../registrations/registration-forms.service';
import type { FormField } from '../registrations/registration-form.entity';
import { ManageLinkRequestDto, RegistrationOutcome, RegistrationResponse } from '../registrations/registration.dto';
import { ACTIVE_STATUSES, REGISTRATION_CATEGORIES } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { passesAccreditation } from '../registrations/badge-rules';
import { RegistrationPhotosService } from '../registrations/registration-photos.service';
import { Refusal, registrationRefusal } from '../registrations/registration-intake';
import { identityBody, identityErrors, IdentityFormValues, issuingCountryOptions } from '../identity/identity-console';
import { IdentityDto } from '../identity/identity.dto';
import { IdentityService } from '../identity/identity.service';
import { PageRenderer } from './page-renderer.service';

export type FormBody = Record<string, string | string[] | undefined>;
type Input = Record<string, string | undefined>;

/** The register form's own fields; the manage page's edit form has these but email, category and delegation code. */
const CORE_FIELDS = [
  'honorific',
  'givenName',
  'familyName',
  'email',
  'jobTitle',
  'organisation',
  'nationality',
  'category',
  'delegationCode',
] as const;
const EDITABLE_FIELDS = ['honorific', 'givenName', 'familyName', 'jobTitle', 'organisation', 'nationality'] as const;
type CoreField = (typeof CORE_FIELDS)[number];
const LABELS: Record<CoreField, string> = {
  honorific: 'Title (e.g. Mr, Ms, Dr, H.E.)',
  givenName: 'Given name',
  familyName: 'Family name',
  email: 'Email',
  jobTitle: 'Job title',
  organisation: 'Organisation',
  nationality: 'Nationality',
  category: 'Category',
  delegationCode: 'Delegation code (if your delegation gave you one)',
};
const AUTOCOMPLETE: Partial<Record<CoreField, string>> = {
  givenName: 'given-name',
  familyName: 'family-name',
  email: 'email',
  organisation: 'organization',
  jobTitle: 'organization-title',
  honorific: 'honorific-prefix',
};
/** The register form's consent to the List of Participants (issue 18, src/documents). */
const LISTED_LABEL =
  'List me in the published List of Participants (my title, name, function and affiliation). Leave unticked to stay off the list.';
/** What a delegate is told when a country is not one of the list (the API names the code format instead). */
const CHOOSE_COUNTRY = 'Choose a country from the list';
const PHOTO_SAVED = 'Your photo has been saved. It was cropped to 3:4 and its metadata (camera, place, date) removed.';
const PHOTO_REMOVED = 'Your photo has been removed.';
const INVITATION_ONLY = 'Registration for this event is by invitation only. Use the link in your invitation mail.';
const INVITATION_UNUSABLE =
  'This invitation link is not valid for this event, or has already been used. If you have registered already, you can have your registration link sent again.';

/**
 * The delegate's pages: the register form, the manage page (view, correct details, cancel) and the
 * "lost your link?" form. They validate and decide through the registration services, as the API does,
 * and show errors beside the fields with the input kept.
 */
@Injectable()
export class RegistrationPagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueriesService,
    private readonly forms: RegistrationFormsService,
    private readonly manageLinks: ManageLinksService,
    private readonly delegations: DelegationsService,
    private readonly invitations: InvitationsService,
    private readonly renderer: PageRenderer,
    private readonly photos: RegistrationPhotosService,
    private readonly identities: IdentityService,
  ) {}

  async registerForm(slug: string, csrf: string, query: { invitation?: string; delegation?: string }): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    return this.formPage(event, csrf, { delegationCode: query.delegation, invitationToken: query.invitation }, [], true);
  }

  /** Registers as the API does (details and answers checked together), and shows the outcome — or the form again with every error beside its field. */
  async register(slug: string, csrf: string, body: FormBody): Promise<{ status: number; html: string }> {
    const event = await this.events.findVisible(slug, undefined);
    const input = single(body);
    const plain: Record<string, unknown> = { answers: answersFrom(input) };
    for (const key of [...CORE_FIELDS, 'invitationToken']) if (input[key] !== undefined && input[key] !== '') plain[key] = input[key];
    // Issue 18: the consent to be named in the List of Participants (a checkbox; unticked, not listed).
    plain.listed = input.listed === 'on';
    let outcome: RegistrationOutcome;
    try {
      outcome = await this.registrations.registerSubmitted(event.id, plain);
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500) throw error;
      return { status: error.getStatus(), html: await this.formPage(event, csrf, input, fieldErrorsOf(error)) };
    }
    const email = String(plain.email);
    return {
      status: 201,
      html: this.renderer.render('registered', { title: `Registered – ${event.title}`, event, outcome, email, [outcome.status]: true }),
    };
  }

  async manage(token: string, csrf: string, updated: boolean, photo?: string, identitySaved = false): Promise<string> {
    const view = await this.queries.manageView(token);
    const notice = photo === 'saved' ? PHOTO_SAVED : photo === 'removed' ? PHOTO_REMOVED : undefined;
    return this.managePage(token, csrf, view, currentInput(view.registration), [], updated, { notice }, { saved: identitySaved });
  }

  /**
   * The manage page's photo form (issue 18): the photo is checked, re-encoded and stored (or removed) as by
   * the API's PUT /registrations/manage/:token/photo; post-redirect-get on success, the page again with
   * the reason beside the photo field otherwise (413 for a file over 5 MB, 415 for one that is no image).
   */
  async photo(
    token: string,
    csrf: string,
    body: unknown,
    remove: boolean,
  ): Promise<{ redirect: string } | { status: number; html: string }> {
    const view = await this.queries.manageView(token);
    try {
      if (!remove) await this.photos.attach({ token }, body);
      else if (await this.photos.current(view.registration.id)) await this.photos.remove({ token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
      const message = fieldErrorsOf(error)[0]?.message ?? error.message;
      const html = await this.managePage(token, csrf, await this.queries.manageView(token), currentInput(view.registration), [], false, {
        error: message.charAt(0).toUpperCase() + message.slice(1),
      });
      return { status: error.getStatus(), html };
    }
    // Relative to the page posted to, so the token is not repeated in a response header (which a logger may record).
    return { redirect: remove ? '?photo=removed' : '?photo=saved' };
  }

  /**
   * Issue 18: the delegate's passport data from the manage page, stored as the API's manage route does;
   * post-redirect-get on success (the number is never shown back in full), the page again with the
   * errors beside the fields and the input kept otherwise.
   */
  async updateIdentity(token: string, csrf: string, body: FormBody): Promise<{ redirect: string } | { status: number; html: string }> {
    const registration = await this.queries.findByToken(token);
    const { values, body: plain } = identityBody(body);
    const { dto, errors } = await validateBody(IdentityDto, plain);
    if (errors.length === 0) {
      try {
        await this.identities.put(registration.id, dto, { ownLink: true });
        // Relative to the page posted to, so the token is not repeated in a response header.
        return { redirect: '?identity=saved#identity' };
      } catch (error) {
        if (!(error instanceof ApiError) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
        errors.push(...fieldErrorsOf(error));
      }
    }
    const view = await this.queries.manageView(token);
    const html = await this.managePage(token, csrf, view, currentInput(view.registration), [], false, {}, { posted: values, errors });
    return { status: 400, html };
  }

  /** Corrects the registrant's details; post-redirect-get on success, the form again with the errors otherwise. */
  async update(token: string, csrf: string, body: FormBody): Promise<{ redirect: string } | { status: number; html: string }> {
    const input = single(body);
    const plain: Record<string, unknown> = { answers: answersFrom(input) };
    // Every field of the form is sent: an emptied optional field is cleared (a nationality by null, its "no answer").
    for (const key of EDITABLE_FIELDS) plain[key] = key === 'nationality' && !input[key] ? null : (input[key] ?? '');
    try {
      await this.queries.updateSubmitted(token, plain);
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
      const view = await this.queries.manageView(token);
      return { status: error.getStatus(), html: await this.managePage(token, csrf, view, input, fieldErrorsOf(error), false) };
    }
    // Relative to the page posted to, so the token is not repeated in a response header (which a logger may record).
    return { redirect: '?updated=1' };
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

  /** The "lost your link?" form, or (after it was sent) the answer, which never tells whether the address is registered. */
  async manageLinkForm(slug: string, csrf: string, sent: boolean): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    return this.manageLinkPage(event, csrf, '', undefined, sent);
  }

  async requestManageLink(slug: string, csrf: string, body: FormBody): Promise<{ redirect: string } | { status: number; html: string }> {
    const event = await this.events.findVisible(slug, undefined);
    const input = single(body);
    const { dto, errors } = await validateBody(ManageLinkRequestDto, { email: input.email ?? '' });
    if (errors.length > 0)
      return {
        status: 400,
        html: this.manageLinkPage(event, csrf, input.email ?? '', input.email ? 'must be an email address' : 'is required', false),
      };
    await this.manageLinks.resend(event.id, dto.email);
    return { redirect: `/events/${encodeURIComponent(event.slug)}/manage-link?sent=1` };
  }

  private manageLinkPage(event: Event, csrf: string, email: string, error: string | undefined, sent: boolean): string {
    const field = {
      name: 'email',
      id: 'f-email',
      label: 'Email',
      type: 'email',
      autocomplete: 'email',
      required: true,
      value: email,
      error,
    };
    return this.renderer.render('manage-link', {
      title: `Lost your registration link? – ${event.title}`,
      event,
      csrf,
      field,
      sent,
      answer: MANAGE_LINK_ANSWER,
    });
  }

  private async managePage(
    token: string,
    csrf: string,
    view: ManageView,
    input: Input,
    errors: FieldError[],
    updated: boolean,
    photoForm: { error?: string; notice?: string } = {},
    identity: { saved?: boolean; posted?: IdentityFormValues; errors?: FieldError[] } = {},
  ): Promise<string> {
    const event = await this.events.getById(view.registration.eventId);
    const registration = view.registration;
    const editable = ACTIVE_STATUSES.includes(registration.status);
    const formFields = editable ? await this.forms.get(event.id) : [];
    const errorOf = errorsBeside(errors, input);
    return this.renderer.render('manage', {
      title: `Your registration – ${event.title}`,
      event,
      token,
      csrf,
      view,
      nationality: countryNameOf(registration.nationality) ?? registration.nationality,
      answers: formFields
        .filter((field) => Object.hasOwn(registration.answers, field.key))
        .map((field) => ({ label: field.label, value: answerText(field, registration.answers[field.key]) })),
      cancellable: editable,
      editable,
      updated,
      core: EDITABLE_FIELDS.map((name) => coreField(name, input, errorOf)),
      custom: customFields(formFields, input, errorOf),
      hasErrors: errors.length > 0,
      general: generalErrors(errors, [...EDITABLE_FIELDS, ...formFields.map((field) => `answers.${field.key}`)]),
      // A member under accreditation has no badge until accredited (BadgesService.render answers 409 NOT_ACCREDITED): no link to it.
      badge: registration.status === 'confirmed' && passesAccreditation(await this.queries.findByToken(token)),
      // The photo block (issue 18): the current photo, the upload form, its notice or its error.
      photoForm: editable && event.asksPhoto ? { photo: await this.photos.current(registration.id), ...photoForm } : null,
      identity: editable && event.asksPassport ? await this.identityBlock(registration.id, identity) : null,
    });
  }

  /** The manage page's passport block: what is on file (masked), and the form (the number and date of birth never filled in from storage). */
  private async identityBlock(registrationId: string, state: { saved?: boolean; posted?: IdentityFormValues; errors?: FieldError[] }) {
    let masked = null;
    let unreadable: string | null = null;
    try {
      masked = await this.identities.masked(registrationId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      unreadable = 'Your passport data cannot be read at the moment; please enter it again, or contact the organisers.';
    }
    const values: IdentityFormValues = state.posted ?? {
      passportNumber: '',
      issuingCountry: masked?.issuingCountry ?? '',
      passportExpiry: masked?.passportExpiry ?? '',
      dateOfBirth: '',
      needsVisaLetter: masked?.needsVisaLetter ?? false,
    };
    const byField: Record<string, string> = {};
    for (const error of state.errors ?? [])
      byField[error.field] = byField[error.field] ? `${byField[error.field]}; ${error.message}` : error.message;
    const errors = identityErrors(byField, values);
    const known = ['passportNumber', 'issuingCountry', 'passportExpiry', 'dateOfBirth', 'needsVisaLetter'];
    const field = (name: string, label: string, extra: Record<string, unknown> = {}) => ({
      name,
      id: `f-identity-${name}`,
      label,
      value: typeof values[name as keyof IdentityFormValues] === 'string' ? values[name as keyof IdentityFormValues] : '',
      error: errors[name],
      required: name !== 'needsVisaLetter',
      type: 'text',
      ...extra,
    });
    return {
      saved: state.saved === true,
      masked: masked && { ...masked, expiry: formatCalendarDate(masked.passportExpiry) },
      unreadable,
      keyConfigured: this.identities.keyConfigured,
      hasErrors: Object.keys(errors).length > 0,
      general: Object.entries(errors)
        .filter(([name]) => !known.includes(name))
        .map(([, message]) => message),
      fields: [
        field('passportNumber', 'Passport or ID number', { autocomplete: 'off' }),
        field('issuingCountry', 'Issuing country', {
          options: [{ value: '', label: 'Choose…', selected: !values.issuingCountry }, ...issuingCountryOptions(values.issuingCountry)],
        }),
        field('passportExpiry', 'Expiry date', { type: 'date' }),
        field('dateOfBirth', 'Date of birth', { type: 'date', autocomplete: 'bday' }),
        field('needsVisaLetter', 'I need a visa letter', { checkbox: true, checked: values.needsVisaLetter }),
      ],
    };
  }

  private async formPage(event: Event, csrf: string, given: Input, errors: FieldError[], firstVisit = false): Promise<string> {
    const invitation = given.invitationToken
      ? await this.invitations.findUnused(this.dataSource.manager, event.id, given.invitationToken)
      : null;
    const refused = registrationRefusal(event, { invited: invitation !== null });
    const refusal = refused ? refusalText(event, refused, given.invitationToken) : null;
    // An invitation link fills in what the invitation knows, the first time the form is shown.
    const input: Input =
      firstVisit && invitation
        ? {
            email: invitation.email,
            givenName: invitation.givenName ?? undefined,
            familyName: invitation.familyName ?? undefined,
            ...withoutEmpty(given),
          }
        : given;
    const formFields = refusal ? [] : await this.forms.get(event.id);
    const errorOf = errorsBeside(errors, input);
    const fieldNames = [...CORE_FIELDS, ...formFields.map((field) => `answers.${field.key}`)];
    return this.renderer.render('register', {
      title: `Register – ${event.title}`,
      event,
      csrf,
      facts: eventFacts(event),
      refusal,
      delegation: refusal ? null : await this.delegationName(event, input.delegationCode),
      core: CORE_FIELDS.map((name) => coreField(name, input, errorOf)),
      custom: customFields(formFields, input, errorOf),
      listed: {
        id: 'f-listed',
        name: 'listed',
        label: LISTED_LABEL,
        checkbox: true,
        checked: input.listed === 'on',
        error: errorOf('listed'),
      },
      invitationToken: input.invitationToken,
      hasErrors: errors.length > 0,
      fieldErrors: errors.some((error) => fieldNames.includes(error.field)),
      general: generalErrors(errors, fieldNames),
    });
  }

  /** The name of the delegation a `?delegation=<code>` link is for, or null for an unknown code. */
  private async delegationName(event: Event, code: string | undefined): Promise<string | null> {
    if (!code || code.length > 32) return null;
    try {
      return (await this.delegations.findByCode(this.dataSource.manager, event.id, code.trim())).name;
    } catch (error) {
      if (error instanceof ApiError && error.getStatus() === 400) return null;
      throw error;
    }
  }
}

/**
 * The register form's fields as a delegate first sees them, nothing filled in: the core fields and the
 * event's questions, through the same mapping of question types to inputs as the page (the console's
 * preview of the form shows these).
 */
export function blankRegisterFields(formFields: FormField[]) {
  const errorOf = errorsBeside([], {});
  return { core: CORE_FIELDS.map((name) => coreField(name, {}, errorOf)), custom: customFields(formFields, {}, errorOf) };
}

/** What the register page tells about the event: when, where, and how registrations are confirmed. */
function eventFacts(event: Event): { dates: string; place: string | null; approval: string } {
  const place = [event.venue, event.city, countryNameOf(event.countryCode)].filter(Boolean).join(', ') || null;
  const approval = event.approvalRequired
    ? 'Approval required: the organisers review each registration, and you will hear from them by mail.'
    : event.capacity !== null
      ? 'No approval needed: your registration is confirmed at once while seats last (then you join the waiting list).'
      : 'No approval needed: your registration is confirmed at once.';
  return { dates: formatDateRange(event.startDate, event.endDate), place, approval };
}

/** Why registration is refused (registrationRefusal, the one rule the API uses too), in words for a delegate. */
function refusalText(event: Event, refusal: Refusal, invitationToken: string | undefined): string {
  switch (refusal.reason) {
    case 'invitation_required':
      return invitationToken ? INVITATION_UNUSABLE : INVITATION_ONLY;
    case 'not_yet_open':
      return `Registration opens on ${formatDateTime(event.registrationOpensAt!, event.timezone)}.`;
    case 'not_published':
      return event.status === 'closed' ? 'Registration for this event is closed.' : refusal.message;
    case 'closed':
      return event.registrationClosesAt
        ? `Registration closed on ${formatDateTime(event.registrationClosesAt, event.timezone)}.`
        : `Registration closed when the event ended, on ${formatDateRange(event.endDate, event.endDate)}.`;
  }
}

/** The error to show beside a field: an empty required field is "required", whatever else the rules say about it. */
function errorsBeside(errors: FieldError[], input: Input): (name: string, country?: boolean) => string | undefined {
  return (name, country = false) => {
    const messages = errors
      .filter((error) => error.field === name)
      .map((error) => (country && error.message === COUNTRY_CODE_MESSAGE ? CHOOSE_COUNTRY : error.message));
    if (messages.length > 0 && !input[name] && !name.startsWith('answers.')) return 'is required';
    return messages.join('; ') || undefined;
  };
}

function coreField(name: CoreField, input: Input, errorOf: ReturnType<typeof errorsBeside>) {
  const value = input[name] ?? (name === 'category' ? 'delegate' : '');
  return {
    name,
    id: `f-${name}`,
    label: LABELS[name],
    value,
    error: errorOf(name, name === 'nationality'),
    required: name === 'givenName' || name === 'familyName' || name === 'email',
    type: name === 'email' ? 'email' : 'text',
    autocomplete: AUTOCOMPLETE[name],
    dir: name === 'givenName' || name === 'familyName' || name === 'organisation' ? 'auto' : undefined,
    options:
      name === 'category'
        ? REGISTRATION_CATEGORIES.map((category) => ({ value: category, label: category, selected: value === category }))
        : name === 'nationality'
          ? countryOptions(value)
          : undefined,
  };
}

function customFields(fields: FormField[], input: Input, errorOf: ReturnType<typeof errorsBeside>) {
  return fields.map((field) => {
    const name = `answers.${field.key}`;
    const value = input[name] ?? '';
    const choices =
      field.type === 'select'
        ? (field.options ?? []).map((option) => ({ value: option, label: option, selected: value === option }))
        : field.type === 'country'
          ? countryOptions(value)
          : undefined;
    return {
      name,
      id: `f-answer-${field.key}`,
      label: field.label,
      value,
      error: errorOf(name, field.type === 'country'),
      required: field.required,
      type: field.type === 'date' ? 'date' : 'text',
      checkbox: field.type === 'checkbox',
      checked: value === 'on',
      // A required list starts on "Choose…", so that nothing is answered for the delegate by default.
      options:
        choices && field.required
          ? [{ value: '', label: 'Choose…', selected: !choices.some((choice) => choice.selected) }, ...choices]
          : choices,
    };
  });
}

/** The countries by English name, the ISO code as the value. */
function countryOptions(value: string) {
  const code = value.trim().toUpperCase();
  return COUNTRIES.map((country) => ({ value: country.code, label: country.name, selected: country.code === code }));
}

/** Errors that belong to no field of the form, as sentences. */
function generalErrors(errors: FieldError[], fieldNames: string[]): string[] {
  return errors
    .filter((error) => !fieldNames.includes(error.field))
    .map((error) => (error.field === 'general' ? error.message : `${error.field}: ${error.message}`));
}

/** The manage form's values as stored: the registrant's details and answers (ticked boxes as "on"). */
function currentInput(registration: RegistrationResponse): Input {
  const input: [string, string | undefined][] = EDITABLE_FIELDS.map((name) => [name, registration[name] ?? undefined]);
  for (const [key, value] of Object.entries(registration.answers))
    input.push([`answers.${key}`, value === true ? 'on' : value === false ? undefined : String(value)]);
  return Object.fromEntries(input);
}

function answerText(field: FormField, value: string | boolean): string {
  if (field.type === 'checkbox') return value ? 'Yes' : 'No';
  if (field.type === 'country') return countryNameOf(String(value)) ?? String(value);
  return String(value);
}

/** The posted `answers.<key>` fields as an answers object (a ticked box is `true`); built from entries, so no key reaches a prototype. */
function answersFrom(input: Input): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([key, value]) => key.startsWith('answers.') && value !== undefined && value !== '')
      .map(([key, value]) => [key.slice('answers.'.length), value === 'on' ? true : value]),
  );
}

/** An API error as errors beside fields: its details, or the field a conflict is about. */
function fieldErrorsOf(error: ApiError): FieldError[] {
  if (error.extra.details?.length) return error.extra.details;
  const response = error.getResponse() as { message?: unknown };
  const message = typeof response.message === 'string' ? response.message : error.message;
  if (error.code === 'REGISTRATION_EXISTS') return [{ field: 'email', message }];
  if (error.code === 'DELEGATION_QUOTA_FULL' || /delegation/i.test(message)) return [{ field: 'delegationCode', message }];
  return [{ field: 'general', message }];
}

/** A form body with one value per field (the last, if a field came twice). */
function single(body: FormBody): Input {
  return Object.fromEntries(
    Object.entries(body ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value[value.length - 1] : value]),
  );
}

function withoutEmpty(input: Input): Input {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== ''));
}
