// Audit (admin): the chain's verification (GET /api/v1/admin/audit/verify) and the entries, newest
// first, page by page with the filters the API takes (GET /api/v1/admin/audit?page&size&action&actor&since&until).
// Details are shown as key/value text rows: an entry's content is data, never markup.
import { start, api, el, replace, formatInstant, formatCount, problemText, labelCells } from '../console.js';

/** docs/audit.md, "reason": what each way of breaking means, in words. */
const REASONS = {
  'content-altered': 'the entry no longer hashes to its stored hash: one of its columns was changed',
  'entry-missing': 'no entry has this number although a later one does: it was deleted',
  'out-of-order': 'the row holds the content of another entry: rows were swapped or renumbered',
  'chain-broken': 'the entry does not hold the previous entry\'s hash: the previous entry was rewritten with a recomputed hash, or this one replaced',
  'head-mismatch': 'the head does not name the last entry: entries were added outside the log, the head rolled back, or the last entry replaced',
  'head-missing': 'the head row is gone (appends fail until it is restored)',
};
const SIZES = [10, 25, 50, 100, 500];
const DEFAULT_SIZE = 50;
const PREVIEW_CHARS = 80;

const verification = document.getElementById('verification');
const chainStatus = document.getElementById('chain-status');
const chainFacts = document.getElementById('chain-facts');
const verifyButton = document.getElementById('verify-again');
const filters = document.getElementById('audit-filters');
const fields = {
  action: document.getElementById('filter-action'),
  actor: document.getElementById('filter-actor'),
  since: document.getElementById('filter-since'),
  until: document.getElementById('filter-until'),
  size: document.getElementById('filter-size'),
};
const auditError = document.getElementById('audit-error');
const pageStatus = document.getElementById('page-status');
const entries = document.getElementById('entries');
const prev = document.getElementById('page-prev');
const next = document.getElementById('page-next');
const pageLabel = document.getElementById('page-label');

function say(element, text) {
  element.textContent = text || '';
  element.hidden = !text;
}

/** An ISO instant as a datetime-local value in this browser's time zone ("2026-01-31T13:00"). */
function localInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function isoFromInput(value, label) {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`"${label}" is not a valid date and time.`);
  return date.toISOString();
}

/** The query lives in the address, so a reload or a shared link shows the same page of the log. */
function queryFromAddress() {
  const params = new URLSearchParams(location.search);
  const size = Number(params.get('size'));
  const page = Number(params.get('page'));
  return {
    action: params.get('action') || '',
    actor: params.get('actor') || '',
    since: params.get('since') || '',
    until: params.get('until') || '',
    size: SIZES.includes(size) ? size : DEFAULT_SIZE,
    page: Number.isInteger(page) && page > 0 ? page : 0,
  };
}

function apiParams(query, overrides = {}) {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  params.set('page', String(merged.page));
  params.set('size', String(merged.size));
  for (const key of ['action', 'actor', 'since', 'until']) {
    if (merged[key]) params.set(key, merged[key]);
  }
  return params;
}

function fact(term, ...value) {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

async function verify() {
  verifyButton.disabled = true;
  chainStatus.className = 'chain-status';
  chainStatus.textContent = 'Checking the chain…';
  try {
    const result = await api('/api/v1/admin/audit/verify');
    const checked = formatInstant(new Date().toISOString());
    verification.classList.toggle('broken', !result.valid);
    verification.classList.toggle('valid', !!result.valid);
    if (result.valid) {
      chainStatus.className = 'chain-status status-good';
      chainStatus.textContent = `Chain valid: ${formatCount(result.entries)} entries verified`;
      replace(chainFacts,
        fact('Last entry', result.head ? `#${result.head.seq}` : '—'),
        fact('Its hash', el('span', { class: 'mono', id: 'head-hash' }, result.head ? result.head.hash : '—')),
        fact('Checked', checked));
    } else {
      const broken = result.firstBroken || {};
      chainStatus.className = 'chain-status status-bad';
      chainStatus.textContent = `Chain broken at entry #${broken.seq}: ${REASONS[broken.reason] || broken.reason}`;
      replace(chainFacts,
        fact('Entries in the log', formatCount(result.entries)),
        fact('First broken entry', `#${broken.seq}`),
        fact('Reason', el('span', { class: 'mono' }, broken.reason || '—')),
        fact('Detail', broken.detail || '—'),
        fact('What to do', 'Entries from this one on cannot be trusted. Compare with your last export and the heads in the server\'s log (docs/audit.md).'),
        fact('Checked', checked));
    }
    chainFacts.hidden = false;
  } catch (error) {
    verification.classList.remove('valid');
    verification.classList.add('broken');
    chainStatus.className = 'chain-status status-bad';
    chainStatus.textContent = `The chain could not be checked: ${problemText(error)}`;
    chainFacts.hidden = true;
  } finally {
    verifyButton.disabled = false;
  }
}

function preview(details) {
  const text = Object.entries(details).map(([k, v]) => `${k}=${v}`).join(', ');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function detailsCell(entry) {
  const hashes = el('dl', { class: 'facts hashes' },
    fact('hash', el('span', { class: 'mono' }, entry.hash)),
    fact('previous', el('span', { class: 'mono' }, entry.prevHash)));
  if (!entry.details) {
    return el('td', { class: 'details' }, el('details', {},
      el('summary', {}, 'unreadable details'),
      el('p', { class: 'error' }, 'The stored details are no longer canonical JSON: the row was edited outside the log (verification names it).'),
      hashes));
  }
  const pairs = Object.entries(entry.details);
  const count = `${pairs.length} ${pairs.length === 1 ? 'detail' : 'details'}`;
  return el('td', { class: 'details' }, el('details', {},
    el('summary', {}, pairs.length ? `${count}: ${preview(entry.details)}` : 'no details'),
    pairs.length ? el('table', { class: 'kv' },
      el('tbody', {}, pairs.map(([key, value]) => el('tr', {}, el('th', { scope: 'row' }, key), el('td', {}, value))))) : null,
    hashes));
}

function entryRow(entry) {
  return el('tr', { dataset: { seq: String(entry.seq), action: entry.action, target: entry.target || '' } },
    el('td', { class: 'seq' }, `#${entry.seq}`),
    el('td', { class: 'time', title: entry.time }, formatInstant(entry.time)),
    el('td', { class: 'actor' }, entry.actor),
    el('td', { class: 'address' }, entry.address || '—'),
    el('td', { class: 'action mono' }, entry.action),
    el('td', { class: 'target' }, entry.target || '—'),
    detailsCell(entry));
}

function filtered(query) {
  return !!(query.action || query.actor || query.since || query.until);
}

/** Whether an entry follows this page: the first entry of the next page, read alone. */
async function hasOlder(query) {
  const offset = (query.page + 1) * query.size;
  try {
    const probe = await api(`/api/v1/admin/audit?${apiParams(query, { page: offset, size: 1 })}`);
    return probe.length > 0;
  } catch (e) {
    return true;
  }
}

let loads = 0;

async function load(query) {
  // A newer load (a quick second click) wins: an older answer arriving late is dropped.
  const mine = ++loads;
  history.replaceState(null, '', `${location.pathname}?${apiParams(query)}`);
  entries.setAttribute('aria-busy', 'true');
  say(auditError, '');
  pageStatus.textContent = 'Loading…';
  prev.disabled = true;
  next.disabled = true;
  let rows;
  try {
    rows = await api(`/api/v1/admin/audit?${apiParams(query)}`);
  } catch (error) {
    if (mine !== loads) return;
    entries.setAttribute('aria-busy', 'false');
    pageStatus.textContent = '';
    pageLabel.textContent = '';
    replace(entries);
    say(auditError, `The entries could not be read: ${problemText(error)}`);
    return;
  }
  if (mine !== loads) return;
  const first = query.page * query.size + 1;
  if (!rows.length) {
    entries.setAttribute('aria-busy', 'false');
    pageStatus.textContent = '';
    replace(entries, el('p', { class: 'empty' }, query.page > 0
      ? 'No entries on this page: go back to newer entries.'
      : filtered(query) ? 'No entries match these filters.' : 'The audit log is empty.'));
    pageLabel.textContent = query.page > 0 ? `Page ${query.page + 1}` : '';
    prev.disabled = query.page === 0;
    return;
  }
  const older = rows.length === query.size && await hasOlder(query);
  if (mine !== loads) return;
  replace(entries, el('div', { class: 'table-wrap' },
    labelCells(el('table', { class: 'data stacking', id: 'audit-entries' },
      el('thead', {}, el('tr', {}, ['#', 'Time (UTC)', 'Actor', 'Address', 'Action', 'Target', 'Details']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map(entryRow))))));
  entries.setAttribute('aria-busy', 'false');
  pageStatus.textContent = `${filtered(query) ? 'Matching entries' : 'Entries'} ${formatCount(first)}–${formatCount(first + rows.length - 1)}${older ? '' : ' (the oldest)'}.`;
  pageLabel.textContent = `Page ${query.page + 1}`;
  prev.disabled = query.page === 0;
  next.disabled = !older;
}

function showQuery(query) {
  fields.action.value = query.action;
  fields.actor.value = query.actor;
  fields.since.value = query.since ? localInput(query.since) : '';
  fields.until.value = query.until ? localInput(query.until) : '';
  fields.size.value = String(query.size);
}

start(async () => {
  let query = queryFromAddress();
  showQuery(query);

  verifyButton.addEventListener('click', verify);
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    let since;
    let until;
    try {
      since = isoFromInput(fields.since.value, 'From');
      until = isoFromInput(fields.until.value, 'Until');
    } catch (e) {
      say(auditError, e.message);
      return;
    }
    if (since && until && since >= until) {
      say(auditError, '"From" must be before "Until".');
      return;
    }
    query = {
      action: fields.action.value.trim(),
      actor: fields.actor.value.trim(),
      since: since || '',
      until: until || '',
      size: Number(fields.size.value) || DEFAULT_SIZE,
      page: 0,
    };
    load(query);
  });
  document.getElementById('clear-filters').addEventListener('click', () => {
    query = { action: '', actor: '', since: '', until: '', size: query.size, page: 0 };
    showQuery(query);
    load(query);
  });
  prev.addEventListener('click', () => {
    query = { ...query, page: Math.max(0, query.page - 1) };
    load(query);
  });
  next.addEventListener('click', () => {
    query = { ...query, page: query.page + 1 };
    load(query);
  });

  await Promise.all([verify(), load(query)]);
});
