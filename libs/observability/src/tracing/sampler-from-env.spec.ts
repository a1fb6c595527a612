import { createHash } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { samplerFromEnv } from './sampler-from-env';

/** Trace ids spread over the id space (the same on every run), to count what a ratio sampler keeps. */
const TRACE_IDS = Array.from({ length: 1_000 }, (_, index) =>
  createHash('sha256').update(String(index)).digest('hex').slice(0, 32),
);

const sampled = (env: NodeJS.ProcessEnv, parentSampled?: boolean) => {
  const sampler = samplerFromEnv(env);
  const parent =
    parentSampled === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(ROOT_CONTEXT, {
          traceId: 'a'.repeat(32),
          spanId: 'b'.repeat(16),
          traceFlags: parentSampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        });
  return TRACE_IDS.filter(
    (traceId) =>
      sampler.shouldSample(parent, traceId, 'span', SpanKind.INTERNAL, {}, []).decision ===
      SamplingDecision.RECORD_AND_SAMPLED,
  ).length;
};

describe('samplerFromEnv', () => {
  it("follows the caller's decision and records new traces by default (parentbased_always_on)", () => {
    expect(sampled({})).toBe(TRACE_IDS.length);
    expect(sampled({}, false)).toBe(0);
    expect(sampled({}, true)).toBe(TRACE_IDS.length);
    expect(samplerFromEnv({}).toString()).toContain('ParentBased');
  });

  it('records everything with always_on, nothing with always_off, whatever the caller decided', () => {
    expect(sampled({ OTEL_TRACES_SAMPLER: 'always_on' }, false)).toBe(TRACE_IDS.length);
    expect(sampled({ OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' }, true)).toBe(0);
  });

  it('keeps the OTEL_TRACES_SAMPLER_ARG share of new traces with traceidratio', () => {
    const kept = sampled({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' });
    expect(kept).toBeGreaterThan(150);
    expect(kept).toBeLessThan(350);
    expect(sampled({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(0);
    expect(sampled({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toBe(TRACE_IDS.length);
  });

  it('applies the ratio to new traces only with parentbased_traceidratio', () => {
    const env = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' };
    expect(sampled(env)).toBe(0);
    expect(sampled(env, true)).toBe(TRACE_IDS.length);
    expect(sampled({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toBe(0);
    expect(sampled({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, true)).toBe(TRACE_IDS.length);
    expect(sampled({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }, false)).toBe(0);
  });

  it.each(['jaeger_remote', 'sometimes', 'always-on'])(
    'refuses the sampler %s, naming the variable',
    (value) => {
      expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: value })).toThrow(
        `OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, got "${value}"`,
      );
    },
  );

  it.each(['1.5', '-0.1', 'half', 'NaN'])('refuses the ratio %s, naming the variable', (value) => {
    expect(() =>
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: value }),
    ).toThrow(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${value}"`);
  });
});
