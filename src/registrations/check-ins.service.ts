import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { RegistrationResponse } from './registration.dto';
import { Registration } from './registration.entity';
import { toRegistrationResponse } from './registration-mapper';

export interface Attendance {
  confirmed: number;
  checkedIn: number;
  pending: number;
  waitlisted: number;
}

/** Whose arrival is recorded: the badge's code (scanned or typed), or a registration found by name (the console's search). */
export type Arrival = { badgeCode: string } | { registrationId: string };

/**
 * What a scan at the door came to. `already_checked_in` carries the registration as it is, whose
 * `checkedInAt` is the first check-in; `not_confirmed` a registration of the event that is pending,
 * waitlisted, rejected or cancelled; `unknown` a code (or id) that is no registration of this event.
 */
export type CheckInOutcome =
  | { outcome: 'checked_in'; registration: RegistrationResponse }
  | { outcome: 'already_checked_in'; registration: RegistrationResponse }
  | { outcome: 'not_confirmed'; registration: RegistrationResponse }
  | { outcome: 'unknown' };

@Injectable()
export class CheckInsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The API's check-in: the registration once, then 409 ALREADY_CHECKED_IN (404 for a badge of no registration of the event). */
  async checkIn(eventId: string, badgeCode: string): Promise<RegistrationResponse> {
    const result = await this.arrive(eventId, { badgeCode });
    switch (result.outcome) {
      case 'checked_in':
        return result.registration;
      case 'unknown':
        throw ApiError.notFound('Badge');
      case 'not_confirmed':
        throw new ApiError('NOT_CONFIRMED', `This registration is ${result.registration.status}`);
      case 'already_checked_in':
        throw new ApiError('ALREADY_CHECKED_IN', `Already checked in at ${result.registration.checkedInAt!.toISOString()}`, {
          checkedInAt: result.registration.checkedInAt,
        });
    }
  }

  /**
   * Marks a confirmed registration of the event as arrived, once: a single conditional UPDATE (`checked_in_at
   * IS NULL`), so two scanners (or a scan sent again after a lost connection) cannot both succeed: under
   * READ COMMITTED the second UPDATE waits for the first's row lock, then finds the row checked in and
   * changes nothing. Only then is the registration read, to say why not.
   */
  async arrive(eventId: string, arrival: Arrival): Promise<CheckInOutcome> {
    const repository = this.dataSource.getRepository(Registration);
    const which = 'badgeCode' in arrival ? { eventId, badgeCode: arrival.badgeCode } : { eventId, id: arrival.registrationId };
    if ('registrationId' in arrival && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(arrival.registrationId))
      return { outcome: 'unknown' };
    const result = await repository
      .createQueryBuilder()
      .update()
      .set({ checkedInAt: () => 'now()' })
      .where({ ...which, status: 'confirmed' })
      .andWhere('checked_in_at IS NULL')
      .returning('id')
      .execute();
    if (result.affected === 1)
      return {
        outcome: 'checked_in',
        registration: toRegistrationResponse(await repository.findOneByOrFail({ id: (result.raw as { id: string }[])[0].id })),
      };
    const registration = await repository.findOneBy(which);
    if (!registration) return { outcome: 'unknown' };
    if (registration.status !== 'confirmed') return { outcome: 'not_confirmed', registration: toRegistrationResponse(registration) };
    return { outcome: 'already_checked_in', registration: toRegistrationResponse(registration) };
  }

  async attendance(eventId: string): Promise<Attendance> {
    const [row] = await this.dataSource.query<Attendance[]>(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(checked_in_at) FILTER (WHERE status = 'confirmed')::int AS "checkedIn",
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
       FROM registration WHERE event_id = $1`,
      [eventId],
    );
    return row;
  }
}
