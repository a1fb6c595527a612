import { SagaResult, summarize } from './bench-summary';

describe('summarize', () => {
  it('counts outcomes, inconsistencies and throughput, with latency percentiles of the finished sagas', () => {
    const results: SagaResult[] = [
      ...Array.from({ length: 97 }, (_, index): SagaResult => ({
        status: 'COMPLETED',
        latencyMs: index + 1.04,
        consistent: true,
      })),
      { status: 'COMPENSATED', latencyMs: 200, consistent: true },
      { status: 'COMPENSATED', latencyMs: 300, consistent: false },
      { status: 'FAILED', latencyMs: 400, consistent: true },
      { status: 'LOST' },
    ];

    const summary = summarize(8, results, 4_000);

    expect(summary).toEqual({
      sagas: 101,
      concurrency: 8,
      sagasPerSec: 25,
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 300,
      completed: 97,
      compensated: 2,
      failed: 1,
      lost: 1,
      inconsistent: 1,
    });
  });

  it('prints the keys in the order of the contract', () => {
    const summary = summarize(1, [{ status: 'COMPLETED', latencyMs: 12.345, consistent: true }], 1_000);

    expect(JSON.stringify(summary)).toBe(
      '{"sagas":1,"concurrency":1,"sagasPerSec":1,"p50Ms":12.3,"p95Ms":12.3,"p99Ms":12.3,' +
        '"completed":1,"compensated":0,"failed":0,"lost":0,"inconsistent":0}',
    );
  });

  it('has no latency to show when every saga was lost', () => {
    const line = JSON.stringify(summarize(1, [{ status: 'LOST' }], 1_000));

    expect(JSON.parse(line)).toMatchObject({ sagasPerSec: 0, p50Ms: null, p99Ms: null, lost: 1 });
  });
});
