import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { percentile } from './section.js';

/** One request of an open-loop run. */
export interface OpenLoopRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface OpenLoopOptions {
  url: string;
  /** Requests per second, evenly spaced: request i is due at start + i / rate. */
  rate: number;
  durationS: number;
  /** Sockets kept open at most; a request due while all are busy waits for one, and that wait counts. */
  connections: number;
  /** Called for every request before the run starts, so the run itself only writes bytes. */
  build: () => OpenLoopRequest;
}

export interface OpenLoopResult {
  /** Answers per second over the run, from the first request due to the last answer. */
  rate: number;
  non2xx: number;
  errors: number;
  /** Milliseconds from the instant each request was due to the last byte of its answer. */
  latency: { p50: number; p90: number; p99: number; max: number };
}

/** No answer after this long counts as an error, so a run always ends. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A fixed-rate load that does not wait for the server (open loop, as Zendesk sends webhooks): every request is
 * due at its own instant and its latency is measured from that instant, so a stall of the server shows in every
 * request due during it (no coordinated omission), and the generator's own lateness counts against the server,
 * never for it. The requests are serialized before the run and written on plain keep-alive sockets, so the
 * generator's own work per request is one write and a scan of the answer's head: on two cores, what it burns is
 * taken from the server it measures. autocannon's `overallRate` is not used: it sends each second's share in a
 * burst at the start of the second, and corrects for coordinated omission with a 1 ms interval whatever the rate
 * (docs/DECISIONS.md, 56).
 */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const port = Number(target.port);
  const total = Math.round(options.rate * options.durationS);
  const interval = 1000 / options.rate;
  const requests = Array.from({ length: total }, () => serialize(target, options.build()));
  const latencies = new Float64Array(total);
  const idle: Connection[] = [];
  /** Every open connection, busy or idle. */
  const all = new Set<Connection>();
  const waiting: number[] = [];
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let start = 0;
  let lastEnd = 0;

  return new Promise((resolve) => {
    const settle = (index: number, status: number | null) => {
      lastEnd = performance.now();
      latencies[index] = lastEnd - (start + index * interval);
      if (status === null) errors += 1;
      else if (status < 200 || status > 299) non2xx += 1;
      settled += 1;
      if (settled < total) return;
      // Every socket, the one that carried the last answer included (it is released only after this).
      for (const connection of all) connection.socket.destroy();
      const at = (fraction: number) => round(percentile(latencies, fraction));
      resolve({
        rate: (total - errors) / ((lastEnd - start) / 1000),
        non2xx,
        errors,
        latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
      });
    };
    // A connection the server closed is no longer one to wait on.
    const closed = (connection: Connection) => {
      all.delete(connection);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
    };
    // A connection that finished an answer takes the next waiting request, or waits itself.
    const release = (connection: Connection) => {
      const next = waiting.shift();
      if (next === undefined) idle.push(connection);
      else connection.send(next);
    };
    const dispatch = (index: number) => {
      const connection = idle.pop();
      if (connection !== undefined) connection.send(index);
      else if (all.size < options.connections) {
        const connection = new Connection(target.hostname, port, requests, settle, release, closed);
        all.add(connection);
        connection.send(index);
      } else waiting.push(index);
    };
    start = performance.now();
    let next = 0;
    // Sends every request whose instant has come, then sleeps until the next one is due (timers' 1 ms grain).
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) dispatch(next++);
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
}

/** One keep-alive socket with at most one request in flight; a socket that fails fails its request and is dropped. */
class Connection {
  readonly socket: Socket;
  private current: number | null = null;
  private received: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    host: string,
    port: number,
    private readonly requests: Buffer[],
    private readonly settle: (index: number, status: number | null) => void,
    private readonly release: (connection: Connection) => void,
    private readonly closed: (connection: Connection) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.fail();
      this.closed(this);
    });
  }

  send(index: number): void {
    this.current = index;
    this.received = Buffer.alloc(0);
    this.timer = setTimeout(() => this.socket.destroy(), REQUEST_TIMEOUT_MS);
    this.socket.write(this.requests[index]!);
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const answer = parseAnswer(this.received);
    if (answer === null || this.current === null) return;
    const index = this.current;
    this.current = null;
    clearTimeout(this.timer!);
    this.settle(index, answer.status);
    if (answer.close) this.socket.destroy();
    else this.release(this);
  }

  private fail(): void {
    if (this.current === null) return;
    clearTimeout(this.timer!);
    const index = this.current;
    this.current = null;
    this.settle(index, null);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The status of a complete answer (head and Content-Length bytes of body), or null while bytes are missing. */
function parseAnswer(bytes: Buffer): { status: number; close: boolean } | null {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) return null;
  const head = bytes.toString('latin1', 0, headEnd);
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  // The servers measured here always send Content-Length; an answer without one ends with its connection.
  if (length === null) throw new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`);
  if (bytes.length < headEnd + HEAD_END.length + Number(length[1])) return null;
  return { status: Number(head.slice(9, 12)), close: /\r\nconnection:\s*close/i.test(head) };
}

function serialize(target: URL, request: OpenLoopRequest): Buffer {
  const headers = { host: target.host, ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return Buffer.from(`POST ${request.path} HTTP/1.1\r\n${lines.join('')}\r\n${request.body}`);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
