import { ApiProperty } from '@nestjs/swagger';
import { DELEGATION_STATUSES, type DelegationStatus } from '../delegations/delegation.entity';
import { REGISTRATION_CATEGORIES, type RegistrationCategory } from '../registrations/registration.entity';

/** Registrations of the event in each status (every status, 0 when none). */
export class DashboardStatusCounts {
  @ApiProperty() pending: number;
  @ApiProperty() confirmed: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() rejected: number;
  @ApiProperty() cancelled: number;
}

export class DashboardCategoryCount {
  @ApiProperty({ enum: REGISTRATION_CATEGORIES }) category: RegistrationCategory;
  @ApiProperty({ description: 'Registrations in this category, whatever their status' }) count: number;
}

export class DashboardRegistrations {
  @ApiProperty({ description: 'Every registration of the event, whatever its status' }) total: number;
  @ApiProperty({ type: DashboardStatusCounts }) byStatus: DashboardStatusCounts;
  @ApiProperty({ type: [DashboardCategoryCount], description: 'Every category, in the fixed order of categories, 0 when none' })
  byCategory: DashboardCategoryCount[];
}

export class DashboardCapacity {
  @ApiProperty({ nullable: true, type: Number, description: 'Seats; null when the event has no limit' }) capacity: number | null;
  @ApiProperty({ description: 'Confirmed registrations (each holds one seat of a limited event)' }) seatsTaken: number;
  @ApiProperty({ description: 'People on the waitlist' }) waitlistLength: number;
}

export class DashboardDelegation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() quota: number;
  @ApiProperty({ description: 'Pending and confirmed members: what the quota counts' }) members: number;
  @ApiProperty({ enum: DELEGATION_STATUSES }) status: DelegationStatus;
}

export class DashboardMail {
  @ApiProperty() queued: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
}

export class DashboardCheckIns {
  @ApiProperty({ description: 'Confirmed registrants who have checked in' }) checkedIn: number;
  @ApiProperty({ description: 'Confirmed registrations' }) of: number;
}

export class DashboardDay {
  @ApiProperty({ format: 'date', description: "A calendar day in the event's time zone" }) date: string;
  @ApiProperty({ description: 'Registrations made that day, whatever their status now' }) count: number;
}

export class DashboardSummary {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ description: "The event's IANA time zone, in which the days are counted" }) timezone: string;
  @ApiProperty({ type: DashboardRegistrations }) registrations: DashboardRegistrations;
  @ApiProperty({ type: DashboardCapacity }) capacity: DashboardCapacity;
  @ApiProperty({ type: [DashboardDelegation], description: 'By name' }) delegations: DashboardDelegation[];
  @ApiProperty({ type: DashboardMail, description: "The event's mails in the delivery log" }) mail: DashboardMail;
  @ApiProperty({ type: DashboardCheckIns }) checkIns: DashboardCheckIns;
  @ApiProperty({
    type: [DashboardDay],
    description: 'From the first registration day to the last (at most the last 120 days), days without registrations as 0',
  })
  perDay: DashboardDay[];
}
