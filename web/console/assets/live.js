// Server-sent events (GET /api/v1/events): `system` ({"uuid"}) when a
// device's record changed, `log` (a log entry), `reload` (the server dropped
// events for a slow reader: everything may have changed, so every `system`
// listener gets {reload: true}). One EventSource for the
// whole console; pages subscribe while they are shown. The header's
// indicator says whether updates are arriving.

const listeners = { system: new Set(), log: new Set() };
let source = null;
let retryTimer = null;
let indicator = null;
let stopped = true;
let missed = false;  // updates may have been missed while not connected

function show(state, text) {
  if (!indicator) return;
  indicator.className = 'live ' + state;
  indicator.textContent = text;
  indicator.title = state === 'on' ? 'Updates arrive as devices say hello' : 'Not receiving updates: the page shows what it last loaded';
}

function dispatch(type, event) {
  let data = {};
  try { data = JSON.parse(event.data); } catch { /* keep {} */ }
  for (const fn of listeners[type]) {
    try { fn(data); } catch (e) { console.error('live listener', e); }
  }
}

function connect() {
  if (stopped || source) return;
  show('connecting', '○ connecting');
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.addEventListener('open', () => {
    show('on', '● live');
    if (missed) dispatch('system', { data: '{"reload":true}' });
    missed = false;
  });
  source.addEventListener('system', (e) => dispatch('system', e));
  source.addEventListener('log', (e) => dispatch('log', e));
  source.addEventListener('reload', () => dispatch('system', { data: '{"reload":true}' }));
  source.addEventListener('error', () => {
    missed = true;
    // EventSource retries by itself while it can; a closed one (a 401 or a
    // server that went away) is retried by us, gently.
    if (source && source.readyState === EventSource.CLOSED) {
      source = null;
      show('off', '○ offline');
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, 3000);
    } else {
      show('connecting', '○ reconnecting');
    }
  });
}

export function startLive(el) {
  indicator = el;
  stopped = false;
  connect();
}

export function stopLive() {
  stopped = true;
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  show('off', '○ offline');
}

// subscribe('system', fn) -> unsubscribe function.
export function subscribe(type, fn) {
  listeners[type].add(fn);
  return () => listeners[type].delete(fn);
}
