import { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { randomUUID } from 'node:crypto';
import { EmulatorLog, Recorded, StreamDeleted } from './emulator-log';
import { readEvent, sendHeaders, streamIdentifier, streamNameOf, toTrailerError } from './messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Options = ReadReq.Options;

/** A filtered subscription reports its position this often (in events considered), times the client's multiplier. */
const CHECKPOINT_WINDOW = 32;

/** Open subscriptions, so that stopping the server can end them at once. */
export type OpenCalls = Set<() => void>;

/** Streams.Read: reads of a stream or of $all, and catch-up subscriptions to either. */
export function handleRead(log: EmulatorLog, open: OpenCalls) {
  return (call: ReadCall): void => {
    sendHeaders(call);
    const options = call.request.getOptions() ?? new ReadReq.Options();
    const fail = (error: unknown) => call.emit('error', toTrailerError(error));
    try {
      if (options.hasSubscription()) subscribe(log, open, call, options).catch(fail);
      else read(log, call, options);
    } catch (error) {
      fail(error);
    }
  };
}

/** How a read sends events: with links resolved if it asked for that. */
function sender(log: EmulatorLog, options: Options) {
  const structured = options.getUuidOption()?.hasStructured() ?? false;
  const resolve = options.getResolveLinks() ? (link: Recorded) => log.linked(link) : undefined;
  return (event: Recorded) => readEvent(event, structured, resolve);
}

function read(log: EmulatorLog, call: ReadCall, options: Options): void {
  const toMessage = sender(log, options);
  const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
  const count = Number(options.getCount());
  const events = options.hasStream() ? streamSlice(log, call, options, forwards) : allSlice(log, options, forwards);
  if (events === undefined) return; // stream_not_found already sent
  const matches = filterOf(options);
  let sent = 0;
  // A read is bounded by its count: written without waiting for the client to drain, unlike a subscription.
  for (const event of events) {
    if (sent >= count || call.cancelled) break;
    if (!matches(event)) continue;
    call.write(toMessage(event));
    sent++;
  }
  call.end();
}

/** The stream's events in read order from the requested revision (inclusive); undefined when it is not found. */
function streamSlice(log: EmulatorLog, call: ReadCall, options: Options, forwards: boolean) {
  const stream = options.getStream()!;
  const name = streamNameOf(stream.getStreamIdentifier());
  const events = log.read(name);
  if (events === 'deleted') throw new StreamDeleted(name);
  if (events === 'not-found') {
    const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name));
    call.write(new ReadResp().setStreamNotFound(notFound));
    call.end();
    return undefined;
  }
  const revision = stream.hasRevision() ? BigInt(stream.getRevision()) : undefined;
  if (forwards) {
    if (stream.hasEnd()) return [];
    return revision === undefined ? events : events.filter((e) => e.revision >= revision);
  }
  if (stream.hasStart()) return events.slice(0, 1);
  return (revision === undefined ? events : events.filter((e) => e.revision <= revision)).reverse();
}

/** $all in read order: forwards from a position inclusive, backwards from a position exclusive (as the server does). */
function allSlice(log: EmulatorLog, options: Options, forwards: boolean): Iterable<Recorded> {
  const all = options.getAll()!;
  const position = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
  if (forwards) {
    const from = all.hasEnd() ? log.all.length : position === undefined ? 0 : log.indexOf(position, true);
    return log.all.slice(from);
  }
  const to = all.hasStart() ? 0 : position === undefined ? log.all.length : log.indexOf(position, true);
  return log.all.slice(0, to).reverse();
}

/**
 * A catch-up subscription: confirmation, the events after the start (exclusive), caught-up, then live events as
 * they are written. Filtered $all subscriptions send checkpoints while they scan.
 */
async function subscribe(log: EmulatorLog, open: OpenCalls, call: ReadCall, options: Options): Promise<void> {
  const toMessage = sender(log, options);
  const matches = filterOf(options);
  const filter = options.getFilter();
  const interval = filter
    ? (filter.getMax() || CHECKPOINT_WINDOW) * (filter.getCheckpointintervalmultiplier() || 1)
    : 0;
  let wake = (): void => undefined;
  let ended = false;
  const end = () => {
    ended = true;
    wake();
  };
  const stopWaking = log.onWrite(() => wake());
  call.on('cancelled', end);
  open.add(end);
  try {
    const id = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    await send(call, new ReadResp().setConfirmation(id));
    const next = options.hasStream() ? streamCursor(log, options) : allCursor(log, options);
    let caughtUp = false;
    let considered = 0;
    while (!ended && !call.cancelled) {
      const written = new Promise<void>((resolve) => (wake = resolve));
      for (let event = next(); event && !ended; event = next()) {
        // Awaits only when the client is behind: an await per event costs a third of the throughput.
        const behind = matches(event) ? send(call, toMessage(event)) : undefined;
        if (behind) await behind;
        if (interval && ++considered % interval === 0) await send(call, checkpoint(event.position));
      }
      if (!caughtUp) await send(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
      caughtUp = true;
      await written;
    }
  } finally {
    stopWaking();
    open.delete(end);
  }
}

/** Walks $all from the subscription's start, exclusive. */
function allCursor(log: EmulatorLog, options: Options): () => Recorded | undefined {
  const all = options.getAll()!;
  const position = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
  let index = all.hasEnd() ? log.all.length : position === undefined ? 0 : log.indexOf(position, false);
  return () => log.all[index] && log.all[index++];
}

/** Walks one stream from the subscription's start, exclusive; a deleted stream ends the subscription. */
function streamCursor(log: EmulatorLog, options: Options): () => Recorded | undefined {
  const stream = options.getStream()!;
  const name = streamNameOf(stream.getStreamIdentifier());
  const visible = () => {
    const events = log.read(name);
    if (events === 'deleted') throw new StreamDeleted(name);
    return events === 'not-found' ? [] : events;
  };
  const last = () => visible().at(-1)?.revision ?? -1n;
  let next = stream.hasStart() ? 0n : stream.hasEnd() ? last() + 1n : BigInt(stream.getRevision()) + 1n;
  return () => {
    const events = visible();
    // Revisions of the visible events are consecutive from the first one.
    const event = events[Math.max(0, Number(next - (events[0]?.revision ?? 0n)))];
    if (event) next = event.revision + 1n;
    return event;
  };
}

function filterOf(options: Options): (event: Recorded) => boolean {
  const filter = options.getFilter();
  const expression = filter?.getStreamIdentifier() ?? filter?.getEventType();
  if (!filter || !expression) return () => true;
  const field = (event: Recorded) => (filter.hasStreamIdentifier() ? event.stream : event.type);
  const prefixes = expression.getPrefixList();
  const regex = new RegExp(expression.getRegex());
  return (event) => (prefixes.length ? prefixes.some((p) => field(event).startsWith(p)) : regex.test(field(event)));
}

function checkpoint(position: bigint): ReadResp {
  const at = position.toString();
  return new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(at).setPreparePosition(at));
}

/** Writes with back-pressure: a promise to wait for the client to drain (or the call to end), if it must. */
function send(call: ReadCall, message: ReadResp): Promise<void> | undefined {
  if (call.write(message) || call.cancelled) return undefined;
  return new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
}
