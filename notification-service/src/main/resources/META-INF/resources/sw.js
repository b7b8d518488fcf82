// Onstage service worker: shows Web Push reminders while the page is closed (docs/reminders.md, "Web Push"), and keeps
// the page, the programme and the attendee's agenda for reading offline (docs/reminders.md, "Offline").
// The push payload is the JSON notification-service sends: title, body, id (the event), talkId, url, ...
'use strict';

// ---- offline: network first, the kept copy when the network fails ----------------------------------------------

const SHELL = 'onstage-shell-v1';          // the page's files and /api/web-config: the same for everyone
const PROGRAMME = 'onstage-programme-v1';  // schedule-service's public reads: the same for everyone
const AGENDA = 'onstage-agenda-';          // + an attendee's id: one cache per attendee, read only with their token
const SHELL_FILES = ['/', '/app.js', '/style.css', '/favicon.svg', '/manifest.webmanifest',
  '/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon-maskable-512.png'];
// The GETs of schedule-service the page needs (its origin is allowed by the page's connect-src, nothing else is).
// Not /api/now: offline the page works out what is on stage from the kept programme and the clock.
const PROGRAMME_PATHS = new Set(['/api/clock', '/api/conferences', '/api/sessions', '/api/talks']);
const FAVOURITES = /^\/api\/attendees\/([^/]+)\/favourites$/;
// When a kept copy was fetched; the page says "offline, updated at ..." and runs the clock on from it.
const STORED_AT = 'Onstage-Stored-At';
const TOKEN_HASH = 'Onstage-Token-Hash';
// A network that neither answers nor fails (Wi-Fi without internet) gets this long before the kept copy is shown.
const PATIENCE_MS = 6000;

self.addEventListener('install', (event) => {
  // The page's files, so that the page opens offline after its first visit. One missing file must not stop the rest.
  event.waitUntil(caches.open(SHELL).then((cache) => Promise.all(SHELL_FILES.map((path) =>
    fetch(path).then((response) => response.ok && cache.put(path, response)).catch(() => {}))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  const current = [SHELL, PROGRAMME];
  for (const name of await caches.keys()) {
    if (name.startsWith('onstage-') && !current.includes(name) && !name.startsWith(AGENDA)) await caches.delete(name);
  }
  await self.clients.claim();
})()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;  // not intercepted: the network or nothing
  const url = new URL(request.url);
  if (url.origin === self.location.origin) {
    if (request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html')) {
      event.respondWith(networkFirst(event, shared(SHELL, '/', false)));  // one page, whatever its ?conference=
    } else if (SHELL_FILES.includes(url.pathname) || url.pathname === '/api/web-config') {
      event.respondWith(networkFirst(event, shared(SHELL, url.pathname, false)));
    } else {
      const favourites = FAVOURITES.exec(url.pathname);
      if (favourites) event.respondWith(networkFirst(event, agenda(decodeURIComponent(favourites[1]), request)));
      // Anything else (the streams above all, tickets, push keys): never kept.
    }
  } else if (PROGRAMME_PATHS.has(url.pathname)) {
    event.respondWith(networkFirst(event, shared(PROGRAMME, request.url, true)));
  }
});

/**
 * A cache everyone on this browser may read. The page's files are kept as they came (with their security headers);
 * data is stamped with the time it was fetched.
 */
function shared(name, key, stamp) {
  return {
    keep: async (response) => (await caches.open(name)).put(key, stamp ? await stamped(response) : response),
    kept: async () => (await caches.open(name)).match(key),
    refused: async () => {},
  };
}

/**
 * The attendee's agenda: kept in their own cache with a hash of their token (never the token), and given back only to
 * a request with that token. A token the service refuses (the attendee is gone, or it was rotated) drops the cache.
 */
function agenda(attendee, request) {
  const name = AGENDA + attendee;
  const hash = tokenHash(request.headers.get('Authorization') || '');
  return {
    keep: async (response) => (await caches.open(name)).put(request.url,
      await stamped(response, { [TOKEN_HASH]: await hash })),
    kept: async () => {
      const copy = await (await caches.open(name)).match(request.url);
      return copy && copy.headers.get(TOKEN_HASH) === await hash ? copy : undefined;
    },
    refused: async (response) => {
      if ([401, 403, 404].includes(response.status)) await caches.delete(name);
    },
  };
}

async function tokenHash(authorization) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(authorization));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A copy to keep, with the time it was fetched, readable by the page also across origins (schedule-service). */
async function stamped(response, more = {}) {
  const headers = new Headers();
  const type = response.headers.get('Content-Type');
  if (type) headers.set('Content-Type', type);
  headers.set(STORED_AT, new Date().toISOString());
  headers.set('Access-Control-Expose-Headers', STORED_AT);
  for (const [name, value] of Object.entries(more)) headers.set(name, value);
  return new Response(await response.blob(), { status: response.status, headers });
}

/**
 * The network's answer, kept for later when it is a success; the kept copy when the network fails, answers 5xx
 * (a service restarting) or takes longer than PATIENCE_MS; a 503 problem when there is no copy either.
 */
function networkFirst(event, store) {
  const network = fetch(event.request).then((response) => {
    if (response.ok) event.waitUntil(store.keep(response.clone()).catch(() => {}));
    else event.waitUntil(store.refused(response).catch(() => {}));
    if (response.status >= 500) return store.kept().then((copy) => copy || response);
    return response;
  });
  let settled = false;
  const answer = network.catch(() => store.kept().then((copy) => copy || offline()))
    .finally(() => { settled = true; });
  const impatient = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS))
    .then(() => (settled ? answer : store.kept().then((copy) => copy || answer)));
  return Promise.race([answer, impatient]);
}

function offline() {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Offline', status: 503,
    detail: 'No network, and no copy of this kept for offline reading.' }),
  { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
}

// ---- Web Push ---------------------------------------------------------------------------------------------------

self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { title: 'Onstage', body: event.data.text() };
  }
  // The tag is the event: should the same reminder ever arrive twice, the second replaces the first, silently.
  event.waitUntil(self.registration.showNotification(data.title || 'Onstage', {
    body: data.body || '',
    tag: data.id || undefined,
    data: { url: data.url || '/', talkId: data.talkId },
  }));
});

// A click opens the talk: in a window of the page if one is open, else in a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (new URL(client.url).origin === self.location.origin) {
        await client.focus();
        return client.navigate ? client.navigate(url) : undefined;
      }
    }
    return self.clients.openWindow(url);
  })());
});
