import { sendUnaryData, ServerDuplexStream, ServerReadableStream, ServerUnaryCall } from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AllStreamPosition,
  MaximumAppendSizeExceeded as MaximumAppendSizeExceededDetails,
  StreamDeleted as StreamDeletedDetails,
  Timeout,
  Unknown,
  WrongExpectedVersion as WrongExpectedVersionDetails,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { Message as ProtoMessage } from 'google-protobuf';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  EmulatorLog,
  Expected,
  MaximumAppendSizeExceeded,
  Proposed,
  StreamDeleted,
  WrongExpectedVersion,
} from './emulator-log';
import {
  emptyMessage,
  expectedOf,
  missingMetadata,
  sendHeaders,
  streamIdentifier,
  streamNameOf,
  toTrailerError,
  TrailerError,
  uuidText,
} from './messages';

type Message = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** A proposed event, or the metadata keys it lacks. */
function proposedOf(message: Message): Proposed | string[] {
  const metadata = message.getMetadataMap();
  const [type, contentType] = [metadata.get('type'), metadata.get('content-type')];
  if (!type || !contentType) return ['type', 'content-type'].filter((key) => !metadata.get(key));
  const [customMetadata, data] = [message.getCustomMetadata_asU8(), message.getData_asU8()];
  return { id: uuidText(message.getId()), type, contentType, customMetadata, data };
}

/**
 * Streams.Append: the options, then the events, then one answer; a wrong expected version is an answer too. A call
 * cancelled or past its deadline before its last event arrived writes nothing (gRPC answers DEADLINE_EXCEEDED itself).
 */
export function handleAppend(log: EmulatorLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    sendHeaders(call);
    let stream = '';
    let expected: Expected = 'any';
    const events: Array<Proposed | string[]> = [];
    call.on('data', (request: AppendReq) => {
      const options = request.getOptions();
      if (options) {
        stream = streamNameOf(options.getStreamIdentifier());
        expected = expectedOf(options, () => options.getRevision());
      } else events.push(proposedOf(request.getProposedMessage()!));
    });
    // grpc-js ends the requests of a call the client reset (cancelled, or its deadline passed) as if it had finished
    // them, and marks it cancelled only a moment later: the append waits for that moment before it writes.
    call.on('end', () => setImmediate(() => answer()));
    const answer = () => {
      if (call.cancelled || Date.now() > Number(call.getDeadline())) return;
      const missing = events.find((e) => Array.isArray(e));
      if (missing) return callback(missingMetadata(missing));
      try {
        const { revision, position } = log.append(stream, expected, events as Proposed[]);
        const at = new AppendResp.Position().setCommitPosition(position.toString()).setPreparePosition(`${position}`);
        const success = new AppendResp.Success().setCurrentRevision(revision.toString()).setPosition(at);
        callback(null, new AppendResp().setSuccess(success));
      } catch (error) {
        if (error instanceof WrongExpectedVersion) callback(null, wrongExpectedVersion(error));
        else callback(toTrailerError(error));
      }
    };
  };
}

function wrongExpectedVersion({ expected, current }: WrongExpectedVersion): AppendResp {
  const details = new AppendResp.WrongExpectedVersion();
  if (current === undefined) details.setCurrentNoStream(emptyMessage());
  else details.setCurrentRevision(current.toString());
  if (expected === 'any') details.setExpectedAny(emptyMessage());
  else if (expected === 'no_stream') details.setExpectedNoStream(emptyMessage());
  else if (expected === 'stream_exists') details.setExpectedStreamExists(emptyMessage());
  else details.setExpectedRevision(expected.toString());
  return new AppendResp().setWrongExpectedVersion(details);
}

type BatchCall = ServerDuplexStream<BatchAppendReq, BatchAppendResp>;

/** One append of a BatchAppend call, as its requests arrive; `deadline` in ms since the epoch. */
interface Batch {
  stream: string;
  expected: Expected;
  deadline: number;
  events: Array<Proposed | string[]>;
}

/**
 * Streams.BatchAppend: one long-lived call carrying many appends, each a run of requests sharing a correlation id
 * (options on the first, `is_final` on the last), each answered on its own; errors are google.rpc.Status answers.
 * The call has no deadline: each append carries its own, and one whose deadline has passed by its last request is
 * refused (Timeout, DEADLINE_EXCEEDED), nothing written.
 * A node that is no longer the leader ends a call that requires it with NotLeader, when its next append comes.
 */
export function handleBatchAppend(log: EmulatorLog, leaderError: (call: BatchCall) => TrailerError | undefined) {
  return (call: BatchCall): void => {
    sendHeaders(call);
    const pending = new Map<string, Batch>();
    call.on('data', (request: BatchAppendReq) => {
      const refused = leaderError(call);
      if (refused) return void call.emit('error', refused);
      const correlation = uuidText(request.getCorrelationId());
      let batch = pending.get(correlation);
      if (!batch) {
        const options = request.getOptions();
        const expected = expectedOf(options, () => options!.getStreamPosition());
        const deadline = options ? deadlineOf(options) : Infinity;
        batch = { stream: streamNameOf(options?.getStreamIdentifier()), expected, deadline, events: [] };
        pending.set(correlation, batch);
      }
      batch.events.push(...request.getProposedMessagesList().map(proposedOf));
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      const answer = new BatchAppendResp()
        .setCorrelationId(request.getCorrelationId())
        .setStreamIdentifier(streamIdentifier(batch.stream));
      call.write(batchOutcome(log, answer, batch));
    });
    call.on('end', () => call.end());
  };
}

/**
 * An append's deadline in ms since the epoch: field 6, a Timestamp, which both clients set (@eventstore/db-client's
 * protocol files call it `deadline`, the KurrentDB client's `deadline_21_10_0`, beside a relative `deadline` in 7).
 */
function deadlineOf(options: BatchAppendReq.Options): number {
  const at = ProtoMessage.getWrapperField(options, Timestamp, 6) as Timestamp | undefined;
  return at?.toDate().getTime() ?? Infinity;
}

function batchOutcome(
  log: EmulatorLog,
  answer: BatchAppendResp,
  { stream, expected, deadline, events }: Batch,
): BatchAppendResp {
  if (typeof expected === 'bigint') answer.setStreamPosition(expected.toString());
  else if (expected === 'any') answer.setAny(new ProtoEmpty());
  else if (expected === 'no_stream') answer.setNoStream(new ProtoEmpty());
  else answer.setStreamExists(new ProtoEmpty());
  if (Date.now() > deadline)
    return answer.setError(status(Code.DEADLINE_EXCEEDED, 'Timeout', new Timeout(), 'Timeout'));
  const missing = events.find((e) => Array.isArray(e));
  if (missing)
    return answer.setError(status(Code.INVALID_ARGUMENT, `missing ${missing.join(', ')}`, new Unknown(), 'Unknown'));
  try {
    const { revision, position } = log.append(stream, expected, events as Proposed[]);
    const at = new AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(`${position}`);
    return answer.setSuccess(new BatchAppendResp.Success().setCurrentRevision(revision.toString()).setPosition(at));
  } catch (error) {
    if (error instanceof WrongExpectedVersion) {
      const details = new WrongExpectedVersionDetails();
      if (error.current === undefined) details.setCurrentNoStream(new ProtoEmpty());
      else details.setCurrentStreamRevision(error.current.toString());
      if (typeof expected === 'bigint') details.setExpectedStreamPosition(expected.toString());
      else if (expected === 'any') details.setExpectedAny(new ProtoEmpty());
      else if (expected === 'no_stream') details.setExpectedNoStream(new ProtoEmpty());
      else details.setExpectedStreamExists(new ProtoEmpty());
      return answer.setError(status(Code.FAILED_PRECONDITION, error.message, details, 'WrongExpectedVersion'));
    }
    if (error instanceof StreamDeleted) {
      const details = new StreamDeletedDetails().setStreamIdentifier(streamIdentifier(stream));
      return answer.setError(status(Code.FAILED_PRECONDITION, error.message, details, 'StreamDeleted'));
    }
    if (error instanceof MaximumAppendSizeExceeded) {
      const details = new MaximumAppendSizeExceededDetails().setMaxappendsize(error.maxAppendSize);
      return answer.setError(status(Code.INVALID_ARGUMENT, error.message, details, 'MaximumAppendSizeExceeded'));
    }
    return answer.setError(status(Code.INTERNAL, String(error), new Unknown(), 'Unknown'));
  }
}

/** A google.rpc.Status whose details name the error, as the client unpacks them. */
function status(code: Code, message: string, details: { serializeBinary(): Uint8Array }, name: string): Status {
  const packed = new Any();
  packed.pack(details.serializeBinary(), `event_store.client.${name}`);
  return new Status().setCode(code).setMessage(message).setDetails(packed);
}

type DeleteCall = ServerUnaryCall<DeleteReq, DeleteResp> | ServerUnaryCall<TombstoneReq, TombstoneResp>;

/** Streams.Delete (soft) and Streams.Tombstone (hard); their errors travel in trailers. */
export function handleDelete(log: EmulatorLog, hard: boolean) {
  return (call: DeleteCall, callback: sendUnaryData<DeleteResp | TombstoneResp>): void => {
    sendHeaders(call);
    const options = call.request.getOptions();
    const stream = streamNameOf(options?.getStreamIdentifier());
    try {
      const expected = expectedOf(options, () => options!.getRevision());
      const at = (hard ? log.tombstone(stream, expected) : log.delete(stream, expected)).toString();
      const answer = hard
        ? new TombstoneResp().setPosition(new TombstoneResp.Position().setCommitPosition(at).setPreparePosition(at))
        : new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(at).setPreparePosition(at));
      callback(null, answer);
    } catch (error) {
      callback(toTrailerError(error));
    }
  };
}
