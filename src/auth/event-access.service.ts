import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { Event } from '../events/event.entity';
import type { AuthenticatedUser } from './authenticated-user';
import { EventRole, EventRoleAssignment } from './event-role.entity';

/** Who may do what at an event: the one place that answers it, for guards and services alike. */
@Injectable()
export class EventAccessService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventRoleAssignment) private readonly roles: Repository<EventRoleAssignment>,
  ) {}

  async rolesAt(eventId: string, user: AuthenticatedUser | undefined): Promise<EventRole[]> {
    if (!user) return [];
    const rows = await this.roles.find({ where: { eventId, userId: user.id }, select: { role: true } });
    return rows.map((row) => row.role);
  }

  async hasRole(eventId: string, user: AuthenticatedUser | undefined, roles: readonly EventRole[]): Promise<boolean> {
    if (!user) return false;
    if (user.role === 'admin') return true;
    return (await this.roles.count({ where: { eventId, userId: user.id, role: In([...roles]) } })) > 0;
  }

  /** Drafts are seen only by their event's team and admins; published and closed events by everyone. */
  async canSee(event: Pick<Event, 'id' | 'status'>, user: AuthenticatedUser | undefined): Promise<boolean> {
    return event.status !== 'draft' || (await this.hasRole(event.id, user, ['organiser', 'rapporteur', 'checkin']));
  }

  /**
   * Throws unless the user holds one of the roles at the event: 404 when the caller may not even see
   * the event (so drafts do not leak), 401 when anonymous, 403 otherwise.
   */
  async assertRole(eventId: string, user: AuthenticatedUser | undefined, roles: readonly EventRole[]): Promise<Event> {
    const event = isUuid(eventId) ? await this.events.findOneBy({ id: eventId }) : null;
    if (!event) throw ApiError.notFound('Event');
    if (await this.hasRole(event.id, user, roles)) return event;
    if (!(await this.canSee(event, user))) throw ApiError.notFound('Event');
    if (!user) throw ApiError.unauthorized();
    throw ApiError.forbidden(`This needs the ${roles.join(' or ')} role at this event`);
  }

  async grant(eventId: string, userId: string, role: EventRole): Promise<void> {
    await this.roles.createQueryBuilder().insert().values({ eventId, userId, role }).orIgnore().execute();
  }
}
