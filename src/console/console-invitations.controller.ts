import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BodyLimit } from '../common/body-limit';
import { ApiError } from '../common/errors/api-error';
import { AcceptsUploads, isUploadedFile, truncatedFields, UPLOAD_FIELD_BYTES, UPLOAD_FILE_BYTES } from '../common/uploads';
import { validateBody } from '../common/validate-body';
import { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from '../config/jwt-secret';
import { DelegationsService } from '../delegations/delegations.service';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { InvitationsService } from '../mail/invitations.service';
import { CreateInvitationsDto, INVITATIONS_BODY_LIMIT_BYTES, MAX_RECIPIENTS_PER_REQUEST } from '../mail/mailing.dto';
import { MailingsService, PREVIEW_INVITATION_TOKEN } from '../mail/mailings.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import { InvitationBatchSeal } from './invitation-batch';
import { ListRow, rowsOfCsv, rowsOfPaste, sortRows, UnreadableList } from './invitation-list';

/** Most refused rows the report lists (the count is always given). */
const REFUSED_SHOWN = 500;
/** Accepted rows the report shows under "The first invitees". */
const ACCEPTED_SHOWN = 20;
const MB = 1024 * 1024;

interface FormValues {
  addresses: string;
  transferable: boolean;
}

/**
 * An event's invitations (issue 17): a list of invitees pasted or uploaded as CSV is checked row by row (with the
 * API's DTO and the event's delegations) and shown with its refusals and a preview, then sent with
 * MailingsService.invite, the API's POST /events/:id/invitations. Nothing is stored before "Send": the checked list
 * travels in the page, sealed with an HMAC (invitation-batch.ts), and carries a one-time key the database keeps.
 */
@ApiExcludeController()
@Controller('console/events/:id/mail/invitations')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleInvitationsController {
  private readonly seal: InvitationBatchSeal;

  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly delegations: DelegationsService,
    private readonly mailings: MailingsService,
    private readonly invitations: InvitationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.seal = new InvitationBatchSeal(`${resolveJwtSecret(config)}\u0000console invitation batches`);
  }

  @Get()
  @RequireEventRole('organiser')
  async page(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.formPage(request, reply, await this.events.getById(id), { addresses: '', transferable: false }, {});
  }

  /** Reads and checks the list; answers the report (200) or the form with the reason beside its field (400, 413). */
  @Post('check')
  @RequireEventRole('organiser')
  @AcceptsUploads()
  async check(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // The body is read here, not with @Body(): an uploaded file is not a form value for the validation pipe to walk.
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const posted = form as Posted;
    const event = await this.events.getById(id);
    const values: FormValues = {
      addresses: typeof form.addresses === 'string' ? form.addresses : '',
      transferable: one(posted, 'transferable') !== undefined,
    };
    const file =
      isUploadedFile(form.file) && (form.file.filename !== '' || form.file.tooLarge || form.file.data.length > 0) ? form.file : null;
    const refuse = (field: 'file' | 'addresses', message: string, status = 400) =>
      this.formPage(request, reply, event, values, { [field]: message }, status);

    let rows: ListRow[];
    let source: string;
    if (file && values.addresses.trim() !== '') return refuse('file', 'Choose a file or paste addresses, not both: clear one of them.');
    if (file) {
      if (file.tooLarge)
        return refuse(
          'file',
          `The file is larger than ${UPLOAD_FILE_BYTES / MB} MB. Split the list into smaller files (up to ${MAX_RECIPIENTS_PER_REQUEST.toLocaleString('en')} invitees each).`,
          413,
        );
      try {
        rows = rowsOfCsv(file.data);
      } catch (error) {
        if (error instanceof UnreadableList) return refuse('file', error.message);
        throw error;
      }
      source = file.filename;
    } else {
      if (truncatedFields(form).has('addresses'))
        return refuse(
          'addresses',
          `More than ${UPLOAD_FIELD_BYTES / MB} MB of text was pasted. Upload the list as a CSV file instead.`,
          413,
        );
      rows = rowsOfPaste(values.addresses);
      source = '';
    }
    if (rows.length === 0)
      return refuse(
        file ? 'file' : 'addresses',
        file ? 'The file has a header row but no invitees.' : 'Paste at least one address (one a line), or choose a CSV file.',
      );

    const { dto, errors } = await validateBody(CreateInvitationsDto, {
      recipients: rows.map((row) => ({ email: row.email, givenName: row.givenName, familyName: row.familyName })),
    });
    const listError = errors.find((error) => error.field === 'recipients');
    if (listError)
      return refuse(
        file ? 'file' : 'addresses',
        `The list has ${rows.length.toLocaleString('en')} invitees; send at most ${MAX_RECIPIENTS_PER_REQUEST.toLocaleString('en')} at a time.`,
      );
    const { accepted, refused } = sortRows(rows, dto.recipients ?? [], errors, await this.delegations.list(id));
    const invitedBefore = await this.invitations.alreadyInvited(
      this.dataSource.manager,
      id,
      accepted.map((row) => row.email),
    );
    const first = accepted[0];
    const preview = first ? await this.mailings.previewInvitation(id, first) : null;
    const batch = first
      ? this.seal.seal({
          eventId: id,
          requestKey: randomUUID(),
          transferable: values.transferable,
          recipients: accepted.map(({ email, givenName, familyName, delegationId }) => ({ email, givenName, familyName, delegationId })),
        })
      : null;
    return this.views.page(request, reply, 'invitations-report', {
      title: `Invitations to send · ${event.title}`,
      event,
      tab: 'mail',
      mailSection: 'invitations',
      source,
      rowCount: rows.length,
      acceptedCount: accepted.length,
      refusedCount: refused.length,
      refused: refused.slice(0, REFUSED_SHOWN),
      refusedHidden: Math.max(0, refused.length - REFUSED_SHOWN),
      firstAccepted: accepted
        .slice(0, ACCEPTED_SHOWN)
        .map((row) => ({ ...row, name: [row.givenName, row.familyName].filter(Boolean).join(' ') })),
      acceptedHidden: Math.max(0, accepted.length - ACCEPTED_SHOWN),
      invitedBefore: accepted.filter((row) => invitedBefore.has(row.email)).map((row) => ({ row: row.row, email: row.email })),
      invitedBeforeCount: invitedBefore.size,
      transferable: values.transferable,
      first,
      preview,
      previewToken: PREVIEW_INVITATION_TOKEN,
      batch,
      ...this.sendability(event),
    });
  }

  /** Sends the checked list: one mailing per checked list (its key), then 303 to the mailing's page. */
  @Post('send')
  @RequireEventRole('organiser')
  @BodyLimit(INVITATIONS_BODY_LIMIT_BYTES)
  async send(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Posted;
    const event = await this.events.getById(id);
    const batch = this.seal.open(typeof form.batch === 'string' ? form.batch : undefined);
    const blank = { addresses: '', transferable: false };
    if (batch === 'expired')
      return this.formPage(
        request,
        reply,
        event,
        blank,
        { list: 'The checked list is more than two hours old: check the list again, then send.' },
        400,
      );
    if (batch === 'invalid' || batch.eventId !== id)
      return this.formPage(request, reply, event, blank, { list: 'There is no checked list to send: check a list first, then send.' }, 400);
    const { dto, errors } = await validateBody(CreateInvitationsDto, {
      recipients: batch.recipients.map((recipient) => ({
        email: recipient.email,
        ...(recipient.givenName ? { givenName: recipient.givenName } : {}),
        ...(recipient.familyName ? { familyName: recipient.familyName } : {}),
        ...(recipient.delegationId ? { delegationId: recipient.delegationId } : {}),
        ...(batch.transferable ? { transferable: true } : {}),
      })),
      resend: one(form, 'resend') !== undefined,
      requestKey: batch.requestKey,
    });
    if (errors.length > 0)
      return this.formPage(
        request,
        reply,
        event,
        blank,
        { list: 'The checked list no longer passes the checks: check it again, then send.' },
        400,
      );
    try {
      const sent = await this.mailings.invite(id, dto, request.user as AuthenticatedUser);
      return seeOther(reply, `/console/events/${id}/mail/mailings/${sent.mailingId}`);
    } catch (error) {
      // The event closed, or a delegation of the list was removed, since the check: said above the form.
      const fields = fieldErrorsOf(error, 'list');
      if (!fields || !(error instanceof ApiError)) throw error;
      const message =
        fields[0].field === 'list'
          ? fields[0].message
          : 'A delegation of the list was removed since it was checked: check the list again, then send.';
      return this.formPage(request, reply, event, blank, { list: message }, error.getStatus());
    }
  }

  private sendability(event: Event): { blocked: string | null } {
    if (event.status === 'draft')
      return { blocked: 'The event is a draft: publish it before sending invitations (their links lead to its registration page).' };
    if (event.status === 'closed') return { blocked: 'The event is closed: invitations can no longer be sent.' };
    return { blocked: null };
  }

  private formPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    values: FormValues,
    errors: Record<string, string>,
    status = 200,
  ): string {
    return this.views.page(
      request,
      reply,
      'invitations',
      {
        title: `Invitations · ${event.title}`,
        event,
        tab: 'mail',
        mailSection: 'invitations',
        values,
        errors,
        hasErrors: Boolean(errors.file || errors.addresses),
        maxFileMb: UPLOAD_FILE_BYTES / MB,
        maxRecipients: MAX_RECIPIENTS_PER_REQUEST.toLocaleString('en'),
        ...this.sendability(event),
      },
      status,
    );
  }
}
