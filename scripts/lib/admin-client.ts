import type { AdminSagaDetail } from './saga-timeline';

/** The orchestrator's admin API, as scripts read it. */
export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async saga(sagaId: string): Promise<AdminSagaDetail> {
    const response = await fetch(`${this.baseUrl}/admin/sagas/${sagaId}`, {
      headers: { authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 401) {
      throw new Error(
        'the orchestrator refused the admin token: set ADMIN_TOKEN to the one `npm start` printed',
      );
    }
    if (response.status !== 200) {
      throw new Error(`GET /admin/sagas/${sagaId} answered ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as AdminSagaDetail;
  }
}
