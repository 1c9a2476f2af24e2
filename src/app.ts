import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { mkdirSync } from 'node:fs';
import { AppModule } from './app.module';
import { Config } from './config/config';
import { EventStore } from './event-store/event-store.port';
import { MAX_PARAM_LENGTH, secure } from './http/security';
import { serveWebPage } from './http/web-page';

const MiB = 1024 * 1024;
/** A batch may carry 16 MiB; everything else 1 MiB. */
const bodyLimitOf = (url: string) => (url.endsWith('/batch') ? 16 * MiB : 1 * MiB);

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the application (not yet listening): shared by main.ts and the end-to-end tests. */
export async function createApp(config: Config, store?: EventStore): Promise<INestApplication> {
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const adapter = new FastifyAdapter({
    bodyLimit: 16 * MiB,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A "__proto__" or "constructor" key is parsed as the plain field it is, then refused by name like any
    // unknown field (security.ts), so that a batch's answer says which action carries it.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = bodyLimitOf(route.url);
  });
  // Bodies are JSON only: Fastify's own parser. A form or plain text (what a web page can send anywhere) is a 415.
  fastify.removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, store), adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: false,
  });
  await secure(app, config);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Chancery')
      .setDescription('An event-sourced ledger of diplomatic relations: HTTP contract v1')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  await serveWebPage(app);
  return app;
}
