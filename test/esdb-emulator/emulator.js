"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EsdbEmulator = void 0;
const grpc_js_1 = require("@grpc/grpc-js");
const gossip_grpc_pb_1 = require("@eventstore/db-client/generated/gossip_grpc_pb");
const gossip_pb_1 = require("@eventstore/db-client/generated/gossip_pb");
const serverfeatures_grpc_pb_1 = require("@eventstore/db-client/generated/serverfeatures_grpc_pb");
const serverfeatures_pb_1 = require("@eventstore/db-client/generated/serverfeatures_pb");
const streams_grpc_pb_1 = require("@eventstore/db-client/generated/streams_grpc_pb");
const node_crypto_1 = require("node:crypto");
const streams_grpc_pb_2 = require("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb");
const append_session_1 = require("./append-session");
const emulator_log_1 = require("./emulator-log");
const messages_1 = require("./messages");
const streams_read_1 = require("./streams-read");
const streams_write_1 = require("./streams-write");
const STREAMS = 'event_store.client.streams.Streams';
/**
 * An in-process gRPC server speaking the part of EventStoreDB's public protocol that @eventstore/db-client uses,
 * built on the service definitions the client ships. The log lives in memory and survives stop()/restart(), so a
 * test can take the server away under a connected client and bring it back.
 */
class EsdbEmulator {
    options;
    log;
    /** Calls received per method, so tests can tell which path the client took. */
    calls = { read: 0, append: 0, batchAppend: 0, delete: 0, tombstone: 0, appendSession: 0 };
    port = 0;
    /** A follower answers NotLeader to a call that requires the leader; any other call it serves. */
    role = 'leader';
    /** The cluster's nodes, this one among them, as Gossip lists them. */
    peers = [this];
    /** Refuses every call as access-denied, as a server does to credentials it does not accept. */
    deniesAccess = false;
    /** Reads this returns true for are accepted and never answered, as by a server that hangs. */
    hangs = () => false;
    instanceId = (0, node_crypto_1.randomUUID)();
    server;
    subscriptions = new Set();
    constructor(options = {}) {
        this.options = options;
        this.log = options.log ?? new emulator_log_1.EmulatorLog(options);
    }
    get host() {
        return this.options.host ?? '127.0.0.1';
    }
    get running() {
        return this.server !== undefined;
    }
    static async start(options = {}) {
        const emulator = new EsdbEmulator(options);
        await emulator.listen(options.port ?? 0);
        return emulator;
    }
    get connectionString() {
        return `esdb://127.0.0.1:${this.port}?tls=false`;
    }
    /** Starts serving on `port` (0: any free port; default: the port it had before). */
    async listen(port = this.port) {
        const server = new grpc_js_1.Server();
        const count = (method, handler) => (call, ...rest) => {
            this.calls[method]++;
            if (this.refusal(call, rest[0]))
                return;
            if (method === 'read' && this.hangs(call.request))
                return;
            handler(call, ...rest);
        };
        server.addService(streams_grpc_pb_1.StreamsService, {
            read: count('read', (0, streams_read_1.handleRead)(this.log, this.subscriptions)),
            append: count('append', (0, streams_write_1.handleAppend)(this.log)),
            batchAppend: count('batchAppend', (0, streams_write_1.handleBatchAppend)(this.log, (call) => this.leaderError(call.metadata))),
            delete: count('delete', (0, streams_write_1.handleDelete)(this.log, false)),
            tombstone: count('tombstone', (0, streams_write_1.handleDelete)(this.log, true)),
        });
        server.addService(serverfeatures_grpc_pb_1.ServerFeaturesService, { getSupportedMethods: this.supportedMethods });
        server.addService(gossip_grpc_pb_1.GossipService, { read: this.gossip });
        if (this.options.multiStreamAppend) {
            server.addService(streams_grpc_pb_2.StreamsServiceService, {
                appendSession: count('appendSession', (0, append_session_1.handleAppendSession)(this.log)),
            });
        }
        this.port = await new Promise((resolve, reject) => server.bindAsync(`${this.host}:${port}`, grpc_js_1.ServerCredentials.createInsecure(), (error, bound) => error ? reject(error) : resolve(bound)));
        this.server = server;
        return this.port;
    }
    /** Drops every connection at once, as a crashed server would. The log is kept for listen() or restart(). */
    stop() {
        for (const end of this.subscriptions)
            end();
        this.subscriptions.clear();
        this.server?.forceShutdown();
        this.server = undefined;
    }
    /** A restarted server has forgotten the ids it kept in memory. */
    async restart() {
        this.stop();
        this.log.forgetRecentIds();
        return this.listen(this.port);
    }
    /** Answers an error, and true, when access is denied or this node is a follower and the call requires the leader. */
    refusal(call, callback) {
        const error = this.deniesAccess ? (0, messages_1.accessDenied)() : this.leaderError(call.metadata);
        if (!error)
            return false;
        if (typeof callback === 'function')
            callback(error);
        else
            call.emit('error', error);
        return true;
    }
    /** What a follower answers a call that requires the leader: where the leader is, or, in an election, not ready. */
    leaderError(metadata) {
        if (this.role === 'leader' || metadata.get('requires-leader')[0] !== 'true')
            return undefined;
        const leader = this.peers.find((peer) => peer.role === 'leader' && peer.running);
        return leader ? (0, messages_1.notLeader)(leader.host, leader.port) : (0, messages_1.notReady)();
    }
    /** Gossip.Read: the cluster's members, their state and where to reach them, as discovery reads them. */
    gossip = (call, done) => {
        (0, messages_1.sendHeaders)(call);
        const members = this.peers.map((peer) => new gossip_pb_1.MemberInfo()
            .setInstanceId((0, messages_1.uuidMessage)(peer.instanceId, false))
            .setTimeStamp(String(Date.now() * 10_000))
            .setState(peer.role === 'leader' ? gossip_pb_1.MemberInfo.VNodeState.LEADER : gossip_pb_1.MemberInfo.VNodeState.FOLLOWER)
            .setIsAlive(peer.running)
            .setHttpEndPoint(new gossip_pb_1.EndPoint().setAddress(peer.host).setPort(peer.port)));
        done(null, new gossip_pb_1.ClusterInfo().setMembersList(members));
    };
    supportedMethods = (call, done) => {
        (0, messages_1.sendHeaders)(call);
        const names = [
            'Read',
            'Append',
            'Delete',
            'Tombstone',
            ...(this.options.batchAppend === false ? [] : ['BatchAppend']),
        ];
        const methods = names.map((name) => new serverfeatures_pb_1.SupportedMethod().setServiceName(STREAMS).setMethodName(name));
        const kurrentdb = this.options.multiStreamAppend === true;
        if (kurrentdb)
            methods.push(new serverfeatures_pb_1.SupportedMethod().setServiceName(append_session_1.STREAMS_V2).setMethodName('AppendSession'));
        const version = kurrentdb ? '25.1.0-emulator' : '24.10.0-emulator';
        done(null, new serverfeatures_pb_1.SupportedMethods().setEventStoreServerVersion(version).setMethodsList(methods));
    };
}
exports.EsdbEmulator = EsdbEmulator;
//# sourceMappingURL=emulator.js.map