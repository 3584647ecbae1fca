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

@Injectable()
export class CheckInsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Marks a confirmed badge as arrived, once: a single conditional UPDATE, so two scanners cannot both succeed. */
  async checkIn(eventId: string, badgeCode: string): Promise<RegistrationResponse> {
    const repository = this.dataSource.getRepository(Registration);
    const result = await repository
      .createQueryBuilder()
      .update()
      .set({ checkedInAt: () => 'now()' })
      .where({ eventId, badgeCode, status: 'confirmed' })
      .andWhere('checked_in_at IS NULL')
      .returning('id')
      .execute();
    if (result.affected === 1)
      return toRegistrationResponse(await repository.findOneByOrFail({ id: (result.raw as { id: string }[])[0].id }));
    const registration = await repository.findOneBy({ eventId, badgeCode });
    if (!registration) throw ApiError.notFound('Badge');
    if (registration.status !== 'confirmed') throw new ApiError('NOT_CONFIRMED', `This registration is ${registration.status}`);
    throw new ApiError('ALREADY_CHECKED_IN', `Already checked in at ${registration.checkedInAt!.toISOString()}`, {
      checkedInAt: registration.checkedInAt,
    });
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
