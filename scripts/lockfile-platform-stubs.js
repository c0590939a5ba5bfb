// Run after `npm install` changes package-lock.json:  node scripts/lockfile-platform-stubs.js
//
// The registry this project installs from serves only some platforms' builds of native packages
// (@swc/core-darwin-arm64, …), so npm leaves those optional dependencies out of the lock file, and `npm ci`
// then refuses the lock as out of sync. This adds an entry for each missing platform package, with its
// os/cpu, so `npm ci` accepts the lock and skips them on other platforms (and fetches them by version where
// they are the right platform and the registry has them).
const { readFileSync, writeFileSync } = require('node:fs');

const PLATFORM = /-(darwin|win32|linux|android|freebsd|openbsd|sunos|aix|openharmony)-(arm64|x64|arm|ia32|ppc64|s390x|loong64|riscv64|wasm32)(?:-|$)/;
const lockPath = `${__dirname}/../package-lock.json`;
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));

let added = 0;
for (const pkg of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const path = `node_modules/${name}`;
    if (lock.packages[path]) continue;
    const platform = name.match(PLATFORM);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) {
      process.stderr.write(`left alone: ${name}@${version} (not a pinned platform build)\n`);
      continue;
    }
    const libc = /musl/.test(name) ? ['musl'] : /gnu/.test(name) ? ['glibc'] : undefined;
    lock.packages[path] = { version, optional: true, os: [platform[1]], cpu: [platform[2]], ...(libc && { libc }) };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`added ${added} platform entries to package-lock.json\n`);
