"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EmulatorLog = exports.sizeOnDisk = exports.DEFAULT_MAX_APPEND_SIZE = exports.EXPECTED_VERSION_CODES = exports.StreamDeleted = exports.MaximumAppendSizeExceeded = exports.WrongExpectedVersion = void 0;
const node_crypto_1 = require("node:crypto");
class WrongExpectedVersion extends Error {
    stream;
    expected;
    current;
    constructor(stream, expected, 
    /** undefined: the stream has no events. */
    current) {
        super(`WrongExpectedVersion: ${stream} is at ${String(current ?? 'no_stream')}, expected ${String(expected)}`);
        this.stream = stream;
        this.expected = expected;
        this.current = current;
    }
}
exports.WrongExpectedVersion = WrongExpectedVersion;
/** An append whose events weigh more than the server takes in one append (its `MaxAppendSize`). */
class MaximumAppendSizeExceeded extends Error {
    maxAppendSize;
    constructor(maxAppendSize) {
        super(`Maximum Append Size of ${maxAppendSize} Exceeded.`);
        this.maxAppendSize = maxAppendSize;
    }
}
exports.MaximumAppendSizeExceeded = MaximumAppendSizeExceeded;
class StreamDeleted extends Error {
    stream;
    constructor(stream) {
        super(`Stream ${stream} is deleted`);
        this.stream = stream;
    }
}
exports.StreamDeleted = StreamDeleted;
/** ExpectedVersion.Any etc. as the server puts them in the `expected-version` trailer. */
exports.EXPECTED_VERSION_CODES = { any: -2n, no_stream: -1n, stream_exists: -4n };
const TOMBSTONE_REVISION = 2n ** 63n - 1n;
exports.DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
/** What the server counts toward MaxAppendSize for one event (`Event.SizeOnDisk`): data, metadata, the type in UTF-16. */
const sizeOnDisk = (event) => event.data.length + event.customMetadata.length + 2 * event.type.length;
exports.sizeOnDisk = sizeOnDisk;
/** The emulator's whole state: one ordered $all log and its streams, in memory. */
class EmulatorLog {
    all = [];
    clock;
    streams = new Map();
    listeners = new Set();
    byteOffsets;
    maxAppendSize;
    recentCapacity;
    /** Recently written ids → their event, oldest first: what an `any` append can recognise. */
    recent = new Map();
    nextPosition;
    constructor(options = {}) {
        this.clock = options.clock ?? Date.now;
        this.byteOffsets = (options.positions ?? 'byte-offsets') === 'byte-offsets';
        this.maxAppendSize = options.maxAppendSize ?? exports.DEFAULT_MAX_APPEND_SIZE;
        this.recentCapacity = options.recentIds ?? 100_000;
        this.nextPosition = this.byteOffsets ? 1024n : 1n;
        if (options.systemEvents ?? this.byteOffsets) {
            this.append('$settings', 'any', [systemEvent('update-default-acl')]);
            this.append('$epoch-information', 'any', [systemEvent('$epoch-information')]);
        }
    }
    /** Called after every write; returns the function that stops the calls. */
    onWrite(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /** Forgets the recent ids, as a restarted server or a new leader does. */
    forgetRecentIds() {
        this.recent = new Map();
    }
    append(stream, expected, events) {
        this.checkSize(events);
        const state = this.state(stream);
        if (state.tombstoned)
            throw new StreamDeleted(stream);
        const repeat = this.repeatOf(stream, state, expected, events);
        if (repeat)
            return repeat;
        this.check(stream, state, expected);
        if (events.length === 0)
            return { revision: last(state), position: this.all.at(-1)?.position ?? 0n };
        const created = this.ticks();
        for (const event of events)
            this.write({ ...event, stream, revision: last(state) + 1n, created }, state);
        this.notify();
        return { revision: last(state), position: state.events.at(-1).position };
    }
    /**
     * KurrentDB's append across streams: every expected revision is checked before anything is written, then all
     * go in, in order, as one transaction. A stream may appear once; repeated ids are not recognised.
     */
    appendAcross(appends) {
        this.checkSize(appends.flatMap((a) => a.events));
        for (const { stream, expected } of appends) {
            const state = this.state(stream);
            if (state.tombstoned)
                throw new StreamDeleted(stream);
            this.check(stream, state, expected);
        }
        const created = this.ticks();
        const written = appends.map(({ stream, events }) => {
            const state = this.state(stream);
            for (const event of events)
                this.write({ ...event, stream, revision: last(state) + 1n, created }, state);
            return { revision: last(state), position: state.events.at(-1)?.position ?? 0n };
        });
        this.notify();
        return written;
    }
    /** Soft delete: the stream reads as not found until it is appended to again. */
    delete(stream, expected) {
        const state = this.state(stream);
        if (state.tombstoned)
            throw new StreamDeleted(stream);
        this.check(stream, state, expected);
        state.truncateBefore = last(state) + 1n;
        const data = Buffer.from(JSON.stringify({ $tb: Number(state.truncateBefore) }));
        const meta = this.state(`$$${stream}`);
        const record = { ...systemEvent('$metadata', data), stream: `$$${stream}`, revision: last(meta) + 1n };
        this.write({ ...record, created: this.ticks() }, meta);
        this.notify();
        return meta.events.at(-1).position;
    }
    /** Hard delete: the stream can never be read or written again. */
    tombstone(stream, expected) {
        const state = this.state(stream);
        if (state.tombstoned)
            throw new StreamDeleted(stream);
        this.check(stream, state, expected);
        const record = { ...systemEvent('$streamDeleted'), stream, revision: TOMBSTONE_REVISION, created: this.ticks() };
        this.all.push({ ...record, position: this.advance(record) });
        state.tombstoned = true;
        this.notify();
        return this.all.at(-1).position;
    }
    /** The stream's visible events, or why there are none to read. */
    read(stream) {
        const state = this.streams.get(stream);
        if (state?.tombstoned)
            return 'deleted';
        const visible = state?.events.slice(Number(state.truncateBefore)) ?? [];
        return visible.length ? visible : 'not-found';
    }
    /** Index in `all` of the first event at or after (`inclusive`) or strictly after a position. */
    indexOf(position, inclusive) {
        let [low, high] = [0, this.all.length];
        while (low < high) {
            const mid = (low + high) >> 1;
            const p = this.all[mid].position;
            if (p < position || (!inclusive && p === position))
                low = mid + 1;
            else
                high = mid;
        }
        return low;
    }
    checkSize(events) {
        const size = events.reduce((sum, event) => sum + (0, exports.sizeOnDisk)(event), 0);
        if (this.maxAppendSize && size > this.maxAppendSize)
            throw new MaximumAppendSizeExceeded(this.maxAppendSize);
    }
    state(stream) {
        let state = this.streams.get(stream);
        if (!state)
            this.streams.set(stream, (state = { events: [], truncateBefore: 0n, tombstoned: false }));
        return state;
    }
    check(stream, state, expected) {
        const current = last(state);
        const exists = current >= state.truncateBefore;
        const ok = expected === 'any' ||
            (expected === 'no_stream' && !exists) ||
            (expected === 'stream_exists' && exists) ||
            (typeof expected === 'bigint' && current >= 0n && expected === current);
        if (!ok)
            throw new WrongExpectedVersion(stream, expected, exists ? current : undefined);
    }
    /**
     * The server's idempotency: events that repeat the ids already at the expected place answer success without being
     * written again. After an exact expected revision (or `no_stream`) the stream itself tells; for `any` and
     * `stream_exists` only the recent-id cache does, so an id it has forgotten is written again. A partial repeat is a
     * wrong expected version, as the server reports a corrupted idempotency check.
     */
    repeatOf(stream, state, expected, events) {
        if (events.length === 0)
            return undefined;
        const cached = this.recent.get(events[0].id);
        let from = cached?.stream === stream ? Number(cached.revision) : -1;
        if (typeof expected === 'bigint')
            from = Number(expected) + 1;
        else if (expected === 'no_stream')
            from = 0;
        if (state.events[from]?.id !== events[0].id)
            return undefined;
        const matches = events.every((event, i) => state.events[from + i]?.id === event.id);
        if (!matches)
            throw new WrongExpectedVersion(stream, expected, last(state));
        const lastMatched = state.events[from + events.length - 1];
        return { revision: lastMatched.revision, position: lastMatched.position };
    }
    write(record, state) {
        const recorded = { ...record, position: this.advance(record) };
        this.recent.set(recorded.id, recorded);
        if (this.recent.size > this.recentCapacity)
            this.recent.delete(this.recent.keys().next().value);
        state.events.push(recorded);
        this.all.push(recorded);
    }
    advance(record) {
        const position = this.nextPosition;
        const size = 128 + record.stream.length + record.type.length + record.data.length + record.customMetadata.length;
        this.nextPosition += this.byteOffsets ? BigInt(size) : 1n;
        return position;
    }
    ticks() {
        return BigInt(Math.trunc(this.clock())) * 10000n;
    }
    notify() {
        for (const listener of this.listeners)
            listener();
    }
}
exports.EmulatorLog = EmulatorLog;
function last(state) {
    return BigInt(state.events.length) - 1n;
}
function systemEvent(type, data = Buffer.from('{}')) {
    return { id: (0, node_crypto_1.randomUUID)(), type, contentType: 'application/json', customMetadata: new Uint8Array(), data };
}
//# sourceMappingURL=emulator-log.js.map