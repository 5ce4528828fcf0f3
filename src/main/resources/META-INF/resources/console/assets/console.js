// The console's core (ADR 0018): the session, the one API client, the page frame and DOM helpers.
// Every page module calls start(render) and talks to the appliance only through api(): the same
// /api/v1 endpoints, with the same bearer token, as any other client. Text reaches the DOM only
// through textContent (never innerHTML), so nothing an answer contains can become markup.

const SESSION_KEY = 'outpost.console.session';
const ROLE_RANK = { lookup: 1, operator: 2, admin: 3 };
const ACTIVITY_WRITE_MS = 5000;

/** Why a session ended, as the sign-in page words it. */
export const SIGN_OUT_REASONS = {
  'signed-out': 'You signed out.',
  idle: 'You were signed out after a period without activity.',
  'max-age': 'Your sign-in reached its maximum age. Sign in again.',
  expired: 'Your token has expired. Ask an administrator for a new one.',
  rejected: 'The appliance no longer accepts your token: it was revoked, expired, or is unknown here.',
  'no-session': 'Sign in to use the console.',
};

function meta(name, fallback) {
  const element = document.querySelector(`meta[name="${name}"]`);
  const value = element ? Number(element.content) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const idleMs = () => meta('outpost-console-idle-seconds', 900) * 1000;
const maxAgeMs = () => meta('outpost-console-max-age-seconds', 28800) * 1000;

/**
 * The signed-in token lives in this tab's sessionStorage only (never localStorage, never a cookie):
 * it survives moving between console pages, and dies with the tab, on sign-out, after the idle
 * time, or at the maximum session age.
 */
export const session = {
  read() {
    try {
      const value = JSON.parse(sessionStorage.getItem(SESSION_KEY));
      return value && typeof value.token === 'string' ? value : null;
    } catch (e) {
      return null;
    }
  },
  write(value) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  begin(token, me) {
    const now = Date.now();
    this.write({
      token,
      name: me.name,
      role: me.role,
      roles: me.roles,
      credential: me.credential,
      expiresAt: me.expiresAt || null,
      signedInAt: now,
      lastActive: now,
    });
  },
  /** Why the stored session may no longer be used, or null while it is good. */
  endReason(value, now = Date.now()) {
    if (!value) return 'no-session';
    if (now - value.lastActive > idleMs()) return 'idle';
    if (now - value.signedInAt > maxAgeMs()) return 'max-age';
    if (value.expiresAt && Date.parse(value.expiresAt) <= now) return 'expired';
    return null;
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
  /** Counts as activity for the idle limit (long work without clicks: an upload, a running import). */
  touch(now = Date.now()) {
    const current = this.read();
    if (!current || this.endReason(current, now)) return;
    current.lastActive = now;
    this.write(current);
  },
};

/** Whether the signed-in role grants {@code role} (admin ⊇ operator ⊇ lookup). */
export function grants(current, role) {
  if (!role) return true;
  return (ROLE_RANK[current] || 0) >= (ROLE_RANK[role] || 99);
}

/** The first page a role may use: the overview, or the lookup page for a lookup token. */
export function homeFor(role) {
  return grants(role, 'operator') ? '/console/' : '/console/lookup';
}

/** Ends the session and goes to the sign-in page, which says why and returns here after. */
export function signOut(reason) {
  session.clear();
  const here = location.pathname + location.search;
  const next = reason === 'signed-out' || here.startsWith('/console/sign-in') ? '' : `&next=${encodeURIComponent(here)}`;
  location.assign(`/console/sign-in?reason=${encodeURIComponent(reason)}${next}`);
}

/** A refusal or failure of the API, with its problem+json body when it sent one. */
export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super((problem && (problem.detail || problem.title)) || fallback || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || null;
  }

  get type() {
    return this.problem && this.problem.type;
  }
}

async function parse(response) {
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204) return null;
  if (type.includes('json')) return response.json();
  return response.text();
}

/**
 * Calls the appliance's API with the session's token. {@code body} that is not a string, Blob or
 * FormData is sent as JSON. A 401 ends the session: the token was revoked or expired since sign-in.
 * Other refusals throw {@link ApiError} with the problem for the page to show.
 */
export async function api(path, { method = 'GET', body, headers = {}, token, raw = false } = {}) {
  const current = token ? { token } : session.read();
  const init = { method, headers: { Accept: 'application/json, text/csv;q=0.9, */*;q=0.5', ...headers }, cache: 'no-store' };
  if (current) init.headers.Authorization = `Bearer ${current.token}`;
  if (body !== undefined) {
    if (typeof body === 'string' || body instanceof Blob || body instanceof FormData) {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, null, 'The appliance did not answer. Check that it is running and reachable.');
  }
  if (response.status === 401 && !token) {
    signOut('rejected');
    throw new ApiError(401, null, 'Signed out: the token is no longer accepted.');
  }
  if (raw) return response;
  const value = await parse(response);
  if (!response.ok) {
    throw new ApiError(response.status, typeof value === 'object' ? value : null, typeof value === 'string' ? value : null);
  }
  return value;
}

/**
 * Builds an element: {@code attributes} are set as attributes (or as properties for {@code on*}
 * handlers and {@code dataset}), children are nodes or text. Never parses markup.
 */
export function el(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content with {@code children}. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A zone as a coloured badge; the word is always there, the colour only helps. */
export function zoneBadge(zone) {
  const value = zone || 'GREY';
  return el('span', { class: `zone zone-${value.toLowerCase()}` }, value);
}

export function formatInstant(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

export function formatCount(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
}

/** The words for an error: the problem's detail when the API sent one. */
export function problemText(error) {
  if (error instanceof ApiError) {
    // Only the generic refusal is about the role; others (e.g. another operator's verdict) say why.
    if (error.status === 403 && (!error.type || error.type.endsWith(':forbidden'))) {
      return `Your token's role does not allow this (${error.message}).`;
    }
    return error.message;
  }
  return String(error && error.message ? error.message : error);
}

/** Shows a message above the page: an error by default, or {@code kind} 'info'. */
export function banner(message, kind = 'error') {
  const element = document.getElementById('banner');
  if (!element) return;
  if (!message) {
    element.hidden = true;
    element.replaceChildren();
    return;
  }
  element.className = `banner banner-${kind}`;
  replace(element, message);
  element.hidden = false;
}

/**
 * Names each cell after its column ({@code data-label}), for tables that stack into one card per
 * row on a narrow screen (class {@code stacking}).
 */
export function labelCells(table) {
  const headings = [...table.tHead.rows[0].cells].map((th) => th.textContent);
  for (const row of table.tBodies[0].rows) {
    [...row.cells].forEach((td, i) => { td.dataset.label = headings[i] || ''; });
  }
  return table;
}

/** Saves text as a file from the browser (CSV exports); nothing leaves the machine. */
export function download(filename, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Marks the page rendered (what the end-to-end tests and the overview timing wait for). */
export function ready() {
  document.body.dataset.state = 'ready';
}

function watchActivity() {
  let lastWrite = 0;
  const touch = () => {
    const now = Date.now();
    if (now - lastWrite < ACTIVITY_WRITE_MS) return;
    lastWrite = now;
    session.touch(now);
  };
  for (const type of ['click', 'keydown', 'input']) document.addEventListener(type, touch, { passive: true });
  setInterval(() => {
    const reason = session.endReason(session.read());
    if (reason) signOut(reason);
  }, 10000);
}

function frame(current) {
  for (const item of document.querySelectorAll('#nav li[data-role]')) {
    item.hidden = !grants(current.role, item.dataset.role);
  }
  const who = document.getElementById('who');
  if (who) {
    document.getElementById('who-name').textContent = current.name;
    document.getElementById('who-role').textContent = current.role;
    document.getElementById('sign-out').addEventListener('click', () => signOut('signed-out'));
    who.hidden = false;
  }
}

/**
 * Starts a page: without a good session, goes to sign-in; with a role the page is not for, says so;
 * otherwise shows the frame and calls {@code render(context)}. A render that fails shows its error.
 */
export async function start(render) {
  const current = session.read();
  const reason = session.endReason(current);
  if (reason) {
    signOut(reason);
    return;
  }
  // The token may have been revoked, or have expired, since sign-in: ask before showing anything.
  // A 401 here signs out (api() does it); the answer also refreshes the name and role shown.
  const me = await api('/api/v1/me').catch((error) => error);
  if (me instanceof ApiError) {
    if (me.status !== 401) banner(problemText(me));
    if (me.status === 401) return;
  } else {
    Object.assign(current, { name: me.name, role: me.role, roles: me.roles, expiresAt: me.expiresAt || null });
  }
  current.lastActive = Date.now();
  session.write(current);
  frame(current);
  watchActivity();
  const role = document.body.dataset.role;
  if (!grants(current.role, role)) {
    const main = document.getElementById('main');
    main.append(el('p', { class: 'notice', id: 'not-for-role' },
      `This page is for the ${role} role; your token has the ${current.role} role. `,
      el('a', { href: homeFor(current.role) }, 'Go to the pages you can use.')));
    ready();
    return;
  }
  try {
    await render({ session: current, main: document.getElementById('main') });
  } catch (error) {
    banner(problemText(error));
  }
  ready();
}
