import { Metadata, sendUnaryData, ServerReadableStream, status } from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendTransactionSizeExceededErrorDetails,
  StreamAlreadyInAppendSessionErrorDetails,
  StreamRevisionConflictErrorDetails,
  StreamTombstonedErrorDetails,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import {
  AppendRecord,
  AppendRequest,
  AppendResponse,
  AppendSessionResponse,
  SchemaFormat,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import {
  EmulatorLog,
  EXPECTED_VERSION_CODES,
  Expected,
  MaximumAppendSizeExceeded,
  Proposed,
  StreamDeleted,
  WrongExpectedVersion,
} from './emulator-log';
import { sendHeaders, TrailerError } from './messages';

/** KurrentDB 25.1's StreamsService (protocol v2), which only the KurrentDB client speaks. */
export const STREAMS_V2 = 'kurrentdb.protocol.v2.streams.StreamsService';

type SessionCall = ServerReadableStream<AppendRequest, AppendSessionResponse>;

/**
 * StreamsService.AppendSession: one request per stream, then one answer, all written or none. The record's
 * properties become the event's JSON metadata; its schema name, the event type.
 */
export function handleAppendSession(log: EmulatorLog) {
  return (call: SessionCall, callback: sendUnaryData<AppendSessionResponse>): void => {
    sendHeaders(call);
    const appends: Array<{ stream: string; expected: Expected; events: Proposed[] }> = [];
    call.on('data', (request: AppendRequest) => {
      const expected = expectedOf(request.getExpectedRevision());
      appends.push({ stream: request.getStream(), expected, events: request.getRecordsList().map(proposedOf) });
    });
    call.on('end', () => {
      const twice = appends.find((a, i) => appends.findIndex((b) => b.stream === a.stream) !== i);
      if (twice) {
        const details = new StreamAlreadyInAppendSessionErrorDetails().setStream(twice.stream);
        return callback(withDetails(status.INVALID_ARGUMENT, `${twice.stream} is already in the session`, details));
      }
      try {
        const written = log.appendAcross(appends);
        const outputs = written.map(({ revision, position }, i) =>
          new AppendResponse()
            .setStream(appends[i].stream)
            .setStreamRevision(revision.toString())
            .setPosition(position.toString()),
        );
        const position = written.at(-1)?.position ?? 0n;
        callback(null, new AppendSessionResponse().setOutputList(outputs).setPosition(position.toString()));
      } catch (error) {
        callback(sessionError(error));
      }
    });
  };
}

function expectedOf(revision: string | undefined): Expected {
  const code = BigInt(revision ?? EXPECTED_VERSION_CODES.any);
  const named = Object.entries(EXPECTED_VERSION_CODES).find(([, value]) => value === code);
  return named ? (named[0] as Expected) : code;
}

function proposedOf(record: AppendRecord): Proposed {
  const properties: Record<string, string> = {};
  record.getPropertiesMap().forEach((value, key) => (properties[key] = value.getStringValue()));
  const json = record.getSchema()?.getFormat() === SchemaFormat.SCHEMA_FORMAT_JSON;
  return {
    id: (record.getRecordId() ?? '').toLowerCase(),
    type: record.getSchema()?.getName() ?? '',
    contentType: json ? 'application/json' : 'application/octet-stream',
    customMetadata: Buffer.from(JSON.stringify(properties)),
    data: record.getData_asU8(),
  };
}

function sessionError(error: unknown): TrailerError {
  if (error instanceof WrongExpectedVersion) {
    const expected = typeof error.expected === 'bigint' ? error.expected : EXPECTED_VERSION_CODES[error.expected];
    const details = new StreamRevisionConflictErrorDetails()
      .setStream(error.stream)
      .setExpectedRevision(expected.toString())
      .setActualRevision((error.current ?? -1n).toString());
    return withDetails(status.FAILED_PRECONDITION, error.message, details);
  }
  if (error instanceof StreamDeleted) {
    const details = new StreamTombstonedErrorDetails().setStream(error.stream);
    return withDetails(status.FAILED_PRECONDITION, error.message, details);
  }
  if (error instanceof MaximumAppendSizeExceeded) {
    const details = new AppendTransactionSizeExceededErrorDetails().setMaxSize(error.maxAppendSize);
    return withDetails(status.ABORTED, error.message, details);
  }
  return { code: status.INTERNAL, details: String(error), metadata: new Metadata() };
}

/** An error whose details travel as a google.rpc.Status in `grpc-status-details-bin`, as KurrentDB's v2 errors do. */
function withDetails(code: status, message: string, details: { serializeBinary(): Uint8Array }): TrailerError {
  const name = (details.constructor as { name: string }).name;
  const packed = new Any();
  packed.pack(details.serializeBinary(), `kurrentdb.protocol.v2.streams.errors.${name}`);
  const metadata = new Metadata();
  metadata.set(
    'grpc-status-details-bin',
    Buffer.from(
      new Status()
        .setCode(code as number as Code)
        .setMessage(message)
        .setDetails(packed)
        .serializeBinary(),
    ),
  );
  return { code, details: message, metadata };
}
