import { connect, Socket } from 'node:net';
import { sleep, useApp } from './support/ledger';

const WRITER = 'writer-token-0123456789abcdef';
/** Generous: REQUEST_TIMEOUT is 1 s here, checked every second. */
const BOUND_MS = 8_000;

interface Opened {
  socket: Socket;
  /** What the server sent, until it closed the connection. */
  received: () => string;
  /** Resolves when the server closes the connection, with how long after opening it did; rejects past BOUND_MS. */
  closed: Promise<number>;
}

function open(url: string, head: string): Opened {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = Date.now();
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  socket.write(head);
  const closed = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${BOUND_MS} ms; received ${JSON.stringify(text)}`));
    }, BOUND_MS);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
  return { socket, received: () => text, closed };
}

const post = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

describe('timeouts: no client holds a connection by sending too slowly (once held indefinitely)', () => {
  const app = useApp({ REQUEST_TIMEOUT: '1' });

  it('a body that never comes: 408, then closed', async () => {
    const c = open(app.h.url, post('/v1/events', 100));
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a body that trickles in, a byte at a time: closed', async () => {
    const c = open(app.h.url, post('/v1/events', 1000));
    const drip = setInterval(() => c.socket.write(' '), 100);
    try {
      await c.closed;
    } finally {
      clearInterval(drip);
    }
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never end: closed', async () => {
    const c = open(app.h.url, 'GET /v1/event-types HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => c.socket.write('X-Slow: 1\r\n'), 100);
    try {
      await c.closed;
    } finally {
      clearInterval(drip);
    }
    expect(c.received()).not.toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('authentication before the body is read', () => {
  const app = useApp({ API_TOKENS: `writer:${WRITER}` });

  it('a 16 MiB batch without a valid token is refused before a byte of it is sent (once parsed first)', async () => {
    for (const auth of ['', 'Authorization: Bearer not-a-valid-token-at-all\r\n']) {
      const c = open(app.h.url, post('/v1/events/batch', 16 * 1024 * 1024, auth));
      for (const deadline = Date.now() + BOUND_MS; !c.received() && Date.now() < deadline;) await sleep(20);
      expect(c.received()).toMatch(/^HTTP\/1\.1 401/);
      c.socket.destroy();
    }
  });
});
