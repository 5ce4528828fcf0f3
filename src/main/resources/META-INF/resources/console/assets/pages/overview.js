// Overview (issue 15): whether the appliance serves current data, at a glance. The requests go out
// at once and each card is drawn as soon as its own answers are in, so that the slowest answer
// (usually the statistics) never holds up the others; the page counts as rendered once all are.
import {
  api, ApiError, el, formatCount, formatDuration, formatInstant, grants, problemText, replace, session, start,
} from '../console.js';

const IMPORTS_SHOWN = 5;
const HOURS = 24;
const DAYS = 14;

/** Record kinds as the dataset counts them, in the order operators think of them. */
const RECORD_KINDS = [
  ['files', 'Files'],
  ['certificates', 'Certificates'],
  ['urls', 'URL expressions'],
  ['domains', 'Domains'],
  ['ipRanges', 'IP ranges'],
];

/** Lookup kinds as the statistics count them (docs/statistics.md). */
const LOOKUP_KINDS = { file: 'Files', certificate: 'Certificates', url: 'URLs', domain: 'Domains', ip: 'IP addresses' };

/** The stacked series of the charts, bottom first: the four zones, then refused lookups. */
const SERIES = [
  { key: 'red', label: 'Red', hint: 'malware' },
  { key: 'yellow', label: 'Yellow', hint: 'adware, riskware, suspicious' },
  { key: 'green', label: 'Green', hint: 'clean, trusted' },
  { key: 'grey', label: 'Grey', hint: 'unknown' },
  { key: 'refused', label: 'Refused', hint: 'bad input, or no dataset active' },
];

const OUTCOME_CLASS = {
  ACTIVATED: 'outcome-good',
  UNCHANGED: 'outcome-neutral',
  REJECTED: 'outcome-bad',
  FAILED: 'outcome-bad',
  INTERRUPTED: 'outcome-warn',
};

// ---------------------------------------------------------------------------------------------
// Small helpers (page-local; candidates for console.js if another page needs them)

function relative(iso, now = Date.now()) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = (now - at) / 1000;
  return seconds >= 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

function importsLink(text) {
  return el('a', { href: '/console/imports' }, text);
}

function body(id) {
  return document.querySelector(`#${id} .card-body`);
}

/**
 * Runs one card's renderer and marks the card with the state it reports ({@code ready},
 * {@code empty}, {@code down}…), or shows why it could not be drawn. Never rejects.
 */
async function card(id, render) {
  const section = document.getElementById(id);
  section.setAttribute('aria-busy', 'true');
  try {
    section.dataset.state = (await render()) || 'ready';
  } catch (error) {
    replace(body(id), el('p', { class: 'error' }, cardError(id, error)));
    section.dataset.state = 'error';
  } finally {
    section.removeAttribute('aria-busy');
  }
}

function cardError(id, error) {
  const what = {
    readiness: 'Readiness could not be read',
    dataset: 'The active dataset could not be read',
    imports: 'The import history could not be read',
    'local-verdicts': 'Local verdicts could not be counted',
    'lookups-hours': 'Lookup statistics are not available',
    'lookups-days': 'Lookup statistics are not available',
  }[id];
  return `${what}: ${problemText(error)}`;
}

// ---------------------------------------------------------------------------------------------
// Readiness

/**
 * GET /q/health/ready answers 503 when not ready, with the same JSON report: read it ourselves
 * rather than let api() treat the 503 as a failure.
 */
async function readiness() {
  const response = await api('/q/health/ready', { raw: true });
  let report = null;
  try {
    report = await response.json();
  } catch (e) {
    report = null;
  }
  if (!report || !Array.isArray(report.checks)) {
    throw new ApiError(response.status, null, `the readiness probe answered HTTP ${response.status} without its report`);
  }
  const check = report.checks.find((c) => c.name === 'dataset') || { data: {} };
  return {
    up: report.status === 'UP',
    data: check.data || {},
    others: report.checks.filter((c) => c.name !== 'dataset' && c.status !== 'UP'),
  };
}

/**
 * The readiness check's reason (DatasetReadinessCheck) in an operator's words, with what to do.
 * A reason this page does not know is shown as the appliance wrote it.
 */
function inPlainWords(reason) {
  if (reason.startsWith('no dataset is active and no signing keys are trusted')) {
    return ['no dataset is active, and this appliance trusts no signing key yet — an administrator must set ',
      el('code', {}, 'outpost.trust.root-keys'), ', then import a signed bundle on the ', importsLink('Imports page')];
  }
  if (reason.startsWith('no dataset is active')) {
    return ['no dataset is active — import a signed bundle on the ', importsLink('Imports page'),
      ' (or drop it in the inbox)'];
  }
  if (reason.startsWith('the store is closed')) {
    return ['the data store is closed — the appliance is starting or stopping; if this lasts, read its log'];
  }
  const expired = /expired at (\S+Z)/.exec(reason);
  if (expired) {
    return [`the active dataset expired on ${formatInstant(expired[1])} (${relative(expired[1])}) — import a newer bundle on the `,
      importsLink('Imports page')];
  }
  const tooOld = /created (\S+Z), longer ago than outpost\.dataset\.max-age \(([^)]+)\)/.exec(reason);
  if (tooOld) {
    return [`the active dataset was created ${relative(tooOld[1])}, longer ago than this appliance allows (`,
      el('code', {}, `outpost.dataset.max-age=${tooOld[2]}`), ') — import a newer bundle on the ', importsLink('Imports page')];
  }
  return [reason];
}

function renderReadiness(health) {
  const { up, data, others } = health;
  const parts = [];
  let state;
  if (up && !data.stale) {
    state = 'up';
    parts.push(el('p', { class: 'status-line', id: 'readiness-status' },
      el('span', { class: 'status-good' }, 'Ready'),
      data.dataset
        ? `: serving ${data.dataset}, sequence ${data.sequence}, created ${formatDuration(data.ageSeconds)} ago.`
        : '.'));
  } else if (up) {
    state = 'stale';
    parts.push(el('p', { class: 'status-line', id: 'readiness-status' },
      el('span', { class: 'status-warn' }, 'Ready, but stale'), ': ', inPlainWords(String(data.stale)), '.'));
    parts.push(el('p', { class: 'hint' }, 'This appliance is set to keep serving a stale dataset (outpost.dataset.when-stale=warn).'));
  } else {
    state = 'down';
    const reason = data.reason ? inPlainWords(String(data.reason))
      : ['a readiness check failed: ', others.map((c) => c.name).join(', ') || 'unknown'];
    parts.push(el('p', { class: 'status-line', id: 'readiness-status' },
      el('span', { class: 'status-bad' }, 'Not ready'), ': ', reason, '.'));
    parts.push(el('p', { class: 'hint' }, 'Load balancers and Kubernetes send no lookups to an appliance that is not ready.'));
  }
  if (data.lastImportProblem) {
    parts.push(el('p', { class: 'notice', id: 'last-import-problem' },
      'The last bundle did not get in, through no fault of its own: ', String(data.lastImportProblem), '.'));
  }
  for (const check of up ? [] : others) {
    parts.push(el('p', { class: 'hint' }, `Check “${check.name}” is ${check.status}.`));
  }
  replace(body('readiness'), parts);
  document.getElementById('readiness').dataset.status = state;
  return state;
}

// ---------------------------------------------------------------------------------------------
// Active dataset

function fact(term, ...description) {
  return [el('dt', {}, term), el('dd', {}, ...description)];
}

function freshness(active, health) {
  if (health.status === 'fulfilled') {
    const { data } = health.value;
    if (data.stale) {
      return el('span', { id: 'freshness' }, el('span', { class: 'status-bad' }, 'Stale'), ': ', inPlainWords(String(data.stale)));
    }
    return el('span', { id: 'freshness' }, el('span', { class: 'status-good' }, 'Current'), el('span', { class: 'hint' }, ' (not stale)'));
  }
  // Readiness unknown: the expiry alone still tells something.
  return Date.parse(active.expires) <= Date.now()
    ? el('span', { class: 'status-bad', id: 'freshness' }, 'Expired')
    : el('span', { id: 'freshness' }, 'Not expired (readiness unknown)');
}

function renderDataset(dataset, health) {
  if (dataset.status === 'rejected') throw dataset.reason;
  const { active } = dataset.value;
  if (!active) {
    replace(body('dataset'),
      el('p', { class: 'empty', id: 'no-dataset' }, 'No dataset is active yet: lookups are refused until one is.'),
      el('p', {}, 'Import a signed bundle on the ', importsLink('Imports page'),
        ', or drop it in the inbox directory; it becomes active once verified.'));
    return 'empty';
  }
  const counts = active.counts || {};
  const known = RECORD_KINDS.filter(([key]) => key in counts);
  const other = Object.keys(counts).filter((key) => !RECORD_KINDS.some(([k]) => k === key)).sort().map((k) => [k, k]);
  const total = Object.values(counts).reduce((sum, n) => sum + Number(n || 0), 0);
  const rows = [...known, ...other].map(([key, label]) =>
    el('tr', { dataset: { kind: key } }, el('th', { scope: 'row' }, label), el('td', { class: 'num' }, formatCount(counts[key]))));
  replace(body('dataset'),
    el('dl', { class: 'facts' },
      fact('Dataset', el('strong', { id: 'dataset-name' }, active.dataset)),
      fact('Sequence', el('span', { id: 'dataset-sequence' }, String(active.sequence))),
      fact('Created', formatInstant(active.created)),
      fact('Age', formatDuration(active.ageSeconds)),
      fact('Expires', formatInstant(active.expires), el('span', { class: 'hint' }, ` (${relative(active.expires)})`)),
      fact('Activated', formatInstant(active.activated)),
      fact('Freshness', freshness(active, health))),
    el('h3', {}, 'Records'),
    el('div', { class: 'table-wrap' },
      el('table', { class: 'data compact', id: 'record-counts' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Kind'), el('th', { scope: 'col', class: 'num' }, 'Records'))),
        el('tbody', {}, rows),
        el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, 'All'), el('td', { class: 'num' }, formatCount(total)))))),
    el('details', { class: 'provenance' },
      el('summary', {}, 'Signatures and checksums'),
      el('dl', { class: 'facts' },
        fact('Signed by', (active.signerKeyIds || []).join(', ') || '—'),
        fact('Bundle SHA-256', el('span', { class: 'mono' }, active.bundleSha256 || '—')),
        fact('State SHA-256', el('span', { class: 'mono' }, active.stateSha256 || '—')))));
  return 'ready';
}

// ---------------------------------------------------------------------------------------------
// Last imports

function outcomeBadge(item) {
  const label = item.finished ? item.state : `running: ${item.state}`;
  const kind = item.finished ? OUTCOME_CLASS[item.state] || 'outcome-neutral' : 'outcome-running';
  return el('span', { class: `outcome ${kind}` }, label);
}

function importItem(item) {
  const name = item.dataset
    ? `${item.dataset}, sequence ${item.sequence}`
    : item.fileName || `import ${String(item.id).slice(0, 8)}`;
  const when = item.finishedAt || item.startedAt;
  const origin = [item.origin, item.actor ? `by ${item.actor}` : null, item.dataset ? item.fileName : null]
    .filter(Boolean).join(' · ');
  const showReason = item.reason && item.state !== 'ACTIVATED';
  return el('li', { class: 'import-item', dataset: { id: item.id, state: item.state } },
    el('div', { class: 'import-head' },
      outcomeBadge(item),
      el('a', { href: `/console/imports?id=${encodeURIComponent(item.id)}`, class: 'import-link' }, name),
      when ? el('time', { datetime: when, class: 'hint', title: formatInstant(when) }, relative(when)) : null),
    origin ? el('div', { class: 'hint' }, origin) : null,
    showReason ? el('p', { class: 'import-reason' }, item.detail || item.reason, ' ', el('code', {}, item.reason)) : null);
}

function renderImports(page, dataset) {
  if (page.status === 'rejected') throw page.reason;
  const { imports, total } = page.value;
  const parts = [];
  if (dataset.status === 'fulfilled' && dataset.value.imports) {
    const c = dataset.value.imports;
    parts.push(el('p', { class: 'hint', id: 'import-counts' },
      `In all: ${formatCount(c.activated)} activated, ${formatCount(c.rejected)} rejected, `
      + `${formatCount(c.unchanged)} unchanged, ${formatCount(c.interrupted)} interrupted.`));
  }
  if (!imports.length) {
    parts.push(el('p', { class: 'empty', id: 'no-imports' }, 'No bundle has been imported yet.'),
      el('p', {}, 'Upload one on the ', importsLink('Imports page'), '.'));
    replace(body('imports'), parts);
    return 'empty';
  }
  parts.push(el('ol', { class: 'import-list', id: 'import-list' }, imports.map(importItem)));
  parts.push(el('p', {}, importsLink(total > imports.length ? `All ${formatCount(total)} imports` : 'Imports page'),
    ': upload a bundle, follow its import, read why one was rejected.'));
  replace(body('imports'), parts);
  return 'ready';
}

// ---------------------------------------------------------------------------------------------
// Local verdicts

/** How many local verdicts are in force: the listing's X-Total-Count, read with a one-item page. */
async function countVerdicts(state) {
  const response = await api(`/api/v1/local-verdicts?state=${state}&size=1`, { raw: true });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem, `HTTP ${response.status}`);
  }
  const total = Number(response.headers.get('X-Total-Count'));
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('the appliance did not say how many verdicts there are');
  return total;
}

function renderVerdicts(inForce) {
  replace(body('local-verdicts'),
    el('p', { class: 'big-number' },
      el('strong', { id: 'local-verdict-count', dataset: { count: inForce } }, formatCount(inForce)), ' in force'),
    el('p', { class: 'hint' }, 'Local verdicts override the vendor dataset in this appliance\'s answers.'),
    el('p', {}, el('a', { href: '/console/local-verdicts' }, 'Manage local verdicts'), ' (expired ones are listed there too)'));
  return inForce > 0 ? 'ready' : 'empty';
}

// ---------------------------------------------------------------------------------------------
// Lookup charts

function seriesValue(point, key) {
  return key === 'refused' ? Number(point.rejected || 0) : Number((point.byZone || {})[key] || 0);
}

function pointTotal(point) {
  return Number(point.lookups || 0) + Number(point.rejected || 0);
}

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above {@code max}: round numbers on the axis. */
function niceMax(max) {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= max) return factor * power;
  }
  return 10 * power;
}

function pointLabel(iso, unit) {
  const text = new Date(iso).toISOString();
  return unit === 'hour' ? text.slice(11, 16) : text.slice(5, 10);
}

function pointName(iso, unit) {
  const text = new Date(iso).toISOString();
  return unit === 'hour' ? `${text.slice(0, 10)} ${text.slice(11, 16)} UTC` : text.slice(0, 10);
}

/** A point's name in the numbers table, whose heading already says UTC. */
function rowName(iso, unit) {
  return pointName(iso, unit).replace(' UTC', '');
}

/** A stacked bar chart, one bar per point, drawn at {@code width} CSS pixels so text stays legible. */
function chartSvg(id, points, unit, width) {
  const height = 210;
  const margin = { top: 14, right: 10, bottom: 40, left: 46 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = niceMax(Math.max(0, ...points.map(pointTotal)));
  const band = plotWidth / Math.max(1, points.length);
  const barWidth = Math.max(1, band * 0.72);
  const y = (value) => margin.top + plotHeight - (value / max) * plotHeight;
  const baseline = y(0);

  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max).filter((v) => Number.isInteger(v))
    .map((value) => el('svg:g', { class: 'tick' },
      el('svg:line', { class: value === 0 ? 'axis' : 'gridline', x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value) }),
      el('svg:text', { x: margin.left - 6, y: y(value) + 3, 'text-anchor': 'end' }, compact.format(value))));

  const labelEvery = Math.max(1, Math.ceil((unit === 'hour' ? 40 : 44) / band));
  const columns = points.map((point, i) => {
    const x = margin.left + i * band + (band - barWidth) / 2;
    let top = baseline;
    const segments = [];
    for (const series of SERIES) {
      const count = seriesValue(point, series.key);
      if (count <= 0) continue;
      // At least a pixel, so that a single lookup beside thousands is still seen.
      const h = Math.max(1, (count / max) * plotHeight);
      top -= h;
      segments.push(el('svg:rect', {
        class: `seg seg-${series.key}`, x: x.toFixed(2), y: top.toFixed(2), width: barWidth.toFixed(2), height: h.toFixed(2),
        dataset: { series: series.key, count: String(count), start: point.start },
      }));
    }
    const breakdown = SERIES.map((s) => `${seriesValue(point, s.key)} ${s.label.toLowerCase()}`).join(', ');
    const fromEnd = points.length - 1 - i;
    return el('svg:g', { class: 'column', dataset: { start: point.start, total: String(pointTotal(point)) } },
      el('svg:title', {}, `${pointName(point.start, unit)}: ${pointTotal(point)} lookups (${breakdown})`),
      // The whole band takes the pointer, so that a short bar's tooltip is easy to reach.
      el('svg:rect', { class: 'hit', x: (margin.left + i * band).toFixed(2), y: margin.top, width: band.toFixed(2), height: plotHeight }),
      segments,
      fromEnd % labelEvery === 0
        ? el('svg:text', { x: (x + barWidth / 2).toFixed(2), y: baseline + 14, 'text-anchor': 'middle' }, pointLabel(point.start, unit))
        : null);
  });

  const total = points.reduce((sum, p) => sum + pointTotal(p), 0);
  const peak = points.reduce((best, p) => (pointTotal(p) > pointTotal(best) ? p : best), points[0]);
  return el('svg:svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-labelledby': `${id}-svg-title ${id}-svg-desc`, class: 'lookup-chart',
  },
  el('svg:title', { id: `${id}-svg-title` }, `Lookups per ${unit}, stacked by zone, with refused lookups`),
  el('svg:desc', { id: `${id}-svg-desc` },
    `${total} lookups in all; the busiest ${unit} was ${pointName(peak.start, unit)} with ${pointTotal(peak)}. The numbers are in the table below the chart.`),
  grid,
  columns,
  el('svg:text', { class: 'axis-title', x: width - margin.right, y: height - 6, 'text-anchor': 'end' }, `${unit} (UTC)`),
  el('svg:text', { class: 'axis-title', x: 12, y: margin.top + plotHeight / 2, 'text-anchor': 'middle',
    transform: `rotate(-90 12 ${margin.top + plotHeight / 2})` }, 'lookups'));
}

function legend() {
  return el('ul', { class: 'legend', 'aria-label': 'Legend' },
    SERIES.map((s) => el('li', {}, el('span', { class: `swatch swatch-${s.key}`, 'aria-hidden': 'true' }), `${s.label} (${s.hint})`)));
}

function numberCell(value) {
  return el('td', { class: 'num' }, formatCount(value));
}

/** Totals per lookup kind and zone, from the window's cells; refusals have zone "none". */
function kindTable(id, totals) {
  const byKind = {};
  for (const kind of Object.keys(totals.byKind || LOOKUP_KINDS)) byKind[kind] = { red: 0, yellow: 0, green: 0, grey: 0, refused: 0 };
  for (const cell of totals.cells || []) {
    const row = byKind[cell.kind] || (byKind[cell.kind] = { red: 0, yellow: 0, green: 0, grey: 0, refused: 0 });
    const key = cell.zone === 'none' ? 'refused' : cell.zone;
    if (key in row) row[key] += Number(cell.lookups || 0);
  }
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'data compact numbers', id: `${id}-kinds` },
      el('caption', {}, 'Per kind of object'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Kind'),
        SERIES.map((s) => el('th', { scope: 'col', class: 'num' }, s.label)), el('th', { scope: 'col', class: 'num' }, 'Total'))),
      el('tbody', {}, Object.entries(byKind).map(([kind, row]) =>
        el('tr', { dataset: { kind } }, el('th', { scope: 'row' }, LOOKUP_KINDS[kind] || kind),
          SERIES.map((s) => numberCell(row[s.key])),
          numberCell(SERIES.reduce((sum, s) => sum + row[s.key], 0)))))));
}

/** The chart's numbers as a table: what a screen reader, or an operator copying them, uses. */
function numbersTable(id, points, unit) {
  return el('details', { class: 'numbers-details' },
    el('summary', {}, `The numbers per ${unit}`),
    el('div', { class: 'table-wrap' },
      el('table', { class: 'data compact numbers', id: `${id}-numbers` },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, unit === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'),
          SERIES.map((s) => el('th', { scope: 'col', class: 'num' }, s.label)), el('th', { scope: 'col', class: 'num' }, 'Total'))),
        el('tbody', {}, points.map((point) =>
          el('tr', { dataset: { start: point.start, total: String(pointTotal(point)) } },
            el('th', { scope: 'row' }, rowName(point.start, unit)),
            SERIES.map((s) => numberCell(seriesValue(point, s.key))),
            numberCell(pointTotal(point))))))));
}

const charts = [];

function chartWidth(container) {
  return Math.round(Math.max(300, Math.min(1160, container.clientWidth || 600)));
}

function renderLookups(id, window, unit, span) {
  const points = window.series || [];
  const totals = window.totals || {};
  const answered = Number(totals.lookups || 0);
  const refused = Number(totals.rejected || 0);
  if (answered + refused === 0) {
    replace(body(id),
      el('p', { class: 'empty', id: `${id}-empty` }, `No lookups in the ${span}.`),
      el('p', { class: 'hint' }, 'Lookups are counted by kind and zone (never the object looked up) and appear here within a minute.'));
    return 'empty';
  }
  const holder = el('div', { class: 'chart' });
  replace(body(id),
    el('p', { class: 'totals' }, el('strong', {}, formatCount(answered)), answered === 1 ? ' lookup answered' : ' lookups answered',
      refused ? [', ', el('strong', {}, formatCount(refused)), ' refused'] : '',
      ` between ${formatInstant(window.from)} and ${formatInstant(window.to)}.`),
    legend(),
    holder,
    kindTable(id, totals),
    numbersTable(id, points, unit));
  const draw = () => replace(holder, chartSvg(id, points, unit, chartWidth(holder)));
  draw();
  charts.push(draw);
  return 'ready';
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => charts.forEach((draw) => draw()), 150);
});

// ---------------------------------------------------------------------------------------------

/** Every request the overview makes, all sent at once; each card awaits only its own. */
function requests() {
  const pending = {
    dataset: api('/api/v1/dataset'),
    health: readiness(),
    imports: api(`/api/v1/imports?size=${IMPORTS_SHOWN}`),
    verdicts: countVerdicts('active'),
    stats: api(`/api/v1/stats?hours=${HOURS}&days=${DAYS}`),
  };
  // A page that is never drawn (the role changed, the session ended) must not leave a rejection
  // unhandled; the cards still see each failure, since they await the promises themselves.
  Object.values(pending).forEach((promise) => promise.catch(() => {}));
  return pending;
}

async function load(pending) {
  charts.length = 0;
  const { dataset, health, imports, verdicts, stats } = pending;
  await Promise.all([
    card('readiness', async () => renderReadiness(await health)),
    card('dataset', async () => renderDataset(...(await Promise.allSettled([dataset, health])))),
    card('imports', async () => renderImports(...(await Promise.allSettled([imports, dataset])))),
    card('local-verdicts', async () => renderVerdicts(await verdicts)),
    card('lookups-hours', async () => renderLookups('lookups-hours', (await stats).hourly, 'hour', `last ${HOURS} hours`)),
    card('lookups-days', async () => renderLookups('lookups-days', (await stats).daily, 'day', `last ${DAYS} days`)),
  ]);
  replace(document.getElementById('refreshed'), `Updated ${formatInstant(new Date().toISOString())}`);
}

// The overview's requests need the same token as start()'s check of it (GET /api/v1/me), so they go
// out alongside that check instead of after it: the page is drawn one round trip sooner. Only for
// a session whose role may read them; any other goes through start() alone, which says why. A 401
// signs out whichever answer brings it.
const stored = session.read();
const early = stored && !session.endReason(stored) && grants(stored.role, 'operator') ? requests() : null;

start(async () => {
  const refresh = document.getElementById('refresh');
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    try {
      await load(requests());
    } finally {
      refresh.disabled = false;
    }
  });
  await load(early || requests());
});
