#!/usr/bin/env node
// The `pair` command of the npm package pair-programmer: runs the native binary from the platform
// package (pair-programmer-linux-x64 or -arm64) that npm installed beside it as an optional
// dependency, with the same arguments, terminal and exit status.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const platforms = {
  'linux x64': 'pair-programmer-linux-x64',
  'linux arm64': 'pair-programmer-linux-arm64',
};

function die(message) {
  process.stderr.write(`pair: ${message}\n`);
  process.exit(1);
}

const name = platforms[`${process.platform} ${process.arch}`];
if (!name) {
  die(`there is no pair build for ${process.platform}/${process.arch}: the npm package has Linux x64 and ` +
      'arm64 builds (glibc 2.36 or newer). On another system, build pair from its source (scripts/install.sh).');
}
let binary;
try {
  binary = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'bin', 'pair');
} catch {
  die(`the package ${name}, which holds pair's binary for this machine, is not installed (npm leaves ` +
      'optional dependencies out with --omit=optional or --no-optional). Install it again with: ' +
      'npm install -g pair-programmer');
}

const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });
child.on('error', (err) => die(`cannot run ${binary}: ${err.message}`));
// Ctrl+C and Ctrl+\ reach pair from the terminal itself (the whole foreground process group):
// this process only waits for pair to act on them. Signals sent to this process alone are passed on.
const ignored = ['SIGINT', 'SIGQUIT'];
const passed = ['SIGTERM', 'SIGHUP'];
for (const sig of ignored) process.on(sig, () => {});
for (const sig of passed) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) {
    // End the same way, so that a shell sees pair's signal.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
