// Settings (the seed's Configuration Service Settings): the log level, and
// what the server tells devices and admins about itself.

import { get, put } from '../api.js';
import { h, clear, errorBox, note, fields, labelled, action, section, select } from '../ui.js';

const LEVELS = [
  ['error', 'error — failures only'],
  ['warning', 'warning — failures and warnings (the seed recommends at least this)'],
  ['info', 'info — every step of every device'],
  ['debug', 'debug — and every exchange (for a failing device; chatty)'],
];

export async function render(container, ctx) {
  const out = h('div', { 'aria-live': 'polite' });
  const body = h('div');
  container.append(h('div', { class: 'title-row' }, h('h1', null, 'Settings')), out, body);
  let s;
  try {
    s = await get('/api/v1/settings');
  } catch (e) {
    clear(body, errorBox(e, 'Could not load the settings'));
    return;
  }
  const known = Array.isArray(s.log_levels) ? s.log_levels : LEVELS.map(([v]) => v);
  const options = known.map((v) => LEVELS.find(([k]) => k === v) || [v, v]);
  const level = select(options, s.log_level || 'info', { name: 'log_level', disabled: !ctx.isAdmin });
  const current = h('strong', { id: 'current-log-level' }, s.log_level || '?');
  const save = action('Save', async () => {
    await put('/api/v1/settings/log-level', { level: level.value });
    const now = await get('/api/v1/settings');
    current.textContent = now.log_level || level.value;
    clear(out, note(`Saved: the log level is now ${current.textContent}. It applies at once, to every device.`, 'ok'));
  }, out, { class: 'primary', id: 'save-log-level', disabled: !ctx.isAdmin });

  const other = Object.entries(s).filter(([k]) => !['log_level', 'log_levels', 'hello_endpoint'].includes(k))
    .map(([k, v]) => [k.replace(/_/g, ' '), typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  clear(body,
    section('Provisioning log level', h('p', null, 'Current level: ', current),
      labelled('Log level', level), save,
      ctx.isAdmin ? null : note('Changing the level needs an admin.')),
    section('Hello endpoint', fields([['Devices send hellos to', h('code', { id: 'hello-endpoint' }, s.hello_endpoint || 'not known yet')]]),
      h('p', { class: 'muted' }, 'Devices find this server as ProvisionServer in DNS (see DNS Configuration), or by the address set in the MEBx. ' +
        'Intel firmware sends to port 9971.')),
    other.length ? section('Other settings', fields(other)) : null);
}
