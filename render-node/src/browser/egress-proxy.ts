import type { LookupAddress, LookupOptions } from "node:dns";
import { RequestError, Server } from "proxy-chain";
import type { EgressGuard } from "../core/egress-guard";

export interface BlockedRequest {
  host: string;
  port: number;
  reason: string;
}

export interface EgressProxy {
  /** `http://127.0.0.1:<port>`, for Chromium's `proxy.server`. */
  url: string;
  /** Every connection refused so far, oldest first. */
  blocked: BlockedRequest[];
  close(): Promise<void>;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The browser's only way out: an HTTP forward proxy on 127.0.0.1 (plain requests and CONNECT tunnels
 * for https/wss). It resolves each host itself, refuses it when any address is forbidden, and connects
 * to the very addresses it checked, so the check happens before a byte is sent and DNS rebinding
 * between check and connect is impossible.
 */
export async function startEgressProxy(guard: EgressGuard): Promise<EgressProxy> {
  const blocked: BlockedRequest[] = [];
  const refuse = (host: string, port: number, reason: string): never => {
    blocked.push({ host, port, reason });
    throw new RequestError(`Blocked by the render node: ${reason}`, 403);
  };

  const checkedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    guard.resolve(hostname).then(
      (addresses) => {
        const reasons = addresses.map((a) => guard.checkAddress(hostname, a)).filter((r) => r !== null);
        if (addresses.length === 0 || reasons.length > 0) {
          const reason = reasons[0] ?? "no address";
          blocked.push({
            host: hostname,
            port: 0,
            reason: `${hostname} resolved to ${reason.replace(/^it is /, "")}`,
          });
          const error: NodeJS.ErrnoException = new Error(`${hostname}: ${reason}`);
          error.code = "ENOTFOUND";
          callback(error, []);
          return;
        }
        const all = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
        if (options.all) callback(null, all);
        else callback(null, all[0]?.address ?? "", all[0]?.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };

  const server = new Server({
    port: 0,
    host: "127.0.0.1",
    verbose: false,
    prepareRequestFunction: async ({ hostname, port }) => {
      // Literal addresses never reach `lookup`, so they are judged here; names are judged again,
      // address by address, in the lookup the connection itself uses.
      const reason = await guard.checkHost(hostname);
      if (reason) refuse(hostname, port, reason);
      return { dnsLookup: checkedLookup as never };
    },
  });
  await server.listen();
  return {
    url: `http://127.0.0.1:${server.port}`,
    blocked,
    close: () => server.close(true),
  };
}
