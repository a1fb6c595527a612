import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One export request as the receiver got it. */
export interface OtlpRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A span decoded from an OTLP/JSON export request, with its resource's attributes. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP's SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** The resource's `service.name`. */
  service: string | null;
  resource: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}

interface OtlpJsonExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpKeyValue[];
      }>;
    }>;
  }>;
}

/**
 * A stand-in for an OpenTelemetry collector in tests: an HTTP server on 127.0.0.1 (a free port)
 * that keeps every request and answers 200 like an OTLP/HTTP receiver. `spans()` decodes the
 * OTLP/JSON ones (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`).
 */
export class OtlpReceiver {
  readonly requests: OtlpRequest[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver.requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks),
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Every span of every OTLP/JSON request received so far. */
  spans(): ReceivedSpan[] {
    return this.requests
      .filter((request) => String(request.headers['content-type']).startsWith('application/json'))
      .flatMap((request) => (JSON.parse(request.body.toString('utf8')) as OtlpJsonExport).resourceSpans ?? [])
      .flatMap((resourceSpans) => {
        const resource = attributeRecord(resourceSpans.resource?.attributes);
        const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : null;
        return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
          (scope.spans ?? []).map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || null,
            name: span.name,
            kind: span.kind,
            service,
            resource,
            attributes: attributeRecord(span.attributes),
          })),
        );
      });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** OTLP's `[{key, value: {stringValue|intValue|…}}]` as a plain record. */
function attributeRecord(attributes: OtlpKeyValue[] = []): Record<string, unknown> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => {
      const [kind, inner] = Object.entries(value)[0] ?? [];
      return [key, kind === 'intValue' ? Number(inner) : inner];
    }),
  );
}
