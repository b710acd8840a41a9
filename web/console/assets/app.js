// The openscs web console: login, the header and navigation, hash routing.
// Each page is a module in pages/ with `render(container, ctx)`; a page
// renders into a fresh container, so a slow answer for a page the user has
// left lands nowhere.

import * as api from './api.js';
import { h, clear, errorBox } from './ui.js';
import { startLive, stopLive } from './live.js';

const PAGES = [
  { path: 'systems', title: 'Intel AMT Systems', module: './pages/systems.js' },
  { path: 'keys', title: 'Security Keys', module: './pages/keys.js' },
  { path: 'certificates', title: 'Certificates', module: './pages/certificates.js' },
  { path: 'profiles', title: 'Profiles', module: './pages/profiles.js' },
  { path: 'logs', title: 'Logs', module: './pages/logs.js' },
  { path: 'settings', title: 'Settings', module: './pages/settings.js' },
  { path: 'dns', title: 'DNS Configuration', module: './pages/dns.js' },
  { path: 'audit', title: 'Audit', module: './pages/audit.js', admin: true },
];

const root = document.getElementById('app');
let session = null;  // {user, role, csrf_token}
let cleanups = [];
let shell = null;

function isAdmin() { return session && session.role === 'admin'; }

function runCleanups() {
  for (const fn of cleanups) {
    try { fn(); } catch (e) { console.error(e); }
  }
  cleanups = [];
}

// ---- Login ------------------------------------------------------------------

function showLogin(message) {
  runCleanups();
  stopLive();
  session = null;
  shell = null;
  api.setCsrfToken('');
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const out = h('div', { class: 'login-out', 'aria-live': 'polite' }, message ? errorBox(message) : null);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Log in');
  const form = h('form', { class: 'login card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'openscs'),
    h('p', { class: 'muted' }, 'Intel AMT Setup and Configuration Server'),
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, 'User name'), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    button, out,
    h('p', { class: 'hint' }, 'No account yet? On the server: OPENSCS_PASSWORD=… openscs users add NAME --role admin'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    clear(out);
    try {
      const answer = await api.post('/api/v1/session', { user: user.value, password: password.value }, { noLogout: true });
      password.value = '';
      await startSession(answer);
    } catch (err) {
      let text = err.message;
      if (err.code === 'rate_limited' && err.retryAfter) text += ` (try again in ${err.retryAfter} s)`;
      clear(out, errorBox(text));
    } finally {
      button.disabled = false;
    }
  });
  clear(root, h('main', { class: 'login-page' }, form));
  user.focus();
}

async function startSession(answer) {
  session = answer || {};
  if (!session.csrf_token) {
    // An older server answers the login without the token: ask for it.
    try { session = { ...session, ...(await api.get('/api/v1/session')) }; } catch { /* shown by the next call */ }
  }
  api.setCsrfToken(session.csrf_token);
  buildShell();
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/systems';
  else route();
}

async function logout() {
  try { await api.del('/api/v1/session', { noLogout: true }); } catch { /* logged out either way */ }
  showLogin();
}

// ---- Shell ------------------------------------------------------------------

function buildShell() {
  const liveEl = h('span', { class: 'live off', 'aria-live': 'polite' }, '○ offline');
  const nav = h('nav', { 'aria-label': 'Main' }, h('ul', null, PAGES.filter((p) => !p.admin || isAdmin()).map((p) =>
    h('li', null, h('a', { href: '#/' + p.path, 'data-page': p.path }, p.title)))));
  const who = h('span', { class: 'who' }, h('span', { class: 'user' }, session.user || '?'), ' ',
    h('span', { class: 'badge role ' + (session.role || '') }, session.role || '?'));
  const main = h('main', { id: 'main', tabindex: '-1' });
  clear(root,
    h('header', { class: 'top' }, h('a', { class: 'brand', href: '#/systems' }, 'openscs'), nav,
      h('div', { class: 'right' }, liveEl, who, h('button', { type: 'button', class: 'link', onclick: logout }, 'Log out'))),
    main);
  shell = { main, nav };
  startLive(liveEl);
}

// ---- Routing ----------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(qs || '') };
}

async function route() {
  if (!session || !shell) return;
  runCleanups();
  const { parts, query } = parseHash();
  const name = parts[0] || 'systems';
  let page = PAGES.find((p) => p.path === name);
  let module = page && page.module;
  if (name === 'systems' && parts[1]) module = './pages/system.js';
  for (const a of shell.nav.querySelectorAll('a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const container = h('div', { class: 'page' });
  clear(shell.main, container);
  if (!module) {
    container.append(errorBox(`There is no page '${name}'. Pick one from the menu above.`));
    return;
  }
  document.title = `${page.title} — openscs`;
  const ctx = {
    session, isAdmin: isAdmin(), params: parts.slice(1), query,
    onCleanup: (fn) => cleanups.push(fn),
    // Keeps filters in the address (bookmarkable) without re-rendering.
    setQuery: (q) => {
      const s = api.queryString(q);
      history.replaceState(null, '', `#/${parts.join('/')}${s}`);
    },
  };
  try {
    const mod = await import(module);
    await mod.render(container, ctx);
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) return;
    console.error(e);
    container.append(errorBox(e, `The ${page.title} page failed`));
  }
}

window.addEventListener('hashchange', route);
api.onLoggedOut(() => { if (session) showLogin('Your session has ended; please log in again.'); });

(async function boot() {
  try {
    const answer = await api.get('/api/v1/session', undefined, { noLogout: true });
    await startSession(answer);
  } catch (e) {
    showLogin(e.status === 401 || e.status === 403 ? null : e);
  }
})();
