// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The room's four transports behind one shape, and the ladder that picks the first one that works, the way
// Socket.IO, SockJS and Centrifugo's clients fall back. Each transport:
//   open(lastId) resolves once the room's hello arrived, or rejects with why not, worded to follow the transport's
//     name ("refused: 404 …", "got no answer in 5 s");
//   send(object) says something (resolves when the room took it);
//   close() ends it without a word to the page.
// WebSocket alone carries a file's bytes: sendBytes(blob), and buffered(), the bytes it has not sent yet.
// It hands every object the room sends to onObject, and calls onLost(sentence, {final}) once when a working
// connection ends; final means the room ended this member (kicked): reconnecting would defy the host.

export const ladder = ['ws', 'sse', 'long-poll', 'poll'];

export const labels = { ws: 'WebSocket', sse: 'SSE + POST', 'long-poll': 'long-polling', poll: 'polling' };

const shortPollIntervalMs = 2000;
const roomEvents = [
  'hello', 'message', 'join', 'joins', 'leave', 'leaves', 'nick', 'users', 'history', 'error', 'reset',
];

// The room asks for a password (401): trying other transports would not help. wrong: the page gave one.
export class PasswordNeeded extends Error {
  constructor(sentence, wrong) {
    super(sentence);
    this.wrong = wrong;
  }
}

// A room's URL on this page's server, with the password when there is one: given on every request that joins.
function roomUrl(path, password) {
  const url = new URL(path, location.href);
  if (password)
    url.searchParams.set('password', password);
  return url;
}

// Why a transport's endpoint refused us, as an Error, asked in plain HTTP, since a failed WebSocket or EventSource
// does not tell the page the status it got. Null when the endpoint is there and said nothing against us.
async function refusal(path, password) {
  let answer;
  try {
    answer = await fetch(roomUrl(path, password), { method: 'OPTIONS', cache: 'no-store' });
  } catch {
    return new Error('cannot reach the server');
  }
  // The server's sentence loses its full stop: the page joins the reasons into one sentence.
  const sentence = async () => (await answer.text()).trim().replace(/\.$/, '');
  if (answer.status === 401)
    return new PasswordNeeded(await sentence(), Boolean(password));
  // 426 (WebSocket wants an upgrade) and 204 (a preflight's yes) mean the endpoint is offered.
  if (answer.status >= 400 && answer.status !== 426)
    return new Error(`refused: ${answer.status} ${await sentence()}`);
  return null;
}

async function errorSentence(answer) {
  try {
    const error = await answer.json();
    return error.message || answer.statusText;
  } catch {
    return answer.statusText;
  }
}

class Transport {
  constructor(name, { onObject, onLost, password }) {
    this.name = name;
    this.onObject = onObject;
    this.onLost = onLost;
    this.password = password;
    this.closed = false;
  }

  // Once closed (given up by the ladder, or replaced), a transport tells the page nothing more.
  emit(object) {
    if (!this.closed)
      this.onObject(object);
  }

  lose(sentence, final = false) {
    if (this.closed)
      return;
    this.closed = true;
    this.onLost(sentence, { final });
  }
}

class WebSocketTransport extends Transport {
  open(lastId) {
    const url = roomUrl('/chat', this.password);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (lastId)
      url.searchParams.set('lastEventId', lastId);
    return new Promise((resolve, reject) => {
      let joined = false;
      this.socket = new WebSocket(url);
      this.socket.onmessage = (event) => {
        let object;
        try {
          object = JSON.parse(event.data);
        } catch {
          return; // the room sends JSON only; anything else is not for this page
        }
        if (object.type === 'hello' && !joined) {
          joined = true;
          resolve();
        }
        this.emit(object);
      };
      this.socket.onclose = async (event) => {
        if (!joined)
          return reject((await refusal('/chat', this.password))
            || new Error(`closed before the room answered (${event.code})`));
        const why = event.reason ? `${event.code} ${event.reason}` : `${event.code}`;
        this.lose(`WebSocket closed: ${why}`, event.code === 1008);
      };
    });
  }

  async send(object) {
    this.socket.send(JSON.stringify(object));
  }

  sendBytes(blob) {
    this.socket.send(blob);
  }

  buffered() {
    return this.socket.bufferedAmount;
  }

  close() {
    this.closed = true;
    this.socket?.close(1000, 'page left');
  }
}

// A session's HTTP member speaks with POST /chat/send, proving itself with the hello's token (not the cookie,
// which the page's other tabs share).
class HttpTransport extends Transport {
  authorization() {
    return { Authorization: `Bearer ${this.session}` };
  }

  // Whether the room ended this session for good (kicked, flooding: 410), asked when its connection ended.
  async endedByTheRoom() {
    try {
      const answer = await fetch('/chat/poll?wait=0', { headers: this.authorization(), cache: 'no-store' });
      return answer.status === 410;
    } catch {
      return false; // the server is gone: it may come back
    }
  }

  async send(object) {
    const answer = await fetch('/chat/send', {
      method: 'POST',
      headers: { ...this.authorization(), 'Content-Type': 'application/json' },
      body: JSON.stringify(object),
    });
    if (answer.status === 200 || answer.status === 400 || answer.status === 413 || answer.status === 429)
      this.emit(await answer.json()); // an answer (users, history) or a refusal the page shows
    else if (!answer.ok)
      throw new Error(await errorSentence(answer));
  }
}

class SseTransport extends HttpTransport {
  open(lastId) {
    const url = roomUrl('/chat/events', this.password);
    if (lastId)
      url.searchParams.set('lastEventId', lastId);
    return new Promise((resolve, reject) => {
      let joined = false;
      this.source = new EventSource(url);
      for (const type of roomEvents) {
        this.source.addEventListener(type, (event) => {
          if (!(event instanceof MessageEvent))
            return; // EventSource's own error event, which the room's 'error' shares a name with
          const object = JSON.parse(event.data);
          // EventSource reconnects by itself and resumes with Last-Event-ID: each new stream is a new member.
          if (object.type === 'hello') {
            this.session = object.session;
            if (!joined) {
              joined = true;
              resolve();
            }
          }
          this.emit(object);
        });
      }
      this.source.onerror = async () => {
        if (this.source.readyState !== EventSource.CLOSED)
          return; // EventSource is reconnecting by itself, as the stream's retry: says
        if (!joined)
          return reject((await refusal('/chat/events', this.password)) || new Error('did not open its stream'));
        // The stream's end does not say why; a kicked member must not come back by itself.
        this.lose('the event stream ended', await this.endedByTheRoom());
      };
    });
  }

  close() {
    this.closed = true;
    this.source?.close();
  }
}

// Long-polling holds each poll until there is news; short polling asks every shortPollIntervalMs.
class PollTransport extends HttpTransport {
  async open(lastId) {
    this.stop = new AbortController();
    const url = roomUrl('/chat/join', this.password);
    url.searchParams.set('transport', this.name);
    const answer = await fetch(url, { method: 'POST', signal: this.stop.signal });
    if (answer.status === 401)
      throw new PasswordNeeded(await answer.text(), Boolean(this.password));
    if (!answer.ok)
      throw new Error(`refused: ${answer.status} ${await errorSentence(answer)}`);
    const hello = await answer.json();
    this.session = hello.session;
    // Resuming, the first poll asks from the last message the page saw: the room replays what came since.
    this.since = lastId && lastId < hello.lastId ? lastId : hello.lastId;
    this.emit(hello);
    this.pollLoop();
  }

  async pollLoop() {
    const shortPoll = this.name === 'poll';
    while (!this.closed) {
      let answer;
      try {
        answer = await fetch(`/chat/poll?since=${this.since}${shortPoll ? '&wait=0' : ''}`,
          { headers: this.authorization(), signal: this.stop.signal, cache: 'no-store' });
      } catch {
        return this.lose('the poll got no answer');
      }
      if (!answer.ok) {
        const sentence = await errorSentence(answer);
        return this.lose(`poll refused: ${answer.status} ${sentence}`, answer.status === 410);
      }
      for (const object of await answer.json()) {
        if (object.id)
          this.since = Math.max(this.since, object.id);
        this.emit(object);
      }
      if (shortPoll)
        await new Promise((resolve) => setTimeout(resolve, shortPollIntervalMs));
    }
  }

  close() {
    this.closed = true;
    this.stop?.abort();
  }
}

function create(name, options) {
  switch (name) {
  case 'ws': return new WebSocketTransport(name, options);
  case 'sse': return new SseTransport(name, options);
  default: return new PollTransport(name, options);
  }
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`got no answer in ${Math.round(ms / 100) / 10} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Tries each transport of order in turn, each for at most timeoutMs, with options { onObject, onLost, password }.
// Resolves with the first that works and why the ones before it did not; rejects with all the reasons when none
// did, or with PasswordNeeded at once.
export async function connect(order, lastId, options, timeoutMs) {
  const reasons = [];
  for (const name of order) {
    const transport = create(name, options);
    try {
      await withTimeout(transport.open(lastId), timeoutMs);
      return { transport, reasons };
    } catch (error) {
      transport.close();
      if (error instanceof PasswordNeeded)
        throw error;
      reasons.push(`${labels[name]} ${error.message}`);
    }
  }
  throw new Error(reasons.join('; '));
}
