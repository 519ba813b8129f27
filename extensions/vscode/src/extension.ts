// Entry point: starts the editor server, writes the lock file pair looks for, and offers the
// commands and the status bar item.
import * as vscode from 'vscode';

import { describeEditor, diagnostics, isFileEditor, queuedFrom } from './context';
import { DiffManager } from './diff';
import { lockDir, removeLock, removeStaleLocks, writeLock } from './lockfile';
import { ActiveFile, EditorContext, PROTOCOL_VERSION, QueuedSelection } from './protocol';
import { Backend, IdeServer } from './server';

let server: IdeServer | undefined;
let lock: { dir: string; port: number } | undefined;

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('pair');
  const log = (line: string) => output.appendLine(`${new Date().toISOString()} ${line}`);
  const diffs = new DiffManager(log);
  const queued: QueuedSelection[] = [];
  // The last real file the user worked in (the active editor may be a diff or an output panel).
  let lastFile: ActiveFile | null = isFileEditor(vscode.window.activeTextEditor)
    ? describeEditor(vscode.window.activeTextEditor)
    : null;

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = 'pair.openInTerminal';
  const showStatus = (sessions: number) => {
    const waiting = queued.length > 0 ? ` (${queued.length} queued)` : '';
    status.text = sessions > 0 ? `$(plug) pair${waiting}` : `$(debug-disconnect) pair${waiting}`;
    status.tooltip =
      sessions > 0
        ? `pair: ${sessions} session${sessions === 1 ? '' : 's'} connected`
        : 'pair: no session connected (click to start pair in a terminal)';
    status.show();
  };

  const backend: Backend = {
    workspaceFolders,
    getContext(takeQueued: boolean): EditorContext {
      if (isFileEditor(vscode.window.activeTextEditor)) lastFile = describeEditor(vscode.window.activeTextEditor);
      else if (lastFile && !isOpenInTab(lastFile.path)) lastFile = null; // its tab was closed since
      const result: EditorContext = { activeFile: lastFile, queued: [...queued] };
      if (takeQueued && queued.length > 0) {
        queued.length = 0;
        showStatus(server?.sessions ?? 0);
      }
      return result;
    },
    getDiagnostics: diagnostics,
    openDiff: (params, signal) => diffs.open(params, signal),
    closeDiff: (diffId) => diffs.close(diffId),
  };
  server = new IdeServer(backend, {
    ideName: vscode.env.appName,
    ideVersion: vscode.version,
    onSessionsChanged: showStatus,
    log,
  });
  const port = await server.start();
  const dir = lockDir();
  for (const stale of removeStaleLocks(dir)) log(`removed a stale lock: ${stale}`);
  const publish = () =>
    writeLock(dir, port, {
      pid: process.pid,
      workspaceFolders: workspaceFolders(),
      token: server!.token,
      protocolVersion: PROTOCOL_VERSION,
      ideName: vscode.env.appName,
      transport: 'http',
    });
  log(`listening on 127.0.0.1:${port}; lock file ${publish()}`);
  lock = { dir, port };
  showStatus(0);
  // deactivate() may not run when the extension host is killed; exit handlers still do.
  const onExit = () => removeLock(dir, port);
  process.once('exit', onExit);

  // Selection notifications, coalesced: a drag selection sends one, not hundreds.
  let timer: NodeJS.Timeout | undefined;
  const selectionChanged = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const editor = vscode.window.activeTextEditor;
      if (!isFileEditor(editor)) return;
      lastFile = describeEditor(editor);
      server?.notify('selectionChanged', { activeFile: lastFile });
    }, 100);
  };

  context.subscriptions.push(
    output,
    status,
    diffs,
    { dispose: () => process.removeListener('exit', onExit) },
    { dispose: () => timer && clearTimeout(timer) },
    vscode.workspace.onDidChangeWorkspaceFolders(() => publish()),
    vscode.window.onDidChangeTextEditorSelection(selectionChanged),
    vscode.window.onDidChangeActiveTextEditor(selectionChanged),
    vscode.window.onDidChangeTextEditorVisibleRanges(selectionChanged),
    vscode.commands.registerCommand('pair.openInTerminal', () => openInTerminal(port)),
    vscode.commands.registerCommand('pair.sendSelection', () => {
      const editor = vscode.window.activeTextEditor;
      const item = isFileEditor(editor) ? queuedFrom(editor) : undefined;
      if (!item) {
        void vscode.window.showWarningMessage('pair: select some text in a file first.');
        return;
      }
      queued.push(item);
      server?.notify('selectionQueued', { item, count: queued.length });
      showStatus(server?.sessions ?? 0);
      const lines = item.endLine - item.startLine + 1;
      const where = vscode.workspace.asRelativePath(item.path);
      void vscode.window.showInformationMessage(
        `pair: ${lines} line${lines === 1 ? '' : 's'} of ${where} will go with your next prompt.`,
      );
    }),
    vscode.commands.registerCommand('pair.acceptDiff', (uri?: vscode.Uri) => diffs.decide(true, uri)),
    vscode.commands.registerCommand('pair.rejectDiff', (uri?: vscode.Uri) => diffs.decide(false, uri)),
  );
}

function isOpenInTab(path: string): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === path),
  );
}

/** Starts pair in an integrated terminal of the workspace; PAIR_IDE_PORT points it at this window. */
function openInTerminal(port: number): void {
  const editor = vscode.window.activeTextEditor;
  const folder =
    (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const command = vscode.workspace.getConfiguration('pair').get<string>('command', 'pair');
  const terminal = vscode.window.createTerminal({
    name: 'pair',
    cwd: folder?.uri,
    env: { PAIR_IDE_PORT: String(port) },
  });
  terminal.show();
  terminal.sendText(command);
}

export async function deactivate(): Promise<void> {
  if (lock) removeLock(lock.dir, lock.port);
  lock = undefined;
  await server?.stop();
  server = undefined;
}
