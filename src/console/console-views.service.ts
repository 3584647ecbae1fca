import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CsrfService } from '../common/csrf.service';
import { Views } from '../common/views';
import type { Event } from '../events/event.entity';
import type { ConsoleRequest } from './console-auth';

export const HTML = 'text/html; charset=utf-8';

/** After a form's POST succeeds: 303 See Other to the page that shows the result (the handler returns this empty body). */
export function seeOther(reply: FastifyReply, location: string): string {
  void reply.status(303).header('location', location);
  return '';
}

/** The tabs of an event's console, in order; `roles` are who sees the tab. */
const EVENT_TABS = [
  { key: 'dashboard', label: 'Dashboard', path: '' },
  { key: 'settings', label: 'Settings', path: '/settings' },
  { key: 'team', label: 'Team', path: '/team' },
  { key: 'form', label: 'Form', path: '/form' },
  { key: 'registrations', label: 'Registrations', path: '/registrations' },
  { key: 'delegations', label: 'Delegations', path: '/delegations' },
] as const;
export type EventTab = (typeof EVENT_TABS)[number]['key'];

export interface ViewData extends Record<string, unknown> {
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
  readonly css = this.asset('console.css');
  readonly js = this.asset('console.js');

  constructor(private readonly csrf: CsrfService) {
    super('console');
  }

  page(request: ConsoleRequest, reply: FastifyReply, view: string, data: ViewData, status = 200): string {
    void reply.status(status).header('content-type', HTML).header('cache-control', 'no-store');
    const event = data.event;
    return this.render(view, {
      ...data,
      csrf: this.csrf.issue(request, reply),
      user: request.user,
      admin: request.user?.role === 'admin',
      tabs: event
        ? EVENT_TABS.map((tab) => ({ ...tab, href: `/console/events/${event.id}${tab.path}`, current: tab.key === data.tab }))
        : undefined,
    });
  }
}
