import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface EdgeFaultProxy {
  url: string;
  /** Answers every request with 503 until `until` (epoch ms), as a failing edge or its load balancer would. */
  failUntil(until: number): void;
  /** Requests answered 503 by the fault so far. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * Stands between the render nodes and `wrangler dev` on 127.0.0.1, passing requests and bodies through
 * as they stream; during a fault window it answers 503 in the edge's own error shape instead. When the
 * edge behind it is down (a restart), it answers 502, as a proxy in front of a dead origin does.
 */
export async function startEdgeFaultProxy(target: { port: number }): Promise<EdgeFaultProxy> {
  let failingUntil = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    if (Date.now() < failingUntil) {
      refused += 1;
      req.resume();
      res.writeHead(503, { "content-type": "application/json", "retry-after": "5" });
      res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "injected outage" } }));
      return;
    }
    const upstream = request(
      { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("edge unreachable");
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failUntil(until) {
      failingUntil = until;
    },
    get refused() {
      return refused;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
