import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { Readable, Transform } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { invalidFields } from '../common/errors/validation';
import { paginate } from '../common/pagination';
import { Delegation } from '../delegations/delegation.entity';
import { Event } from '../events/event.entity';
import type { BadgeData } from './badges.service';
import { sha256Hex } from '../common/secrets';
import { ListRegistrationsQuery, RegistrationPage, RegistrationResponse, UpdateRegistrationDto } from './registration.dto';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';
import { validateBody } from '../common/validate-body';
import { RegistrationForm } from './registration-form.entity';
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(eventId: string, query: ListRegistrationsQuery): Promise<RegistrationPage> {
    const builder = this.dataSource.getRepository(Registration).createQueryBuilder('r').where('r.event_id = :eventId', { eventId });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.delegationId) builder.andWhere('r.delegation_id = :delegationId', { delegationId: query.delegationId });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      builder.andWhere(
        `(r.given_name || ' ' || r.family_name ILIKE :pattern OR r.email ILIKE :pattern OR coalesce(r.organisation, '') ILIKE :pattern)`,
        { pattern },
      );
    }
    builder.orderBy('r.created_at', 'ASC').addOrderBy('r.id', 'ASC');
    return paginate(query, ({ skip, take }) => builder.skip(skip).take(take).getManyAndCount(), toRegistrationResponse);
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
    return { registration, event, delegationName: delegation?.name ?? null };
  }

  /** A registration the route already found and authorised (see @RequireEventRoleFor). */
  async byId(id: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!registration) throw ApiError.notFound('Registration');
    return registration;
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
    const registration = await this.findByToken(token);
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
   * The event's registrations as CSV, streamed row by row from PostgreSQL: UTF-8 with a byte order mark
   * (so spreadsheet programs read Arabic or Chinese names as such), then the registrant's details and
   * one column per question of the event's form, in form order, headed by its label. Cells that a
   * spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with an apostrophe.
   */
  async exportCsv(eventId: string): Promise<Readable> {
    const questions = (await this.dataSource.getRepository(RegistrationForm).findOneBy({ eventId }))?.fields ?? [];
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let released = false;
    const release = () => {
      if (!released) void runner.release();
      released = true;
    };
    const rows = await runner.stream(
      `SELECT r.id, r.status, r.waitlist_position, r.honorific, r.given_name, r.family_name, r.email, r.job_title, r.organisation,
              r.nationality, r.category, d.name AS delegation, r.is_head_of_delegation, r.checked_in_at, r.created_at, r.answers
       FROM registration r LEFT JOIN delegation d ON d.id = r.delegation_id
       WHERE r.event_id = $1 ORDER BY r.created_at, r.id`,
      [eventId],
      release,
      release,
    );
    const columns = [
      'id',
      'status',
      'waitlist_position',
      'honorific',
      'given_name',
      'family_name',
      'email',
      'job_title',
      'organisation',
      'nationality',
      'category',
      'delegation',
      'is_head_of_delegation',
      'checked_in_at',
      'created_at',
    ];
    const labels = questions.map((question) => question.label || question.key);
    const header = [
      ...columns,
      ...labels.map((label, index) =>
        labels.indexOf(label) === index && !columns.includes(label) ? label : `${label} (${questions[index].key})`,
      ),
    ];
    const csv = stringify({
      bom: true,
      cast: {
        date: (value) => value.toISOString(),
        boolean: (value) => (value ? 'yes' : 'no'),
        object: (value) => neutraliseFormula(JSON.stringify(value)),
        string: (value) => neutraliseFormula(value),
      },
    });
    csv.write(header);
    const records = new Transform({
      objectMode: true,
      transform(row: Record<string, unknown> & { answers: Record<string, unknown> | null }, _encoding, done) {
        const answers = row.answers ?? {};
        done(null, [
          ...columns.map((column) => row[column] ?? null),
          ...questions.map((question) => (Object.hasOwn(answers, question.key) ? answers[question.key] : null)),
        ]);
      },
    });
    rows.on('error', (error) => csv.destroy(error));
    records.on('error', (error) => csv.destroy(error));
    csv.on('close', release);
    return rows.pipe(records).pipe(csv);
  }
}

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
