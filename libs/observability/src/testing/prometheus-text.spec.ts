import { parsePrometheusText, sampleSum } from './prometheus-text';

const TEXT = `# HELP demo_total Demo
# TYPE demo_total counter
demo_total{service="payment",outcome="ok"} 3
demo_total{outcome="failed",service="payment"} 2
demo_total{service="order",outcome="ok"} 4
demo_plain 1.5
escaped{path="a\\"b"} 7
`;

describe('Prometheus text samples', () => {
  it('parses names, labels in any order and values, and skips comments', () => {
    expect(parsePrometheusText(TEXT)).toEqual([
      { name: 'demo_total', labels: { service: 'payment', outcome: 'ok' }, value: 3 },
      { name: 'demo_total', labels: { outcome: 'failed', service: 'payment' }, value: 2 },
      { name: 'demo_total', labels: { service: 'order', outcome: 'ok' }, value: 4 },
      { name: 'demo_plain', labels: {}, value: 1.5 },
      { name: 'escaped', labels: { path: 'a"b' }, value: 7 },
    ]);
  });

  it('sums the samples whose labels include the ones asked for', () => {
    expect(sampleSum(TEXT, 'demo_total')).toBe(9);
    expect(sampleSum(TEXT, 'demo_total', { service: 'payment' })).toBe(5);
    expect(sampleSum(TEXT, 'demo_total', { outcome: 'ok', service: 'order' })).toBe(4);
    expect(sampleSum(TEXT, 'demo_total', { outcome: 'lost' })).toBeUndefined();
    expect(sampleSum(TEXT, 'absent_total')).toBeUndefined();
  });
});
