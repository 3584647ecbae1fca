import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, ConsolePage, RequireEventRole, RequireEventRoleForRow } from '../auth/auth.decorators';
import type { AuthorisedRequest } from '../auth/event-role.guard';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { formatDateTime } from '../common/dates';
import { ApiError, FieldError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { ReplaceCommitmentsDto } from '../outcomes/commitment.dto';
import { renderMarkdown } from '../outcomes/markdown';
import { OutcomeMailingsService } from '../outcomes/outcome-mailings.service';
import { OutcomeVersionsService } from '../outcomes/outcome-versions.service';
import { isEditable, nextStatus } from '../outcomes/outcome-workflow';
import { CreateOutcomeDto, CreateVersionDto, DiffQuery, ReturnToDraftDto, SummaryMailingDto } from '../outcomes/outcome.dto';
import { OutcomesService } from '../outcomes/outcomes.service';
import { CommitmentsService } from '../outcomes/commitments.service';
import { SeriesCommitmentsService } from '../outcomes/series-commitments.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, integerOr, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import {
  applyRowAction,
  blankRow,
  CommitmentRow,
  commitmentsBody,
  commitmentStatusOptions,
  diffLines,
  KIND_LABELS,
  kindOptions,
  postedRows,
  raw,
  rowAction,
  rowErrors,
  rowsOf,
  statusLabel,
} from './outcome-form';

/** What a finished action tells the rapporteur or organiser (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  created: 'Document created as a draft (version 1).',
  saved: 'Version saved.',
  submit: 'Submitted for review. The organisers can now publish it or return it to you.',
  publish: 'Published: the public page shows this version.',
  return: 'Returned to draft, with your comment for the rapporteur.',
  withdraw: 'Withdrawn: the public no longer sees it.',
  commitments: 'Commitments saved.',
};

/** The texts of the editor's state after someone else saved (409 VERSION_CONFLICT). */
interface Conflict {
  base: number;
  current: number;
  author: string | null;
  note: string | null;
  lines: ReturnType<typeof diffLines>;
  stats: { added: number; removed: number; unchanged: number };
  label: string;
}

interface EditorValues {
  body: string;
  changeNote: string;
  baseVersion: number | string;
}

const documentPath = (eventId: string, outcomeId: string) => `/console/events/${eventId}/outcomes/${outcomeId}`;

/**
 * The rapporteurs' workspace (tab `outcomes`, organisers and rapporteurs): an event's outcome documents,
 * each document's editor with a preview rendered as the public page renders it, its versions and diffs,
 * its review steps and its commitments; the summary mailing (organisers). Same services and DTOs as
 * the API's outcome routes; review decisions and the mailing are the organisers' (ACTION_ROLES).
 */
@ApiExcludeController()
@Controller('console/events/:id/outcomes')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleOutcomesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly outcomes: OutcomesService,
    private readonly versions: OutcomeVersionsService,
    private readonly commitments: CommitmentsService,
    private readonly seriesCommitments: SeriesCommitmentsService,
    private readonly mailings: OutcomeMailingsService,
  ) {}

  @Get()
  @RequireEventRole('organiser', 'rapporteur')
  async list(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.listPage(request, reply, await this.events.getById(id), { title: '', kind: 'outcome_statement', body: '' }, {});
  }

  @Post()
  @RequireEventRole('organiser', 'rapporteur')
  async create(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = { title: one(form, 'title') ?? '', kind: one(form, 'kind') ?? '', body: raw(form, 'body') };
    const { dto, errors } = await validateBody(CreateOutcomeDto, values);
    if (errors.length === 0) {
      try {
        const created = await this.outcomes.create(id, dto, request.user!);
        return seeOther(reply, `${documentPath(id, created.id)}?done=created`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'title');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.listPage(request, reply, await this.events.getById(id), values, messagesByField(errors), 400);
  }

  /** The preview the editor's script asks for as the text changes: the body rendered and sanitised as on the public page. */
  @Post('preview.json')
  @HttpCode(200)
  @RequireEventRole('organiser', 'rapporteur')
  preview(@Body() form: Posted, @Res({ passthrough: true }) reply: FastifyReply): { html: string } {
    void reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
    return { html: renderMarkdown(raw(form, 'body')) };
  }

  @Get(':outcomeId')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser', 'rapporteur')
  async page(
    @Authorised() target: AuthorisedTarget,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.documentPage(request, reply, target, { notice: done ? NOTICES[done] : undefined });
  }

  /** "Save version", "Preview" (no script) and, after a conflict, "Save mine as a new version anyway" (`action=overwrite`). */
  @Post(':outcomeId/versions')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser', 'rapporteur')
  async saveVersion(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const action = one(form, 'action');
    const base = integerOr(one(form, action === 'overwrite' ? 'theirVersion' : 'baseVersion'), '');
    const values: EditorValues = { body: raw(form, 'body'), changeNote: one(form, 'changeNote') ?? '', baseVersion: base };
    if (action === 'preview') return this.documentPage(request, reply, target, { values, previewed: true });
    const { dto, errors } = await validateBody(CreateVersionDto, {
      body: values.body,
      changeNote: values.changeNote || undefined,
      baseVersion: base,
    });
    if (errors.length === 0) {
      try {
        await this.versions.add(target, dto, request.user!);
        return seeOther(reply, `${documentPath(target.eventId, target.id)}?done=saved`);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
          const conflict = await this.conflict(target, dto.baseVersion, Number(error.extra.currentVersion));
          return this.documentPage(request, reply, target, { values, conflict, status: 409 });
        }
        const fields = fieldErrorsOf(error, 'body');
        if (!fields) throw error;
        errors.push(...fields);
        return this.documentPage(request, reply, target, {
          values,
          errors: byEditorField(errors),
          status: (error as ApiError).getStatus(),
        });
      }
    }
    return this.documentPage(request, reply, target, { values, errors: byEditorField(errors), status: 400 });
  }

  @Post(':outcomeId/submit')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser', 'rapporteur')
  async submit(@Authorised() target: AuthorisedTarget, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.outcomes.transition(target, 'submit', request.user!);
    return seeOther(reply, `${documentPath(target.eventId, target.id)}?done=submit`);
  }

  @Post(':outcomeId/publish')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser')
  async publish(@Authorised() target: AuthorisedTarget, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.outcomes.transition(target, 'publish', request.user!);
    return seeOther(reply, `${documentPath(target.eventId, target.id)}?done=publish`);
  }

  @Post(':outcomeId/return')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser')
  async returnToDraft(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const comment = raw(form, 'comment').trim();
    const { dto, errors } = await validateBody(ReturnToDraftDto, { comment });
    if (errors.length === 0) {
      await this.outcomes.transition(target, 'return', request.user!, dto.comment);
      return seeOther(reply, `${documentPath(target.eventId, target.id)}?done=return`);
    }
    return this.documentPage(request, reply, target, { comment, errors: messagesByField(errors), status: 400 });
  }

  /** Withdrawing asks first: without `confirmed=yes` (console.js sets it after asking) a page asks. */
  @Post(':outcomeId/withdraw')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser')
  async withdraw(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (one(form, 'confirmed') !== 'yes') {
      const [event, document] = await Promise.all([this.events.getById(target.eventId), this.outcomes.get(target.id, request.user)]);
      return this.views.page(request, reply, 'outcome-withdraw', {
        title: `Withdraw ${document.title}? · ${event.title}`,
        event,
        tab: 'outcomes',
        document,
        path: documentPath(target.eventId, target.id),
      });
    }
    await this.outcomes.transition(target, 'withdraw', request.user!);
    return seeOther(reply, `${documentPath(target.eventId, target.id)}?done=withdraw`);
  }

  /** The summary mailing of the published version; then the mailing's page, which follows its sending. */
  @Post(':outcomeId/mailings')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser')
  async sendSummary(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const audience = one(form, 'audience') ?? '';
    const { dto, errors } = await validateBody(SummaryMailingDto, { audience });
    let status = 400;
    if (errors.length === 0) {
      try {
        const { mailingId } = await this.mailings.send(target, dto.audience, request.user!);
        return seeOther(reply, `/console/events/${target.eventId}/mail/mailings/${mailingId}`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'audience');
        if (!fields) throw error;
        errors.push(...fields);
        status = (error as ApiError).getStatus();
      }
    }
    return this.documentPage(request, reply, target, { audience, errors: messagesByField(errors), status });
  }

  /** The versions, and the changes between any two of them (`?from=&to=`). */
  @Get(':outcomeId/versions')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser', 'rapporteur')
  async versionsPage(
    @Authorised() target: AuthorisedTarget,
    @Query() query: Record<string, string>,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const [event, document, versions] = await Promise.all([
      this.events.getById(target.eventId),
      this.outcomes.get(target.id, request.user),
      this.versions.list(target),
    ]);
    const latest = versions[versions.length - 1].number;
    const asked = query.from !== undefined || query.to !== undefined;
    const { dto, errors } = await validateBody(DiffQuery, {
      from: integerOr(query.from, Math.max(1, latest - 1)),
      to: integerOr(query.to, latest),
    });
    const diff = asked && errors.length === 0 ? await this.versions.diff(target, dto.from, dto.to) : null;
    const from = errors.length === 0 ? dto.from : Math.max(1, latest - 1);
    const to = errors.length === 0 ? dto.to : latest;
    const options = (chosen: number) =>
      versions.map((version) => ({ value: version.number, label: `Version ${version.number}`, selected: version.number === chosen }));
    return this.views.page(request, reply, 'outcome-versions', {
      title: `Versions · ${document.title} · ${event.title}`,
      event,
      tab: 'outcomes',
      document,
      path: documentPath(event.id, document.id),
      section: 'versions',
      versions: versions
        .map((version) => ({
          ...version,
          created: formatDateTime(version.createdAt, event.timezone),
          published: version.number === document.publishedVersion,
          latest: version.number === latest,
        }))
        .reverse(),
      fromOptions: options(from),
      toOptions: options(to),
      diff: diff ? { ...diff, lines: diffLines(diff.changes), label: `Changes from version ${diff.from} to version ${diff.to}` } : null,
    });
  }

  @Get(':outcomeId/commitments')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser', 'rapporteur')
  async commitmentsPage(
    @Authorised() target: AuthorisedTarget,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.commitmentsEditor(request, reply, target, { notice: done ? NOTICES[done] : undefined });
  }

  /** Saves the whole set, in the editor's order, with the API's method; "Move up", "Move down" and "Remove" save the set so changed. */
  @Post(':outcomeId/commitments')
  @RequireEventRoleForRow('outcome', 'outcomeId', 'organiser', 'rapporteur')
  async saveCommitments(
    @Authorised() target: AuthorisedTarget,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const rows = applyRowAction(postedRows(form), rowAction(form));
    const { body, rowOf } = commitmentsBody(rows);
    const { dto, errors } = await validateBody(ReplaceCommitmentsDto, body);
    let status = 400;
    if (errors.length === 0) {
      try {
        await this.commitments.replace(target, dto, request.user!);
        return seeOther(reply, `${documentPath(target.eventId, target.id)}/commitments?done=commitments`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'commitments');
        if (!fields) throw error;
        errors.push(...fields);
        status = (error as ApiError).getStatus();
      }
    }
    return this.commitmentsEditor(request, reply, target, { rows, errors: rowErrors(errors, rowOf), status });
  }

  private async listPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    values: { title: string; kind: string; body: string },
    errors: Record<string, string>,
    status = 200,
  ): Promise<string> {
    const documents = (await this.outcomes.list(event.id, request.user)).map((document) => ({
      ...document,
      kindLabel: KIND_LABELS[document.kind],
      statusLabel: statusLabel(document.status),
      updated: formatDateTime(document.updatedAt, event.timezone),
    }));
    return this.views.page(
      request,
      reply,
      'outcomes',
      {
        title: `Outcomes · ${event.title}`,
        event,
        tab: 'outcomes',
        documents,
        values,
        kinds: kindOptions(values.kind),
        errors,
        hasErrors: Object.keys(errors).length > 0,
      },
      status,
    );
  }

  private async documentPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    target: AuthorisedTarget,
    state: {
      values?: EditorValues;
      previewed?: boolean;
      conflict?: Conflict;
      comment?: string;
      audience?: string;
      errors?: Record<string, string>;
      notice?: string;
      status?: number;
    },
  ): Promise<string> {
    const [event, document] = await Promise.all([this.events.getById(target.eventId), this.outcomes.get(target.id, request.user)]);
    const latest = await this.versions.get(target, String(document.latestVersion));
    const values = state.values ?? { body: latest.body ?? '', changeNote: '', baseVersion: document.latestVersion };
    const organiser = this.isOrganiser(request);
    const errors = state.errors ?? {};
    const may = (action: 'submit' | 'publish' | 'return' | 'withdraw') => nextStatus(document.status, action) !== null;
    return this.views.page(
      request,
      reply,
      'outcome',
      {
        title: `${document.title} · Outcomes · ${event.title}`,
        scripts: ['outcome-editor.js'],
        event,
        tab: 'outcomes',
        notice: state.notice,
        document: {
          ...document,
          kindLabel: KIND_LABELS[document.kind],
          statusLabel: statusLabel(document.status),
          updated: formatDateTime(document.updatedAt, event.timezone),
        },
        path: documentPath(event.id, document.id),
        section: 'document',
        editable: isEditable(document.status),
        values,
        previewHtml: renderMarkdown(values.body),
        previewed: state.previewed ?? false,
        conflict: state.conflict,
        comment: state.comment ?? '',
        returned: document.status === 'draft' && document.reviewComment ? document.reviewComment : null,
        organiser,
        steps: {
          submit: may('submit'),
          publish: organiser && may('publish') && (document.status !== 'published' || document.latestVersion !== document.publishedVersion),
          return: organiser && may('return'),
          withdraw: organiser && may('withdraw'),
        },
        mailing:
          organiser && document.status === 'published'
            ? {
                audiences: [
                  { value: 'confirmed', label: 'Confirmed registrants', checked: (state.audience ?? 'confirmed') === 'confirmed' },
                  { value: 'all', label: 'Everyone registered (pending and waitlisted too)', checked: state.audience === 'all' },
                ],
              }
            : null,
        errors,
        hasErrors: Object.keys(errors).length > 0,
      },
      state.status ?? 200,
    );
  }

  /** What the other save changed, from the version this edit started from to theirs. */
  private async conflict(target: AuthorisedTarget, base: number, current: number): Promise<Conflict> {
    const [diff, theirs] = await Promise.all([this.versions.diff(target, base, current), this.versions.get(target, String(current))]);
    return {
      base,
      current,
      author: theirs.authorName,
      note: theirs.changeNote,
      lines: diffLines(diff.changes),
      stats: diff.stats,
      label: `Changes from version ${base} to version ${current}`,
    };
  }

  private async commitmentsEditor(
    request: ConsoleRequest,
    reply: FastifyReply,
    target: AuthorisedTarget,
    state: { rows?: CommitmentRow[]; errors?: Record<string, Record<string, string>>; notice?: string; status?: number },
  ): Promise<string> {
    const [event, document, working, candidates] = await Promise.all([
      this.events.getById(target.eventId),
      this.outcomes.get(target.id, request.user),
      this.commitments.list(target.id, request.user),
      this.seriesCommitments.followUpCandidates(target.eventId, request.user),
    ]);
    const editable = isEditable(document.status);
    const rows = state.rows ?? [...rowsOf(working.commitments), ...(editable ? [blankRow()] : [])];
    const errors = state.errors ?? {};
    const known = new Set(candidates.map((candidate) => candidate.id));
    const shown = rows.map((row, index) => ({
      ...row,
      index,
      number: index + 1,
      ids: Object.fromEntries(['theme', 'status', 'text', 'leads', 'followsUpId'].map((name) => [name, `c${index}-${name}`])),
      isNew: !row.id,
      first: index === 0,
      last: index === rows.length - 1,
      errors: errors[String(index)] ?? {},
      statuses: commitmentStatusOptions(row.status || 'proposed'),
      followUps: [
        ...candidates.map((candidate) => ({
          value: candidate.id,
          label: `${candidate.event.title}: ${candidate.text}`,
          selected: candidate.id === row.followsUpId,
        })),
        // A value the list does not offer (typed into the request) is kept, so the refusal beside it shows what was sent.
        ...(row.followsUpId && !known.has(row.followsUpId)
          ? [{ value: row.followsUpId, label: 'Unknown commitment', selected: true }]
          : []),
      ],
    }));
    const general = errors._ ? Object.values(errors._) : [];
    return this.views.page(
      request,
      reply,
      'outcome-commitments',
      {
        title: `Commitments · ${document.title} · ${event.title}`,
        event,
        tab: 'outcomes',
        notice: state.notice,
        document: { ...document, statusLabel: statusLabel(document.status) },
        path: documentPath(event.id, document.id),
        section: 'commitments',
        editable,
        rows: shown,
        hasCandidates: candidates.length > 0,
        general,
        hasErrors: Object.keys(errors).length > 0,
      },
      state.status ?? 200,
    );
  }

  private isOrganiser(request: ConsoleRequest): boolean {
    return request.user?.role === 'admin' || ((request as AuthorisedRequest).authorised?.roles ?? []).includes('organiser');
  }
}

/** The editor's errors by its fields: a bad base version (a changed page) is reported beside the text. */
function byEditorField(errors: FieldError[]): Record<string, string> {
  return messagesByField(errors.map((error) => (error.field === 'baseVersion' ? { ...error, field: 'body' } : error)));
}
