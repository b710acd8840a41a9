// Logs (the seed's Provisioning › Logs): the provisioning log, newest first,
// filtered by level and UUID; "Follow" polls for new entries every second
// (?after_id=) and puts them on top.

import { get, itemsOf } from '../api.js';
import { h, clear, errorBox, timeCell, badge, labelled, select, richText } from '../ui.js';

const LEVELS = [['error', 'errors only'], ['warning', 'warnings and errors'], ['info', 'info and more severe'], ['debug', 'everything (debug)']];
const MAX_ROWS = 1000;

export async function render(container, ctx) {
  const level = select([['', 'every level'], ...LEVELS], ctx.query.get('level') || '', { name: 'level' });
  const uuid = h('input', { name: 'uuid', value: ctx.query.get('uuid') || '', placeholder: 'a system UUID', size: 38 });
  const follow = h('input', { type: 'checkbox', name: 'follow', checked: ctx.query.get('follow') !== '0' });
  const status = h('div', { 'aria-live': 'polite' });
  const tbody = h('tbody');
  const count = h('span', { class: 'muted' });
  container.append(h('div', { class: 'title-row' }, h('h1', null, 'Logs'),
    h('p', { class: 'muted' }, 'What the server did with each device. How much is written is the log level (Settings); warnings and errors are always kept.')),
  h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, labelled('Level', level), labelled('UUID', uuid),
    h('label', { class: 'check' }, follow, ' Follow (new entries appear on top)'), count),
  status,
  h('table', { class: 'data logs', 'aria-label': 'Log entries' }, h('thead', null, h('tr', null,
    ['Time', 'Level', 'System', 'Code', 'Step', 'Message'].map((t) => h('th', { scope: 'col' }, t)))), tbody));

  let lastId = 0;
  let rows = 0;
  let generation = 0;

  function row(e) {
    return h('tr', { class: 'level-' + (e.level || ''), 'data-id': e.id },
      h('td', null, timeCell(e.at)), h('td', null, badge(e.level || '?', 'level-' + e.level)),
      h('td', null, e.uuid ? h('a', { href: '#/systems/' + e.uuid, title: e.uuid }, e.uuid.slice(0, 8) + '…') : '–'),
      h('td', null, e.code ? h('code', null, e.code) : ''), h('td', null, e.step || ''), h('td', { class: 'msg' }, richText(e.message)));
  }

  function query(extra) {
    return { level: level.value, uuid: uuid.value.trim(), ...extra };
  }

  async function reload() {
    const mine = ++generation;
    ctx.setQuery({ level: level.value, uuid: uuid.value.trim(), follow: follow.checked ? '' : '0' });
    try {
      const items = itemsOf(await get('/api/v1/logs', query({ limit: 200 })));
      if (mine !== generation) return;
      clear(status);
      clear(tbody);
      rows = 0;
      lastId = 0;
      add(items);
      if (!items.length) tbody.append(h('tr', null, h('td', { colspan: 6, class: 'empty' }, 'No log entries match.')));
    } catch (e) {
      clear(status, errorBox(e, 'Could not load the log'));
    }
  }

  // Entries come oldest first; the newest goes on top.
  function add(items) {
    if (items.length && rows === 0) clear(tbody);
    for (const e of items) {
      if (typeof e.id === 'number' && e.id <= lastId) continue;
      tbody.prepend(row(e));
      rows++;
      if (typeof e.id === 'number') lastId = Math.max(lastId, e.id);
    }
    while (rows > MAX_ROWS && tbody.lastChild) { tbody.lastChild.remove(); rows--; }
    count.textContent = `${rows} entr${rows === 1 ? 'y' : 'ies'} shown`;
  }

  let busy = false;
  async function poll() {
    if (!follow.checked || busy) return;
    busy = true;
    const mine = generation;
    try {
      const items = itemsOf(await get('/api/v1/logs', query({ after_id: lastId, limit: 500 })));
      if (mine === generation) { clear(status); add(items); }
    } catch (e) {
      if (mine === generation) clear(status, errorBox(e, 'Following the log stopped'));
    } finally {
      busy = false;
    }
  }

  level.addEventListener('change', reload);
  uuid.addEventListener('change', reload);
  follow.addEventListener('change', () => ctx.setQuery({ level: level.value, uuid: uuid.value.trim(), follow: follow.checked ? '' : '0' }));
  const timer = setInterval(poll, 1000);
  ctx.onCleanup(() => clearInterval(timer));
  await reload();
}
