import { createServer, IncomingMessage, Server } from 'node:http';

export interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, any>;
  at: number;
}

/** A webhook receiver on 127.0.0.1 that answers with the status the test sets. */
export class Receiver {
  readonly requests: Received[] = [];
  status = 200;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ headers: req.headers, raw, body: JSON.parse(raw), at: Date.now() });
        res.statusCode = this.status;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hooks/rujuk`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
