import {
  fakeBunnyVars,
  fakeCloudflareVars,
  startFakeThirdParties,
} from "@loom-lite/testkit/fake-third-parties";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the fake third parties (webhook receivers, Cloudflare's API). */
    fakeUrl: string;
    /** The Worker's variables that point Cloudflare's API and Bunny Storage at the fake. */
    fakeVars: Record<string, string>;
  }
}

/** Webhook receivers and Cloudflare's custom-hostnames API on 127.0.0.1, reached by workerd over HTTP. */
export default async function setup(project: TestProject) {
  const fake = await startFakeThirdParties();
  project.provide("fakeUrl", fake.url);
  // Built here rather than in vitest.config.ts: the config is loaded by plain Node, which cannot
  // import the test kit's TypeScript.
  project.provide("fakeVars", { ...fakeCloudflareVars(fake.url), ...fakeBunnyVars(fake.url) });
  return fake.close;
}
