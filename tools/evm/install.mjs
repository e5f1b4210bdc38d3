// Runs `npm ci` in this directory unless node_modules already matches package-lock.json, so a
// Maven build with nothing changed costs one file comparison instead of a reinstall.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const lock = path.join(here, 'package-lock.json');
const installed = path.join(here, 'node_modules', '.package-lock.json');

// npm writes node_modules/.package-lock.json after an install: the lockfile's "packages" map minus
// the root entry and minus optional packages for other platforms (anvil ships one per platform).
function packagesOf(file) {
  if (!fs.existsSync(file)) return null;
  const packages = { ...JSON.parse(fs.readFileSync(file, 'utf8')).packages };
  delete packages[''];
  return packages;
}

function current() {
  const wanted = packagesOf(lock);
  const have = packagesOf(installed);
  if (!wanted || !have) return false;
  const same = (a, b) => a && b && a.version === b.version && a.integrity === b.integrity;
  return Object.keys(have).every((k) => same(wanted[k], have[k]))
      && Object.keys(wanted).every((k) => (wanted[k].optional && !have[k]) || same(wanted[k], have[k]));
}

if (!current()) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-fund', '--no-audit'], { cwd: here, stdio: 'inherit' });
}
