/** Test clients: real `ws` sockets that record every message, and bounded waits (no test can hang). */
import WebSocket from 'ws';
import type { OutputRow } from '../../src/executor/api.js';

export type Msg = Record<string, any>;

export class Client {
  readonly messages: Msg[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Msg);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', () => {});
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Resolves once `cond()` holds; rejects after `timeoutMs` with `what` in the message. */
  async until(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** First message (from `after`) matching `pred`. */
  async waitFor(pred: (m: Msg) => boolean, what = 'a message', timeoutMs = 3000, after = 0): Promise<Msg> {
    let found: Msg | undefined;
    await this.until(() => (found = this.messages.slice(after).find(pred)) !== undefined, what, timeoutMs);
    return found!;
  }

  /** Sends a request with an id and waits for the reply that echoes it. */
  async request(msg: Msg, timeoutMs = 3000): Promise<Msg> {
    const id = `r${Math.random().toString(36).slice(2)}`;
    this.send({ ...msg, id });
    return this.waitFor((m) => m['id'] === id, `reply to ${msg['type']}`, timeoutMs);
  }

  rows(view: string): OutputRow[] {
    return this.messages.filter((m) => m['type'] === 'rows' && m['view'] === view).flatMap((m) => m['rows'] as OutputRow[]);
  }

  async closed(timeoutMs = 3000): Promise<number> {
    await this.until(() => this.closeCode !== null, 'close', timeoutMs);
    return this.closeCode!;
  }

  close(): void {
    this.ws.close();
  }
}

export function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const c = new Client(ws);
    ws.once('open', () => resolve(c));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Status code of a refused upgrade (resolves 101 if it was accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (e) => reject(e)); // persistent: terminate() during the handshake emits one more
  });
}

export function expectContiguous(rows: readonly OutputRow[], first: number, last: number): void {
  const seqs = rows.map((r) => r.seq);
  const want = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  if (JSON.stringify(seqs) !== JSON.stringify(want)) throw new Error(`seqs ${JSON.stringify(seqs.slice(0, 50))}… expected ${first}..${last}`);
}
