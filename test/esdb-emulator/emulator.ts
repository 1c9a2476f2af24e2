import { Metadata, Server, ServerCredentials, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { randomUUID } from 'node:crypto';
import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import { handleAppendSession, STREAMS_V2 } from './append-session';
import { EmulatorLog, LogOptions } from './emulator-log';
import { accessDenied, notLeader, notReady, sendHeaders, TrailerError, uuidMessage } from './messages';
import { handleRead, OpenCalls } from './streams-read';
import { handleAppend, handleBatchAppend, handleDelete } from './streams-write';

export interface EmulatorOptions extends LogOptions {
  /** Advertise Streams.BatchAppend in ServerFeatures, as real servers do (default true); false makes the client use Append. */
  batchAppend?: boolean;
  /** Serve KurrentDB 25.1's atomic append across streams (AppendSession), and say so in ServerFeatures (default false). */
  multiStreamAppend?: boolean;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** A log of its own by default; the nodes of an emulated cluster share one (replication is instant). */
  log?: EmulatorLog;
}

/** A call as the handlers get it: its metadata, and how to answer it with an error. */
interface AnyCall {
  metadata: Metadata;
  request?: unknown;
  emit(event: 'error', error: TrailerError): unknown;
}

const STREAMS = 'event_store.client.streams.Streams';

/**
 * An in-process gRPC server speaking the part of EventStoreDB's public protocol that @eventstore/db-client uses,
 * built on the service definitions the client ships. The log lives in memory and survives stop()/restart(), so a
 * test can take the server away under a connected client and bring it back.
 */
export class EsdbEmulator {
  readonly log: EmulatorLog;
  /** Calls received per method, so tests can tell which path the client took. */
  readonly calls = { read: 0, append: 0, batchAppend: 0, delete: 0, tombstone: 0, appendSession: 0 };
  port = 0;
  /** A follower answers NotLeader to a call that requires the leader; any other call it serves. */
  role: 'leader' | 'follower' = 'leader';
  /** The cluster's nodes, this one among them, as Gossip lists them. */
  peers: EsdbEmulator[] = [this];
  /** Refuses every call as access-denied, as a server does to credentials it does not accept. */
  deniesAccess = false;
  /** Reads this returns true for are accepted and never answered, as by a server that hangs. */
  hangs: (request: ReadReq, metadata: Metadata) => boolean = () => false;
  /** Appends that came while appends were held, served once they no longer are. */
  private readonly held: Array<() => void> = [];
  private holding = false;
  readonly instanceId = randomUUID();
  private server?: Server;
  private readonly subscriptions: OpenCalls = new Set();

  constructor(private readonly options: EmulatorOptions = {}) {
    this.log = options.log ?? new EmulatorLog(options);
  }

  /**
   * While true, appends (and a BatchAppend stream opened meanwhile) are accepted and not served; set back to false,
   * what was held is served then, its answers going to whichever client still listens.
   */
  get holdsAppends(): boolean {
    return this.holding;
  }

  set holdsAppends(hold: boolean) {
    this.holding = hold;
    if (!hold) for (const serve of this.held.splice(0)) serve();
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  static async start(options: EmulatorOptions & { port?: number } = {}): Promise<EsdbEmulator> {
    const emulator = new EsdbEmulator(options);
    await emulator.listen(options.port ?? 0);
    return emulator;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Starts serving on `port` (0: any free port; default: the port it had before). */
  async listen(port = this.port): Promise<number> {
    const server = new Server();
    const count =
      <C extends AnyCall, R extends unknown[]>(
        method: keyof EsdbEmulator['calls'],
        handler: (call: C, ...rest: R) => void,
      ) =>
      (call: C, ...rest: R) => {
        this.calls[method]++;
        if (this.refusal(call, rest[0])) return;
        if (method === 'read' && this.hangs(call.request as ReadReq, call.metadata)) return;
        if ((method === 'append' || method === 'batchAppend') && this.holding) {
          return void this.held.push(() => handler(call, ...rest));
        }
        handler(call, ...rest);
      };
    server.addService(StreamsService, {
      read: count('read', handleRead(this.log, this.subscriptions)),
      append: count('append', handleAppend(this.log)),
      batchAppend: count(
        'batchAppend',
        handleBatchAppend(this.log, (call) => this.leaderError(call.metadata)),
      ),
      delete: count('delete', handleDelete(this.log, false)),
      tombstone: count('tombstone', handleDelete(this.log, true)),
    });
    server.addService(ServerFeaturesService, { getSupportedMethods: this.supportedMethods });
    server.addService(GossipService, { read: this.gossip });
    if (this.options.multiStreamAppend) {
      server.addService(StreamsServiceService, {
        appendSession: count('appendSession', handleAppendSession(this.log)),
      });
    }
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.host}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
    return this.port;
  }

  /** Drops every connection at once, as a crashed server would. The log is kept for listen() or restart(). */
  stop(): void {
    for (const end of this.subscriptions) end();
    this.subscriptions.clear();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** A restarted server has forgotten the ids it kept in memory. */
  async restart(): Promise<number> {
    this.stop();
    this.log.forgetRecentIds();
    return this.listen(this.port);
  }

  /** Answers an error, and true, when access is denied or this node is a follower and the call requires the leader. */
  private refusal(call: AnyCall, callback: unknown): boolean {
    const error = this.deniesAccess ? accessDenied() : this.leaderError(call.metadata);
    if (!error) return false;
    if (typeof callback === 'function') (callback as sendUnaryData<never>)(error);
    else call.emit('error', error);
    return true;
  }

  /** What a follower answers a call that requires the leader: where the leader is, or, in an election, not ready. */
  private leaderError(metadata: Metadata): TrailerError | undefined {
    if (this.role === 'leader' || metadata.get('requires-leader')[0] !== 'true') return undefined;
    const leader = this.peers.find((peer) => peer.role === 'leader' && peer.running);
    return leader ? notLeader(leader.host, leader.port) : notReady();
  }

  /** Gossip.Read: the cluster's members, their state and where to reach them, as discovery reads them. */
  private readonly gossip = (call: ServerUnaryCall<Empty, ClusterInfo>, done: sendUnaryData<ClusterInfo>) => {
    sendHeaders(call);
    const members = this.peers.map((peer) =>
      new MemberInfo()
        .setInstanceId(uuidMessage(peer.instanceId, false))
        .setTimeStamp(String(Date.now() * 10_000))
        .setState(peer.role === 'leader' ? MemberInfo.VNodeState.LEADER : MemberInfo.VNodeState.FOLLOWER)
        .setIsAlive(peer.running)
        .setHttpEndPoint(new EndPoint().setAddress(peer.host).setPort(peer.port)),
    );
    done(null, new ClusterInfo().setMembersList(members));
  };

  private readonly supportedMethods = (
    call: ServerUnaryCall<Empty, SupportedMethods>,
    done: sendUnaryData<SupportedMethods>,
  ) => {
    sendHeaders(call);
    const names = [
      'Read',
      'Append',
      'Delete',
      'Tombstone',
      ...(this.options.batchAppend === false ? [] : ['BatchAppend']),
    ];
    const methods = names.map((name) => new SupportedMethod().setServiceName(STREAMS).setMethodName(name));
    const kurrentdb = this.options.multiStreamAppend === true;
    if (kurrentdb) methods.push(new SupportedMethod().setServiceName(STREAMS_V2).setMethodName('AppendSession'));
    const version = kurrentdb ? '25.1.0-emulator' : '24.10.0-emulator';
    done(null, new SupportedMethods().setEventStoreServerVersion(version).setMethodsList(methods));
  };
}
