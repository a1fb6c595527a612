import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { parseKeyValueList } from './key-value-list';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Where and how the OTLP exporter sends spans. */
export interface OtlpTraceTarget {
  protocol: OtlpProtocol;
  /** The full URL spans are POSTed to. */
  url: string;
  headers: Record<string, string>;
}

/** OTLP/HTTP's default: a collector (or Jaeger, Tempo) on this host. */
const DEFAULT_ENDPOINT = 'http://localhost:4318';
const TRACES_PATH = 'v1/traces';

/**
 * The OTLP target from the standard variables, the traces-specific one winning over the general:
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is the full URL; `OTEL_EXPORTER_OTLP_ENDPOINT` a base
 * that `v1/traces` is appended to; headers from `OTEL_EXPORTER_OTLP_HEADERS` and
 * `OTEL_EXPORTER_OTLP_TRACES_HEADERS` are merged; `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` is
 * `http/protobuf` (the default) or `http/json`. gRPC is refused: there is no gRPC exporter here,
 * and a collector listens for OTLP/HTTP too (port 4318).
 */
export function otlpTraceTargetFromEnv(env: NodeJS.ProcessEnv = process.env): OtlpTraceTarget {
  return {
    protocol: protocolFromEnv(env),
    url: urlFromEnv(env),
    headers: {
      ...parseKeyValueList('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseKeyValueList('OTEL_EXPORTER_OTLP_TRACES_HEADERS', env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
  };
}

/**
 * The official OTLP/HTTP exporter for the target. What the target leaves out (timeout,
 * compression, TLS certificates: `OTEL_EXPORTER_OTLP_TIMEOUT` and the like) the exporter reads
 * from the process environment itself.
 */
export function createOtlpTraceExporter(target: OtlpTraceTarget): SpanExporter {
  const config = { url: target.url, headers: target.headers };
  return target.protocol === 'http/json'
    ? new OtlpJsonTraceExporter(config)
    : new OtlpProtobufTraceExporter(config);
}

function protocolFromEnv(env: NodeJS.ProcessEnv): OtlpProtocol {
  const variable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim()
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = env[variable]?.trim() || 'http/protobuf';
  if (value === 'http/protobuf' || value === 'http/json') return value;
  throw new Error(
    `${variable} must be "http/protobuf" or "http/json" (send gRPC collectors OTLP/HTTP, port 4318), got "${value}"`,
  );
}

function urlFromEnv(env: NodeJS.ProcessEnv): string {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific).href;
  const base = httpUrl(
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_ENDPOINT,
  );
  return new URL(TRACES_PATH, base.href.endsWith('/') ? base : `${base.href}/`).href;
}

function httpUrl(variable: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`${variable} must be an http:// or https:// URL, got "${value}"`);
  }
  return url;
}
