// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The room's own chat page. Members' text only ever reaches the page as textContent: never markup.

import { PasswordNeeded, connect, labels, ladder } from './transports.js';

const element = (id) => document.getElementById(id);
const log = element('log');
const memberList = element('members');
const nickField = element('nick');
const textField = element('text');
const picker = element('transport');
const privateNote = element('private');

const nickKey = 'duplex.nick';
const passwordKey = 'duplex.password'; // this tab's, for rejoining: sessionStorage, gone with the tab
const pageTitle = document.title;
const backoffFloorMs = 500;
const backoffCeilingMs = 20000;
const maxLogLines = 1000;
const pieceBytes = 64 * 1024; // a file goes in pieces well within every message limit
const maxBufferedBytes = 1024 * 1024; // read from the file while no more than this waits in the socket
const fileErrors = new Set(['invalid-file', 'file-too-large', 'files-off', 'file-needs-websocket',
  'upload-in-progress', 'files-busy', 'invalid-recipient']);

let transport = null;
let kept = null; // the transport that worked, tried first when reconnecting
let failures = 0; // connection attempts in a row that found no transport
let me = '';
const members = new Map(); // nick → transport, in order of arrival
const shown = new Set(); // ids of the messages on the page: each is shown once, whatever a resume replays
let lastId = 0;
let greeted = false; // by a first hello
let unread = 0;
let privateTo = ''; // whom the composer writes to alone; '' for everyone
let password = takePasswordFromLink() ?? sessionStorage.getItem(passwordKey) ?? '';
const filesToShare = []; // chosen and not offered yet, oldest first: the room takes one file at a time
let sharing = null; // { file, progress, cancel, sending, cancelled }: offered, or on its way to the room

// A step of the ladder waits 5 s, or four round trips when the network is slower than that.
function stepTimeoutMs() {
  const [navigation] = performance.getEntriesByType('navigation');
  const roundTrip = navigation ? navigation.responseStart - navigation.requestStart : 0;
  return Math.max(5000, 4 * roundTrip);
}

function setConnection(state, text) {
  const status = element('connection');
  status.dataset.state = state;
  status.textContent = text;
  document.body.dataset.transport = state === 'open' ? transport.name : '';
  textField.disabled = element('send').disabled = state !== 'open';
  element('attach').disabled = state !== 'open' || transport.name !== 'ws';
  sayWhoGetsFiles();
}

// The file button's title says who a file chosen now goes to, or why none can go.
function sayWhoGetsFiles() {
  const attach = element('attach');
  if (transport && transport.name !== 'ws')
    attach.title = 'A file\'s bytes need WebSocket; this page is connected over another transport';
  else
    attach.title = privateTo ? `Share a file with ${privateTo} only` : 'Share a file with everyone';
}

function explain(text) {
  const why = element('why');
  why.textContent = text;
  why.hidden = !text;
}

function atBottom() {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 8;
}

// Appends one line; follows the conversation only when the reader was already at its end.
function addLine(className, ...parts) {
  const following = atBottom();
  const line = document.createElement('li');
  line.className = className;
  for (const [partClass, text] of parts) {
    const span = document.createElement('span');
    span.className = partClass;
    span.textContent = text;
    line.append(span);
  }
  log.append(line);
  while (log.childElementCount > maxLogLines)
    log.firstElementChild.remove();
  if (following)
    log.scrollTop = log.scrollHeight;
  return line;
}

function clock(time) {
  const date = time ? new Date(time) : new Date();
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function notice(text, time) {
  return addLine('notice', ['time', clock(time)], ['text', text]);
}

// In binary units, as the desktop app says them: 46.9 KiB.
function sizeText(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let unit = 0;
  while (bytes >= 1024 && unit < units.length - 1) {
    bytes /= 1024;
    unit += 1;
  }
  return `${unit ? bytes.toFixed(bytes < 10 ? 2 : 1) : bytes} ${units[unit]}`;
}

// A button that looks like a link, for an action beside text.
function linkButton(text, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = text;
  button.addEventListener('click', onClick);
  return button;
}

// A shared file in a message: a link that downloads it (the page's way of accepting it), and for a picture a
// button that shows it here.
function appendFile(line, file) {
  const link = document.createElement('a');
  link.className = 'file';
  link.href = file.url;
  link.download = file.name;
  link.textContent = file.name;
  const size = document.createElement('span');
  size.className = 'aside';
  size.textContent = ` ${sizeText(file.size)}`;
  line.append(link, size);
  if (!file.mime.startsWith('image/'))
    return;
  const show = linkButton('show', () => {
    const picture = document.createElement('img');
    picture.className = 'picture';
    picture.src = file.url;
    picture.alt = file.name;
    show.replaceWith(picture);
  });
  line.append(show);
}

// news: false for what was said before this page first came (its first hello's history), which is not unread.
function showMessage(message, news = true) {
  if (shown.has(message.id))
    return;
  shown.add(message.id);
  lastId = Math.max(lastId, message.id);
  const parts = [['time', clock(message.time)], ['from', message.from]];
  if (message.to)
    parts.push(['to', `→ ${message.to}`], ['aside', '(private)']);
  const line = addLine('message', ...parts, ...(message.file ? [] : [['text', message.text]]));
  if (message.file)
    appendFile(line, message.file);
  line.classList.toggle('mine', message.from === me);
  line.classList.toggle('private', Boolean(message.to));
  if (news && document.hidden && message.from !== me) {
    unread += 1;
    document.title = `(${unread}) ${pageTitle}`;
  }
}

let renderQueued = false;

// Presence can change hundreds of times a second when a crowd arrives: the list is drawn once a frame.
function renderMembers() {
  if (renderQueued)
    return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    const items = [];
    for (const [nick, via] of members) {
      const item = document.createElement('li');
      item.classList.toggle('me', nick === me);
      // Others are buttons: choosing one writes to them privately.
      const name = document.createElement(nick === me ? 'span' : 'button');
      name.className = 'nick';
      name.textContent = nick;
      if (nick !== me) {
        name.type = 'button';
        name.title = `Write privately to ${nick}`;
      }
      const badge = document.createElement('span');
      badge.className = 'via';
      badge.textContent = via;
      item.append(name, badge);
      items.push(item);
    }
    memberList.replaceChildren(...items);
    element('count').textContent = members.size;
  });
}

function setMembers(list) {
  members.clear();
  for (const member of list)
    members.set(member.nick, member.transport);
  renderMembers();
}

// The composer writes to nick alone from now on, or to everyone again when nick is ''.
function writePrivatelyTo(nick) {
  privateTo = nick === me ? '' : nick;
  element('private-to').textContent = privateTo;
  privateNote.hidden = !privateTo;
  textField.placeholder = privateTo ? `Write to ${privateTo} only (Enter sends)` : 'Say something (Enter sends)';
  sayWhoGetsFiles();
  if (privateTo)
    textField.focus();
}

function setMe(nick) {
  me = nick;
  if (document.activeElement !== nickField)
    nickField.value = nick;
}

// The first few nicknames of members who came or went at once.
function someNames(list) {
  return list.slice(0, 5).map((member) => member.nick).join(', ') + (list.length > 5 ? ', …' : '');
}

const handlers = {
  hello(hello) {
    setMe(hello.you);
    setMembers(hello.members);
    for (const message of hello.history)
      showMessage(message, greeted); // a reconnection's hello holds what was missed
    greeted = true;
    claimNick();
  },
  message(message) {
    showMessage(message);
    if (message.file && message.from === me && sharing?.file.name === message.file.name)
      sharingDone();
  },
  upload() {
    if (sharing?.cancelled) {
      say({ type: 'cancel-upload' });
      nextFile();
    } else if (sharing && !sharing.sending) {
      sendPieces(sharing);
    }
  },
  join(join) {
    members.set(join.nick, join.transport);
    renderMembers();
    notice(`${join.nick} joined over ${join.transport}`, join.time);
  },
  // Several who joined at once, in one message: those this page does not know yet get one notice.
  joins(joins) {
    const fresh = joins.members.filter((member) => !members.has(member.nick));
    for (const member of joins.members)
      members.set(member.nick, member.transport);
    renderMembers();
    if (fresh.length === 1)
      notice(`${fresh[0].nick} joined over ${fresh[0].transport}`, joins.time);
    else if (fresh.length > 1)
      notice(`${fresh.length} joined: ${someNames(fresh)}`, joins.time);
  },
  leave(leave) {
    handlers.leaves({ members: [leave], time: leave.time });
  },
  // Several who left at once, in one message: those this page knew get one notice (one gone before this page's
  // hello was never on its list).
  leaves(leaves) {
    const gone = leaves.members.filter((member) => members.delete(member.nick));
    if (gone.length === 0)
      return;
    renderMembers();
    const reasons = [...new Set(gone.map((member) => member.reason))];
    const why = reasons.length > 3 ? `${reasons.slice(0, 3).join('; ')}; …` : reasons.join('; ');
    notice(gone.length === 1 ? `${gone[0].nick} left (${why})` : `${gone.length} left: ${someNames(gone)} (${why})`,
      leaves.time);
  },
  nick(change) {
    const renamed = new Map();
    for (const [nick, via] of members)
      renamed.set(nick === change.from ? change.nick : nick, via);
    setMembers([...renamed].map(([nick, via]) => ({ nick, transport: via })));
    if (change.from === me) {
      setMe(change.nick);
      localStorage.setItem(nickKey, change.nick);
    }
    if (change.from === privateTo)
      writePrivatelyTo(change.nick); // still the same person
    notice(`${change.from} is now ${change.nick}`);
  },
  users(users) {
    setMembers(users.members);
  },
  history(history) {
    for (const message of history.messages)
      showMessage(message);
  },
  error(error) {
    if (sharing && !sharing.sending && fileErrors.has(error.code)) {
      if (sharing.cancelled)
        return nextFile(); // the person gave it up: its line says so, and why the room would not take it is moot
      sharingDone();
    }
    notice(`Not accepted: ${error.message}`);
    if (error.code === 'invalid-nick' || error.code === 'nick-taken')
      nickField.value = me; // a refused name does not stay in the field
  },
  reset(reset) {
    notice(`Some messages could not be replayed: ${reset.reason}`);
  },
};

async function say(object) {
  try {
    await transport.send(object);
    return true;
  } catch (error) {
    notice(`Not sent: ${error.message}`);
    return false;
  }
}

// The next file chosen, offered to the room (to the member written to privately, if any).
function offerNextFile() {
  if (sharing || filesToShare.length === 0 || !transport)
    return; // the rest wait for the room (or for a connection again)
  const file = filesToShare.shift();
  if (file.size === 0) {
    notice(`${file.name} is empty: there is nothing to share.`);
    return offerNextFile();
  }
  if (transport.name !== 'ws') {
    notice(`${file.name} was not shared: a file's bytes need WebSocket.`);
    return offerNextFile();
  }
  const offer = { type: 'file', name: file.name, size: file.size };
  if (file.type)
    offer.mime = file.type;
  if (privateTo)
    offer.to = privateTo;
  const upload = { file, progress: notice(`Offering ${file.name} (${sizeText(file.size)})…`), sending: false,
    cancelled: false };
  upload.cancel = linkButton('cancel', () => cancelSharing(upload));
  upload.progress.append(upload.cancel);
  sharing = upload;
  say(offer);
}

// Gives up a file on its way. One being sent stops at its next piece; one only offered waits for the room's answer
// (an upload is then cancelled at once), so that the next offer cannot be taken for it.
function cancelSharing(upload) {
  upload.cancelled = true;
  upload.cancel.remove();
  upload.progress.querySelector('.text').textContent = `${upload.file.name} was not shared: you cancelled it.`;
}

function nextFile() {
  sharing = null;
  offerNextFile();
}

function sharingDone() {
  sharing.progress.remove();
  nextFile();
}

// The room said upload: the file goes in pieces, read while little waits in the socket, its progress shown.
async function sendPieces(upload) {
  const sender = transport;
  const { file, progress } = upload;
  const shown = progress.querySelector('.text');
  upload.sending = true;
  for (let at = 0; at < file.size || sender.buffered() > 0;) {
    if (at < file.size && sender.buffered() <= maxBufferedBytes) {
      sender.sendBytes(file.slice(at, at + pieceBytes));
      at = Math.min(file.size, at + pieceBytes);
      if (at === file.size) // all of it is on its way: the room shares it
        upload.cancel.remove();
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (transport !== sender) {
      if (!upload.cancelled)
        shown.textContent = `${file.name} was not shared: the connection ended while it was sent.`;
      upload.cancel.remove();
      if (sharing === upload)
        sharing = null;
      return offerNextFile();
    }
    if (upload.cancelled) {
      say({ type: 'cancel-upload' });
      return nextFile();
    }
    shown.textContent = `Sending ${file.name}: ${Math.floor(100 * (at - sender.buffered()) / file.size)} %`;
  }
}

// Every hello names a new member a guest: it asks for the name this browser remembers (once it can speak).
function claimNick() {
  const wanted = localStorage.getItem(nickKey);
  if (transport && wanted && wanted !== me)
    say({ type: 'nick', nick: wanted });
}

function forcedTransport() {
  const asked = new URLSearchParams(location.search).get('transport');
  return ladder.includes(asked) ? asked : 'auto';
}

let retryTimer = 0;

// Full jitter: a crowd of pages that lost the same server comes back spread out, not all at once.
function retryLater() {
  const ceiling = Math.min(backoffCeilingMs, backoffFloorMs * 2 ** failures);
  const delay = Math.max(backoffFloorMs, Math.random() * ceiling);
  failures += 1;
  setConnection('waiting', `Reconnecting in ${(delay / 1000).toFixed(1)} s…`);
  retryTimer = setTimeout(join, delay);
}

function onLost(sentence, { final }) {
  transport = null;
  notice(sentence);
  if (sharing && !sharing.sending) { // one being sent finds out itself
    if (!sharing.cancelled)
      sharing.progress.querySelector('.text').textContent = `${sharing.file.name} was not shared: the connection ended.`;
    sharing.cancel.remove();
    sharing = null;
  }
  if (final) {
    setConnection('closed', 'The room ended this session. Reload the page to join again.');
    return;
  }
  retryLater();
}

// The room's link may carry its password after '#' (#password=…), which never reaches a server; it leaves the
// address bar at once, so that it is neither shown nor shared with the page's address.
function takePasswordFromLink() {
  const given = new URLSearchParams(location.hash.slice(1)).get('password');
  if (given === null)
    return null;
  history.replaceState(null, '', location.pathname + location.search);
  sessionStorage.setItem(passwordKey, given);
  return given;
}

function askForPassword(wrong) {
  setConnection('closed', 'This room asks for a password');
  element('password-why').textContent = wrong ? 'That is not this room\'s password. Try again:'
    : 'This room asks for a password:';
  element('password-form').hidden = false;
  element('password').select();
  element('password').focus();
}

element('password-form').addEventListener('submit', (event) => {
  event.preventDefault();
  password = element('password').value;
  sessionStorage.setItem(passwordKey, password);
  element('password-form').hidden = true;
  join();
});

async function join() {
  clearTimeout(retryTimer);
  const forced = forcedTransport();
  const order = forced !== 'auto' ? [forced] : kept ? [kept, ...ladder.filter((name) => name !== kept)] : ladder;
  setConnection('connecting', `Connecting over ${labels[order[0]]}…`);
  const onObject = (object) => handlers[object.type]?.(object);
  try {
    const connected = await connect(order, lastId, { onObject, onLost, password }, stepTimeoutMs());
    transport = connected.transport;
    kept = transport.name;
    failures = 0;
    setConnection('open', `Connected over ${labels[transport.name]}`);
    notice(`You joined as ${me} over ${labels[transport.name]}.`);
    claimNick();
    explain(connected.reasons.length ? `Fell back to ${labels[transport.name]}: ${connected.reasons.join('; ')}.` : '');
    offerNextFile(); // those chosen while the page was away
  } catch (error) {
    if (error instanceof PasswordNeeded)
      return askForPassword(error.wrong);
    explain(`No transport worked: ${error.message}.`);
    retryLater();
  }
}

element('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = textField.value;
  if (!text.trim() || !transport)
    return;
  if (privateTo && !members.has(privateTo)) {
    notice(`${privateTo} is not in the room now: nothing was sent, and your message stays in the box.`);
    return;
  }
  if (await say(privateTo ? { type: 'message', text, to: privateTo } : { type: 'message', text }))
    textField.value = '';
});

element('attach').addEventListener('click', () => element('file').click());
// Files chosen, dropped or pasted, offered in turn after those before them.
function shareFiles(files) {
  filesToShare.push(...files);
  offerNextFile();
}

element('file').addEventListener('change', (event) => {
  shareFiles(event.target.files);
  event.target.value = ''; // the same file may be chosen again
});
// Files dropped anywhere on the page are shared as chosen ones are. Always taken: a browser would otherwise open a
// dropped file in place of the room.
document.addEventListener('dragover', (event) => {
  if (event.dataTransfer.types.includes('Files')) {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }
});
document.addEventListener('drop', (event) => {
  if (!event.dataTransfer.types.includes('Files'))
    return;
  event.preventDefault();
  shareFiles(event.dataTransfer.files);
});

// Files or a picture (a screenshot) pasted into the message box are shared as chosen ones are; text pastes as text.
textField.addEventListener('paste', (event) => {
  const files = [...event.clipboardData.files];
  if (files.length === 0)
    return;
  event.preventDefault();
  shareFiles(files);
});

memberList.addEventListener('click', (event) => {
  const chosen = event.target.closest('button.nick');
  if (chosen)
    writePrivatelyTo(chosen.textContent);
});
element('to-everyone').addEventListener('click', () => writePrivatelyTo(''));
textField.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && privateTo)
    writePrivatelyTo('');
});

element('nick-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const nick = nickField.value.trim();
  if (nick && nick !== me && transport)
    say({ type: 'nick', nick });
  nickField.blur();
});
nickField.addEventListener('blur', () => {
  nickField.value = me;
});

picker.value = forcedTransport();
picker.addEventListener('change', () => {
  const url = new URL(location.href);
  if (picker.value === 'auto')
    url.searchParams.delete('transport');
  else
    url.searchParams.set('transport', picker.value);
  history.replaceState(null, '', url);
  transport?.close();
  transport = null;
  kept = null;
  failures = 0;
  join();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    unread = 0;
    document.title = pageTitle;
  }
});

join();
