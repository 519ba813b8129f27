// Proposed changes shown in VS Code's diff editor: the file on disk on the left, pair's proposal on
// the right (editable), with Accept / Reject in the editor title. Each openDiff request waits for
// the user's decision.
import * as path from 'node:path';
import * as vscode from 'vscode';

import { DiffResult, OpenDiffParams } from './protocol';

export const PROPOSAL_SCHEME = 'pair-proposal';
const CONTEXT_KEY = 'pair.diffActive';

/** Serves the proposals (and an empty left side for new files). */
class ProposalContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
  delete(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}

interface OpenDiff {
  params: OpenDiffParams;
  left: vscode.Uri;
  right: vscode.Uri;
  resolve: (r: DiffResult) => void;
}

export class DiffManager implements vscode.Disposable {
  private readonly content = new ProposalContent();
  private readonly diffs = new Map<string, OpenDiff>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: (line: string) => void) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this.content),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      // Closing the diff tab without a decision is a rejection.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const d = this.diffOfTab(tab);
          if (d) this.finish(d.params.diffId, { decision: 'rejected', reason: 'the user closed the diff without accepting it' });
        }
        this.updateContextKey();
      }),
    );
  }

  dispose(): void {
    for (const id of [...this.diffs.keys()]) this.finish(id, { decision: 'closed', reason: 'the editor window closed' });
    for (const d of this.disposables) d.dispose();
  }

  /** Shows the proposal; resolves with the user's decision (or 'closed' when aborted). */
  async open(params: OpenDiffParams, signal: AbortSignal): Promise<DiffResult> {
    // A newer proposal for the same file replaces the older one.
    for (const d of [...this.diffs.values()])
      if (d.params.path === params.path)
        this.finish(d.params.diffId, { decision: 'closed', reason: 'replaced by a newer proposal for the same file' });

    const query = `diff=${encodeURIComponent(params.diffId)}`;
    const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: params.path, query });
    this.content.set(right, params.newContent);
    let left = vscode.Uri.file(params.path);
    try {
      await vscode.workspace.fs.stat(left);
    } catch {
      left = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: params.path, query: `${query}&side=empty` });
      this.content.set(left, '');
    }
    const decided = new Promise<DiffResult>((resolve) => {
      this.diffs.set(params.diffId, { params, left, right, resolve });
    });
    if (signal.aborted) this.finish(params.diffId, { decision: 'closed', reason: 'pair stopped waiting' });
    signal.addEventListener('abort', () =>
      this.finish(params.diffId, { decision: 'closed', reason: 'pair stopped waiting' }),
    );
    const title = `${path.basename(params.path)} ↔ pair's proposal`;
    this.log(`openDiff ${params.diffId}: ${params.summary ?? params.path}`);
    try {
      await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false, preserveFocus: true });
      // The proposal stays editable: what the user accepts is what gets written.
      await vscode.commands.executeCommand('workbench.action.files.setActiveEditorWriteableInSession');
    } catch (e) {
      this.finish(params.diffId, { decision: 'closed', reason: `the diff could not be shown: ${(e as Error).message}` });
      throw e;
    }
    this.updateContextKey();
    return decided;
  }

  /** Accept / Reject from the editor title (uri: the diff's right side) or the command palette. */
  decide(accepted: boolean, uri?: vscode.Uri): void {
    const d = this.diffOfUri(uri) ?? this.diffOfTab(vscode.window.tabGroups.activeTabGroup.activeTab);
    if (!d) {
      void vscode.window.showWarningMessage('pair: no proposed change is open here.');
      return;
    }
    if (!accepted) {
      this.finish(d.params.diffId, { decision: 'rejected' });
      return;
    }
    const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === d.right.toString());
    const content = doc ? doc.getText() : d.params.newContent;
    this.finish(d.params.diffId, { decision: 'accepted', content, edited: content !== d.params.newContent });
  }

  /** closeDiff: true when the diff was open. */
  close(diffId: string): boolean {
    return this.finish(diffId, { decision: 'closed', reason: 'closed by pair' });
  }

  private finish(diffId: string, result: DiffResult): boolean {
    const d = this.diffs.get(diffId);
    if (!d) return false;
    this.diffs.delete(diffId);
    this.log(`diff ${diffId}: ${result.decision}${result.edited ? ' (edited)' : ''}`);
    d.resolve(result);
    void this.closeTabs(d).finally(() => {
      this.content.delete(d.right);
      this.content.delete(d.left);
      this.updateContextKey();
    });
    return true;
  }

  private async closeTabs(d: OpenDiff): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === d.right.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  private diffOfUri(uri: vscode.Uri | undefined): OpenDiff | undefined {
    if (!uri || uri.scheme !== PROPOSAL_SCHEME) return undefined;
    return [...this.diffs.values()].find((d) => d.right.toString() === uri.toString());
  }

  private diffOfTab(tab: vscode.Tab | undefined): OpenDiff | undefined {
    if (!tab || !(tab.input instanceof vscode.TabInputTextDiff)) return undefined;
    return this.diffOfUri(tab.input.modified);
  }

  private updateContextKey(): void {
    const active = this.diffOfTab(vscode.window.tabGroups.activeTabGroup.activeTab) !== undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, active);
  }
}
