// The REST API from the console's side (docs/api.md): one fetch wrapper
// that sends the session cookie and the CSRF token, turns every failure into
// an ApiError with the server's readable message, and sends the user back to
// the login screen on a 401 from anywhere.

let csrfToken = '';
let onUnauthenticated = () => {};

export function setCsrfToken(token) { csrfToken = token || ''; }
export function onLoggedOut(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

// "?a=1&domain=x&domain=y" from {a: 1, domain: ['x', 'y']}; empty values are left out.
export function queryString(query) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== '') p.append(k, String(one));
    }
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

async function errorOf(response) {
  let code = 'http_' + response.status;
  let message = `the server answered ${response.status} ${response.statusText || ''}`.trim();
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch { /* not JSON: keep the status line */ }
  return new ApiError(response.status, code, message, response.headers.get('Retry-After'));
}

// request('GET', '/api/v1/systems', {query, json, body, contentType, raw})
// -> parsed JSON, or the Response itself with raw (downloads).
export async function request(method, path, opts = {}) {
  const headers = { Accept: opts.raw ? '*/*' : 'application/json' };
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/octet-stream';
    body = opts.body;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path + queryString(opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', `cannot reach the openscs server (${e.message}); is it still running?`);
  }
  if (!response.ok) {
    const err = await errorOf(response);
    // A failed login is a 401 too: that one is the login form's to show.
    if (response.status === 401 && !opts.noLogout) onUnauthenticated(err);
    throw err;
  }
  if (opts.raw) return response;
  if (response.status === 204) return {};
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'invalid_json', `the server's answer to ${path} is not JSON`);
  }
}

export const get = (path, query, opts) => request('GET', path, { ...opts, query });
export const post = (path, json, opts) => request('POST', path, { ...opts, json });
export const put = (path, json, opts) => request('PUT', path, { ...opts, json });
export const del = (path, opts) => request('DELETE', path, opts);

// Lists are {"total","items"}; tolerate a bare array too.
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer.items)) return answer.items;
  return [];
}
export function totalOf(answer) {
  if (answer && typeof answer.total === 'number') return answer.total;
  return itemsOf(answer).length;
}

// Saves a download answer (setup.bin, key CSV) under the server's file name.
export async function saveDownload(response, fallbackName) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const m = /filename="?([^";]+)"?/.exec(disposition);
  const name = m ? m[1] : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return { name, size: blob.size };
}

// One-line explanations of codes (GET /api/v1/explain), asked once per code.
const explained = new Map();
export function explain(code) {
  if (!code) return Promise.resolve('');
  if (!explained.has(code)) {
    explained.set(code, get('/api/v1/explain', { q: code })
      .then((a) => {
        const m = (a && Array.isArray(a.matches) && a.matches[0]) || a || {};
        return m.title || '';
      })
      .catch(() => ''));
  }
  return explained.get(code);
}
