import { otlpTraceTargetFromEnv } from './otlp-exporter-from-env';

describe('otlpTraceTargetFromEnv', () => {
  it('sends OTLP/HTTP protobuf to a collector on this host by default', () => {
    expect(otlpTraceTargetFromEnv({})).toEqual({
      protocol: 'http/protobuf',
      url: 'http://localhost:4318/v1/traces',
      headers: {},
    });
  });

  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['https://otlp.example.test/api/otel', 'https://otlp.example.test/api/otel/v1/traces'],
  ])('appends v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT %s', (endpoint, url) => {
    expect(otlpTraceTargetFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).url).toBe(url);
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as the full URL, over the general endpoint', () => {
    expect(
      otlpTraceTargetFromEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom/traces',
      }).url,
    ).toBe('http://tempo:4318/custom/traces');
  });

  it('merges the headers, the traces-specific ones winning, values percent-decoded', () => {
    expect(
      otlpTraceTargetFromEnv({
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-tenant=shop',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
      }).headers,
    ).toEqual({ authorization: 'Bearer abc', 'x-tenant': 'traces' });
  });

  it('takes http/json from the traces-specific protocol first', () => {
    expect(otlpTraceTargetFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol).toBe('http/json');
    expect(
      otlpTraceTargetFromEnv({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }).protocol,
    ).toBe('http/protobuf');
  });

  it.each([
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      'OTEL_EXPORTER_OTLP_PROTOCOL must be "http/protobuf" or "http/json"',
    ],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'json' }, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, got "collector:4318"',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' },
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
    ],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x/v1/traces' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// URL',
    ],
    [
      { OTEL_EXPORTER_OTLP_HEADERS: 'Bearer abc' },
      'OTEL_EXPORTER_OTLP_HEADERS must be a list of key=value pairs',
    ],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => otlpTraceTargetFromEnv(env)).toThrow(message);
  });
});
