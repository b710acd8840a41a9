// Small DOM helpers shared by the pages. Every piece of server data goes in
// as text (textContent), never as markup: device-supplied strings (host
// names, log messages) cannot inject anything.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A readable error box: the API's message, never a blank page.
export function errorBox(err, what) {
  const text = err && err.message ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert' }, what ? `${what}: ${text}` : text);
}
export function note(text, kind = 'info') {
  return h('div', { class: 'note ' + kind, role: kind === 'ok' ? 'status' : undefined }, text);
}

// A data table: columns [{title, cell(row) -> Node|string, class}].
export function table(columns, rows, opts = {}) {
  const head = h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.title)));
  const body = h('tbody', null, rows.map((r) => h('tr', { class: opts.rowClass ? opts.rowClass(r) : undefined,
    'data-key': opts.key ? opts.key(r) : undefined }, columns.map((c) => h('td', { class: c.class }, c.cell(r))))));
  if (rows.length === 0) {
    body.append(h('tr', null, h('td', { colspan: columns.length, class: 'empty' }, opts.empty || 'Nothing to show.')));
  }
  return h('table', { class: 'data', 'aria-label': opts.label }, opts.caption ? h('caption', null, opts.caption) : null,
    h('thead', null, head), body);
}

// "key: value" lines.
export function fields(pairs) {
  return h('dl', { class: 'fields' }, pairs.filter((p) => p).map(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '–')]));
}

// Times are RFC 3339 UTC strings; "" = never.
export function parseTime(s) {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}
export function absTime(s) {
  const d = parseTime(s);
  if (!d) return s ? String(s) : 'never';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
export function relTime(s, now = Date.now()) {
  const d = parseTime(s);
  if (!d) return s ? String(s) : 'never';
  const sec = Math.round((d.getTime() - now) / 1000);
  const a = Math.abs(sec);
  const text = a < 5 ? 'now' : a < 60 ? `${a} s` : a < 3600 ? `${Math.round(a / 60)} min`
    : a < 86400 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86400)} d`;
  if (text === 'now') return 'just now';
  return sec < 0 ? `${text} ago` : `in ${text}`;
}
// Relative, with the absolute local time under it and the raw UTC on hover.
export function timeCell(s) {
  if (!parseTime(s)) return h('span', { class: 'muted' }, s ? String(s) : 'never');
  return h('time', { datetime: s, title: s + ' (UTC)' }, relTime(s), h('br'), h('small', null, absTime(s)));
}

// Server text with `command` spans (the doctor's fixes, kb texts): the
// spans become <code>, still as text.
export function richText(s) {
  return String(s ?? '').split('`').map((part, i) => (i % 2 ? h('code', null, part) : part));
}

// Known keys first, in the given order, then the rest as they come.
export function ordered(obj, order) {
  const keys = Object.keys(obj || {});
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  return keys.sort((a, b) => rank(a) - rank(b)).map((k) => [k, obj[k]]);
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind || text || ''}` }, text || '–');
}

export function shortUuid(uuid) {
  return h('span', { class: 'uuid', title: uuid }, uuid ? uuid.slice(0, 8) + '…' : '–');
}

// fn runs at most once per `ms`, and once more after the last call in a burst.
export function coalesce(fn, ms) {
  let timer = null;
  let last = 0;
  let pending = false;
  const run = () => {
    timer = null;
    last = Date.now();
    pending = false;
    fn();
  };
  const call = () => {
    pending = true;
    if (timer) return;
    timer = setTimeout(run, Math.max(0, last + ms - Date.now()));
  };
  call.cancel = () => { if (timer) clearTimeout(timer); timer = null; pending = false; };
  call.pending = () => pending;
  return call;
}

// A labelled form control.
export function labelled(text, control, hint) {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, text), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

export function select(options, value, attrs) {
  return h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

// A button that shows "…" and stays disabled while its async action runs;
// the action's error lands in `out`.
export function action(label, fn, out, attrs = {}) {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    const old = b.textContent;
    b.textContent = old + '…';
    try {
      await fn();
    } catch (e) {
      if (out) clear(out, errorBox(e));
    } finally {
      b.disabled = false;
      b.textContent = old;
    }
  });
  return b;
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), children);
}
