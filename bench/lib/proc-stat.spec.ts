import { parseProcStat, readProcStat } from './proc-stat';

// A real line of a node process, its name changed to hold spaces and parentheses.
const LINE =
  '4242 (node (x) y) S 4200 4242 10608 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 11 0 788615 1187876864 30720 ' +
  '18446744073709551615 94012752670720 94012752690601 140722566215072 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0';

describe('parseProcStat', () => {
  it('reads pid, name, parent, CPU ticks (user + system), start time and RSS pages', () => {
    expect(parseProcStat(LINE)).toEqual({
      pid: 4242,
      comm: 'node (x) y',
      ppid: 4200,
      cpuTicks: 1234 + 567,
      startTicks: 788615,
      rssPages: 30720,
    });
  });

  it('refuses a line that is not a stat line, or a cut one', () => {
    expect(() => parseProcStat('hello')).toThrow('not a /proc/<pid>/stat line');
    expect(() => parseProcStat('1 (init) S 0 1 1')).toThrow('too few fields');
  });

  it('reads this very process', () => {
    const self = readProcStat(process.pid);
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(self?.rssPages).toBeGreaterThan(0);
  });

  it('gives undefined for a process that does not exist', () => {
    expect(readProcStat(2 ** 30)).toBeUndefined();
  });
});
