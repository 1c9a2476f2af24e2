import { Attributes, Link, SpanContext, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The service's own spans (beside the HTTP, Fastify and gRPC ones the instrumentations make, when
 * `start-tracing.ts` started the SDK): the decision and the append of a write, and the projection of
 * the events it wrote. Without the SDK these are no-ops, and nothing is remembered.
 */
export const tracer = trace.getTracer('chancery');

const enabled = () => !!process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

/** Writes whose projection is still to come: their spans, by the position they were answered with. */
let pending: { position: number; context: SpanContext }[] = [];

/** The write now being traced answered at `position`: its projection will link back to it. */
export function awaitProjection(position: number): void {
  const span = trace.getActiveSpan();
  if (enabled() && span) pending.push({ position, context: span.spanContext() });
}

/** The links from a projection that has reached `position` to the writes it projected. */
export function projectedUpTo(position: number): Link[] {
  const done = pending.filter((w) => w.position <= position);
  pending = pending.filter((w) => w.position > position);
  return done.map((w) => ({ context: w.context }));
}

/** Runs `fn` in a span of its own, marked failed when it throws. */
export function traced<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (e) {
      span.recordException(e instanceof Error ? e : String(e));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw e;
    } finally {
      span.end();
    }
  });
}
