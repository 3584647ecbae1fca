import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AgendaService } from '../agenda/agenda.service';
import { ApiError } from '../common/errors/api-error';
import { Event } from '../events/event.entity';
import { ListEventsQuery } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { PARTNER_ROLES } from '../events/event-partner.entity';
import { formatDates } from '../registrations/badges.service';
import { assertRegistrationOpen } from '../registrations/registrations.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { PageRenderer } from './page-renderer.service';

const ROLE_LABELS: Record<string, string> = { host: 'Hosted by', co_organiser: 'Co-organised by', funder: 'Funded by', partner: 'Partners' };

/** The public pages: each method gathers what a page shows from the feature services and renders it. */
@Injectable()
export class PagesService {
  constructor(
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    private readonly renderer: PageRenderer,
    private readonly outcomes: OutcomesService,
  ) {}

  async home(): Promise<string> {
    const page = await this.events.list(Object.assign(new ListEventsQuery(), { pageSize: 100 }), undefined);
    const events = page.items.filter((event) => event.status === 'published').map((event) => ({ ...event, dates: formatDates(event.startDate, event.endDate) }));
    return this.renderer.render('home', { title: 'Events', events });
  }

  async event(slug: string): Promise<string> {
    const details = await this.events.details(slug, undefined);
    const event = await this.events.findVisible(slug, undefined);
    const partners = PARTNER_ROLES.map((role) => ({ label: ROLE_LABELS[role], items: details.partners[role] })).filter((group) => group.items.length > 0);
    return this.renderer.render('event', { title: details.title, event: details, dates: formatDates(details.startDate, details.endDate), partners, registration: registrationState(event) });
  }

  async agendaPage(slug: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const agenda = await this.agenda.build(event);
    const days = agenda.days.map((day) => ({
      heading: DateTime.fromISO(day.date, { zone: event.timezone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy'),
      sessions: day.sessions.map((session) => ({ ...session, from: session.startsAt.slice(11, 16), to: session.endsAt.slice(11, 16), kindLabel: session.kind.replace('_', ' ') })),
    }));
    const offset = DateTime.fromISO(`${event.startDate}T12:00`, { zone: event.timezone }).toFormat('ZZ');
    return this.renderer.render('agenda', { title: `Agenda – ${event.title}`, event: agenda.event, days, zone: `${event.timezone} (UTC${offset})` });
  }

  /** A published outcome document: its published version (sanitised HTML) and its commitments. */
  async outcomePage(slug: string, id: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const document = await this.outcomes.get(id, undefined);
    if (document.eventId !== event.id) throw ApiError.notFound('Outcome document');
    const commitments = document.commitments.map((commitment) => ({ ...commitment, statusLabel: commitment.status.replace('_', ' '), leads: commitment.leads.join(', ') }));
    const published = document.publishedAt ? DateTime.fromISO(document.publishedAt, { zone: event.timezone }).setLocale('en-GB').toFormat('d LLLL yyyy') : null;
    return this.renderer.render('outcome', { title: `${document.title} – ${event.title}`, event, document, commitments, published, pdfUrl: `/api/v1/outcomes/${document.id}/document.pdf` });
  }

  error(status: number, message: string): string {
    return this.renderer.render('error', { title: status === 404 ? 'Not found' : 'Something went wrong', status, message });
  }

  get css(): string {
    return this.renderer.css;
  }
}

function registrationState(event: Event): { open: boolean; label: string } {
  try {
    assertRegistrationOpen(event);
    return { open: true, label: event.inviteOnly ? 'Registration is open to invited participants' : 'Registration is open' };
  } catch (error) {
    return { open: false, label: error instanceof ApiError ? error.message : 'Registration is closed' };
  }
}
