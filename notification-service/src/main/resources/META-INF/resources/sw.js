// Onstage service worker: shows Web Push reminders while the page is closed (docs/reminders.md, "Web Push").
// The payload is the JSON notification-service sends: title, body, id (the event), talkId, url, ...
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

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
