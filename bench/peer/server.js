'use strict';
/*
 * The peer of the reminder fan-out benchmark (issue 7, docs/benchmarks.md): what a team would write instead of
 * notification-service. One Node.js process reads the talk-events topic (kafkajs, its own consumer group, from the
 * newest record on) and broadcasts every event to WebSocket (`ws`) and Server-Sent Events clients with the same
 * endpoints, filters and message shapes as notification-service (docs/reminders.md), so that the harness drives both
 * the same way.
 *
 * Tuned as a careful team would: each event is parsed once and serialized once per transport (a Buffer written to
 * every matching connection), filters are Sets, one timer sends all heartbeats, and a client that does not read is
 * dropped once its send buffer holds more than PEER_CLIENT_BUFFER_BYTES.
 * Left out (not on the fan-out path): resume with Last-Event-ID, history, attendee agendas, contract validation and
 * the dead-letter topic, metrics.
 *
 *   npm ci && node --expose-gc server.js        (PEER_PORT, default 8083; KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092)
 *
 * GET /ready answers 200 once the consumer has joined its group; GET /stats and POST /gc (after a full GC, needs
 * --expose-gc) answer the clients and memory of the process, for the harness.
 */
const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');
const { Kafka, logLevel } = require('kafkajs');

const PORT = Number(process.env.PEER_PORT || 8083);
const BROKERS = (process.env.KAFKA_BOOTSTRAP_SERVERS || '127.0.0.1:9092').split(',');
const TOPIC = process.env.PEER_TOPIC || 'talk-events';
const MAX_FILTERS = 50;
const HEARTBEAT_MS = 15_000;
const PING_MS = 30_000;
const MAX_MESSAGE_CHARS = 4096;
// notification-service lets 256 events wait for a slow client; events are about 1 KB.
const CLIENT_BUFFER_BYTES = Number(process.env.PEER_CLIENT_BUFFER_BYTES || 256 * 1024);
const TYPES = new Set(['talk.upcoming', 'talk.started', 'talk.ended', 'talk.moved', 'talk.cancelled',
  'session.started', 'session.ended']);

const clients = new Set();
const counts = { delivered: 0, dropped: 0, events: 0 };
let ready = false;

class BadRequest extends Error {
  constructor(where, detail) {
    super(detail);
    this.where = where;
  }
}

/** Within a parameter any value matches (OR), across parameters all must (AND); speakers ignore case. */
class Filter {
  constructor(talk, room, session, speaker, type) {
    const all = [talk, room, session, speaker, type].map(v => v || []);
    const total = all.reduce((n, v) => n + v.length, 0);
    if (total > MAX_FILTERS) {
      throw new BadRequest('query', `${total} filter values; at most ${MAX_FILTERS} are accepted.`);
    }
    ['talk', 'room', 'session', 'speaker', 'type'].forEach((name, i) => {
      for (const v of all[i]) {
        if (typeof v !== 'string' || v.trim() === '') {
          throw new BadRequest(name, `The parameter '${name}' must not be empty.`);
        }
      }
    });
    for (const t of all[4]) {
      if (!TYPES.has(t)) {
        throw new BadRequest('type', `Unknown event type '${t}'; known: ${[...TYPES].sort().join(', ')}.`);
      }
    }
    const set = v => (v.length ? new Set(v) : null);
    this.talks = set(all[0]);
    this.rooms = set(all[1]);
    this.sessions = set(all[2]);
    this.speakers = set(all[3].map(s => s.toLowerCase()));
    this.types = set(all[4]);
  }

  matches(e) {
    return (!this.types || this.types.has(e.type))
      && (!this.talks || (e.talkId !== null && this.talks.has(e.talkId)))
      && (!this.sessions || (e.sessionId !== null && this.sessions.has(e.sessionId)))
      && (!this.rooms || e.rooms.some(r => this.rooms.has(r)))
      && (!this.speakers || e.speakers.some(s => this.speakers.has(s)));
  }
}

/** One event, parsed once, with the bytes each transport sends. */
function toEvent(id, ceType, value) {
  const data = JSON.parse(value);
  const type = ceType.startsWith('onstage.') ? ceType.slice('onstage.'.length) : ceType;
  const talk = data.talk || null;
  const rooms = [];
  if (talk) {
    if (talk.room) rooms.push(talk.room);
    if (data.previous && data.previous.room) rooms.push(data.previous.room);
  } else if (data.session && data.session.room) {
    rooms.push(data.session.room);
  }
  const trimmed = value.trim();
  return {
    id,
    type,
    talkId: talk ? talk.id : null,
    sessionId: data.session ? data.session.id : null,
    rooms,
    speakers: talk && Array.isArray(talk.speakers) ? talk.speakers.map(s => String(s).toLowerCase()) : [],
    sse: Buffer.from(`id:${id}\nevent:${type}\ndata:${trimmed}\n\n`),
    // {"id":..,"type":.., then the data's fields}, as notification-service sends it; the data is not re-encoded.
    ws: Buffer.from(`{"id":${JSON.stringify(id)},"type":${JSON.stringify(type)},${trimmed.slice(1)}`),
  };
}

function broadcast(e) {
  counts.events++;
  for (const client of clients) {
    if (client.filter && client.filter.matches(e)) {
      client.send(e);
    }
  }
}

// ---- Server-Sent Events -------------------------------------------------------------------------------------------

function problem(res, status, title, detail, where) {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, where });
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(body);
}

function openSse(req, res, url) {
  let filter;
  try {
    const q = url.searchParams;
    filter = new Filter(q.getAll('talk'), q.getAll('room'), q.getAll('session'), q.getAll('speaker'), q.getAll('type'));
  } catch (e) {
    if (e instanceof BadRequest) return problem(res, 400, 'Bad Request', e.message, e.where);
    throw e;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  res.write(': subscribed\n\n');
  const client = {
    transport: 'sse',
    filter,
    send(e) {
      if (res.writableLength > CLIENT_BUFFER_BYTES) {
        counts.dropped++;
        clients.delete(client);
        res.destroy();
        return;
      }
      res.write(e.sse);
      counts.delivered++;
    },
    heartbeat() {
      res.write(': heartbeat\n\n');
    },
  };
  clients.add(client);
  res.on('close', () => clients.delete(client));
}

// ---- WebSocket ----------------------------------------------------------------------------------------------------

function openWebSocket(ws) {
  const client = {
    transport: 'websocket',
    filter: null,
    send(e) {
      if (ws.bufferedAmount > CLIENT_BUFFER_BYTES) {
        counts.dropped++;
        clients.delete(client);
        ws.close(1013, 'Too slow');
        return;
      }
      ws.send(e.ws, { binary: false });
      counts.delivered++;
    },
  };
  const error = (status, title, detail, where) =>
    ws.send(JSON.stringify({ type: 'error', status, title, detail, where: where ?? null }));
  clients.add(client);
  ws.on('message', (raw, isBinary) => {
    const text = raw.toString();
    if (isBinary || text.length > MAX_MESSAGE_CHARS) {
      return error(413, 'Payload Too Large', `A message has at most ${MAX_MESSAGE_CHARS} characters.`);
    }
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      return error(400, 'Bad Request', 'The message is not JSON.');
    }
    if (!message || typeof message !== 'object' || !message.action) {
      return error(400, 'Bad Request', 'A message needs an action: subscribe or unsubscribe.', 'action');
    }
    if (message.action === 'unsubscribe') {
      client.filter = null;
      return ws.send('{"type":"unsubscribed"}');
    }
    if (message.action !== 'subscribe') {
      return error(400, 'Bad Request', `Unknown action '${message.action}'; known: subscribe, unsubscribe.`, 'action');
    }
    const list = v => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
    try {
      client.filter = new Filter(list(message.talk), list(message.room), list(message.session), list(message.speaker),
        list(message.type));
    } catch (e) {
      if (e instanceof BadRequest) return error(400, 'Bad Request', e.message, e.where);
      throw e;
    }
    ws.send('{"type":"subscribed"}');
  });
  ws.on('close', () => clients.delete(client));
  ws.on('error', () => clients.delete(client));
}

// ---- HTTP ---------------------------------------------------------------------------------------------------------

function stats() {
  const m = process.memoryUsage();
  let sse = 0;
  let websocket = 0;
  for (const c of clients) {
    if (c.transport === 'sse') sse++;
    else websocket++;
  }
  return { clients: { sse, websocket }, ...counts, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal,
    external: m.external, arrayBuffers: m.arrayBuffers };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://peer');
  if (req.method === 'GET' && url.pathname === '/api/reminders') {
    return openSse(req, res, url);
  }
  if (url.pathname === '/ready') {
    res.writeHead(ready ? 200 : 503, { 'Content-Type': 'text/plain' });
    return res.end(ready ? 'ready\n' : 'not ready\n');
  }
  if (url.pathname === '/stats' || (url.pathname === '/gc' && req.method === 'POST')) {
    if (url.pathname === '/gc' && global.gc) {
      global.gc();
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(stats()));
  }
  problem(res, 404, 'Not Found', `No ${req.method} ${url.pathname} here.`);
});
// Streams stay open for hours.
server.requestTimeout = 0;
server.headersTimeout = 60_000;
server.keepAliveTimeout = 60_000;

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 65536 });
server.on('upgrade', (req, socket, head) => {
  if (new URL(req.url, 'http://peer').pathname !== '/ws/reminders'
      || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, ws => openWebSocket(ws));
});

setInterval(() => {
  for (const c of clients) {
    if (c.heartbeat) c.heartbeat();
  }
}, HEARTBEAT_MS).unref();
setInterval(() => wss.clients.forEach(ws => ws.ping()), PING_MS).unref();

// ---- Kafka --------------------------------------------------------------------------------------------------------

const kafka = new Kafka({ clientId: 'onstage-fanout-peer', brokers: BROKERS, logLevel: logLevel.WARN });
const consumer = kafka.consumer({ groupId: `onstage-fanout-peer-${crypto.randomUUID()}`, maxWaitTimeInMs: 500 });
consumer.on(consumer.events.GROUP_JOIN, () => {
  ready = true;
});

async function main() {
  await new Promise(resolve => server.listen(PORT, resolve));
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const header = name => (message.headers[name] === undefined ? undefined : message.headers[name].toString());
      const id = header('ce_id');
      const type = header('ce_type');
      if (!id || !type || !message.value) {
        return; // not a CloudEvent of the contract: notification-service sends it to the dead letters
      }
      try {
        broadcast(toEvent(id, type, message.value.toString()));
      } catch (e) {
        console.warn(`Skipping unreadable talk event ${id}: ${e.message}`);
      }
    },
  });
  console.log(`peer listening on ${PORT}, reading ${TOPIC} from ${BROKERS.join(',')}`);
}

async function stop() {
  ready = false;
  server.close();
  for (const ws of wss.clients) ws.terminate();
  try {
    await consumer.disconnect();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

main().catch(e => {
  console.error('peer failed to start:', e);
  process.exit(1);
});
