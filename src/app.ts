import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { mkdirSync } from 'node:fs';
import { AppModule } from './app.module';
import { Config } from './config/config';
import { EventStore } from './event-store/event-store.port';
import { MAX_PARAM_LENGTH, secure } from './http/security';
import { serveWebPage } from './http/web-page';
import { withDetailsSchemas } from './list-event-types/details-schemas';
import { requestId } from './observability/logging';
import { observeRequests } from './observability/observe-requests';

const MiB = 1024 * 1024;
/** A batch may carry 16 MiB; everything else 1 MiB. */
const bodyLimitOf = (url: string) => (url.endsWith('/batch') ? 16 * MiB : 1 * MiB);

/**
 * How long a client may hold a connection without sending what it should: the whole request (REQUEST_TIMEOUT, 408
 * then closed), its headers (at most 10 s), a silence on the socket (2 minutes: the live feed's heartbeat comes
 * every 15 s), and keep-alive between requests (5 s, at most 1,000 requests a connection). Node checks them every
 * second; Fastify's defaults leave the first and third unbounded.
 */
function serverLimits({ requestTimeoutMs }: Config) {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: 120_000,
    keepAliveTimeout: 5_000,
    maxRequestsPerSocket: 1_000,
    http: { headersTimeout: Math.min(10_000, requestTimeoutMs), connectionsCheckingInterval: 1_000 },
  };
}

/** Builds the application (not yet listening): shared by main.ts and the end-to-end tests. */
export async function createApp(config: Config, store?: EventStore): Promise<INestApplication> {
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const adapter = new FastifyAdapter({
    ...serverLimits(config),
    trustProxy: config.trustProxy,
    bodyLimit: 16 * MiB,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A "__proto__" or "constructor" key is parsed as the plain field it is, then refused by name like any
    // unknown field (security.ts), so that a batch's answer says which action carries it.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // The request's id, for its log lines and its answer's X-Request-Id.
    requestIdHeader: false,
    genReqId: requestId,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = bodyLimitOf(route.url);
  });
  // Bodies are JSON only: Fastify's own parser. A form or plain text (what a web page can send anywhere) is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', (_req, _body, done) =>
    done(Object.assign(new Error('send JSON (Content-Type: application/json)'), { statusCode: 415 }), undefined),
  );
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, store), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  observeRequests(app);
  secure(app, config);
  const document = withDetailsSchemas(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Chancery')
        .setDescription('An event-sourced ledger of diplomatic relations: HTTP contract v1')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document);
  await serveWebPage(app);
  return app;
}
