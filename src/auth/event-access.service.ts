import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { Event } from '../events/event.entity';
import type { AuthorisedAccess } from './auth.metadata';
import type { AuthenticatedUser } from './authenticated-user';
import { EventRole, EventRoleAssignment } from './event-role.entity';
import { EVENT_TARGETS, EVENT_TEAM, EventTargetKind, ResolvedTarget, resolveTargetSql, verdict } from './event-targets';

const RESOLVE_SQL = Object.fromEntries(
  Object.keys(EVENT_TARGETS).map((kind) => [kind, resolveTargetSql(kind as EventTargetKind)]),
) as Record<EventTargetKind, string>;

/** Who may do what at an event: the one place that answers it, for the guard and services alike. */
@Injectable()
export class EventAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    return event.status !== 'draft' || (await this.hasRole(event.id, user, EVENT_TEAM));
  }

  /**
   * Resolves the target (an event, or a registration, delegation, session, speaker, outcome document or
   * mailing of one) to its event in one query, and throws unless the caller holds one of the roles
   * there: 404 for an unknown or malformed id and for a target the caller may not even see (so drafts
   * do not leak), 401 when anonymous, 403 otherwise. Takes no lock: call it before any.
   */
  async authorise(
    kind: EventTargetKind,
    id: string,
    user: AuthenticatedUser | undefined,
    roles: readonly EventRole[],
    { teamOnly = false }: { teamOnly?: boolean } = {},
  ): Promise<AuthorisedAccess> {
    const rows: ResolvedTarget[] = isUuid(id) ? await this.dataSource.query(RESOLVE_SQL[kind], [id, user?.id ?? null]) : [];
    if (rows.length === 0) throw ApiError.notFound(EVENT_TARGETS[kind].what);
    const target = rows[0];
    switch (verdict(kind, target, { admin: user?.role === 'admin', anonymous: !user, teamOnly }, roles)) {
      case 'allowed':
        return { id, eventId: target.eventId, roles: target.roles };
      case 'not-found':
        throw ApiError.notFound(EVENT_TARGETS[kind].what);
      case 'unauthenticated':
        throw ApiError.unauthorized();
      case 'forbidden':
        throw ApiError.forbidden(`This needs the ${roles.join(' or ')} role at this event`);
    }
  }

  async grant(eventId: string, userId: string, role: EventRole): Promise<void> {
    await this.roles.createQueryBuilder().insert().values({ eventId, userId, role }).orIgnore().execute();
  }
}
