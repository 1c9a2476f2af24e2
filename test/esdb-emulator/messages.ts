import { Metadata, status } from '@grpc/grpc-js';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import {
  EXPECTED_VERSION_CODES,
  Expected,
  MaximumAppendSizeExceeded,
  Recorded,
  StreamDeleted,
  WrongExpectedVersion,
} from './emulator-log';

/** Protobuf conversions shared by the emulator's handlers. */

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** UUID text, lower case, from either wire form. */
export function uuidText(uuid: UUID | undefined): string {
  const structured = uuid?.getStructured();
  if (!structured) return (uuid?.getString() ?? '').toLowerCase();
  const hex = (bits: string) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
  const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return [all.slice(0, 8), all.slice(8, 12), all.slice(12, 16), all.slice(16, 20), all.slice(20)].join('-');
}

export function uuidMessage(id: string, structured: boolean): UUID {
  if (!structured) return new UUID().setString(id);
  const hex = id.replace(/-/g, '');
  const bits = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return new UUID().setStructured(
    new UUID.Structured().setMostSignificantBits(bits(hex.slice(0, 16))).setLeastSignificantBits(bits(hex.slice(16))),
  );
}

/** The oneof every write request uses for its expected revision (BatchAppend names the number differently). */
interface ExpectedOption {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export function expectedOf(option: ExpectedOption | undefined, revision: () => string): Expected {
  if (!option || option.hasAny()) return 'any';
  if (option.hasNoStream()) return 'no_stream';
  if (option.hasStreamExists()) return 'stream_exists';
  return BigInt(revision());
}

/**
 * An event as a read sends it. With `resolveLinks`, a link event (`$>`) goes as `link` beside the event it points to
 * (none if that can no longer be read), as the server resolves links.
 */
export function readEvent(event: Recorded, structuredIds: boolean, resolve?: (link: Recorded) => Recorded | undefined) {
  const answer = new ReadResp.ReadEvent().setCommitPosition(event.position.toString());
  if (resolve && event.type === LINK_TYPE) {
    const target = resolve(event);
    answer.setLink(recordedEvent(event, structuredIds));
    if (target) answer.setEvent(recordedEvent(target, structuredIds));
  } else answer.setEvent(recordedEvent(event, structuredIds));
  return new ReadResp().setEvent(answer);
}

/** The type of a link event, whose data is `revision@stream`. */
const LINK_TYPE = '$>';

function recordedEvent(event: Recorded, structuredIds: boolean) {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setCustomMetadata(event.customMetadata)
    .setData(event.data);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.created.toString());
  return recorded;
}

export const emptyMessage = () => new Empty();

/**
 * Sends the response headers with our own `date`: otherwise Node stamps them from a cache it refreshes with a
 * timer, and a test checking that nothing leaves timers behind would find that one.
 */
export function sendHeaders(call: { sendMetadata(metadata: Metadata): void }): void {
  const metadata = new Metadata();
  metadata.set('date', new Date().toUTCString());
  call.sendMetadata(metadata);
}

/** A gRPC error as the server sends it: the kind and its details travel in trailers. */
export interface TrailerError {
  code: status;
  details: string;
  metadata: Metadata;
}

function trailerError(code: status, details: string, trailers: Record<string, string>): TrailerError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

/** WrongExpectedVersion and StreamDeleted as trailers (Delete, Tombstone, Append's stream-deleted, Read). */
export function toTrailerError(error: unknown): TrailerError {
  if (error instanceof WrongExpectedVersion) {
    const expected = typeof error.expected === 'bigint' ? error.expected : EXPECTED_VERSION_CODES[error.expected];
    return trailerError(status.FAILED_PRECONDITION, error.message, {
      exception: 'wrong-expected-version',
      'stream-name': error.stream,
      'expected-version': expected.toString(),
      ...(error.current !== undefined && { 'actual-version': error.current.toString() }),
    });
  }
  if (error instanceof StreamDeleted) {
    return trailerError(status.FAILED_PRECONDITION, error.message, {
      exception: 'stream-deleted',
      'stream-name': error.stream,
    });
  }
  if (error instanceof MaximumAppendSizeExceeded) {
    return trailerError(status.INVALID_ARGUMENT, error.message, {
      exception: 'maximum-append-size-exceeded',
      'maximum-append-size': String(error.maxAppendSize),
    });
  }
  return trailerError(status.INTERNAL, error instanceof Error ? error.message : String(error), {});
}

/** What a follower answers a call that requires the leader: where the leader is, so the client can go there. */
export function notLeader(host: string, port: number): TrailerError {
  return trailerError(status.NOT_FOUND, 'Leader info available', {
    exception: 'not-leader',
    'leader-endpoint-host': host,
    'leader-endpoint-port': String(port),
  });
}

export const accessDenied = (): TrailerError =>
  trailerError(status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });

export const notReady = (): TrailerError => trailerError(status.UNAVAILABLE, 'Server Is Not Ready', {});

export function missingMetadata(properties: string[]): TrailerError {
  return trailerError(status.INVALID_ARGUMENT, `Missing required metadata: ${properties.join(', ')}`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': properties.join(','),
  });
}
