// One device: its state and the doctor's verdict (cause, confidence,
// evidence, the fix), the other findings ranked, the last hello decoded
// field by field, and the timeline of hellos, steps and errors. A `system`
// or `log` event for this UUID refreshes it.

import { get, itemsOf } from '../api.js';
import { h, clear, errorBox, table, timeCell, badge, fields, absTime, relTime, coalesce, section, richText } from '../ui.js';
import { subscribe } from '../live.js';
import { methodLabel } from './systems.js';

const HEALTHY = new Set(['healthy', 'recovered_after_failures', 'slow_device']);

function list(items, cls) {
  const a = (items || []).filter(Boolean);
  return a.length ? h('ul', { class: cls }, a.map((x) => h('li', null, richText(x)))) : null;
}

// Where in this console the fix for a cause is made.
function consoleLink(cause) {
  const c = cause || '';
  const to = /^(pid_|tls_psk)/.test(c) ? ['#/keys', 'Security Keys']
    : /^pki_/.test(c) ? ['#/certificates', 'Certificates']
      : /^dns_/.test(c) ? ['#/dns', 'DNS Configuration'] : null;
  return to ? h('p', { class: 'goto' }, 'In this console: ', h('a', { href: to[0] }, to[1] + ' ›')) : null;
}

function findingView(f, primary) {
  return h('article', { class: 'finding ' + (f.confidence || '').replace(/\s+/g, '_') + (primary ? ' primary' : '') },
    primary ? h('p', null, 'Confidence: ', badge(f.confidence || '?', 'conf-' + (f.confidence || '')),
      f.seed_mode ? h('span', { class: 'muted' }, ` (seed mode ${f.seed_mode})`) : null)
      : h('h3', null, h('code', null, f.cause || '?'), f.title ? ' — ' + f.title : '', ' ',
        badge(f.confidence || '?', 'conf-' + (f.confidence || '')),
      f.seed_mode ? h('span', { class: 'muted' }, ` (seed mode ${f.seed_mode})`) : null),
    f.evidence && f.evidence.length ? [h('h4', null, 'Evidence'), list(f.evidence, 'evidence')] : null,
    f.fixes && f.fixes.length ? [h('h4', null, primary ? 'The fix' : 'Fix'), list(f.fixes, 'fixes'), consoleLink(f.cause)] : null);
}

function doctorView(d) {
  const findings = Array.isArray(d.findings) ? d.findings : [];
  const open = findings.filter((f) => f.confidence !== 'ruled out' && f.confidence !== 'ruled_out');
  const ruledOut = findings.filter((f) => !open.includes(f));
  const verdict = d.verdict || (open[0] && open[0].cause) || 'nothing_found';
  const primary = open.find((f) => f.cause === verdict) || open[0];
  const others = open.filter((f) => f !== primary);
  return [
    h('p', { class: 'verdict ' + (HEALTHY.has(verdict) ? 'good' : 'bad') }, 'Verdict: ', h('code', { id: 'verdict' }, verdict),
      primary && primary.title ? ' — ' + primary.title : ''),
    primary ? findingView(primary, true)
      : h('p', null, 'Every check passed; the next hello should be provisioned.'),
    others.length ? [h('h3', null, 'Other possible causes, most likely first'), others.map((f) => findingView(f, false))] : null,
    ruledOut.length ? h('details', null, h('summary', null, `Checked and fine (${ruledOut.length})`),
      h('ul', null, ruledOut.map((f) => h('li', null, h('code', null, f.cause), ': ', (f.evidence || []).join('; '))))) : null,
    d.facts && d.facts.length ? h('details', null, h('summary', null, 'Facts the doctor used'), list(d.facts)) : null,
  ];
}

function hex(v) {
  if (v === undefined || v === null) return '';
  return String(v).replace(/(..)(?=.)/g, '$1 ');
}

// The decoded hello: {size, hex, fields: [{offset, length, name, value, hex,
// meaning}], warnings, reconstructed}; a bare array of fields works too.
function helloView(hello, error) {
  if (!hello || (typeof hello === 'object' && Object.keys(hello).length === 0)) {
    return h('p', { class: 'muted' }, error ? `The stored hello cannot be shown: ${error}` : 'No hello recorded for this device.');
  }
  const rows = Array.isArray(hello) ? hello : Array.isArray(hello.fields) ? hello.fields : null;
  if (!rows) {
    return fields(Object.entries(hello).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
  }
  return [
    h('p', { class: 'muted' }, `${hello.size ?? '?'} bytes${hello.at ? `, received ${absTime(hello.at)}` : ''}.`,
      hello.reconstructed ? ' Rebuilt from the fields the server stored: the same bytes the device sent.' : ''),
    (hello.warnings || []).length ? h('ul', { class: 'warnings' }, hello.warnings.map((w) => h('li', null, w))) : null,
    table([
      { title: 'Offset', class: 'num', cell: (f) => String(f.offset ?? '') },
      { title: 'Length', class: 'num', cell: (f) => String(f.length ?? '') },
      { title: 'Field', cell: (f) => h('code', null, f.name || f.field || '') },
      { title: 'Bytes (hex)', class: 'hex', cell: (f) => h('code', null, hex(f.hex)) },
      { title: 'Value', cell: (f) => String(f.value ?? '') },
      { title: 'Meaning', cell: (f) => h('small', null, f.meaning || '') },
    ], rows, { label: 'Last hello, field by field' }),
  ];
}

const TIMELINE_SHOWN = 40;

// Newest first: what happened last is what the admin looks for.
function timelineView(answer, all, showAll) {
  const items = itemsOf(answer).slice().reverse();
  const shown = all ? items : items.slice(0, TIMELINE_SHOWN);
  return [table([
    { title: 'Time', cell: (e) => timeCell(e.at || e.time) },
    { title: 'Kind', cell: (e) => (isHello(e) ? badge('hello', 'hello') : e.kind || e.type || 'log') },
    { title: 'Level', cell: (e) => (e.level ? badge(e.level, 'level-' + e.level) : '') },
    { title: 'Code', cell: (e) => (e.code ? h('code', null, e.code) : '') },
    { title: 'Step', cell: (e) => e.step || '' },
    { title: 'Message', cell: (e) => richText(e.message || e.text) },
  ], shown, { label: 'Timeline', rowClass: (e) => (isHello(e) ? 'hello-row' : 'level-' + (e.level || '')),
    empty: 'Nothing happened for this device yet.' }),
  shown.length < items.length ? h('button', { type: 'button', class: 'link', onclick: showAll },
    `Show all ${items.length} entries`) : null];
}

function isHello(e) {
  return e.kind === 'hello' || e.type === 'hello' || e.code === 'hello_received';
}

export async function render(container, ctx) {
  const uuid = ctx.params[0];
  const header = h('div', { class: 'title-row inline' });
  const summary = h('div');
  const doctor = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'The doctor is examining this device…'));
  const hello = h('div');
  const timeline = h('div');
  container.append(h('p', null, h('a', { href: '#/systems' }, '‹ All systems')), header,
    h('div', { class: 'detail-grid' }, section('Doctor', doctor), summary),
    section('Last hello, field by field', hello), section('Timeline (newest first)', timeline));

  async function loadSystem() {
    try {
      const s = await get(`/api/v1/systems/${encodeURIComponent(uuid)}`);
      clear(header, h('h1', null, 'System ', h('span', { class: 'uuid-full' }, s.uuid || uuid)), ' ', badge(s.state));
      const w = s.window || {};
      clear(summary, section('Device', fields([
        ['Host name', s.host_name || '–'], ['Address', s.source_address || '–'],
        ['Method', `${methodLabel(s.method)}${s.pid ? ' · PID ' + s.pid : ''}`], ['AMT version', s.amt_version || '–'],
        ['State', `${s.state || '?'}${s.state_changed ? ' since ' + absTime(s.state_changed) : ''}`],
        ['Hellos', `${s.hello_count ?? '?'} (first ${absTime(s.first_hello)}, last ${absTime(s.last_hello)}, ${relTime(s.last_hello)})`],
        ['Hello window', w.state ? [`${w.state}${w.closes_at ? ', closes ' + absTime(w.closes_at) : ''}${w.time_scale && w.time_scale !== 1 ? ` (accelerated fleet: schedules run ×${w.time_scale})` : ''}`,
          w.explanation ? h('br') : null, w.explanation ? h('small', { class: 'muted' }, w.explanation) : null] : '–'],
        ['Profile', s.profile || '–'], ['Attempts', String(s.attempts ?? '–')],
        ['Last error', s.last_error ? h('code', null, s.last_error) : '–'],
      ])));
      clear(hello, helloView(s.hello, s.hello_error));
    } catch (e) {
      clear(header, h('h1', null, 'System ', uuid));
      clear(summary, errorBox(e, 'Could not load this system'));
    }
  }
  async function loadDoctor(live) {
    try {
      clear(doctor, doctorView(await get(`/api/v1/systems/${encodeURIComponent(uuid)}/doctor`, { live: live ? '' : 0 })));
    } catch (e) {
      clear(doctor, errorBox(e, 'The doctor could not run'));
    }
  }
  let allTimeline = false;
  async function loadTimeline() {
    try {
      const answer = await get(`/api/v1/systems/${encodeURIComponent(uuid)}/timeline`);
      clear(timeline, timelineView(answer, allTimeline, () => { allTimeline = true; loadTimeline(); }));
    } catch (e) {
      clear(timeline, errorBox(e, 'Could not load the timeline'));
    }
  }

  // Live refreshes skip the doctor's DNS/TCP checks (?live=0): the first
  // look ran them, and a busy device must not cause a query per hello.
  const refresh = coalesce(() => Promise.all([loadSystem(), loadTimeline(), loadDoctor(false)]), 1000);
  ctx.onCleanup(refresh.cancel);
  const mine = (d) => { if (d && (d.reload || d.uuid === uuid)) refresh(); };
  ctx.onCleanup(subscribe('system', mine));
  ctx.onCleanup(subscribe('log', mine));
  await Promise.all([loadSystem(), loadTimeline()]);
  await loadDoctor(true);
}
