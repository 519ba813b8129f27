// The wire types of pair's editor protocol (docs/ide-protocol.md). No VS Code imports here: the
// server and its tests run under plain Node.

/** Bumped only for incompatible changes; additions keep it. */
export const PROTOCOL_VERSION = 1;

/** 1-based line and character, as the editor shows them (characters count UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

export interface Selection {
  start: Position;
  end: Position;
  text: string;
  /** The text was cut at MAX_SELECTION_CHARS. */
  truncated?: boolean;
}

export interface ActiveFile {
  path: string;
  language: string;
  cursor: Position;
  /** Absent when nothing is selected. */
  selection?: Selection;
  /** 1-based inclusive line ranges. */
  visibleRanges: { startLine: number; endLine: number }[];
  isDirty: boolean;
}

/** Text the user sent with "pair: Send selection", waiting for pair's next prompt. */
export interface QueuedSelection {
  path: string;
  language: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface EditorContext {
  activeFile: ActiveFile | null;
  queued: QueuedSelection[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  severity: Severity;
  message: string;
  source?: string;
  code?: string;
  range: { start: Position; end: Position };
}

export interface FileDiagnostics {
  path: string;
  diagnostics: Diagnostic[];
}

export interface OpenDiffParams {
  /** Chosen by the client, unique among its open diffs; closeDiff names it. */
  diffId: string;
  /** Absolute path of the file the change is for (it may not exist yet). */
  path: string;
  /** The file's whole proposed content. */
  newContent: string;
  /** One line describing the change ("edit src/a.cc (+3 -1)"). */
  summary?: string;
}

export interface DiffResult {
  decision: 'accepted' | 'rejected' | 'closed';
  /** accepted: the content to write (the proposal, or the user's edited version of it). */
  content?: string;
  /** accepted: the user changed the proposal before accepting. */
  edited?: boolean;
  reason?: string;
}

export const MAX_SELECTION_CHARS = 1 << 20;

export const RpcError = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  unsupportedVersion: -32001,
} as const;
