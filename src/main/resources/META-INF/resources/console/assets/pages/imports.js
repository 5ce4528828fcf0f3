// The imports page (issue 15): upload a bundle and follow its import through the appliance's real
// states and progress (POST /api/v1/imports, then GET /api/v1/imports/{id}); the import history,
// filtered and paged by the appliance (GET /api/v1/imports?outcome=&origin=&page=&size=); every
// reason in plain words with what to do about it (../import-reasons.js).
import {
  start, api, banner, el, replace, session as stored, signOut, ApiError, formatInstant, formatCount, problemText,
} from '../console.js';
import { explain } from '../import-reasons.js';

const POLL_MS = 400;
/** Polls that may fail in a row (the appliance restarting, a network blip) before the page gives up. */
const POLL_FAILURES = 5;

/** The states an import passes through, in order (docs/imports-api.md "States"). */
export const STEPS = ['QUEUED', 'COPYING', 'RECEIVED', 'VERIFIED', 'STAGED', 'BUILT', 'ACTIVATED'];
export const FINAL = ['ACTIVATED', 'UNCHANGED', 'REJECTED', 'FAILED', 'INTERRUPTED'];

export const STATE_WORDS = {
  SENDING: 'The file is being sent to the appliance.',
  QUEUED: 'Received; waiting for the import before it to finish.',
  COPYING: 'Being copied into staging and hashed.',
  RECEIVED: 'The staged copy is complete and its SHA-256 known.',
  VERIFIED: 'Trust roots, signatures, manifest, expiry, dataset and sequence checked.',
  STAGED: 'Writing the new data beside the live data, part by part.',
  BUILT: 'Every part verified and written; counts and state checksum match.',
  ACTIVATED: 'The new data now answers lookups.',
  UNCHANGED: 'This sequence was already active; nothing changed.',
  REJECTED: 'The bundle was refused. The live data is untouched; the bundle is in quarantine with its reason.',
  FAILED: 'This appliance could not finish the import. The live data is untouched; nothing was quarantined.',
  INTERRUPTED: 'The appliance stopped during the import. The live data is whichever was complete.',
};

const OUTCOME_CLASS = {
  ACTIVATED: 'good',
  UNCHANGED: 'neutral',
  REJECTED: 'bad',
  FAILED: 'bad',
  INTERRUPTED: 'warn',
};

const ORIGIN_WORDS = { upload: 'upload', inbox: 'inbox', cli: 'command line', demo: 'demo bundle' };

export function formatBytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${formatCount(value)} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatMillis(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}

/**
 * What to tell the operator when the appliance refused an upload before importing it
 * (docs/imports-api.md "Errors"); {@code retryAfter} is the Retry-After header, in seconds.
 */
export function refusalText(status, problem, retryAfter, role) {
  const detail = problem && (problem.detail || problem.title);
  const slug = problem && typeof problem.type === 'string' ? problem.type.replace('urn:outpost:problem:', '') : '';
  switch (status) {
    case 0:
      return 'The upload broke off before the appliance answered: the connection closed. If the file is very large it'
        + ' may be above the appliance’s limit; otherwise check the network and try again.';
    case 403:
      return `Your token${role ? ` (role ${role})` : ''} may not upload bundles: uploading needs the operator or admin`
        + ' role. Sign in with an operator token.';
    case 408:
      return 'The upload stalled: the appliance received nothing for too long and kept nothing. Try again.';
    case 413:
      return 'The file is too large for this appliance; nothing of it was kept. Check that it is the right file; an'
        + ` administrator can raise outpost.imports.max-upload-bytes.${detail ? ` (${detail})` : ''}`;
    case 503: {
      const wait = Number(retryAfter) > 0 ? `${Number(retryAfter)} seconds` : 'a little while';
      return `The appliance is busy with other uploads and did not take this one${detail ? ` (${detail})` : ''}.`
        + ` Try again in ${wait}.`;
    }
    case 507:
      return 'The appliance does not have enough free disk space for this bundle and its import (about three times'
        + ` its size); nothing was kept.${detail ? ` ${detail}.` : ''} Free space or add disk, then try again.`;
    case 415:
      return `The appliance did not take the file as a bundle${detail ? ` (${detail})` : ''}.`;
    default:
      if (slug === 'request-unreadable') {
        return 'The upload broke off before the whole file had arrived; nothing was kept. Try again.';
      }
      return `The appliance refused the upload (HTTP ${status})${detail ? `: ${detail}` : ''}.`;
  }
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

/**
 * Sends a file as the raw body of a POST with the signed-in token. XMLHttpRequest rather than
 * api(), because fetch() reports no upload progress; it sets the same Authorization header as api()
 * and reads the token the same way, from the tab's stored session at the time of the call.
 */
function sendFile(path, file, { onProgress, onStart }) {
  return new Promise((resolve) => {
    const current = stored.read();
    if (!current) {
      signOut('no-session');
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', `Bearer ${current.token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    });
    xhr.addEventListener('load', () => resolve({
      status: xhr.status,
      body: parseJson(xhr.responseText),
      retryAfter: xhr.getResponseHeader('Retry-After'),
      role: current.role,
    }));
    xhr.addEventListener('error', () => resolve({ status: 0, body: null, role: current.role }));
    xhr.addEventListener('abort', () => resolve({ status: -1, body: null, role: current.role }));
    onStart(xhr);
    xhr.send(file);
  });
}

/** A reason in plain words, what to do, the bundles a delta needs, and the appliance's own words. */
function reasonBlock(view, { open = true } = {}) {
  const explanation = explain(view);
  if (!explanation) return null;
  const body = [
    el('p', { class: 'advice' }, el('strong', {}, 'What to do: '), explanation.advice),
    explanation.needed ? el('p', { class: 'needed' }, explanation.needed) : null,
    el('p', { class: 'hint' }, 'Reason code ', el('code', {}, explanation.code),
      view.detail ? '; the appliance says: ' : '', view.detail ? el('span', { class: 'mono detail' }, view.detail) : null),
  ];
  const tone = OUTCOME_CLASS[view.state] || 'neutral';
  return el('details', { class: `reason reason-${tone}`, 'data-reason': explanation.code, open },
    el('summary', {}, explanation.words), ...body);
}

function outcomeBadge(state) {
  return el('span', { class: `outcome outcome-${OUTCOME_CLASS[state] || 'running'}`, 'data-outcome': state }, state);
}

function datasetText(view) {
  if (!view.dataset) return '—';
  const sequence = view.sequence !== undefined && view.sequence !== null ? ` ${view.sequence}` : '';
  // Only an activation moved the data from one sequence to another.
  const previous = view.state === 'ACTIVATED' && view.previousSequence ? ` (from ${view.previousSequence})` : '';
  return `${view.dataset}${sequence}${previous}`;
}

/** The upload card: choosing or dropping a file, sending it, and following its import. */
function uploader({ onFinished }) {
  const input = document.getElementById('bundle-file');
  const zone = document.getElementById('drop-zone');
  const chosen = document.getElementById('chosen');
  const button = document.getElementById('upload-button');
  const cancel = document.getElementById('cancel-button');
  const error = document.getElementById('upload-error');
  const status = document.getElementById('upload-status');
  const badge = document.getElementById('upload-state');
  const stateWords = document.getElementById('upload-state-words');
  const sendBar = document.getElementById('send-progress');
  const sendWords = document.getElementById('send-words');
  const importBar = document.getElementById('import-progress');
  const importWords = document.getElementById('import-words');
  const steps = document.getElementById('import-steps');
  const result = document.getElementById('upload-result');
  let busy = false;
  let xhr = null;
  let seen = new Set();

  const file = () => (input.files && input.files.length === 1 ? input.files[0] : null);

  function showChosen() {
    const f = file();
    chosen.hidden = !f;
    if (f) replace(chosen, 'Chosen: ', el('strong', {}, f.name), ` (${formatBytes(f.size)})`);
    button.disabled = busy || !f;
  }

  function refuse(message) {
    replace(error, message);
    error.hidden = false;
  }

  function showState(state) {
    badge.dataset.state = state;
    badge.className = `state-badge outcome outcome-${OUTCOME_CLASS[state] || 'running'}`;
    replace(badge, state === 'SENDING' ? 'SENDING' : state);
    replace(stateWords, STATE_WORDS[state] || '');
  }

  function showSteps(state) {
    if (STEPS.includes(state)) seen.add(state);
    const reached = Math.max(-1, ...[...seen].map((s) => STEPS.indexOf(s)));
    const final = FINAL.includes(state);
    const shown = final && state !== 'ACTIVATED' ? STEPS.slice(0, -1).concat(state) : STEPS;
    replace(steps, ...shown.map((step, i) => {
      let kind = 'pending'; // not reached yet: the plain step style
      if (step === state) kind = final ? `final final-${OUTCOME_CLASS[state]}` : 'current';
      else if (i <= reached) kind = 'done';
      return el('li', { class: `step step-${kind}`, 'data-step': step, 'aria-current': step === state ? 'step' : null },
        step);
    }));
  }

  function showProgress(view) {
    const p = view.progress;
    if (p && p.bytesTotal > 0) {
      importBar.max = p.bytesTotal;
      importBar.value = Math.min(p.bytesVerified, p.bytesTotal);
      replace(importWords, `${p.percent}% · ${formatBytes(p.bytesVerified)} of ${formatBytes(p.bytesTotal)} verified`
        + ` · ${formatCount(p.recordsWritten)} records written`);
    } else if (view.finished) {
      // A refused or failed import has no progress: the bar stops where it was.
      importBar.classList.add('stopped');
      if (!importBar.hasAttribute('value')) importBar.value = 0;
      replace(importWords, 'The import stopped.');
    } else {
      // Before the manifest is verified there is nothing to count towards: an indeterminate bar.
      importBar.removeAttribute('value');
      replace(importWords, view.state === 'QUEUED' ? 'Waiting for its turn.' : 'Preparing…');
    }
  }

  function showResult(view) {
    const facts = el('dl', { class: 'facts' },
      el('dt', {}, 'File'), el('dd', {}, view.fileName || '—'),
      el('dt', {}, 'Size'), el('dd', {}, formatBytes(view.bytes)),
      el('dt', {}, 'SHA-256'), el('dd', { class: 'mono' }, view.sha256 || '—'),
      el('dt', {}, 'Import id'), el('dd', { class: 'mono' }, view.id),
      el('dt', {}, 'Took'), el('dd', {}, formatMillis(view.durationMillis)));
    let headline;
    if (view.state === 'ACTIVATED') {
      headline = el('p', { class: 'status-good', id: 'result-headline' },
        `Dataset ${view.dataset} sequence ${view.sequence} is active`
        + `${view.previousSequence ? ` (it was ${view.previousSequence})` : ''}.`);
    } else if (view.state === 'UNCHANGED') {
      headline = el('p', { class: 'status-warn', id: 'result-headline' },
        `Sequence ${view.sequence} of dataset ${view.dataset} is already active: nothing changed.`);
    } else {
      headline = el('p', { class: 'status-bad', id: 'result-headline' }, `${view.fileName || 'The bundle'} was not`
        + ` imported${view.state === 'INTERRUPTED' ? ': the appliance stopped during the import' : ''}.`);
    }
    replace(result, headline, reasonBlock(view), facts);
  }

  function render(view) {
    status.dataset.importId = view.id;
    showState(view.state);
    showSteps(view.state);
    showProgress(view);
    if (view.finished) showResult(view);
  }

  function done() {
    busy = false;
    xhr = null;
    cancel.hidden = true;
    showChosen();
  }

  async function follow(view) {
    let failures = 0;
    let current = view;
    render(current);
    while (!current.finished) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      try {
        current = await api(`/api/v1/imports/${encodeURIComponent(view.id)}`);
        stored.touch(); // following an import is activity too
        failures = 0;
        render(current);
      } catch (e) {
        failures += 1;
        if (!(e instanceof ApiError) || e.status === 401 || (e.status !== 0 && e.status < 500)
            || failures >= POLL_FAILURES) {
          refuse(`Lost track of the import: ${problemText(e)} It goes on in the appliance; its outcome will be in`
            + ' the history below.');
          break;
        }
      }
    }
    done();
    onFinished();
  }

  async function upload() {
    const f = file();
    if (!f || busy) return;
    busy = true;
    button.disabled = true;
    error.hidden = true;
    seen = new Set();
    delete status.dataset.importId;
    replace(result);
    importBar.classList.remove('stopped');
    importBar.max = 100;
    importBar.removeAttribute('value');
    replace(importWords, '');
    sendBar.max = Math.max(1, f.size);
    sendBar.value = 0;
    replace(sendWords, `0 of ${formatBytes(f.size)} sent`);
    status.hidden = false;
    document.getElementById('sending').hidden = false;
    showState('SENDING');
    showSteps('SENDING');
    const answer = await sendFile(`/api/v1/imports?name=${encodeURIComponent(f.name)}`, f, {
      onStart: (request) => {
        xhr = request;
        cancel.hidden = false;
      },
      onProgress: (loaded, total) => {
        stored.touch(); // a long upload is activity: the idle sign-out must not cut it off
        sendBar.max = Math.max(1, total);
        sendBar.value = loaded;
        replace(sendWords, `${formatBytes(loaded)} of ${formatBytes(total)} sent`);
      },
    });
    cancel.hidden = true;
    if (answer.status === 202 && answer.body && answer.body.id) {
      sendBar.value = sendBar.max;
      replace(sendWords, `${formatBytes(f.size)} sent; the appliance has the whole file.`);
      await follow(answer.body);
      return;
    }
    if (answer.status === 401) {
      signOut('rejected');
      return;
    }
    status.hidden = true;
    refuse(answer.status === -1
      ? 'Upload cancelled; the appliance kept nothing of it.'
      : refusalText(answer.status, answer.body, answer.retryAfter, answer.role));
    done();
  }

  input.addEventListener('change', () => {
    error.hidden = true;
    showChosen();
  });
  button.addEventListener('click', upload);
  cancel.addEventListener('click', () => {
    if (xhr) xhr.abort();
  });
  // A file dropped anywhere else would make the browser open it and leave the console.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (!zone.contains(event.target)) event.preventDefault();
    });
  }
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length !== 1) {
      refuse('Drop one bundle file at a time.');
      return;
    }
    if (busy) return;
    error.hidden = true;
    input.files = files;
    showChosen();
    button.focus();
  });
  showChosen();

  /** Shows one import of the history (the overview links here with ?id=), followed if still running. */
  async function show(id) {
    const view = await api(`/api/v1/imports/${encodeURIComponent(id)}`);
    status.hidden = false;
    // Not sent from this page (or long ago): only the import's own states and progress mean anything.
    document.getElementById('sending').hidden = true;
    busy = !view.finished;
    button.disabled = true;
    if (view.finished) {
      render(view);
      done();
    } else {
      follow(view); // not awaited: the page is usable while the import runs
    }
    status.scrollIntoView({ block: 'nearest' });
  }

  return { show };
}

/** The history table with the appliance's filters and paging; the filters live in the address. */
function historyTable() {
  const form = document.getElementById('history-filters');
  const outcome = document.getElementById('filter-outcome');
  const origin = document.getElementById('filter-origin');
  const size = document.getElementById('filter-size');
  const rows = document.getElementById('history-rows');
  const summary = document.getElementById('history-summary');
  const previous = document.getElementById('page-previous');
  const next = document.getElementById('page-next');
  const pageWords = document.getElementById('page-words');
  const query = new URLSearchParams(location.search);
  const pick = (select, value) => {
    if ([...select.options].some((o) => o.value === value)) select.value = value;
  };
  pick(outcome, query.get('outcome') || '');
  pick(origin, query.get('origin') || '');
  // A page size from the address that the list lacks (a bookmark, ?size=5) is offered as it is.
  const wanted = Number.parseInt(query.get('size') || '', 10);
  if (wanted >= 1 && wanted <= 1000 && ![...size.options].some((o) => o.value === String(wanted))) {
    size.prepend(el('option', { value: String(wanted) }, String(wanted)));
  }
  pick(size, query.get('size') || '20');
  let page = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);

  /**
   * A cell whose content is one block: on a narrow screen each row becomes a card of labelled
   * lines, the label from data-label beside that block.
   */
  function cell(label, ...content) {
    const kind = label === 'Reason' ? 'reason-cell' : label === 'Took' ? 'took' : null;
    return el('td', { class: kind, 'data-label': label }, el('div', {}, ...content));
  }

  function row(view) {
    const when = view.finishedAt || view.startedAt;
    return el('tr', { 'data-id': view.id, 'data-outcome': view.state },
      cell('Finished', el('time', { datetime: when || '' }, formatInstant(when))),
      cell('Bundle', el('a', { class: 'file', href: `/console/imports?id=${encodeURIComponent(view.id)}` }, view.fileName || view.id),
        el('span', { class: 'hint block' }, formatBytes(view.bytes))),
      cell('Origin', ORIGIN_WORDS[view.origin] || view.origin || '—'),
      cell('By', view.actor || '—'),
      cell('Outcome', outcomeBadge(view.state)),
      cell('Dataset', datasetText(view)),
      cell('Reason', reasonBlock(view, { open: false }) || '—'),
      cell('Took', formatMillis(view.durationMillis)));
  }

  const table = document.getElementById('history-table');
  let latest = 0;

  async function load() {
    // Filters changed quickly send several requests: only the last one's answer is shown.
    const mine = ++latest;
    const params = new URLSearchParams({ page: String(page), size: size.value });
    if (outcome.value) params.set('outcome', outcome.value);
    if (origin.value) params.set('origin', origin.value);
    history.replaceState(null, '', `${location.pathname}?${params}`);
    summary.classList.remove('error');
    let answer;
    try {
      answer = await api(`/api/v1/imports?${params}`);
    } catch (e) {
      if (mine !== latest) return;
      summary.classList.add('error');
      replace(summary, `The history could not be loaded: ${problemText(e)}`);
      return;
    }
    if (mine !== latest) return;
    const filtered = outcome.value || origin.value;
    if (answer.imports.length === 0) {
      rows.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'empty' },
        filtered ? 'No imports match these filters.' : 'No imports yet. Upload a bundle above, or put one in the inbox.')));
    } else {
      rows.replaceChildren(...answer.imports.map(row));
    }
    const first = answer.page * answer.size + 1;
    const last = answer.page * answer.size + answer.imports.length;
    const what = [outcome.value && outcome.selectedOptions[0].textContent.toLowerCase(),
      origin.value && `from ${ORIGIN_WORDS[origin.value] || origin.value}`].filter(Boolean).join(', ');
    replace(summary, `${formatCount(answer.total)} ${filtered ? `imports (${what})` : 'imports in all'}, newest first.`);
    replace(pageWords, answer.imports.length ? `${formatCount(first)}–${formatCount(last)} of ${formatCount(answer.total)}`
      : '');
    previous.disabled = answer.page === 0;
    next.disabled = last >= answer.total;
    table.dataset.query = params.toString();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page = 0;
    load();
  });
  for (const select of [outcome, origin, size]) {
    select.addEventListener('change', () => {
      page = 0;
      load();
    });
  }
  previous.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    load();
  });
  next.addEventListener('click', () => {
    page += 1;
    load();
  });
  return load;
}

start(async () => {
  document.getElementById('imports').hidden = false;
  // Read before the history keeps its filters in the address (which drops the id).
  const id = new URLSearchParams(location.search).get('id');
  const reload = historyTable();
  const imports = uploader({ onFinished: reload });
  await reload();
  if (id) {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
      banner(`“${id.slice(0, 100)}” is not an import id.`);
    } else {
      await imports.show(id).catch((error) => banner(error instanceof ApiError && error.status === 404
        ? `No import has the id ${id} (the history keeps the last imports only).`
        : problemText(error)));
    }
  }
});
