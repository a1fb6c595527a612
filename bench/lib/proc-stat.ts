import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** USER_HZ: the unit of the CPU times in /proc (100 on every Linux the bench runs on). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** What the bench reads of one process in `/proc/<pid>/stat` (proc(5)). */
export interface ProcStat {
  pid: number;
  /** The executable's name, at most 15 characters (`node`, `nats-server`, `postgres`). */
  comm: string;
  ppid: number;
  /** User + system CPU time, in clock ticks. */
  cpuTicks: number;
  /** When the process started, in clock ticks since boot: with the pid, tells a reused pid apart. */
  startTicks: number;
  /** Resident set size, in pages. */
  rssPages: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. The name sits in parentheses and may itself hold spaces
 * and parentheses, so the fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // fields[0] is field 3 of proc(5) (state)
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  if (fields.length < 22)
    throw new Error(`a /proc/<pid>/stat line with too few fields: ${text.slice(0, 80)}`);
  const field = (number: number) => Number(fields[number - 3]);
  return {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    cpuTicks: field(14) + field(15),
    startTicks: field(22),
    rssPages: field(24),
  };
}

/** The process's stat, or undefined when it has ended (or never was). */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The process's arguments (`/proc/<pid>/cmdline`), or undefined when it has ended. */
export function readCommandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Every process id in /proc now. */
export function listProcessIds(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Clock ticks since boot, the clock of `startTicks`. */
export function uptimeTicks(): number {
  return Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * CLOCK_TICKS_PER_SECOND);
}

let pageSize: number | undefined;

/** Bytes per page, for `rssPages`. */
export function pageSizeBytes(): number {
  pageSize ??= Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());
  return pageSize;
}

/** User + system clock ticks of each process that still runs. */
export function ticksByPid(pids: ReadonlyArray<number | undefined>): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const stat = pid === undefined ? undefined : readProcStat(pid);
    if (stat) ticks.set(stat.pid, stat.cpuTicks);
  }
  return ticks;
}

/** The ticks the processes used since `before`; a process started since counts from zero. */
export function ticksSince(
  before: ReadonlyMap<number, number>,
  pids: ReadonlyArray<number | undefined>,
): number {
  let ticks = 0;
  for (const [pid, now] of ticksByPid(pids)) ticks += now - (before.get(pid) ?? 0);
  return ticks;
}
