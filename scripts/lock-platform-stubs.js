#!/usr/bin/env node
/**
 * The npm registry these machines reach serves only the linux-x64 builds of packages that ship native
 * binaries per platform (@swc/core-*, @msgpackr-extract/*): the others 404, so `npm install` leaves them out
 * of package-lock.json, and npm 11's `npm ci` then refuses the lock ("Missing: ... from lock file").
 * This adds each missing optional platform package as an entry npm skips on a non-matching platform
 * (os/cpu from its name), so `npm ci` accepts the lock everywhere. Run after changing dependencies.
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix', 'wasm32'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  return os && cpu ? { os, cpu } : null;
}

let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    if (lock.packages[base] || lock.packages[top]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    lock.packages[top] = { version, dev: pkg.dev || undefined, optional: true, os: [platform.os], cpu: [platform.cpu] };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-stubs: added ${added} platform entries`);
