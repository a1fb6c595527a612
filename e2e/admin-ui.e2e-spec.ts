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

const SCREENSHOT = join(__dirname, 'artifacts', 'admin-ui.png');
const UI = { timeoutMs: 30_000, intervalMs: 100 };
const ABORT_REASON = 'customer phoned to cancel';

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
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await platform?.shutdown();
    await browser?.close();
  });

  /** A fresh tab (empty sessionStorage) on the console. */
  async function openConsole(): Promise<Console> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
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
    const abortRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/abort')) abortRequests.push(request.postData() ?? '');
    });
    await page.click('#abort-saga');
    await page.locator('#ask-dialog').waitFor({ state: 'visible' });
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

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
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
});
