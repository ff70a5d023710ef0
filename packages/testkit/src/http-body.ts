import type { IncomingMessage, ServerResponse } from "node:http";

// The fakes of third parties read and answer plain node:http requests the same way.

/** The request's whole body. */
export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The request's whole body as UTF-8 text. */
export async function readText(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString("utf8");
}

/** Answers `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
