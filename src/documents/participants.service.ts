import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import { formatDateRange, formatDay } from '../common/dates';
import { ApiError } from '../common/errors/api-error';
import { Delegation } from '../delegations/delegation.entity';
import { Event, ParticipantsListStatus } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { toRegistrationResponse } from '../registrations/registration-mapper';
import type { RegistrationResponse } from '../registrations/registration.dto';
import { Registration } from '../registrations/registration.entity';
import { compareGroups, compareParticipants, delegationGroup, ListedPerson, ListGroup, PERSONAL_CAPACITY } from './participants-order';
import { ParticipantsPdfHeader, participantsDocument, writeParticipantsPdf } from './participants-pdf';
import { ParticipantListingDto, ParticipantsListResponse } from './participants.dto';

/** A group of the list with its people, in order. */
export interface ListedGroup {
  group: ListGroup;
  people: ListedPerson[];
}

/** The groups of an event's list in their order (one row each: delegations and organisations, never people). */
export interface ListPlan {
  event: Event;
  groups: ListGroup[];
}

/** A PDF whose reader takes nothing for this long is abandoned (its query and connection are freed). */
const STALLED_MS = 120_000;

/** Who appears: confirmed registrations of people who agreed to be listed. */
const LISTED = `r.event_id = $1 AND r.status = 'confirmed' AND r.listed`;
/** A registration's group: its delegation, or (without one) its organisation as typed, trimmed and lower-cased. */
const GROUP_KEY = `CASE WHEN r.delegation_id IS NOT NULL THEN 'd:' || r.delegation_id::text ELSE 'o:' || lower(btrim(coalesce(r.organisation, ''))) END`;

/**
 * The List of Participants (src/documents/README.md): its publication by the organisers, who is on it
 * (`listed`, `precedence`), and its rows in order, read with a streaming query so that neither the page nor
 * the PDF holds more than one group of people at a time.
 */
@Injectable()
export class ParticipantsService {
  private readonly logger = new Logger(ParticipantsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly access: EventAccessService,
  ) {}

  /** Publishes the list as provisional or final (stamping when), or withdraws it (`unpublished`). The route authorised the organiser. */
  async publish(eventId: string, status: ParticipantsListStatus): Promise<ParticipantsListResponse> {
    const rows: { participants_list: ParticipantsListStatus; participants_list_published_at: Date | null }[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE event SET participants_list = $2::varchar,
                participants_list_published_at = CASE WHEN $2::varchar = 'unpublished' THEN NULL ELSE now() END
          WHERE id = $1 RETURNING participants_list, participants_list_published_at)
       SELECT * FROM changed`,
      [eventId, status],
    );
    if (rows.length === 0) throw ApiError.notFound('Event');
    return { eventId, status: rows[0].participants_list, publishedAt: rows[0].participants_list_published_at };
  }

  status(event: Event): ParticipantsListResponse {
    return { eventId: event.id, status: event.participantsList, publishedAt: event.participantsListPublishedAt };
  }

  /** An organiser sets whether a registrant is listed and their precedence (the route authorised it). */
  async setListing({ id }: AuthorisedTarget, dto: ParticipantListingDto): Promise<RegistrationResponse> {
    const changes: Partial<Registration> = {};
    if (dto.listed !== undefined) changes.listed = dto.listed;
    if (dto.precedence !== undefined) changes.precedence = dto.precedence;
    const repository = this.dataSource.getRepository(Registration);
    if (Object.keys(changes).length > 0) await repository.update({ id }, changes);
    const registration = await repository.findOneBy({ id });
    if (!registration) throw ApiError.notFound('Registration');
    return toRegistrationResponse(registration);
  }

  /** The event of a public list: visible to anyone and published; 404 otherwise (the same answer as for no event). */
  async published(slugOrId: string): Promise<Event> {
    const event = await this.events.findVisible(slugOrId, undefined);
    if (event.participantsList === 'unpublished') throw ApiError.notFound('List of Participants');
    return event;
  }

  /** The event of the PDF for this caller: its organisers (and admins) always, anyone else once published. */
  async readable(slugOrId: string, user: AuthenticatedUser | undefined): Promise<Event> {
    const event = await this.events.findVisible(slugOrId, user);
    if (event.participantsList !== 'unpublished' || (await this.access.hasRole(event.id, user, ['organiser']))) return event;
    throw ApiError.notFound('List of Participants');
  }

  /** How many confirmed registrants are on the list, and how many did not agree to be (for the organisers' screen). */
  async counts(eventId: string): Promise<{ listed: number; notListed: number }> {
    const [row]: { listed: number; notListed: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE listed)::int AS listed, count(*) FILTER (WHERE NOT listed)::int AS "notListed"
         FROM registration WHERE event_id = $1 AND status = 'confirmed'`,
      [eventId],
    );
    return row;
  }

  /**
   * The groups of the list in order: the event's delegations, and the organisations of the people listed without
   * one (one row per organisation), sorted by the pure rule of participants-order.ts.
   */
  async plan(event: Event): Promise<ListPlan> {
    const delegations = await this.dataSource.getRepository(Delegation).find({
      where: { eventId: event.id },
      select: { id: true, kind: true, countryCode: true, name: true, section: true },
    });
    const organisations: { key: string; name: string | null }[] = await this.dataSource.query(
      `SELECT ${GROUP_KEY} AS key, min(btrim(r.organisation)) AS name
         FROM registration r WHERE ${LISTED} AND r.delegation_id IS NULL GROUP BY 1`,
      [event.id],
    );
    const groups: ListGroup[] = [
      ...delegations.map(delegationGroup),
      ...organisations.map(({ key, name }) => ({ key, section: 'other' as const, name: key === 'o:' ? null : name })),
    ];
    return { event, groups: groups.sort(compareGroups) };
  }

  /**
   * The listed people group by group, in order. PostgreSQL streams them (pg-query-stream, on a connection of
   * their own) sorted by the group's place, then head, precedence and names as it compares them; each group is
   * then put in the exact order of compareParticipants (the collation of names is Intl's, not the database's),
   * so one group at a time is held. Stopping early (a client gone) ends the query and frees the connection.
   */
  async *rows(plan: ListPlan): AsyncGenerator<ListedGroup> {
    const byKey = new Map(plan.groups.map((group) => [group.key, group]));
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const stream = await runner.stream(
        `SELECT g.rank, g.key, r.id, r.honorific, r.given_name AS "givenName", r.family_name AS "familyName",
                r.job_title AS "jobTitle", r.organisation, r.is_head_of_delegation AS "isHead", r.precedence
           FROM registration r
           JOIN unnest($2::text[]) WITH ORDINALITY AS g(key, rank) ON g.key = ${GROUP_KEY}
          WHERE ${LISTED}
          ORDER BY g.rank, r.is_head_of_delegation DESC, r.precedence NULLS LAST, r.family_name, r.given_name, r.id`,
        [plan.event.id, plan.groups.map((group) => group.key)],
      );
      let current = null as ListedGroup | null;
      for await (const row of stream as AsyncIterable<ListedPerson & { key: string; rank: string }>) {
        if (current?.group.key !== row.key) {
          if (current) yield { group: current.group, people: current.people.sort(compareParticipants) };
          current = { group: byKey.get(row.key)!, people: [] };
        }
        const { id, honorific, givenName, familyName, jobTitle, organisation, isHead, precedence } = row;
        current.people.push({ id, honorific, givenName, familyName, jobTitle, organisation, isHead, precedence });
      }
      if (current) yield { group: current.group, people: current.people.sort(compareParticipants) };
    } finally {
      await runner.release();
    }
  }

  /** "Provisional list, as of 2 December 2026", "Final list, published …", or (organisers' preview) not published. */
  statusLine(event: Event): string {
    const at = event.participantsListPublishedAt ? formatDay(event.participantsListPublishedAt, event.timezone) : null;
    if (event.participantsList === 'final') return `Final list, published ${at}`;
    if (event.participantsList === 'provisional') return `Provisional list, as of ${at}. It may still change.`;
    return 'Preview for the organisers: the list is not published.';
  }

  /**
   * The list as a PDF, a stream the route pipes to the reply: written as the rows arrive, and paused while the
   * client has not taken what was written (pdfkit's readable buffer above its high-water mark), so that memory
   * does not grow with the number of people. A client that goes away ends the query.
   */
  async pdf(event: Event): Promise<PDFKit.PDFDocument> {
    const plan = await this.plan(event);
    const header: ParticipantsPdfHeader = {
      eventTitle: event.title,
      eventLine: formatDateRange(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''),
      provisional: event.participantsList !== 'final',
      statusLine: this.statusLine(event),
    };
    const pdf = participantsDocument(header);
    // Polled rather than listened for: a 'data' listener would set the document flowing before the route pipes it.
    const room = async () => {
      // A turn of the event loop after each group, so that other requests are answered while the list is written:
      // rows come from the query in batches, and a batch was otherwise written as one synchronous stretch.
      await new Promise((resolve) => setImmediate(resolve));
      const since = Date.now();
      while (pdf.readableLength >= pdf.readableHighWaterMark && !pdf.destroyed) {
        if (Date.now() - since > STALLED_MS) pdf.destroy(new Error('The client took nothing for too long'));
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (pdf.destroyed) throw new Error('The client went away');
    };
    writeParticipantsPdf(pdf, header, this.rows(plan), room).catch((error: unknown) => {
      if (!pdf.destroyed) {
        this.logger.error({ err: error, eventId: event.id }, 'Writing the List of Participants failed');
        pdf.destroy(error as Error);
      }
    });
    return pdf;
  }

  /** The whole list, for the HTML page and the console's preview (a page is one string: it holds the list once). */
  async collected(plan: ListPlan): Promise<ListedGroup[]> {
    const groups: ListedGroup[] = [];
    for await (const group of this.rows(plan)) groups.push(group);
    return groups;
  }
}

/** What a group is headed on the page and in the PDF. */
export const groupHeading = (group: ListGroup): string => group.name ?? PERSONAL_CAPACITY;
