import net from 'node:net';

export type HttpReply = { status: number; body: string };

type Connection = {
  socket: net.Socket;
  chunks: Buffer[];
  reply?: { resolve: (reply: HttpReply) => void; reject: (error: Error) => void };
};

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The load generator's HTTP/1.1 client: at most `maxConnections` kept-alive sockets with one
 * request in flight on each, every request written as one pre-encoded buffer and every answer
 * read by its Content-Length, as wrk and autocannon do. node:http's client spends about 0.15 ms
 * of this process per call (ClientRequest, header objects, an IncomingMessage stream), measured
 * against a server that answers a fixed body; the benchmark would count that as the server's.
 */
export class KeepAliveClient {
  readonly #host: string;
  readonly #port: number;
  readonly #maxConnections: number;
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  readonly #queue: { request: Buffer; reply: NonNullable<Connection['reply']> }[] = [];

  constructor(url: URL, maxConnections: number) {
    this.#host = url.hostname;
    this.#port = Number(url.port);
    this.#maxConnections = maxConnections;
  }

  /** A POST of `body` to `path`; rejects when the connection fails or the answer has no length. */
  post(path: string, headers: Record<string, string>, body: string): Promise<HttpReply> {
    const lines = [`POST ${path} HTTP/1.1`, `Host: ${this.#host}:${this.#port}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
    const request = Buffer.from(lines.join('\r\n'));
    return new Promise((resolve, reject) => {
      const connection = this.#idle.pop() ?? this.#connect();
      if (connection) this.#send(connection, request, { resolve, reject });
      else this.#queue.push({ request, reply: { resolve, reject } });
    });
  }

  close(): void {
    for (const connection of this.#all) connection.socket.destroy();
  }

  #connect(): Connection | undefined {
    if (this.#all.size >= this.#maxConnections) return undefined;
    const socket = net.connect(this.#port, this.#host);
    socket.setNoDelay(true);
    const connection: Connection = { socket, chunks: [] };
    this.#all.add(connection);
    socket.on('data', (chunk: Buffer) => this.#receive(connection, chunk));
    socket.on('error', (error) => this.#fail(connection, error));
    socket.on('close', () => this.#fail(connection, new Error('connection closed by the server')));
    return connection;
  }

  #send(connection: Connection, request: Buffer, reply: NonNullable<Connection['reply']>): void {
    connection.reply = reply;
    connection.socket.write(request);
  }

  #receive(connection: Connection, chunk: Buffer): void {
    connection.chunks.push(chunk);
    const data = connection.chunks.length === 1 ? chunk : Buffer.concat(connection.chunks);
    const headerEnd = data.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = data.subarray(0, headerEnd).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
    if (length === undefined) {
      connection.socket.destroy();
      this.#fail(connection, new Error(`answer without Content-Length: ${head.slice(0, 200)}`));
      return;
    }
    const bodyEnd = headerEnd + HEADER_END.length + Number(length);
    if (data.length < bodyEnd) {
      connection.chunks = [data];
      return;
    }
    connection.chunks = [];
    const reply = connection.reply;
    connection.reply = undefined;
    const next = this.#queue.shift();
    if (next) this.#send(connection, next.request, next.reply);
    else this.#idle.push(connection);
    reply?.resolve({
      status: Number(head.slice(9, 12)),
      body: data.subarray(headerEnd + HEADER_END.length, bodyEnd).toString('utf8'),
    });
  }

  #fail(connection: Connection, error: Error): void {
    this.#all.delete(connection);
    const index = this.#idle.indexOf(connection);
    if (index >= 0) this.#idle.splice(index, 1);
    connection.reply?.reject(error);
    connection.reply = undefined;
    const next = this.#queue.shift();
    if (next) {
      const replacement = this.#connect();
      if (replacement) this.#send(replacement, next.request, next.reply);
      else this.#queue.unshift(next);
    }
  }
}
