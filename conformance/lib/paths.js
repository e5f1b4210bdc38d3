// Locations of the things the suite drives, resolved from this file so the suite runs from any cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const CONFORMANCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(CONFORMANCE_DIR, '..');
export const SERVER_JAR = process.env.OPENCVM_SERVER_JAR
  ?? path.join(REPO_DIR, 'server', 'target', 'opencvm-server.jar');
export const PHALA_CLI = path.join(CONFORMANCE_DIR, 'node_modules', 'phala', 'dist', 'index.js');
