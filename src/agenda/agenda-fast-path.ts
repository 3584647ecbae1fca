import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { markLogged } from '../logging';
import { Encoded, Format, negotiate } from './agenda-encoding';
import { AgendaService } from './agenda.service';

const HIT = { 'x-agenda-cache': 'hit' };

/**
 * A micro-cache in front of the Nest pipeline for the most read document, the public agenda of a
 * published event. An anonymous GET is answered from a Fastify onRequest hook, which runs before Nest's
 * middleware (the request logger), routing, guards and pipes, when the rendered document is fresh
 * (AgendaService.fresh) or found still current by one database check shared with the requests that
 * arrive meanwhile (AgendaService.revalidate). The response carries `x-agenda-cache: hit` and is logged
 * as the request logger would log it. Everything else (a token, a draft, a changed or missing entry)
 * goes the normal way, which is also what fills the cache.
 */
@Injectable()
export class AgendaFastPath {
  constructor(private readonly agenda: AgendaService) {}

  /** The onRequest hook for the API under `apiPrefix`. */
  hook(apiPrefix: string): onRequestHookHandler {
    const path = new RegExp(`^/${apiPrefix}/events/([^/?#]+)/agenda(\\.ics)?(?:\\?.*)?$`);
    return (request, reply, done) => {
      if (request.method !== 'GET' || request.headers.authorization) return done();
      const match = path.exec(request.url);
      if (!match) return done();
      const idOrSlug = safeDecode(match[1]);
      const format: Format = match[2] ? 'ics' : 'json';
      const fresh = this.agenda.fresh(idOrSlug, format);
      if (fresh !== undefined) return answer(request, reply, fresh);
      const revalidated = this.agenda.revalidate(idOrSlug, format);
      if (revalidated === undefined) return done();
      revalidated.then((document) => (document === undefined ? done() : answer(request, reply, document)), done);
    };
  }
}

function answer(request: FastifyRequest, reply: FastifyReply, document: Encoded): void {
  const { headers, body } = negotiate(document, request.headers['accept-encoding']);
  void reply.headers(headers).headers(HIT).send(body);
  logHit(request, reply);
}

/** What pino-http would log for the request (a 200 is logged at info), had it run. */
function logHit(request: FastifyRequest, reply: FastifyReply): void {
  markLogged(request.raw);
  const log = PinoLogger.root;
  if (log?.isLevelEnabled('info'))
    log.info({ req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
