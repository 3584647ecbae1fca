import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventRole } from '../auth/event-role.entity';
import type { AuthorisedRequest } from '../auth/event-role.guard';
import { CsrfService } from '../common/csrf.service';
import { Views } from '../common/views';
import { readFileSync } from 'node:fs';
import type { Event } from '../events/event.entity';
import type { ConsoleRequest } from './console-auth';
import { ACCREDITATION_ROLES } from '../accreditation/accreditation-roles';

export const HTML = 'text/html; charset=utf-8';

/** After a form's POST succeeds: 303 See Other to the page that shows the result (the handler returns this empty body). */
export function seeOther(reply: FastifyReply, location: string): string {
  void reply.status(303).header('location', location);
  return '';
}

const ORGANISERS: readonly EventRole[] = ['organiser'];

/** The tabs of an event's console, in order; `roles` are who sees the tab (admins see them all). */
const EVENT_TABS = [
  { key: 'dashboard', label: 'Dashboard', path: '', roles: ORGANISERS },
  { key: 'settings', label: 'Settings', path: '/settings', roles: ORGANISERS },
  { key: 'team', label: 'Team', path: '/team', roles: ORGANISERS },
  { key: 'form', label: 'Form', path: '/form', roles: ORGANISERS },
  { key: 'registrations', label: 'Registrations', path: '/registrations', roles: ORGANISERS },
  { key: 'delegations', label: 'Delegations', path: '/delegations', roles: ORGANISERS },
  { key: 'accreditation', label: 'Accreditation', path: '/accreditation', roles: ACCREDITATION_ROLES },
  { key: 'agenda', label: 'Agenda', path: '/agenda', roles: ORGANISERS },
  { key: 'mail', label: 'Mail', path: '/mail', roles: ORGANISERS },
  { key: 'check-in', label: 'Check-in', path: '/check-in', roles: ['organiser', 'checkin'] },
  { key: 'outcomes', label: 'Outcomes', path: '/outcomes', roles: ['organiser', 'rapporteur'] },
  { key: 'participants', label: 'Participants', path: '/participants', roles: ORGANISERS },
  { key: 'letters', label: 'Letters', path: '/letters', roles: ORGANISERS },
] as const satisfies readonly { key: string; label: string; path: string; roles: readonly EventRole[] }[];
export type EventTab = (typeof EVENT_TABS)[number]['key'];

/** Where a member of an event's team starts: the first tab their roles open (My events links there). */
export function firstTabPath(eventId: string, roles: readonly EventRole[], admin: boolean): string {
  const tab = EVENT_TABS.find((candidate) => admin || candidate.roles.some((role) => roles.includes(role))) ?? EVENT_TABS[0];
  return `/console/events/${eventId}${tab.path}`;
}

const typeOf = (name: string) => (name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');

export interface ViewData extends Record<string, unknown> {
  /** Scripts of /console/assets/ this page loads after console.js (a screen's own behaviour, e.g. `check-in.js`). */
  scripts?: string[];
  title: string;
  /** The event whose tabs the page shows, and the current tab. */
  event?: Pick<Event, 'id' | 'title' | 'status'>;
  tab?: EventTab;
  /** A one-line confirmation shown above the page ("Event published"). */
  notice?: string;
}

/** The console's views (templates/console/): every page gets the signed-in user, a CSRF token for its forms and, inside an event, its tabs. */
@Injectable()
export class ConsoleViews extends Views {
  /**
   * What `/console/assets/:name` serves: every file of templates/console/assets/, read once at start-up, and
   * the QR decoder the check-in desk falls back on where the browser has no BarcodeDetector (jsQR, from npm).
   */
  readonly assets = new Map<string, { type: string; body: string }>([
    ...this.assetFiles().map((name) => [name, { type: typeOf(name), body: this.asset(name) }] as const),
    ['jsqr.js', { type: typeOf('jsqr.js'), body: readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8') }],
  ]);

  constructor(private readonly csrf: CsrfService) {
    super('console');
  }

  /** The event's tabs the caller may open (the roles the guard found at the event). */
  private tabsOf(request: ConsoleRequest, eventId: string, current: EventTab | undefined) {
    const roles = (request as AuthorisedRequest).authorised?.roles ?? [];
    const admin = request.user?.role === 'admin';
    return EVENT_TABS.filter((tab) => admin || tab.roles.some((role) => roles.includes(role))).map((tab) => ({
      key: tab.key,
      label: tab.label,
      href: `/console/events/${eventId}${tab.path}`,
      current: tab.key === current,
    }));
  }

  page(request: ConsoleRequest, reply: FastifyReply, view: string, data: ViewData, status = 200): string {
    void reply.status(status).header('content-type', HTML).header('cache-control', 'no-store');
    const event = data.event;
    return this.render(view, {
      ...data,
      csrf: this.csrf.issue(request, reply),
      user: request.user,
      admin: request.user?.role === 'admin',
      tabs: event ? this.tabsOf(request, event.id, data.tab) : undefined,
    });
  }
}
