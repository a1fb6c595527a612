// The orchestrator's admin console: one ES module, no dependencies, no inline code (the page runs
// under a strict CSP). It talks to the admin API with the bearer token the operator typed in, kept
// in sessionStorage so it lives only as long as the tab.

const TOKEN_KEY = 'saga-admin-token';
const POLL_MS = 2000;
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
function poll(load) {
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
      if (!stopped) timer = setTimeout(tick, POLL_MS);
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

// ---- views -----------------------------------------------------------------------------------

function sagaListView(section, route) {
  const hashFor = (changes) => {
    const { status, type, limit, cursor } = { ...route, ...changes };
    return `#/sagas?${query({ status, type, limit, cursor })}`;
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
  const pageSize = el(
    'select',
    { id: 'page-size', 'aria-label': 'Per page' },
    [...new Set([...PAGE_SIZES, route.limit])]
      .sort((a, b) => a - b)
      .map((size) => el('option', { value: size, selected: size === route.limit }, `${size} per page`)),
  );
  pageSize.addEventListener('change', () => go({ limit: Number(pageSize.value), cursor: '' }));

  const rows = el('tbody');
  const pages = pager(hashFor, route.cursor, '⇤ Newest', 'Older ⇥');

  section.append(
    el('h2', {}, 'Sagas'),
    el(
      'form',
      { class: 'filters', role: 'search' },
      el('label', {}, 'Status ', status),
      el('label', {}, 'Type ', type),
      pageSize,
      knownTypes,
    ),
    el(
      'table',
      { id: 'saga-list' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Saga', 'Type', 'Status', 'Current step', 'Created', 'Updated'].map((h) => el('th', {}, h)),
        ),
      ),
      rows,
    ),
    pages.nav,
  );
  section.querySelector('form').addEventListener('submit', (event) => event.preventDefault());

  const types = new Set();
  return poll(async () => {
    const page = await api(
      'GET',
      `/admin/sagas?${query({ status: route.status, type: route.type, limit: route.limit, cursor: route.cursor })}`,
    );
    rows.replaceChildren(
      ...(page.items.length === 0
        ? [el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'No sagas match.'))]
        : page.items.map((saga) =>
            el(
              'tr',
              { 'data-saga-id': saga.sagaId },
              el('td', {}, el('a', { href: sagaHref(saga.sagaId), class: 'mono' }, saga.sagaId)),
              el('td', {}, saga.type),
              el('td', {}, badge(saga.status)),
              el('td', {}, saga.currentStep ?? '—'),
              el('td', {}, time(saga.createdAt)),
              el('td', {}, time(saga.updatedAt)),
            ),
          )),
    );
    for (const saga of page.items) {
      if (!types.has(saga.type)) knownTypes.append(el('option', { value: saga.type }));
      types.add(saga.type);
    }
    pages.show(page.nextCursor);
  });
}

function sagaView(section, route) {
  const path = `/admin/sagas/${encodeURIComponent(route.sagaId)}`;
  const title = el('h2', { class: 'mono' }, route.sagaId);
  const facts = el('dl', { class: 'facts' });
  const retry = el('button', { type: 'button', id: 'retry-saga' }, 'Retry');
  const abort = el('button', { type: 'button', id: 'abort-saga', class: 'danger' }, 'Abort…');
  const steps = el('tbody');
  const timeline = el('ol', { class: 'timeline', id: 'timeline' });
  const data = el('pre', { class: 'data' });

  section.append(
    el(
      'p',
      { class: 'crumbs' },
      el('a', { href: '#/sagas' }, '← All sagas'),
      el('a', { href: `#/dead-letters?${query({ sagaId: route.sagaId })}` }, 'Its dead letters'),
    ),
    el('div', { class: 'saga-head' }, title, el('div', { class: 'actions' }, retry, abort)),
    facts,
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
          ['Step', 'Kind', 'Status', 'Attempts', 'Started', 'Ended', 'Error'].map((h) => el('th', {}, h)),
        ),
      ),
      steps,
    ),
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

  let drawnTimeline = '';
  let drawnData = '';
  const poller = poll(async () => {
    const saga = await api('GET', path);
    facts.replaceChildren(
      ...[
        ['Status', badge(saga.status)],
        ['Type', `${saga.type} v${saga.version}`],
        ['Current step', saga.currentStep ?? '—'],
      ].flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
    );
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
          el('td', { class: 'error' }, errorText(step.error)),
        ),
      ),
    );
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
  abort.addEventListener(
    'click',
    operatorAction(
      'abort',
      {
        title: 'Abort saga',
        message: 'Compensate the steps done so far; refused once the pivot step has been sent.',
        confirm: 'Abort saga',
        reason: 'required',
      },
      'Abort accepted: compensation started.',
    ),
  );
  return poller;
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
    );
  });
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
    const { sagaId, cursor } = { ...route, ...changes };
    return `#/dead-letters?${query({ sagaId, cursor })}`;
  };
  const rows = el('tbody');
  const pages = pager(hashFor, route.cursor, '⇤ Oldest', 'Next ⇥');
  section.append(
    el('h2', {}, route.sagaId ? `Dead letters of saga ${route.sagaId}` : 'Dead letters'),
    el(
      'table',
      { id: 'dead-letters' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['At', 'Subject', 'Reason', 'Deliveries', 'Consumer', 'Saga', ''].map((h) => el('th', {}, h)),
        ),
      ),
      rows,
    ),
    pages.nav,
  );

  const poller = poll(async () => {
    const page = await api(
      'GET',
      `/admin/dead-letters?${query({ sagaId: route.sagaId, cursor: route.cursor })}`,
    );
    rows.replaceChildren(
      ...(page.items.length === 0
        ? [el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'No dead letters.'))]
        : page.items.map((letter) => deadLetterRow(letter, poller))),
    );
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
    el('td', { class: 'row-actions' }, replay, remove),
  );
}

// ---- routing ---------------------------------------------------------------------------------

function parseRoute() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const [section, id] = path.split('/').filter(Boolean);
  const params = new URLSearchParams(search);
  if (section === 'sagas' && id) return { name: 'saga', sagaId: decodeURIComponent(id) };
  if (section === 'dead-letters') {
    return { name: 'dead-letters', sagaId: params.get('sagaId') ?? '', cursor: params.get('cursor') ?? '' };
  }
  const limit = Number(params.get('limit'));
  return {
    name: 'sagas',
    status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
    type: params.get('type') ?? '',
    limit: Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE ? limit : PAGE_SIZES[0],
    cursor: params.get('cursor') ?? '',
  };
}

const VIEWS = { sagas: sagaListView, saga: sagaView, 'dead-letters': deadLetterView };
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
  // Each view draws into its own section, so a load still in flight when the route changes lands nowhere.
  const section = el('section', { class: `view view--${route.name}` });
  view.replaceChildren(section);
  current = VIEWS[route.name](section, route);
}

window.addEventListener('hashchange', render);
render();
