// DNS Configuration (the seed's "Test" button): does ProvisionServer[.domain]
// lead devices to this server? Each name, what it resolves to, whether it
// reaches this server, and what to change when it does not.

import { get } from '../api.js';
import { h, clear, errorBox, note, labelled, action, section, richText } from '../ui.js';

const VERDICTS = {
  reaches_this_server: ['reaches this server', 'operational'],
  resolves_elsewhere: ['resolves, but not to this server', 'failed'],
  not_found: ['does not resolve', 'failed'],
  lookup_failed: ['lookup failed', 'failed'],
};

function nameView(n) {
  const [text, kind] = VERDICTS[n.verdict] || [n.verdict || '?', 'discovered'];
  const ours = new Set(n.this_server || []);
  return h('article', { class: 'card dns-name', 'data-name': n.name },
    h('h3', null, h('code', null, n.name), ' ', h('span', { class: 'badge ' + kind }, text)),
    n.error ? h('p', { class: 'muted' }, n.error) : null,
    (n.cname_chain || []).length ? h('p', null, 'CNAME ', h('code', null, [n.name, ...n.cname_chain].join(' → '))) : null,
    (n.addresses || []).length ? h('ul', { class: 'addresses' }, n.addresses.map((a) =>
      h('li', null, 'A ', h('code', null, a), ours.has(a) ? h('strong', { class: 'good' }, ' — this server') : ''))) : null,
    (n.remedies || []).length ? [h('h4', null, 'To fix'), h('ul', null, n.remedies.map((r) => h('li', null, richText(r))))] : null);
}

export async function render(container, ctx) {
  const domains = h('input', { name: 'domains', size: 40, value: ctx.query.getAll('domain').join(' '),
    placeholder: 'corp.example branch.example' });
  const out = h('div', { 'aria-live': 'polite' });
  const run = action('Test', async () => {
    const list = domains.value.split(/[\s,]+/).filter(Boolean);
    ctx.setQuery({ domain: list });
    clear(out, note('Asking DNS…'));
    const r = await get('/api/v1/dns/test', { domain: list });
    const names = r.names || [];
    const reaching = names.filter((n) => n.verdict === 'reaches_this_server').length;
    clear(out,
      note(`${reaching} of ${names.length} name(s) reach this server.` +
        (reaching < names.length ? ' Devices that ask for one of the others will not find it: see the fixes below.' : ''),
        names.length && reaching === names.length ? 'ok' : 'warning'),
      h('p', { class: 'muted' }, `Asked ${r.dns_server && r.dns_server !== 'system' ? r.dns_server : 'the server\'s resolver'}; ` +
        `this server is ${(r.server_addresses || []).slice(0, 4).join(', ') || 'at an unknown address'}` +
        `${(r.server_addresses || []).length > 4 ? ` and ${r.server_addresses.length - 4} more` : ''}.`),
      (r.notes || []).map((n) => note(n, 'warning')),
      names.map(nameView));
  }, out, { class: 'primary', id: 'dns-test' });
  container.append(h('div', { class: 'title-row' }, h('h1', null, 'DNS Configuration')),
    section('Test ProvisionServer',
      h('p', null, 'Devices in Setup Mode send hellos to ', h('code', null, 'ProvisionServer'), ' or ', h('code', null, 'ProvisionServer.<their DNS domain>'),
        '. A CNAME or A record for it must lead to this server. This test asks DNS from the server; a device must be able to resolve the name too.'),
      h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); run.click(); } },
        labelled('Domains', domains, 'Separate with spaces; empty: the server\'s search domains'), run)),
    out);
}
