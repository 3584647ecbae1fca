import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, RequireEventRole } from '../auth/auth.decorators';
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
import { OutcomesService, OutcomeView } from './outcomes.service';
import { SeriesCommitmentsService } from './series-commitments.service';

/**
 * Outcome documents. Routes under /outcomes/:id check the caller's role at the document's event in the
 * services (OutcomeAccessService): drafts are 404 for everyone outside the event's outcome team.
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
  @BodyLimit(OUTCOME_BODY_LIMIT_BYTES)
  @ApiCreatedResponse({ type: VersionResponse, description: '409 VERSION_CONFLICT with currentVersion when baseVersion is stale' })
  addVersion(@Param('id') id: string, @Body() dto: CreateVersionDto, @CurrentUser() user: AuthenticatedUser): Promise<VersionResponse> {
    return this.versions.add(id, dto, user);
  }

  @Get('outcomes/:id/versions')
  @ApiOkResponse({ type: [VersionResponse] })
  listVersions(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<VersionResponse[]> {
    return this.versions.list(id, user);
  }

  @Get('outcomes/:id/versions/:number')
  @ApiOkResponse({ type: VersionResponse })
  getVersion(@Param('id') id: string, @Param('number') number: string, @CurrentUser() user: AuthenticatedUser): Promise<VersionResponse> {
    return this.versions.get(id, number, user);
  }

  @Get('outcomes/:id/diff')
  @ApiOkResponse({ type: DiffResponse })
  diff(@Param('id') id: string, @Query() query: DiffQuery, @CurrentUser() user: AuthenticatedUser): Promise<DiffResponse> {
    return this.versions.diff(id, query.from, query.to, user);
  }

  @Post('outcomes/:id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: OutcomeWithCommitments })
  submit(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(id, 'submit', user);
  }

  @Post('outcomes/:id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: OutcomeWithCommitments, description: 'Pins the latest version as the published one (again after later edits)' })
  publish(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(id, 'publish', user);
  }

  @Post('outcomes/:id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: OutcomeWithCommitments })
  withdraw(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(id, 'withdraw', user);
  }

  @Post('outcomes/:id/mailings')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SummaryMailingResponse,
    description: 'The outcome_summary mailing of the published version; 409 SUMMARY_ALREADY_SENT for a version already sent',
  })
  sendSummary(
    @Param('id') id: string,
    @Body() dto: SummaryMailingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ mailingId: string; total: number; version: number }> {
    return this.outcomeMailings.send(id, dto.audience, user);
  }

  @Post('outcomes/:id/return')
  @HttpCode(200)
  @ApiOkResponse({ type: OutcomeWithCommitments })
  returnToDraft(@Param('id') id: string, @Body() dto: ReturnToDraftDto, @CurrentUser() user: AuthenticatedUser): Promise<OutcomeView> {
    return this.outcomes.transition(id, 'return', user, dto.comment);
  }

  @Get('outcomes/:id/commitments')
  @Public()
  @ApiOkResponse({ type: CommitmentList })
  listCommitments(@Param('id') id: string, @CurrentUser() user?: AuthenticatedUser): Promise<CommitmentList> {
    return this.commitments.list(id, user);
  }

  @Put('outcomes/:id/commitments')
  @ApiOkResponse({ type: CommitmentList })
  replaceCommitments(
    @Param('id') id: string,
    @Body() dto: ReplaceCommitmentsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CommitmentList> {
    return this.commitments.replace(id, dto, user);
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
