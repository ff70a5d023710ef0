import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
}

export interface HttpRoutes {
  health: () => Promise<{ status: number; body: unknown }>;
  metrics: () => Promise<{ contentType: string; body: string }>;
}

export interface RunningHttpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** GET /health and GET /metrics on a local port. */
export async function startHttpServer(
  host: string,
  port: number,
  routes: HttpRoutes,
): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    handle(req, res, routes).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new PortInUseError(`port ${port} is already in use; set PORT`)
          : new Error(`could not listen on ${host}:${port}: ${error.message}`),
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: HttpRoutes): Promise<void> {
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }));
    return;
  }
  if (pathname === "/health") {
    const { status, body } = await routes.health();
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
    return;
  }
  if (pathname === "/metrics") {
    const { contentType, body } = await routes.metrics();
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: `no route ${pathname}` } }));
}
