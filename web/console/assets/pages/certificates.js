// Certificates: the provisioning certificates for Remote Configuration
// (PKI), each with the requirement checks the firmware applies (pass/fail
// lines), and for admins an import (PEM chain + key) and removal.

import { get, post, del, itemsOf } from '../api.js';
import { h, clear, errorBox, note, absTime, labelled, action, section, parseTime } from '../ui.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const INTEL_OID = '2.16.840.1.113741.1.2.3';
const INTEL_OU = 'Intel(R) Client Setup Certificate';

// The server's checks when it sends them ([{name|requirement, ok|passed, detail}]),
// else the same requirements read from the report's fields.
export function checksOf(r) {
  const given = r.checks || r.requirements;
  if (Array.isArray(given)) {
    return given.map((c) => ({ name: c.name || c.requirement || c.code || '?', ok: Boolean(c.ok ?? c.passed ?? c.pass),
      detail: c.detail || c.message || '' }));
  }
  const eku = r.eku_oids || [];
  const ou = r.organizational_units || [];
  const now = Date.now();
  const nb = parseTime(r.not_before);
  const na = parseTime(r.not_after);
  const dc = r.device_check || {};
  const out = [
    { name: 'Server Authentication EKU (1.3.6.1.5.5.7.3.1)', ok: eku.includes(SERVER_AUTH) },
    { name: `Intel AMT provisioning OID (${INTEL_OID}) or OU "${INTEL_OU}"`, ok: eku.includes(INTEL_OID) || ou.includes(INTEL_OU) },
    { name: 'Valid now', ok: Boolean(nb && na && nb.getTime() <= now && now <= na.getTime()),
      detail: `${absTime(r.not_before)} to ${absTime(r.not_after)}` },
    { name: 'Chain ends in a root (for the device\'s hash list)', ok: Boolean(r.root_sha1), detail: r.root_sha1 ? `root SHA-1 ${r.root_sha1}: devices must list this hash (MEBx › Certificate hashes)` : 'no root in the chain' },
  ];
  if ('accepted' in dc) {
    const why = [dc.refusal, dc.detail].filter((x) => x && x !== 'none' && x !== 'ok').join(': ');
    out.push({ name: 'A device would accept it', ok: Boolean(dc.accepted), detail: why });
  }
  return out;
}

function reportView(c, ctx, reload, out) {
  const r = c.report || c;
  const checks = checksOf(r);
  const warnings = (r.findings || []).filter((f) => f.severity === 'warning');
  const id = c.id ?? c.name;
  const name = c.name || r.leaf_cn || r.subject || String(id);
  return h('article', { class: 'card cert', 'data-id': id },
    h('h2', null, name, ' ', checks.every((x) => x.ok) ? h('span', { class: 'badge operational' }, 'ready')
      : h('span', { class: 'badge failed' }, 'not usable')),
    h('p', { class: 'muted' }, `CN ${r.leaf_cn || '?'} · valid ${absTime(r.not_before)} to ${absTime(r.not_after)}`),
    h('ul', { class: 'checks' }, checks.map((x) => h('li', { class: x.ok ? 'pass' : 'fail' },
      h('span', { class: 'mark', 'aria-label': x.ok ? 'pass' : 'fail' }, x.ok ? '✓ pass' : '✗ fail'), ' ', x.name,
      x.detail ? h('small', { class: 'muted' }, ' — ' + x.detail) : null))),
    warnings.length ? h('ul', { class: 'warnings' }, warnings.map((f) => h('li', null, h('strong', null, 'Warning: '), f.message, ' ', h('code', null, f.code)))) : null,
    (r.chain || []).length ? h('details', null, h('summary', null, `Chain (${r.chain.length})`),
      h('ol', null, r.chain.map((e) => h('li', null, e.subject, h('br'), h('small', { class: 'muted' }, `issued by ${e.issuer} · SHA-1 ${e.sha1}`))))) : null,
    ctx.isAdmin && id !== undefined ? action('Remove', async () => {
      if (!window.confirm(`Remove the certificate ${name}? Devices that trust only its root cannot be provisioned by PKI until another is imported.`)) return;
      await del(`/api/v1/certificates/${encodeURIComponent(id)}`);
      clear(out, note(`Removed ${name}.`, 'ok'));
      reload();
    }, out, { class: 'danger' }) : null);
}

export async function render(container, ctx) {
  const out = h('div', { 'aria-live': 'polite' });
  const listEl = h('div');
  container.append(h('div', { class: 'title-row' }, h('h1', null, 'Certificates'),
    h('p', { class: 'muted' }, 'Provisioning certificates for Remote Configuration (PKI). A device accepts one only if its root is in the device\'s hash list and its CN is under the device\'s domain.')));
  if (ctx.isAdmin) container.append(importForm(out, () => load()));
  container.append(out, listEl);

  async function load() {
    try {
      const items = itemsOf(await get('/api/v1/certificates'));
      clear(listEl, items.length ? items.map((c) => reportView(c, ctx, load, out))
        : note('No provisioning certificate. PKI (Remote Configuration) devices cannot be provisioned until one is imported.', 'warning'));
    } catch (e) {
      clear(listEl, errorBox(e, 'Could not load the certificates'));
    }
  }
  await load();
}

function fileInto(textarea) {
  const f = h('input', { type: 'file', accept: '.pem,.crt,.key,text/plain' });
  f.addEventListener('change', async () => { if (f.files[0]) textarea.value = await f.files[0].text(); });
  return f;
}

function importForm(out, reload) {
  const name = h('input', { name: 'cert-name', placeholder: 'optional, e.g. corp-2026' });
  const chain = h('textarea', { name: 'chain-pem', rows: 6, placeholder: '-----BEGIN CERTIFICATE-----  (leaf first, then intermediates and root)' });
  const key = h('textarea', { name: 'key-pem', rows: 4, placeholder: '-----BEGIN PRIVATE KEY-----', autocomplete: 'off' });
  const go = action('Import', async () => {
    const answer = await post('/api/v1/certificates', { chain_pem: chain.value, key_pem: key.value, name: name.value || undefined });
    key.value = '';
    const r = answer.report || answer;
    const failed = checksOf(r).filter((x) => !x.ok);
    clear(out, note(failed.length ? `Imported, but it fails: ${failed.map((x) => x.name).join('; ')}` : 'Imported; every requirement passes.',
      failed.length ? 'warning' : 'ok'));
    reload();
  }, out, { id: 'import-cert' });
  return h('details', { class: 'card' }, h('summary', null, 'Import a provisioning certificate'),
    labelled('Name', name), labelled('Certificate chain (PEM)', chain), fileInto(chain),
    labelled('Private key (PEM)', key, 'Stored sealed in the database; never shown again.'), fileInto(key), go);
}
