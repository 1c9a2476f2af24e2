import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '../domain/errors';
import {
  DuplicateEventIdError,
  EventTooLargeError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port';

const KIND_STATUS = { invalid: 400, 'not-found': 404, conflict: 409, unprocessable: 422 } as const;

/** Fastify's own errors (body too large, malformed JSON…) carry a statusCode and a code. */
interface FastifyError {
  statusCode?: number;
  code?: string;
  message: string;
}

function describe(e: unknown): {
  status: number;
  message: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
} {
  if (e instanceof DomainError) return { status: KIND_STATUS[e.kind], message: e.message, extra: e.extra };
  if (e instanceof WrongExpectedRevisionError) {
    return {
      status: 409,
      message: `expectedRevision ${String(e.expected)} does not match: the pair's stream is at revision ${e.actual}`,
      extra: { currentRevision: e.actual },
    };
  }
  if (e instanceof DuplicateEventIdError) return { status: 409, message: e.message };
  if (e instanceof EventTooLargeError) return { status: 413, message: `${e.message}; nothing was recorded` };
  if (e instanceof StoreUnavailableError) {
    return {
      status: 503,
      message: `the event store is unavailable: ${e.message}; retry later`,
      headers: { 'Retry-After': '5' },
    };
  }
  if (e instanceof HttpException) {
    const body = e.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
    return { status: e.getStatus(), message: Array.isArray(message) ? message.join('; ') : (message ?? e.message) };
  }
  const f = e as FastifyError;
  if (typeof f?.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, message: 'request body is too large' };
    if (f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return { status: 415, message: 'send JSON (Content-Type: application/json)' };
    if (f.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, message: 'the JSON body is empty' };
    return { status: f.statusCode, message: /JSON/i.test(f.message) ? `malformed JSON: ${f.message}` : f.message };
  }
  return { status: 500, message: 'internal error' };
}

/** Every error leaves as `{ statusCode, error, message }`: never a stack trace. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    const { status, message, extra, headers } = describe(exception);
    // Only a bug is logged: a 503 (store down, not ready) is a condition the answer already states.
    if (status === 500) this.log.error(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (headers) void reply.headers(headers);
    void reply
      .status(status)
      .send({ statusCode: status, error: STATUS_CODES[status] ?? HttpStatus[status], message, ...extra });
  }
}
