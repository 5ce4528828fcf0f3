// The lookup page (issue 15): up to 10,000 pasted items, mixed, sorted by kind into one bulk request
// per kind (sent together), answered in input order with the zone and why: the source, the entry
// that matched, and what was looked up. The table exports as CSV in the browser.
import { start, api, el, replace, zoneBadge, formatCount, problemText, download } from '../console.js';

/** The API's cap per bulk request (BulkLookup.MAX_ITEMS); the page refuses more before sending anything. */
const MAX_ITEMS = 10000;

/** Each kind's bulk endpoint and the name of its array (HashResource, WebResource). */
const ENDPOINTS = {
  file: { path: '/api/v1/files/lookup', field: 'hashes', label: 'file' },
  certificate: { path: '/api/v1/certificates/lookup', field: 'hashes', label: 'certificate' },
  url: { path: '/api/v1/urls/lookup', field: 'urls', label: 'URL' },
  domain: { path: '/api/v1/domains/lookup', field: 'domains', label: 'domain' },
  ip: { path: '/api/v1/ips/lookup', field: 'addresses', label: 'IP address' },
};

const ZONES = ['RED', 'YELLOW', 'GREEN', 'GREY'];

/** Rows in the table at a time. */
const PAGE_ROWS = 500;

/** The first words for a per-item error, by its problem type; the API's detail follows. */
const ERROR_WORDS = {
  'invalid-hash': 'Not a valid hash',
  'invalid-url': 'Not a valid URL',
  'url-too-long': 'URL too long',
  'invalid-domain': 'Not a valid domain',
  'invalid-ip': 'Not a valid IP address',
  'invalid-request': 'Not a valid item',
};

/** The CSV's columns, in order: every field of a row. */
const CSV_COLUMNS = [
  { key: 'line', title: 'Line' },
  { key: 'input', title: 'Input' },
  { key: 'kind', title: 'Kind' },
  { key: 'zone', title: 'Zone' },
  { key: 'verdict', title: 'Verdict' },
  { key: 'threatName', title: 'Threat name' },
  { key: 'source', title: 'Source' },
  { key: 'matched', title: 'Matched' },
  { key: 'lookedUpAs', title: 'Looked up as' },
  { key: 'firstSeen', title: 'First seen' },
  { key: 'lastSeen', title: 'Last seen' },
  { key: 'popularity', title: 'Popularity' },
  { key: 'problem', title: 'Problem' },
];

/**
 * The table's columns: the CSV's, but the dates in one column and the popularity left out, so that
 * the answer fits a 1280-pixel screen. A row that was not looked up shows its problem across the
 * columns after the kind.
 */
const TABLE_COLUMNS = ['Line', 'Input', 'Kind', 'Zone', 'Verdict', 'Threat name', 'Source', 'Matched', 'Looked up as', 'Seen'];
const ANSWER_COLUMNS = TABLE_COLUMNS.length - 3;

const HEX = /^[0-9a-f]+$/i;
const HASH_LENGTHS = new Set([32, 40, 64]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,3})?$/;
const IPV6 = /^[0-9a-f:.]+(\/\d{1,3})?$/i;
// A scheme ("http:", "mailto:") or a host with a port ("example.com:8080").
const SCHEME_OR_PORT = /^[a-z][a-z0-9+.-]*:|^[^\s:]+:\d+$/i;

/**
 * What a line is looked up as. A hex-only line of 24 or more digits is taken for a hash even with a
 * wrong length, so that the answer says what is wrong with it instead of "not a valid domain". An
 * address with a prefix length goes to the IP lookup, which says that it takes addresses, not ranges.
 */
function classify(text) {
  if (HEX.test(text) && (HASH_LENGTHS.has(text.length) || text.length >= 24)) return 'file';
  if (IPV4.test(text)) return 'ip';
  if (IPV6.test(text) && (text.match(/:/g) || []).length >= 2) return 'ip';
  if (text.includes('/') || text.includes('?') || SCHEME_OR_PORT.test(text)) return 'url';
  return 'domain';
}

/** The items of the pasted text, in order, with their line numbers; blank lines and # comments skipped. */
function parseItems(text, certificates) {
  const items = [];
  let skipped = 0;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const value = lines[i].trim();
    if (!value || value.startsWith('#')) {
      if (lines[i].length || i < lines.length - 1) skipped += 1;
      continue;
    }
    const kind = classify(value);
    items.push({ line: i + 1, input: value, kind });
    // Certificates are known by their SHA-256 thumbprint only: the same value, a second row.
    if (certificates && kind === 'file' && value.length === 64) items.push({ line: i + 1, input: value, kind: 'certificate' });
  }
  return { items, skipped };
}

/** How many lines count against the limit: every line that is not blank or a comment. */
function countLines(text) {
  let count = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const value = line.trim();
    if (value && !value.startsWith('#')) count += 1;
  }
  return count;
}

function sourceText(source) {
  if (!source) return '';
  if (source.type === 'local') return `local verdict #${source.localVerdictId} by ${source.createdBy}`;
  return `vendor dataset ${source.dataset}, sequence ${source.sequence}`;
}

/** A file's digests as [name, hex] pairs; the text "md5 … sha1 … sha256 …" in the CSV. */
function hashList(hashes) {
  if (!hashes) return [];
  return ['md5', 'sha1', 'sha256'].filter((name) => hashes[name]).map((name) => [name, hashes[name]]);
}

function errorText(error) {
  const words = ERROR_WORDS[error.type] || 'Could not be looked up';
  return error.detail ? `${words}: ${error.detail}` : words;
}

/** One row of the table and the CSV: every cell as the text shown, '' where the answer has nothing. */
function row(item, answer, refusal) {
  const base = { line: String(item.line), input: item.input, kind: item.kind };
  const blank = {
    zone: '', verdict: '', threatName: '', source: '', matched: '', lookedUpAs: '',
    firstSeen: '', lastSeen: '', popularity: '', problem: '',
  };
  if (refusal) return { ...base, ...blank, problem: refusal };
  if (!answer) return { ...base, ...blank, problem: 'The appliance sent no answer for this item.' };
  if (answer.error) return { ...base, ...blank, problem: errorText(answer.error) };
  return {
    ...base,
    zone: answer.zone || '',
    verdict: answer.verdict || '',
    threatName: answer.threatName || '',
    source: sourceText(answer.source),
    matched: answer.matchType && answer.matchedExpression ? `${answer.matchType}: ${answer.matchedExpression}` : '',
    lookedUpAs: answer.canonicalUrl || answer.canonicalDomain || answer.address
      || hashList(answer.hashes).map((pair) => pair.join(' ')).join(' '),
    hashes: hashList(answer.hashes),
    firstSeen: answer.firstSeen || '',
    lastSeen: answer.lastSeen || '',
    popularity: answer.popularity === undefined || answer.popularity === null ? '' : String(answer.popularity),
    problem: '',
  };
}

/** A row's group for the summary and the filter: its zone, or 'error'. */
const groupOf = (r) => (r.problem ? 'error' : r.zone);

/**
 * Sends one bulk request per kind, all at once, and puts the answers back in input order. A kind
 * whose request is refused marks its rows with the refusal; the other kinds are answered regardless.
 */
async function lookUp(items) {
  const byKind = new Map();
  items.forEach((item, index) => {
    if (!byKind.has(item.kind)) byKind.set(item.kind, []);
    byKind.get(item.kind).push(index);
  });
  const answers = new Array(items.length);
  const refusals = new Array(items.length);
  const failures = [];
  await Promise.all([...byKind].map(async ([kind, indexes]) => {
    const endpoint = ENDPOINTS[kind];
    try {
      const body = { [endpoint.field]: indexes.map((i) => items[i].input) };
      const response = await api(endpoint.path, { method: 'POST', body });
      const results = response && Array.isArray(response.results) ? response.results : [];
      indexes.forEach((itemIndex, j) => { answers[itemIndex] = results[j]; });
    } catch (error) {
      const words = `The appliance refused the ${endpoint.label} lookup (${formatCount(indexes.length)} items): ${problemText(error)}`;
      failures.push(words);
      for (const i of indexes) refusals[i] = `Not looked up: ${problemText(error)}`;
    }
  }));
  return { rows: items.map((item, i) => row(item, answers[i], refusals[i])), failures };
}

/** RFC 4180 quoting, after neutralizing what a spreadsheet would run as a formula (OWASP "CSV injection"). */
function csvField(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(rows) {
  const lines = [CSV_COLUMNS.map((c) => csvField(c.title)).join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvField(r[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const text = (value) => value || '—';

function seen(r) {
  if (!r.firstSeen && !r.lastSeen) return '—';
  return `${text(r.firstSeen)} – ${text(r.lastSeen)}`;
}

/** A file's digests one per line; the text between them keeps the cell's text the CSV's. */
function lookedUpAs(r) {
  if (!r.hashes || !r.hashes.length) return text(r.lookedUpAs);
  return el('div', {}, r.hashes.map(([name, hex], i) => el('div', {},
    el('span', { class: 'lookup-hash-type' }, name), ` ${hex}${i < r.hashes.length - 1 ? ' ' : ''}`)));
}

/** A cell; its column's name rides along for the narrow screen, where each row is a card of labelled lines. */
const td = (label, attributes, ...children) => el('td', { ...attributes, 'data-label': label }, ...children);

function tableRow(r) {
  const group = groupOf(r);
  const start = [
    td('Line', {}, r.line),
    td('Input', { class: 'mono' }, r.input),
    td('Kind', {}, r.kind),
  ];
  if (group === 'error') {
    return el('tr', { class: 'lookup-row-error', dataset: { group } },
      start, td('Problem', { class: 'error', colspan: ANSWER_COLUMNS }, r.problem));
  }
  return el('tr', { class: `zone-row-${group.toLowerCase()}`, dataset: { group } },
    start,
    td('Zone', {}, zoneBadge(r.zone)),
    td('Verdict', {}, text(r.verdict)),
    td('Threat name', {}, text(r.threatName)),
    td('Source', { class: 'lookup-source' }, text(r.source)),
    td('Matched', { class: 'mono' }, text(r.matched)),
    td('Looked up as', { class: 'mono' }, lookedUpAs(r)),
    td('Seen', { class: 'lookup-seen' }, seen(r)));
}

function summaryText(rows, counts, skipped, millis) {
  const parts = ZONES.filter((zone) => counts[zone]).map((zone) => `${formatCount(counts[zone])} ${zone}`);
  if (counts.error) parts.push(`${formatCount(counts.error)} not looked up`);
  const took = millis < 1000 ? `${Math.round(millis)} ms` : `${(millis / 1000).toFixed(1)} s`;
  const skippedText = skipped ? ` ${formatCount(skipped)} blank or comment ${skipped === 1 ? 'line' : 'lines'} skipped.` : '';
  return `${formatCount(rows.length)} ${rows.length === 1 ? 'answer' : 'answers'} in ${took}: ${parts.join(', ')}.${skippedText}`;
}

function stamp() {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * The results: summary, filter, export, table and its pages; {@code rows} stays the one model of all.
 * The table shows a page of rows at a time: Chromium took over 20 s to lay out 10,000 rows of twelve
 * columns at once. The filter and the export work on every row.
 */
function renderResults(section, rows, failures, skipped, millis) {
  const counts = { RED: 0, YELLOW: 0, GREEN: 0, GREY: 0, error: 0 };
  for (const r of rows) counts[groupOf(r)] += 1;

  const tbody = el('tbody');
  const exportButton = el('button', { type: 'button', id: 'lookup-export', class: 'secondary' });
  const shown = el('span', { class: 'hint', id: 'lookup-shown', 'aria-live': 'polite' });
  const filter = el('select', { id: 'lookup-filter' },
    el('option', { value: '' }, `All (${formatCount(rows.length)})`),
    ZONES.map((zone) => el('option', { value: zone, disabled: !counts[zone] }, `${zone} (${formatCount(counts[zone])})`)),
    el('option', { value: 'error', disabled: !counts.error }, `Not looked up (${formatCount(counts.error)})`));
  const previous = el('button', { type: 'button', class: 'secondary', id: 'lookup-previous' }, 'Previous');
  const next = el('button', { type: 'button', class: 'secondary', id: 'lookup-next' }, 'Next');
  const pageSelect = el('select', { id: 'lookup-page' });
  const pageCount = el('span', { id: 'lookup-pages' });
  const pager = el('nav', { class: 'lookup-pager', 'aria-label': 'Result pages' },
    previous, el('label', { for: 'lookup-page' }, 'Page'), pageSelect, pageCount, next);
  const table = el('table', { class: 'data lookup-table', id: 'lookup-table' },
    el('caption', { class: 'visually-hidden' }, 'Lookup answers in the order pasted'),
    el('thead', {}, el('tr', {}, TABLE_COLUMNS.map((title) => el('th', { scope: 'col' }, title)))),
    tbody);

  let visible = rows;
  let page = 0;
  const pages = () => Math.max(1, Math.ceil(visible.length / PAGE_ROWS));
  const showPage = (index) => {
    page = Math.min(Math.max(0, index), pages() - 1);
    const from = page * PAGE_ROWS;
    const slice = visible.slice(from, from + PAGE_ROWS);
    const fragment = document.createDocumentFragment();
    for (const r of slice) fragment.append(tableRow(r));
    tbody.replaceChildren(fragment);
    pageSelect.value = String(page + 1);
    previous.disabled = page === 0;
    next.disabled = page >= pages() - 1;
    pager.hidden = pages() === 1;
    const last = from + slice.length;
    const rowsText = slice.length === 1 ? `Row ${formatCount(last)}` : `Rows ${formatCount(from + 1)}–${formatCount(last)}`;
    const range = slice.length ? `${rowsText} of ${formatCount(visible.length)}` : 'No rows';
    const of = visible.length === rows.length ? '' : ` (filtered from ${formatCount(rows.length)})`;
    shown.textContent = pages() === 1 && !of ? '' : `${range}${of}.`;
  };
  const show = () => {
    visible = filter.value ? rows.filter((r) => groupOf(r) === filter.value) : rows;
    replace(pageSelect, Array.from({ length: pages() }, (_, i) => el('option', { value: String(i + 1) }, String(i + 1))));
    pageCount.textContent = `of ${formatCount(pages())}`;
    exportButton.textContent = `Export ${formatCount(visible.length)} ${visible.length === 1 ? 'row' : 'rows'} as CSV`;
    exportButton.disabled = visible.length === 0;
    showPage(0);
  };
  const turn = (index) => {
    showPage(index);
    table.scrollIntoView({ block: 'start' });
  };
  filter.addEventListener('change', show);
  previous.addEventListener('click', () => turn(page - 1));
  next.addEventListener('click', () => turn(page + 1));
  pageSelect.addEventListener('change', () => turn(Number(pageSelect.value) - 1));
  exportButton.addEventListener('click', () => download(`outpost-lookup-${stamp()}.csv`, toCsv(visible), 'text/csv;charset=utf-8'));

  replace(section,
    el('h2', { id: 'lookup-results-title' }, 'Results'),
    failures.map((words) => el('p', { class: 'notice lookup-failure', role: 'alert' }, words)),
    el('p', { id: 'lookup-summary', tabindex: '-1' }, summaryText(rows, counts, skipped, millis)),
    el('div', { class: 'toolbar' },
      el('div', {}, el('label', { for: 'lookup-filter' }, 'Show'), filter),
      el('div', { class: 'lookup-export' }, exportButton, ' ', shown)),
    el('div', { class: 'table-wrap' }, table),
    pager);
  show();
}

start(async () => {
  const form = document.getElementById('lookup-form');
  const input = document.getElementById('lookup-input');
  const certificates = document.getElementById('lookup-certificates');
  const submit = document.getElementById('lookup-submit');
  const count = document.getElementById('lookup-count');
  const refusal = document.getElementById('lookup-refusal');
  const results = document.getElementById('lookup-results');

  const refuse = (words) => {
    refusal.textContent = words;
    refusal.hidden = !words;
  };

  // Counting 10,000 lines on every keystroke is cheap; a paste is one event.
  const recount = () => {
    const n = countLines(input.value);
    count.textContent = n === 0 ? 'Nothing pasted yet.' : `${formatCount(n)} ${n === 1 ? 'item' : 'items'} (at most ${formatCount(MAX_ITEMS)}).`;
    count.classList.toggle('error', n > MAX_ITEMS);
  };
  input.addEventListener('input', recount);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    refuse('');
    const lines = countLines(input.value);
    if (lines > MAX_ITEMS) {
      refuse(`${formatCount(lines)} items pasted; the appliance looks up at most ${formatCount(MAX_ITEMS)} at a time. `
        + 'Nothing was sent: split the list and look up each part.');
      input.focus();
      return;
    }
    const { items, skipped } = parseItems(input.value, certificates.checked);
    if (items.length === 0) {
      refuse('Nothing to look up: every line is blank or a comment.');
      input.focus();
      return;
    }
    form.querySelectorAll('textarea, input, button').forEach((control) => { control.disabled = true; });
    submit.textContent = 'Looking up…';
    results.setAttribute('aria-busy', 'true');
    results.dataset.state = 'busy';
    replace(results,
      el('h2', { id: 'lookup-results-title' }, 'Results'),
      el('p', { class: 'notice', id: 'lookup-busy' }, `Looking up ${formatCount(items.length)} ${items.length === 1 ? 'item' : 'items'}…`));
    const began = performance.now();
    try {
      const { rows, failures } = await lookUp(items);
      renderResults(results, rows, failures, skipped, performance.now() - began);
      results.dataset.state = failures.length ? 'failed' : 'done';
    } finally {
      form.querySelectorAll('textarea, input, button').forEach((control) => { control.disabled = false; });
      submit.textContent = 'Look up';
      results.setAttribute('aria-busy', 'false');
    }
    // The button had the focus and was disabled meanwhile: a keyboard user continues at the answers.
    const summary = document.getElementById('lookup-summary');
    if (summary) summary.focus();
  });
  recount();
});
