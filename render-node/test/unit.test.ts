import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv, parseConfig } from "../src/config";
import { EgressGuard, forbiddenAddressReason } from "../src/core/egress-guard";
import { EdgeClient } from "../src/service/edge-client";
import { planSceneDurations } from "../src/stages/preflight/durations";
import { resolveSceneUrl } from "../src/stages/preflight/inputs";

describe("planSceneDurations", () => {
  it("gives scenes without seconds an even share of what the facecam leaves", () => {
    const plan = planSceneDurations([{ seconds: 2 }, {}, {}], 8, 30);
    expect(plan.scenes).toEqual([
      { seconds: 2, frames: 60 },
      { seconds: 3, frames: 90 },
      { seconds: 3, frames: 90 },
    ]);
    expect(plan.totalSeconds).toBe(8);
    expect(plan.warnings).toEqual([]);
  });

  it("rounds to whole frames and uses the facecam length when no scene says otherwise", () => {
    const plan = planSceneDurations([{}, {}, {}], 10, 30);
    expect(plan.scenes.map((s) => s.frames)).toEqual([100, 100, 100]);
    expect(plan.totalSeconds).toBe(10);
  });

  it("warns when the scenes leave no room or outlast the facecam", () => {
    const squeezed = planSceneDurations([{ seconds: 9 }, {}], 10, 30);
    expect(squeezed.scenes[1]).toEqual({ seconds: 2, frames: 60 });
    expect(squeezed.warnings.join(" ")).toContain("each gets 2 s");
    const long = planSceneDurations([{ seconds: 20 }], 5, 30);
    expect(long.totalSeconds).toBe(20);
    expect(long.warnings.join(" ")).toContain("the facecam only 5.0 s");
  });
});

describe("scene URLs", () => {
  it("fills merge fields and adds https:// to a bare domain", () => {
    expect(resolveSceneUrl("{{website}}/pricing", { Website: "acme.test" }, "Scene 1")).toBe(
      "https://acme.test/pricing",
    );
    expect(resolveSceneUrl("{{website|https://fallback.test}}", {}, "Scene 2")).toBe(
      "https://fallback.test/",
    );
  });

  it("refuses what is not an http(s) address, naming the scene", () => {
    expect(() => resolveSceneUrl("{{website}}/pricing", {}, "Scene 2")).toThrow(
      'Scene 2: the URL template "{{website}}/pricing" gives "/pricing"',
    );
    expect(() => resolveSceneUrl("javascript:alert(1)", {}, "Scene 1")).toThrow("not an http(s) web address");
  });
});

describe("EgressGuard", () => {
  it("refuses private, loopback, link-local and metadata addresses", async () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "0.0.0.0",
    ]) {
      expect(forbiddenAddressReason(address), address).not.toBeNull();
    }
    expect(forbiddenAddressReason("93.184.216.34")).toBeNull();
    const guard = new EgressGuard([]);
    expect(await guard.checkUrl("http://169.254.169.254/latest/meta-data")).toContain("linkLocal");
    expect(await guard.checkUrl("file:///etc/passwd")).toContain("file: scheme");
    expect(await guard.checkUrl("http://[::1]:8080/")).toContain("loopback");
    expect(await guard.checkUrl("http://localhost:8080/")).toContain("localhost resolves to");
  });

  it("refuses IPv4-compatible IPv6 (::7f00:1) and cloud metadata addresses that look public", async () => {
    for (const [address, reason] of [
      ["::7f00:1", "it is a reserved IPv6 address (::7f00:1)"],
      ["0:0:0:0:0:0:a9fe:a9fe", "it is a reserved IPv6 address (::a9fe:a9fe)"],
      ["::808:808", "it is a reserved IPv6 address (::808:808)"],
      ["168.63.129.16", "it is a cloud metadata address (168.63.129.16)"],
      ["::ffff:168.63.129.16", "it is a cloud metadata address (168.63.129.16)"],
      ["192.0.0.192", "it is a reserved address (192.0.0.192)"],
    ] as const) {
      expect(forbiddenAddressReason(address), address).toBe(reason);
    }
    expect(forbiddenAddressReason("2606:4700:4700::1111"), "public IPv6").toBeNull();
    const guard = new EgressGuard([]);
    expect(await guard.checkUrl("http://[::7f00:1]:8080/")).toContain("reserved IPv6");
    expect(await guard.checkUrl("http://168.63.129.16/machine?comp=goalstate")).toContain("cloud metadata");
    // A name that resolves to them is refused too, and allowing a host never opens a metadata address.
    const resolving = new EgressGuard([], async () => ["168.63.129.16"]);
    expect(await resolving.checkUrl("http://wire.test/")).toContain("resolves to a cloud metadata address");
    const allowed = new EgressGuard(["wire.test"]);
    expect(allowed.checkAddress("wire.test", "168.63.129.16")).toContain("cloud metadata address");
    expect(allowed.checkAddress("wire.test", "::7f00:1")).toBeNull(); // allowed names may reach private ones
    expect(new EgressGuard([]).checkAddress("x.test", "::7f00:1")).toContain("reserved IPv6");
  });

  it("lets listed hosts through for local development", async () => {
    const guard = new EgressGuard(["localhost", "*.demo.test"]);
    expect(await guard.checkUrl("http://localhost:4000/")).toBeNull();
    expect(guard.checkAddress("acme.demo.test", "127.0.0.1")).toBeNull();
    expect(guard.checkAddress("other.test", "127.0.0.1")).toContain("loopback");
  });
});

describe("configuration", () => {
  it("reads the environment with defaults", () => {
    const config = configFromEnv({
      EDGE_URL: "http://127.0.0.1:8787/",
      NODE_TOKEN: "secret",
      SLOTS: "3",
      RENDER_ALLOW_HOSTS: "Localhost, 127.0.0.1",
    });
    expect(config).toMatchObject({
      edgeUrl: "http://127.0.0.1:8787",
      slots: 3,
      port: 9464,
      heartbeatMs: 2000,
      pollIdleMs: 2000,
      keepFailedDays: 3,
      minFreeDiskMb: 1024,
      drainTimeoutMs: 60_000,
      allowHosts: ["localhost", "127.0.0.1"],
    });
  });

  it("names every bad variable and never echoes the token", () => {
    let error: unknown;
    try {
      configFromEnv({ EDGE_URL: "ftp://x", NODE_TOKEN: "", PORT: "70000", HEARTBEAT_MS: "fast" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/EDGE_URL: .*"ftp:\/\/x"/);
    expect(message).toContain("NODE_TOKEN");
    expect(message).toMatch(/PORT: .*"70000"/);
    expect(message).toMatch(/HEARTBEAT_MS: .*"fast"/);
  });

  it("names fields when given in code", () => {
    expect(() => parseConfig({ edgeUrl: "http://x.test", nodeToken: "t", slots: 0 })).toThrow(/slots: /);
  });
});

describe("EdgeClient", () => {
  it("keeps the node token on the edge's origin", () => {
    const client = new EdgeClient({ baseUrl: "http://127.0.0.1:8787", token: "t" });
    expect(client.resolve("/nodes/v1/assets/ast_1")).toBe("http://127.0.0.1:8787/nodes/v1/assets/ast_1");
    expect(() => client.resolve("https://elsewhere.test/x")).toThrow("refusing to send the node token");
  });

  it("retries 5xx and network errors but not 4xx", async () => {
    const calls: number[] = [];
    const answers = [503, 502, 200];
    const client = new EdgeClient({
      baseUrl: "http://edge.test",
      token: "t",
      fetch: async () => {
        const status = answers[calls.length] ?? 500;
        calls.push(status);
        return new Response(JSON.stringify({ job: null, lease: null }), { status });
      },
    });
    // claim retries once, so use complete (five retries) for the 5xx path.
    await client.complete("rnd_1", { fence: 1, durationMs: 1, timings: {}, warnings: [] });
    expect(calls).toEqual([503, 502, 200]);

    const fourXx: number[] = [];
    const strict = new EdgeClient({
      baseUrl: "http://edge.test",
      token: "t",
      fetch: async () => {
        fourXx.push(400);
        return new Response(JSON.stringify({ error: { code: "BAD_REQUEST", message: "fence: required" } }), {
          status: 400,
        });
      },
    });
    await expect(
      strict.complete("rnd_1", { fence: 1, durationMs: 1, timings: {}, warnings: [] }),
    ).rejects.toThrow("answered 400 BAD_REQUEST: fence: required");
    expect(fourXx).toEqual([400]);
  });
});
