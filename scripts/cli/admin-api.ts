import type { AdminSagaDetail } from './saga-timeline';

/** A list item of `GET /admin/sagas`. */
export interface SagaListItem {
  sagaId: string;
  type: string;
  status: string;
  currentStep: string | null;
  businessKey?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SagaListPage {
  items: SagaListItem[];
  nextCursor: string | null;
}

export interface SagaStepDetail {
  name: string;
  kind: string;
  status: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  error: { code?: string; message?: string } | null;
}

/** `GET /admin/sagas/{sagaId}`, the parts the CLI prints. */
export interface SagaDetail extends AdminSagaDetail {
  version: number;
  currentStep: string;
  businessKey?: string | null;
  nextDeadline?: { at: string; reason: string } | null;
  steps: SagaStepDetail[];
}

export interface AbortDryRun {
  compensations: Array<{ step: string; command: string }>;
}

export interface DeadLetter {
  id: number;
  sagaId: string | null;
  originalSubject: string;
  reason: string;
  deliveryCount: number;
  consumer: string | null;
  at: string;
  replayable: boolean;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: string | null;
}

export interface SagaListFilter {
  status?: string;
  type?: string;
  businessKey?: string;
  limit?: number;
}

/** The admin API answered with an error status; `message` is its own words. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The orchestrator's admin API (DESIGN "Orchestrator admin HTTP", "Operator additions"), for scripts and the CLI. */
export class AdminApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  listSagas(filter: SagaListFilter = {}): Promise<SagaListPage> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filter))
      if (value !== undefined) query.set(name, String(value));
    const text = query.toString();
    return this.request('GET', `/admin/sagas${text ? `?${text}` : ''}`);
  }

  saga(sagaId: string): Promise<SagaDetail> {
    return this.request('GET', `/admin/sagas/${encodeURIComponent(sagaId)}`);
  }

  retry(sagaId: string, reason?: string): Promise<SagaDetail> {
    return this.request('POST', `/admin/sagas/${encodeURIComponent(sagaId)}/retry`, reason ? { reason } : {});
  }

  abort(sagaId: string, reason: string): Promise<SagaDetail> {
    return this.request('POST', `/admin/sagas/${encodeURIComponent(sagaId)}/abort`, { reason });
  }

  abortDryRun(sagaId: string, reason: string): Promise<AbortDryRun> {
    return this.request('POST', `/admin/sagas/${encodeURIComponent(sagaId)}/abort?dryRun=true`, { reason });
  }

  deadLetters(): Promise<DeadLetterPage> {
    return this.request('GET', '/admin/dead-letters?limit=500');
  }

  replayDeadLetter(id: string): Promise<unknown> {
    return this.request('POST', `/admin/dead-letters/${encodeURIComponent(id)}/replay`, {});
  }

  async deleteDeadLetter(id: string): Promise<void> {
    await this.request('DELETE', `/admin/dead-letters/${encodeURIComponent(id)}`);
  }

  private async request<T>(method: string, path: string, body?: object): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`cannot reach the orchestrator at ${this.baseUrl}${cause ? ` (${cause})` : ''}`);
    }
    if (response.status === 401) {
      throw new AdminApiError(
        401,
        'the orchestrator refused the admin token: set ADMIN_TOKEN to the one `npm start` printed',
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new AdminApiError(response.status, `${method} ${path}: ${errorMessage(response.status, text)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

/** The error body's message (NestJS: `{statusCode, message}` with a string or a list), or the status. */
function errorMessage(status: number, text: string): string {
  try {
    const { message } = JSON.parse(text) as { message?: unknown };
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through
  }
  return `${status}${text ? ` ${text.slice(0, 200)}` : ''}`;
}
