import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthedRequest } from '../http/access';
import { Metrics } from './metrics';
import { note } from './request-facts';

/**
 * Fastify hooks that see every request, matched or not: its id goes back as `X-Request-Id`, its route
 * pattern and principal are noted for its log line, and its duration is measured by method, route and status.
 */
export function observeRequests(app: NestFastifyApplication): void {
  const metrics = app.get(Metrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    note(req.raw, { route: req.routeOptions.url ?? 'unmatched' });
    done();
  });
  // By the handler, access control (an onRequest hook) has authenticated whom it could.
  fastify.addHook('preHandler', (req: AuthedRequest, _reply, done) => {
    if (req.principal) note(req.raw, { principal: req.principal.name });
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode };
    metrics.httpRequests.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
