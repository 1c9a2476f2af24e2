import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { Config } from '../config/config';
import { factsOf } from './request-facts';

const PINO_LEVEL = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/** A request id a client may choose: short, and nothing a log line could be forged with. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id (Fastify's `genReqId`): the client's `X-Request-Id` when it is a sane one, a new UUID otherwise. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** The facts learnt along the way, on the line that ends the request only. */
const withFacts = (req: IncomingMessage, _res: ServerResponse, line: object) => ({ ...line, ...factsOf(req) });

/**
 * Logs through pino (nestjs-pino): one JSON line per request (id, method, URL, route, principal, status,
 * duration) and the service's own lines, JSON unless LOG_FORMAT=pretty (the default on a terminal).
 * Serializers name each field logged: no header (so no token) and no body is ever written.
 */
export const loggingModule = (config: Config) =>
  LoggerModule.forRoot<IncomingMessage, ServerResponse>({
    pinoHttp: {
      level: PINO_LEVEL[config.logLevel],
      customAttributeKeys: { responseTime: 'durationMs' },
      customSuccessObject: withFacts,
      customErrorObject: (req, res, _error, line: object) => withFacts(req, res, line),
      customLogLevel: (_req, res: ServerResponse, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
        err: (e: Error) => ({ type: e.name, message: e.message }),
      },
      ...(config.logFormat === 'pretty' && {
        transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } },
      }),
    },
  });
