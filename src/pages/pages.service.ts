import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AgendaService } from '../agenda/agenda.service';
import { ApiError } from '../common/errors/api-error';
import { Event } from '../events/event.entity';
import { EventSummary, ListEventsQuery } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { eventEndsAt } from '../events/registration-window';
import { PARTNER_ROLES } from '../events/event-partner.entity';
import { formatDateRange, formatDay } from '../common/dates';
import { windowRefusal } from '../registrations/registration-intake';
import { OutcomeKind } from '../outcomes/outcome-document.entity';
import { OutcomesService } from '../outcomes/outcomes.service';
import { COMMITMENT_STATUSES } from '../outcomes/commitment.entity';
import { SeriesCommitmentsService } from '../outcomes/series-commitments.service';
import { chainThemes, commitmentChains, filterChains } from './commitment-chains';
import { PageRenderer } from './page-renderer.service';

const ROLE_LABELS: Record<string, string> = {
  host: 'Hosted by',
  co_organiser: 'Co-organised by',
  funder: 'Funded by',
  partner: 'Partners',
};
const OUTCOME_KIND_LABELS: Record<OutcomeKind, string> = {
  outcome_statement: 'Outcome statement',
  chair_summary: 'Chair’s summary',
  report: 'Report',
  declaration: 'Declaration',
};

/** The public pages: each method gathers what a page shows from the feature services and renders it. */
@Injectable()
export class PagesService {
  constructor(
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    private readonly renderer: PageRenderer,
    private readonly outcomes: OutcomesService,
    private readonly seriesCommitments: SeriesCommitmentsService,
  ) {}

  /** Upcoming events (published, not yet over), soonest first; then past ones (closed, or over in their time zone), latest first. */
  async home(): Promise<string> {
    const page = await this.events.list(Object.assign(new ListEventsQuery(), { pageSize: 100 }), undefined);
    const now = new Date();
    const card = (event: EventSummary) => ({ ...event, dates: formatDateRange(event.startDate, event.endDate) });
    const shown = page.items.filter((event) => event.status === 'published' || event.status === 'closed');
    const isPast = (event: EventSummary) => event.status === 'closed' || eventEndsAt(event) <= now;
    const upcoming = shown
      .filter((event) => !isPast(event))
      .reverse()
      .map(card);
    const past = shown.filter(isPast).map(card);
    return this.renderer.render('home', { title: 'Events', upcoming, past });
  }

  async event(slug: string): Promise<string> {
    const details = await this.events.details(slug, undefined);
    const event = await this.events.findVisible(slug, undefined);
    const partners = PARTNER_ROLES.map((role) => ({ label: ROLE_LABELS[role], items: details.partners[role] })).filter(
      (group) => group.items.length > 0,
    );
    const outcomes = await this.publishedOutcomes(event);
    return this.renderer.render('event', {
      title: details.title,
      event: details,
      dates: formatDateRange(details.startDate, details.endDate),
      partners,
      registration: registrationState(event),
      outcomes,
      // Issue 18: the List of Participants, once published (src/documents).
      participantsList: event.participantsList === 'unpublished' ? null : { provisional: event.participantsList === 'provisional' },
    });
  }

  /** The outcome documents an event has published, each with its page and its PDF. */
  async outcomesPage(slug: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const outcomes = await this.publishedOutcomes(event);
    return this.renderer.render('outcomes', { title: `Outcome documents – ${event.title}`, event, outcomes });
  }

  private async publishedOutcomes(event: Event) {
    const documents = await this.outcomes.list(event.id, undefined);
    return documents
      .filter((document) => document.status === 'published')
      .map((document) => ({
        ...document,
        kindLabel: OUTCOME_KIND_LABELS[document.kind],
        url: `/events/${event.slug}/outcomes/${document.id}`,
        pdfUrl: `/api/v1/outcomes/${document.id}/document.pdf`,
      }));
  }

  async agendaPage(slug: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const agenda = await this.agenda.build(event);
    const days = agenda.days.map((day) => ({
      heading: DateTime.fromISO(day.date, { zone: event.timezone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy'),
      sessions: day.sessions.map((session) => ({
        ...session,
        from: session.startsAt.slice(11, 16),
        to: session.endsAt.slice(11, 16),
        kindLabel: session.kind.replace('_', ' '),
      })),
    }));
    const offset = DateTime.fromISO(`${event.startDate}T12:00`, { zone: event.timezone }).toFormat('ZZ');
    return this.renderer.render('agenda', {
      title: `Agenda – ${event.title}`,
      event: agenda.event,
      days,
      zone: `${event.timezone} (UTC${offset})`,
    });
  }

  /** A published outcome document: its published version (sanitised HTML) and its commitments. */
  async outcomePage(slug: string, id: string): Promise<string> {
    const event = await this.events.findVisible(slug, undefined);
    const document = await this.outcomes.get(id, undefined);
    if (document.eventId !== event.id) throw ApiError.notFound('Outcome document');
    const commitments = document.commitments.map((commitment) => ({
      ...commitment,
      statusLabel: commitment.status.replace('_', ' '),
      leads: commitment.leads.join(', '),
    }));
    const published = document.publishedAt ? formatDay(document.publishedAt, event.timezone) : null;
    return this.renderer.render('outcome', {
      title: `${document.title} – ${event.title}`,
      event,
      document,
      commitments,
      published,
      pdfUrl: `/api/v1/outcomes/${document.id}/document.pdf`,
    });
  }

  /**
   * The commitments tracker of a series: every commitment of its published documents, with the chain of
   * follow-ups at later events and the latest status along it; filtered by theme and latest status.
   */
  async seriesCommitmentsPage(seriesId: string, query: { theme?: unknown; status?: unknown }): Promise<string> {
    const series = await this.seriesCommitments.list(seriesId, undefined);
    const chains = commitmentChains(series.commitments);
    const theme = typeof query.theme === 'string' ? query.theme : '';
    const status =
      typeof query.status === 'string' && (COMMITMENT_STATUSES as readonly string[]).includes(query.status) ? query.status : '';
    const themes = chainThemes(chains);
    const link = (commitment: { event: { slug: string; title: string; startDate: string }; documentId: string }) => ({
      eventTitle: commitment.event.title,
      year: commitment.event.startDate.slice(0, 4),
      url: `/events/${commitment.event.slug}/outcomes/${commitment.documentId}`,
    });
    const shown = filterChains(chains, { theme, status }).map((chain) => ({
      ...chain.first,
      ...link(chain.first),
      leadsText: chain.first.leads.join(', '),
      statusLabel: chain.first.status.replace(/_/g, ' '),
      latestStatusLabel: chain.latestStatus.replace(/_/g, ' '),
      latestStatus: chain.latestStatus,
      followUps: chain.followUps.map(({ commitment, depth }) => ({
        ...commitment,
        ...link(commitment),
        depth,
        statusLabel: commitment.status.replace(/_/g, ' '),
      })),
    }));
    return this.renderer.render('commitments', {
      title: `Commitments – ${series.name}`,
      series,
      chains: shown,
      total: chains.length,
      filtered: Boolean(theme || status),
      themes: themes.map((value) => ({ value, label: value, selected: value.toLocaleLowerCase('en') === theme.toLocaleLowerCase('en') })),
      statuses: COMMITMENT_STATUSES.map((value) => ({ value, label: value.replace(/_/g, ' '), selected: value === status })),
    });
  }

  error(status: number, message: string): string {
    return this.renderer.render('error', { title: status === 404 ? 'Not found' : 'Something went wrong', status, message });
  }

  get css(): string {
    return this.renderer.css;
  }
}

function registrationState(event: Event): { open: boolean; label: string } {
  const refusal = windowRefusal(event);
  if (refusal) return { open: false, label: refusal.message };
  return { open: true, label: event.inviteOnly ? 'Registration is open to invited participants' : 'Registration is open' };
}
