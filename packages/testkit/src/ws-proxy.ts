import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo, createConnection, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";

/**
 * A WebSocket-to-TCP proxy in front of the local PostgreSQL, so tests can run the production driver
 * (`@neondatabase/serverless`, which only speaks WebSocket) against it. It speaks the wire format of
 * Neon's wsproxy: the client opens `ws://<proxy>/v2?address=<host>:<port>` and then sends raw Postgres
 * protocol bytes in binary frames; the proxy pipes them to that address and the answers back.
 *
 * A test tool, but no open relay: it listens on 127.0.0.1 only and answers 403 to any `address` other
 * than the one database it was started for, before opening any connection.
 */
export interface WsProxy {
  /** `127.0.0.1:<port>/v2`: the value for `neonConfig.wsProxy` (with `useSecureWebSocket = false`). */
  wsProxy: string;
  port: number;
  /** Tunnels opened to the database so far, so a test can tell its queries went through the proxy. */
  readonly tunnels: number;
  close(): Promise<void>;
}

export async function startWsProxy(opts: { databaseUrl: string }): Promise<WsProxy> {
  const target = new URL(opts.databaseUrl);
  const allowed = { host: target.hostname, port: Number(target.port || 5432) };
  const allowedAddress = `${allowed.host}:${allowed.port}`;
  let tunnels = 0;
  const open = new Set<Socket>();

  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const address = url.searchParams.get("address");
    if (url.pathname !== "/v2" || address !== allowedAddress) {
      refuse(socket, `only ${allowedAddress} is reachable through this proxy, not ${address ?? "(none)"}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      tunnels += 1;
      const db = createConnection({ host: allowed.host, port: allowed.port });
      open.add(db);
      db.setNoDelay(true);
      // Bytes that arrive before the TCP connection is up are queued by the socket itself.
      ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
        db.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
      });
      db.on("data", (chunk) => ws.send(chunk, { binary: true }));
      ws.on("close", () => db.end());
      ws.on("error", () => db.destroy());
      db.on("close", () => {
        open.delete(db);
        ws.close();
      });
      db.on("error", () => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    wsProxy: `127.0.0.1:${port}/v2`,
    port,
    get tunnels() {
      return tunnels;
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const db of open) db.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(socket: Duplex, reason: string): void {
  socket.end(
    `HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(reason)}\r\nconnection: close\r\n\r\n${reason}`,
  );
}
