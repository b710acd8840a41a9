// Intel AMT Systems, the landing page: counts by state and by cause (each a
// filter), the table of devices that said hello, filters, search, paging.
// A `system` event refreshes the page (coalesced), so a new device appears
// without a reload.

import { get, itemsOf, totalOf, explain } from '../api.js';
import { h, clear, errorBox, table, timeCell, badge, shortUuid, coalesce, labelled, select, ordered } from '../ui.js';
import { subscribe } from '../live.js';

const PAGE_SIZE = 50;
const STATES = ['discovered', 'provisioning', 'operational', 'failed'];

export function methodLabel(m) {
  return m ? String(m).toUpperCase() : '–';
}

// A simulated fleet whose clocks run fast (serve --time-scale N): its
// windows close within seconds, which would look alarming unexplained.
function acceleratedNote(w) {
  if (!w.time_scale || w.time_scale === 1) return null;
  return h('small', { class: 'muted', title: `The server runs with --time-scale ${w.time_scale}: device hello schedules run ${w.time_scale} times faster than on real devices.` },
    ` (accelerated ×${w.time_scale})`);
}

// The hello window's closing time, wherever the server put it.
function windowOf(s) {
  return s.window || s.hello_window || {};
}

export async function render(container, ctx) {
  const q = ctx.query;
  const filter = { state: q.get('state') || '', method: q.get('method') || '', cause: q.get('cause') || '',
    q: q.get('q') || '', offset: Number(q.get('offset')) || 0 };

  const counts = h('div', { class: 'counts' });
  const status = h('div', { 'aria-live': 'polite' });
  const list = h('div', { class: 'list' });
  const pager = h('div', { class: 'pager' });

  const stateSel = select([['', 'any state'], ...STATES.map((s) => [s, s])], filter.state, { name: 'state' });
  const methodSel = select([['', 'any method'], ['psk', 'PSK'], ['pki', 'PKI']], filter.method, { name: 'method' });
  const causeIn = h('input', { name: 'cause', value: filter.cause, placeholder: 'e.g. pid_not_found', size: 18 });
  const search = h('input', { type: 'search', name: 'q', value: filter.q, placeholder: 'UUID, host name, address, PID', size: 28 });
  const clearBtn = h('button', { type: 'button', class: 'link' }, 'Clear filters');

  container.append(
    h('div', { class: 'title-row' }, h('h1', null, 'Intel AMT Systems'),
      h('p', { class: 'muted' }, 'Every device that sent a hello to this server. Click a count to filter; open a device to see why it is not provisioned.')),
    counts,
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      labelled('State', stateSel), labelled('Method', methodSel), labelled('Cause', causeIn),
      labelled('Search', search), clearBtn),
    status, list, pager);

  const apply = () => {
    ctx.setQuery({ state: filter.state, method: filter.method, cause: filter.cause, q: filter.q, offset: filter.offset || '' });
    load();
  };
  const setFilter = (k, v) => { filter[k] = v; filter.offset = 0; syncInputs(); apply(); };
  const syncInputs = () => {
    stateSel.value = filter.state; methodSel.value = filter.method; causeIn.value = filter.cause; search.value = filter.q;
  };
  stateSel.addEventListener('change', () => setFilter('state', stateSel.value));
  methodSel.addEventListener('change', () => setFilter('method', methodSel.value));
  causeIn.addEventListener('change', () => setFilter('cause', causeIn.value.trim()));
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => setFilter('q', search.value.trim()), 300);
  });
  clearBtn.addEventListener('click', () => {
    Object.assign(filter, { state: '', method: '', cause: '', q: '', offset: 0 });
    syncInputs();
    apply();
  });

  function chip(kind, key, n) {
    const active = filter[kind] === key;
    return h('button', { type: 'button', class: 'chip' + (active ? ' active' : ''), 'aria-pressed': active ? 'true' : 'false',
      'data-filter': `${kind}:${key}`, onclick: () => setFilter(kind, active ? '' : key) },
    h('span', { class: 'n' }, String(n)), ' ', kind === 'cause' && key === 'none' ? 'no error' : key);
  }

  function renderCounts(answer) {
    const c = (answer && answer.counts) || {};
    const byState = c.by_state || {};
    const byCause = c.by_cause || {};
    const total = Object.values(byState).reduce((a, b) => a + (Number(b) || 0), 0);
    clear(counts,
      h('div', { class: 'group', 'aria-label': 'By state' }, h('span', { class: 'label' }, 'By state'),
        h('span', { class: 'chip total', 'data-count': 'total' }, h('span', { class: 'n', id: 'systems-total' }, String(total || totalOf(answer))), ' systems'),
        ordered(byState, STATES).map(([k, n]) => chip('state', k, n))),
      Object.keys(byCause).length ? h('div', { class: 'group', 'aria-label': 'By cause' }, h('span', { class: 'label' }, 'By cause'),
        Object.entries(byCause).sort((a, b) => b[1] - a[1]).map(([k, n]) => chip('cause', k, n))) : null);
  }

  function errorCell(s) {
    const code = s.last_error || '';
    const cause = s.cause && s.cause !== 'none' ? s.cause : '';
    if (!code && !cause) return h('span', { class: 'muted' }, '–');
    const expl = h('small', { class: 'explain' });
    const primary = code || cause;
    explain(primary).then((t) => { if (t) expl.textContent = t; });
    return h('span', null, h('code', null, primary),
      cause && code && cause !== code ? h('span', { class: 'muted' }, ' · doctor: ', h('code', null, cause)) : null,
      h('br'), expl);
  }

  const columns = [
    { title: 'UUID', cell: (s) => h('a', { href: '#/systems/' + encodeURIComponent(s.uuid) }, shortUuid(s.uuid)) },
    { title: 'Host name', cell: (s) => s.host_name || h('span', { class: 'muted' }, '–') },
    { title: 'Address', cell: (s) => s.source_address || s.address || '–' },
    { title: 'State', cell: (s) => badge(s.state) },
    { title: 'Method', cell: (s) => methodLabel(s.method) },
    { title: 'AMT', cell: (s) => s.amt_version || '–' },
    { title: 'Last hello', cell: (s) => timeCell(s.last_hello) },
    { title: 'Hello window closes', cell: (s) => {
      const w = windowOf(s);
      if (w.state === 'closed') return badge('closed', 'failed');
      if (!w.closes_at) return h('span', { class: 'muted' }, s.state === 'operational' ? 'provisioned' : '–');
      return [timeCell(w.closes_at), acceleratedNote(w)];
    } },
    { title: 'Last error', cell: errorCell },
  ];

  let inflight = false;
  async function load() {
    if (inflight) { refresh(); return; }
    inflight = true;
    try {
      const answer = await get('/api/v1/systems', { state: filter.state, method: filter.method, cause: filter.cause,
        q: filter.q, limit: PAGE_SIZE, offset: filter.offset });
      const items = itemsOf(answer);
      const total = totalOf(answer);
      renderCounts(answer);
      clear(status);
      const filtered = filter.state || filter.method || filter.cause || filter.q;
      clear(list, table(columns, items, {
        label: 'Systems', key: (s) => s.uuid,
        rowClass: (s) => 'state-' + (s.state || ''),
        empty: filtered ? 'No system matches these filters.'
          : 'No device has said hello yet. Devices in Setup Mode send hellos to ProvisionServer (see DNS Configuration).',
      }));
      const first = total ? filter.offset + 1 : 0;
      const last = filter.offset + items.length;
      clear(pager,
        h('button', { type: 'button', disabled: filter.offset <= 0,
          onclick: () => { filter.offset = Math.max(0, filter.offset - PAGE_SIZE); apply(); } }, '‹ Previous'),
        h('span', { class: 'muted' }, `${first}–${last} of ${total}`),
        h('button', { type: 'button', disabled: last >= total,
          onclick: () => { filter.offset += PAGE_SIZE; apply(); } }, 'Next ›'));
    } catch (e) {
      clear(status, errorBox(e, 'Could not load the systems'));
    } finally {
      inflight = false;
    }
  }

  const refresh = coalesce(load, 500);
  ctx.onCleanup(refresh.cancel);
  ctx.onCleanup(subscribe('system', refresh));
  // Relative times ("2 min ago") age: redraw them now and then without a live event.
  const ageTimer = setInterval(refresh, 30000);
  ctx.onCleanup(() => clearInterval(ageTimer));
  await load();
}
