import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { parse } from 'yaml';
import { loadConfig } from '../../config/config';

/**
 * No Docker engine runs where the tests do: this checks docker-compose.yml and the Dockerfile for what a mistake
 * would break at `docker compose up` (names, profiles, volumes, ports, configuration Chancery would refuse).
 */
const root = join(__dirname, '..', '..', '..');

interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string }>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  networks: Record<string, { ipam?: { config: { subnet: string }[] } }>;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const { services } = compose;
const inProfile = (profile?: string) =>
  Object.entries(services).filter(([, s]) => (profile ? s.profiles?.includes(profile) : !s.profiles));
const chanceries = (profile?: string) => inProfile(profile).filter(([, s]) => s.build === '.');
const isServer = (image = '') => /^(eventstore\/eventstore|kurrentplatform\/kurrentdb):/.test(image);
const nodes = (profile?: string) => inProfile(profile).filter(([, s]) => isServer(s.image));
/** The environment Chancery gets in its container: compose's `${VAR:-default}` / `${VAR:?error}` filled in. */
function containerEnv(service: Service): Record<string, string> {
  const shell: Record<string, string> = { API_TOKENS: 'admin:0123456789abcdef0123' };
  const fill = (value: string) =>
    value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, text = '') => {
      if (shell[name] !== undefined) return shell[name];
      if (kind === '?') throw new Error(text);
      return kind === '-' ? text : '';
    });
  const filled = Object.entries(service.environment ?? {}).map(([key, value]) => [key, fill(String(value))]);
  return { NODE_ENV: 'production', ...Object.fromEntries(filled) }; // NODE_ENV: the Dockerfile's
}

describe('docker-compose.yml', () => {
  it('runs by default one insecure EventStoreDB node with a named volume, and Chancery built from the Dockerfile on it', () => {
    expect(nodes().map(([name]) => name)).toEqual(['eventstore']);
    const [[, node]] = nodes();
    expect(node.environment).toMatchObject({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_CLUSTER_SIZE: '1' });
    expect(node.volumes).toEqual(['eventstore-data:/var/lib/eventstore']);

    const [[name, chancery], ...others] = chanceries();
    expect(others).toEqual([]);
    expect(name).toBe('chancery');
    expect(chancery.depends_on).toEqual({ eventstore: { condition: 'service_healthy' } });
    const config = loadConfig(containerEnv(chancery));
    expect(config).toMatchObject({
      eventStore: 'eventstoredb',
      eventStoreConnectionString: 'esdb://eventstore:2113?tls=false',
    });
  });

  it('has a cluster profile: three nodes seeding each other, two Chancery instances discovering them', () => {
    const cluster = nodes('cluster');
    expect(cluster).toHaveLength(3);
    const ips = cluster.map(([, s]) => s.environment!.EVENTSTORE_REPLICATION_IP);
    const subnet = compose.networks['esdb-cluster'].ipam!.config[0].subnet.replace(/\.0\/24$/, '.');
    for (const [name, node] of cluster) {
      const e = node.environment!;
      expect(e).toMatchObject({
        EVENTSTORE_CLUSTER_SIZE: '3',
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_DISCOVER_VIA_DNS: 'false',
      });
      expect(e.EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS).toBe(name);
      expect(e.EVENTSTORE_REPLICATION_IP.startsWith(subnet)).toBe(true);
      expect((node.networks as Record<string, { ipv4_address: string }>)['esdb-cluster'].ipv4_address).toBe(
        e.EVENTSTORE_REPLICATION_IP,
      );
      // Seeds: the two other nodes.
      const seeds = e.EVENTSTORE_GOSSIP_SEED.split(',').map((seed) => seed.replace(/:2113$/, ''));
      expect(seeds.sort()).toEqual(ips.filter((ip) => ip !== e.EVENTSTORE_REPLICATION_IP).sort());
    }

    const instances = chanceries('cluster');
    expect(instances).toHaveLength(2);
    for (const [, chancery] of instances) {
      const config = loadConfig(containerEnv(chancery));
      expect(() => EventStoreDBClient.connectionString(config.eventStoreConnectionString!)).not.toThrow();
      const hosts = /^esdb\+discover:\/\/([^?]+)\?/.exec(config.eventStoreConnectionString!)![1].split(',');
      expect(hosts.map((host) => host.replace(/:2113$/, ''))).toEqual(cluster.map(([name]) => name));
      expect(Object.keys(chancery.depends_on!)).toEqual(cluster.map(([name]) => name));
    }
    // Each instance keeps its own read store.
    expect(new Set(instances.map(([, s]) => s.volumes![0].split(':')[0])).size).toBe(2);
  });

  it('pins every server to a patch release, and counts one ready only once its gossip names a leader', () => {
    const servers = Object.values(services).filter((s) => isServer(s.image));
    expect(servers).toHaveLength(5);
    for (const node of servers) {
      expect(node.image).toMatch(/:\d+\.\d+\.\d+(-\w+)?$/);
      // The readiness check: a shell command that fails unless /gossip lists a member in state Leader.
      const [kind, command] = node.healthcheck!.test;
      expect(kind).toBe('CMD-SHELL');
      expect(command).toMatch(/^curl -fsS http:\/\/localhost:2113\/gossip \| grep -Eq '(.+)'$/);
      const pattern = new RegExp(/'(.+)'$/.exec(command)![1]);
      expect(pattern.test(JSON.stringify({ members: [{ state: 'Follower' }, { state: 'Leader' }] }, null, 1))).toBe(
        true,
      );
      expect(pattern.test('{"members":[{"state":"Leader"}]}')).toBe(true);
      expect(pattern.test('{"members":[{"state":"Follower"},{"state":"Unknown"}]}')).toBe(false);
    }
  });

  it('sets no deprecated server option (EVENTSTORE_HTTP_PORT, deprecated since 23.10)', () => {
    const keys = Object.values(services).flatMap((s) => Object.keys(s.environment ?? {}));
    expect(keys.filter((key) => /_HTTP_PORT$/.test(key))).toEqual([]);
  });

  it('has a kurrentdb profile: one KurrentDB node, and Chancery on it through the KurrentDB client', () => {
    const [[, node], ...others] = nodes('kurrentdb');
    expect(others).toEqual([]);
    expect(node.image).toMatch(/^kurrentplatform\/kurrentdb:25\./);
    expect(node.environment).toMatchObject({ KURRENTDB_INSECURE: 'true', KURRENTDB_CLUSTER_SIZE: '1' });
    const [[name, chancery]] = chanceries('kurrentdb');
    expect(name).toBe('chancery-kurrentdb');
    expect(loadConfig(containerEnv(chancery))).toMatchObject({
      eventStore: 'kurrentdb',
      eventStoreConnectionString: 'kurrentdb://kurrentdb:2113?tls=false',
    });
    expect(chancery.depends_on).toEqual({ kurrentdb: { condition: 'service_healthy' } });
  });

  it('declares every named volume it mounts, gives each service its own, and publishes no host port twice', () => {
    const mounted = Object.values(services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0]));
    expect(mounted.sort()).toEqual(Object.keys(compose.volumes).sort());
    expect(new Set(mounted).size).toBe(mounted.length);
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':')[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('only depends on services of its own profiles', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect({ name, dependency, profiles: services[dependency]?.profiles }).toEqual({
          name,
          dependency,
          profiles: service.profiles,
        });
      }
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs the compiled service, its heap bounded, as a non-root user in another', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/RUN npm ci/);
    expect(stages[0]).toMatch(/npm run build/);
    expect(stages[1]).toMatch(/^USER node$/m);
    expect(stages[1]).toMatch(/^CMD \["node", "--max-old-space-size=1024", "dist\/main\.js"\]$/m);
    expect(stages[1]).toMatch(/^HEALTHCHECK /m);
  });

  it('leaves the test code, the EventStoreDB emulator among it, out of the build and the image', () => {
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include).toEqual(['src']);
    expect(existsSync(join(root, 'test', 'esdb-emulator', 'emulator.ts'))).toBe(true);
    expect(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n')).toContain('test');
  });
});
