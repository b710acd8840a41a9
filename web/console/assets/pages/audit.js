// Audit (admin): who changed what, who saw which secret, what was refused.

import { get, itemsOf } from '../api.js';
import { h, clear, errorBox, note, table, timeCell, badge, labelled } from '../ui.js';

export async function render(container, ctx) {
  container.append(h('div', { class: 'title-row' }, h('h1', null, 'Audit'),
    h('p', { class: 'muted' }, 'Every change, every secret revealed (key export, setup.bin) and every refusal, newest first.')));
  if (!ctx.isAdmin) {
    container.append(note('The audit log is for admins.', 'warning'));
    return;
  }
  const user = h('input', { name: 'user', value: ctx.query.get('user') || '', size: 16 });
  const act = h('input', { name: 'action', value: ctx.query.get('action') || '', size: 20, placeholder: 'e.g. keys.' });
  const listEl = h('div');
  container.append(h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(); } },
    labelled('User', user), labelled('Action', act, 'A prefix: keys. for every key action'),
    h('button', { type: 'submit' }, 'Filter')), listEl);

  async function load() {
    ctx.setQuery({ user: user.value.trim(), action: act.value.trim() });
    try {
      const items = itemsOf(await get('/api/v1/audit', { user: user.value.trim(), action: act.value.trim(), limit: 500 })).slice().reverse();
      clear(listEl, table([
        { title: 'Time', cell: (e) => timeCell(e.at) },
        { title: 'User', cell: (e) => e.user || '–' },
        { title: 'Via', cell: (e) => e.via || '' },
        { title: 'Action', cell: (e) => h('code', null, e.action || '') },
        { title: 'Target', cell: (e) => e.target || '' },
        { title: 'Result', cell: (e) => (e.success === false ? badge('refused', 'failed') : badge('ok', 'operational')) },
        { title: 'Detail', cell: (e) => e.detail || '' },
        { title: 'From', cell: (e) => e.remote || '' },
      ], items, { label: 'Audit log', empty: 'Nothing audited yet.', rowClass: (e) => (e.success === false ? 'refused' : '') }));
    } catch (e) {
      clear(listEl, errorBox(e, 'Could not load the audit log'));
    }
  }
  await load();
}
