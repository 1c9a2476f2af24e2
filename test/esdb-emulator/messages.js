"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.notReady = exports.accessDenied = exports.emptyMessage = void 0;
exports.streamNameOf = streamNameOf;
exports.streamIdentifier = streamIdentifier;
exports.uuidText = uuidText;
exports.uuidMessage = uuidMessage;
exports.expectedOf = expectedOf;
exports.readEvent = readEvent;
exports.sendHeaders = sendHeaders;
exports.toTrailerError = toTrailerError;
exports.notLeader = notLeader;
exports.missingMetadata = missingMetadata;
const grpc_js_1 = require("@grpc/grpc-js");
const shared_pb_1 = require("@eventstore/db-client/generated/shared_pb");
const streams_pb_1 = require("@eventstore/db-client/generated/streams_pb");
const emulator_log_1 = require("./emulator-log");
/** Protobuf conversions shared by the emulator's handlers. */
function streamNameOf(identifier) {
    return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}
function streamIdentifier(name) {
    return new shared_pb_1.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}
/** UUID text, lower case, from either wire form. */
function uuidText(uuid) {
    const structured = uuid?.getStructured();
    if (!structured)
        return (uuid?.getString() ?? '').toLowerCase();
    const hex = (bits) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
    const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
    return [all.slice(0, 8), all.slice(8, 12), all.slice(12, 16), all.slice(16, 20), all.slice(20)].join('-');
}
function uuidMessage(id, structured) {
    if (!structured)
        return new shared_pb_1.UUID().setString(id);
    const hex = id.replace(/-/g, '');
    const bits = (part) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
    return new shared_pb_1.UUID().setStructured(new shared_pb_1.UUID.Structured().setMostSignificantBits(bits(hex.slice(0, 16))).setLeastSignificantBits(bits(hex.slice(16))));
}
function expectedOf(option, revision) {
    if (!option || option.hasAny())
        return 'any';
    if (option.hasNoStream())
        return 'no_stream';
    if (option.hasStreamExists())
        return 'stream_exists';
    return BigInt(revision());
}
function readEvent(event, structuredIds) {
    const recorded = new streams_pb_1.ReadResp.ReadEvent.RecordedEvent()
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
    return new streams_pb_1.ReadResp().setEvent(new streams_pb_1.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString()));
}
const emptyMessage = () => new shared_pb_1.Empty();
exports.emptyMessage = emptyMessage;
/**
 * Sends the response headers with our own `date`: otherwise Node stamps them from a cache it refreshes with a
 * timer, and a test checking that nothing leaves timers behind would find that one.
 */
function sendHeaders(call) {
    const metadata = new grpc_js_1.Metadata();
    metadata.set('date', new Date().toUTCString());
    call.sendMetadata(metadata);
}
function trailerError(code, details, trailers) {
    const metadata = new grpc_js_1.Metadata();
    for (const [key, value] of Object.entries(trailers))
        metadata.set(key, value);
    return { code, details, metadata };
}
/** WrongExpectedVersion and StreamDeleted as trailers (Delete, Tombstone, Append's stream-deleted, Read). */
function toTrailerError(error) {
    if (error instanceof emulator_log_1.WrongExpectedVersion) {
        const expected = typeof error.expected === 'bigint' ? error.expected : emulator_log_1.EXPECTED_VERSION_CODES[error.expected];
        return trailerError(grpc_js_1.status.FAILED_PRECONDITION, error.message, {
            exception: 'wrong-expected-version',
            'stream-name': error.stream,
            'expected-version': expected.toString(),
            ...(error.current !== undefined && { 'actual-version': error.current.toString() }),
        });
    }
    if (error instanceof emulator_log_1.StreamDeleted) {
        return trailerError(grpc_js_1.status.FAILED_PRECONDITION, error.message, {
            exception: 'stream-deleted',
            'stream-name': error.stream,
        });
    }
    if (error instanceof emulator_log_1.MaximumAppendSizeExceeded) {
        return trailerError(grpc_js_1.status.INVALID_ARGUMENT, error.message, {
            exception: 'maximum-append-size-exceeded',
            'maximum-append-size': String(error.maxAppendSize),
        });
    }
    return trailerError(grpc_js_1.status.INTERNAL, error instanceof Error ? error.message : String(error), {});
}
/** What a follower answers a call that requires the leader: where the leader is, so the client can go there. */
function notLeader(host, port) {
    return trailerError(grpc_js_1.status.NOT_FOUND, 'Leader info available', {
        exception: 'not-leader',
        'leader-endpoint-host': host,
        'leader-endpoint-port': String(port),
    });
}
const accessDenied = () => trailerError(grpc_js_1.status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });
exports.accessDenied = accessDenied;
const notReady = () => trailerError(grpc_js_1.status.UNAVAILABLE, 'Server Is Not Ready', {});
exports.notReady = notReady;
function missingMetadata(properties) {
    return trailerError(grpc_js_1.status.INVALID_ARGUMENT, `Missing required metadata: ${properties.join(', ')}`, {
        exception: 'missing-required-metadata-property',
        'required-metadata-properties': properties.join(','),
    });
}
//# sourceMappingURL=messages.js.map