import { RequestMethod } from '@nestjs/common';

/**
 * The HTML pages live outside the API's `/api/v1` prefix. Their parameters have names no API route uses
 * (`:pageSlug`, `:pageToken`), and the exclusions escape the colons, so they match exactly these route
 * definitions and never an API route such as `events/:idOrSlug`.
 */
export const PAGE_ROUTES = [
  { path: '/', method: RequestMethod.GET },
  { path: 'assets/plenary.css', method: RequestMethod.GET },
  { path: 'events/:pageSlug', method: RequestMethod.GET },
  { path: 'events/:pageSlug/register', method: RequestMethod.GET },
  { path: 'events/:pageSlug/register', method: RequestMethod.POST },
  { path: 'events/:pageSlug/manage-link', method: RequestMethod.GET },
  { path: 'events/:pageSlug/manage-link', method: RequestMethod.POST },
  { path: 'events/:pageSlug/agenda', method: RequestMethod.GET },
  { path: 'events/:pageSlug/outcomes', method: RequestMethod.GET },
  { path: 'events/:pageSlug/participants', method: RequestMethod.GET },
  { path: 'events/:pageSlug/outcomes/:pageOutcome', method: RequestMethod.GET },
  { path: 'series/:pageSeries/commitments', method: RequestMethod.GET },
  { path: 'registrations/manage/:pageToken', method: RequestMethod.GET },
  { path: 'registrations/manage/:pageToken', method: RequestMethod.POST },
  { path: 'registrations/manage/:pageToken/photo', method: RequestMethod.GET },
  { path: 'registrations/manage/:pageToken/cancel', method: RequestMethod.GET },
  { path: 'registrations/manage/:pageToken/cancel', method: RequestMethod.POST },
  { path: 'verify/:pageReference', method: RequestMethod.GET },
];

/** The console's pages (src/console), all under /console. */
const CONSOLE_ROUTES = [
  { path: 'console', method: RequestMethod.ALL },
  { path: 'console/*rest', method: RequestMethod.ALL },
  // The focal points' portal (src/accreditation).
  { path: 'portal/*rest', method: RequestMethod.ALL },
];

export const pageRoutesExcludedFromPrefix = () => [
  ...PAGE_ROUTES.map(({ path, method }) => ({ path: path.replace(/:/g, '\\:'), method })),
  ...CONSOLE_ROUTES,
];
