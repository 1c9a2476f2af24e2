/**
 * OpenTelemetry, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. Imported first by main.ts: the
 * instrumentations patch `http`, Fastify and gRPC as they are loaded, so the SDK must start before them.
 * The exporter reads the standard OTEL_* variables (endpoint, headers, OTEL_SERVICE_NAME…) itself.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';

function start(): NodeSDK {
  // Required only when tracing is on: the SDK and its instrumentations take half a second to load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GrpcInstrumentation } =
    require('@opentelemetry/instrumentation-grpc') as typeof import('@opentelemetry/instrumentation-grpc');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'chancery',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation(),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new GrpcInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}

const sdk = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? start() : undefined;

/** Sends the spans not yet exported: at shutdown, before the process exits. */
export const stopTracing = async (): Promise<void> => sdk?.shutdown();
