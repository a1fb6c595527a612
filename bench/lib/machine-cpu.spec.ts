import { busyTicks, readBusyTicks } from './machine-cpu';

describe('busyTicks', () => {
  it('adds user, nice, system, irq, softirq and steal; leaves idle, iowait and guest out', () => {
    const stat = 'cpu  67730 5 22123 1496025 781 3 1011 6119 40 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n';
    expect(busyTicks(stat)).toBe(67730 + 5 + 22123 + 3 + 1011 + 6119);
  });

  it('refuses a text without the cpu line', () => {
    expect(() => busyTicks('intr 1 2 3')).toThrow('no cpu line');
  });

  it('reads a growing count on this machine', () => {
    expect(readBusyTicks()).toBeGreaterThan(0);
  });
});
