import { rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { Client, neonConfig, Pool } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort, type RunningPostgres, startPostgres } from "../src/postgres";
import { startWsProxy, type WsProxy } from "../src/ws-proxy";

let postgres: RunningPostgres;
let proxy: WsProxy;
const dataDir = `../../.data/test-postgres-testkit-${process.pid}`;

beforeAll(async () => {
  postgres = await startPostgres({ dataDir, database: "loom_testkit_test" });
  proxy = await startWsProxy({ databaseUrl: postgres.url });
  // The production driver, pointed at the local proxy: plain ws:// and no pipelined startup (the
  // local server asks for SCRAM, which cannot be pipelined the way Neon's cleartext password is).
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = proxy.wsProxy;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the WebSocket proxy with Neon's driver", () => {
  it("carries queries with parameters from a Pool to the local PostgreSQL", async () => {
    const before = proxy.tunnels;
    const pool = new Pool({ connectionString: postgres.url, max: 1 });
    try {
      const { rows } = await pool.query<{ sum: number; db: string }>(
        "select $1::int + $2::int as sum, current_database() as db",
        [2, 40],
      );
      expect(rows).toEqual([{ sum: 42, db: new URL(postgres.url).pathname.slice(1) }]);
    } finally {
      await pool.end();
    }
    expect(proxy.tunnels).toBe(before + 1);
  });

  it("keeps a Client's transaction: a rollback leaves nothing, a commit is seen by a new connection", async () => {
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query("create table if not exists proxy_tx (v text primary key)");
      await client.query("begin");
      await client.query("insert into proxy_tx (v) values ('rolled back')");
      const inside = await client.query("select v from proxy_tx where v = 'rolled back'");
      expect(inside.rowCount).toBe(1);
      await client.query("rollback");
      await client.query("begin");
      await client.query("insert into proxy_tx (v) values ('committed')");
      await client.query("commit");
    } finally {
      await client.end();
    }
    const pool = new Pool({ connectionString: postgres.url, max: 1 });
    try {
      const { rows } = await pool.query<{ v: string }>("select v from proxy_tx order by v");
      expect(rows).toEqual([{ v: "committed" }]);
    } finally {
      await pool.end();
    }
  });

  it("listens on 127.0.0.1 only", async () => {
    const refused = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      // Any other local address of this machine must not reach it; ::1 stands for them here.
      const socket = new WebSocket(`ws://[::1]:${proxy.port}/v2?address=x`);
      socket.on("open", () => {
        socket.close();
        resolve(null);
      });
      socket.on("error", (err) => resolve(err as NodeJS.ErrnoException));
    });
    expect(refused?.code).toBe("ECONNREFUSED");
  });
});

describe("the WebSocket proxy is no open relay", () => {
  let bystander: Server;
  let bystanderPort: number;
  let bystanderConnections = 0;

  beforeAll(async () => {
    // A local TCP server the proxy must never connect to: proof that a refusal opened nothing.
    bystanderPort = await freePort();
    bystander = createServer((socket) => {
      bystanderConnections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => bystander.listen(bystanderPort, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => bystander.close(() => resolve())));

  async function upgradeStatus(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}${path}`);
      socket.on("open", () => {
        socket.close();
        resolve({ status: 101, body: "" });
      });
      socket.on("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      socket.on("error", reject);
    });
  }

  it.each([
    ["another local port", () => `127.0.0.1:${bystanderPort}`],
    ["another host", () => "example.com:5432"],
    ["the database's port under another name", () => `localhost:${new URL(postgres.url).port}`],
  ])("refuses a tunnel to %s with 403 and connects nowhere", async (_what, address) => {
    const before = proxy.tunnels;
    const refused = await upgradeStatus(`/v2?address=${encodeURIComponent(address())}`);
    expect(refused.status, refused.body).toBe(403);
    expect(refused.body).toContain("only 127.0.0.1:");
    expect(proxy.tunnels).toBe(before);
    expect(bystanderConnections).toBe(0);
  });

  it("refuses a tunnel without an address or on another path", async () => {
    expect((await upgradeStatus("/v2")).status).toBe(403);
    const address = encodeURIComponent(new URL(postgres.url).host);
    expect((await upgradeStatus(`/v1?address=${address}`)).status).toBe(403);
    // The positive control: the same request on /v2 is let through.
    expect((await upgradeStatus(`/v2?address=${address}`)).status).toBe(101);
  });

  it("fails a Neon connection to any other database address", async () => {
    const elsewhere = new URL(postgres.url);
    elsewhere.port = String(bystanderPort);
    const pool = new Pool({ connectionString: elsewhere.toString(), max: 1 });
    pool.on("error", () => {});
    try {
      await expect(pool.query("select 1")).rejects.toThrow();
    } finally {
      await pool.end().catch(() => {});
    }
    expect(bystanderConnections).toBe(0);
  });
});
