// The orchestrator's admin console: one ES module, no dependencies, no inline code (the page runs
// under a strict CSP). It talks to the admin API with the bearer token the operator typed in, kept
// in sessionStorage so it lives only as long as the tab.

const TOKEN_KEY = 'saga-admin-token';
const POLL_MS = 2000;
/** The overview's refresh: its charts move in 10-second buckets. */
const OVERVIEW_POLL_MS = 3000;
/** Dry runs asked at once before a bulk abort. */
const DRY_RUN_CONCURRENCY = 6;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEADLINE_LABEL = {
  timeout: 'reply timeout',
  'awaiting-delivery': 'delivery check',
  'retry-backoff': 'next retry',
  'saga-deadline': 'saga deadline',
};
const PAGE_SIZES = [20, 50, 100];
const MAX_PAGE_SIZE = 500;
const STATUSES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED'];

/** Timeline kinds written by the saga engine (libs/saga-core TimelineKind), grouped by how they are drawn. */
const TIMELINE_CATEGORY = {
  'saga-started': 'lifecycle',
  'saga-finished': 'lifecycle',
  'command-sent': 'forward',
  'reply-received': 'forward',
  'compensation-started': 'compensation',
  'compensation-sent': 'compensation',
  'retry-scheduled': 'retry',
  'retries-exhausted': 'retry',
  timeout: 'timeout',
  'saga-deadline-passed': 'timeout',
  'operator-retry': 'operator',
  'operator-abort': 'operator',
  'operator-refused': 'operator',
  'dead-letter-replayed': 'operator',
  'dead-letter-deleted': 'operator',
  'late-reply': 'ignored',
  'duplicate-reply': 'ignored',
  'duplicate-start': 'ignored',
};

const byId = (id) => document.getElementById(id);
const view = byId('view');
const live = byId('live');
const notice = byId('notice');
const tokenDialog = byId('token-dialog');
const tokenInput = byId('token-input');
const askDialog = byId('ask-dialog');
const askReason = byId('ask-reason');

// ---- API -------------------------------------------------------------------------------------

class Unauthorized extends Error {}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new Unauthorized(
      token
        ? 'The orchestrator rejected that token. Enter its ADMIN_TOKEN.'
        : 'The admin API needs the orchestrator’s ADMIN_TOKEN.',
    );
  }
  const text = await response.text();
  const payload = text ? parseJson(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, errorMessage(payload) ?? `${response.status} ${response.statusText}`);
  }
  return payload;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessage(payload) {
  const message = payload?.message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

function describeError(error) {
  return error instanceof ApiError ? `${error.status}: ${error.message}` : error.message;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  return search.toString();
}

// ---- token -----------------------------------------------------------------------------------

function askForToken(message) {
  byId('token-message').textContent = message;
  tokenInput.value = '';
  if (!tokenDialog.open) tokenDialog.showModal();
  tokenInput.focus();
}

byId('token-form').addEventListener('submit', (event) => {
  const token = tokenInput.value.trim();
  if (!token) {
    event.preventDefault();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  render();
});

// Without a token nothing here works, so Escape does not dismiss the prompt.
tokenDialog.addEventListener('cancel', (event) => event.preventDefault());

byId('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  render();
});

// ---- page chrome -----------------------------------------------------------------------------

function showNotice(text, tone) {
  notice.textContent = text;
  notice.className = `notice notice--${tone}`;
  notice.hidden = false;
}

/** Runs an operator action; its outcome (or refusal) is shown in the notice bar. */
async function act(run, success) {
  try {
    await run();
    showNotice(success, 'ok');
  } catch (error) {
    if (error instanceof Unauthorized) askForToken(error.message);
    else showNotice(describeError(error), 'error');
  }
}

/**
 * Confirmation dialog. `reason` is 'required', 'optional' or 'none'; resolves with the body of
 * the action (`{reason}` when one was typed, else `{}`), or null when cancelled.
 */
function ask({ title, message, confirm, reason }) {
  byId('ask-title').textContent = title;
  byId('ask-message').textContent = message;
  byId('ask-confirm').textContent = confirm;
  byId('ask-reason-label').hidden = reason === 'none';
  byId('ask-reason-optional').hidden = reason !== 'optional';
  askReason.required = reason === 'required';
  askReason.value = '';
  askReason.setCustomValidity('');
  askDialog.showModal();
  return new Promise((resolve) => {
    const form = byId('ask-form');
    const cancel = byId('ask-cancel');
    const finish = (value) => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      askDialog.removeEventListener('close', onCancel);
      if (askDialog.open) askDialog.close();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const typed = reason === 'none' ? '' : askReason.value.trim();
      if (reason === 'required' && !typed) {
        askReason.setCustomValidity('Give a reason: it is written to the saga’s timeline.');
        askReason.reportValidity();
        return;
      }
      finish(typed ? { reason: typed } : {});
    };
    const onCancel = () => finish(null);
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    askDialog.addEventListener('close', onCancel);
  });
}

askReason.addEventListener('input', () => askReason.setCustomValidity(''));

/**
 * Calls `load` now and every POLL_MS until stopped; `refresh` loads at once (after any load in
 * flight). A 401 stops it and asks for the token; entering one re-renders the view.
 */
function poll(load, intervalMs = POLL_MS) {
  let timer;
  let stopped = false;
  let chain = Promise.resolve();
  const tick = () => {
    clearTimeout(timer);
    chain = chain.then(async () => {
      if (stopped) return;
      try {
        await load();
        live.textContent = `live · ${new Date().toLocaleTimeString()}`;
        live.className = 'live';
      } catch (error) {
        if (stopped) return;
        if (error instanceof Unauthorized) {
          stopped = true;
          live.textContent = '';
          askForToken(error.message);
          return;
        }
        live.textContent = `not updating · ${describeError(error)}`;
        live.className = 'live live--error';
      }
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  tick();
  return {
    refresh: tick,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

// ---- DOM helpers -----------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace('Z', '');
}

function badge(status) {
  return el('span', { class: `badge status-${status}` }, status);
}

function errorText(error) {
  if (!error) return '';
  if (typeof error !== 'object') return String(error);
  return [error.code, error.message].filter(Boolean).join(': ');
}

function sagaHref(sagaId) {
  return `#/sagas/${encodeURIComponent(sagaId)}`;
}

/** Links to a keyset-paged list's first page and to the page after this one (its cursor lives in the hash). */
function pager(hashFor, cursor, firstLabel, nextLabel) {
  const first = el('a', { class: 'first-page', href: hashFor({ cursor: '' }), hidden: !cursor }, firstLabel);
  const next = el('a', { class: 'next-page', hidden: true }, nextLabel);
  return {
    nav: el('nav', { class: 'pager' }, first, next),
    show(nextCursor) {
      next.hidden = !nextCursor;
      if (nextCursor) next.href = hashFor({ cursor: nextCursor });
    },
  };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Like `el`, for SVG (the charts: geometry goes in attributes, colours in the stylesheet, so nothing is inline style). */
function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

/** A span of milliseconds as an operator reads it: `850 ms`, `12.4 s`, `3 m 05 s`, `2 h 10 m`. */
function duration(ms) {
  const value = Math.max(0, Math.round(ms));
  if (value < 1000) return `${value} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  const seconds = Math.floor(value / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} m ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} m`;
}

/** Time left in whole seconds, as a countdown reads: `42 s`, `3 m 05 s`. */
function countdown(ms) {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds} s` : duration(seconds * 1000);
}

/** JSON indented for reading; a string that holds JSON (a message body) is read as that JSON. */
function prettyJson(value) {
  if (typeof value === 'string') {
    const parsed = parseJson(value);
    return parsed === null ? value : JSON.stringify(parsed, null, 2);
  }
  return JSON.stringify(value, null, 2);
}

/** A payload folded away: an expandable `<details>` with its JSON. */
function payload(summary, value, className) {
  return el(
    'details',
    { class: `payload ${className ?? ''}`.trim() },
    el('summary', {}, summary),
    el('pre', { class: 'data' }, prettyJson(value)),
  );
}

function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'object' && Object.keys(value).length === 0) ||
    value === ''
  );
}

/** Runs `work` on every item, `concurrency` at a time; results in the items' order. */
async function eachLimited(items, concurrency, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The deployment's settings for the console (`/admin/ui/config.json`, no token): read once. */
const uiConfig = fetch('/admin/ui/config.json', { cache: 'no-store' })
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}));

/** The trace id of a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`), if it is one. */
function traceIdOf(saga) {
  if (typeof saga.traceId === 'string' && /^[0-9a-f]{32}$/.test(saga.traceId)) return saga.traceId;
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(saga.traceparent ?? '');
  return match ? match[1] : null;
}

// ---- search ----------------------------------------------------------------------------------

/**
 * The one search box: a UUID that is a saga's id opens that saga; anything else (an order id is a
 * UUID too) lists the sagas with that business key.
 */
async function search(text) {
  const term = text.trim();
  if (!term) {
    location.hash = '#/sagas';
    return;
  }
  if (UUID.test(term)) {
    try {
      await api('GET', `/admin/sagas/${encodeURIComponent(term)}`);
      location.hash = sagaHref(term);
      return;
    } catch (error) {
      if (error instanceof Unauthorized) {
        askForToken(error.message);
        return;
      }
      if (!(error instanceof ApiError && error.status === 404)) {
        showNotice(describeError(error), 'error');
        return;
      }
    }
  }
  location.hash = `#/sagas?${query({ businessKey: term })}`;
}

byId('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void search(byId('search').value);
});

// ---- views -----------------------------------------------------------------------------------

/** `<input type=datetime-local>` reads and writes local wall time; the API and the hash speak ISO 8601. */
function toLocalInput(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

function fromLocalInput(value) {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

function sagaListView(section, route) {
  const hashFor = (changes) => {
    const { status, type, businessKey, createdAfter, updatedBefore, limit, cursor } = {
      ...route,
      ...changes,
    };
    return `#/sagas?${query({ status, type, businessKey, createdAfter, updatedBefore, limit, cursor })}`;
  };
  const go = (changes) => {
    location.hash = hashFor(changes);
  };
  const status = el(
    'select',
    { id: 'status-filter', 'aria-label': 'Status' },
    el('option', { value: '' }, 'All statuses'),
    STATUSES.map((value) => el('option', { value, selected: value === route.status }, value)),
  );
  status.addEventListener('change', () => go({ status: status.value, cursor: '' }));
  const type = el('input', {
    id: 'type-filter',
    type: 'search',
    placeholder: 'any type',
    'aria-label': 'Type',
    list: 'known-types',
    maxlength: 100,
    value: route.type,
  });
  type.addEventListener('change', () => go({ type: type.value.trim(), cursor: '' }));
  const knownTypes = el('datalist', { id: 'known-types' });
  const timeFilter = (id, name) => {
    const input = el('input', { id, type: 'datetime-local', step: 1, value: toLocalInput(route[name]) });
    input.addEventListener('change', () => go({ [name]: fromLocalInput(input.value), cursor: '' }));
    return input;
  };
  const pageSize = el(
    'select',
    { id: 'page-size', 'aria-label': 'Per page' },
    [...new Set([...PAGE_SIZES, route.limit])]
      .sort((a, b) => a - b)
      .map((size) => el('option', { value: size, selected: size === route.limit }, `${size} per page`)),
  );
  pageSize.addEventListener('change', () => go({ limit: Number(pageSize.value), cursor: '' }));
  const keyFilter = route.businessKey
    ? el(
        'p',
        { class: 'active-filter', id: 'business-key-filter' },
        'Business key ',
        el('strong', { class: 'mono' }, route.businessKey),
        ' ',
        el('a', { href: hashFor({ businessKey: '', cursor: '' }) }, 'clear'),
      )
    : null;

  const rows = el('tbody');
  const pages = pager(hashFor, route.cursor, '⇤ Newest', 'Older ⇥');

  // Selection outlives the polls that redraw the rows; a saga that left the page leaves it.
  const selected = new Map();
  const selectAll = el('input', {
    type: 'checkbox',
    id: 'select-all',
    'aria-label': 'Select all on this page',
  });
  const count = el('span', { id: 'selected-count' }, 'None selected');
  const bulkRetry = el('button', { type: 'button', id: 'bulk-retry', disabled: true }, 'Retry selected…');
  const bulkAbort = el(
    'button',
    { type: 'button', id: 'bulk-abort', class: 'danger', disabled: true },
    'Abort selected…',
  );
  let shown = [];
  const selectionChanged = () => {
    count.textContent = selected.size === 0 ? 'None selected' : `${selected.size} selected`;
    bulkRetry.disabled = bulkAbort.disabled = selected.size === 0;
    selectAll.checked = shown.length > 0 && shown.every((saga) => selected.has(saga.sagaId));
    selectAll.indeterminate = !selectAll.checked && shown.some((saga) => selected.has(saga.sagaId));
    for (const box of rows.querySelectorAll('input.select-saga'))
      box.checked = selected.has(box.dataset.sagaId);
  };
  selectAll.addEventListener('change', () => {
    for (const saga of shown) {
      if (selectAll.checked) selected.set(saga.sagaId, saga);
      else selected.delete(saga.sagaId);
    }
    selectionChanged();
  });

  section.append(
    el('h2', {}, 'Sagas'),
    el(
      'form',
      { class: 'filters', role: 'search' },
      el('label', {}, 'Status ', status),
      el('label', {}, 'Type ', type),
      el('label', {}, 'Created after ', timeFilter('created-after', 'createdAfter')),
      el('label', {}, 'Updated before ', timeFilter('updated-before', 'updatedBefore')),
      pageSize,
      knownTypes,
    ),
    ...(keyFilter ? [keyFilter] : []),
    el('div', { class: 'bulk-bar', id: 'bulk-actions' }, count, bulkRetry, bulkAbort),
    el(
      'table',
      { id: 'saga-list' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { class: 'select' }, selectAll),
          ['Saga', 'Type', 'Business key', 'Status', 'Current step', 'Created', 'Updated'].map((h) =>
            el('th', {}, h),
          ),
        ),
      ),
      rows,
    ),
    pages.nav,
  );
  section.querySelector('form').addEventListener('submit', (event) => event.preventDefault());

  const types = new Set();
  const poller = poll(async () => {
    const page = await api(
      'GET',
      `/admin/sagas?${query({
        status: route.status,
        type: route.type,
        businessKey: route.businessKey,
        createdAfter: route.createdAfter,
        updatedBefore: route.updatedBefore,
        limit: route.limit,
        cursor: route.cursor,
      })}`,
    );
    shown = page.items;
    for (const saga of page.items) if (selected.has(saga.sagaId)) selected.set(saga.sagaId, saga);
    rows.replaceChildren(
      ...(page.items.length === 0
        ? [el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No sagas match.'))]
        : page.items.map((saga) => {
            const box = el('input', {
              type: 'checkbox',
              class: 'select-saga',
              'data-saga-id': saga.sagaId,
              'aria-label': `Select saga ${saga.sagaId}`,
              checked: selected.has(saga.sagaId),
            });
            box.addEventListener('change', () => {
              if (box.checked) selected.set(saga.sagaId, saga);
              else selected.delete(saga.sagaId);
              selectionChanged();
            });
            return el(
              'tr',
              { 'data-saga-id': saga.sagaId },
              el('td', { class: 'select' }, box),
              el('td', {}, el('a', { href: sagaHref(saga.sagaId), class: 'mono' }, saga.sagaId)),
              el('td', {}, saga.type),
              el('td', { class: 'mono' }, saga.businessKey ?? '—'),
              el('td', {}, badge(saga.status)),
              el('td', {}, saga.currentStep ?? '—'),
              el('td', {}, time(saga.createdAt)),
              el('td', {}, time(saga.updatedAt)),
            );
          })),
    );
    for (const saga of page.items) {
      if (!types.has(saga.type)) knownTypes.append(el('option', { value: saga.type }));
      types.add(saga.type);
    }
    pages.show(page.nextCursor);
    selectionChanged();
  });

  const afterBulk = () => {
    selected.clear();
    selectionChanged();
    poller.refresh();
  };
  bulkRetry.addEventListener('click', () => bulkAction('retry', [...selected.values()], afterBulk));
  bulkAbort.addEventListener('click', () => bulkAction('abort', [...selected.values()], afterBulk));
  return poller;
}

// ---- bulk actions ----------------------------------------------------------------------------

const bulkDialog = byId('bulk-dialog');
const bulkReason = byId('bulk-reason');
/** Counts dialogs opened, so a dry run answering after its dialog was closed writes nowhere. */
let bulkGeneration = 0;

/**
 * The bulk dialog: first what would happen to each selected saga (for an abort, the dry run of
 * each: the compensations it would send, or why it would be refused), then, once confirmed with
 * a reason, one bulk request and the outcome per saga in the same rows.
 */
async function bulkAction(action, sagas, done) {
  if (sagas.length === 0) return;
  const abort = action === 'abort';
  const plural = sagas.length === 1 ? 'saga' : 'sagas';
  byId('bulk-title').textContent = `${abort ? 'Abort' : 'Retry'} ${sagas.length} ${plural}`;
  byId('bulk-message').textContent = abort
    ? 'Dry run: what each abort would send. Nothing has changed yet.'
    : 'Each saga resends the step that waits for a retry (or resumes its failed compensation).';
  byId('bulk-plan-heading').textContent = abort ? 'Would send' : 'Current step';
  const confirm = byId('bulk-confirm');
  const cancel = byId('bulk-cancel');
  confirm.textContent = `${abort ? 'Abort' : 'Retry'} ${sagas.length} ${plural}`;
  confirm.className = abort ? 'danger' : '';
  confirm.hidden = false;
  confirm.disabled = abort; // until the dry run is in
  cancel.textContent = 'Cancel';
  byId('bulk-reason-label').hidden = false;
  byId('bulk-reason-optional').hidden = abort;
  bulkReason.required = abort;
  bulkReason.value = '';
  bulkReason.setCustomValidity('');

  const outcomes = new Map();
  const plan = byId('bulk-plan');
  plan.replaceChildren(
    ...sagas.map((saga) => {
      const planned = el('td', { class: 'planned' }, abort ? 'asking…' : (saga.currentStep ?? '—'));
      const outcome = el('td', { class: 'outcome' }, '');
      outcomes.set(saga.sagaId, { planned, outcome });
      return el(
        'tr',
        { 'data-saga-id': saga.sagaId },
        el('td', { class: 'mono' }, saga.sagaId),
        el('td', {}, badge(saga.status)),
        planned,
        outcome,
      );
    }),
  );
  bulkDialog.showModal();
  const generation = ++bulkGeneration;

  const closed = new Promise((resolve) => {
    const form = byId('bulk-form');
    let sent = false;
    const finish = () => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      bulkDialog.removeEventListener('close', onCancel);
      if (bulkDialog.open) bulkDialog.close();
      if (sent) done();
      resolve();
    };
    const onSubmit = async (event) => {
      event.preventDefault();
      if (sent) return;
      const reason = bulkReason.value.trim();
      if (abort && !reason) {
        bulkReason.setCustomValidity('Give a reason: it is written to every saga’s timeline.');
        bulkReason.reportValidity();
        return;
      }
      confirm.disabled = true;
      try {
        const { results } = await api('POST', `/admin/sagas/${action}`, {
          sagaIds: sagas.map((saga) => saga.sagaId),
          ...(reason ? { reason } : {}),
        });
        sent = true;
        for (const result of results) {
          const cell = outcomes.get(result.sagaId)?.outcome;
          if (!cell) continue;
          cell.className = `outcome outcome--${result.outcome}`;
          cell.textContent =
            result.outcome === 'accepted'
              ? `accepted${result.status ? ` · ${result.status}` : ''}`
              : `refused${result.error ? `: ${result.error}` : ''}`;
        }
        const accepted = results.filter((result) => result.outcome === 'accepted').length;
        byId('bulk-message').textContent = `${accepted} of ${results.length} accepted.`;
        byId('bulk-reason-label').hidden = true;
        confirm.hidden = true;
        cancel.textContent = 'Close';
      } catch (error) {
        confirm.disabled = false;
        if (error instanceof Unauthorized) {
          bulkDialog.close();
          askForToken(error.message);
        } else byId('bulk-message').textContent = describeError(error);
      }
    };
    const onCancel = () => finish();
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    bulkDialog.addEventListener('close', onCancel);
  });

  if (abort) {
    await eachLimited(sagas, DRY_RUN_CONCURRENCY, async (saga) => {
      if (generation !== bulkGeneration) return;
      const { planned } = outcomes.get(saga.sagaId);
      try {
        const dryRun = await api(
          'POST',
          `/admin/sagas/${encodeURIComponent(saga.sagaId)}/abort?dryRun=true`,
          { reason: 'dry run' },
        );
        planned.className = 'planned would-send';
        planned.replaceChildren(
          dryRun.compensations.length === 0
            ? 'no compensation (nothing done yet)'
            : el(
                'ol',
                { class: 'compensations' },
                dryRun.compensations.map((c) => el('li', {}, el('strong', {}, c.step), ' → ', c.command)),
              ),
        );
      } catch (error) {
        if (error instanceof Unauthorized) {
          bulkDialog.close();
          askForToken(error.message);
          return;
        }
        planned.className = 'planned would-refuse';
        planned.textContent = `refused: ${describeError(error)}`;
      }
    });
    if (generation === bulkGeneration) confirm.disabled = false;
  }

  return closed;
}

bulkReason.addEventListener('input', () => bulkReason.setCustomValidity(''));

function sagaView(section, route) {
  const path = `/admin/sagas/${encodeURIComponent(route.sagaId)}`;
  const title = el('h2', { class: 'mono' }, route.sagaId);
  const facts = el('dl', { class: 'facts' });
  const retry = el('button', { type: 'button', id: 'retry-saga' }, 'Retry');
  const abort = el('button', { type: 'button', id: 'abort-saga', class: 'danger' }, 'Abort…');
  const steps = el('tbody');
  const gantt = el('div', { class: 'gantt', id: 'gantt', role: 'img', 'aria-label': 'Step durations' });
  const timeline = el('ol', { class: 'timeline', id: 'timeline' });
  const data = el('pre', { class: 'data' });
  const deadline = el('span', { id: 'next-deadline', class: 'deadline' }, '—');
  const trace = el('span', { id: 'trace' }, '—');
  const businessKey = el('span', { id: 'business-key', class: 'mono' }, '—');

  section.append(
    el(
      'p',
      { class: 'crumbs' },
      el('a', { href: '#/sagas' }, '← All sagas'),
      el('a', { href: `#/dead-letters?${query({ sagaId: route.sagaId })}` }, 'Its dead letters'),
    ),
    el('div', { class: 'saga-head' }, title, el('div', { class: 'actions' }, retry, abort)),
    facts,
    el(
      'dl',
      { class: 'more-facts', id: 'more-facts' },
      el('dt', {}, 'Business key'),
      el('dd', {}, businessKey),
      el('dt', {}, 'Next deadline'),
      el('dd', {}, deadline),
      el('dt', {}, 'Trace'),
      el('dd', {}, trace),
    ),
    el('h3', {}, 'Steps'),
    el(
      'table',
      { id: 'steps' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Step', 'Kind', 'Status', 'Attempts', 'Started', 'Ended', 'Duration', 'Error'].map((h) =>
            el('th', {}, h),
          ),
        ),
      ),
      steps,
    ),
    el('h3', {}, 'Durations'),
    gantt,
    el('h3', {}, 'Timeline'),
    el(
      'ul',
      { class: 'legend' },
      ['forward', 'compensation', 'retry', 'timeout', 'operator', 'lifecycle', 'ignored'].map((c) =>
        el('li', { class: `swatch--${c}` }, c),
      ),
    ),
    timeline,
    el('details', {}, el('summary', {}, 'Saga data'), data),
  );

  // The countdown ticks every second between polls; the poll replaces the deadline it counts to.
  let nextDeadline = null;
  const tickDeadline = () => {
    if (!nextDeadline) {
      deadline.textContent = 'none scheduled';
      deadline.removeAttribute('data-reason');
      return;
    }
    const left = new Date(nextDeadline.at).getTime() - Date.now();
    const label = DEADLINE_LABEL[nextDeadline.reason] ?? nextDeadline.reason;
    deadline.dataset.reason = nextDeadline.reason;
    deadline.dataset.at = nextDeadline.at;
    deadline.textContent =
      left > 0
        ? `${label} in ${countdown(left)} (at ${time(nextDeadline.at)})`
        : `${label} due now (since ${time(nextDeadline.at)})`;
  };
  const ticker = setInterval(tickDeadline, 1000);

  let drawnTimeline = '';
  let drawnData = '';
  let traceFor = '';
  const poller = poll(async () => {
    const saga = await api('GET', path);
    facts.replaceChildren(
      ...[
        ['Status', badge(saga.status)],
        ['Type', `${saga.type} v${saga.version}`],
        ['Current step', saga.currentStep ?? '—'],
      ].flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
    );
    businessKey.textContent = saga.businessKey ?? '—';
    nextDeadline = saga.nextDeadline ?? null;
    tickDeadline();
    const traceId = traceIdOf(saga);
    if (traceId !== traceFor) {
      traceFor = traceId;
      trace.replaceChildren(await traceLink(traceId));
    }
    // The API links an action only while the saga would accept it.
    abort.disabled = !saga._links?.abort;
    retry.disabled = !saga._links?.retry;
    steps.replaceChildren(
      ...saga.steps.map((step) =>
        el(
          'tr',
          { 'data-step': step.name, class: `step-${step.status}` },
          el('td', {}, step.name),
          el('td', {}, el('span', { class: `kind kind-${step.kind}` }, step.kind)),
          el('td', {}, badge(step.status)),
          el('td', { class: 'number' }, step.attempts),
          el('td', {}, time(step.startedAt)),
          el('td', {}, time(step.endedAt)),
          el('td', { class: 'number' }, stepDuration(step)),
          el('td', { class: 'error' }, errorText(step.error)),
        ),
      ),
    );
    drawGantt(gantt, saga);
    // Redrawn only when it grew, so an entry the operator opened stays open.
    const timelineKey = `${saga.timeline.length}:${saga.timeline.at(-1)?.seq}`;
    if (timelineKey !== drawnTimeline) {
      drawnTimeline = timelineKey;
      timeline.replaceChildren(...timelineEntries(saga.timeline));
    }
    const dataText = JSON.stringify(saga.data, null, 2);
    if (dataText !== drawnData) {
      drawnData = dataText;
      data.textContent = dataText;
    }
  });

  const operatorAction = (action, dialog, success) => async () => {
    const body = await ask({ ...dialog, message: `${dialog.message} Saga ${route.sagaId}.` });
    if (body === null) return;
    await act(() => api('POST', `${path}/${action}`, body), success);
    poller.refresh();
  };
  retry.addEventListener(
    'click',
    operatorAction(
      'retry',
      {
        title: 'Retry saga',
        message: 'Resend the step that waits for a retry (or resume the failed compensation).',
        confirm: 'Retry',
        reason: 'optional',
      },
      'Retry accepted.',
    ),
  );
  abort.addEventListener('click', async () => {
    // The dry run first: the operator sees what the abort would send before giving a reason.
    let message = 'Compensate the steps done so far; refused once the pivot step has been sent.';
    try {
      const dryRun = await api('POST', `${path}/abort?dryRun=true`, { reason: 'dry run' });
      message =
        dryRun.compensations.length === 0
          ? 'Nothing to compensate yet: the saga would end without sending anything.'
          : `Would send, in order: ${dryRun.compensations.map((c) => `${c.command} (${c.step})`).join(', ')}.`;
    } catch (error) {
      if (error instanceof Unauthorized) {
        askForToken(error.message);
        return;
      }
      message = `The dry run was refused: ${describeError(error)}.`;
    }
    await operatorAction(
      'abort',
      { title: 'Abort saga', message, confirm: 'Abort saga', reason: 'required' },
      'Abort accepted: compensation started.',
    )();
  });
  return {
    refresh: poller.refresh,
    stop: () => {
      poller.stop();
      clearInterval(ticker);
    },
  };
}

async function traceLink(traceId) {
  if (!traceId) return el('span', { class: 'hint' }, 'not traced');
  const { traceUrl } = await uiConfig;
  if (!traceUrl) return el('span', { class: 'mono', title: 'Set ADMIN_UI_TRACE_URL to link it' }, traceId);
  return el(
    'a',
    {
      id: 'trace-link',
      class: 'mono',
      href: traceUrl.replaceAll('{traceId}', encodeURIComponent(traceId)),
      target: '_blank',
      rel: 'noopener noreferrer',
    },
    traceId,
  );
}

function stepDuration(step) {
  if (!step.startedAt) return '—';
  const end = step.endedAt ? new Date(step.endedAt).getTime() : Date.now();
  return `${duration(end - new Date(step.startedAt).getTime())}${step.endedAt ? '' : ' …'}`;
}

/**
 * The Gantt chart: one row per step, a bar from its start to its end (or to now while it runs),
 * on one time axis from the saga's start. Bars are placed through the CSSOM, which the page's
 * policy allows (it forbids only inline style markup).
 */
function drawGantt(container, saga) {
  const now = Date.now();
  const spans = saga.steps.map((step) => ({
    step,
    start: step.startedAt ? new Date(step.startedAt).getTime() : null,
    end: step.endedAt ? new Date(step.endedAt).getTime() : step.startedAt ? now : null,
  }));
  const started = spans.filter((span) => span.start !== null);
  const origin = Math.min(
    ...started.map((span) => span.start),
    ...(saga.timeline.length > 0 ? [new Date(saga.timeline[0].at).getTime()] : []),
  );
  if (started.length === 0 || !Number.isFinite(origin)) {
    container.replaceChildren(el('p', { class: 'empty' }, 'No step has started yet.'));
    return;
  }
  const last = Math.max(...started.map((span) => span.end));
  const total = Math.max(last - origin, 1);
  const rows = spans.map(({ step, start, end }) => {
    const track = el('div', { class: 'gantt-track' });
    if (start !== null) {
      const bar = el('div', {
        class: `gantt-bar status-${step.status}${step.endedAt ? '' : ' is-open'}`,
        title: `${step.name}: ${stepDuration(step)}`,
      });
      bar.style.left = `${((start - origin) / total) * 100}%`;
      bar.style.width = `${Math.max(((end - start) / total) * 100, 0.4)}%`;
      track.append(bar);
    }
    return el(
      'div',
      { class: 'gantt-row', 'data-step': step.name },
      el('span', { class: 'gantt-label' }, step.name),
      track,
      el('span', { class: 'gantt-duration' }, stepDuration(step)),
    );
  });
  container.replaceChildren(
    ...rows,
    el(
      'div',
      { class: 'gantt-axis' },
      el('span', {}, time(new Date(origin).toISOString())),
      el('span', {}, `+${duration(total)}`),
    ),
  );
}

function timelineEntries(timeline) {
  const compensationCommands = new Set(
    timeline.filter((entry) => entry.kind === 'compensation-sent').map((entry) => entry.detail?.commandId),
  );
  return timeline.map((entry) => {
    const detail = entry.detail ?? {};
    const category =
      entry.kind === 'reply-received' && compensationCommands.has(detail.commandId)
        ? 'compensation'
        : (TIMELINE_CATEGORY[entry.kind] ?? 'other');
    const failed =
      (detail.outcome !== undefined && detail.outcome !== 'SUCCESS') ||
      entry.kind === 'retries-exhausted' ||
      entry.kind === 'operator-refused' ||
      detail.status === 'FAILED';
    const classes = [
      'entry',
      `entry--${category}`,
      failed && 'is-failure',
      detail.attempt > 1 && 'is-retry',
      detail.compensation === true && 'is-compensation',
    ];
    return el(
      'li',
      { class: classes.filter(Boolean).join(' '), 'data-kind': entry.kind, 'data-seq': entry.seq },
      el('time', { datetime: entry.at }, time(entry.at)),
      el('span', { class: 'kind-label' }, entry.kind),
      entry.step ? el('span', { class: 'step-name' }, entry.step) : null,
      el('span', { class: 'summary' }, summarize(detail)),
      isEmpty(detail) ? null : payload(payloadLabel(entry.kind), detail, 'entry-payload'),
    );
  });
}

function payloadLabel(kind) {
  if (kind === 'command-sent' || kind === 'compensation-sent') return 'command';
  if (kind === 'reply-received' || kind === 'late-reply' || kind === 'duplicate-reply') return 'reply';
  return 'detail';
}

/** A one-line reading of a timeline entry's detail; the fields are those the engine writes. */
function summarize(detail) {
  const parts = [];
  if (detail.type) parts.push(`${detail.type} v${detail.version}`);
  if (detail.command) parts.push(detail.command);
  if (detail.attempt > 1) parts.push(`attempt ${detail.attempt}`);
  if (detail.outcome) parts.push(detail.outcome);
  if (detail.cause) parts.push(`cause ${detail.cause}`);
  if (detail.error) parts.push(errorText(detail.error));
  if (detail.reason) parts.push(`reason “${detail.reason}”`);
  if (detail.code) parts.push(errorText(detail));
  if (detail.timeoutMs) parts.push(`no reply within ${detail.timeoutMs} ms`);
  if (detail.deadlineMs) parts.push(`saga not finished within ${detail.deadlineMs} ms`);
  if (detail.then) parts.push(detail.then === 'compensate' ? 'compensating' : 'going on past its pivot');
  if (detail.nextAttempt) parts.push(`attempt ${detail.nextAttempt} in ${detail.delayMs} ms`);
  if (detail.attempts) parts.push(`after ${detail.attempts} attempts`);
  if (detail.resumes) parts.push(`resumes ${detail.resumes}`);
  if (detail.status) parts.push(detail.status);
  if (detail.deadLetterId)
    parts.push(`dead letter #${detail.deadLetterId} (${detail.subject}): ${detail.failure}`);
  return parts.join(' · ');
}

function deadLetterView(section, route) {
  const hashFor = (changes) => {
    const { sagaId, subject, consumer, cursor } = { ...route, ...changes };
    return `#/dead-letters?${query({ sagaId, subject, consumer, cursor })}`;
  };
  const filter = (id, name, label, placeholder) => {
    const input = el('input', {
      id,
      type: 'search',
      placeholder,
      'aria-label': label,
      maxlength: 200,
      value: route[name],
    });
    input.addEventListener('change', () => {
      location.hash = hashFor({ [name]: input.value.trim(), cursor: '' });
    });
    return el('label', {}, `${label} `, input);
  };
  const rows = el('tbody');
  const pages = pager(hashFor, route.cursor, '⇤ Oldest', 'Next ⇥');
  section.append(
    el('h2', {}, route.sagaId ? `Dead letters of saga ${route.sagaId}` : 'Dead letters'),
    el(
      'form',
      { class: 'filters', role: 'search' },
      filter('subject-filter', 'subject', 'Subject', 'saga.cmd.payment.authorize'),
      filter('consumer-filter', 'consumer', 'Consumer', 'any consumer'),
    ),
    el(
      'table',
      { id: 'dead-letters' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['At', 'Subject', 'Reason', 'Deliveries', 'Consumer', 'Saga', 'Payload', ''].map((h) =>
            el('th', {}, h),
          ),
        ),
      ),
      rows,
    ),
    pages.nav,
  );
  section.querySelector('form').addEventListener('submit', (event) => event.preventDefault());

  let drawn = '';
  const poller = poll(async () => {
    const page = await api(
      'GET',
      `/admin/dead-letters?${query({
        sagaId: route.sagaId,
        subject: route.subject,
        consumer: route.consumer,
        cursor: route.cursor,
      })}`,
    );
    // Redrawn only when the letters changed, so a payload the operator opened stays open.
    const key = JSON.stringify(
      page.items.map((letter) => [letter.id, letter.deliveryCount, letter.replayable]),
    );
    if (key !== drawn) {
      drawn = key;
      rows.replaceChildren(
        ...(page.items.length === 0
          ? [el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No dead letters.'))]
          : page.items.map((letter) => deadLetterRow(letter, poller))),
      );
    }
    pages.show(page.nextCursor);
  });
  return poller;
}

function deadLetterRow(letter, poller) {
  const path = `/admin/dead-letters/${encodeURIComponent(letter.id)}`;
  const action = (button, dialog, run, success) =>
    button.addEventListener('click', async () => {
      const body = await ask({
        ...dialog,
        message: `${dialog.message} (${letter.originalSubject}, #${letter.id})`,
      });
      if (body === null) return;
      await act(() => run(body), success);
      poller.refresh();
    });
  const replay = el('button', { type: 'button', class: 'replay', disabled: !letter.replayable }, 'Replay');
  const remove = el('button', { type: 'button', class: 'danger delete' }, 'Delete');
  action(
    replay,
    {
      title: 'Replay dead letter',
      message: 'Publish the original message again.',
      confirm: 'Replay',
      reason: 'optional',
    },
    (body) => api('POST', `${path}/replay`, body),
    `Dead letter #${letter.id} replayed to ${letter.originalSubject}.`,
  );
  action(
    remove,
    {
      title: 'Delete dead letter',
      message: 'Delete it for good, without replaying it.',
      confirm: 'Delete',
      reason: 'none',
    },
    () => api('DELETE', path),
    `Dead letter #${letter.id} deleted.`,
  );
  return el(
    'tr',
    { 'data-dead-letter-id': letter.id },
    el('td', {}, time(letter.at)),
    el('td', { class: 'mono' }, letter.originalSubject),
    el('td', { class: 'error' }, letter.reason),
    el('td', { class: 'number' }, letter.deliveryCount),
    el('td', { class: 'mono' }, letter.consumer ?? '—'),
    el(
      'td',
      {},
      letter.sagaId ? el('a', { href: sagaHref(letter.sagaId), class: 'mono' }, letter.sagaId) : '—',
    ),
    el(
      'td',
      { class: 'payload-cell' },
      payload('payload', letter.payload ?? null, 'letter-payload'),
      isEmpty(letter.headers) ? null : payload('headers', letter.headers, 'letter-headers'),
    ),
    el('td', { class: 'row-actions' }, replay, remove),
  );
}

// ---- overview --------------------------------------------------------------------------------

const CHART = { width: 640, height: 190, left: 40, right: 8, top: 12, bottom: 26 };

/** The overview's charts: each a set of `history` bucket fields, stacked. */
const OVERVIEW_CHARTS = [
  {
    id: 'throughput-chart',
    title: 'Throughput',
    hint: 'sagas started',
    series: [{ key: 'started', label: 'started' }],
  },
  {
    id: 'outcomes-chart',
    title: 'Outcomes',
    hint: 'sagas finished, by how they ended',
    series: [
      { key: 'completed', label: 'completed' },
      { key: 'compensated', label: 'compensated' },
      { key: 'failed', label: 'failed' },
    ],
  },
  {
    id: 'failures-chart',
    title: 'Failures',
    hint: 'compensated (undone) and failed (compensation gave up) sagas',
    series: [
      { key: 'compensated', label: 'compensated' },
      { key: 'failed', label: 'failed' },
    ],
  },
];

function overviewView(section) {
  const counts = el('div', { class: 'tiles', id: 'status-counts' });
  const rates = el('p', { class: 'rates', id: 'rates' });
  const charts = el('div', { class: 'charts', id: 'charts' });
  const running = el('tbody');
  const attention = el('tbody');
  const table = (id, heading, body) =>
    el(
      'table',
      { id, class: 'compact' },
      el('thead', {}, el('tr', {}, el('th', {}, heading), el('th', { class: 'number' }, 'Sagas'))),
      body,
    );
  section.append(
    el('h2', {}, 'Overview'),
    counts,
    rates,
    charts,
    el(
      'div',
      { class: 'side-by-side' },
      el('div', {}, el('h3', {}, 'Running, by current step'), table('running-by-step', 'Step', running)),
      el(
        'div',
        {},
        el('h3', {}, 'Needing attention, by step'),
        table('attention-by-step', 'Step', attention),
      ),
    ),
  );

  return poll(async () => {
    const stats = await api('GET', '/admin/stats');
    counts.replaceChildren(
      ...STATUSES.map((status) =>
        el(
          'a',
          { class: `tile status-${status}`, href: `#/sagas?${query({ status })}`, 'data-status': status },
          el('span', { class: 'tile-count' }, String(stats.byStatus?.[status] ?? 0)),
          el('span', { class: 'tile-label' }, status),
        ),
      ),
    );
    rates.textContent = `Last minute: ${stats.ratesPerMinute?.started ?? 0} started, ${
      stats.ratesPerMinute?.finished ?? 0
    } finished.`;
    const history = stats.history;
    if (history && Array.isArray(history.buckets) && history.buckets.length > 0) {
      charts.replaceChildren(
        ...OVERVIEW_CHARTS.map((chart) =>
          el(
            'figure',
            { class: 'chart', id: chart.id },
            el(
              'figcaption',
              {},
              el('strong', {}, chart.title),
              ' ',
              el('span', { class: 'hint' }, chart.hint),
            ),
            barChart(history, chart.series),
            el(
              'ul',
              { class: 'legend' },
              chart.series.map((series) => el('li', { class: `swatch--${series.key}` }, series.label)),
            ),
          ),
        ),
      );
    } else {
      charts.replaceChildren(
        el(
          'p',
          { class: 'empty no-history' },
          'This orchestrator reports no history yet: the charts appear once /admin/stats has it.',
        ),
      );
    }
    const stepRows = (byStep) => {
      const entries = Object.entries(byStep ?? {}).sort((a, b) => b[1] - a[1]);
      return entries.length === 0
        ? [el('tr', {}, el('td', { colspan: 2, class: 'empty' }, 'None.'))]
        : entries.map(([step, n]) =>
            el('tr', { 'data-step': step }, el('td', {}, step), el('td', { class: 'number' }, String(n))),
          );
    };
    running.replaceChildren(...stepRows(stats.runningByStep));
    attention.replaceChildren(...stepRows(stats.needingAttentionByStep));
  }, OVERVIEW_POLL_MS);
}

/** Stacked bars, one per history bucket, oldest on the left; inline SVG with a fixed viewBox that scales to its box. */
function barChart(history, series) {
  const { width, height, left, right, top, bottom } = CHART;
  const buckets = history.buckets;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const totals = buckets.map((bucket) => series.reduce((sum, s) => sum + (Number(bucket[s.key]) || 0), 0));
  const max = Math.max(1, ...totals);
  const step = plotWidth / buckets.length;
  const y = (value) => top + plotHeight - (value / max) * plotHeight;
  const minutes = Math.round((buckets.length * history.bucketSeconds) / 60);

  const bars = buckets.flatMap((bucket, index) => {
    let base = 0;
    return series.map((s) => {
      const value = Number(bucket[s.key]) || 0;
      const rect = svg(
        'rect',
        {
          class: `bar bar--${s.key}`,
          x: (left + index * step + step * 0.1).toFixed(2),
          y: y(base + value).toFixed(2),
          width: (step * 0.8).toFixed(2),
          height: ((value / max) * plotHeight).toFixed(2),
        },
        svg('title', {}, `${time(bucket.at)}: ${value} ${s.label}`),
      );
      base += value;
      return value > 0 ? rect : null;
    });
  });
  const total = totals.reduce((sum, value) => sum + value, 0);
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      class: 'bar-chart',
      role: 'img',
      'aria-label': `${series.map((s) => s.label).join(', ')}: ${total} in the last ${minutes} minutes`,
      'data-total': total,
      'data-buckets': buckets.length,
    },
    svg('line', { class: 'axis', x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }),
    svg('line', { class: 'grid', x1: left, x2: width - right, y1: top, y2: top }),
    svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(max / 2), y2: y(max / 2) }),
    svg('text', { class: 'tick', x: left - 6, y: top + 4, 'text-anchor': 'end' }, String(max)),
    svg('text', { class: 'tick', x: left - 6, y: top + plotHeight + 4, 'text-anchor': 'end' }, '0'),
    svg('text', { class: 'tick', x: left, y: height - 8 }, `−${minutes} min`),
    svg(
      'text',
      { class: 'tick', x: left + plotWidth / 2, y: height - 8, 'text-anchor': 'middle' },
      `per ${history.bucketSeconds} s`,
    ),
    svg('text', { class: 'tick', x: width - right, y: height - 8, 'text-anchor': 'end' }, 'now'),
    bars,
  );
}

// ---- routing ---------------------------------------------------------------------------------

function isoOrEmpty(text) {
  return text && !Number.isNaN(new Date(text).getTime()) ? text : '';
}

function parseRoute() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const [section, id] = path.split('/').filter(Boolean);
  const params = new URLSearchParams(search);
  if (section === 'sagas' && id) return { name: 'saga', sagaId: decodeURIComponent(id) };
  if (section === 'overview') return { name: 'overview' };
  if (section === 'dead-letters') {
    return {
      name: 'dead-letters',
      sagaId: params.get('sagaId') ?? '',
      subject: params.get('subject') ?? '',
      consumer: params.get('consumer') ?? '',
      cursor: params.get('cursor') ?? '',
    };
  }
  const limit = Number(params.get('limit'));
  return {
    name: 'sagas',
    status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
    type: params.get('type') ?? '',
    businessKey: params.get('businessKey') ?? '',
    createdAfter: isoOrEmpty(params.get('createdAfter')),
    updatedBefore: isoOrEmpty(params.get('updatedBefore')),
    limit: Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE ? limit : PAGE_SIZES[0],
    cursor: params.get('cursor') ?? '',
  };
}

const VIEWS = {
  sagas: sagaListView,
  saga: sagaView,
  'dead-letters': deadLetterView,
  overview: overviewView,
};
let current = { stop: () => {} };

function render() {
  current.stop();
  notice.hidden = true;
  const route = parseRoute();
  for (const link of document.querySelectorAll('header nav a')) {
    link.classList.toggle(
      'current',
      link.getAttribute('href') === `#/${route.name === 'saga' ? 'sagas' : route.name}`,
    );
  }
  const searchBox = byId('search');
  if (document.activeElement !== searchBox)
    searchBox.value = route.name === 'saga' ? route.sagaId : (route.businessKey ?? '');
  // Each view draws into its own section, so a load still in flight when the route changes lands nowhere.
  const section = el('section', { class: `view view--${route.name}` });
  view.replaceChildren(section);
  current = VIEWS[route.name](section, route);
}

window.addEventListener('hashchange', render);
render();
