// Local verdicts (issue 15; docs/local-verdicts.md): list and search, create, change in place, expire,
// delete, bulk import with every bad row shown, export. Each action is one call of
// /api/v1/local-verdicts with the signed-in token: the appliance decides who may change what
// (another operator's verdict is refused with 403 local-verdict-not-yours), and the page says why.
import { start, api, ApiError, el, replace, zoneBadge, formatInstant, formatCount, problemText, download } from '../console.js';

const BASE = '/api/v1/local-verdicts';
const PROBLEM = 'urn:outpost:problem:';
const KINDS = ['file', 'certificate', 'url', 'domain', 'ip'];
const VERDICTS = [
  ['RED', ['MALWARE', 'PHISHING']],
  ['YELLOW', ['ADWARE', 'RISKWARE', 'SUSPICIOUS']],
  ['GREEN', ['CLEAN', 'TRUSTED']],
];
const SUBJECT_HINTS = {
  file: 'The file\'s MD5, SHA-1 or SHA-256 in hex; the verdict holds whichever digest a lookup uses.',
  certificate: 'The certificate\'s SHA-256 thumbprint in hex.',
  url: 'A URL expression: http://evil.example/phish/ covers every page below it.',
  domain: 'A domain, e.g. evil.example: it covers its subdomains too.',
  ip: 'An IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24.',
};
const PAGE_SIZES = [25, 100, 500];


let me = { name: '', role: '' };
const view = { kind: '', state: 'all', q: '', page: 0, size: 100 };
let editing = null;

const $ = (id) => document.getElementById(id);

function slug(error) {
  const type = error instanceof ApiError ? error.type : null;
  return type && type.startsWith(PROBLEM) ? type.slice(PROBLEM.length) : type;
}

/** An API refusal in words; another operator's verdict is named as theirs, not as a role problem. */
function refusalText(error) {
  if (!(error instanceof ApiError)) return problemText(error);
  const kind = slug(error);
  if (kind === 'local-verdict-not-yours') return `Not yours to change: ${error.message}.`;
  if (kind === 'local-verdict-conflict') return `${error.message}. The list has been reloaded.`;
  if (error.status === 403) return problemText(error);
  const input = error.problem && error.problem.input;
  return input !== undefined && input !== null && !error.message.includes(String(input))
    ? `${error.message} (given: ${input})`
    : error.message;
}

function say(element, ...content) {
  replace(element, ...content);
  element.hidden = content.length === 0 || content.every((c) => c === '' || c === null || c === undefined);
}

/** Whether this caller may change the verdict, by the rule the API enforces (docs/local-verdicts.md). */
function mayChange(verdict) {
  return me.role === 'admin' || verdict.origin === 'submitter' || verdict.owner === me.name;
}

function fillVerdicts(select) {
  for (const [zone, categories] of VERDICTS) {
    select.append(el('optgroup', { label: zone }, categories.map((c) => el('option', { value: c }, `${c} (${zone})`))));
  }
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

/** An instant as a datetime-local value in the browser's time zone, to the second. */
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value (the browser's time zone) as ISO-8601 with an offset, or null when empty. */
function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`"${value}" is not a date and time`);
  return d.toISOString();
}

function timeZoneWords() {
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// ---- listing and search -------------------------------------------------------------------------

function listPath(view) {
  const query = new URLSearchParams();
  if (view.kind) query.set('kind', view.kind);
  query.set('state', view.state);
  const q = view.q.trim();
  if (q) query.set('q', q);
  query.set('page', String(view.page));
  query.set('size', String(view.size));
  return `${BASE}?${query}`;
}

/** The verdicts to show and what to say about them: {rows, more, note}. The appliance searches. */
async function fetchView() {
  const q = view.q.trim();
  const byId = /^#\s*(\d{1,18})$/.exec(q);
  if (byId) {
    try {
      const one = await api(`${BASE}/${byId[1]}`);
      return { rows: [one], more: false, note: `Verdict ${one.id}.` };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { rows: [], more: false, note: `No local verdict has id ${byId[1]}.` };
      throw error;
    }
  }
  const rows = await api(listPath(view));
  return { rows, more: rows.length === view.size, note: q ? `Verdicts containing “${q}”.` : '' };
}

function filtered() {
  return Boolean(view.q.trim() || view.kind || view.state !== 'all');
}

function keepInAddress() {
  const query = new URLSearchParams();
  if (view.q) query.set('q', view.q);
  if (view.kind) query.set('kind', view.kind);
  if (view.state !== 'all') query.set('state', view.state);
  if (view.page) query.set('page', String(view.page));
  if (view.size !== 100) query.set('size', String(view.size));
  const search = query.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

function readAddress() {
  const query = new URLSearchParams(location.search);
  view.q = (query.get('q') || '').slice(0, 200);
  view.kind = KINDS.includes(query.get('kind')) ? query.get('kind') : '';
  view.state = ['active', 'expired'].includes(query.get('state')) ? query.get('state') : 'all';
  const page = Number(query.get('page'));
  view.page = Number.isInteger(page) && page > 0 && page < 1e6 ? page : 0;
  const size = Number(query.get('size'));
  view.size = PAGE_SIZES.includes(size) ? size : 100;
}

function showViewInForm() {
  $('search-q').value = view.q;
  $('search-kind').value = view.kind;
  $('search-state').value = view.state;
  $('search-size').value = String(view.size);
}

/** Counts loads: only the latest may draw (a quick search, then Next, must not show the search). */
let loads = 0;

async function load() {
  const mine = ++loads;
  keepInAddress();
  const results = $('results');
  results.setAttribute('aria-busy', 'true');
  let answer;
  try {
    answer = await fetchView();
    if (mine !== loads) return;
  } catch (error) {
    if (mine !== loads) return;
    replace(results, el('p', { class: 'error', role: 'alert', id: 'list-error' },
      `The verdicts could not be read: ${refusalText(error)} `,
      el('button', { type: 'button', class: 'secondary', onclick: () => load() }, 'Try again')));
    $('pager').hidden = true;
    results.removeAttribute('aria-busy');
    return;
  }
  const { rows, more, note } = answer;
  const parts = [];
  if (note) parts.push(el('p', { class: 'hint', id: 'search-note' }, note));
  if (rows.length === 0) {
    if (view.page === 0 && !filtered()) {
      parts.push(el('div', { class: 'card empty-state', id: 'empty' },
        el('p', {}, el('strong', {}, 'No local verdicts yet.')),
        el('p', {}, 'Create one above, or import a file below. Lookups answer from the vendor\'s data until then.')));
    } else if (view.page > 0) {
      parts.push(el('p', { class: 'empty', id: 'empty' }, 'No more verdicts on this page.'));
    } else {
      parts.push(el('p', { class: 'empty', id: 'empty' }, 'No verdicts match this search.'));
    }
  } else {
    parts.push(table(rows));
  }
  replace(results, ...parts);
  results.removeAttribute('aria-busy');
  const pager = $('pager');
  pager.hidden = view.page === 0 && !more;
  $('page-previous').disabled = view.page === 0;
  $('page-next').disabled = !more;
  $('page-label').textContent = `Page ${view.page + 1}`;
}

function table(rows) {
  const headings = ['Subject', 'Kind', 'Zone', 'Verdict', 'Threat name', 'Comment', 'Created', 'Expires', 'Actions'];
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'data verdicts', id: 'verdicts' },
      el('caption', { class: 'visually-hidden' }, 'Local verdicts, newest first'),
      el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map(row))));
}

/** A cell with its column's name (shown beside the value on a phone, where rows become cards). */
function cell(label, cls, ...content) {
  return el('td', { 'data-label': label, class: cls }, el('div', { class: 'value' }, ...content));
}

function row(verdict) {
  const zone = (verdict.zone || 'GREY').toLowerCase();
  return el('tr', {
    class: `zone-row-${zone}${verdict.expired ? ' expired' : ''}`,
    dataset: { id: String(verdict.id), subject: verdict.subject, expired: String(verdict.expired) },
  },
  cell('Subject', 'mono subject', verdict.subject, el('span', { class: 'id' }, ` #${verdict.id}`)),
  cell('Kind', 'kind', verdict.kind),
  cell('Zone', 'zone-cell', zoneBadge(verdict.zone)),
  cell('Verdict', 'verdict', verdict.verdict || 'unreadable (delete it)'),
  cell('Threat name', 'threat', verdict.threatName || '—'),
  cell('Comment', 'comment', verdict.comment || '—'),
  cell('Created', 'created', createdCell(verdict)),
  cell('Expires', 'expires', expiresCell(verdict)),
  cell('Actions', 'actions', actions(verdict)));
}

function createdCell(verdict) {
  const lines = [
    el('span', { class: 'by' }, verdict.createdBy || '—'),
    el('br'),
    el('span', { class: 'at' }, formatInstant(verdict.createdAt)),
  ];
  if (verdict.updatedAt) {
    lines.push(el('br'), el('span', { class: 'hint' }, `changed by ${verdict.updatedBy || '—'}, ${formatInstant(verdict.updatedAt)}`));
  }
  if (verdict.origin === 'submitter') {
    lines.push(el('br'), el('span', { class: 'hint' }, `submitted by a machine (${verdict.owner})`));
  } else if (verdict.owner && verdict.owner !== verdict.createdBy) {
    lines.push(el('br'), el('span', { class: 'hint' }, `owner: ${verdict.owner}`));
  }
  return lines;
}

function expiresCell(verdict) {
  const state = verdict.expired
    ? el('span', { class: 'state state-expired' }, 'expired')
    : el('span', { class: 'state state-active' }, 'active');
  return [state, el('br'), el('span', { class: 'at' }, verdict.expiresAt ? formatInstant(verdict.expiresAt) : 'never')];
}

function actions(verdict) {
  const label = `${verdict.kind} ${verdict.subject}`;
  const buttons = el('div', { class: 'row-actions' },
    el('button', { type: 'button', class: 'secondary', 'data-action': 'edit', 'aria-label': `Edit verdict on ${label}`,
      onclick: () => openEdit(verdict) }, 'Edit'),
    verdict.expired
      ? el('button', { type: 'button', class: 'secondary', 'data-action': 'reinstate', 'aria-label': `Apply again: verdict on ${label}`,
        onclick: (event) => reinstate(verdict, event.currentTarget) }, 'Apply again')
      : el('button', { type: 'button', class: 'secondary', 'data-action': 'expire', 'aria-label': `Expire verdict on ${label} now`,
        onclick: (event) => expire(verdict, event.currentTarget) }, 'Expire now'),
    el('button', { type: 'button', class: 'danger', 'data-action': 'delete', 'aria-label': `Delete verdict on ${label}`,
      onclick: (event) => askDelete(verdict, event.currentTarget.closest('td').firstElementChild) }, 'Delete'));
  const parts = [buttons];
  if (!mayChange(verdict)) {
    parts.push(el('p', { class: 'hint not-yours' }, `${verdict.owner}'s verdict: only ${verdict.owner} or an admin may change it.`));
  }
  return parts;
}

/** A message about one verdict's action, above the table (the table is redrawn after each change). */
function report(text, kind = 'good') {
  const message = $('action-message');
  message.className = `problem action-${kind}`;
  message.setAttribute('role', kind === 'bad' ? 'alert' : 'status');
  say(message, text);
}

/** Focus back where the operator was: the row's button, or the message when the row is gone. */
function focusRow(id, action) {
  const button = document.querySelector(`#verdicts tr[data-id="${id}"] button[data-action="${action}"]`)
    || document.querySelector(`#verdicts tr[data-id="${id}"] button`);
  const target = button || $('action-message');
  if (!target.hidden) target.focus();
}

async function act(verdict, button, run, done, focusAction = 'edit') {
  if (button) button.disabled = true;
  let message;
  try {
    message = [done(await run())];
  } catch (error) {
    message = [`Verdict ${verdict.id} (${verdict.kind} ${verdict.subject}) was left as it was. ${refusalText(error)}`, 'bad'];
  }
  // Redrawn either way: after a refusal the row shows what the appliance holds now. The message
  // comes after the redraw, so that a row an operator acts on next is not redrawn under them.
  await load();
  report(...message);
  focusRow(verdict.id, focusAction);
}

function patch(id, body) {
  return api(`${BASE}/${id}`, { method: 'PATCH', body });
}

/**
 * Ends a verdict and keeps it on record: expiresAt now (docs/local-verdicts.md, Expiry). If this
 * browser's clock is ahead of the appliance's, "now" is still in the appliance's future: then the
 * instant the appliance itself wrote the change (updatedAt, its clock) ends it at once.
 */
async function expire(verdict, button) {
  await act(verdict, button, async () => {
    let changed = await patch(verdict.id, { expiresAt: new Date().toISOString() });
    if (!changed.expired && changed.updatedAt) changed = await patch(verdict.id, { expiresAt: changed.updatedAt });
    return changed;
  }, (changed) => (changed.expired
    ? `Verdict ${changed.id} on ${changed.kind} ${changed.subject} has expired: lookups no longer use it. It stays listed until deleted.`
    : `Verdict ${changed.id} on ${changed.kind} ${changed.subject} expires at ${formatInstant(changed.expiresAt)}.`), 'reinstate');
}

async function reinstate(verdict, button) {
  await act(verdict, button, () => patch(verdict.id, { expiresAt: null }),
    (changed) => `Verdict ${changed.id} on ${changed.kind} ${changed.subject} applies again, without expiry.`, 'expire');
}

function askDelete(verdict, container) {
  const keep = [...container.childNodes];
  const cancel = el('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-delete' }, 'Cancel');
  const confirm = el('button', { type: 'button', class: 'danger', 'data-action': 'confirm-delete' }, 'Delete for good');
  const question = el('div', { class: 'confirm', role: 'group', 'aria-label': `Delete verdict ${verdict.id}?` },
    el('p', {}, `Delete verdict ${verdict.id}? This cannot be undone; the audit log keeps what it said.`), confirm, ' ', cancel);
  const restore = () => {
    replace(container, ...keep);
    const again = container.querySelector('button[data-action="delete"]');
    if (again) again.focus();
  };
  cancel.addEventListener('click', restore);
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') restore();
  });
  confirm.addEventListener('click', () => act(verdict, confirm,
    () => api(`${BASE}/${verdict.id}`, { method: 'DELETE' }),
    () => `Verdict ${verdict.id} on ${verdict.kind} ${verdict.subject} was deleted.`));
  replace(container, question);
  // The safe choice has focus: a second Enter does not delete.
  cancel.focus();
}

// ---- change in place ------------------------------------------------------------------------------

function openEdit(verdict) {
  editing = {
    verdict,
    initial: {
      verdict: verdict.verdict || '',
      threatName: verdict.threatName || '',
      comment: verdict.comment || '',
      expiresAt: toLocalInput(verdict.expiresAt),
    },
  };
  const card = $('edit');
  $('edit-title').textContent = `Change verdict ${verdict.id}: ${verdict.kind} ${verdict.subject}`;
  $('edit-verdict').value = editing.initial.verdict;
  $('edit-threat').value = editing.initial.threatName;
  $('edit-comment').value = editing.initial.comment;
  $('edit-expires').value = editing.initial.expiresAt;
  say($('edit-error'));
  const owner = $('edit-owner');
  if (mayChange(verdict)) {
    say(owner);
  } else {
    say(owner, `This verdict is ${verdict.owner}'s: only ${verdict.owner} or an admin may change it, so the appliance will refuse a change.`);
  }
  card.hidden = false;
  card.scrollIntoView({ block: 'nearest' });
  $('edit-verdict').focus();
}

function closeEdit() {
  const id = editing && editing.verdict.id;
  editing = null;
  $('edit').hidden = true;
  if (id !== null) focusRow(id, 'edit');
}

/** Only the fields the operator changed, as a JSON merge patch: a concurrent change of another field survives. */
function editedFields() {
  const now = {
    verdict: $('edit-verdict').value,
    threatName: $('edit-threat').value.trim(),
    comment: $('edit-comment').value.trim(),
    expiresAt: $('edit-expires').value,
  };
  const body = {};
  if (now.verdict !== editing.initial.verdict) body.verdict = now.verdict;
  if (now.threatName !== editing.initial.threatName) body.threatName = now.threatName || null;
  if (now.comment !== editing.initial.comment) body.comment = now.comment || null;
  if (now.expiresAt !== editing.initial.expiresAt) body.expiresAt = fromLocalInput(now.expiresAt);
  return body;
}

async function saveEdit(event) {
  event.preventDefault();
  if (!editing) return;
  const error = $('edit-error');
  say(error);
  const { verdict } = editing;
  let body;
  try {
    body = editedFields();
  } catch (e) {
    say(error, e.message);
    return;
  }
  if (Object.keys(body).length === 0) {
    say(error, 'Nothing changed: change a field, or cancel.');
    return;
  }
  const button = $('edit-form').querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const changed = await patch(verdict.id, body);
    closeEdit();
    report(`Verdict ${changed.id} on ${changed.kind} ${changed.subject} now says ${changed.verdict} (${changed.zone})`
      + `${changed.expired ? ', expired' : ''}; revision ${changed.revision}.`);
    await load();
    focusRow(changed.id, 'edit');
  } catch (e) {
    say(error, refusalText(e));
  } finally {
    button.disabled = false;
  }
}

// ---- create ---------------------------------------------------------------------------------------

async function create(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const error = $('create-error');
  say(error);
  const value = $('create-value').value.trim();
  if (!value) {
    say(error, 'Enter the subject: what the verdict is about.');
    $('create-value').focus();
    return;
  }
  const body = { kind: $('create-kind').value, value, verdict: $('create-verdict').value };
  const threatName = $('create-threat').value.trim();
  const comment = $('create-comment').value.trim();
  if (threatName) body.threatName = threatName;
  if (comment) body.comment = comment;
  try {
    const expiresAt = fromLocalInput($('create-expires').value);
    if (expiresAt) body.expiresAt = expiresAt;
  } catch (e) {
    say(error, e.message);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const created = await api(BASE, { method: 'POST', body });
    form.reset();
    $('create-kind').value = body.kind;
    showSubjectHint();
    report(`Created verdict ${created.id}: ${created.kind} ${created.subject} is ${created.verdict} (${created.zone})`
      + `${created.expired ? ', already expired' : ''}. Lookups use it now.`);
    view.page = 0;
    await load();
  } catch (e) {
    const parts = [refusalText(e)];
    const existing = slug(e) === 'local-verdict-exists' && /\(id (\d+)\)/.exec(e.message);
    if (existing) {
      parts.push(' ', el('button', { type: 'button', class: 'secondary', id: 'show-existing', onclick: () => {
        view.q = `#${existing[1]}`;
        view.page = 0;
        showViewInForm();
        load();
      } }, `Show verdict ${existing[1]}`));
    }
    say(error, ...parts);
  } finally {
    button.disabled = false;
  }
}

function showSubjectHint() {
  const kind = $('create-kind').value;
  $('create-value-hint').textContent = SUBJECT_HINTS[kind] || '';
}

// ---- import and export ----------------------------------------------------------------------------

function mediaTypeOf(file, chosen) {
  if (chosen) return chosen;
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  return null;
}

function importErrors(problem) {
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const parts = [el('p', { class: 'error', id: 'import-problem' }, `Refused: ${problem.detail}.`)];
  if (errors.length) {
    parts.push(el('div', { class: 'table-wrap' },
      el('table', { class: 'data import-errors', id: 'import-errors' },
        el('caption', {}, 'Rows to fix (the CSV header is line 1)'),
        el('thead', {}, el('tr', {}, ['Line', 'Problem', 'Detail', 'Input'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, errors.map((e) => el('tr', { dataset: { row: String(e.row) } },
          el('td', {}, String(e.row)),
          el('td', { class: 'mono type' }, e.type || '—'),
          el('td', {}, e.detail || '—'),
          el('td', { class: 'mono' }, e.input === undefined || e.input === null ? '—' : String(e.input))))))));
  }
  if (problem.errorsNotListed > 0) {
    parts.push(el('p', { class: 'hint' }, `${formatCount(problem.errorsNotListed)} more bad rows are not listed.`));
  }
  parts.push(el('p', { class: 'hint' }, 'Fix these rows and import the whole file again: no row of it was applied.'));
  return parts;
}

async function importFile(event) {
  event.preventDefault();
  const result = $('import-result');
  const file = $('import-file').files[0];
  if (!file) {
    replace(result, el('p', { class: 'error' }, 'Choose a file to import.'));
    return;
  }
  const type = mediaTypeOf(file, $('import-format').value);
  if (!type) {
    replace(result, el('p', { class: 'error' }, `Choose the format: "${file.name}" does not end in .csv, .jsonl or .ndjson.`));
    return;
  }
  const button = event.currentTarget.querySelector('button[type=submit]');
  button.disabled = true;
  replace(result, el('p', { class: 'hint' }, `Importing ${file.name}…`));
  try {
    const done = await api(`${BASE}/import`, { method: 'POST', body: file, headers: { 'Content-Type': `${type}; charset=utf-8` } });
    replace(result, el('p', { class: 'status-good', id: 'import-done' },
      `Imported ${file.name} (${done.format === 'csv' ? 'CSV' : 'JSON Lines'}): ${formatCount(done.rows)} rows, `
      + `${formatCount(done.created)} created, ${formatCount(done.updated)} changed, ${formatCount(done.unchanged)} unchanged.`));
    view.page = 0;
    await load();
  } catch (e) {
    if (e instanceof ApiError && slug(e) === 'invalid-import' && e.problem) {
      replace(result, ...importErrors(e.problem));
    } else if (e instanceof ApiError && e.status === 413) {
      replace(result, el('p', { class: 'error', id: 'import-problem' }, `Nothing was imported: ${e.message}.`));
    } else {
      replace(result, el('p', { class: 'error', id: 'import-problem' }, `Nothing was imported: ${refusalText(e)}`));
    }
  } finally {
    button.disabled = false;
  }
}

async function exportFile(event) {
  event.preventDefault();
  const format = event.submitter && event.submitter.value === 'jsonl' ? 'jsonl' : 'csv';
  const state = $('export-state').value;
  const message = $('export-result');
  const buttons = event.currentTarget.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  message.className = 'hint';
  message.textContent = 'Exporting…';
  try {
    const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
    const response = await api(`${BASE}/export?format=${format}&state=${encodeURIComponent(state)}`,
      { raw: true, headers: { Accept: type } });
    if (!response.ok) {
      const problem = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : null;
      throw new ApiError(response.status, problem);
    }
    const text = await response.text();
    const day = new Date().toISOString().slice(0, 10);
    download(`local-verdicts-${state}-${day}.${format}`, text, type);
    const lines = text.split('\n').filter((line) => line.trim()).length - (format === 'csv' ? 1 : 0);
    message.className = 'status-good';
    message.textContent = `Exported ${formatCount(Math.max(0, lines))} verdicts as ${format === 'csv' ? 'CSV' : 'JSON Lines'}.`;
  } catch (e) {
    message.className = 'error';
    message.textContent = `The export failed: ${refusalText(e)}`;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---- the page -------------------------------------------------------------------------------------

start(async ({ session }) => {
  me = { name: session.name, role: session.role };
  for (const kind of KINDS) {
    $('create-kind').append(el('option', { value: kind }, kind));
    $('search-kind').append(el('option', { value: kind }, kind));
  }
  $('create-kind').value = 'domain';
  fillVerdicts($('create-verdict'));
  fillVerdicts($('edit-verdict'));
  showSubjectHint();
  for (const hint of document.querySelectorAll('.time-zone-hint')) {
    hint.textContent = `In your browser's time (${timeZoneWords()}). Empty: never. A past time ends the verdict at once.`;
  }

  $('create-kind').addEventListener('change', showSubjectHint);
  $('create-form').addEventListener('submit', create);
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    view.q = $('search-q').value.trim();
    view.kind = $('search-kind').value;
    view.state = $('search-state').value;
    view.size = Number($('search-size').value) || 100;
    view.page = 0;
    load();
  });
  $('search-reset').addEventListener('click', () => {
    Object.assign(view, { q: '', kind: '', state: 'all', page: 0 });
    showViewInForm();
    load();
  });
  $('page-previous').addEventListener('click', () => {
    view.page = Math.max(0, view.page - 1);
    load().then(() => $('list-title').scrollIntoView({ block: 'start' }));
  });
  $('page-next').addEventListener('click', () => {
    view.page += 1;
    load().then(() => $('list-title').scrollIntoView({ block: 'start' }));
  });
  $('edit-form').addEventListener('submit', saveEdit);
  $('edit-cancel').addEventListener('click', closeEdit);
  $('edit').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeEdit();
  });
  $('import-form').addEventListener('submit', importFile);
  $('export-form').addEventListener('submit', exportFile);

  readAddress();
  showViewInForm();
  await load();
});
