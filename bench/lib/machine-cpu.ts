import { readFileSync } from 'node:fs';

/**
 * Clock ticks all CPUs spent busy, from the `cpu` line of /proc/stat: everything but idle and
 * iowait (guest time is already inside user time, so it is not added again).
 */
export function busyTicks(procStat: string): number {
  const line = procStat.split('\n').find((candidate) => candidate.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + (steal || 0);
}

/** The machine's busy ticks now: whoever used them, the platform, the bench or anything else. */
export function readBusyTicks(): number {
  return busyTicks(readFileSync('/proc/stat', 'utf8'));
}
