import { join } from 'node:path';
import { connect, headers as natsHeaders } from 'nats';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Headers } from '@app/contracts';
import { expectEventually } from '@test/support';
import { placeOrder } from './support/gateway-client';
import { launchChromium } from './support/headless-chromium';
import { CardToken, orderBody } from './support/order-body';
import { waitForOrders, waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';

/** Every page of the console is photographed here (e2e/artifacts is gitignored; docs/images holds the README's). */
const screenshot = (name: string) => join(__dirname, 'artifacts', `admin-ui-${name}.png`);
const UI = { timeoutMs: 30_000, intervalMs: 100 };
const ABORT_REASON = 'customer phoned to cancel';
const BULK_REASON = 'supplier outage, cancelling what is still open';
/** The template the tests serve as ADMIN_UI_TRACE_URL (the platform itself runs with none). */
const TRACE_URL = 'http://traces.test/trace/{traceId}';

interface SagaDetail {
  traceId: string | null;
  businessKey: string | null;
  nextDeadline: { at: string; reason: string } | null;
  steps: { name: string; startedAt: string | null }[];
  timeline: { kind: string; detail: Record<string, unknown> }[];
}

interface Stats {
  byStatus: Record<string, number>;
  history?: { bucketSeconds: number; buckets: Record<string, number | string>[] };
}

interface ListedSaga {
  sagaId: string;
  status: string;
}

interface Console {
  page: Page;
  /** Script errors and policy violations the page reported. */
  problems: string[];
  /** Paths the page called that answered 401. */
  unauthorized: string[];
}

describe('admin console at /admin/ui', () => {
  let browser: Browser;
  let platform: RunningPlatform;
  let context: BrowserContext | undefined;
  const sagas = { completed: '', compensated: '', running: '' };
  const orders = { completed: '', compensated: '' };

  beforeAll(async () => {
    browser = await launchChromium();
    platform = await startPlatform();
    const [completed, compensated] = await Promise.all([
      placeOrder(platform, orderBody()),
      placeOrder(platform, orderBody({ items: [{ sku: 'SKU-OOS', quantity: 1, unitPriceCents: 100 }] })),
    ]);
    await Promise.all([
      waitForSagaTerminal(platform, completed.orderId),
      waitForSagaTerminal(platform, compensated.orderId),
    ]);
    // With payment down, a saga waits at authorize-payment for as long as the test needs: a
    // command that never reached its participant does not time out.
    await platform.stop('payment');
    const running = await placeOrder(platform, orderBody({ token: CardToken.NEVER_ANSWERS }));
    await waitForOrders(
      platform,
      [running.orderId],
      (read) => read.view?.saga?.status === 'RUNNING' && read.view.saga.currentStep === 'authorize-payment',
      'saga waiting for its payment authorization',
    );
    Object.assign(sagas, {
      completed: completed.sagaId,
      compensated: compensated.sagaId,
      running: running.sagaId,
    });
    Object.assign(orders, { completed: completed.orderId, compensated: compensated.orderId });
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await platform?.shutdown();
    await browser?.close();
  });

  /** A fresh tab (empty sessionStorage) on the console; `traceUrl` stands in for ADMIN_UI_TRACE_URL. */
  async function openConsole(options: { traceUrl?: string } = {}): Promise<Console> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    if (options.traceUrl !== undefined) {
      const traceUrl = options.traceUrl;
      await page.route('**/admin/ui/config.json', (route) => route.fulfill({ json: { traceUrl } }));
    }
    const problems: string[] = [];
    const unauthorized: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 401) unauthorized.push(new URL(response.url()).pathname);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // A 401 or 404 answer is logged as a failed load: that is the API speaking, not the page failing.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    const response = await page.goto(platform.url('orchestrator', '/admin/ui'));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    return { page, problems, unauthorized };
  }

  async function enterToken(page: Page, token: string): Promise<void> {
    await page.locator('#token-dialog').waitFor({ state: 'visible' });
    await page.fill('#token-input', token);
    await page.click('#token-form button[type=submit]');
  }

  function listed(page: Page): Promise<ListedSaga[]> {
    return page.evaluate(`[...document.querySelectorAll('#saga-list tbody tr[data-saga-id]')].map((row) => ({
      sagaId: row.dataset.sagaId,
      status: row.querySelector('.badge').textContent,
    }))`) as Promise<ListedSaga[]>;
  }

  async function showList(page: Page, hash: string): Promise<void> {
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  }

  function text(page: Page, selector: string): Promise<string> {
    return page.locator(selector).innerText();
  }

  async function adminGet<T>(path: string): Promise<T> {
    const response = await fetch(platform.url('orchestrator', path), {
      headers: { authorization: `Bearer ${platform.adminToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  async function search(page: Page, term: string): Promise<void> {
    await page.fill('#search', term);
    await page.press('#search', 'Enter');
  }

  function hash(page: Page): Promise<string> {
    return page.evaluate('decodeURIComponent(location.hash)') as Promise<string>;
  }

  it('loads without a token and asks for one when the API answers 401, again when it is wrong', async () => {
    const { page, problems, unauthorized } = await openConsole();

    await page.locator('#token-dialog').waitFor({ state: 'visible' });
    expect(await text(page, '#token-message')).toContain('needs');
    expect(unauthorized).toEqual(['/admin/sagas']);
    expect(await listed(page)).toEqual([]);

    await enterToken(page, 'not-the-admin-token');
    await expectEventually(async () => {
      expect(unauthorized).toEqual(['/admin/sagas', '/admin/sagas']);
      expect(await page.locator('#token-dialog').isVisible()).toBe(true);
      expect(await text(page, '#token-message')).toContain('rejected');
    }, UI);
    expect(await page.evaluate('sessionStorage.getItem("saga-admin-token")')).toBeNull();

    await enterToken(page, platform.adminToken);
    await expectEventually(async () => {
      expect((await listed(page)).map((saga) => saga.sagaId).sort()).toEqual(Object.values(sagas).sort());
    }, UI);
    expect(await page.locator('#token-dialog').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('lists, filters and pages sagas, shows a compensation, and aborts a running saga', async () => {
    const { page, problems } = await openConsole();
    await enterToken(page, platform.adminToken);

    await expectEventually(async () => {
      expect(await listed(page)).toEqual(
        expect.arrayContaining([
          { sagaId: sagas.completed, status: 'COMPLETED' },
          { sagaId: sagas.compensated, status: 'COMPENSATED' },
          { sagaId: sagas.running, status: 'RUNNING' },
        ]),
      );
    }, UI);
    await page.screenshot({ path: screenshot('list'), fullPage: true });

    // Status filter.
    await page.selectOption('#status-filter', 'COMPENSATED');
    await expectEventually(async () => {
      expect(await listed(page)).toEqual([{ sagaId: sagas.compensated, status: 'COMPENSATED' }]);
    }, UI);

    // Type filter, on top of it.
    await page.fill('#type-filter', 'no-such-saga');
    await page.press('#type-filter', 'Tab');
    await expectEventually(async () => {
      expect(await text(page, '#saga-list tbody')).toContain('No sagas match.');
    }, UI);
    await page.fill('#type-filter', 'order-fulfillment');
    await page.press('#type-filter', 'Tab');
    await expectEventually(async () => {
      expect(await listed(page)).toEqual([{ sagaId: sagas.compensated, status: 'COMPENSATED' }]);
    }, UI);

    // One saga per page, following nextCursor.
    await showList(page, '#/sagas?limit=1');
    const paged: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      if (index > 0) await page.click('.next-page');
      await expectEventually(async () => {
        const rows = await listed(page);
        expect(rows).toHaveLength(1);
        expect(paged).not.toContain(rows[0].sagaId);
      }, UI);
      paged.push((await listed(page))[0].sagaId);
    }
    expect(paged.sort()).toEqual(Object.values(sagas).sort());
    await page.click('.first-page');
    await expectEventually(async () => expect(await page.locator('.first-page').isHidden()).toBe(true), UI);

    // The compensated saga: its completed step undone, in reverse, on the timeline.
    await showList(page, '#/sagas?status=COMPENSATED');
    await page.click(`a[href="#/sagas/${sagas.compensated}"]`);
    await expectEventually(async () => {
      expect(await text(page, '.facts')).toContain('COMPENSATED');
      expect(await text(page, '#steps tr[data-step="create-order"]')).toContain('COMPENSATED');
      expect(await text(page, '#steps tr[data-step="reserve-inventory"]')).toContain('INSUFFICIENT_STOCK');
    }, UI);
    const compensation = page.locator('#timeline li.entry--compensation[data-kind="compensation-sent"]');
    expect(await compensation.innerText()).toContain('create-order');
    expect(await page.locator('#abort-saga').isDisabled()).toBe(true);

    // The running saga: abort asks for a reason, then compensates.
    await showList(page, '#/sagas?status=RUNNING');
    await page.click(`a[href="#/sagas/${sagas.running}"]`);
    await expectEventually(async () => {
      expect(await text(page, '.facts')).toContain('RUNNING');
      expect(await text(page, '.facts')).toContain('authorize-payment');
      expect(await page.locator('#abort-saga').isEnabled()).toBe(true);
    }, UI);
    // The Gantt: the steps done have closed bars, the one waiting for payment an open one.
    await expectEventually(async () => {
      expect(await page.locator('#gantt .gantt-bar:not(.is-open)').count()).toBe(2);
      expect(
        await page.locator('#gantt .gantt-row[data-step="authorize-payment"] .gantt-bar.is-open').count(),
      ).toBe(1);
      expect(await page.locator('#gantt .gantt-row[data-step="approve-order"] .gantt-bar').count()).toBe(0);
    }, UI);
    expect(await text(page, '#gantt .gantt-row[data-step="create-order"] .gantt-duration')).toMatch(
      /\d( ms| s)$/,
    );
    // The next deadline is the API's, counted down.
    const running = await adminGet<SagaDetail>(`/admin/sagas/${sagas.running}`);
    if (running.nextDeadline) {
      expect(await page.locator('#next-deadline').getAttribute('data-at')).toBe(running.nextDeadline.at);
      expect(await page.locator('#next-deadline').getAttribute('data-reason')).toBe(
        running.nextDeadline.reason,
      );
      const first = await text(page, '#next-deadline');
      await expectEventually(async () => expect(await text(page, '#next-deadline')).not.toBe(first), UI);
    } else {
      expect(await text(page, '#next-deadline')).toBe('none scheduled');
    }
    await page.screenshot({ path: screenshot('detail'), fullPage: true });
    const abortRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/abort')) abortRequests.push(request.postData() ?? '');
    });
    await page.click('#abort-saga');
    await page.locator('#ask-dialog').waitFor({ state: 'visible' });
    // The dry run came first: the dialog names what the abort would send, in order.
    expect(await text(page, '#ask-message')).toMatch(
      /^Would send, in order: .*\(authorize-payment\), .*\(reserve-inventory\), .*\(create-order\)\. Saga [0-9a-f-]{36}\.$/,
    );
    await page.click('#ask-confirm'); // no reason given: refused by the form itself
    expect(await page.locator('#ask-dialog').isVisible()).toBe(true);
    await page.fill('#ask-reason', ABORT_REASON);
    await page.click('#ask-confirm');
    await expectEventually(async () => {
      expect(await text(page, '#notice')).toContain('Abort accepted');
    }, UI);
    expect(abortRequests.map((body) => JSON.parse(body))).toEqual([{ reason: ABORT_REASON }]);
    // The compensation (payment.void) waits for payment like the command did.
    await platform.start('payment');
    await expectEventually(async () => {
      expect(await text(page, '.facts')).toContain('COMPENSATED');
      expect(await page.locator('#timeline li[data-kind="saga-finished"]').innerText()).toContain(
        'COMPENSATED',
      );
    }, UI);
    const operatorAction = page.locator('#timeline li.entry--operator[data-kind="operator-abort"]');
    expect(await operatorAction.innerText()).toContain(ABORT_REASON);
    expect(
      await page.locator('#timeline li.entry--compensation[data-kind="compensation-sent"]').allInnerTexts(),
    ).toEqual([
      expect.stringContaining('authorize-payment'),
      expect.stringContaining('reserve-inventory'),
      expect.stringContaining('create-order'),
    ]);
    expect(await text(page, '#steps tr[data-step="authorize-payment"]')).toContain('ABORTED');
    const saved = await fetch(platform.url('orchestrator', `/admin/sagas/${sagas.running}`), {
      headers: { authorization: `Bearer ${platform.adminToken}` },
    });
    expect(((await saved.json()) as { timeline: unknown[] }).timeline).toContainEqual(
      expect.objectContaining({ kind: 'operator-abort', detail: { reason: ABORT_REASON } }),
    );

    expect(problems).toEqual([]);
  });

  it('lists dead letters, replays one and deletes another, and both show on the saga', async () => {
    // Commands no participant can read: the payment service dead-letters each on its first delivery.
    const connection = await connect({ servers: platform.nats.url });
    try {
      for (const n of [1, 2]) {
        const headers = natsHeaders();
        headers.set(Headers.sagaId, sagas.completed);
        await connection
          .jetstream()
          .publish('saga.cmd.payment.authorize', new TextEncoder().encode(`{not json ${n}`), {
            msgID: `unreadable-${n}`,
            headers,
          });
      }
    } finally {
      await connection.close();
    }
    const { page, problems } = await openConsole();
    await enterToken(page, platform.adminToken);
    await showList(page, '#/dead-letters');
    const deadLetterIds = () =>
      page.evaluate(
        `[...document.querySelectorAll('#dead-letters tr[data-dead-letter-id]')].map((row) => row.dataset.deadLetterId)`,
      ) as Promise<string[]>;
    await expectEventually(async () => expect(await deadLetterIds()).toHaveLength(2), UI);
    const [replayed, deleted] = await deadLetterIds();
    expect(await text(page, `tr[data-dead-letter-id="${replayed}"]`)).toContain('saga.cmd.payment.authorize');
    // Its payload, folded away until asked for.
    const letterPayload = page.locator(`tr[data-dead-letter-id="${replayed}"] details.letter-payload`);
    expect(await letterPayload.locator('pre').isVisible()).toBe(false);
    await letterPayload.locator('summary').click();
    expect(await letterPayload.locator('pre').innerText()).toMatch(/^\{not json [12]$/);
    await page.screenshot({ path: screenshot('dead-letters'), fullPage: true });
    // Filters by subject and consumer.
    await page.fill('#subject-filter', 'saga.cmd.inventory.reserve');
    await page.press('#subject-filter', 'Tab');
    await expectEventually(
      async () => expect(await text(page, '#dead-letters tbody')).toContain('No dead letters.'),
      UI,
    );
    await page.fill('#subject-filter', 'saga.cmd.payment.authorize');
    await page.press('#subject-filter', 'Tab');
    await expectEventually(async () => expect(await deadLetterIds()).toHaveLength(2), UI);
    await page.fill('#consumer-filter', 'no-such-consumer');
    await page.press('#consumer-filter', 'Tab');
    await expectEventually(
      async () => expect(await text(page, '#dead-letters tbody')).toContain('No dead letters.'),
      UI,
    );
    await showList(page, '#/dead-letters');
    await expectEventually(async () => expect(await deadLetterIds()).toHaveLength(2), UI);

    await page.click(`tr[data-dead-letter-id="${replayed}"] button.replay`);
    await page.fill('#ask-reason', 'publisher fixed');
    await page.click('#ask-confirm');
    await expectEventually(async () => {
      expect(await text(page, '#notice')).toContain(`#${replayed} replayed`);
      // Still unreadable, so it comes back as a new dead letter.
      const ids = await deadLetterIds();
      expect(ids).not.toContain(replayed);
      expect(ids).toHaveLength(2);
    }, UI);

    await page.click(`tr[data-dead-letter-id="${deleted}"] button.delete`);
    await page.click('#ask-confirm');
    await expectEventually(async () => {
      expect(await text(page, '#notice')).toContain(`#${deleted} deleted`);
      expect(await deadLetterIds()).not.toContain(deleted);
    }, UI);

    await showList(page, `#/dead-letters?sagaId=${sagas.running}`);
    await expectEventually(
      async () => expect(await text(page, '#dead-letters tbody')).toContain('No dead letters.'),
      UI,
    );

    await showList(page, `#/sagas/${sagas.completed}`);
    await expectEventually(async () => {
      expect(
        await page.locator('#timeline li.entry--operator[data-kind="dead-letter-replayed"]').innerText(),
      ).toContain('publisher fixed');
      expect(
        await page.locator('#timeline li.entry--operator[data-kind="dead-letter-deleted"]').count(),
      ).toBe(1);
    }, UI);
    expect(problems).toEqual([]);
  });

  it('finds a saga by its id or business key, filters by time, and shows payloads and the trace link', async () => {
    const { page, problems } = await openConsole({ traceUrl: TRACE_URL });
    await enterToken(page, platform.adminToken);
    await expectEventually(async () => expect(await listed(page)).toHaveLength(3), UI);

    // A saga id opens the saga.
    await search(page, sagas.completed);
    await expectEventually(async () => {
      expect(await hash(page)).toBe(`#/sagas/${sagas.completed}`);
      expect(await text(page, '.facts')).toContain('COMPLETED');
    }, UI);
    const completed = await adminGet<SagaDetail>(`/admin/sagas/${sagas.completed}`);
    await expectEventually(async () => {
      expect(await text(page, '#business-key')).toBe(orders.completed);
      expect(await page.locator('#gantt .gantt-bar').count()).toBe(completed.steps.length);
    }, UI);
    expect(await page.locator('#gantt .gantt-bar.is-open').count()).toBe(0);
    expect(await text(page, '#next-deadline')).toBe('none scheduled');

    // The trace it started in, linked through the configured template.
    expect(completed.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await page.locator('#trace-link').getAttribute('href')).toBe(
      TRACE_URL.replace('{traceId}', completed.traceId ?? ''),
    );
    expect(await page.locator('#trace-link').getAttribute('rel')).toBe('noopener noreferrer');

    // A command's and a reply's payload, pretty-printed on demand.
    const command = completed.timeline.find((entry) => entry.kind === 'command-sent');
    const reply = completed.timeline.find((entry) => entry.kind === 'reply-received');
    for (const [kind, entry] of [
      ['command-sent', command],
      ['reply-received', reply],
    ] as const) {
      const details = page.locator(`#timeline li[data-kind="${kind}"] details.entry-payload`).first();
      expect(await details.locator('summary').innerText()).toBe(
        kind === 'command-sent' ? 'command' : 'reply',
      );
      await details.locator('summary').click();
      expect(JSON.parse(await details.locator('pre').innerText())).toEqual(entry?.detail);
      expect(await details.locator('pre').innerText()).toContain('\n  "');
    }

    // An order id is a UUID too, but not a saga's: it lists the saga with that business key.
    await search(page, orders.compensated);
    await expectEventually(async () => {
      expect(await hash(page)).toBe(`#/sagas?businessKey=${orders.compensated}`);
      expect(await listed(page)).toEqual([{ sagaId: sagas.compensated, status: 'COMPENSATED' }]);
      expect(await text(page, '#business-key-filter')).toContain(orders.compensated);
    }, UI);
    await search(page, 'no-such-order');
    await expectEventually(
      async () => expect(await text(page, '#saga-list tbody')).toContain('No sagas match.'),
      UI,
    );
    await page.click('#business-key-filter a');
    await expectEventually(async () => expect(await listed(page)).toHaveLength(3), UI);
    // Nothing stray drawn between the page's parts (an absent part is left out, not printed).
    expect(
      await page.evaluate(
        `[...document.querySelector('section.view').childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).length`,
      ),
    ).toBe(0);

    // Time filters, typed as local time, sent as ISO 8601.
    const requested: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/admin/sagas') requested.push(url.search);
    });
    const inAnHour = (await page.evaluate(
      `(() => { const d = new Date(Date.now() + 3600000); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19); })()`,
    )) as string;
    await page.fill('#created-after', inAnHour);
    await page.press('#created-after', 'Tab');
    await expectEventually(async () => {
      expect(await text(page, '#saga-list tbody')).toContain('No sagas match.');
      expect(requested.at(-1)).toMatch(/createdAfter=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.000Z/);
    }, UI);
    await showList(
      page,
      `#/sagas?updatedBefore=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    await expectEventually(async () => expect(await listed(page)).toHaveLength(3), UI);
    await showList(page, '#/sagas?updatedBefore=2000-01-01T00:00:00.000Z');
    await expectEventually(
      async () => expect(await text(page, '#saga-list tbody')).toContain('No sagas match.'),
      UI,
    );
    expect(problems).toEqual([]);
  });

  it('aborts and retries many sagas at once, showing the dry run first and the outcome of each', async () => {
    await platform.stop('payment');
    const waiting = await placeOrder(platform, orderBody({ token: CardToken.NEVER_ANSWERS }));
    await waitForOrders(
      platform,
      [waiting.orderId],
      (read) => read.view?.saga?.status === 'RUNNING' && read.view.saga.currentStep === 'authorize-payment',
      'saga waiting for its payment authorization',
    );
    const { page, problems } = await openConsole();
    await enterToken(page, platform.adminToken);
    await expectEventually(async () => expect(await listed(page)).toHaveLength(4), UI);
    const bulkBodies: unknown[] = [];
    page.on('request', (request) => {
      if (/\/admin\/sagas\/(abort|retry)$/.test(new URL(request.url()).pathname))
        bulkBodies.push(JSON.parse(request.postData() ?? 'null'));
    });

    expect(await page.locator('#bulk-abort').isDisabled()).toBe(true);
    await page.check(`input.select-saga[data-saga-id="${waiting.sagaId}"]`);
    await page.check(`input.select-saga[data-saga-id="${sagas.completed}"]`);
    expect(await text(page, '#selected-count')).toBe('2 selected');
    // The selection outlives the list's refreshes.
    const before = requestsOf(page);
    await expectEventually(async () => expect(before.count).toBeGreaterThan(1), UI);
    expect(await page.locator('input.select-saga:checked').count()).toBe(2);

    await page.click('#bulk-abort');
    await page.locator('#bulk-dialog').waitFor({ state: 'visible' });
    const planOf = (sagaId: string) => text(page, `#bulk-plan tr[data-saga-id="${sagaId}"] .planned`);
    await expectEventually(async () => {
      expect(await planOf(waiting.sagaId)).toMatch(
        /authorize-payment → .*\n.*reserve-inventory → .*\n.*create-order → /s,
      );
      expect(await planOf(sagas.completed)).toMatch(/^refused: 409/);
      expect(await page.locator('#bulk-confirm').isEnabled()).toBe(true);
    }, UI);
    expect(bulkBodies).toEqual([]); // a dry run only so far
    await page.screenshot({ path: screenshot('bulk-dry-run') });
    await page.click('#bulk-confirm'); // no reason: refused by the form itself
    expect(await page.locator('#bulk-dialog').isVisible()).toBe(true);
    expect(bulkBodies).toEqual([]);
    await page.fill('#bulk-reason', BULK_REASON);
    await page.click('#bulk-confirm');
    const outcomeOf = (sagaId: string) => text(page, `#bulk-plan tr[data-saga-id="${sagaId}"] .outcome`);
    await expectEventually(async () => {
      expect(await outcomeOf(waiting.sagaId)).toBe('accepted · COMPENSATING');
      expect(await outcomeOf(sagas.completed)).toMatch(/^refused: .+/);
      expect(await text(page, '#bulk-message')).toBe('1 of 2 accepted.');
    }, UI);
    expect(bulkBodies).toEqual([{ sagaIds: [waiting.sagaId, sagas.completed], reason: BULK_REASON }]);
    await page.click('#bulk-cancel');
    expect(await page.locator('#bulk-dialog').isVisible()).toBe(false);
    expect(await text(page, '#selected-count')).toBe('None selected');
    const aborted = await adminGet<SagaDetail>(`/admin/sagas/${waiting.sagaId}`);
    expect(aborted.timeline).toContainEqual(
      expect.objectContaining({ kind: 'operator-abort', detail: { reason: BULK_REASON } }),
    );
    await platform.start('payment');
    await waitForSagaTerminal(platform, waiting.orderId);

    // Retry has no dry run: the dialog lists the sagas, then each one's outcome.
    await showList(page, '#/sagas?status=COMPENSATED');
    await expectEventually(async () => expect(await listed(page)).toHaveLength(3), UI);
    await page.check('#select-all');
    expect(await text(page, '#selected-count')).toBe('3 selected');
    await page.click('#bulk-retry');
    await page.locator('#bulk-dialog').waitFor({ state: 'visible' });
    expect(await page.locator('#bulk-plan tr').count()).toBe(3);
    await page.click('#bulk-confirm'); // the reason is optional
    await expectEventually(async () => {
      expect(await page.locator('#bulk-plan .outcome--refused').count()).toBe(3);
      expect(await text(page, '#bulk-message')).toBe('0 of 3 accepted.');
    }, UI);
    expect(bulkBodies.at(-1)).toEqual({ sagaIds: expect.arrayContaining([waiting.sagaId]) });
    expect(problems).toEqual([]);
  });

  it('shows the system live: counts by status and charts of throughput, outcomes and failures', async () => {
    const { page, problems } = await openConsole();
    await enterToken(page, platform.adminToken);
    await page.click('header nav a[href="#/overview"]');
    const stats = await adminGet<Stats>('/admin/stats');
    const sum = (fields: string[]) =>
      (stats.history?.buckets ?? []).reduce(
        (total, bucket) => total + fields.reduce((n, field) => n + Number(bucket[field]), 0),
        0,
      );
    expect(stats.history?.buckets.length).toBeGreaterThan(0);
    await expectEventually(async () => {
      for (const status of ['COMPLETED', 'COMPENSATED', 'RUNNING'])
        expect(await text(page, `#status-counts [data-status="${status}"] .tile-count`)).toBe(
          String(stats.byStatus[status]),
        );
      expect(await page.locator('#throughput-chart svg').getAttribute('data-total')).toBe(
        String(sum(['started'])),
      );
      expect(await page.locator('#outcomes-chart svg').getAttribute('data-total')).toBe(
        String(sum(['completed', 'compensated', 'failed'])),
      );
      expect(await page.locator('#failures-chart svg').getAttribute('data-total')).toBe(
        String(sum(['compensated', 'failed'])),
      );
    }, UI);
    expect(sum(['started'])).toBe(4);
    expect(await page.locator('#throughput-chart svg').getAttribute('data-buckets')).toBe(
      String(stats.history?.buckets.length),
    );
    expect(await page.locator('#outcomes-chart rect.bar--compensated').count()).toBeGreaterThan(0);
    // It refreshes by itself.
    const calls = requestsOf(page, '/admin/stats');
    await expectEventually(async () => expect(calls.count).toBeGreaterThan(1), UI);
    await page.screenshot({ path: screenshot('overview'), fullPage: true });

    // Stats without history (an orchestrator before it had one): the counts still, a line for the charts.
    await page.route('**/admin/stats', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      delete body.history;
      await route.fulfill({ response, json: body });
    });
    await expectEventually(async () => {
      expect(await page.locator('#charts .no-history').count()).toBe(1);
      expect(await page.locator('#charts svg').count()).toBe(0);
    }, UI);
    expect(await text(page, '#status-counts [data-status="COMPLETED"] .tile-count')).toBe(
      String(stats.byStatus.COMPLETED),
    );
    expect(problems).toEqual([]);
  });
});

/** Counts the page's requests to `pathname` (the saga list by default) from now on. */
function requestsOf(page: Page, pathname = '/admin/sagas'): { count: number } {
  const counter = { count: 0 };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === pathname) counter.count += 1;
  });
  return counter;
}
