"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.STREAMS_V2 = void 0;
exports.handleAppendSession = handleAppendSession;
const grpc_js_1 = require("@grpc/grpc-js");
const status_pb_1 = require("@eventstore/db-client/generated/status_pb");
const errors_pb_1 = require("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb");
const streams_pb_1 = require("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb");
const any_pb_1 = require("google-protobuf/google/protobuf/any_pb");
const emulator_log_1 = require("./emulator-log");
const messages_1 = require("./messages");
/** KurrentDB 25.1's StreamsService (protocol v2), which only the KurrentDB client speaks. */
exports.STREAMS_V2 = 'kurrentdb.protocol.v2.streams.StreamsService';
/**
 * StreamsService.AppendSession: one request per stream, then one answer, all written or none. The record's
 * properties become the event's JSON metadata; its schema name, the event type.
 */
function handleAppendSession(log) {
    return (call, callback) => {
        (0, messages_1.sendHeaders)(call);
        const appends = [];
        call.on('data', (request) => {
            const expected = expectedOf(request.getExpectedRevision());
            appends.push({ stream: request.getStream(), expected, events: request.getRecordsList().map(proposedOf) });
        });
        call.on('end', () => {
            const twice = appends.find((a, i) => appends.findIndex((b) => b.stream === a.stream) !== i);
            if (twice) {
                const details = new errors_pb_1.StreamAlreadyInAppendSessionErrorDetails().setStream(twice.stream);
                return callback(withDetails(grpc_js_1.status.INVALID_ARGUMENT, `${twice.stream} is already in the session`, details));
            }
            try {
                const written = log.appendAcross(appends);
                const outputs = written.map(({ revision, position }, i) => new streams_pb_1.AppendResponse()
                    .setStream(appends[i].stream)
                    .setStreamRevision(revision.toString())
                    .setPosition(position.toString()));
                const position = written.at(-1)?.position ?? 0n;
                callback(null, new streams_pb_1.AppendSessionResponse().setOutputList(outputs).setPosition(position.toString()));
            }
            catch (error) {
                callback(sessionError(error));
            }
        });
    };
}
function expectedOf(revision) {
    const code = BigInt(revision ?? emulator_log_1.EXPECTED_VERSION_CODES.any);
    const named = Object.entries(emulator_log_1.EXPECTED_VERSION_CODES).find(([, value]) => value === code);
    return named ? named[0] : code;
}
function proposedOf(record) {
    const properties = {};
    record.getPropertiesMap().forEach((value, key) => (properties[key] = value.getStringValue()));
    const json = record.getSchema()?.getFormat() === streams_pb_1.SchemaFormat.SCHEMA_FORMAT_JSON;
    return {
        id: (record.getRecordId() ?? '').toLowerCase(),
        type: record.getSchema()?.getName() ?? '',
        contentType: json ? 'application/json' : 'application/octet-stream',
        customMetadata: Buffer.from(JSON.stringify(properties)),
        data: record.getData_asU8(),
    };
}
function sessionError(error) {
    if (error instanceof emulator_log_1.WrongExpectedVersion) {
        const expected = typeof error.expected === 'bigint' ? error.expected : emulator_log_1.EXPECTED_VERSION_CODES[error.expected];
        const details = new errors_pb_1.StreamRevisionConflictErrorDetails()
            .setStream(error.stream)
            .setExpectedRevision(expected.toString())
            .setActualRevision((error.current ?? -1n).toString());
        return withDetails(grpc_js_1.status.FAILED_PRECONDITION, error.message, details);
    }
    if (error instanceof emulator_log_1.StreamDeleted) {
        const details = new errors_pb_1.StreamTombstonedErrorDetails().setStream(error.stream);
        return withDetails(grpc_js_1.status.FAILED_PRECONDITION, error.message, details);
    }
    if (error instanceof emulator_log_1.MaximumAppendSizeExceeded) {
        const details = new errors_pb_1.AppendTransactionSizeExceededErrorDetails().setMaxSize(error.maxAppendSize);
        return withDetails(grpc_js_1.status.ABORTED, error.message, details);
    }
    return { code: grpc_js_1.status.INTERNAL, details: String(error), metadata: new grpc_js_1.Metadata() };
}
/** An error whose details travel as a google.rpc.Status in `grpc-status-details-bin`, as KurrentDB's v2 errors do. */
function withDetails(code, message, details) {
    const name = details.constructor.name;
    const packed = new any_pb_1.Any();
    packed.pack(details.serializeBinary(), `kurrentdb.protocol.v2.streams.errors.${name}`);
    const metadata = new grpc_js_1.Metadata();
    metadata.set('grpc-status-details-bin', Buffer.from(new status_pb_1.Status()
        .setCode(code)
        .setMessage(message)
        .setDetails(packed)
        .serializeBinary()));
    return { code, details: message, metadata };
}
//# sourceMappingURL=append-session.js.map