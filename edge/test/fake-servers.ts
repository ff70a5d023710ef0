import type { TestProject } from "vitest/node";
import { startFakeThirdParties } from "../../scripts/lib/fake-third-parties";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the fake third parties (webhook receivers, Cloudflare's API). */
    fakeUrl: string;
  }
}

/** Webhook receivers and Cloudflare's custom-hostnames API on 127.0.0.1, reached by workerd over HTTP. */
export default async function setup(project: TestProject) {
  const fake = await startFakeThirdParties();
  project.provide("fakeUrl", fake.url);
  return fake.close;
}
