import type { EndPoint } from '@kurrent/kurrentdb-client';
import { EsdbCluster } from '../cluster';
import { EsdbEmulator } from '../emulator';

/** The options of the official tests' connection strings that the emulator can honour (no TLS, no users). */
interface ConnectionFeatures {
  nodePreference?: string;
  maxDiscoverAttempts?: number;
  discoveryInterval?: number;
  endpoints?: EndPoint[];
  throwOnAppendFailure?: boolean;
  defaultDeadline?: number;
  connectionName?: string;
}

/**
 * The official client tests' `Cluster` (a Docker compose project of one or more nodes), played by the emulator: one
 * node or an emulated 3-node cluster, insecure whatever the test asked (the emulator has no TLS and no users).
 */
export class EmulatedCluster {
  domain = '127.0.0.1';
  private single?: EsdbEmulator;
  private cluster?: EsdbCluster;
  private readonly options: { maxAppendSize?: number } = {};

  constructor(private readonly count: number) {}

  setOption = (key: string, value: unknown): this => {
    if (/MAX_APPEND_SIZE$/.test(key)) this.options.maxAppendSize = Number(value);
    return this;
  };

  setLogLevel = (): this => this;

  get nodes(): EsdbEmulator[] {
    return this.cluster?.nodes ?? (this.single ? [this.single] : []);
  }

  get uri(): string {
    return `${this.domain}:${this.nodes[0].port}`;
  }

  get endpoints(): EndPoint[] {
    return this.nodes.map((node) => ({ address: this.domain, port: node.port }));
  }

  up = async (): Promise<void> => {
    if (this.count === 1) this.single = await EsdbEmulator.start(this.options);
    else this.cluster = await EsdbCluster.start(this.options);
  };

  down = async (): Promise<void> => {
    this.single?.stop();
    this.cluster?.stop();
  };

  killNode = async ({ port }: EndPoint): Promise<void> => {
    const node = this.nodes.find((n) => n.port === port)!;
    node.stop();
    if (this.cluster && node.role === 'leader') await this.cluster.elect();
  };

  resurrect = async (): Promise<void> => {
    for (const node of this.nodes) if (!node.running) await node.listen();
  };

  connectionString = (): string => this.connectionStringWithOverrides({});

  connectionStringWithOverrides = (features: ConnectionFeatures): string => {
    const hosts = (features.endpoints ?? this.endpoints).map((e) => `${e.address}:${e.port}`).join(',');
    const params = ['tls=false'];
    if (features.nodePreference) params.push(`nodePreference=${features.nodePreference}`);
    if (features.maxDiscoverAttempts) params.push(`maxDiscoverAttempts=${features.maxDiscoverAttempts}`);
    if (features.discoveryInterval) params.push(`discoveryInterval=${features.discoveryInterval}`);
    if (features.throwOnAppendFailure === false) params.push('throwOnAppendFailure=false');
    if (features.defaultDeadline) params.push(`defaultDeadline=${features.defaultDeadline}`);
    if (features.connectionName) params.push(`connectionName=${features.connectionName}`);
    return `kurrentdb://admin:changeit@${hosts}?${params.join('&')}`;
  };

  enableNodeLogs = async (): Promise<void> => undefined;
  inspect = async (): Promise<void> => undefined;
  openInBrowser = async (): Promise<void> => undefined;
}
