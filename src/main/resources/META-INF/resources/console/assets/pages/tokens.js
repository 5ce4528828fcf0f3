// Tokens (admin): create one (its value shown once), list them, revoke one after an in-page confirmation.
// Calls POST, GET /api/v1/admin/tokens and DELETE /api/v1/admin/tokens/{id}, as any admin client may.
import { start, api, el, replace, formatInstant, problemText, labelCells } from '../console.js';

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const STATE_CLASS = { active: 'status-good', expired: 'status-warn', revoked: 'status-bad' };

const form = document.getElementById('create-token');
const nameInput = document.getElementById('token-name');
const roleInput = document.getElementById('token-role');
const expiryInput = document.getElementById('token-expiry');
const createError = document.getElementById('create-error');
const created = document.getElementById('created');
const createdHeading = document.getElementById('created-heading');
const createdNote = document.getElementById('created-note');
const tokenField = document.getElementById('new-token');
const copyButton = document.getElementById('copy-token');
const copyStatus = document.getElementById('copy-status');
const filter = document.getElementById('state-filter');
const listStatus = document.getElementById('list-status');
const list = document.getElementById('tokens-list');

const state = { tokens: [], confirming: null };

function say(element, text) {
  element.textContent = text || '';
  element.hidden = !text;
}

/** The once-shown token leaves the page as soon as it is no longer needed, so it cannot be read later. */
function forgetCreated() {
  tokenField.value = '';
  copyStatus.textContent = '';
  say(createdNote, '');
  created.hidden = true;
}

/** The expiry as an ISO instant, null for none; throws the words to show for a bad one. */
function expiry() {
  if (!expiryInput.value) return null;
  const date = new Date(expiryInput.value);
  if (Number.isNaN(date.getTime())) throw new Error('The expiry is not a valid date and time.');
  if (date.getTime() <= Date.now()) throw new Error('The expiry must be in the future; leave it empty for a token that does not expire.');
  return date.toISOString();
}

async function copyToken() {
  const value = tokenField.value;
  if (!value) return;
  try {
    // The Clipboard API needs a secure context (HTTPS or localhost); over plain HTTP on the LAN the
    // browser leaves it out, and the older copy command on the selected field still works there.
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value);
    } else {
      tokenField.select();
      if (!document.execCommand('copy')) throw new Error('copy refused');
    }
    copyStatus.textContent = 'Copied to the clipboard.';
  } catch (e) {
    tokenField.focus();
    tokenField.select();
    copyStatus.textContent = 'The browser did not allow copying: the token is selected, press Ctrl+C (⌘C) to copy it.';
  }
}

function showCreated(token, session) {
  createdHeading.textContent = `Token created: ${token.name} (${token.role})`;
  tokenField.value = token.token;
  copyStatus.textContent = '';
  created.hidden = false;
  if (session.credential === 'bootstrap-token' && token.role === 'admin') {
    // The bootstrap token retires as soon as an admin token is made with it (docs/security.md): the
    // next call would sign this tab out, so nothing is called until the new token has been copied.
    say(createdNote, 'The bootstrap token you signed in with has now been retired. Copy this admin token, then sign out and sign in with it.');
  }
  tokenField.focus();
  tokenField.select();
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function cell(value) {
  return el('td', {}, value === null || value === undefined || value === '' ? '—' : value);
}

function revokedText(token) {
  if (!token.revokedAt) return '—';
  return token.revokedBy ? `${formatInstant(token.revokedAt)} by ${token.revokedBy}` : formatInstant(token.revokedAt);
}

function actionCell(token, session) {
  if (token.state === 'revoked') return el('td', {});
  if (state.confirming !== token.id) {
    return el('td', {}, el('button', {
      type: 'button', class: 'secondary revoke', id: `revoke-${token.id}`, 'aria-label': `Revoke ${token.name}`,
      onclick: () => { state.confirming = token.id; render(session, `confirm-revoke-${token.id}`); },
    }, 'Revoke'));
  }
  const own = session.credential === 'api-token' && session.name === token.name;
  return el('td', {},
    el('div', { class: 'confirm', role: 'group', 'aria-label': `Confirm revoking ${token.name}` },
      el('p', {}, `Revoke ${token.name}? Whoever uses it is refused from now on; this cannot be undone.`,
        own ? ' It is the token you are signed in with: you will be signed out.' : ''),
      el('button', { type: 'button', class: 'danger', id: `confirm-revoke-${token.id}`, onclick: () => revoke(token, session) }, 'Yes, revoke'),
      ' ',
      el('button', {
        type: 'button', class: 'secondary', id: `cancel-revoke-${token.id}`,
        onclick: () => { state.confirming = null; render(session, `revoke-${token.id}`); },
      }, 'Cancel')));
}

function render(session, focusId) {
  const wanted = filter.value;
  const shown = state.tokens.filter((t) => wanted === 'all' || t.state === wanted);
  const counts = { active: 0, expired: 0, revoked: 0 };
  for (const t of state.tokens) counts[t.state] = (counts[t.state] || 0) + 1;
  if (!state.tokens.length) {
    replace(list, el('p', { class: 'empty' }, 'No API tokens yet. Create one above.'));
    return;
  }
  const summary = el('p', { class: 'hint', id: 'token-counts' },
    `${plural(state.tokens.length, 'token')}: ${counts.active} active, ${counts.expired} expired, ${counts.revoked} revoked.`);
  if (!shown.length) {
    replace(list, summary, el('p', { class: 'empty' }, `No ${wanted} tokens.`));
    return;
  }
  const rows = shown.map((t) => el('tr', { dataset: { id: String(t.id), name: t.name, state: t.state } },
    el('td', {}, el('span', {}, el('span', { class: 'token-name' }, t.name), t.bootstrap ? el('span', { class: 'hint' }, ' (bootstrap)') : null)),
    cell(t.role),
    el('td', {}, el('span', { class: `state ${STATE_CLASS[t.state] || ''}` }, t.state)),
    cell(formatInstant(t.createdAt)),
    cell(t.createdBy),
    cell(t.expiresAt ? formatInstant(t.expiresAt) : 'never'),
    cell(t.lastUsedAt ? formatInstant(t.lastUsedAt) : 'never'),
    cell(revokedText(t)),
    actionCell(t, session)));
  replace(list, summary, el('div', { class: 'table-wrap' },
    labelCells(el('table', { class: 'data stacking', id: 'tokens' },
      el('caption', { class: 'visually-hidden' }, 'API tokens, newest first'),
      el('thead', {}, el('tr', {}, ['Name', 'Role', 'State', 'Created', 'Created by', 'Expires', 'Last used', 'Revoked', 'Action']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows)))));
  if (focusId) {
    const target = document.getElementById(focusId);
    if (target) target.focus();
  }
}

async function load(session) {
  listStatus.textContent = 'Loading…';
  try {
    state.tokens = await api('/api/v1/admin/tokens');
    listStatus.textContent = '';
  } catch (error) {
    listStatus.textContent = '';
    replace(list, el('p', { class: 'error', role: 'alert' }, `The tokens could not be listed: ${problemText(error)}`));
    return;
  }
  render(session);
}

async function revoke(token, session) {
  const button = document.getElementById(`confirm-revoke-${token.id}`);
  if (button) button.disabled = true;
  try {
    await api(`/api/v1/admin/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
    state.confirming = null;
    await load(session);
    listStatus.textContent = `${token.name} was revoked.`;
  } catch (error) {
    if (button) button.disabled = false;
    listStatus.textContent = `${token.name} was not revoked: ${problemText(error)}`;
  }
}

start(async ({ session }) => {
  window.addEventListener('pagehide', forgetCreated);
  document.getElementById('dismiss-token').addEventListener('click', () => {
    forgetCreated();
    nameInput.focus();
  });
  copyButton.addEventListener('click', copyToken);
  filter.addEventListener('change', () => render(session));
  document.getElementById('refresh-tokens').addEventListener('click', () => load(session));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    forgetCreated();
    say(createError, '');
    const name = nameInput.value.trim();
    if (!NAME.test(name)) {
      say(createError, 'The name must be 1 to 64 letters, digits or . _ @ - (no spaces).');
      nameInput.focus();
      return;
    }
    let expiresAt;
    try {
      expiresAt = expiry();
    } catch (e) {
      say(createError, e.message);
      expiryInput.focus();
      return;
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const body = { name, role: roleInput.value };
      if (expiresAt) body.expiresAt = expiresAt;
      const token = await api('/api/v1/admin/tokens', { method: 'POST', body });
      form.reset();
      showCreated(token, session);
      if (!createdNote.hidden) return;
      await load(session);
    } catch (error) {
      say(createError, `The token was not created: ${problemText(error)}`);
    } finally {
      submit.disabled = false;
    }
  });

  await load(session);
});
