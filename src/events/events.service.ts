import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import { EventRole, EventRoleAssignment } from '../auth/event-role.entity';
import { assignDefined } from '../common/assign-defined';
import { ApiError } from '../common/errors/api-error';
import { Page, paginate } from '../common/pagination';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';
import { CreateEventDto, EventResponse, EventSummary, ListEventsQuery, toEventResponse, toEventSummary, UpdateEventDto } from './event.dto';
import { Event, EventStatus } from './event.entity';
import { EventPartner } from './event-partner.entity';
import { EventSeries } from './event-series.entity';
import { Organisation } from './organisation.entity';
import { PartnersByRole, toPartnersByRole } from './partner.dto';
import { CommittedRevisions } from './committed-revisions';

/** An event in a user's console list: see EventsService.listManaged. */
export interface ManagedEvent {
  id: string;
  slug: string;
  title: string;
  status: EventStatus;
  startDate: string;
  endDate: string;
  timezone: string;
  city: string | null;
  roles: EventRole[];
  registrations: number;
}

/** Which status an event may move to from which. Repeating a change is harmless. */
const STATUS_CHANGES: Record<EventStatus, EventStatus[]> = {
  draft: ['draft', 'published'],
  published: ['published', 'closed'],
  closed: ['closed'],
};

/**
 * Events: reading them as a caller may see them, status changes, and the transaction every change to an
 * event goes through (change). Creating an event and changing its fields is EventChanges' (create,
 * update), which calls what follows from a change (seats, waitlist, sessions) in order.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly revisions: CommittedRevisions,
    private readonly config: AppConfig,
  ) {}

  /**
   * Inside a transaction: a new draft event from the request, its creator its organiser. What follows from
   * a new event (its seats) is EventChanges.create's to call, in the same transaction.
   */
  async insertDraft(manager: EntityManager, dto: CreateEventDto, creator: AuthenticatedUser): Promise<Event> {
    const draft = manager.create(Event, { status: 'draft' });
    await this.apply(manager, draft, dto, creator);
    const saved = await manager.save(draft);
    await manager.insert(EventRoleAssignment, { eventId: saved.id, userId: creator.id, role: 'organiser' });
    return saved;
  }

  /** An event as the API answers it, with its partners. */
  async response(event: Event): Promise<EventResponse> {
    return toEventResponse(event, await this.partnersByRole(event.id));
  }

  async setStatus(id: string, status: EventStatus): Promise<EventResponse> {
    const event = await this.change(id, async (manager, locked) => {
      if (!STATUS_CHANGES[locked.status].includes(status)) {
        throw new ApiError('INVALID_STATUS_CHANGE', `A ${locked.status} event cannot become ${status}`, { status: locked.status });
      }
      locked.status = status;
      this.checkPassportKey(locked);
      return manager.save(locked);
    });
    if (event.status !== status) this.logger.log(`Event ${event.slug} is now ${status}`);
    return toEventResponse(event, await this.partnersByRole(event.id));
  }

  /** Published and closed events, plus the drafts of the caller's own events (all of them for admins). */
  list(query: ListEventsQuery, user: AuthenticatedUser | undefined): Promise<Page<EventSummary>> {
    const events = this.visibleEvents(user).orderBy('event.startDate', 'DESC').addOrderBy('event.slug', 'ASC');
    return paginate(query, ({ skip, take }) => events.skip(skip).take(take).getManyAndCount(), toEventSummary);
  }

  /**
   * The events this user works on (any role there; every event for admins), drafts included, latest first,
   * each with the user's roles there and its active registrations (pending, confirmed, waitlisted).
   */
  async listManaged(user: AuthenticatedUser): Promise<ManagedEvent[]> {
    const rows: (Omit<ManagedEvent, 'registrations'> & { registrations: string })[] = await this.dataSource.query(
      `SELECT e.id, e.slug, e.title, e.status, to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate", e.timezone, e.city,
              coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
              (SELECT count(*) FROM registration g WHERE g.event_id = e.id AND g.status IN ('pending', 'confirmed', 'waitlisted')) AS registrations
       FROM event e LEFT JOIN event_role r ON r.event_id = e.id AND r.user_id = $1
       GROUP BY e.id
       HAVING $2 OR count(r.role) > 0
       ORDER BY e.start_date DESC, e.slug`,
      [user.id, user.role === 'admin'],
    );
    return rows.map((row) => ({ ...row, registrations: Number(row.registrations) }));
  }

  /** The series this user may put the event `eventId` (null: a new event) into, by name: see checkMayJoinSeries. */
  async joinableSeries(user: AuthenticatedUser, eventId: string | null): Promise<{ id: string; name: string }[]> {
    return this.dataSource
      .getRepository(EventSeries)
      .createQueryBuilder('series')
      .select(['series.id', 'series.name'])
      .where(this.mayJoinSeries(user, eventId))
      .orderBy('series.name', 'ASC')
      .getMany();
  }

  /**
   * A series belongs to its creator's team: putting an event into it takes being an admin, the series'
   * creator, or an organiser of an event already in it (other than this one). A condition on `series`.
   */
  private mayJoinSeries(user: AuthenticatedUser, eventId: string | null): Brackets {
    return new Brackets((where) => {
      if (user.role === 'admin') return void where.where('TRUE');
      where.where('series.createdById = :userId', { userId: user.id }).orWhere(
        `EXISTS (SELECT 1 FROM event member JOIN event_role role ON role.event_id = member.id
                 WHERE member.series_id = series.id AND role.user_id = :userId AND role.role = 'organiser'
                   AND member.id IS DISTINCT FROM CAST(:eventId AS uuid))`,
        { userId: user.id, eventId },
      );
    });
  }

  /** The events of a series this caller may see, by position in the series, then start date. */
  async listInSeries(seriesId: string, user: AuthenticatedUser | undefined): Promise<EventSummary[]> {
    const events = await this.visibleEvents(user)
      .andWhere('event.seriesId = :seriesId', { seriesId })
      .orderBy('event.seriesPosition', 'ASC', 'NULLS LAST')
      .addOrderBy('event.startDate', 'ASC')
      .getMany();
    return events.map(toEventSummary);
  }

  /** An event with its partners, by id or slug, if this caller may see it. */
  async details(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<EventResponse> {
    const event = await this.findVisible(idOrSlug, user);
    return toEventResponse(event, await this.partnersByRole(event.id));
  }

  /** An event by id or slug, if this caller may see it (404 otherwise). */
  async findVisible(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<Event> {
    const repository = this.dataSource.getRepository(Event);
    const event = await repository.findOneBy(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!event || !(await this.access.canSee(event, user))) throw ApiError.notFound('Event');
    return event;
  }

  /**
   * An event by id, whoever asks (for features that have checked access already); 404 if none. With
   * `lock`, its row is locked so (inside a transaction) until the transaction ends.
   */
  async getById(id: string, manager: EntityManager = this.dataSource.manager, lock?: 'for_key_share'): Promise<Event> {
    const event = isUuid(id) ? await manager.findOne(Event, { where: { id }, ...(lock ? { lock: { mode: lock } } : {}) }) : null;
    if (!event) throw ApiError.notFound('Event');
    return event;
  }

  /**
   * Inside a transaction: locks the event row and bumps its revision. Every change to an event or to its
   * partners, sessions and speakers goes through here, so such changes are serialised per event (speaker
   * conflicts are checked safely) and cached views of the event know they are stale.
   */
  async lockForChange(manager: EntityManager, id: string): Promise<Event> {
    if (!isUuid(id)) throw ApiError.notFound('Event');
    const result = await manager.increment(Event, { id }, 'revision', 1);
    if (!result.affected) throw ApiError.notFound('Event');
    return manager.findOneByOrFail(Event, { id });
  }

  /**
   * Runs a change to an event or to what hangs off it in one transaction, with the event row locked and
   * its revision bumped (see lockForChange); once committed, records the new revision, so this instance's
   * caches of the event (the agenda) stop serving what they rendered before it.
   */
  async change<T>(eventId: string, work: (manager: EntityManager, event: Event) => Promise<T>): Promise<T> {
    let revision = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const event = await this.lockForChange(manager, eventId);
      revision = event.revision;
      return work(manager, event);
    });
    this.revisions.record(eventId, revision);
    return result;
  }

  async partnersByRole(eventId: string, manager: EntityManager = this.dataSource.manager): Promise<PartnersByRole> {
    const partners = await manager
      .createQueryBuilder(EventPartner, 'partner')
      .innerJoinAndMapOne('partner.organisation', Organisation, 'organisation', 'organisation.id = partner.organisationId')
      .where('partner.eventId = :eventId', { eventId })
      .orderBy('partner.createdAt', 'ASC')
      .addOrderBy('organisation.name', 'ASC')
      .getMany();
    return toPartnersByRole(partners as (EventPartner & { organisation: Organisation })[]);
  }

  private visibleEvents(user: AuthenticatedUser | undefined): SelectQueryBuilder<Event> {
    const query = this.dataSource.getRepository(Event).createQueryBuilder('event');
    if (user?.role === 'admin') return query.where('TRUE');
    return query.where(
      new Brackets((where) => {
        where.where("event.status <> 'draft'");
        if (user)
          where.orWhere('EXISTS (SELECT 1 FROM event_role r WHERE r.event_id = event.id AND r.user_id = :userId)', { userId: user.id });
      }),
    );
  }

  /** Copies the given fields onto the event (unsaved) and checks the rules that span its own fields. */
  async apply(manager: EntityManager, event: Event, dto: UpdateEventDto, user: AuthenticatedUser): Promise<void> {
    const { registrationOpensAt, registrationClosesAt, seriesId, ...plain } = dto;
    const askedBefore = event.asksPassport === true;
    assignDefined(event, plain);
    if (registrationOpensAt !== undefined) event.registrationOpensAt = registrationOpensAt === null ? null : new Date(registrationOpensAt);
    if (registrationClosesAt !== undefined)
      event.registrationClosesAt = registrationClosesAt === null ? null : new Date(registrationClosesAt);
    if (seriesId !== undefined) {
      if (seriesId !== null && seriesId !== event.seriesId) await this.checkMayJoinSeries(manager, seriesId, event.id ?? null, user);
      event.seriesId = seriesId;
    }
    // Only starting to ask is refused: other changes to an event that asked already (its key since removed) go through.
    if (!askedBefore) this.checkPassportKey(event);
    if (event.endDate < event.startDate) throw ApiError.invalidField('endDate', 'must be on or after startDate');
    if (event.registrationOpensAt && event.registrationClosesAt && event.registrationClosesAt <= event.registrationOpensAt) {
      throw ApiError.invalidField('registrationClosesAt', 'must be after registrationOpensAt');
    }
  }

  /**
   * Events in one series follow up each other's commitments, so putting an event into it (on creation or by
   * PATCH) takes the right to (`mayJoinSeries`); otherwise 403 naming seriesId. The series row is read FOR SHARE,
   * so it cannot go away meanwhile. Leaving a series is the event's own organisers' decision.
   */
  private async checkMayJoinSeries(
    manager: EntityManager,
    seriesId: string,
    eventId: string | null,
    user: AuthenticatedUser,
  ): Promise<void> {
    const series = await manager.findOne(EventSeries, { where: { id: seriesId }, lock: { mode: 'pessimistic_read' } });
    if (!series) throw ApiError.invalidField('seriesId', 'no series has this id');
    const joinable = await manager
      .createQueryBuilder(EventSeries, 'series')
      .where('series.id = :seriesId', { seriesId })
      .andWhere(this.mayJoinSeries(user, eventId))
      .getExists();
    if (joinable) return;
    const message = 'you may add an event to this series only as an organiser of one of its events or as its creator';
    throw new ApiError('SERIES_NOT_JOINABLE', `seriesId: ${message}`, { details: [{ field: 'seriesId', message }] });
  }

  /**
   * Issue 18: a published event that asks for passport data needs DATA_ENCRYPTION_KEY, without which the
   * data could be neither stored nor read: publishing it (or asking for passport data once published) is
   * refused with ENCRYPTION_KEY_MISSING. A draft may ask for it, so that it can be prepared before the key is set.
   */
  private checkPassportKey(event: Event): void {
    if (!event.asksPassport || event.status !== 'published' || this.config.DATA_ENCRYPTION_KEY) return;
    const message =
      'This event asks for passport data, so it cannot be published while DATA_ENCRYPTION_KEY is not set on the server: ask the server administrator to set it, or stop asking for passport data';
    throw new ApiError('ENCRYPTION_KEY_MISSING', message, { details: [{ field: 'asksPassport', message }] });
  }

  /** Runs a save, answering 409 SLUG_TAKEN when the slug is another event's. */
  async saving<T>(slug: string | undefined, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (error) {
      if (isUniqueViolation(error, 'uq_event_slug')) throw new ApiError('SLUG_TAKEN', `The slug ${slug} is already used by another event`);
      throw error;
    }
  }
}
