import type { ProcStat } from './proc-stat';
import { ProcessCpuLedger } from './process-cpu-ledger';

const stat = (pid: number, cpuTicks: number, startTicks = 100, rssPages = 10): ProcStat => ({
  pid,
  comm: 'node',
  ppid: 1,
  cpuTicks,
  startTicks,
  rssPages,
});

describe('ProcessCpuLedger', () => {
  it('books to each group the ticks its processes used since the window opened', () => {
    const ledger = new ProcessCpuLedger(1_000);
    ledger.observe([
      { group: 'order', stat: stat(1, 500) },
      { group: 'postgres', stat: stat(2, 70) },
      { group: 'postgres', stat: stat(3, 30) },
    ]);
    ledger.observe([
      { group: 'order', stat: stat(1, 650) },
      { group: 'postgres', stat: stat(2, 75) },
      { group: 'postgres', stat: stat(3, 40) },
    ]);
    expect(ledger.ticksByGroup()).toEqual(
      new Map([
        ['order', 150],
        ['postgres', 15],
      ]),
    );
  });

  it('counts a process started inside the window from zero, one started before from its first sample', () => {
    const ledger = new ProcessCpuLedger(1_000);
    ledger.observe([{ group: 'postgres', stat: stat(2, 50, 900) }]);
    ledger.observe([
      { group: 'postgres', stat: stat(2, 60, 900) },
      { group: 'postgres', stat: stat(7, 4, 1_200) },
    ]);
    ledger.observe([{ group: 'postgres', stat: stat(7, 9, 1_200) }]);
    expect(ledger.ticksByGroup().get('postgres')).toBe(10 + 9);
  });

  it('keeps what an ended process used up to its last sample, and tells a reused pid apart', () => {
    const ledger = new ProcessCpuLedger(1_000);
    ledger.observe([{ group: 'order', stat: stat(5, 100, 900) }]);
    ledger.observe([{ group: 'order', stat: stat(5, 120, 900) }]);
    ledger.observe([{ group: 'order', stat: stat(5, 3, 2_000) }]);
    expect(ledger.ticksByGroup().get('order')).toBe(20 + 3);
  });

  it('keeps the peak resident set of each group, its processes summed within one sample', () => {
    const ledger = new ProcessCpuLedger(1_000);
    ledger.observe([
      { group: 'payment', stat: stat(1, 0, 100, 30) },
      { group: 'payment', stat: stat(2, 0, 100, 20) },
    ]);
    ledger.observe([{ group: 'payment', stat: stat(1, 0, 100, 40) }]);
    expect(ledger.peakRssPagesByGroup()).toEqual(new Map([['payment', 50]]));
  });
});
