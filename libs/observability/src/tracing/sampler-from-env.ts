import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

export const SAMPLER_VARIABLE = 'OTEL_TRACES_SAMPLER';
export const SAMPLER_ARG_VARIABLE = 'OTEL_TRACES_SAMPLER_ARG';

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/**
 * Which traces are recorded, from the standard `OTEL_TRACES_SAMPLER` (default
 * `parentbased_always_on`: follow the caller's decision, record everything that starts here) and
 * `OTEL_TRACES_SAMPLER_ARG` (the ratio of the `traceidratio` samplers, 0 to 1, default 1).
 * The SDK would fall back to its default on a value it does not know; here the app refuses to
 * start instead, naming the variable, so a typo does not silently record every trace.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): Sampler {
  const name = env[SAMPLER_VARIABLE]?.trim().toLowerCase() || 'parentbased_always_on';
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratioFromEnv(env));
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratioFromEnv(env)) });
    default:
      throw new Error(
        `${SAMPLER_VARIABLE} must be one of ${SAMPLERS.join(', ')}, got "${env[SAMPLER_VARIABLE]}"`,
      );
  }
}

function ratioFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env[SAMPLER_ARG_VARIABLE]?.trim();
  if (!value) return 1;
  const ratio = Number(value);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new Error(`${SAMPLER_ARG_VARIABLE} must be a ratio from 0 to 1, got "${value}"`);
  }
  return ratio;
}
