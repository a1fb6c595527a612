import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

/** The inodes of the sockets listening on `port` in a `/proc/net/tcp` or `/proc/net/tcp6` table. */
export function listeningSocketInodes(table: string, port: number): Set<string> {
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [, localAddress, , state, , , , , , inode] = fields;
    const localPort = parseInt(localAddress.slice(localAddress.lastIndexOf(':') + 1), 16);
    if (state === LISTEN && localPort === port) inodes.add(inode);
  }
  return inodes;
}

/** Of `pids`, those holding a socket that listens on `port` on this machine. */
export function pidsListeningOn(port: number, pids: readonly number[]): number[] {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const inode of listeningSocketInodes(readIfPresent(table), port)) inodes.add(inode);
  }
  if (inodes.size === 0) return [];
  return pids.filter((pid) => socketInodesOf(pid).some((inode) => inodes.has(inode)));
}

function socketInodesOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      const target = readLinkIfPresent(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      return match ? [match[1]] : [];
    });
  } catch {
    return []; // ended, or not ours to look into
  }
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readLinkIfPresent(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
