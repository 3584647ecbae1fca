import { Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Encoded, Format, negotiate } from './agenda-encoding';
import { AgendaService } from './agenda.service';


/**
 * A micro-cache in front of the Nest pipeline for the most read document, the public agenda of a
 * published event. An anonymous GET whose rendered document is fresh (AgendaService.fresh) is answered
 * from a Fastify onRequest hook, after the security headers and the request log, before routing, guards
 * and pipes; the response carries `x-agenda-cache: hit`. Everything else (a token, a draft, a stale or
 * missing entry) goes the normal way, which is also what fills the cache.
 */
@Injectable()
export class AgendaFastPath {
  private readonly logger = new Logger(AgendaFastPath.name);
  private path?: RegExp;

  constructor(private readonly agenda: AgendaService) {}

  /**
   * Call after the security-header hook is added and before the app starts listening: Fastify applies a
   * hook only to routes registered after it, and Nest registers its routes at start-up.
   */
  install(fastify: FastifyInstance, apiPrefix: string): void {
    this.path = new RegExp(`^/${apiPrefix}/events/([^/?#]+)/agenda(\\.ics)?(?:\\?.*)?$`);
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const cached = this.cached(request);
      if (cached === undefined) return done();
      const { headers, body } = negotiate(cached.format, cached.document, request.headers['accept-encoding']);
      void reply.headers(headers).header('x-agenda-cache', 'hit').send(body);
    });
    this.logger.log('Fresh public agendas are served from memory');
  }

  private cached(request: FastifyRequest): { format: Format; document: Encoded } | undefined {
    if (request.method !== 'GET' || request.headers.authorization) return undefined;
    const match = this.path!.exec(request.url);
    if (!match) return undefined;
    const format = match[2] ? 'ics' : 'json';
    const document = this.agenda.fresh(safeDecode(match[1]), format);
    return document === undefined ? undefined : { format, document };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
