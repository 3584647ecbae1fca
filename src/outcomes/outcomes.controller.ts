import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authorised, CurrentUser, Public, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { OUTCOME_TEAM } from '../auth/event-targets';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BodyLimit } from '../common/body-limit';
import { CommitmentList, ReplaceCommitmentsDto, SeriesCommitmentsResponse } from './commitment.dto';
import { CommitmentsService } from './commitments.service';
import { OutcomeMailingsService } from './outcome-mailings.service';
import { OutcomePdfService } from './outcome-pdf.service';
import { OutcomeVersionsService } from './outcome-versions.service';
import {
  CreateOutcomeDto,
  CreateVersionDto,
  OUTCOME_BODY_LIMIT_BYTES,
  DiffQuery,
  DiffResponse,
  OutcomeWithCommitments,
  OutcomeSummary,
  ReturnToDraftDto,
  SummaryMailingDto,
  SummaryMailingResponse,
  VersionResponse,
} from './outcome.dto';
import { ACTION_ROLES, OutcomesService, OutcomeView } from './outcomes.service';
import { SeriesCommitmentsService } from './series-commitments.service';

/**
 * Outcome documents. Routes under /outcomes/:id that change a document or show it to its team declare
 * their roles at the document's event (@RequireEventRoleFor); the public reads go through
 * OutcomeAccessService.readable. Either way drafts are 404 for everyone outside the event's outcome team.
 */
@ApiTags('outcomes')
@Controller()
export class OutcomesController {
  constructor(
    private readonly outcomeMailings: OutcomeMailingsService,
    private readonly outcomes: OutcomesService,
    private readonly versions: OutcomeVersionsService,
    private readonly commitments: CommitmentsService,
    private readonly seriesCommitments: SeriesCommitmentsService,
    private readonly pdf: OutcomePdfService,
  ) {}

  @Post('events/:id/outcomes')
  @RequireEventRole('organiser', 'rapporteur')
  @BodyLimit(OUTCOME_BODY_LIMIT_BYTES)
  @ApiCreatedResponse({ type: OutcomeWithCommitments, description: 'A draft with version 1' })
  create(@Param('id') eventId: string, @Body() dto: CreateOutcomeDto, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.create(eventId, dto, user);
  }

  @Get('events/:id/outcomes')
  @Public()
  @ApiOkResponse({
    type: [OutcomeSummary],
    description: 'Published documents; the event team also sees drafts, documents in review and withdrawn ones',
  })
  list(@Param('id') slugOrId: string, @CurrentUser() user?: AuthenticatedUser): Promise<OutcomeSummary[]> {
    return this.outcomes.list(slugOrId, user);
  }

  @Get('outcomes/:id')
  @Public()
  @ApiOkResponse({ type: OutcomeWithCommitments })
  get(@Param('id') id: string, @CurrentUser() user?: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.get(id, user);
  }

  @Post('outcomes/:id/versions')
  @RequireEventRoleFor('outcome', ...OUTCOME_TEAM)
  @BodyLimit(OUTCOME_BODY_LIMIT_BYTES)
  @ApiCreatedResponse({ type: VersionResponse, description: '409 VERSION_CONFLICT with currentVersion when baseVersion is stale' })
  addVersion(
    @Authorised() document: AuthorisedTarget,
    @Body() dto: CreateVersionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<VersionResponse> {
    return this.versions.add(document, dto, user);
  }

  @Get('outcomes/:id/versions')
  @RequireEventRoleFor('outcome', ...OUTCOME_TEAM)
  @ApiOkResponse({ type: [VersionResponse] })
  listVersions(@Authorised() document: AuthorisedTarget): Promise<VersionResponse[]> {
    return this.versions.list(document);
  }

  @Get('outcomes/:id/versions/:number')
  @RequireEventRoleFor('outcome', ...OUTCOME_TEAM)
  @ApiOkResponse({ type: VersionResponse })
  getVersion(@Authorised() document: AuthorisedTarget, @Param('number') number: string): Promise<VersionResponse> {
    return this.versions.get(document, number);
  }

  @Get('outcomes/:id/diff')
  @RequireEventRoleFor('outcome', ...OUTCOME_TEAM)
  @ApiOkResponse({ type: DiffResponse })
  diff(@Authorised() document: AuthorisedTarget, @Query() query: DiffQuery): Promise<DiffResponse> {
    return this.versions.diff(document, query.from, query.to);
  }

  @Post('outcomes/:id/submit')
  @HttpCode(200)
  @RequireEventRoleFor('outcome', ...ACTION_ROLES.submit)
  @ApiOkResponse({ type: OutcomeWithCommitments })
  submit(@Authorised() document: AuthorisedTarget, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(document, 'submit', user);
  }

  @Post('outcomes/:id/publish')
  @HttpCode(200)
  @RequireEventRoleFor('outcome', ...ACTION_ROLES.publish)
  @ApiOkResponse({ type: OutcomeWithCommitments, description: 'Pins the latest version as the published one (again after later edits)' })
  publish(@Authorised() document: AuthorisedTarget, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(document, 'publish', user);
  }

  @Post('outcomes/:id/withdraw')
  @HttpCode(200)
  @RequireEventRoleFor('outcome', ...ACTION_ROLES.withdraw)
  @ApiOkResponse({ type: OutcomeWithCommitments })
  withdraw(@Authorised() document: AuthorisedTarget, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(document, 'withdraw', user);
  }

  @Post('outcomes/:id/mailings')
  @HttpCode(202)
  @RequireEventRoleFor('outcome', 'organiser')
  @ApiAcceptedResponse({
    type: SummaryMailingResponse,
    description: 'The outcome_summary mailing of the published version; 409 SUMMARY_ALREADY_SENT for a version already sent',
  })
  sendSummary(
    @Authorised() document: AuthorisedTarget,
    @Body() dto: SummaryMailingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ mailingId: string; total: number; version: number }> {
    return this.outcomeMailings.send(document, dto.audience, user);
  }

  @Post('outcomes/:id/return')
  @HttpCode(200)
  @RequireEventRoleFor('outcome', ...ACTION_ROLES.return)
  @ApiOkResponse({ type: OutcomeWithCommitments })
  returnToDraft(
    @Authorised() document: AuthorisedTarget,
    @Body() dto: ReturnToDraftDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OutcomeView> {
    return this.outcomes.transition(document, 'return', user, dto.comment);
  }

  @Get('outcomes/:id/commitments')
  @Public()
  @ApiOkResponse({ type: CommitmentList })
  listCommitments(@Param('id') id: string, @CurrentUser() user?: AuthenticatedUser): Promise<CommitmentList> {
    return this.commitments.list(id, user);
  }

  @Put('outcomes/:id/commitments')
  @RequireEventRoleFor('outcome', ...OUTCOME_TEAM)
  @ApiOkResponse({ type: CommitmentList })
  replaceCommitments(
    @Authorised() document: AuthorisedTarget,
    @Body() dto: ReplaceCommitmentsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CommitmentList> {
    return this.commitments.replace(document, dto, user);
  }

  @Get('outcomes/:id/document.pdf')
  @Public()
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  async document(@Param('id') id: string, @CurrentUser() user?: AuthenticatedUser): Promise<StreamableFile> {
    return new StreamableFile(await this.pdf.render(id, user));
  }

  @Get('series/:id/commitments')
  @Public()
  @ApiOkResponse({ type: SeriesCommitmentsResponse })
  seriesView(@Param('id') seriesId: string, @CurrentUser() user?: AuthenticatedUser): Promise<SeriesCommitmentsResponse> {
    return this.seriesCommitments.list(seriesId, user);
  }
}
