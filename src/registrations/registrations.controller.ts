import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { RateLimitGuard } from '../common/rate-limit.guard';
import type { FastifyReply } from 'fastify';
import { Authorised, CurrentUser, Public, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RecipientMail } from '../mail/mail-log.dto';
import { BadgesService } from './badges.service';
import { Attendance, CheckInsService } from './check-ins.service';
import { ManageLinksService } from './manage-links.service';
import { RegistrationFormsService } from './registration-forms.service';
import { RegistrationQueriesService } from './registration-queries.service';
import {
  AttendanceResponse,
  BulkApproveResult,
  BulkRegistrationsDto,
  BulkRejectDto,
  BulkRejectResult,
  CheckInDto,
  CreateRegistrationDto,
  FormFieldDto,
  ListRegistrationsQuery,
  ManageLinkRequestAnswer,
  ManageLinkRequestDto,
  RegistrationFormDto,
  RegistrationOutcome,
  RegistrationPage,
  RegistrationResponse,
  RegistrationFilterQuery,
  RejectRegistrationDto,
  StatusChangeResponse,
} from './registration.dto';
import { RegistrationsService } from './registrations.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueriesService,
    private readonly checkIns: CheckInsService,
    private readonly forms: RegistrationFormsService,
    private readonly badges: BadgesService,
    private readonly manageLinks: ManageLinksService,
  ) {}

  @Post('events/:id/registrations')
  @Public()
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  @ApiBody({ type: CreateRegistrationDto })
  @ApiCreatedResponse({
    type: RegistrationOutcome,
    description: 'pending, confirmed, or waitlisted with a position; the manage link goes by mail only',
  })
  register(@Param('id') slugOrId: string, @Body() body: object): Promise<RegistrationOutcome> {
    // Checked by the service with the event's form, so that details and answers are refused together.
    return this.registrations.registerSubmitted(slugOrId, body);
  }

  @Post('events/:id/registrations/manage-link')
  @Public()
  @HttpCode(202)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  @ApiAcceptedResponse({
    type: ManageLinkRequestAnswer,
    description:
      'The same answer whether or not the address is registered; if it is (pending, confirmed or waitlisted), the manage link is mailed to it again',
  })
  requestManageLink(@Param('id') slugOrId: string, @Body() dto: ManageLinkRequestDto): Promise<ManageLinkRequestAnswer> {
    return this.manageLinks.resend(slugOrId, dto.email);
  }

  @Get('events/:id/registrations')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: RegistrationPage })
  list(@Param('id') eventId: string, @Query() query: ListRegistrationsQuery): Promise<RegistrationPage> {
    return this.queries.list(eventId, query);
  }

  @Get('events/:id/registrations.csv')
  @RequireEventRole('organiser')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The filtered registrations (all without filters), one column per question of the form' })
  @Header('content-type', 'text/csv; charset=utf-8')
  async exportCsv(
    @Param('id') eventId: string,
    @Query() filters: RegistrationFilterQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    reply.header('content-disposition', `attachment; filename="registrations-${eventId}.csv"`);
    return new StreamableFile(await this.queries.exportCsv(eventId, filters));
  }

  @Get('events/:id/registrations.xlsx')
  @RequireEventRole('organiser')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The same rows and columns as registrations.csv, as a workbook' })
  @Header('content-type', XLSX)
  async exportXlsx(
    @Param('id') eventId: string,
    @Query() filters: RegistrationFilterQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    reply.header('content-disposition', `attachment; filename="registrations-${await this.queries.slugOf(eventId)}.xlsx"`);
    return new StreamableFile(await this.queries.exportXlsx(eventId, filters));
  }

  @Get('events/:id/badges.pdf')
  @RequireEventRole('organiser')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      "The badges of the event's confirmed registrations that the list's filters select, four A6 badges to an A4 page with cut marks, in the list's order",
  })
  @ApiConflictResponse({ description: 'NO_BADGES_TO_PRINT: no confirmed registration matches the filters' })
  @Header('content-type', 'application/pdf')
  async badgeSheet(
    @Param('id') eventId: string,
    @Query() filters: RegistrationFilterQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const sheet = await this.badges.sheet(eventId, filters);
    reply.header('content-disposition', `attachment; filename="badges-${await this.queries.slugOf(eventId)}.pdf"`);
    return new StreamableFile(sheet);
  }

  @Post('events/:id/registrations/approve')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @ApiOkResponse({
    type: BulkApproveResult,
    description: 'Each pending registration approved as by /registrations/:id/approve; the others skipped',
  })
  approveMany(
    @Param('id') eventId: string,
    @Body() dto: BulkRegistrationsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BulkApproveResult> {
    return this.registrations.approveMany(eventId, dto.ids, user);
  }

  @Post('events/:id/registrations/reject')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: BulkRejectResult, description: 'Each active registration rejected (and mailed the reason); the others skipped' })
  rejectMany(@Param('id') eventId: string, @Body() dto: BulkRejectDto, @CurrentUser() user: AuthenticatedUser): Promise<BulkRejectResult> {
    return this.registrations.rejectMany(eventId, dto.ids, dto.reason ?? null, user);
  }

  @Get('registrations/:id/history')
  @RequireEventRoleFor('registration', 'organiser')
  @ApiOkResponse({ type: [StatusChangeResponse], description: 'Oldest first' })
  history(@Authorised() registration: AuthorisedTarget): Promise<StatusChangeResponse[]> {
    return this.queries.history(registration.id);
  }

  @Get('registrations/:id/mails')
  @RequireEventRoleFor('registration', 'organiser')
  @ApiOkResponse({ type: [RecipientMail], description: "The event's mails to the registration's address, oldest first" })
  mails(@Authorised() registration: AuthorisedTarget): Promise<RecipientMail[]> {
    return this.queries.mails(registration.id);
  }

  @Post('registrations/:id/approve')
  @HttpCode(200)
  @RequireEventRoleFor('registration', 'organiser')
  @ApiOkResponse({ type: RegistrationOutcome })
  approve(@Authorised() registration: AuthorisedTarget, @CurrentUser() user: AuthenticatedUser): Promise<RegistrationOutcome> {
    return this.registrations.approve(registration, user.id);
  }

  @Post('registrations/:id/reject')
  @HttpCode(200)
  @RequireEventRoleFor('registration', 'organiser')
  @ApiOkResponse({ type: RegistrationOutcome })
  reject(
    @Authorised() registration: AuthorisedTarget,
    @Body() dto: RejectRegistrationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RegistrationOutcome> {
    return this.registrations.reject(registration, dto.reason ?? null, user.id);
  }

  @Get('registrations/:id/badge.pdf')
  @RequireEventRoleFor('registration', 'organiser')
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  async badge(@Authorised() registration: AuthorisedTarget): Promise<StreamableFile> {
    return new StreamableFile(await this.badges.render(await this.queries.badgeData(await this.queries.byId(registration.id))));
  }

  @Post('events/:id/check-ins')
  @HttpCode(200)
  @RequireEventRole('organiser', 'checkin')
  @ApiOkResponse({ type: RegistrationResponse })
  checkIn(@Param('id') eventId: string, @Body() dto: CheckInDto): Promise<RegistrationResponse> {
    return this.checkIns.checkIn(eventId, dto.badgeCode);
  }

  @Get('events/:id/attendance')
  @RequireEventRole('organiser', 'checkin')
  @ApiOkResponse({ type: AttendanceResponse })
  attendance(@Param('id') eventId: string): Promise<Attendance> {
    return this.checkIns.attendance(eventId);
  }

  @Put('events/:id/registration-form')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: RegistrationFormDto })
  @ApiConflictResponse({ description: 'FIELD_HAS_ANSWERS: a question registrants have answered cannot change its type (`fields.N.type`)' })
  async replaceForm(@Param('id') eventId: string, @Body() dto: RegistrationFormDto): Promise<{ fields: FormFieldDto[] }> {
    return { fields: await this.forms.replace(eventId, dto.fields) };
  }
}
