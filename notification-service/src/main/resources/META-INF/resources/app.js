// Onstage web page: now on stage, the programme, my agenda and live reminders. Plain JavaScript, no build step.
// Programme data comes from schedule-service (its public read API, CORS), live events and agendas from this
// service (notification-service). Protocol: docs/reminders.md.
'use strict';

const state = {
  scheduleUrl: '',
  clock: null,          // GET /api/clock, with the wall time it was read at
  conferences: [],     // GET /api/conferences
  conference: null,     // the one this page shows: ?conference=, else the one going on (else next, else last)
  talks: new Map(),     // id -> talk (schedule-service's Talk), of the conference shown
  sessions: [],
  now: null,            // GET /api/now, with the wall time it was read at
  favourites: new Map(),// talkId -> leadMinutes
  attendee: JSON.parse(localStorage.getItem('onstage.attendee') || 'null'),
  sources: {},          // name -> EventSource
  changing: 0,          // stars being changed now (a reload of the agenda meanwhile would undo them on screen)
  link: 'connecting',   // the streams: 'connecting' (first time), 'live', 'down'
  savedAt: null,        // offline: when the oldest kept copy shown was fetched (ISO); null when all is fresh
};

const $ = (id) => document.getElementById(id);

// ---- time -------------------------------------------------------------------------------------------------

/** Programme time now, from the last clock reading (a replay runs `speed` times faster than the wall clock). */
function programmeNow() {
  if (!state.clock) return new Date();
  const speed = state.clock.mode === 'replay' ? state.clock.speed : 1;
  return new Date(Date.parse(state.clock.now) + speed * (Date.now() - state.clock.readAt));
}

function speed() {
  return state.clock && state.clock.mode === 'replay' ? state.clock.speed : 1;
}

function zoneOf(talk) {
  const session = state.sessions.find((s) => s.id === talk.sessionId);
  return session ? session.timeZone : undefined;
}

function clockText(date, timeZone) {
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}

function minutes(seconds) {
  const m = Math.max(0, Math.round(seconds / 60));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

// ---- data -------------------------------------------------------------------------------------------------

/**
 * The JSON of a GET, and when it was fetched if it is the copy the service worker kept (sw.js: the network failed):
 * the page then says it is offline.
 */
async function readJson(url, options = {}) {
  const response = await fetch(url, options);
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.detail || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  const storedAt = response.headers.get('Onstage-Stored-At');
  if (storedAt && (!state.savedAt || Date.parse(storedAt) < Date.parse(state.savedAt))) {
    state.savedAt = storedAt;
    showConnection();
  }
  return { data: response.status === 204 ? null : await response.json(), storedAt };
}

async function getJson(url, options = {}) {
  return (await readJson(url, options)).data;
}

async function loadClock() {
  const { data: clock, storedAt } = await readJson(`${state.scheduleUrl}/api/clock`);
  // A kept clock runs on from when it was read, not from now.
  clock.readAt = storedAt ? Date.parse(storedAt) : Date.now();
  state.clock = clock;
  const badge = $('replay');
  badge.hidden = clock.mode !== 'replay';
  badge.textContent = clock.mode === 'replay' ? `Replay ×${clock.speed}` : '';
}

/** The conferences, and which one to show: the one the URL names, else the current one. */
async function loadConferences() {
  state.conferences = await getJson(`${state.scheduleUrl}/api/conferences`);
  const asked = new URLSearchParams(location.search).get('conference');
  state.conference = state.conferences.find((c) => c.id === asked)
    || state.conferences.find((c) => c.current) || state.conferences[0] || null;
  renderConferences();
}

/** `?conference=<id>` for the conference shown, or nothing before any programme exists. */
function conferenceQuery(separator = '?') {
  return state.conference ? `${separator}conference=${encodeURIComponent(state.conference.id)}` : '';
}

async function loadProgramme() {
  const [sessions, talks] = await Promise.all([
    getJson(`${state.scheduleUrl}/api/sessions`), getJson(`${state.scheduleUrl}/api/talks${conferenceQuery()}`)]);
  state.sessions = state.conference ? sessions.filter((s) => s.conferenceId === state.conference.id) : sessions;
  state.talks = new Map(talks.map((t) => [t.id, t]));
  renderProgramme();
  renderAgenda();
}

async function loadNow() {
  try {
    const now = await getJson(`${state.scheduleUrl}/api/now${conferenceQuery()}`);
    now.readAt = Date.now();
    state.now = now;
  } catch (error) {
    if (error.status && error.status < 500) throw error;
    state.now = nowFromProgramme();  // no network: work it out from the programme and the clock
  }
  renderNow();
}

/**
 * What GET /api/now would say, from the programme and the clock (offline): per room, by name, the talk on stage and
 * the next one; cancelled talks left out.
 */
function nowFromProgramme() {
  const at = programmeNow().getTime();
  const byRoom = new Map();
  for (const talk of state.talks.values()) {
    if (talk.status === 'cancelled') continue;
    if (!byRoom.has(talk.room)) byRoom.set(talk.room, []);
    byRoom.get(talk.room).push(talk);
  }
  const seconds = (from, to) => Math.trunc((to - from) / 1000);
  const rooms = [...byRoom.keys()].sort().map((room) => {
    const talks = byRoom.get(room).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    let i = talks.findIndex((talk) => Date.parse(talk.end) > at);
    if (i < 0) i = talks.length;
    let now = null;
    if (i < talks.length && Date.parse(talks[i].start) <= at) {
      const talk = talks[i];
      now = { talk, elapsedSeconds: seconds(Date.parse(talk.start), at), remainingSeconds: seconds(at, Date.parse(talk.end)) };
      i++;
    }
    const next = i < talks.length ? { talk: talks[i], startsInSeconds: seconds(at, Date.parse(talks[i].start)) } : null;
    return { room, now, next };
  });
  return { rooms, readAt: Date.now() };
}

/** Everything the page shows, read afresh (through the service worker, which keeps copies for offline reading). */
async function loadAll() {
  state.savedAt = null;
  await loadClock();
  await loadConferences();
  await loadFavourites();
  await loadProgramme();
  await loadNow();
  showConnection();
}

const keepTimers = {};
/**
 * Reads again, later, what changed while the page is open, so that the service worker's copy is not older than what
 * the page shows. The programme: after a random pause of up to 30 s, so that a move does not send every page at
 * schedule-service at once.
 */
// `request` gives [url, options] when the time comes, or nothing when there is nothing to read any more.
function keepSoon(what, request, delay) {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return;
  clearTimeout(keepTimers[what]);
  keepTimers[what] = setTimeout(() => {
    const [url, options] = request() || [];
    if (url) fetch(url, options).catch(() => {});
  }, delay);
}

let nowTimer;
/** Several events often come at once (a talk ends, the next starts): read `now` once for all of them. */
function refreshNowSoon() {
  clearTimeout(nowTimer);
  nowTimer = setTimeout(() => loadNow().catch(showError), 250);
}

// ---- rendering --------------------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** The conference's name, and a link to each conference when there are several (the chooser). */
function renderConferences() {
  const shown = state.conference;
  $('conference-name').textContent = shown ? shown.name : '';
  document.title = shown ? `Onstage: ${shown.name}` : 'Onstage: now on stage';
  const nav = $('conferences');
  nav.hidden = state.conferences.length < 2;
  const list = el('ul', {});
  for (const conference of state.conferences) {
    const link = el('a', { href: `?conference=${encodeURIComponent(conference.id)}`, 'data-conference': conference.id,
      'aria-current': shown && conference.id === shown.id ? 'page' : null, text: conference.name });
    list.append(el('li', {}, link));
  }
  nav.replaceChildren(el('span', { class: 'muted', text: 'Conferences: ' }), list);
}

function renderNow() {
  const rooms = $('rooms');
  rooms.replaceChildren();
  const list = (state.now && state.now.rooms) || [];
  if (list.length === 0) rooms.append(el('p', { class: 'muted', text: 'Nothing on stage.' }));
  const passed = speed() * (Date.now() - state.now.readAt) / 1000;
  for (const room of list) {
    const card = el('article', { class: 'room', 'aria-label': room.room, 'data-room': room.room });
    card.append(el('h3', { text: room.room }));
    if (room.now) {
      const talk = room.now.talk;
      const total = room.now.elapsedSeconds + room.now.remainingSeconds;
      const elapsed = Math.min(total, room.now.elapsedSeconds + passed);
      card.append(
        el('p', { class: 'title', 'data-talk': talk.id, text: talk.title }),
        el('p', { class: 'speakers', text: talk.speakers.join(', ') }),
        el('progress', { max: total, value: elapsed, 'aria-label': `Progress of ${talk.title}` }),
        el('p', { class: 'left', text: `${minutes(total - elapsed)} left` }));
    } else {
      card.append(el('p', { class: 'title muted', text: 'Break' }));
    }
    if (room.next) {
      const next = room.next.talk;
      const inSeconds = room.next.startsInSeconds - passed;
      card.append(el('p', { class: 'next' },
        el('span', { class: 'muted', text: 'Next ' }),
        el('time', { datetime: next.start, text: clockText(new Date(next.start), zoneOf(next)) }),
        ` ${next.title}`, el('span', { class: 'muted', text: ` (in ${minutes(inSeconds)})` })));
    }
    rooms.append(card);
  }
  markOnStage();
}

function renderProgramme() {
  const container = $('programme');
  container.replaceChildren();
  for (const session of state.sessions) {
    const list = el('ul', { class: 'talks' });
    for (const id of session.talkIds) {
      const talk = state.talks.get(id);
      if (talk) list.append(talkItem(talk, session.timeZone));
    }
    container.append(el('section', { class: 'session', 'aria-label': session.title },
      el('h3', { text: session.title }),
      el('p', { class: 'muted small', text: `${session.room} · ${clockText(new Date(session.start), session.timeZone)}`
        + `–${clockText(new Date(session.end), session.timeZone)}`
        + (session.moderator ? ` · chair ${session.moderator}` : '') }),
      list));
  }
  markOnStage();
}

function talkItem(talk, timeZone) {
  const starred = state.favourites.has(talk.id);
  const star = el('button', {
    type: 'button', class: 'star', 'aria-pressed': String(starred), 'data-star': talk.id,
    'aria-label': `${starred ? 'Unstar' : 'Star'} ${talk.title}`, text: starred ? '★' : '☆' });
  star.addEventListener('click', () => toggleStar(talk.id).catch(showError));
  const status = talk.status === 'scheduled' ? null : el('span', { class: 'status', text: talk.status });
  return el('li', { class: 'talk', 'data-talk': talk.id, 'data-status': talk.status },
    el('time', { datetime: talk.start, text: clockText(new Date(talk.start), timeZone) }),
    el('span', { class: 'title' }, talk.title, status),
    star,
    el('span', { class: 'speakers', text: talk.speakers.join(', ') }));
}

function markOnStage() {
  const on = new Set(((state.now && state.now.rooms) || []).filter((r) => r.now).map((r) => r.now.talk.id));
  document.querySelectorAll('.talk').forEach((li) => li.setAttribute('data-on', String(on.has(li.dataset.talk))));
}

function renderAgenda() {
  const list = $('agenda');
  list.replaceChildren();
  const starred = [...state.favourites.keys()].map((id) => state.talks.get(id)).filter(Boolean)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (starred.length === 0) list.append(el('li', { class: 'muted', text: 'Star talks in the programme below.' }));
  for (const talk of starred) {
    const lead = state.favourites.get(talk.id);
    list.append(el('li', {},
      el('time', { datetime: talk.start, text: clockText(new Date(talk.start), zoneOf(talk)) }),
      ` ${talk.title} · ${talk.room}`,
      el('span', { class: 'muted', text: lead === 0 ? ' (reminder when it starts)' : ` (reminder ${lead} min before)` })));
  }
  renderCalendar();
}

function tick() {
  // In the zone of the conference shown, whichever conference the browser or the other sessions are in.
  const timeZone = state.conference ? state.conference.timeZone : undefined;
  const time = $('programme-time');
  time.textContent = new Intl.DateTimeFormat(undefined, {
    weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
    timeZone }).format(programmeNow());
  if (timeZone) time.dataset.timeZone = timeZone;
  if (state.savedAt && state.clock) state.now = nowFromProgramme();  // offline: talks start and end all the same
  if (state.now) renderNow();
}

// ---- toasts and notifications -----------------------------------------------------------------------------

function toast(title, body, eventId) {
  const box = el('div', { class: 'toast', 'data-event': eventId },
    el('strong', { text: title }), el('span', { text: body }));
  const close = el('button', { type: 'button', 'aria-label': 'Dismiss', text: '×' });
  close.addEventListener('click', () => box.remove());
  box.append(close);
  const toasts = $('toasts');
  toasts.append(box);
  while (toasts.children.length > 5) toasts.firstElementChild.remove();
  setTimeout(() => box.remove(), 60000);
  // With Web Push on, the push shows it (also with the page closed): not twice.
  if ('Notification' in window && Notification.permission === 'granted' && document.hidden && !pushOn()) {
    new Notification(title, { body, tag: eventId });
  }
}

function showError(error) {
  console.error(error);
  // fetch's TypeError (Chromium, Firefox, Safari): no network; offline the page only reads its kept copies
  const offline = error instanceof TypeError && /fetch|network|load failed/i.test(error.message);
  const text = offline ? 'No network: try again once online.' : error.message;
  toast('Something went wrong', text || String(error), 'error');
}

/** A reminder of the attendee's own stream, as a person reads it. */
function remind(type, data, eventId) {
  const talk = data.talk;
  const at = clockText(new Date(talk.start), data.conference.timeZone);
  const text = {
    'talk.upcoming': [`In ${data.leadMinutes} minutes: ${talk.title}`, `${at} · ${talk.room}`],
    'talk.started': [`Starting now: ${talk.title}`, talk.room],
    'talk.moved': [`Moved: ${talk.title}`, `now ${at} · ${talk.room}`],
    'talk.cancelled': [`Cancelled: ${talk.title}`, `was ${at} · ${talk.room}`],
  }[type];
  if (text) toast(text[0], text[1], eventId);
}

// ---- live events ------------------------------------------------------------------------------------------

const GENERAL_TYPES = ['talk.started', 'talk.ended', 'talk.moved', 'talk.cancelled', 'session.started', 'session.ended'];

/**
 * An EventSource that resumes: the browser sends Last-Event-ID when it reconnects by itself; when it gives up (an
 * HTTP error such as 503 during a restart) we open a new one after a pause, with the last id in the URL.
 */
// `path` is a URL, or an async function giving one (the attendee's stream: a new single-use ticket each time).
function stream(name, path, onEvent, types) {
  const key = `onstage.lastEventId.${name}`;
  const open = async () => {
    // Until the EventSource exists (a ticket is on its way), the stream counts as connecting.
    if (!state.sources[name]) state.sources[name] = { readyState: EventSource.CONNECTING, close() {} };
    let url;
    try {
      url = new URL(typeof path === 'function' ? await path() : path, location.href);
    } catch (error) {
      if ([401, 403, 404].includes(error.status)) {  // the attendee is gone: no stream
        delete state.sources[name];
        connectionChanged();
        return;
      }
      connectionChanged();
      setTimeout(open, 3000);  // no ticket (e.g. the network is away): try again
      return;
    }
    const last = localStorage.getItem(key);
    if (last) url.searchParams.set('lastEventId', last);
    const source = new EventSource(url);
    state.sources[name] = source;
    for (const type of [...types, 'reset']) {
      source.addEventListener(type, (e) => {
        if (e.lastEventId) localStorage.setItem(key, e.lastEventId);
        onEvent(type, type === 'reset' ? null : JSON.parse(e.data), e.lastEventId);
      });
    }
    source.onopen = connectionChanged;
    source.onerror = () => {
      connectionChanged();
      if (typeof path === 'function') {
        // EventSource would reconnect with the same URL, whose ticket is used up: reconnect with a new one.
        source.close();
        setTimeout(() => state.sources[name] === source && open(), 2000);
      } else if (source.readyState === EventSource.CLOSED) {
        setTimeout(() => state.sources[name] === source && open(), 3000);
      }
    };
  };
  open();
}

function streamsLive() {
  const all = Object.values(state.sources);
  return all.length > 0 && all.every((s) => s.readyState === EventSource.OPEN);
}

function connectionChanged() {
  const live = streamsLive();
  const back = live && state.link === 'down';
  state.link = live ? 'live' : 'down';
  showConnection();
  // Back after a drop: the streams catch up by themselves; the clock and programme may have moved meanwhile. After
  // showing kept copies, everything is read again.
  if (back) (state.savedAt ? loadAll() : loadClock().then(loadNow)).catch(showError);
}

/** Live; or offline, showing copies kept since a time; or reconnecting. */
function showConnection() {
  const connection = $('connection');
  if (streamsLive()) {
    connection.dataset.state = 'live';
    connection.textContent = 'Live';
  } else if (state.savedAt) {
    connection.dataset.state = 'offline';
    connection.textContent = `Offline, updated at ${clockText(new Date(state.savedAt))}`;
  } else if (state.link === 'down') {
    connection.dataset.state = 'reconnecting';
    connection.textContent = 'Reconnecting…';
  }
}

function onGeneralEvent(type, data) {
  if (type === 'reset') return loadProgramme().then(loadNow).catch(showError);
  if ((type === 'talk.moved' || type === 'talk.cancelled') && data.talk) {
    const known = state.talks.get(data.talk.id);
    if (known) {
      Object.assign(known, { start: data.talk.start, end: data.talk.end, room: data.talk.room, status: data.talk.status });
      renderProgramme();
      renderAgenda();
      keepSoon('programme', () => [`${state.scheduleUrl}/api/talks${conferenceQuery()}`], Math.random() * 30000);
    }
  }
  refreshNowSoon();
}

function openAttendeeStream() {
  if (!state.attendee || state.sources.mine) return;
  const { id } = state.attendee;
  // The long-lived token never goes into a URL (access logs keep URLs): a ticket that opens the stream once does.
  const ticketed = async () => {
    const { ticket } = await getJson(`/api/stream-tickets?attendee=${encodeURIComponent(id)}`,
      { method: 'POST', headers: auth() });
    return `/api/reminders?attendee=${encodeURIComponent(id)}&ticket=${encodeURIComponent(ticket)}`;
  };
  stream('mine', ticketed,
    (type, data, eventId) => data && remind(type, data, eventId),
    ['talk.upcoming', 'talk.started', 'talk.moved', 'talk.cancelled']);
}

// ---- agenda -----------------------------------------------------------------------------------------------

function auth() {
  return { Authorization: `Bearer ${state.attendee.token}` };
}

async function ensureAttendee() {
  if (state.attendee) return;
  state.attendee = await getJson('/api/attendees', { method: 'POST' });
  localStorage.setItem('onstage.attendee', JSON.stringify(state.attendee));
}

async function loadFavourites() {
  if (!state.attendee) return;
  const { id } = state.attendee;
  try {
    const favourites = await getJson(`/api/attendees/${id}/favourites`, { headers: auth() });
    if (!state.attendee || state.attendee.id !== id) return;  // paired with another attendee meanwhile
    state.favourites = new Map(favourites.map((f) => [f.talkId, f.leadMinutes]));
  } catch (error) {
    if ([401, 403, 404].includes(error.status) && state.attendee && state.attendee.id === id) {
      // forgotten by the server: start afresh
      state.attendee = null;
      localStorage.removeItem('onstage.attendee');
    } else {
      console.warn('My agenda is not available', error);  // offline, with no copy kept: the programme all the same
    }
  }
}

async function toggleStar(talkId) {
  state.changing += 1;
  try {
    await changeStar(talkId);
  } finally {
    state.changing -= 1;
  }
}

async function changeStar(talkId) {
  await ensureAttendee();
  const url = `/api/attendees/${state.attendee.id}/favourites/${encodeURIComponent(talkId)}`;
  if (state.favourites.has(talkId)) {
    await getJson(url, { method: 'DELETE', headers: auth() });
    state.favourites.delete(talkId);
  } else {
    const leadMinutes = Number($('lead').value);
    await getJson(url, { method: 'PUT', headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ leadMinutes }) });
    state.favourites.set(talkId, leadMinutes);
    offerNotifications();
  }
  keepSoon('agenda', () => state.attendee
    && [`/api/attendees/${state.attendee.id}/favourites`, { headers: auth() }], 1000);
  openAttendeeStream();
  renderProgramme();
  renderAgenda();
  const button = document.querySelector(`[data-star="${CSS.escape(talkId)}"]`);
  if (button) button.focus();
}

function offerNotifications() {
  const button = $('notify');
  if (!('Notification' in window) || Notification.permission !== 'default') return;
  button.hidden = false;
  button.onclick = () => Notification.requestPermission().then(() => { button.hidden = true; });
}

// ---- calendar feed: my agenda in a calendar app ------------------------------------------------------------

/** The feed's URL of the current attendee, as issued to this browser (the service keeps only a digest of its key). */
function calendarUrl() {
  const saved = JSON.parse(localStorage.getItem('onstage.calendar') || 'null');
  return saved && state.attendee && saved.attendee === state.attendee.id ? saved.url : null;
}

/** Offered once the attendee has an agenda; the links once a URL was issued. */
function renderCalendar() {
  const url = calendarUrl();
  $('calendar').hidden = !state.attendee || (state.favourites.size === 0 && !url);
  $('calendar-links').hidden = !url;
  $('calendar-get').hidden = !!url;
  if (url) {
    $('calendar-webcal').href = url.replace(/^https?:/, 'webcal:');
    $('calendar-url').value = url;
  }
}

async function getCalendarUrl() {
  const { url } = await getJson(`/api/attendees/${state.attendee.id}/calendar-feed`,
    { method: 'POST', headers: auth() });
  localStorage.setItem('onstage.calendar', JSON.stringify({ attendee: state.attendee.id, url }));
  renderCalendar();
  $('calendar-webcal').focus();
}

async function revokeCalendarUrl() {
  await getJson(`/api/attendees/${state.attendee.id}/calendar-feed`, { method: 'DELETE', headers: auth() });
  localStorage.removeItem('onstage.calendar');
  renderCalendar();
  $('calendar-get').focus();
}

function setUpCalendar() {
  $('calendar-get').addEventListener('click', () => getCalendarUrl().catch(showError));
  $('calendar-revoke').addEventListener('click', () => revokeCalendarUrl().catch(showError));
  $('calendar-url').addEventListener('focus', (event) => event.target.select());
  renderCalendar();
}

// ---- a second device: the same agenda -------------------------------------------------------------------

/** Shows a pairing code: its link as a QR code (an SVG the service draws) and as text. */
async function showPairingCode() {
  await ensureAttendee();
  const issued = await getJson(`/api/attendees/${state.attendee.id}/pairing-codes`, { method: 'POST', headers: auth() });
  $('pair-qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(issued.qrSvg)}`;
  $('pair-link').href = issued.link;
  $('pair-link').textContent = issued.link;
  $('pair-text').textContent = issued.code;
  const expires = new Date(issued.expiresAt);
  $('pair-expires').dateTime = issued.expiresAt;
  $('pair-expires').textContent = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
    .format(expires);
  $('pair-code').hidden = false;
  localStorage.setItem('onstage.paired', 'true');
  openAttendeeStream();
}

/**
 * Opened from a pairing link (/#pair=<code>): this device signs in as that attendee, with a token of its own, and
 * shows the same agenda. The code is in the fragment, which no server sees, and leaves the address bar at once.
 */
async function redeemPairingLink() {
  const match = /^#pair=([0-9A-Za-z-]{1,64})$/.exec(location.hash);
  if (!match) return false;
  history.replaceState(null, '', location.pathname + location.search);
  try {
    const paired = await getJson('/api/pairings', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: match[1] }) });
    state.attendee = paired;
    localStorage.setItem('onstage.attendee', JSON.stringify(paired));
    localStorage.setItem('onstage.paired', 'true');
    toast('Paired', 'This device now shows the same agenda.', 'paired');
    return true;
  } catch (error) {
    toast('This pairing link does not work', error.message || String(error), 'pairing');
    return false;
  }
}

/** A pairing link opened in a tab that shows the page already: the same, then the new agenda and its stream. */
async function onHashChange() {
  if (!(await redeemPairingLink())) return;
  if (state.sources.mine) {
    state.sources.mine.close();
    delete state.sources.mine;
  }
  state.favourites = new Map();
  await loadFavourites();
  renderProgramme();
  renderAgenda();
  openAttendeeStream();
}

/** Reads the agenda again; shows it when another device changed it. */
async function refreshFavourites() {
  if (!state.attendee || state.changing > 0) return;
  const before = JSON.stringify([...state.favourites]);
  await loadFavourites();
  if (state.changing > 0 || JSON.stringify([...state.favourites]) === before) return;
  renderProgramme();
  renderAgenda();
}

/**
 * Another device of this attendee may change the agenda: read it again when the page comes back into view, and every
 * 15 s while a paired page is in view (the stream carries reminders, not agenda changes).
 */
function watchAgenda() {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refreshFavourites().catch(showError);
  });
  setInterval(() => {
    if (!document.hidden && localStorage.getItem('onstage.paired')) refreshFavourites().catch(() => {});
  }, 15000);
}

// ---- Web Push: reminders with the page closed ------------------------------------------------------------

const PUSH_SUPPORTED = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** Whether this device is registered for the current attendee's pushes. */
function pushOn() {
  return !!state.attendee && localStorage.getItem('onstage.push') === state.attendee.id;
}

function base64UrlBytes(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameKey(buffer, publicKey) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  const b = base64UrlBytes(publicKey);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pushStatus(text) {
  $('push-status').textContent = text;
}

/** Subscribes this browser with the service's VAPID key and registers the subscription for the attendee. */
async function enablePush() {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new Error('Notifications are blocked for this page; allow them in the browser\'s site settings.');
  }
  await ensureAttendee();
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await getJson('/api/push/public-key');
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another key (the service's keys changed) cannot be pushed to: subscribe afresh.
  if (subscription && !sameKey(subscription.options.applicationServerKey, publicKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  if (!subscription) {
    subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: base64UrlBytes(publicKey) });
  }
  await getJson(`/api/attendees/${state.attendee.id}/push-subscriptions`, {
    method: 'PUT', headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(subscription.toJSON()) });
  localStorage.setItem('onstage.push', state.attendee.id);
  pushStatus('On: reminders reach this device also with the page closed.');
}

async function disablePush() {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  if (subscription) {
    if (state.attendee) {
      await getJson(`/api/attendees/${state.attendee.id}/push-subscriptions`, {
        method: 'DELETE', headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ endpoint: subscription.endpoint }) });
    }
    await subscription.unsubscribe();
  }
  localStorage.removeItem('onstage.push');
  pushStatus('');
}

/** The switch; when it was on, registers again (the browser may have renewed its subscription meanwhile). */
async function setUpPush() {
  if (!PUSH_SUPPORTED) return;
  const toggle = $('push-switch');
  $('push').hidden = false;
  toggle.checked = pushOn();
  toggle.addEventListener('change', () => {
    const on = toggle.checked;
    toggle.disabled = true;
    (on ? enablePush() : disablePush())
      .catch((error) => { toggle.checked = !on; pushStatus(''); showError(error); })
      .finally(() => { toggle.disabled = false; });
  });
  if (toggle.checked && Notification.permission === 'granted') {
    await enablePush().catch((error) => console.warn('Web Push: cannot register again', error));
  }
}

/** A push's link, /?talk=<id>: shows that talk. */
function showLinkedTalk() {
  const id = new URLSearchParams(location.search).get('talk');
  const item = id && document.querySelector(`.talk[data-talk="${CSS.escape(id)}"]`);
  if (!item) return;
  item.setAttribute('data-linked', 'true');
  item.setAttribute('tabindex', '-1');
  item.scrollIntoView({ block: 'center' });
  item.focus();
}

// ---- start ------------------------------------------------------------------------------------------------

/**
 * The service worker: Web Push, and copies of the page and its data for offline reading. When it takes control of the
 * page (the first visit, or a new version), the data the page shows is read again through it, so that it has its
 * copies from the first visit on.
 */
function setUpServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    const reads = [['/api/web-config'], [`${state.scheduleUrl}/api/clock`], [`${state.scheduleUrl}/api/conferences`],
      [`${state.scheduleUrl}/api/sessions`], [`${state.scheduleUrl}/api/talks${conferenceQuery()}`]];
    if (state.attendee) reads.push([`/api/attendees/${state.attendee.id}/favourites`, { headers: auth() }]);
    for (const [url, options] of reads) fetch(url, options).catch(() => {});
  });
  navigator.serviceWorker.register('/sw.js').catch((error) => console.warn('No service worker', error));
}

async function start() {
  const config = await getJson('/api/web-config');
  state.scheduleUrl = config.scheduleUrl;
  $('schedule-link').href = `${config.scheduleUrl}/q/swagger-ui`;
  await redeemPairingLink();
  await loadAll();
  setUpServiceWorker();
  showLinkedTalk();
  setUpCalendar();
  setUpPush().catch((error) => console.warn('Web Push unavailable', error));
  stream('programme', `/api/reminders?${GENERAL_TYPES.map((t) => `type=${t}`).join('&')}`, onGeneralEvent,
    GENERAL_TYPES);
  openAttendeeStream();
  $('pair-show').addEventListener('click', () => showPairingCode().catch(showError));
  // The link is for the other device: followed here it would only use the code up.
  $('pair-link').addEventListener('click', (event) => event.preventDefault());
  watchAgenda();
  window.addEventListener('hashchange', () => onHashChange().catch(showError));
  setInterval(tick, 1000);
  setInterval(() => loadClock().catch(() => {}), 30000);
  tick();
}

start().catch(showError);
