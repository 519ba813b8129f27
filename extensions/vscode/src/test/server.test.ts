// The extension's server against a scripted client: authentication, the JSON-RPC methods, the
// notification stream, lock files, and two windows on different folders.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { isAlive, lockDir, lockPath, pairConfigDir, removeLock, removeStaleLocks, writeLock } from '../lockfile';
import { DiffResult, EditorContext, OpenDiffParams, PROTOCOL_VERSION } from '../protocol';
import { Backend, IdeServer } from '../server';

interface Reply {
  status: number;
  body: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function request(
  port: number,
  options: { method?: string; path?: string; token?: string; body?: unknown; headers?: http.OutgoingHttpHeaders },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', ...options.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/rpc', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          let json: unknown = undefined;
          try {
            json = JSON.parse(body);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body, json });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined)
      req.end(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    else req.end();
  });
}

let nextId = 1;
function rpc(port: number, token: string, method: string, params?: unknown): Promise<Reply> {
  return request(port, { token, body: { jsonrpc: '2.0', id: nextId++, method, params } });
}

class FakeBackend implements Backend {
  context: EditorContext = { activeFile: null, queued: [] };
  diffs: { params: OpenDiffParams; signal: AbortSignal; resolve: (r: DiffResult) => void }[] = [];
  closed: string[] = [];
  constructor(readonly folders: string[]) {}
  workspaceFolders() {
    return this.folders;
  }
  getContext(takeQueued: boolean) {
    const out = { ...this.context, queued: [...this.context.queued] };
    if (takeQueued) this.context.queued = [];
    return out;
  }
  getDiagnostics(p: string | undefined) {
    return [
      {
        path: p ?? '/all',
        diagnostics: [
          {
            severity: 'error' as const,
            message: 'boom',
            range: { start: { line: 1, character: 1 }, end: { line: 1, character: 4 } },
          },
        ],
      },
    ];
  }
  openDiff(params: OpenDiffParams, signal: AbortSignal) {
    return new Promise<DiffResult>((resolve) => this.diffs.push({ params, signal, resolve }));
  }
  closeDiff(diffId: string) {
    const i = this.diffs.findIndex((d) => d.params.diffId === diffId);
    if (i < 0) return false;
    this.closed.push(diffId);
    this.diffs.splice(i, 1)[0].resolve({ decision: 'closed' });
    return true;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

describe('IdeServer', () => {
  const backend = new FakeBackend(['/work/a']);
  const sessions: number[] = [];
  const server = new IdeServer(backend, {
    ideName: 'Test',
    ideVersion: '1.0',
    keepAliveMs: 50,
    onSessionsChanged: (n) => sessions.push(n),
  });
  let port = 0;
  before(async () => {
    port = await server.start();
  });
  after(() => server.stop());

  it('refuses a missing or wrong token with 401', async () => {
    const missing = await request(port, { body: { jsonrpc: '2.0', id: 1, method: 'initialize' } });
    assert.equal(missing.status, 401);
    assert.match(missing.json.error, /missing bearer token/);
    const wrong = await rpc(port, 'f'.repeat(64), 'initialize');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error, 'wrong token');
    const events = await request(port, { method: 'GET', path: '/events', token: 'nope' });
    assert.equal(events.status, 401);
  });

  it('refuses web pages: an Origin header or a foreign Host', async () => {
    const origin = await request(port, {
      token: server.token,
      body: { jsonrpc: '2.0', id: 1, method: 'initialize' },
      headers: { Origin: 'http://evil.example' },
    });
    assert.equal(origin.status, 403);
    const host = await request(port, {
      token: server.token,
      body: { jsonrpc: '2.0', id: 1, method: 'initialize' },
      headers: { Host: `rebound.example:${port}` },
    });
    assert.equal(host.status, 403);
  });

  it('initializes with the workspace folders and checks the protocol version', async () => {
    const ok = await rpc(port, server.token, 'initialize', { protocolVersion: PROTOCOL_VERSION, client: { name: 't' } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json.result, {
      protocolVersion: PROTOCOL_VERSION,
      ide: { name: 'Test', version: '1.0' },
      workspaceFolders: ['/work/a'],
    });
    const future = await rpc(port, server.token, 'initialize', { protocolVersion: 99 });
    assert.equal(future.json.error.code, -32001);
    assert.match(future.json.error.message, /protocol version 99/);
  });

  it('answers JSON-RPC errors for bad requests', async () => {
    assert.equal((await request(port, { token: server.token, body: '{not json' })).json.error.code, -32700);
    assert.equal((await request(port, { token: server.token, body: { id: 1, method: 'x' } })).json.error.code, -32600);
    assert.equal((await rpc(port, server.token, 'noSuchMethod')).json.error.code, -32601);
    assert.equal((await rpc(port, server.token, 'openDiff', { path: 'relative' })).json.error.code, -32602);
    assert.equal((await request(port, { method: 'GET', path: '/rpc', token: server.token })).status, 405);
    assert.equal((await request(port, { path: '/nope', token: server.token })).status, 404);
  });

  it('gives the context and hands queued selections over once', async () => {
    backend.context = {
      activeFile: {
        path: '/work/a/x.ts',
        language: 'typescript',
        cursor: { line: 3, character: 1 },
        selection: { start: { line: 2, character: 1 }, end: { line: 3, character: 1 }, text: 'let x = 1;\n' },
        visibleRanges: [{ startLine: 1, endLine: 30 }],
        isDirty: false,
      },
      queued: [{ path: '/work/a/y.ts', language: 'typescript', startLine: 5, endLine: 6, text: 'y()' }],
    };
    const peek = await rpc(port, server.token, 'getContext', {});
    assert.equal(peek.json.result.activeFile.selection.text, 'let x = 1;\n');
    assert.equal(peek.json.result.queued.length, 1);
    const take = await rpc(port, server.token, 'getContext', { takeQueued: true });
    assert.equal(take.json.result.queued.length, 1);
    const after = await rpc(port, server.token, 'getContext', { takeQueued: true });
    assert.equal(after.json.result.queued.length, 0);
  });

  it('gives diagnostics for a file', async () => {
    const r = await rpc(port, server.token, 'getDiagnostics', { path: '/work/a/x.ts' });
    assert.equal(r.json.result.files[0].path, '/work/a/x.ts');
    assert.equal(r.json.result.files[0].diagnostics[0].message, 'boom');
  });

  it('answers openDiff only when the user decides', async () => {
    let answered = false;
    const pending = rpc(port, server.token, 'openDiff', {
      diffId: 'd1',
      path: '/work/a/x.ts',
      newContent: 'new\n',
    }).then((r) => {
      answered = true;
      return r;
    });
    await until(() => backend.diffs.length === 1, 'the diff to open');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(answered, false);
    backend.diffs.shift()!.resolve({ decision: 'accepted', content: 'edited\n', edited: true });
    const r = await pending;
    assert.deepEqual(r.json.result, { decision: 'accepted', content: 'edited\n', edited: true });
  });

  it('closeDiff ends a waiting openDiff', async () => {
    const pending = rpc(port, server.token, 'openDiff', { diffId: 'd2', path: '/work/a/x.ts', newContent: 'n' });
    await until(() => backend.diffs.length === 1, 'the diff to open');
    const close = await rpc(port, server.token, 'closeDiff', { diffId: 'd2' });
    assert.deepEqual(close.json.result, { closed: true });
    assert.equal((await pending).json.result.decision, 'closed');
    const again = await rpc(port, server.token, 'closeDiff', { diffId: 'd2' });
    assert.deepEqual(again.json.result, { closed: false });
  });

  it('aborts a waiting openDiff when the client goes away', async () => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/rpc',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    });
    req.on('error', () => {});
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'openDiff', params: { diffId: 'd3', path: '/p', newContent: '' } }));
    await until(() => backend.diffs.length === 1, 'the diff to open');
    const diff = backend.diffs[0];
    req.destroy();
    await until(() => diff.signal.aborted, 'the abort signal');
    backend.diffs.length = 0;
  });

  it('streams notifications to connected sessions and counts them', async () => {
    const received: string[] = [];
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: '/events', headers: { Authorization: `Bearer ${server.token}` } },
        resolve,
      );
      req.on('error', reject);
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/event-stream');
    res.setEncoding('utf8');
    res.on('data', (c: string) => received.push(c));
    await until(() => server.sessions === 1, 'the session to count');
    server.notify('selectionChanged', { activeFile: null });
    await until(() => received.join('').includes('selectionChanged'), 'the notification');
    const data = received
      .join('')
      .split('\n')
      .find((l) => l.startsWith('data: '))!;
    assert.deepEqual(JSON.parse(data.slice(6)), { jsonrpc: '2.0', method: 'selectionChanged', params: { activeFile: null } });
    await until(() => received.join('').includes(': ping'), 'a keep-alive comment');
    res.destroy();
    await until(() => server.sessions === 0, 'the session to end');
    assert.deepEqual(sessions.slice(-2), [1, 0]);
  });
});

describe('lock files', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pair-ext-test-'));
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  it("lives in pair's config directory", () => {
    assert.equal(pairConfigDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/h' }), '/x/cfg/pair');
    assert.equal(pairConfigDir({ HOME: '/h' }), '/h/.config/pair');
    assert.equal(lockDir({ HOME: '/h' }), '/h/.config/pair/ide');
  });

  it('is private to the user, and removed only by its owner', () => {
    const dir = path.join(home, 'ide');
    const file = writeLock(dir, 4242, {
      pid: process.pid,
      workspaceFolders: ['/w'],
      token: 't',
      protocolVersion: PROTOCOL_VERSION,
      ideName: 'Test',
      transport: 'http',
    });
    assert.equal(file, lockPath(dir, 4242));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    removeLock(dir, 4242, process.pid + 1);
    assert.ok(fs.existsSync(file), 'a lock of another process stays');
    removeLock(dir, 4242);
    assert.ok(!fs.existsSync(file));
  });

  it('stale locks (their process is gone) are cleaned up; live ones stay', () => {
    const dir = path.join(home, 'stale');
    const dead = deadPid();
    const info = (pid: number) => ({
      pid,
      workspaceFolders: ['/w'],
      token: 't',
      protocolVersion: 1,
      ideName: 'x',
      transport: 'http' as const,
    });
    writeLock(dir, 1111, info(dead));
    writeLock(dir, 2222, info(process.pid));
    fs.writeFileSync(path.join(dir, '3333.json'), '{half-written');
    assert.equal(isAlive(dead), false);
    assert.deepEqual(removeStaleLocks(dir), [lockPath(dir, 1111)]);
    assert.ok(fs.existsSync(lockPath(dir, 2222)));
    assert.ok(fs.existsSync(path.join(dir, '3333.json')));
  });
});

describe('two windows on different folders', () => {
  it('each window has its own port, token, folders and lock', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pair-ext-two-'));
    const dir = path.join(home, 'ide');
    const a = new IdeServer(new FakeBackend(['/work/a']), { ideName: 'A', ideVersion: '1' });
    const b = new IdeServer(new FakeBackend(['/work/b']), { ideName: 'B', ideVersion: '1' });
    try {
      const [pa, pb] = [await a.start(), await b.start()];
      assert.notEqual(pa, pb);
      assert.notEqual(a.token, b.token);
      for (const [s, p, f] of [
        [a, pa, '/work/a'],
        [b, pb, '/work/b'],
      ] as const)
        writeLock(dir, p, {
          pid: process.pid,
          workspaceFolders: [f],
          token: s.token,
          protocolVersion: 1,
          ideName: 'x',
          transport: 'http',
        });
      const locks = fs.readdirSync(dir).sort();
      assert.deepEqual(locks, [`${pa}.json`, `${pb}.json`].sort());
      const lockA = JSON.parse(fs.readFileSync(lockPath(dir, pa), 'utf8'));
      assert.deepEqual(lockA.workspaceFolders, ['/work/a']);
      assert.equal((await rpc(pa, a.token, 'initialize')).json.result.workspaceFolders[0], '/work/a');
      assert.equal((await rpc(pb, b.token, 'initialize')).json.result.workspaceFolders[0], '/work/b');
      assert.equal((await rpc(pa, b.token, 'initialize')).status, 401, "one window's token does not open the other");
    } finally {
      await a.stop();
      await b.stop();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

/** A pid that no process has (a child that already exited, then waited for). */
function deadPid(): number {
  return spawnSync('/bin/true').pid!;
}
