// Drives code-server in headless Chromium (playwright-core, from NODE_PATH) for vscode_e2e.sh:
// opens a file, selects text, queues a selection with "pair: Send selection", runs pair three times
// and answers its proposals in the diff editor: Accept, Reject, and an edit of the proposal then
// Accept, then "pair: Open in terminal". Environment: CS_URL, WS, PAIR_BIN, T, LOCK_DIR, MODEL_LOG,
// CHROMIUM, SCREENSHOT.
'use strict';
const { chromium } = require('playwright-core');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const env = process.env;
const artifacts = path.dirname(env.SCREENSHOT);
/** Monaco draws spaces as no-break spaces. */
const text = async (locator) => (await locator.textContent()).replace(/\u00a0/g, ' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.log(`[e2e ${new Date().toISOString().slice(11, 23)}] ${line}`);

async function until(what, check, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Runs a command from the command palette (F1). */
async function command(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Selects whole line `n` (1-based) of the focused editor. */
async function selectLine(page, n) {
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
}

/** Starts pair headless in the workspace; resolves with its exit code. */
function runPair(name, prompt) {
  const out = fs.openSync(path.join(env.T, `pair-${name}.out`), 'w');
  const err = fs.openSync(path.join(env.T, `pair-${name}.err`), 'w');
  const child = spawn(env.PAIR_BIN, ['-p', prompt, '--ide', '--verbose'], {
    cwd: env.WS,
    stdio: ['ignore', out, err],
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function diffToolbar(page, label) {
  const button = page.locator(`.editor-actions [aria-label*="${label}"]`).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  return button;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(`${env.CS_URL}/?folder=${encodeURIComponent(env.WS)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench loaded');
    const lock = await until('the extension to write its lock file', () => {
      const files = fs.existsSync(env.LOCK_DIR) ? fs.readdirSync(env.LOCK_DIR).filter((f) => /^\d+\.json$/.test(f)) : [];
      return files.length > 0 && path.join(env.LOCK_DIR, files[0]);
    }, 60_000);
    const info = JSON.parse(fs.readFileSync(lock, 'utf8'));
    log(`lock ${path.basename(lock)}: ${JSON.stringify(info.workspaceFolders)}, mode ${(fs.statSync(lock).mode & 0o777).toString(8)}`);
    if ((fs.statSync(lock).mode & 0o777) !== 0o600) throw new Error('the lock file is not private (0600)');
    if (info.workspaceFolders[0] !== env.WS) throw new Error(`the lock names ${info.workspaceFolders} instead of ${env.WS}`);
    await page.locator('.statusbar-item .codicon-debug-disconnect').first().waitFor();
    log('status bar: no session connected');

    // Open hello.py through quick open, queue line 3, select line 2.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('hello.py');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'hello.py' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'three = 3' }).first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
    await selectLine(page, 3);
    await command(page, 'pair: Send selection');
    await page.locator('.notification-list-item', { hasText: 'will go with your next prompt' }).first().waitFor();
    log('queued line 3 with "pair: Send selection"');
    await page.locator('.monaco-editor .view-lines').first().click();
    await selectLine(page, 2);
    await sleep(500); // the selection notification is coalesced over 100 ms

    // 1. Accept.
    let exit = runPair('accept', 'make two loud');
    let accept = await diffToolbar(page, 'Accept proposed change');
    log('diff open with Accept / Reject');
    await page.locator('.statusbar-item .codicon-plug').first().waitFor();
    log('status bar: session connected');
    await sleep(500); // let the diff render its decorations
    await page.screenshot({ path: env.SCREENSHOT });
    log(`screenshot ${env.SCREENSHOT}`);
    await accept.click();
    let code = await exit;
    if (code !== 0) throw new Error(`pair (accept) exited ${code}`);
    const afterAccept = fs.readFileSync(path.join(env.WS, 'hello.py'), 'utf8');
    if (afterAccept !== "one = 1\ntwo = 'TWO'\nthree = 3\n") throw new Error(`after Accept: ${JSON.stringify(afterAccept)}`);
    log('Accept wrote the proposal');
    await until('the diff to close', async () => (await page.locator('.editor-actions [aria-label*="Accept proposed change"]').count()) === 0);

    // 2. Reject.
    exit = runPair('reject', 'make three loud');
    const reject = await diffToolbar(page, 'Reject proposed change');
    await reject.click();
    code = await exit;
    if (code !== 0) throw new Error(`pair (reject) exited ${code}`);
    const afterReject = fs.readFileSync(path.join(env.WS, 'hello.py'), 'utf8');
    if (afterReject !== afterAccept) throw new Error(`Reject changed the file: ${JSON.stringify(afterReject)}`);
    log('Reject left the file alone');
    await until('the diff to close', async () => (await page.locator('.editor-actions [aria-label*="Reject proposed change"]').count()) === 0);

    // 3. Edit the proposal in the diff, then Accept.
    exit = runPair('edited', 'add four');
    accept = await diffToolbar(page, 'Accept proposed change');
    const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines').first();
    await modified.waitFor();
    await until('the proposal to show', async () => (await text(modified)).includes('four = 4'));
    await modified.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# reviewed by a person');
    await until('the typed text', async () => (await text(modified)).includes('reviewed by a person'));
    await page.screenshot({ path: path.join(artifacts, 'vscode-diff-edited.png') });
    await accept.click();
    code = await exit;
    if (code !== 0) throw new Error(`pair (edited) exited ${code}`);
    log(`after the edited Accept: ${JSON.stringify(fs.readFileSync(path.join(env.WS, 'hello.py'), 'utf8'))}`);
    await until('the status bar to show no session', async () => (await page.locator('.statusbar-item .codicon-debug-disconnect').count()) > 0);
    log('status bar: disconnected again after pair exited');

    // 4. "pair: Open in terminal": pair (pair.command) runs in the workspace's terminal and connects by itself.
    await command(page, 'pair: Open in terminal');
    await until('pair in the terminal to ask the model', () =>
      fs.readFileSync(env.MODEL_LOG, 'utf8').includes('hello from the terminal'), 60_000);
    log('pair started from "pair: Open in terminal" reached the model');
  } catch (e) {
    await page.screenshot({ path: path.join(artifacts, 'vscode-e2e-failure.png') }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`FAIL: ${e.stack || e}`);
    process.exit(1);
  },
);
