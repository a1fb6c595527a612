import { batchSizeHistograms } from './batch-size-histograms';

const exposition = (replies: number[], starts: number[], sums: [number, number]) => {
  const bounds = ['1', '2', '4', '16', '+Inf'];
  const lines = ['# HELP consumer_batch_size Messages per batch', '# TYPE consumer_batch_size histogram'];
  bounds.forEach((le, index) =>
    lines.push(
      `consumer_batch_size_bucket{le="${le}",consumer="orchestrator",app="orchestrator"} ${replies[index]}`,
    ),
  );
  lines.push(`consumer_batch_size_sum{consumer="orchestrator",app="orchestrator"} ${sums[0]}`);
  lines.push(`consumer_batch_size_count{consumer="orchestrator",app="orchestrator"} ${replies.at(-1)}`);
  bounds.forEach((le, index) =>
    lines.push(
      `consumer_batch_size_bucket{le="${le}",consumer="orchestrator-starts",app="orchestrator"} ${starts[index]}`,
    ),
  );
  lines.push(`consumer_batch_size_sum{consumer="orchestrator-starts",app="orchestrator"} ${sums[1]}`);
  lines.push(`consumer_batch_size_count{consumer="orchestrator-starts",app="orchestrator"} ${starts.at(-1)}`);
  lines.push('process_cpu_seconds_total{app="orchestrator"} 12');
  return `${lines.join('\n')}\n`;
};

describe('batchSizeHistograms', () => {
  it('turns the cumulative buckets counted in the window into batches per range of sizes, per consumer', () => {
    const before = exposition([5, 5, 5, 5, 5], [2, 2, 2, 2, 2], [5, 2]);
    // replies: +10 batches of 1, +4 of 2, +3 of 3-4, +2 of 5-16, +1 above 16 (sum +10+8+10+20+40)
    const after = exposition([15, 19, 22, 24, 25], [2, 2, 2, 2, 2], [5 + 88, 2]);
    expect(batchSizeHistograms('orchestrator', before, after)).toEqual({
      'orchestrator/orchestrator': {
        batches: 20,
        meanSize: 4.4,
        sizes: { '1': 10, '2': 4, '3-4': 3, '5-16': 2, '17+': 1 },
      },
    });
  });

  it('counts from zero when the first scrape had no such series yet', () => {
    const after = exposition([1, 1, 1, 1, 1], [0, 2, 2, 2, 2], [1, 4]);
    expect(batchSizeHistograms('orchestrator', '', after)).toEqual({
      'orchestrator/orchestrator': {
        batches: 1,
        meanSize: 1,
        sizes: { '1': 1, '2': 0, '3-4': 0, '5-16': 0, '17+': 0 },
      },
      'orchestrator/orchestrator-starts': {
        batches: 2,
        meanSize: 2,
        sizes: { '1': 0, '2': 2, '3-4': 0, '5-16': 0, '17+': 0 },
      },
    });
  });

  it('leaves out a bucket that holds no whole size', () => {
    const text = [
      'x_batch_size_bucket{le="1"} 3',
      'x_batch_size_bucket{le="1.5"} 3',
      'x_batch_size_bucket{le="2"} 4',
      'x_batch_size_bucket{le="+Inf"} 4',
      'x_batch_size_sum 5',
      'x_batch_size_count 4',
    ].join('\n');
    expect(batchSizeHistograms('payment', '', text)).toEqual({
      payment: { batches: 4, meanSize: 1.3, sizes: { '1': 3, '2': 1, '3+': 0 } },
    });
  });

  it('is undefined for an app that exports no batch-size histogram, empty when no batch ran in the window', () => {
    expect(batchSizeHistograms('gateway', '', 'process_cpu_seconds_total 1\n')).toBeUndefined();
    const idle = exposition([5, 5, 5, 5, 5], [2, 2, 2, 2, 2], [5, 2]);
    expect(batchSizeHistograms('orchestrator', idle, idle)).toEqual({});
  });
});
