// What the editor shows, in the protocol's terms: the active file, the selection, diagnostics, and
// the selections queued with "pair: Send selection".
import * as vscode from 'vscode';

import {
  ActiveFile,
  Diagnostic,
  FileDiagnostics,
  MAX_SELECTION_CHARS,
  Position,
  QueuedSelection,
  Severity,
} from './protocol';

function position(p: vscode.Position): Position {
  return { line: p.line + 1, character: p.character + 1 };
}

function capped(text: string): { text: string; truncated?: boolean } {
  return text.length > MAX_SELECTION_CHARS ? { text: text.slice(0, MAX_SELECTION_CHARS), truncated: true } : { text };
}

/** Only real files count: not output panels, settings editors or pair's own proposals. */
export function isFileEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && editor.document.uri.scheme === 'file';
}

export function describeEditor(editor: vscode.TextEditor): ActiveFile {
  const doc = editor.document;
  const sel = editor.selection;
  const file: ActiveFile = {
    path: doc.uri.fsPath,
    language: doc.languageId,
    cursor: position(sel.active),
    visibleRanges: editor.visibleRanges.map((r) => ({ startLine: r.start.line + 1, endLine: r.end.line + 1 })),
    isDirty: doc.isDirty,
  };
  if (!sel.isEmpty) file.selection = { start: position(sel.start), end: position(sel.end), ...capped(doc.getText(sel)) };
  return file;
}

export function queuedFrom(editor: vscode.TextEditor): QueuedSelection | undefined {
  const sel = editor.selection;
  if (sel.isEmpty) return undefined;
  return {
    path: editor.document.uri.fsPath,
    language: editor.document.languageId,
    startLine: sel.start.line + 1,
    endLine: sel.end.line + 1,
    text: capped(editor.document.getText(sel)).text,
  };
}

const severities: Record<vscode.DiagnosticSeverity, Severity> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function convert(d: vscode.Diagnostic): Diagnostic {
  const out: Diagnostic = {
    severity: severities[d.severity],
    message: d.message,
    range: { start: position(d.range.start), end: position(d.range.end) },
  };
  if (d.source) out.source = d.source;
  if (d.code !== undefined) out.code = String(typeof d.code === 'object' ? d.code.value : d.code);
  return out;
}

/** Diagnostics of one file (absolute path), or of every file that has some. */
export function diagnostics(path: string | undefined): FileDiagnostics[] {
  if (path !== undefined) {
    const uri = vscode.Uri.file(path);
    return [{ path, diagnostics: vscode.languages.getDiagnostics(uri).map(convert) }];
  }
  return vscode.languages
    .getDiagnostics()
    .filter(([uri, list]) => uri.scheme === 'file' && list.length > 0)
    .map(([uri, list]) => ({ path: uri.fsPath, diagnostics: list.map(convert) }));
}
