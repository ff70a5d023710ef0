import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";

export interface StaticServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves a folder on 127.0.0.1 (port 0 picks a free one); `/about` finds `about.html` or `about/index.html`. */
export async function serveStatic(dir: string, port = 0): Promise<StaticServer> {
  const handler = sirv(dir, { dev: true, extensions: ["html"], dotfiles: false });
  const server = createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end("<!doctype html><title>Not found</title><h1>Not found</h1>");
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
