import type { ProcStat } from './proc-stat';

/** One process seen in a sample, and the group its CPU is booked to (an app, nats-server, …). */
export interface GroupedProcess {
  group: string;
  stat: ProcStat;
}

interface Booked {
  group: string;
  /** Ticks already used when the ledger opened (zero for a process started since). */
  baseTicks: number;
  lastTicks: number;
}

/**
 * CPU and peak memory per group of processes over a window, from repeated /proc samples. A
 * process is known by pid and start time, so a reused pid is a new process. One that started
 * after the window opened counts from zero; one that ended between two samples keeps what the
 * last sample saw (the CPU it used after that is lost, hence frequent samples).
 */
export class ProcessCpuLedger {
  private readonly booked = new Map<string, Booked>();
  private readonly peakRss = new Map<string, number>();

  /** @param openedAtTicks clock ticks since boot when the window opened (`uptimeTicks()`) */
  constructor(private readonly openedAtTicks: number) {}

  observe(processes: readonly GroupedProcess[]): void {
    const rssByGroup = new Map<string, number>();
    for (const { group, stat } of processes) {
      const key = `${stat.pid}@${stat.startTicks}`;
      const known = this.booked.get(key);
      if (known) known.lastTicks = stat.cpuTicks;
      else {
        const startedInside = stat.startTicks >= this.openedAtTicks;
        this.booked.set(key, {
          group,
          baseTicks: startedInside ? 0 : stat.cpuTicks,
          lastTicks: stat.cpuTicks,
        });
      }
      rssByGroup.set(group, (rssByGroup.get(group) ?? 0) + stat.rssPages);
    }
    for (const [group, pages] of rssByGroup) {
      this.peakRss.set(group, Math.max(pages, this.peakRss.get(group) ?? 0));
    }
  }

  /** Clock ticks each group used in the window. */
  ticksByGroup(): Map<string, number> {
    const ticks = new Map<string, number>();
    for (const { group, baseTicks, lastTicks } of this.booked.values()) {
      ticks.set(group, (ticks.get(group) ?? 0) + lastTicks - baseTicks);
    }
    return ticks;
  }

  /** The largest resident set each group had in one sample (its processes summed), in pages. */
  peakRssPagesByGroup(): Map<string, number> {
    return new Map(this.peakRss);
  }
}
