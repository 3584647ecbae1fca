import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { cookieOf } from '../common/cookies';
import { CsrfService } from '../common/csrf.service';
import { ApiError } from '../common/errors/api-error';
import { fieldErrorsOf, messagesByField, one, Posted } from '../console/console-forms';
import { ConsoleViews, HTML, seeOther } from '../console/console-views.service';
import { AcceptsUploads } from '../common/uploads';
import { CredentialsLettersService } from '../delegations/credentials-letters.service';
import { formatBytes } from '../files/file.dto';
import { CREDENTIALS_LETTER_BYTES } from '../files/pdfs';
import type { Delegation } from '../delegations/delegation.entity';
import { REGISTRATION_CATEGORIES } from '../registrations/registration.entity';
import { AccreditationMemberResponse } from './accreditation.dto';
import { AccreditationService } from './accreditation.service';
import { PortalExceptionFilter } from './portal-exception.filter';
import { PORTAL_COOKIE, PortalSignInService, PortalUser } from './portal-sign-in.service';

/** The nominee form's fields, in order, as the page names them (the API's names: `jobTitle` is the function). */
const NOMINEE_FIELDS = ['honorific', 'givenName', 'familyName', 'email', 'jobTitle', 'category'] as const;

type Notice = 'nominated' | 'replaced' | 'withdrawn' | 'submitted' | 'credentials' | 'signed-in';

/** What a finished step tells the focal point (`?done=`): fixed texts, never user input. */
const NOTICES: Record<Notice, string> = {
  nominated: 'Member nominated. They have been mailed a link to complete their details.',
  replaced: 'Member replaced. The new member has been mailed a link to complete their details.',
  withdrawn: 'Member withdrawn. Their place is free again.',
  submitted: 'The delegation has been submitted to the secretariat for accreditation.',
  credentials: 'The credentials letter has been uploaded. The secretariat sees it with your delegation.',
  'signed-in': 'You are signed in to the portal of your delegation.',
};

const ACCREDITATION_TEXT: Record<string, string> = {
  none: 'Not submitted',
  nominated: 'Nominated',
  submitted: 'Submitted, awaiting the secretariat',
  accredited: 'Accredited',
  returned: 'Returned by the secretariat',
};

type NomineeValues = Record<(typeof NOMINEE_FIELDS)[number], string>;
const blankNominee = (): NomineeValues => ({ honorific: '', givenName: '', familyName: '', email: '', jobTitle: '', category: 'delegate' });
const postedNominee = (form: Posted): NomineeValues =>
  Object.fromEntries(NOMINEE_FIELDS.map((field) => [field, one(form, field) ?? ''])) as NomineeValues;

/**
 * The focal points' portal (server-rendered, under /portal): a delegation's head asks for a one-time sign-in
 * link, then nominates, replaces and withdraws members and submits the delegation. A session opens only its
 * own delegation (any other is 404). Every POST carries its form's CSRF token (403 otherwise).
 */
@ApiExcludeController()
@Controller('portal')
@Public()
@UseFilters(PortalExceptionFilter)
export class PortalController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: CsrfService,
    private readonly signIns: PortalSignInService,
    private readonly accreditation: AccreditationService,
    private readonly credentials: CredentialsLettersService,
  ) {}

  @Get('delegations/:delegationId')
  async portal(
    @Param('delegationId') delegationId: string,
    @Query('done') done: string | undefined,
    @Query('sent') sent: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const user = await this.signIns.resolve(cookieOf(request, PORTAL_COOKIE));
    if (!user) return this.signInForm(request, reply, delegationId, { sent: sent === '1' });
    const delegation = await this.ownDelegation(user, delegationId);
    return this.portalPage(request, reply, delegation, { notice: done ? (NOTICES as Record<string, string>)[done] : undefined });
  }

  /** Asks for a sign-in link: the same answer whether or not the address is the focal point's (nothing is revealed). */
  @Post('delegations/:delegationId/sign-in')
  async requestLink(
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.csrf.verify(request, form?._csrf);
    const email = one(form, 'email') ?? '';
    if (!/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email))
      return this.signInForm(request, reply, delegationId, { email, errors: { email: 'must be an email address' }, hasErrors: true }, 400);
    await this.signIns.requestLink(delegationId, email);
    return seeOther(reply, `/portal/delegations/${encodeURIComponent(delegationId)}?sent=1`);
  }

  @Get('sign-in/:portalToken')
  async signInPage(
    @Param('portalToken') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header('referrer-policy', 'no-referrer');
    const link = await this.signIns.peek(token);
    if (!link) return this.linkInvalid(request, reply);
    return this.page(request, reply, 'portal-sign-in-link', { title: 'Sign in to your delegation’s portal', delegation: link, token });
  }

  /** Uses the one-time link (a POST, so that a mail scanner following the link does not use it up). */
  @Post('sign-in/:portalToken')
  async signIn(
    @Param('portalToken') token: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.csrf.verify(request, form?._csrf);
    const current = (await this.signIns.resolve(cookieOf(request, PORTAL_COOKIE))) ?? undefined;
    try {
      const { delegationId, cookie } = await this.signIns.signIn(token, current);
      void reply.header('set-cookie', cookie);
      return this.done(reply, delegationId, 'signed-in');
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'PORTAL_LINK_INVALID')) throw error;
      return this.linkInvalid(request, reply);
    }
  }

  @Post('sign-out')
  async signOut(@Body() form: Posted, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.csrf.verify(request, form?._csrf);
    const user = await this.signIns.resolve(cookieOf(request, PORTAL_COOKIE));
    if (user) await this.signIns.signOut(user.sessionId);
    void reply.header('set-cookie', this.signIns.cleared());
    return seeOther(reply, user ? `/portal/delegations/${user.delegationId}` : '/');
  }

  @Post('delegations/:delegationId/members')
  async nominate(
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.signedIn(request, form, delegationId);
    const values = postedNominee(form);
    try {
      await this.accreditation.nominate(delegation, values);
      return this.done(reply, delegation.id, 'nominated');
    } catch (error) {
      return this.portalPage(request, reply, delegation, { values, ...this.formErrors(error) });
    }
  }

  @Get('delegations/:delegationId/members/:registrationId/replace')
  async replaceForm(
    @Param('delegationId') delegationId: string,
    @Param('registrationId') registrationId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.signedIn(request, undefined, delegationId);
    return this.replacePage(request, reply, delegation, await this.member(delegation, registrationId), {});
  }

  @Post('delegations/:delegationId/members/:registrationId/replace')
  async replace(
    @Param('delegationId') delegationId: string,
    @Param('registrationId') registrationId: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.signedIn(request, form, delegationId);
    const member = await this.member(delegation, registrationId);
    const values = postedNominee(form);
    try {
      await this.accreditation.replace(delegation, member.id, values);
      return this.done(reply, delegation.id, 'replaced');
    } catch (error) {
      return this.replacePage(request, reply, delegation, member, { values, ...this.formErrors(error) });
    }
  }

  @Post('delegations/:delegationId/members/:registrationId/withdraw')
  async withdraw(
    @Param('delegationId') delegationId: string,
    @Param('registrationId') registrationId: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.signedIn(request, form, delegationId);
    await this.accreditation.withdraw(delegation, registrationId);
    return this.done(reply, delegation.id, 'withdrawn');
  }

  @Post('delegations/:delegationId/submit')
  async submit(
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.signedIn(request, form, delegationId);
    try {
      await this.accreditation.submit(delegation);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'NOTHING_TO_SUBMIT')) throw error;
      return this.portalPage(request, reply, delegation, { submitError: error.message, status: 409 });
    }
    return this.done(reply, delegation.id, 'submitted');
  }

  /** The credentials letter or note verbale (a PDF of at most 10 MB, checked by its content), as the organisers' route stores it. */
  @Post('delegations/:delegationId/credentials-letter')
  @AcceptsUploads({ fileBytes: CREDENTIALS_LETTER_BYTES })
  async uploadCredentials(
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.signedIn(request, form, delegationId);
    try {
      await this.credentials.attach(delegation.id, form, 'file');
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500) throw error;
      return this.portalPage(request, reply, delegation, { credentialsError: error.message, status: error.getStatus() });
    }
    return this.done(reply, delegation.id, 'credentials');
  }

  /** The delegation's credentials letter, as a download. */
  @Get('delegations/:delegationId/credentials-letter')
  async credentialsLetter(
    @Param('delegationId') delegationId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const delegation = await this.signedIn(request, undefined, delegationId);
    return this.credentials.stream(delegation.id, reply);
  }

  /** The delegation of the signed-in focal point (CSRF checked first on a POST); 404 for another delegation, 303 to sign in without a session. */
  private async signedIn(request: FastifyRequest, form: Posted | undefined, delegationId: string): Promise<Delegation> {
    if (form !== undefined || request.method !== 'GET') this.csrf.verify(request, form?._csrf);
    const user = await this.signIns.resolve(cookieOf(request, PORTAL_COOKIE));
    if (!user) throw new ApiError('UNAUTHENTICATED', 'Sign in to the portal of your delegation first, from the link mailed to you');
    return this.ownDelegation(user, delegationId);
  }

  private async ownDelegation(user: PortalUser, delegationId: string): Promise<Delegation> {
    if (user.delegationId !== delegationId.toLowerCase()) throw ApiError.notFound('Delegation');
    return this.accreditation.delegation(user.delegationId);
  }

  private async member(delegation: Delegation, registrationId: string): Promise<AccreditationMemberResponse> {
    const member = (await this.accreditation.members(delegation.id)).find((candidate) => candidate.id === registrationId.toLowerCase());
    if (!member) throw ApiError.notFound('Member');
    return member;
  }

  /** A refusal as the form shows it: by field beside the fields, anything else (the quota) above the form. Other errors go on. */
  private formErrors(error: unknown): { errors: Record<string, string>; formError?: string; status: number } {
    // Refusals of the nominee (a bad field, already registered, the quota full, registration closed) stay on the form; anything else goes on.
    if (!(error instanceof ApiError) || error.getStatus() >= 500 || error.code === 'NOT_A_MEMBER' || error.code === 'NOT_FOUND')
      throw error;
    const fields = fieldErrorsOf(error) ?? [];
    const known = fields.filter((field) => (NOMINEE_FIELDS as readonly string[]).includes(field.field));
    const rest = fields.filter((field) => !known.includes(field));
    const formError = rest.length > 0 || known.length === 0 ? error.message : undefined;
    return { errors: messagesByField(known), formError, status: error.getStatus() };
  }

  private async portalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    delegation: Delegation,
    {
      values = blankNominee(),
      errors = {},
      formError,
      submitError,
      credentialsError,
      notice,
      status = 200,
    }: {
      values?: NomineeValues;
      errors?: Record<string, string>;
      formError?: string;
      submitError?: string;
      credentialsError?: string;
      notice?: string;
      status?: number;
    },
  ): Promise<string> {
    const [members, letter] = await Promise.all([this.accreditation.members(delegation.id), this.credentials.current(delegation.id)]);
    const submittable = members.some((member) => ['none', 'nominated', 'returned'].includes(member.accreditationStatus));
    return this.page(
      request,
      reply,
      'portal',
      {
        title: `${delegation.name} · Delegation portal`,
        notice,
        delegation,
        used: delegation.reservedCount,
        free: Math.max(0, delegation.quota - delegation.reservedCount),
        full: delegation.reservedCount >= delegation.quota,
        members: members.map((member) => this.memberView(member)),
        submittable,
        values,
        errors,
        formError,
        submitError,
        credentials: { letter: letter && { ...letter, size: formatBytes(letter.sizeBytes) }, error: credentialsError },
        hasErrors: Object.keys(errors).length > 0,
        categories: this.categories(values.category),
      },
      status,
    );
  }

  private replacePage(
    request: FastifyRequest,
    reply: FastifyReply,
    delegation: Delegation,
    member: AccreditationMemberResponse,
    {
      values = blankNominee(),
      errors = {},
      formError,
      status = 200,
    }: { values?: NomineeValues; errors?: Record<string, string>; formError?: string; status?: number },
  ): string {
    return this.page(
      request,
      reply,
      'portal-replace',
      {
        title: `Replace ${member.givenName} ${member.familyName} · ${delegation.name}`,
        delegation,
        member: this.memberView(member),
        values,
        errors,
        formError,
        hasErrors: Object.keys(errors).length > 0,
        categories: this.categories(values.category),
      },
      status,
    );
  }

  /** Back to the delegation's portal, with the notice of the step just done (a 303, so a reload does not post again). */
  private done(reply: FastifyReply, delegationId: string, notice: Notice): string {
    return seeOther(reply, `/portal/delegations/${delegationId}?done=${notice}`);
  }

  /** The form that asks for a sign-in link to the delegation's portal. */
  private signInForm(
    request: FastifyRequest,
    reply: FastifyReply,
    delegationId: string,
    data: Record<string, unknown>,
    status = 200,
  ): string {
    return this.page(request, reply, 'portal-sign-in', { title: 'Sign in to your delegation’s portal', delegationId, ...data }, status);
  }

  /** A sign-in link that is unknown, used or expired: 410, with the way to ask for a new one. */
  private linkInvalid(request: FastifyRequest, reply: FastifyReply): string {
    return this.page(request, reply, 'portal-link-invalid', { title: 'This link no longer works' }, 410);
  }

  private memberView(member: AccreditationMemberResponse) {
    return {
      ...member,
      fullName: [member.honorific, member.givenName, member.familyName].filter(Boolean).join(' '),
      accreditationText: ACCREDITATION_TEXT[member.accreditationStatus],
    };
  }

  private categories(selected: string) {
    return REGISTRATION_CATEGORIES.map((category) => ({ value: category, label: category, selected: category === selected }));
  }

  private page(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    data: { title: string } & Record<string, unknown>,
    status = 200,
  ): string {
    void reply.status(status).header('content-type', HTML).header('cache-control', 'no-store');
    return this.views.render(view, { ...data, portal: true, csrf: this.csrf.issue(request, reply) });
  }
}
