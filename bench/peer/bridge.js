'use strict';
/*
 * The Kafka-to-nchan bridge of the reminder fan-out benchmark's third peer (docs/benchmarks.md): nginx with the nchan
 * module (bench/nchan/nginx.conf.template) pushes to the subscribers; this process reads the talk-events topic
 * (kafkajs, its own consumer group, from the newest record on) and publishes every event to nchan's publisher
 * location with one HTTP POST to all of the event's channels at once:
 *
 *   all, type/<type>, talk/<talk id>, session/<session id>, room/<room> (talk.moved: the new and the previous room),
 *   speaker/<speaker, lower case>
 *
 * each value encoded with channelPart() so that a channel id is URL-safe and has no comma (nchan's delimiter). The
 * body is the message notification-service sends over WebSocket, {"id":<ce_id>,"type":<short type>, ...the data's
 * fields}, so nchan's WebSocket subscribers get the same message; SSE subscribers get it as data with the event name
 * (X-EventSource-Event) set to the short type, and nchan's own id.
 *
 * Events are published one after the other, in the topic's order, over one keep-alive connection: nchan stamps each
 * message with the second it was published in, and concurrent publishes (over several connections, so several
 * workers) reach a channel out of order ("A message from the past has just been published").
 *
 *   npm ci && node bridge.js      (NCHAN_URL, default http://127.0.0.1:8084; BRIDGE_PORT, default 8085;
 *                                  KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092)
 *
 * GET /ready answers 200 once the consumer has joined its group and nchan answers; GET /stats the counts.
 */
const http = require('http');
const crypto = require('crypto');
const { Kafka, logLevel } = require('kafkajs');

const NCHAN = new URL(process.env.NCHAN_URL || 'http://127.0.0.1:8084');
const PORT = Number(process.env.BRIDGE_PORT || 8085);
const BROKERS = (process.env.KAFKA_BOOTSTRAP_SERVERS || '127.0.0.1:9092').split(',');
const TOPIC = process.env.BRIDGE_TOPIC || 'talk-events';
const MAX_CHANNELS = 255; // nchan's limit for one multiplexed publish or subscription
const RETRIES = 5;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const counts = { events: 0, published: 0, failed: 0, skipped: 0 };
let joined = false;

/**
 * A value as part of a channel id: ASCII letters, digits, '.', '_' and '-' as they are, every other UTF-8 byte as
 * '~' and two upper-case hex digits. The harness (Java) encodes the same way: NchanChannels.part.
 */
function channelPart(value) {
  let out = '';
  for (const byte of Buffer.from(String(value), 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9._-]/.test(c) ? c : `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The channels an event goes to, each once. */
function channels(type, data) {
  const list = ['all', `type/${channelPart(type)}`];
  const talk = data.talk || null;
  if (talk && talk.id) list.push(`talk/${channelPart(talk.id)}`);
  if (data.session && data.session.id) list.push(`session/${channelPart(data.session.id)}`);
  const rooms = [];
  if (talk) {
    if (talk.room) rooms.push(talk.room);
    if (data.previous && data.previous.room) rooms.push(data.previous.room);
  } else if (data.session && data.session.room) {
    rooms.push(data.session.room);
  }
  for (const room of rooms) list.push(`room/${channelPart(room)}`);
  if (talk && Array.isArray(talk.speakers)) {
    for (const speaker of talk.speakers) list.push(`speaker/${channelPart(String(speaker).toLowerCase())}`);
  }
  return [...new Set(list)];
}

function post(path, type, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent, host: NCHAN.hostname, port: NCHAN.port || 80, method: 'POST', path,
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, 'X-EventSource-Event': type },
    }, res => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 || res.statusCode === 202
        ? resolve() : reject(new Error(`nchan answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function publish(id, type, list, body) {
  // One POST per 255 channels; more only for a talk with hundreds of speakers.
  for (let i = 0; i < list.length; i += MAX_CHANNELS) {
    const path = `/pub?c=${list.slice(i, i + MAX_CHANNELS).join(',')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await post(path, type, body);
        break;
      } catch (e) {
        if (attempt >= RETRIES) {
          counts.failed++;
          console.warn(`Could not publish ${id} to nchan: ${e.message}`);
          return;
        }
        await new Promise(r => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
  counts.published++;
}

/** The last publish queued: the next one waits for it. */
let tail = Promise.resolve();
let queued = 0;

function onEvent(id, ceType, value) {
  const data = JSON.parse(value);
  const type = ceType.startsWith('onstage.') ? ceType.slice('onstage.'.length) : ceType;
  const trimmed = value.trim();
  // {"id":..,"type":.., then the data's fields}, as notification-service sends it; the data is not re-encoded.
  const body = Buffer.from(`{"id":${JSON.stringify(id)},"type":${JSON.stringify(type)},${trimmed.slice(1)}`);
  const list = channels(type, data);
  counts.events++;
  queued++;
  tail = tail.then(() => publish(id, type, list, body)).finally(() => queued--);
}

// ---- Status -------------------------------------------------------------------------------------------------------

function nchanAnswers() {
  return new Promise(resolve => {
    http.get({ agent, host: NCHAN.hostname, port: NCHAN.port || 80, path: '/nchan_status' }, res => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://bridge');
  if (url.pathname === '/ready') {
    const ready = joined && await nchanAnswers();
    res.writeHead(ready ? 200 : 503, { 'Content-Type': 'text/plain' });
    return res.end(ready ? 'ready\n' : 'not ready\n');
  }
  if (url.pathname === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ ...counts, queued, pid: process.pid, rss: process.memoryUsage().rss }));
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
});

// ---- Kafka --------------------------------------------------------------------------------------------------------

const kafka = new Kafka({ clientId: 'onstage-fanout-nchan-bridge', brokers: BROKERS, logLevel: logLevel.WARN });
const consumer = kafka.consumer({ groupId: `onstage-fanout-nchan-bridge-${crypto.randomUUID()}`, maxWaitTimeInMs: 500 });
consumer.on(consumer.events.GROUP_JOIN, () => {
  joined = true;
});

async function main() {
  await new Promise(resolve => server.listen(PORT, '127.0.0.1', resolve));
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const header = name => (message.headers[name] === undefined ? undefined : message.headers[name].toString());
      const id = header('ce_id');
      const type = header('ce_type');
      if (!id || !type || !message.value) {
        counts.skipped++;
        return; // not a CloudEvent of the contract
      }
      try {
        onEvent(id, type, message.value.toString());
      } catch (e) {
        counts.skipped++;
        console.warn(`Skipping unreadable talk event ${id}: ${e.message}`);
      }
    },
  });
  console.log(`bridge on ${PORT}: ${TOPIC} from ${BROKERS.join(',')} to nchan at ${NCHAN.origin}`);
}

async function stop() {
  joined = false;
  server.close();
  try {
    await Promise.race([tail, new Promise(r => setTimeout(r, 2000))]);
    await consumer.disconnect();
  } finally {
    process.exit(0);
  }
}
if (require.main === module) {
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  main().catch(e => {
    console.error('bridge failed to start:', e);
    process.exit(1);
  });
}

module.exports = { channelPart, channels };
