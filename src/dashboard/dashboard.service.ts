import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DelegationsService } from '../delegations/delegations.service';
import { EventsService } from '../events/events.service';
import { MailLogService } from '../mail/mail-log.service';
import {
  REGISTRATION_CATEGORIES,
  REGISTRATION_STATUSES,
  RegistrationCategory,
  RegistrationStatus,
} from '../registrations/registration.entity';
import type { DashboardStatusCounts, DashboardSummary } from './dashboard.dto';
import { REGISTRATION_GROUPS } from './dashboard.sql';
import { fillDays } from './per-day';

/** One row of the registrations aggregate: a (status, category) group, or a day (`day` set). */
interface RegistrationGroup {
  status: RegistrationStatus | null;
  category: RegistrationCategory | null;
  day: string | null;
  count: number;
  checkedIn: number;
}

/**
 * The organisers' dashboard of an event: the same figures for the API route and the console. A few
 * aggregate queries, whatever the number of registrations: the event row, the registrations grouped
 * (one scan), the delegations, the mail counts (the mail feature's).
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly delegations: DelegationsService,
    private readonly mailLog: MailLogService,
  ) {}

  /** The event's dashboard; 404 when there is no such event. The caller checked the organiser role. */
  async summary(eventId: string): Promise<DashboardSummary> {
    const event = await this.events.getById(eventId);
    const [groups, delegations, mail] = await Promise.all([
      this.dataSource.query<(RegistrationGroup & { by_status: number })[]>(REGISTRATION_GROUPS, [event.id, event.timezone]),
      this.delegations.list(event.id),
      this.mailLog.countsForEvent(event.id),
    ]);
    const byStatus = Object.fromEntries(REGISTRATION_STATUSES.map((status) => [status, 0])) as unknown as DashboardStatusCounts;
    const byCategory = new Map<RegistrationCategory, number>(REGISTRATION_CATEGORIES.map((category) => [category, 0]));
    const days: { date: string; count: number }[] = [];
    let checkedIn = 0;
    for (const group of groups) {
      if (group.by_status) {
        byStatus[group.status!] += group.count;
        byCategory.set(group.category!, (byCategory.get(group.category!) ?? 0) + group.count);
        if (group.status === 'confirmed') checkedIn += group.checkedIn;
      } else days.push({ date: group.day!, count: group.count });
    }
    const total = REGISTRATION_STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
    return {
      eventId: event.id,
      timezone: event.timezone,
      registrations: { total, byStatus, byCategory: [...byCategory].map(([category, count]) => ({ category, count })) },
      capacity: { capacity: event.capacity, seatsTaken: byStatus.confirmed, waitlistLength: byStatus.waitlisted },
      delegations: delegations.map(({ id, name, quota, reservedCount, status }) => ({ id, name, quota, members: reservedCount, status })),
      mail,
      checkIns: { checkedIn, of: byStatus.confirmed },
      perDay: fillDays(days),
    };
  }
}
