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
  const adapter = new FastifyAdapter({ bodyLimit: 16 * MiB, routerOptions: { maxParamLength: MAX_PARAM_LENGTH } });
  adapter.getInstance().addHook('onRoute', (route) => {
    route.bodyLimit = bodyLimitOf(route.url);
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, store), adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
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
