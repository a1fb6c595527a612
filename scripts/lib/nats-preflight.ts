import { DEFAULT_NATS_URL } from '@app/config';
import { displayUrl } from './display-url';
import { canConnect } from './tcp';

export interface NatsAddress {
  host: string;
  port: number;
}

export type NatsPlan =
  { action: 'use' } | { action: 'start-local'; address: NatsAddress } | { action: 'fail'; message: string };

/** Where a `nats://host:port` server URL points (4222 when the port is left out). */
export function natsAddress(url: string): NatsAddress {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : 4222,
  };
}

/** Whether any of the servers accepts connections (one is enough for a cluster). */
export async function isAnyNatsReachable(servers: readonly string[], timeoutMs = 1000): Promise<boolean> {
  const answers = await Promise.all(
    servers.map((url) => {
      const { host, port } = natsAddress(url);
      return canConnect(host, port, timeoutMs);
    }),
  );
  return answers.includes(true);
}

/**
 * What `npm start` does about NATS: use a reachable server, start a local one when the default
 * URL has nobody listening, or stop with one line saying how to get one.
 */
export function planNats(
  servers: readonly string[],
  reachable: boolean,
  natsServerPath: string | undefined,
): NatsPlan {
  if (reachable) return { action: 'use' };
  const isDefault = servers.length === 1 && servers[0] === DEFAULT_NATS_URL;
  const shown = servers.map(displayUrl).join(',');
  if (!isDefault) {
    const { host, port } = natsAddress(servers[0]);
    return {
      action: 'fail',
      message: `NATS is not reachable at ${shown}: start it with: nats-server -a ${host} -p ${port} -js -sd .data/nats`,
    };
  }
  if (!natsServerPath) {
    return {
      action: 'fail',
      message: `NATS is not reachable at ${shown} and nats-server is not on PATH: install nats-server (https://docs.nats.io/running-a-nats-service/introduction/installation) or set NATS_URL`,
    };
  }
  return { action: 'start-local', address: natsAddress(DEFAULT_NATS_URL) };
}
