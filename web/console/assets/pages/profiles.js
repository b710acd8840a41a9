// Profiles: which settings a device gets (host name, domain, passwords,
// TLS, interfaces), chosen by rule and priority. Admins edit them; the
// passwords are write-only (the list says only whether one is set).

import { get, put, del, itemsOf } from '../api.js';
import { h, clear, errorBox, note, table, labelled, action, section, select } from '../ui.js';

const onOff = (v) => (v ? 'on' : 'off');

export async function render(container, ctx) {
  const out = h('div', { 'aria-live': 'polite' });
  const listEl = h('div');
  const editor = h('div');
  container.append(h('div', { class: 'title-row' }, h('h1', null, 'Profiles'),
    h('p', { class: 'muted' }, 'The first profile (by priority) whose rule matches a device decides how it is provisioned. "default" matches every device.')),
  out, listEl, editor);

  async function load() {
    try {
      const items = itemsOf(await get('/api/v1/profiles'));
      const cols = [
        { title: 'Name', cell: (p) => h('strong', null, p.name) },
        { title: 'Priority', class: 'num', cell: (p) => String(p.priority ?? '') },
        { title: 'Rule', cell: (p) => (p.rule ? h('code', null, p.rule) : h('span', { class: 'muted' }, 'every device')) },
        { title: 'Host name', cell: (p) => p.host_name_template || '–' },
        { title: 'Domain', cell: (p) => p.domain_name || h('span', { class: 'muted' }, 'the device\'s own') },
        { title: 'Passwords', cell: (p) => `${p.password_policy || '?'}${p.fixed_admin_password_set ? ' (fixed admin password set)' : ''}` },
        { title: 'TLS', cell: (p) => onOff(p.tls) },
        { title: 'Fresh PSK', cell: (p) => onOff(p.fresh_psk) },
        { title: 'Web UI', cell: (p) => onOff(p.web_ui) },
        { title: 'SOL/IDE-R', cell: (p) => onOff(p.sol_ider) },
      ];
      if (ctx.isAdmin) {
        cols.push({ title: 'Actions', cell: (p) => h('span', { class: 'row-actions' },
          h('button', { type: 'button', onclick: () => edit(p) }, 'Edit'),
          p.name !== 'default' ? action('Delete', async () => {
            if (!window.confirm(`Delete the profile ${p.name}?`)) return;
            await del(`/api/v1/profiles/${encodeURIComponent(p.name)}`);
            clear(out, note(`Deleted ${p.name}.`, 'ok'));
            load();
          }, out, { class: 'danger' }) : null) });
      }
      clear(listEl, table(cols, items, { label: 'Profiles', empty: 'No profiles.' }),
        ctx.isAdmin ? h('button', { type: 'button', class: 'primary', onclick: () => edit({}) }, 'New profile') : null);
    } catch (e) {
      clear(listEl, errorBox(e, 'Could not load the profiles'));
    }
  }

  function edit(p) {
    const isNew = !p.name;
    const name = h('input', { name: 'name', value: p.name || '', required: true, disabled: !isNew });
    const priority = h('input', { type: 'number', name: 'priority', value: p.priority ?? 100 });
    const rule = h('input', { name: 'rule', value: p.rule || '', size: 40 });
    const hostT = h('input', { name: 'host_name_template', value: p.host_name_template || '' });
    const domain = h('input', { name: 'domain_name', value: p.domain_name || '' });
    const policy = select([['random', 'random per device'], ['fixed', 'one fixed admin password']], p.password_policy || 'random', { name: 'password_policy' });
    const adminPw = h('input', { type: 'password', name: 'admin_password', autocomplete: 'new-password',
      placeholder: p.fixed_admin_password_set ? 'set; leave empty to keep' : 'only for the fixed policy' });
    const box = (k) => h('input', { type: 'checkbox', name: k, checked: Boolean(p[k]) });
    const flags = { tls: box('tls'), fresh_psk: box('fresh_psk'), web_ui: box('web_ui'), sol_ider: box('sol_ider') };
    const save = action('Save', async () => {
      const n = name.value.trim();
      if (!n) throw new Error('A profile needs a name.');
      const body = { name: n, priority: Number(priority.value), rule: rule.value, host_name_template: hostT.value,
        domain_name: domain.value, password_policy: policy.value };
      for (const [k, el] of Object.entries(flags)) body[k] = el.checked;
      if (adminPw.value) body.fixed_admin_password = adminPw.value;
      await put(`/api/v1/profiles/${encodeURIComponent(n)}`, body);
      adminPw.value = '';
      clear(editor);
      clear(out, note(`Saved the profile ${n}.`, 'ok'));
      load();
    }, out, { class: 'primary' });
    clear(editor, section(isNew ? 'New profile' : `Edit ${p.name}`,
      h('div', { class: 'form-grid' }, labelled('Name', name), labelled('Priority', priority, 'Lower is tried first'),
        labelled('Rule', rule, 'Empty: every device; domain:corp.example; uuids:U1,U2'),
        labelled('Host name template', hostT, '{uuid8}, {uuid}; "mapping" uses the host-name mappings'), labelled('Domain', domain, 'Empty keeps the device\'s own'),
        labelled('Password policy', policy), labelled('Fixed admin password', adminPw)),
      h('fieldset', null, h('legend', null, 'Features'), Object.entries(flags).map(([k, el]) =>
        h('label', { class: 'check' }, el, ' ', { tls: 'TLS', fresh_psk: 'Fresh PSK after setup', web_ui: 'Web UI', sol_ider: 'SOL/IDE-R' }[k]))),
      h('div', { class: 'row-actions' }, save, h('button', { type: 'button', onclick: () => clear(editor) }, 'Cancel'))));
    name.focus();
  }

  await load();
}
