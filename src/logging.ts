import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Params, PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from './config/app-config';
import { redactUrl } from './common/redact-url';

/** Request ids: a well-formed incoming X-Request-Id is kept, otherwise a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && /^[\w.:-]{1,100}$/.test(candidate) ? candidate : randomUUID();
}

/** JSON logs in production and tests, pretty ones in development; secrets never logged. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? requestIdOf(request),
      // Request bodies are never logged (the req serializer keeps id, method and the redacted URL); the
      // identity fields are redacted too, should an object holding them ever be logged (issue 18).
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.passportNumber',
        '*.dateOfBirth',
        '*.*.passportNumber',
        '*.*.dateOfBirth',
      ],
      transport:
        config.NODE_ENV === 'development'
          ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } }
          : undefined,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      },
      // Nest applies the request logger once per route pattern it is given, and some requests match two
      // (nestjs-pino's default patterns give the API's wildcard twice, the page "/" being turned into
      // "/api/v1/{*path}" by the Fastify adapter): each request is logged once, by the first.
      autoLogging: { ignore: (request) => alreadyLogged(request) },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}

const LOGGED = Symbol('logged');
type Marked = IncomingMessage & { [LOGGED]?: boolean };

/** True from the second time it is asked about a request. */
function alreadyLogged(request: Marked): boolean {
  if (request[LOGGED]) return true;
  request[LOGGED] = true;
  return false;
}

/** For code that logs a request itself (the agenda's fast path): the safety net below leaves it alone. */
export function markLogged(request: IncomingMessage): void {
  (request as Marked)[LOGGED] = true;
}

/**
 * A Fastify onResponse hook: logs, as pino-http would (same message, fields and level), a request that
 * Nest's request logger never saw: the home page "/", which the Fastify adapter turns into the API's
 * "/api/v1/{*path}" as a middleware path. (A URL the router refuses as malformed is answered before
 * any hook, so it is not logged.)
 */
export function logIfUnlogged(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (!alreadyLogged(request.raw)) {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const log = PinoLogger.root;
    if (log?.isLevelEnabled(level))
      log[level]({ req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
  }
  done();
}

/** A logger for start-up, before Nest's logger exists. */
export function bootLogger(config: AppConfig): pino.Logger {
  return pino({
    level: config.LOG_LEVEL,
    transport:
      config.NODE_ENV === 'development'
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } }
        : undefined,
  });
}
