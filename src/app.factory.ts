import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AgendaFastPath } from './agenda/agenda-fast-path';
import { AppModule } from './app.module';
import { answerAfterUnreadBody, applyRouteBodyLimits } from './common/body-limit';
import { toErrorBody } from './common/errors/error-body';
import { contentSecurityPolicy, securityHeaders } from './common/security-headers';
import { RequestsInFlight } from './common/requests-in-flight';
import { MULTIPART_OPTIONS, readMultipartBody } from './common/uploads';
import { AppConfig } from './config/app-config';
import { logIfUnlogged, requestIdOf } from './logging';
import { pageRoutesExcludedFromPrefix } from './pages/page-routes';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application (not yet listening): Fastify, security headers, CORS, OpenAPI. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestFastifyApplication> {
  const headers = securityHeaders({ contentSecurityPolicy: contentSecurityPolicy(config.publicUrl) });
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (request: IncomingMessage) => {
      const id = requestIdOf(request);
      (request as IncomingMessage & { id?: string }).id = id;
      return id;
    },
    // The router refuses a malformed URL (400) or an over-long path parameter (414) before any hook or
    // error handler runs; answer those in the one error shape too, with the request id and headers.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendError(error, request, reply.headers(headers).header('x-request-id', String(request.id))),
  });
  // Hooks added before NestFactory.create run before Nest's middleware (the request logger, in middie's hook).
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  // The agenda's fast path is one of the application's providers: set once the application is built.
  const agenda: { fastPath?: onRequestHookHandler } = {};
  fastify.addHook('onRequest', function (request, reply, done) {
    if (agenda.fastPath) return agenda.fastPath.call(this, request, reply, done);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Requests in flight, counted for the mail workers, which yield to them.
  app.get(RequestsInFlight).track(app.getHttpServer());

  fastify.addHook('onRoute', applyRouteBodyLimits);
  // multipart/form-data (a form with a file): parsed only for routes marked @AcceptsUploads, into a plain form
  // body before the guards run (src/common/uploads.ts); every other route refuses it (415) as before.
  await app.register(fastifyMultipart, MULTIPART_OPTIONS);
  fastify.addHook('preValidation', readMultipartBody);
  // Errors raised by Fastify itself (body parsing, size limits) reach Nest's error handler, which Nest sets
  // on Fastify at start-up, and so the exception filter (AllExceptionsFilter): one error handler, not two.
  fastify.addHook('onResponse', logIfUnlogged);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', String(request.id));
    answerAfterUnreadBody(request.raw, () => done(null, payload));
  });
  agenda.fastPath = app.get(AgendaFastPath).hook(API_PREFIX);
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins });
  app.setGlobalPrefix(API_PREFIX, { exclude: pageRoutesExcludedFromPrefix() });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Plenary API')
      .setDescription(
        'Conference and event management for high-level, multi-country events. Errors share one shape: `{ statusCode, error, message, code, details?, requestId }`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** Answers an error in the one error shape, logging it when it was unexpected. */
function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { body, unexpected } = toErrorBody(error);
  if (unexpected) request.log.error({ err: error }, 'Unhandled error');
  void reply.status(body.statusCode).send({ ...body, requestId: String(request.id) });
}
