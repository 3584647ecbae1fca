import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import { EventRoleAssignment } from '../auth/event-role.entity';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import { CreateEventDto } from './event.dto';
import { Event, EventStatus } from './event.entity';

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  /** Creates a draft event; its creator becomes its organiser in the same transaction. */
  async create(dto: CreateEventDto, creator: AuthenticatedUser): Promise<Event> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const event = await manager.save(manager.create(Event, { slug: dto.slug, title: dto.title, startDate: dto.startDate, endDate: dto.endDate, timezone: dto.timezone }));
        await manager.insert(EventRoleAssignment, { eventId: event.id, userId: creator.id, role: 'organiser' });
        return event;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_event_slug')) throw ApiError.conflict('SLUG_TAKEN', `The slug ${dto.slug} is already used by another event`);
      throw error;
    }
  }

  /** An event by id or slug, if this caller may see it. */
  async findVisible(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<Event> {
    const repository = this.dataSource.getRepository(Event);
    const event = await repository.findOneBy(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!event || !(await this.access.canSee(event, user))) throw ApiError.notFound('Event');
    return event;
  }

  async setStatus(id: string, status: EventStatus): Promise<Event> {
    const repository = this.dataSource.getRepository(Event);
    await repository.update({ id }, { status });
    return repository.findOneByOrFail({ id });
  }
}
