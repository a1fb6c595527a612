import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from './eventually';
import { freePort, waitForPort } from './free-port';

/** A JetStream cluster of nats-servers on loopback that a test may stop, kill and start node by node. */
export interface TestNatsCluster {
  /** The client URLs of every node, comma-separated (as `NATS_URL` takes them). */
  url: string;
  /** Each node's client URL, by index. */
  urls: string[];
  size: number;
  /** The node's process id (undefined while it is down). */
  pid(index: number): number | undefined;
  /** Whether the node is running. */
  running(index: number): boolean;
  /** Stops the node gracefully (SIGTERM); its store stays, so `start` brings its streams back. */
  stop(index: number): Promise<void>;
  /** Kills the node outright (SIGKILL), as a crash or a lost machine would. */
  kill(index: number): Promise<void>;
  /** Starts a stopped node on the same ports and store; resolves once it sees a meta leader again. */
  start(index: number): Promise<void>;
  /** Stops every node and deletes the stores. */
  dispose(): Promise<void>;
}

export interface NatsClusterOptions {
  /** Three by default: the smallest cluster that keeps a JetStream quorum with one node down. */
  size?: number;
  /** How long to wait for the nodes to elect a JetStream meta leader. */
  leaderTimeoutMs?: number;
}

interface NodePorts {
  client: number;
  cluster: number;
  monitor: number;
}

const CLUSTER_NAME = 'saga-test';

/**
 * Starts a JetStream cluster on loopback: each node its own free client, route and monitoring
 * ports, its own temporary store, and routes to every node. Resolves once every node reports a
 * JetStream meta leader, so streams with replicas can be created straight away.
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<TestNatsCluster> {
  const size = options.size ?? 3;
  const leaderTimeoutMs = options.leaderTimeoutMs ?? 30_000;
  const ports: NodePorts[] = [];
  for (let index = 0; index < size; index++) {
    ports.push({ client: await freePort(), cluster: await freePort(), monitor: await freePort() });
  }
  const storeRoot = mkdtempSync(join(tmpdir(), 'saga-nats-cluster-'));
  const routes = ports.map((node) => `nats-route://127.0.0.1:${node.cluster}`).join(',');
  const children: Array<ChildProcess | undefined> = ports.map(() => undefined);

  const isRunning = (index: number): boolean => {
    const child = children[index];
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };

  const launch = async (index: number): Promise<void> => {
    const node = ports[index];
    const args = [
      '-a',
      '127.0.0.1',
      '-p',
      String(node.client),
      '-m',
      String(node.monitor),
      '--server_name',
      `n${index + 1}`,
      '--cluster_name',
      CLUSTER_NAME,
      '--cluster',
      `nats://127.0.0.1:${node.cluster}`,
      '--routes',
      routes,
      '-js',
      '-sd',
      join(storeRoot, `n${index + 1}`),
    ];
    children[index] = spawn('nats-server', args, { stdio: 'ignore' });
    await waitForPort(node.client);
  };

  const halt = async (index: number, signal: NodeJS.Signals): Promise<void> => {
    const child = children[index];
    if (!child || !isRunning(index)) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    children[index] = undefined;
  };

  const haltAll = () => Promise.all(ports.map((_, index) => halt(index, 'SIGTERM')));

  const awaitMetaLeader = (indexes: number[]) =>
    pollUntil(
      async () => {
        const leaders = await Promise.all(indexes.map((index) => metaLeader(ports[index].monitor)));
        return leaders.every((leader) => leader !== undefined);
      },
      { timeoutMs: leaderTimeoutMs, intervalMs: 100 },
      'the NATS cluster to elect a JetStream meta leader',
    );

  const all = ports.map((_, index) => index);
  try {
    await Promise.all(all.map(launch));
    await awaitMetaLeader(all);
  } catch (error) {
    await haltAll();
    rmSync(storeRoot, { recursive: true, force: true });
    throw error;
  }

  const checkIndex = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= size)
      throw new RangeError(`no node ${index} in a cluster of ${size}`);
  };
  const urls = ports.map((node) => `nats://127.0.0.1:${node.client}`);
  return {
    url: urls.join(','),
    urls,
    size,
    pid: (index) => (isRunning(index) ? children[index]?.pid : undefined),
    running: (index) => isRunning(index),
    stop: async (index) => {
      checkIndex(index);
      await halt(index, 'SIGTERM');
    },
    kill: async (index) => {
      checkIndex(index);
      await halt(index, 'SIGKILL');
    },
    start: async (index) => {
      checkIndex(index);
      if (isRunning(index)) return;
      await launch(index);
      await awaitMetaLeader([index]);
    },
    dispose: async () => {
      await haltAll();
      rmSync(storeRoot, { recursive: true, force: true });
    },
  };
}

/** The meta leader's name as this node sees it (from its monitoring `/jsz`), if it sees one. */
async function metaLeader(monitorPort: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${monitorPort}/jsz`);
    if (!response.ok) return undefined;
    const jsz = (await response.json()) as { meta_cluster?: { leader?: string } };
    const leader = jsz.meta_cluster?.leader;
    return leader !== undefined && leader !== '' ? leader : undefined;
  } catch {
    return undefined;
  }
}
