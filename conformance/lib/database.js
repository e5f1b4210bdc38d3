// The database a server runs on: the embedded H2 file (default) or a fresh PostgreSQL database.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

const PG_HOST = process.env.OPENCVM_TEST_PG_HOST ?? '127.0.0.1';
const PG_PORT = process.env.OPENCVM_TEST_PG_PORT ?? '5432';
const PG_USER = process.env.OPENCVM_TEST_PG_USER ?? 'postgres';

/** The backends every scenario runs on; `OPENCVM_CONFORMANCE_BACKENDS=h2` narrows the run. */
export function selectedBackends() {
  const all = ['h2', 'postgres'];
  const wanted = (process.env.OPENCVM_CONFORMANCE_BACKENDS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (wanted.length === 0) {
    return all;
  }
  const unknown = wanted.filter((b) => !all.includes(b));
  if (unknown.length > 0) {
    throw new Error(`unknown backend(s) in OPENCVM_CONFORMANCE_BACKENDS: ${unknown.join(', ')}`);
  }
  return wanted;
}

async function psql(sql) {
  try {
    await run('psql', ['-h', PG_HOST, '-p', PG_PORT, '-U', PG_USER, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql],
      { timeout: 30_000, env: { ...process.env, PGCONNECT_TIMEOUT: '10' } });
  } catch (err) {
    throw new Error(`psql failed (${sql}): ${err.stderr || err.message}`);
  }
}

/** An empty PostgreSQL database made for one server; `drop()` removes it. */
export class PostgresDatabase {
  constructor(name) {
    this.name = name;
  }

  static async create() {
    const db = new PostgresDatabase(`opencvm_conf_${randomBytes(6).toString('hex')}`);
    await psql(`CREATE DATABASE ${db.name}`);
    return db;
  }

  get env() {
    return {
      OPENCVM_DB_URL: `jdbc:postgresql://${PG_HOST}:${PG_PORT}/${this.name}`,
      OPENCVM_DB_USER: PG_USER,
    };
  }

  async drop() {
    await psql(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

/** The embedded default: the server keeps its H2 file in its data directory. */
export class H2Database {
  get name() {
    return 'h2';
  }

  get env() {
    return {};
  }

  async drop() {
    // The file lives in the server's temporary data directory, which the server removes.
  }
}

export async function createDatabase(backend) {
  switch (backend) {
    case 'h2':
      return new H2Database();
    case 'postgres':
      return PostgresDatabase.create();
    default:
      throw new Error(`unknown backend ${backend}`);
  }
}
