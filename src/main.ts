// First: tracing, when configured, must patch modules before they load.
import { stopTracing } from './observability/start-tracing';
import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const log = new Logger('Chancery');
  const url = `http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${config.port}`;
  log.log(`listening on ${config.host}:${config.port} (event store: ${config.eventStore}, data: ${config.dataDir})`);
  log.log(`the web page: ${url}/ · the API's OpenAPI: ${url}/docs`);
  if (config.tokens.size === 0) {
    log.warn('API_TOKENS is not set: writes are accepted only from loopback (127.0.0.1, ::1)');
  }
  // Stop taking requests, let in-flight writes finish and the projection flush, then exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.log(`${signal}: shutting down`);
      app.close().then(
        () => stopTracing().finally(() => process.exit(0)),
        (e: unknown) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((e: unknown) => {
  // Invalid configuration is one clear line, not a stack trace.
  if (e instanceof ConfigError) console.error(`chancery: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
