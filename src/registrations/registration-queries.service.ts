import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { stream } from 'exceljs';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { invalidFields } from '../common/errors/validation';
import { paginate } from '../common/pagination';
import { Delegation } from '../delegations/delegation.entity';
import { Event } from '../events/event.entity';
import type { BadgeData } from './badge-layout';
import { sha256Hex } from '../common/secrets';
import { MailLogService } from '../mail/mail-log.service';
import { BadgesService } from './badges.service';
import type { RecipientMail } from '../mail/mail-log.dto';
import { RegistrationStatusChange } from './registration-status-change.entity';
import {
  StatusChangeResponse,
  ListRegistrationsQuery,
  RegistrationPage,
  RegistrationResponse,
  UpdateRegistrationDto,
} from './registration.dto';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';
import { validateBody } from '../common/validate-body';
import { FormField, RegistrationForm } from './registration-form.entity';
import {
  exportCell,
  exportHeader,
  exportRecord,
  ExportRow,
  exportStatement,
  listStatements,
  RegistrationFilters,
} from './registration-list';
import { toRegistrationResponse } from './registration-mapper';
import { validateAnswers } from './form-answers';

export interface ManageView {
  registration: RegistrationResponse;
  /** For a head of delegation: the delegation's other members. */
  delegationMembers?: RegistrationResponse[];
}

/** Reads of registrations: organisers' lists and export, and the registrant's own view by token. */
@Injectable()
export class RegistrationQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailLog: MailLogService,
    private readonly badges: BadgesService,
  ) {}

  /** One page of the event's registrations, filtered, searched and sorted (ties in id order): see registration-list.ts. */
  async list(eventId: string, query: ListRegistrationsQuery): Promise<RegistrationPage> {
    return paginate(
      query,
      async ({ skip, take }) => {
        const { page, count } = listStatements(eventId, query, { offset: skip, limit: take });
        const [ids, [{ total }]] = await Promise.all([
          this.dataSource.query<{ id: string }[]>(...page),
          this.dataSource.query<{ total: number }[]>(...count),
        ]);
        const rows = await this.dataSource.getRepository(Registration).findBy({ id: In(ids.map((row) => row.id)) });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return [ids.map((row) => byId.get(row.id)).filter((row) => row !== undefined), total];
      },
      toRegistrationResponse,
    );
  }

  async findByToken(token: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ manageTokenHash: sha256Hex(token) });
    if (!registration) throw ApiError.notFound('Registration');
    return registration;
  }

  /** Who receives an event-wide mailing: the registrants in these statuses, with their names. */
  async recipients(
    eventId: string,
    statuses: RegistrationStatus[],
  ): Promise<{ email: string; honorific: string | null; givenName: string; familyName: string }[]> {
    return this.dataSource.getRepository(Registration).find({
      where: { eventId, status: In(statuses) },
      select: { email: true, honorific: true, givenName: true, familyName: true },
      order: { createdAt: 'ASC' },
    });
  }

  /** What a badge shows, for an organiser (by id, within their event) or a registrant (by token). */
  async badgeData(registration: Registration): Promise<BadgeData> {
    const event = await this.dataSource.getRepository(Event).findOneByOrFail({ id: registration.eventId });
    const delegation = registration.delegationId
      ? await this.dataSource.getRepository(Delegation).findOneBy({ id: registration.delegationId })
      : null;
    return { registration, event, delegationName: delegation?.name ?? null, photo: await this.badges.photoFor(registration) };
  }

  /** A registration the route already found and authorised (see @RequireEventRoleFor). */
  async byId(id: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!registration) throw ApiError.notFound('Registration');
    return registration;
  }

  /** A registration's history: each step of its status, oldest first (see RegistrationStatusChange). */
  async history(id: string): Promise<StatusChangeResponse[]> {
    const steps = await this.dataSource
      .getRepository(RegistrationStatusChange)
      .find({ where: { registrationId: id }, order: { at: 'ASC', id: 'ASC' } });
    return steps.map(({ fromStatus, toStatus, at, actorUserId, reason }) => ({ fromStatus, toStatus, at, actorUserId, reason }));
  }

  /** The mails sent to a registration: the mail feature's log of the event's mails to its address. */
  async mails(id: string): Promise<RecipientMail[]> {
    const registration = await this.byId(id);
    return this.mailLog.forRecipient(registration.eventId, registration.email);
  }

  async manageView(token: string): Promise<ManageView> {
    const registration = await this.findByToken(token);
    const view: ManageView = { registration: toRegistrationResponse(registration) };
    if (registration.isHeadOfDelegation && registration.delegationId) {
      const members = await this.dataSource
        .getRepository(Registration)
        .find({ where: { delegationId: registration.delegationId }, order: { familyName: 'ASC', givenName: 'ASC' } });
      view.delegationMembers = members.filter((member) => member.id !== registration.id).map(toRegistrationResponse);
    }
    return view;
  }

  /**
   * The registrant corrects their details (not their email, category, delegation or status) while the
   * registration is active. The details and the answers to the form are checked together: one 400 names
   * every wrong field.
   */
  async updateSubmitted(token: string, body: unknown): Promise<RegistrationResponse> {
    return this.updateDetails(await this.findByToken(token), body);
  }

  /** An organiser corrects a registrant's details (the route authorised it), under the same rules as the registrant. */
  async updateById(id: string, body: unknown): Promise<RegistrationResponse> {
    return this.updateDetails(await this.byId(id), body);
  }

  private async updateDetails(registration: Registration, body: unknown): Promise<RegistrationResponse> {
    const { dto, errors } = await validateBody(UpdateRegistrationDto, body, ['answers']);
    const changes: Partial<Registration> = {};
    if (dto.answers !== undefined && !errors.some((error) => error.field === 'answers')) {
      const form = await this.dataSource.getRepository(RegistrationForm).findOneBy({ eventId: registration.eventId });
      const checked = validateAnswers(form?.fields ?? [], dto.answers);
      errors.push(...checked.errors);
      changes.answers = checked.answers;
    }
    if (errors.length > 0) throw invalidFields(errors);
    if (!ACTIVE_STATUSES.includes(registration.status)) throw new ApiError('NOT_ACTIVE', `This registration is ${registration.status}`);
    if (dto.honorific !== undefined) changes.honorific = dto.honorific || null;
    if (dto.givenName !== undefined) changes.givenName = dto.givenName;
    if (dto.familyName !== undefined) changes.familyName = dto.familyName;
    if (dto.jobTitle !== undefined) changes.jobTitle = dto.jobTitle || null;
    if (dto.organisation !== undefined) changes.organisation = dto.organisation || null;
    if (dto.nationality !== undefined) changes.nationality = dto.nationality || null;
    if (Object.keys(changes).length === 0) return toRegistrationResponse(registration);
    // Only while still active: a cancellation that commits meanwhile wins.
    const result = await this.dataSource.getRepository(Registration).update({ id: registration.id, status: In(ACTIVE_STATUSES) }, changes);
    if (result.affected === 0) throw new ApiError('NOT_ACTIVE', 'This registration is no longer active');
    return toRegistrationResponse({ ...registration, ...changes });
  }

  /**
   * The filtered registrations as CSV, streamed row by row from PostgreSQL: UTF-8 with a byte order mark
   * (so spreadsheet programs read Arabic or Chinese names as such), the columns of `exportHeader`
   * (registration-list.ts, shared with the XLSX), dates as ISO text, formula-looking cells neutralised.
   */
  async exportCsv(eventId: string, filters: RegistrationFilters = {}): Promise<Readable> {
    const { questions, rows, release } = await this.exportRows(eventId, filters);
    const csv = stringify({ bom: true });
    csv.write(exportHeader(questions).map((cell) => exportCell(cell, { datesAsText: true })));
    const records = new Transform({
      objectMode: true,
      transform(row: ExportRow, _encoding, done) {
        done(
          null,
          exportRecord(row, questions).map((value) => exportCell(value, { datesAsText: true })),
        );
      },
    });
    rows.on('error', (error) => csv.destroy(error));
    records.on('error', (error) => csv.destroy(error));
    csv.on('close', release);
    return rows.pipe(records).pipe(csv);
  }

  /**
   * The same rows and columns as the CSV, as an XLSX workbook written as the rows arrive (exceljs's
   * streaming writer: each row is committed and zipped, never the whole set held; no further row is read
   * while the client has not taken the output): one sheet, its header row bold and frozen, dates as
   * spreadsheet dates, formula-looking text neutralised.
   */
  async exportXlsx(eventId: string, filters: RegistrationFilters = {}): Promise<Readable> {
    const { questions, rows, release } = await this.exportRows(eventId, filters);
    const output = new PassThrough();
    const workbook = new stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Registrations', { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.addRow(exportHeader(questions).map((cell) => exportCell(cell, { datesAsText: false })));
    header.font = { bold: true };
    header.commit();
    const cells = new Writable({
      objectMode: true,
      write(row: ExportRow, _encoding, done) {
        try {
          const added = sheet.addRow(exportRecord(row, questions).map((value) => exportCell(value, { datesAsText: false })));
          added.eachCell((cell) => {
            if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd hh:mm:ss';
          });
          added.commit();
          // Backpressure: while the client has not taken what was zipped so far, read no further rows.
          if (!output.writableNeedDrain) return done();
          const resume = () => {
            output.off('drain', resume).off('close', resume);
            done();
          };
          output.once('drain', resume).once('close', resume);
        } catch (error) {
          done(error as Error);
        }
      },
      final(done) {
        sheet.commit();
        workbook.commit().then(() => done(), done);
      },
    });
    const fail = (error: Error) => {
      release();
      output.destroy(error);
    };
    rows.on('error', fail);
    cells.on('error', fail);
    cells.on('finish', release);
    output.on('close', () => {
      if (!cells.writableFinished) rows.destroy();
      release();
    });
    rows.pipe(cells);
    return output;
  }

  /** The event's slug, for the exports' file names. */
  async slugOf(eventId: string): Promise<string> {
    return (await this.dataSource.getRepository(Event).findOneByOrFail({ id: eventId })).slug;
  }

  /** The export's rows, streamed (on a connection of their own, released by `release`), and the form's questions. */
  private async exportRows(
    eventId: string,
    filters: RegistrationFilters,
  ): Promise<{ questions: FormField[]; rows: Readable; release: () => void }> {
    const questions = (await this.dataSource.getRepository(RegistrationForm).findOneBy({ eventId }))?.fields ?? [];
    const [query, parameters] = exportStatement(eventId, filters);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let released = false;
    const release = () => {
      if (!released) void runner.release();
      released = true;
    };
    const rows = await runner.stream(query, parameters, release, release);
    return { questions, rows, release };
  }
}
