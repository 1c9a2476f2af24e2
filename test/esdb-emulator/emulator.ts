import { Server, ServerCredentials, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { EmulatorLog, LogOptions } from './emulator-log';
import { sendHeaders } from './messages';
import { handleRead, OpenCalls } from './streams-read';
import { handleAppend, handleBatchAppend, handleDelete } from './streams-write';

export interface EmulatorOptions extends LogOptions {
  /** Advertise Streams.BatchAppend in ServerFeatures, as real servers do (default true); false makes the client use Append. */
  batchAppend?: boolean;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
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
  readonly calls = { read: 0, append: 0, batchAppend: 0, delete: 0, tombstone: 0 };
  port = 0;
  private server?: Server;
  private readonly subscriptions: OpenCalls = new Set();

  constructor(private readonly options: EmulatorOptions = {}) {
    this.log = new EmulatorLog(options);
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
      <A extends unknown[]>(method: keyof EsdbEmulator['calls'], handler: (...args: A) => void) =>
      (...args: A) => {
        this.calls[method]++;
        handler(...args);
      };
    server.addService(StreamsService, {
      read: count('read', handleRead(this.log, this.subscriptions)),
      append: count('append', handleAppend(this.log)),
      batchAppend: count('batchAppend', handleBatchAppend(this.log)),
      delete: count('delete', handleDelete(this.log, false)),
      tombstone: count('tombstone', handleDelete(this.log, true)),
    });
    server.addService(ServerFeaturesService, { getSupportedMethods: this.supportedMethods });
    const host = this.options.host ?? '127.0.0.1';
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
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

  async restart(): Promise<number> {
    this.stop();
    return this.listen(this.port);
  }

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
    done(null, new SupportedMethods().setEventStoreServerVersion('24.10.0-emulator').setMethodsList(methods));
  };
}
