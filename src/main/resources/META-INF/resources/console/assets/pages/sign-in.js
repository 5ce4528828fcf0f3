// Sign-in: checks the token with GET /api/v1/me before keeping it, then goes where the operator was.
import { SIGN_OUT_REASONS, api, ApiError, grants, homeFor, ready, session } from '../console.js';

const form = document.getElementById('sign-in');
const input = document.getElementById('token');
const error = document.getElementById('sign-in-error');
const params = new URLSearchParams(location.search);

function say(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

/** Only a console page of this appliance may be returned to: never an address from elsewhere. */
function next(role) {
  const wanted = params.get('next');
  if (wanted && /^\/console\/[a-z-]*(\?[\w=&%.+-]*)?$/.test(wanted) && !wanted.startsWith('/console/sign-in')) {
    const page = wanted.split('?')[0];
    if (grants(role, 'operator') || page === '/console/lookup') return wanted;
  }
  return homeFor(role);
}

// The form's button is disabled in the page as served, and its field has no name: submitted before
// this script runs, it would send nothing (never the token in an address). Enabled from here on.
form.querySelector('button[type=submit]').disabled = false;

const reason = params.get('reason');
if (reason && SIGN_OUT_REASONS[reason]) say(document.getElementById('sign-in-reason'), SIGN_OUT_REASONS[reason]);
session.clear();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  say(error, '');
  const token = input.value.trim();
  if (!token) {
    say(error, 'Paste an API token.');
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const me = await api('/api/v1/me', { token });
    if (!grants(me.role, 'lookup')) {
      say(error, `A ${me.role} token cannot use the console: it may only submit verdicts. Use an operator, admin or lookup token.`);
      return;
    }
    session.begin(token, me);
    input.value = '';
    location.assign(next(me.role));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      say(error, 'This token is not accepted: it is unknown, expired or revoked.');
    } else {
      say(error, e.message);
    }
  } finally {
    button.disabled = false;
  }
});
ready();
