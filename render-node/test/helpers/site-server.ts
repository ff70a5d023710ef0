import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The shared fixtures live beside the repository (CI copies shared/ next to the clone). */
export const FIXTURES = path.resolve(HERE, "../../../../shared/fixtures/sites");
const PAGES = path.resolve(HERE, "../pages");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".js": "text/javascript",
  ".webm": "video/webm",
};

export interface SeenRequest {
  host: string;
  path: string;
}

export interface SiteServer {
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Serves the shared fixtures under /fixtures/ and this package's test pages under /pages/ on `host`.
 * Extra routes: /hang (never answers), /status/<code>, /redirect?to=<url>, /cf-challenge (a 403
 * Cloudflare-style challenge), /feed (answers after 1.5 s, for pages that poll), /media/<file> from `mediaDir`.
 */
export async function startSiteServer(
  host = "127.0.0.1",
  options: { mediaDir?: string } = {},
): Promise<SiteServer> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push({ host: req.headers.host ?? "", path: url.pathname });
    if (url.pathname === "/hang" || url.pathname.startsWith("/hang.")) return;
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { "content-type": "text/html" });
      res.end(
        `<h1>status ${status[1]}</h1><p>${"An error page with enough words to not look blank. ".repeat(3)}</p>`,
      );
      return;
    }
    if (url.pathname === "/redirect") {
      res.writeHead(302, { location: url.searchParams.get("to") ?? "/" });
      res.end();
      return;
    }
    if (url.pathname === "/feed") {
      setTimeout(() => res.end("{}"), 1500);
      return;
    }
    if (url.pathname === "/cf-challenge") {
      res.writeHead(403, { "content-type": "text/html", "cf-mitigated": "challenge", server: "cloudflare" });
      res.end(
        '<!doctype html><title>Attention Required! | Cloudflare</title><div id="challenge-stage">' +
          "<h1>Checking if the site connection is secure</h1></div>",
      );
      return;
    }
    const roots: Record<string, string | undefined> = {
      pages: PAGES,
      fixtures: FIXTURES,
      media: options.mediaDir,
    };
    const pages = roots[url.pathname.split("/")[1] ?? ""];
    if (!pages) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    let rel = decodeURIComponent(url.pathname.replace(/^\/(pages|fixtures|media)\//, ""));
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    serveFile(req, res, path.join(pages, path.normalize(rel).replace(/^(\.\.[/\\])+/, "")));
  });
  server.on("upgrade", (req: IncomingMessage, socket) => {
    requests.push({ host: req.headers.host ?? "", path: `upgrade:${req.url ?? ""}` });
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Sends a file; byte ranges are honoured, as every real server does for media (seeking needs them). */
function serveFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  readFile(file).then(
    (body) => {
      const type = TYPES[path.extname(file)] ?? "application/octet-stream";
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
      if (range) {
        const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
        res.writeHead(206, {
          "content-type": type,
          "accept-ranges": "bytes",
          "content-range": `bytes ${start}-${end}/${body.length}`,
          "content-length": end - start + 1,
        });
        res.end(body.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { "content-type": type, "accept-ranges": "bytes" });
      res.end(body);
    },
    () => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    },
  );
}
