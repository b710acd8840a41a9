// Security Keys: PID/PPS pairs by status and their list (PIDs only: the
// list never carries a PPS), and for admins: generate, import (key CSV or
// setup.bin), a setup.bin for USB One-Touch, and the CSV export (which
// reveals every PPS, so it asks first).

import { get, post, request, itemsOf, totalOf, saveDownload } from '../api.js';
import { h, clear, errorBox, note, table, timeCell, badge, labelled, action, section, select, ordered } from '../ui.js';

const STATUSES = ['available', 'exported', 'bound', 'consumed', 'revoked'];
const STATUS_MEANING = {
  available: 'unused: ready for a setup.bin or the MEBx',
  exported: 'written into a setup.bin (or exported) and not seen yet',
  bound: 'a device with this PID said hello',
  consumed: 'a device was provisioned with it',
  revoked: 'refused from now on',
};
const PAGE_SIZE = 100;

// docs/formats/mebx-password.md; the server checks it again.
export function mebxProblem(p) {
  if (p.length < 8 || p.length > 32) return `must be 8 to 32 characters long (got ${p.length})`;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return `character ${i + 1} is not a printable 7-bit ASCII character`;
  }
  for (const bad of [':', ',', '"']) if (p.includes(bad)) return `must not contain '${bad}'`;
  if (!/[0-9]/.test(p)) return 'needs at least one digit';
  if (!/[a-z]/.test(p)) return 'needs at least one lower-case letter';
  if (!/[A-Z]/.test(p)) return 'needs at least one upper-case letter';
  if (!/[^A-Za-z0-9_ ]/.test(p)) return "needs at least one non-alphanumeric character other than '_' or space";
  return '';
}

const MEBX_RULE = '8–32 characters with a digit, a lower-case and an upper-case letter and a symbol (_ and space ' +
  'do not count); no : , or ". The BIOS sets it from the USB stick; the MEBx refuses any other.';

export async function render(container, ctx) {
  let status = ctx.query.get('status') || '';
  let offset = 0;
  const counts = h('div', { class: 'counts' });
  const out = h('div', { 'aria-live': 'polite' });
  const listEl = h('div');
  const pager = h('div', { class: 'pager' });
  const statusSel = select([['', 'any status'], ...STATUSES.map((s) => [s, s])], status, { name: 'status' });
  statusSel.addEventListener('change', () => { status = statusSel.value; offset = 0; ctx.setQuery({ status }); load(); });

  container.append(h('div', { class: 'title-row' }, h('h1', null, 'Security Keys'),
    h('p', { class: 'muted' }, 'PID/PPS pairs for TLS-PSK provisioning. A device whose PID is not here is refused ("failed to find PID mapping").')),
  counts);
  if (ctx.isAdmin) container.append(adminActions(out, () => load()));
  else container.append(note('You are a viewer: generating, importing and exporting keys needs an admin.'));
  container.append(out, section('Keys', h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
    labelled('Status', statusSel)), listEl, pager));

  async function load() {
    try {
      const answer = await get('/api/v1/keys', { status, limit: PAGE_SIZE, offset });
      const items = itemsOf(answer);
      const total = totalOf(answer);
      let byStatus = answer.counts && (answer.counts.by_status || answer.counts);
      if (!byStatus || typeof byStatus !== 'object') {
        byStatus = {};
        for (const k of items) byStatus[k.status] = (byStatus[k.status] || 0) + 1;
      }
      clear(counts, h('div', { class: 'group' }, h('span', { class: 'label' }, 'By status'),
        ordered(byStatus, STATUSES).map(([k, n]) => h('button', { type: 'button', class: 'chip' + (status === k ? ' active' : ''),
          'aria-pressed': status === k ? 'true' : 'false', title: STATUS_MEANING[k],
          onclick: () => { status = status === k ? '' : k; statusSel.value = status; offset = 0; ctx.setQuery({ status }); load(); } },
        h('span', { class: 'n' }, String(n)), ' ', k))),
      h('p', { class: 'muted legend' }, STATUSES.map((k) => h('span', null, h('strong', null, k), ': ', STATUS_MEANING[k]))));
      clear(listEl, table([
        { title: 'PID', cell: (k) => h('code', null, k.pid || '') },
        { title: 'Status', cell: (k) => badge(k.status) },
        { title: 'MEBx password', cell: (k) => (k.has_mebx_password || k.mebx_password_set ? 'set' : '–') },
        { title: 'Provenance', cell: (k) => k.provenance || '–' },
        { title: 'Batch', cell: (k) => k.batch || '–' },
        { title: 'Bound to', cell: (k) => (k.bound_uuid ? h('a', { href: '#/systems/' + k.bound_uuid }, k.bound_uuid.slice(0, 8) + '…') : '–') },
        { title: 'Updated', cell: (k) => timeCell(k.updated || k.created) },
      ], items, { label: 'Keys', empty: 'No keys. Generate some, or import the OEM\'s key file.' }));
      clear(pager,
        h('button', { type: 'button', disabled: offset <= 0, onclick: () => { offset = Math.max(0, offset - PAGE_SIZE); load(); } }, '‹ Previous'),
        h('span', { class: 'muted' }, `${total ? offset + 1 : 0}–${offset + items.length} of ${total}`),
        h('button', { type: 'button', disabled: offset + items.length >= total, onclick: () => { offset += PAGE_SIZE; load(); } }, 'Next ›'));
    } catch (e) {
      clear(listEl, errorBox(e, 'Could not load the keys'));
    }
  }
  await load();
}

function adminActions(out, reload) {
  const done = (text) => { clear(out, note(text, 'ok')); reload(); };

  // Generate
  const genCount = h('input', { type: 'number', name: 'generate-count', min: 1, max: 1000, value: 10 });
  const genBatch = h('input', { name: 'generate-batch', placeholder: 'optional' });
  const generate = action('Generate', async () => {
    const a = await post('/api/v1/keys/generate', { count: Number(genCount.value), batch: genBatch.value || undefined });
    done(`Generated ${a.count ?? genCount.value} key(s)${a.batch ? ` in batch ${a.batch}` : ''}; they are available.`);
  }, out, { id: 'generate-keys' });

  // Import
  const file = h('input', { type: 'file', name: 'import-file', accept: '.csv,.bin,text/csv,application/octet-stream' });
  const doImport = action('Import', async () => {
    const f = file.files && file.files[0];
    if (!f) throw new Error('Choose a key CSV or a setup.bin file first.');
    const csv = /\.csv$/i.test(f.name) || f.type === 'text/csv';
    const a = await request('POST', '/api/v1/keys/import', { query: { name: f.name }, body: await f.arrayBuffer(),
      contentType: csv ? 'text/csv' : 'application/octet-stream' });
    const n = a.imported ?? a.added ?? a.count;
    done(`Imported ${f.name}${n !== undefined ? `: ${n} key(s)` : ''}${a.skipped ? `, ${a.skipped} already known` : ''}.`);
  }, out, { id: 'import-keys' });

  // setup.bin
  const binCount = h('input', { type: 'number', name: 'setupbin-count', min: 1, max: 1000, value: 1 });
  const oldMebx = h('input', { type: 'password', name: 'mebx-password', value: 'admin', autocomplete: 'off' });
  const newMebx = h('input', { type: 'password', name: 'new-mebx-password', autocomplete: 'new-password' });
  const ruleState = h('small', { class: 'hint', 'aria-live': 'polite' });
  newMebx.addEventListener('input', () => {
    const p = mebxProblem(newMebx.value);
    ruleState.textContent = newMebx.value ? (p ? 'Not accepted by the MEBx: ' + p : '✓ meets the MEBx rule') : '';
    ruleState.className = 'hint ' + (p ? 'bad' : 'good');
  });
  const setupbin = action('Download setup.bin', async () => {
    const p = mebxProblem(newMebx.value);
    if (p) throw new Error('New MEBx password ' + p + '.');
    const r = await request('POST', '/api/v1/keys/setupbin', { raw: true, json: {
      count: Number(binCount.value), current_mebx_password: oldMebx.value || undefined, new_mebx_password: newMebx.value } });
    const saved = await saveDownload(r, 'setup.bin');
    newMebx.value = '';
    ruleState.textContent = '';
    done(`Saved ${saved.name} (${saved.size} bytes, ${binCount.value} record(s)). Copy it to the root of a FAT USB stick; ` +
      'the keys it holds are now "exported".');
  }, out, { id: 'download-setupbin' });

  // Export
  const understand = h('input', { type: 'checkbox', name: 'export-ack' });
  const exportBtn = action('Export CSV', async () => {
    if (!understand.checked) throw new Error('Tick the box first: the file holds every PPS in clear.');
    const saved = await saveDownload(await request('GET', '/api/v1/keys/export.csv', { raw: true }), 'keys.csv');
    understand.checked = false;
    clear(out, note(`Saved ${saved.name} (${saved.size} bytes). It holds every PPS in clear text: keep it safe, delete it when done. The export is in the audit log.`, 'warning'));
  }, out, { id: 'export-keys' });

  return h('div', { class: 'actions-grid' },
    section('Generate keys', h('p', { class: 'muted' }, 'New PID/PPS pairs, ready for a setup.bin or to type into the MEBx.'),
      labelled('How many', genCount), labelled('Batch name', genBatch), generate),
    section('Import keys', h('p', { class: 'muted' }, 'The OEM\'s key file, or a setup.bin made elsewhere.'),
      labelled('Key CSV (PID,PPS[,MEBx password]) or setup.bin', file), doImport),
    section('USB One-Touch setup.bin', h('p', { class: 'muted' }, 'Takes available keys and marks them exported. Copy the file to a USB stick; each device whose BIOS reads it takes one record.'),
      labelled('Records (one per device)', binCount),
      labelled('Current MEBx password', oldMebx, 'Factory default: admin'),
      labelled('New MEBx password', newMebx, MEBX_RULE), ruleState, setupbin),
    section('Export keys', h('p', { class: 'warning-text' }, 'The CSV reveals every PPS: anyone holding it can provision these devices.'),
      h('label', { class: 'check' }, understand, ' I understand; export the PPS values'), exportBtn));
}
