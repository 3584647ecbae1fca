import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Authorised, ConsolePage, RequireEventRole, RequireEventRoleForRow } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthorisedRequest } from '../auth/event-role.guard';
import type { ConsoleUser } from '../auth/console-sessions.service';
import { COUNTRIES, countryNameOf } from '../common/countries';
import { formatDateTime } from '../common/dates';
import { ApiError } from '../common/errors/api-error';
import { invalidFields } from '../common/errors/validation';
import { validateBody } from '../common/validate-body';
import { DelegationsService } from '../delegations/delegations.service';
import { ParticipantListingDto } from '../documents/participants.dto';
import { ParticipantsService } from '../documents/participants.service';
import { EventsService } from '../events/events.service';
import { IdentityFormValues, identitySection, identityBody } from '../identity/identity-console';
import { IdentityService } from '../identity/identity.service';
import { IdentityDto } from '../identity/identity.dto';
import { BadgesService } from '../registrations/badges.service';
import type { FormField } from '../registrations/registration-form.entity';
import { RegistrationFormsService } from '../registrations/registration-forms.service';
import { REGISTRATION_SORTS } from '../registrations/registration-list';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { BulkRegistrationsDto, BulkRejectDto, ListRegistrationsQuery, RegistrationResponse } from '../registrations/registration.dto';
import { REGISTRATION_CATEGORIES, REGISTRATION_STATUSES } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { ConsoleRequest, SignedIn } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, integerOr, many, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PAGE_SIZE = 50;
/** The list's filters, in the order the URL carries them. */
const FILTERS = ['status', 'category', 'delegationId', 'checkedIn', 'q', 'sort'] as const;
const EDITABLE = ['honorific', 'givenName', 'familyName', 'jobTitle', 'organisation', 'nationality'] as const;
const SORT_LABELS: Record<(typeof REGISTRATION_SORTS)[number], string> = {
  created: 'Oldest first',
  '-created': 'Newest first',
  name: 'Family name, A–Z',
  '-name': 'Family name, Z–A',
  organisation: 'Organisation, A–Z',
  '-organisation': 'Organisation, Z–A',
  status: 'Status, A–Z',
  '-status': 'Status, Z–A',
  waitlist: 'Waitlist order',
};
const capitalised = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** The query string of a filtered view, without empty values (for links that keep the filters). */
function queryOf(filters: Record<string, string | undefined>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** An event's registrations: the filtered, searchable list, bulk approval and rejection, exports, and each registration's page. */
@ApiExcludeController()
@Controller('console/events/:id/registrations')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleRegistrationsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly queries: RegistrationQueriesService,
    private readonly registrations: RegistrationsService,
    private readonly delegations: DelegationsService,
    private readonly forms: RegistrationFormsService,
    private readonly badges: BadgesService,
    private readonly participants: ParticipantsService,
    private readonly identities: IdentityService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async list(
    @Param('id') id: string,
    @Query() query: Record<string, string>,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.listPage(id, query, request, reply);
  }

  /** The list as `query` asks for it; after a refused bulk action, with its errors beside the fields and the selection kept. */
  private async listPage(
    id: string,
    query: Record<string, string>,
    request: ConsoleRequest,
    reply: FastifyReply,
    refused?: { errors: Record<string, string>; reason: string; selected: string[] },
  ): Promise<string> {
    const filters = Object.fromEntries(FILTERS.map((name) => [name, typeof query[name] === 'string' ? query[name].trim() : undefined]));
    const page = typeof query.page === 'string' ? query.page : undefined;
    const { dto, errors } = await validateBody(ListRegistrationsQuery, {
      ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value)),
      ...(page ? { page } : {}),
      pageSize: String(PAGE_SIZE),
    });
    const [event, delegations] = await Promise.all([this.events.getById(id), this.delegations.list(id)]);
    const names = new Map(delegations.map((delegation) => [delegation.id, delegation.name]));
    const result = errors.length === 0 ? await this.queries.list(id, dto) : { items: [], total: 0, page: 1, pageSize: PAGE_SIZE };
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const base = `/console/events/${id}/registrations`;
    return this.views.page(
      request,
      reply,
      'registrations',
      {
        title: `Registrations · ${event.title}`,
        event,
        tab: 'registrations',
        notice: this.noticeOf(query),
        filters,
        errors: messagesByField(errors),
        hasErrors: errors.length > 0 || refused !== undefined,
        statuses: REGISTRATION_STATUSES.map((status) => ({
          value: status,
          label: capitalised(status),
          selected: status === filters.status,
        })),
        categories: REGISTRATION_CATEGORIES.map((category) => ({
          value: category,
          label: capitalised(category),
          selected: category === filters.category,
        })),
        delegations: delegations.map((delegation) => ({
          value: delegation.id,
          label: delegation.name,
          selected: delegation.id === filters.delegationId,
        })),
        checkedInOptions: [
          { value: 'true', label: 'Checked in', selected: filters.checkedIn === 'true' },
          { value: 'false', label: 'Not checked in', selected: filters.checkedIn === 'false' },
        ],
        sorts: REGISTRATION_SORTS.map((sort) => ({
          value: sort,
          label: SORT_LABELS[sort],
          selected: sort === (filters.sort || 'created'),
        })),
        bulk: refused ?? { errors: {}, reason: '', selected: [] },
        rows: result.items.map((registration) => ({
          ...registration,
          selected: refused?.selected.includes(registration.id) ?? false,
          name: [registration.honorific, registration.givenName, registration.familyName].filter(Boolean).join(' '),
          delegation: registration.delegationId ? names.get(registration.delegationId) : null,
          href: `${base}/${registration.id}`,
          checkedIn: registration.checkedInAt !== null,
        })),
        total: result.total,
        pageNumber: result.page,
        pages,
        previous: result.page > 1 ? `${base}${queryOf(filters, { page: String(result.page - 1) })}` : null,
        next: result.page < pages ? `${base}${queryOf(filters, { page: String(result.page + 1) })}` : null,
        csv: `${base}/export.csv${queryOf(filters)}`,
        xlsx: `${base}/export.xlsx${queryOf(filters)}`,
        badgeSheet: `${base}/badges.pdf${queryOf(filters)}`,
        returnTo: `${base}${queryOf(filters, page ? { page } : {})}`,
        waitlist: `${base}${queryOf({ status: 'waitlisted', sort: 'waitlist' })}`,
      },
      errors.length > 0 || refused ? 400 : 200,
    );
  }

  @Get('export.csv')
  @RequireEventRole('organiser')
  async csv(@Param('id') id: string, @Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const filters = await this.exportFilters(query);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registrations-${await this.queries.slugOf(id)}.csv"`);
    return new StreamableFile(await this.queries.exportCsv(id, filters));
  }

  @Get('export.xlsx')
  @RequireEventRole('organiser')
  async xlsx(@Param('id') id: string, @Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const filters = await this.exportFilters(query);
    void reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="registrations-${await this.queries.slugOf(id)}.xlsx"`);
    return new StreamableFile(await this.queries.exportXlsx(id, filters));
  }

  /**
   * The badges of the confirmed registrations the list's filters select, four to an A4 page (the API's
   * GET /events/:id/badges.pdf). When there is none to print, back to the same view saying why.
   */
  @Get('badges.pdf')
  @RequireEventRole('organiser')
  async badgeSheet(@Param('id') id: string, @Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const filters = await this.exportFilters(query);
    let sheet: Readable;
    try {
      sheet = await this.badges.sheet(id, filters);
    } catch (error) {
      const refusal = error instanceof ApiError && (error.code === 'NO_BADGES_TO_PRINT' || error.code === 'VALIDATION_FAILED');
      if (!refusal) throw error;
      const back = `/console/events/${id}/registrations${queryOf(Object.fromEntries(FILTERS.map((name) => [name, query[name]])))}`;
      return seeOther(
        reply,
        `${back}${back.includes('?') ? '&' : '?'}done=${error.code === 'NO_BADGES_TO_PRINT' ? 'no-badges' : 'badges-confirmed-only'}`,
      );
    }
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="badges-${await this.queries.slugOf(id)}.pdf"`);
    return new StreamableFile(sheet);
  }

  /** Approve or reject the selected registrations, each as one at a time would be; back to the same view. */
  @Post('bulk')
  @RequireEventRole('organiser')
  async bulk(
    @Param('id') id: string,
    @Body() form: Posted,
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ids = many(form, 'ids');
    const back = this.returnPath(id, one(form, 'returnTo'));
    const separator = back.includes('?') ? '&' : '?';
    if (ids.length === 0) return seeOther(reply, `${back}${separator}done=none-selected`);
    if (one(form, 'action') === 'reject') {
      const reason = one(form, 'reason') || undefined;
      const { dto, errors } = await validateBody(BulkRejectDto, { ids, ...(reason ? { reason } : {}) });
      if (errors.some((error) => error.field === 'reason')) {
        const query = Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? ''));
        return this.listPage(id, query, request, reply, { errors: messagesByField(errors), reason: reason ?? '', selected: ids });
      }
      if (errors.length > 0) throw invalidFields(errors);
      const { rejected, skipped } = await this.registrations.rejectMany(id, dto.ids, dto.reason ?? null, user);
      return seeOther(reply, `${back}${separator}done=rejected&n=${rejected.length}&skipped=${skipped.length}`);
    }
    const { dto, errors } = await validateBody(BulkRegistrationsDto, { ids });
    if (errors.length > 0) throw invalidFields(errors);
    const { approved, skipped } = await this.registrations.approveMany(id, dto.ids, user);
    return seeOther(reply, `${back}${separator}done=approved&n=${approved.length}&skipped=${skipped.length}`);
  }

  @Get(':registrationId')
  // Accreditation staff see the page too (the details and the identity document), without the organisers' actions.
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser', 'accreditation')
  async show(
    @Authorised() target: AuthorisedTarget,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.registrationPage(request, reply, target, { notice: done ? REGISTRATION_NOTICES[done] : undefined });
  }

  @Post(':registrationId/details')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser')
  async saveDetails(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const body = Object.fromEntries(EDITABLE.map((name) => [name, one(form, name) ?? '']));
    try {
      // An empty nationality leaves it as it is (the API takes a country code or nothing).
      await this.queries.updateById(target.id, { ...body, nationality: body.nationality || undefined });
      return seeOther(reply, `/console/events/${target.eventId}/registrations/${target.id}?done=saved`);
    } catch (error) {
      const fields = fieldErrorsOf(error, 'givenName');
      if (!fields) throw error;
      return this.registrationPage(request, reply, target, { values: body, errors: messagesByField(fields), status: 400 });
    }
  }

  /** Issue 18: listed in the List of Participants or not, and the precedence (src/documents), as `PATCH /registrations/:id/listing`. */
  @Post(':registrationId/listing')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser')
  async saveListing(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const listing = { listed: one(form, 'listed') === 'on', precedence: one(form, 'precedence') ?? '' };
    const { dto, errors } = await validateBody(ParticipantListingDto, {
      listed: listing.listed,
      precedence: listing.precedence === '' ? null : integerOr(listing.precedence, null),
    });
    if (errors.length > 0) return this.registrationPage(request, reply, target, { listing, errors: messagesByField(errors), status: 400 });
    await this.participants.setListing(target, dto);
    return seeOther(reply, `/console/events/${target.eventId}/registrations/${target.id}?done=listing`);
  }

  /** Issue 18: the identity document, saved by an organiser or the accreditation desk (IdentityService.put, as the API). */
  @Post(':registrationId/identity')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser', 'accreditation')
  async saveIdentity(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { values, body } = identityBody(form);
    const { dto, errors } = await validateBody(IdentityDto, body);
    if (errors.length === 0) {
      try {
        await this.identities.put(target.id, dto);
        return seeOther(reply, `/console/events/${target.eventId}/registrations/${target.id}?done=identity-saved#identity`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'passportNumber');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.registrationPage(request, reply, target, { identity: { values, errors: messagesByField(errors) }, status: 400 });
  }

  @Post(':registrationId/approve')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser')
  async approve(@Authorised() target: AuthorisedTarget, @SignedIn() user: ConsoleUser, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.registrations.approve(target, user.id);
    return seeOther(reply, `/console/events/${target.eventId}/registrations/${target.id}?done=approved`);
  }

  @Post(':registrationId/reject')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser')
  async reject(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @SignedIn() user: ConsoleUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { dto, errors } = await validateBody(BulkRejectDto, {
      ids: [target.id],
      ...(one(form, 'reason') ? { reason: one(form, 'reason') } : {}),
    });
    if (errors.length > 0) throw invalidFields(errors);
    await this.registrations.reject(target, dto.reason ?? null, user.id);
    return seeOther(reply, `/console/events/${target.eventId}/registrations/${target.id}?done=rejected`);
  }

  @Post(':registrationId/cancel')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser')
  async cancel(@Authorised() target: AuthorisedTarget, @SignedIn() user: ConsoleUser, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.registrations.cancelById(target, user.id);
    return seeOther(reply, `/console/events/${target.eventId}/registrations/${target.id}?done=cancelled`);
  }

  @Get(':registrationId/badge.pdf')
  @RequireEventRoleForRow('registration', 'registrationId', 'organiser')
  async badge(@Authorised() target: AuthorisedTarget, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="badge-${target.id}.pdf"`);
    return new StreamableFile(await this.badges.render(await this.queries.badgeData(await this.queries.byId(target.id))));
  }

  private async registrationPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    target: AuthorisedTarget,
    {
      values,
      errors = {},
      notice,
      status = 200,
      listing,
      identity,
    }: {
      values?: Record<string, string>;
      errors?: Record<string, string>;
      notice?: string;
      status?: number;
      listing?: { listed: boolean; precedence: string };
      identity?: { values: IdentityFormValues; errors: Record<string, string> };
    },
  ): Promise<string> {
    const [event, registration, history, mails, formFields] = await Promise.all([
      this.events.getById(target.eventId),
      this.queries.byId(target.id),
      this.queries.history(target.id),
      this.queries.mails(target.id),
      this.forms.get(target.eventId),
    ]);
    const delegation = registration.delegationId ? await this.delegations.inEvent(target.eventId, registration.delegationId) : undefined;
    const at = (instant: Date | string | null) => (instant ? formatDateTime(instant, event.timezone) : null);
    const shown = values ?? Object.fromEntries(EDITABLE.map((name) => [name, registration[name] ?? '']));
    const base = `/console/events/${event.id}/registrations/${registration.id}`;
    const roles = (request as AuthorisedRequest).authorised?.roles ?? [];
    const organiser = request.user?.role === 'admin' || roles.includes('organiser');
    return this.views.page(
      request,
      reply,
      'registration',
      {
        title: `${registration.givenName} ${registration.familyName} · ${event.title}`,
        event,
        tab: 'registrations',
        notice,
        registration,
        name: [registration.honorific, registration.givenName, registration.familyName].filter(Boolean).join(' '),
        nationality: countryNameOf(registration.nationality) ?? registration.nationality,
        delegation: delegation?.name ?? null,
        registeredAt: at(registration.createdAt),
        checkedInAt: at(registration.checkedInAt),
        answers: answerRows(formFields, registration),
        history: history.map((step) => ({ ...step, at: at(step.at), from: step.fromStatus ?? 'registered' })),
        mails: mails.map((mail) => ({ ...mail, createdAt: at(mail.createdAt), sentAt: at(mail.sentAt) })),
        values: shown,
        countries: COUNTRIES.map((country) => ({ value: country.code, label: country.name, selected: country.code === shown.nationality })),
        errors,
        hasErrors: Object.keys(errors).length > 0,
        mayApprove: registration.status === 'pending',
        mayReject: registration.status === 'pending' || registration.status === 'confirmed' || registration.status === 'waitlisted',
        mayCancel: registration.status !== 'cancelled' && registration.status !== 'rejected',
        base,
        listing: listing ?? {
          listed: registration.listed,
          precedence: registration.precedence === null ? '' : String(registration.precedence),
        },
        list: `/console/events/${event.id}/registrations`,
        // Issue 18: organisers and accreditation staff are the only ones who reach this page; the desk sees no decisions.
        organiser,
        identity: await identitySection(this.identities, event, registration.id, identity),
      },
      status,
    );
  }

  private async exportFilters(query: Record<string, string>) {
    const { dto, errors } = await validateBody(
      ListRegistrationsQuery,
      Object.fromEntries(FILTERS.flatMap((name) => (typeof query[name] === 'string' && query[name] !== '' ? [[name, query[name]]] : []))),
    );
    if (errors.length > 0) throw invalidFields(errors);
    const { status, category, delegationId, checkedIn, q, sort } = dto;
    return { status, category, delegationId, checkedIn, q, sort };
  }

  private noticeOf(query: Record<string, string>): string | undefined {
    const count = Number(query.n ?? 0);
    const skipped = Number(query.skipped ?? 0);
    const plural = (n: number) => (n === 1 ? 'registration' : 'registrations');
    const skippedText =
      skipped > 0 ? ` ${skipped} ${plural(skipped)} skipped: only pending ones can be approved, only active ones rejected.` : '';
    switch (query.done) {
      case 'approved':
        return `${count} ${plural(count)} approved; each was mailed.${skippedText}`;
      case 'rejected':
        return `${count} ${plural(count)} rejected; each was mailed.${skippedText}`;
      case 'none-selected':
        return 'Select at least one registration first.';
      case 'no-badges':
        return 'No confirmed registration matches these filters: there is no badge to print.';
      case 'badges-confirmed-only':
        return 'Badges are printed for confirmed registrations only: choose the status Confirmed, or any status.';
      default:
        return undefined;
    }
  }

  /** Back to the list view the bulk form came from: only ever this event's registrations list. */
  private returnPath(eventId: string, returnTo: string | undefined): string {
    const base = `/console/events/${eventId}/registrations`;
    return returnTo && (returnTo === base || returnTo.startsWith(`${base}?`)) ? returnTo.replace(/[?&](done|n|skipped)=[^&]*/g, '') : base;
  }
}

const REGISTRATION_NOTICES: Record<string, string> = {
  saved: 'Details saved.',
  approved: 'Registration approved; the registrant was mailed.',
  rejected: 'Registration rejected; the registrant was mailed.',
  cancelled: 'Registration cancelled.',
  listing: 'List of Participants settings saved.',
  'identity-saved': 'Identity document saved (encrypted).',
};

/** Each question of the form with this registration's answer, in form order; answers to removed questions last. */
function answerRows(fields: readonly FormField[], registration: Pick<RegistrationResponse, 'answers'>) {
  const answers = registration.answers ?? {};
  const text = (value: unknown, type?: string): string => {
    if (value === undefined || value === null || value === '') return '—';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (typeof value === 'string') return type === 'country' ? (countryNameOf(value) ?? value) : value;
    return typeof value === 'number' ? String(value) : JSON.stringify(value);
  };
  const known = new Set(fields.map((field) => field.key));
  return [
    ...fields.map((field) => ({ label: field.label, answer: text(answers[field.key], field.type) })),
    ...Object.keys(answers)
      .filter((key) => !known.has(key))
      .map((key) => ({ label: `${key} (no longer asked)`, answer: text(answers[key]) })),
  ];
}
