import { percentile } from './percentile';
import type { TerminalSagaStatus } from '../../scripts/lib/terminal-saga-status';

/** How one saga of the run ended: a terminal status seen through the gateway, or nothing in time. */
export type SagaResult =
  { status: TerminalSagaStatus; latencyMs: number; consistent: boolean } | { status: 'LOST' };

/** The JSON line of DESIGN "Benchmark", keys in this order. */
export interface BenchSummary {
  sagas: number;
  concurrency: number;
  sagasPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  completed: number;
  compensated: number;
  failed: number;
  lost: number;
  inconsistent: number;
}

/** Throughput counts the sagas that reached a terminal status over the wall time of the load phase. */
export function summarize(
  concurrency: number,
  results: readonly SagaResult[],
  elapsedMs: number,
): BenchSummary {
  const finished = results.filter((result) => result.status !== 'LOST');
  const latencies = finished.map((result) => result.latencyMs).sort((a, b) => a - b);
  const count = (status: SagaResult['status']) => results.filter((result) => result.status === status).length;
  return {
    sagas: results.length,
    concurrency,
    sagasPerSec: round(finished.length / (elapsedMs / 1_000)),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    completed: count('COMPLETED'),
    compensated: count('COMPENSATED'),
    failed: count('FAILED'),
    lost: count('LOST'),
    inconsistent: finished.filter((result) => !result.consistent).length,
  };
}

/** One decimal; `null` in JSON when there was nothing to measure (every saga lost). */
function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : Number.NaN;
}
