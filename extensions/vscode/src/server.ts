// The extension's side of pair's editor protocol (docs/ide-protocol.md): an HTTP server on
// 127.0.0.1 with a random port and a random bearer token. `POST /rpc` answers JSON-RPC 2.0
// requests; `GET /events` is a server-sent-events stream of JSON-RPC notifications. Everything the
// editor knows comes from a Backend, so this file runs (and is tested) under plain Node.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  DiffResult,
  EditorContext,
  FileDiagnostics,
  OpenDiffParams,
  PROTOCOL_VERSION,
  RpcError,
} from './protocol';

/** What the server asks the editor. Methods may throw RpcFailure for a specific error. */
export interface Backend {
  workspaceFolders(): string[];
  getContext(takeQueued: boolean): EditorContext | Promise<EditorContext>;
  getDiagnostics(path: string | undefined): FileDiagnostics[] | Promise<FileDiagnostics[]>;
  /** Resolves when the user decides; `signal` aborts when the client gives up (the diff must close). */
  openDiff(params: OpenDiffParams, signal: AbortSignal): Promise<DiffResult>;
  closeDiff(diffId: string): boolean | Promise<boolean>;
}

export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ServerOptions {
  ideName: string;
  ideVersion: string;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** Comment lines on /events at this interval, so a client can tell silence from a dead peer. */
  keepAliveMs?: number;
  /** Largest request body accepted (openDiff carries whole files). */
  maxBodyBytes?: number;
  /** Called whenever the number of connected pair sessions (open /events streams) changes. */
  onSessionsChanged?: (sessions: number) => void;
  log?: (line: string) => void;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class IdeServer {
  readonly token: string;
  private server: http.Server | undefined;
  private port_ = 0;
  private readonly streams = new Set<http.ServerResponse>();
  private readonly pending = new Set<AbortController>();
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly options: ServerOptions,
  ) {
    this.token = options.token ?? crypto.randomBytes(32).toString('hex');
  }

  get port(): number {
    return this.port_;
  }

  /** Open /events streams: one per connected pair session. */
  get sessions(): number {
    return this.streams.size;
  }

  /** Listens on 127.0.0.1 with a port the system picks; resolves to that port. */
  start(): Promise<number> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.headersTimeout = 10_000;
    server.requestTimeout = 0; // an openDiff answer may take as long as the user needs
    this.server = server;
    this.keepAlive = setInterval(() => {
      for (const s of this.streams) s.write(': ping\n\n');
    }, this.options.keepAliveMs ?? 15_000);
    this.keepAlive.unref();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        this.port_ = (server.address() as AddressInfo).port;
        resolve(this.port_);
      });
    });
  }

  /** Ends every stream, gives up pending diffs, and stops listening. */
  async stop(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    for (const c of this.pending) c.abort();
    for (const s of this.streams) s.end();
    this.streams.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends a notification to every connected session. */
  notify(method: string, params: Json | object): void {
    const data = JSON.stringify({ jsonrpc: '2.0', method, params });
    for (const s of this.streams) s.write(`data: ${data}\n\n`);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const refusal = this.refuse(req);
    if (refusal) {
      const [status, message] = refusal;
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
      if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
      res.writeHead(status, headers).end(JSON.stringify({ error: message }));
      req.resume();
      return;
    }
    const url = (req.url ?? '').split('?')[0];
    if (url === '/rpc' && req.method === 'POST')
      return void this.rpc(req, res).catch((e: Error) => {
        this.log(`request failed: ${e.message}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    if (url === '/events' && req.method === 'GET') return this.events(req, res);
    const known = url === '/rpc' || url === '/events';
    res.writeHead(known ? 405 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: known ? `${req.method} is not allowed on ${url}` : `no such endpoint: ${url}` }));
    req.resume();
  }

  /** [status, message] when the request must be refused before anything else. */
  private refuse(req: http.IncomingMessage): [number, string] | undefined {
    // A web page cannot reach us: browsers send Origin, and a rebound DNS name fails the Host check.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port_}` && host !== `localhost:${this.port_}`)
      return [403, `unexpected Host header: ${host}`];
    if (req.headers.origin !== undefined) return [403, 'requests from web pages are not accepted'];
    const auth = req.headers.authorization ?? '';
    const expected = Buffer.from(`Bearer ${this.token}`);
    const given = Buffer.from(auth);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return [401, auth ? 'wrong token' : 'missing bearer token (see the lock file)'];
    return undefined;
  }

  private events(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.streams.add(res);
    this.log(`session connected (${this.streams.size})`);
    this.options.onSessionsChanged?.(this.streams.size);
    res.on('close', () => {
      if (!this.streams.delete(res)) return;
      this.log(`session disconnected (${this.streams.size})`);
      this.options.onSessionsChanged?.(this.streams.size);
    });
    req.resume();
  }

  private async rpc(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const max = this.options.maxBodyBytes ?? 64 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk as Buffer);
    }
    if (tooLarge) {
      res.writeHead(413, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: `request body larger than ${max} bytes` }));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      return this.reply(res, null, undefined, { code: RpcError.parse, message: `invalid JSON: ${(e as Error).message}` });
    }
    const m = message as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const id = typeof m?.id === 'string' || typeof m?.id === 'number' ? (m.id as string | number) : null;
    if (typeof m !== 'object' || m === null || Array.isArray(m) || m.jsonrpc !== '2.0' || typeof m.method !== 'string')
      return this.reply(res, id, undefined, {
        code: RpcError.invalidRequest,
        message: 'expected a JSON-RPC 2.0 request object: {"jsonrpc": "2.0", "id", "method", "params"}',
      });
    if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params)))
      return this.reply(res, id, undefined, { code: RpcError.invalidParams, message: 'params must be an object' });
    const params = (m.params ?? {}) as Record<string, unknown>;

    const controller = new AbortController();
    this.pending.add(controller);
    // The client went away (cancelled, or killed) before the answer: stop waiting for the user.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const result = await this.dispatch(m.method, params, controller.signal);
      if (id === null) {
        res.writeHead(204).end();
        return;
      }
      this.reply(res, id, result);
    } catch (e) {
      const code = e instanceof RpcFailure ? e.code : RpcError.internal;
      this.reply(res, id, undefined, { code, message: (e as Error).message });
    } finally {
      this.pending.delete(controller);
    }
  }

  private reply(
    res: http.ServerResponse,
    id: string | number | null,
    result: unknown,
    error?: { code: number; message: string },
  ): void {
    if (res.destroyed || res.writableEnded) return;
    const body = error ? { jsonrpc: '2.0', id, error } : { jsonrpc: '2.0', id, result: result ?? null };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async dispatch(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    switch (method) {
      case 'initialize': {
        const version = params.protocolVersion;
        if (version !== undefined && version !== PROTOCOL_VERSION)
          throw new RpcFailure(
            RpcError.unsupportedVersion,
            `protocol version ${String(version)} is not supported; this extension speaks ${PROTOCOL_VERSION} (update pair or the extension)`,
          );
        return {
          protocolVersion: PROTOCOL_VERSION,
          ide: { name: this.options.ideName, version: this.options.ideVersion },
          workspaceFolders: this.backend.workspaceFolders(),
        };
      }
      case 'getContext':
        return this.backend.getContext(params.takeQueued === true);
      case 'getDiagnostics': {
        const path = params.path;
        if (path !== undefined && typeof path !== 'string')
          throw new RpcFailure(RpcError.invalidParams, 'path must be a string');
        return { files: await this.backend.getDiagnostics(path as string | undefined) };
      }
      case 'openDiff': {
        for (const key of ['diffId', 'path', 'newContent'])
          if (typeof params[key] !== 'string')
            throw new RpcFailure(RpcError.invalidParams, `openDiff needs ${key} (a string)`);
        if (!(params.path as string).startsWith('/'))
          throw new RpcFailure(RpcError.invalidParams, 'openDiff needs an absolute path');
        const p: OpenDiffParams = {
          diffId: params.diffId as string,
          path: params.path as string,
          newContent: params.newContent as string,
          summary: typeof params.summary === 'string' ? params.summary : undefined,
        };
        return this.backend.openDiff(p, signal);
      }
      case 'closeDiff': {
        if (typeof params.diffId !== 'string')
          throw new RpcFailure(RpcError.invalidParams, 'closeDiff needs diffId (a string)');
        return { closed: await this.backend.closeDiff(params.diffId) };
      }
      default:
        throw new RpcFailure(RpcError.methodNotFound, `unknown method: ${method}`);
    }
  }
}
