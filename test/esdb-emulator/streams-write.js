"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleAppend = handleAppend;
exports.handleBatchAppend = handleBatchAppend;
exports.handleDelete = handleDelete;
const code_pb_1 = require("@eventstore/db-client/generated/code_pb");
const shared_pb_1 = require("@eventstore/db-client/generated/shared_pb");
const status_pb_1 = require("@eventstore/db-client/generated/status_pb");
const streams_pb_1 = require("@eventstore/db-client/generated/streams_pb");
const any_pb_1 = require("google-protobuf/google/protobuf/any_pb");
const empty_pb_1 = require("google-protobuf/google/protobuf/empty_pb");
const emulator_log_1 = require("./emulator-log");
const messages_1 = require("./messages");
/** A proposed event, or the metadata keys it lacks. */
function proposedOf(message) {
    const metadata = message.getMetadataMap();
    const [type, contentType] = [metadata.get('type'), metadata.get('content-type')];
    if (!type || !contentType)
        return ['type', 'content-type'].filter((key) => !metadata.get(key));
    const [customMetadata, data] = [message.getCustomMetadata_asU8(), message.getData_asU8()];
    return { id: (0, messages_1.uuidText)(message.getId()), type, contentType, customMetadata, data };
}
/** Streams.Append: the options, then the events, then one answer; a wrong expected version is an answer too. */
function handleAppend(log) {
    return (call, callback) => {
        (0, messages_1.sendHeaders)(call);
        let stream = '';
        let expected = 'any';
        const events = [];
        call.on('data', (request) => {
            const options = request.getOptions();
            if (options) {
                stream = (0, messages_1.streamNameOf)(options.getStreamIdentifier());
                expected = (0, messages_1.expectedOf)(options, () => options.getRevision());
            }
            else
                events.push(proposedOf(request.getProposedMessage()));
        });
        call.on('end', () => {
            const missing = events.find((e) => Array.isArray(e));
            if (missing)
                return callback((0, messages_1.missingMetadata)(missing));
            try {
                const { revision, position } = log.append(stream, expected, events);
                const at = new streams_pb_1.AppendResp.Position().setCommitPosition(position.toString()).setPreparePosition(`${position}`);
                const success = new streams_pb_1.AppendResp.Success().setCurrentRevision(revision.toString()).setPosition(at);
                callback(null, new streams_pb_1.AppendResp().setSuccess(success));
            }
            catch (error) {
                if (error instanceof emulator_log_1.WrongExpectedVersion)
                    callback(null, wrongExpectedVersion(error));
                else
                    callback((0, messages_1.toTrailerError)(error));
            }
        });
    };
}
function wrongExpectedVersion({ expected, current }) {
    const details = new streams_pb_1.AppendResp.WrongExpectedVersion();
    if (current === undefined)
        details.setCurrentNoStream((0, messages_1.emptyMessage)());
    else
        details.setCurrentRevision(current.toString());
    if (expected === 'any')
        details.setExpectedAny((0, messages_1.emptyMessage)());
    else if (expected === 'no_stream')
        details.setExpectedNoStream((0, messages_1.emptyMessage)());
    else if (expected === 'stream_exists')
        details.setExpectedStreamExists((0, messages_1.emptyMessage)());
    else
        details.setExpectedRevision(expected.toString());
    return new streams_pb_1.AppendResp().setWrongExpectedVersion(details);
}
/**
 * Streams.BatchAppend: one long-lived call carrying many appends, each a run of requests sharing a correlation id
 * (options on the first, `is_final` on the last), each answered on its own; errors are google.rpc.Status answers.
 * A node that is no longer the leader ends a call that requires it with NotLeader, when its next append comes.
 */
function handleBatchAppend(log, leaderError) {
    return (call) => {
        (0, messages_1.sendHeaders)(call);
        const pending = new Map();
        call.on('data', (request) => {
            const refused = leaderError(call);
            if (refused)
                return void call.emit('error', refused);
            const correlation = (0, messages_1.uuidText)(request.getCorrelationId());
            let batch = pending.get(correlation);
            if (!batch) {
                const options = request.getOptions();
                const expected = (0, messages_1.expectedOf)(options, () => options.getStreamPosition());
                batch = { stream: (0, messages_1.streamNameOf)(options?.getStreamIdentifier()), expected, events: [] };
                pending.set(correlation, batch);
            }
            batch.events.push(...request.getProposedMessagesList().map(proposedOf));
            if (!request.getIsFinal())
                return;
            pending.delete(correlation);
            const answer = new streams_pb_1.BatchAppendResp()
                .setCorrelationId(request.getCorrelationId())
                .setStreamIdentifier((0, messages_1.streamIdentifier)(batch.stream));
            call.write(batchOutcome(log, answer, batch.stream, batch.expected, batch.events));
        });
        call.on('end', () => call.end());
    };
}
function batchOutcome(log, answer, stream, expected, events) {
    if (typeof expected === 'bigint')
        answer.setStreamPosition(expected.toString());
    else if (expected === 'any')
        answer.setAny(new empty_pb_1.Empty());
    else if (expected === 'no_stream')
        answer.setNoStream(new empty_pb_1.Empty());
    else
        answer.setStreamExists(new empty_pb_1.Empty());
    const missing = events.find((e) => Array.isArray(e));
    if (missing)
        return answer.setError(status(code_pb_1.Code.INVALID_ARGUMENT, `missing ${missing.join(', ')}`, new shared_pb_1.Unknown(), 'Unknown'));
    try {
        const { revision, position } = log.append(stream, expected, events);
        const at = new shared_pb_1.AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(`${position}`);
        return answer.setSuccess(new streams_pb_1.BatchAppendResp.Success().setCurrentRevision(revision.toString()).setPosition(at));
    }
    catch (error) {
        if (error instanceof emulator_log_1.WrongExpectedVersion) {
            const details = new shared_pb_1.WrongExpectedVersion();
            if (error.current === undefined)
                details.setCurrentNoStream(new empty_pb_1.Empty());
            else
                details.setCurrentStreamRevision(error.current.toString());
            if (typeof expected === 'bigint')
                details.setExpectedStreamPosition(expected.toString());
            else if (expected === 'any')
                details.setExpectedAny(new empty_pb_1.Empty());
            else if (expected === 'no_stream')
                details.setExpectedNoStream(new empty_pb_1.Empty());
            else
                details.setExpectedStreamExists(new empty_pb_1.Empty());
            return answer.setError(status(code_pb_1.Code.FAILED_PRECONDITION, error.message, details, 'WrongExpectedVersion'));
        }
        if (error instanceof emulator_log_1.StreamDeleted) {
            const details = new shared_pb_1.StreamDeleted().setStreamIdentifier((0, messages_1.streamIdentifier)(stream));
            return answer.setError(status(code_pb_1.Code.FAILED_PRECONDITION, error.message, details, 'StreamDeleted'));
        }
        if (error instanceof emulator_log_1.MaximumAppendSizeExceeded) {
            const details = new shared_pb_1.MaximumAppendSizeExceeded().setMaxappendsize(error.maxAppendSize);
            return answer.setError(status(code_pb_1.Code.INVALID_ARGUMENT, error.message, details, 'MaximumAppendSizeExceeded'));
        }
        return answer.setError(status(code_pb_1.Code.INTERNAL, String(error), new shared_pb_1.Unknown(), 'Unknown'));
    }
}
/** A google.rpc.Status whose details name the error, as the client unpacks them. */
function status(code, message, details, name) {
    const packed = new any_pb_1.Any();
    packed.pack(details.serializeBinary(), `event_store.client.${name}`);
    return new status_pb_1.Status().setCode(code).setMessage(message).setDetails(packed);
}
/** Streams.Delete (soft) and Streams.Tombstone (hard); their errors travel in trailers. */
function handleDelete(log, hard) {
    return (call, callback) => {
        (0, messages_1.sendHeaders)(call);
        const options = call.request.getOptions();
        const stream = (0, messages_1.streamNameOf)(options?.getStreamIdentifier());
        try {
            const expected = (0, messages_1.expectedOf)(options, () => options.getRevision());
            const at = (hard ? log.tombstone(stream, expected) : log.delete(stream, expected)).toString();
            const answer = hard
                ? new streams_pb_1.TombstoneResp().setPosition(new streams_pb_1.TombstoneResp.Position().setCommitPosition(at).setPreparePosition(at))
                : new streams_pb_1.DeleteResp().setPosition(new streams_pb_1.DeleteResp.Position().setCommitPosition(at).setPreparePosition(at));
            callback(null, answer);
        }
        catch (error) {
            callback((0, messages_1.toTrailerError)(error));
        }
    };
}
//# sourceMappingURL=streams-write.js.map