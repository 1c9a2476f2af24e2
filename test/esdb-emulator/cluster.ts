import { EmulatorOptions, EsdbEmulator } from './emulator';
import { EmulatorLog } from './emulator-log';

/**
 * Three emulated nodes sharing one log, as a cluster whose replication is instant: one leader, two followers, Gossip
 * on each. A follower answers NotLeader (with the leader's address) to a call that requires the leader, and serves
 * the others. Elections happen on demand.
 */
export class EsdbCluster {
  readonly log: EmulatorLog;
  readonly nodes: EsdbEmulator[];

  private constructor(options: EmulatorOptions) {
    this.log = new EmulatorLog(options);
    this.nodes = [0, 1, 2].map(() => new EsdbEmulator({ ...options, log: this.log }));
    for (const [i, node] of this.nodes.entries()) {
      node.peers = this.nodes;
      node.role = i === 0 ? 'leader' : 'follower';
    }
  }

  static async start(options: EmulatorOptions = {}): Promise<EsdbCluster> {
    const cluster = new EsdbCluster(options);
    for (const node of cluster.nodes) await node.listen(0);
    return cluster;
  }

  /** Discovery through the gossip of all three seeds, preferring the leader, as docker-compose.yml connects. */
  get connectionString(): string {
    const seeds = this.nodes.map((node) => `${node.host}:${node.port}`).join(',');
    return `esdb+discover://${seeds}?tls=false&nodePreference=leader&discoveryInterval=50&maxDiscoverAttempts=20`;
  }

  get leader(): EsdbEmulator {
    return this.nodes.find((node) => node.role === 'leader')!;
  }

  /**
   * Leadership moves to the next node. `crash`: the old leader goes down first (every connection to it drops) and
   * comes back as a follower after `downMs`; otherwise it steps down in place, and clients still connected to it learn
   * of the change from a NotLeader answer. Either way the new leader starts with an empty recent-id cache.
   */
  async elect({ crash = false, downMs = 100 } = {}): Promise<EsdbEmulator> {
    const old = this.leader;
    const next = this.nodes[(this.nodes.indexOf(old) + 1) % this.nodes.length];
    old.role = 'follower';
    if (crash) old.stop();
    this.log.forgetRecentIds();
    next.role = 'leader';
    if (crash) {
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await old.listen();
    }
    return next;
  }

  stop(): void {
    for (const node of this.nodes) node.stop();
  }
}
