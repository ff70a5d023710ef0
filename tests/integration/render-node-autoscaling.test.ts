import { readFileSync } from "node:fs";
import { ScaledObject, TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { fromRoot } from "@loom-lite/testkit/paths";
import { Deployment } from "kubernetes-models/apps/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ENV_NAMES, JOB_WIND_DOWN_MS } from "../../render-node/src/config";
import openapi from "../../schema/openapi.json" with { type: "json" };

// The Kubernetes manifests of render-node/deploy/kubernetes, offline: each validated against its
// Kubernetes or KEDA schema (kubernetes-models), and checked against what they point at: the node's
// own variables and drain, and the fields of the edge's metrics JSON as its API contract declares them.

const DIR = fromRoot("render-node", "deploy", "kubernetes");

/** Metadata keys KEDA's metrics-api scaler reads (pkg/scalers/metrics_api_scaler.go). */
const METRICS_API_KEYS = new Set([
  "url",
  "valueLocation",
  "targetValue",
  "activationTargetValue",
  "format",
  "unsafeSsl",
  "authMode",
  "method",
  "keyParamName",
]);

type Manifest = Record<string, unknown> & { kind: string };

function load(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(`${DIR}/${file}`, "utf8")).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
    return doc.toJS() as Manifest;
  });
}

const MODELS = {
  Deployment: (m: Manifest) => new Deployment(m as never),
  ScaledObject: (m: Manifest) => new ScaledObject(m as never),
  TriggerAuthentication: (m: Manifest) => new TriggerAuthentication(m as never),
} as const;

/** Every manifest as its typed model, validated; an unknown kind fails. */
function models() {
  const all = [...load("deployment.yaml"), ...load("scaledobject.yaml")].map((m) => {
    const make = MODELS[m.kind as keyof typeof MODELS];
    if (!make) throw new Error(`no model for kind ${m.kind}`);
    const model = make(m);
    model.validate();
    return model;
  });
  const one = <T>(type: new (...args: never[]) => T): T => {
    const found = all.filter((m) => m instanceof type);
    expect(found, type.name).toHaveLength(1);
    return found[0] as T;
  };
  return {
    deployment: one(Deployment),
    scaledObject: one(ScaledObject),
    triggerAuth: one(TriggerAuthentication),
  };
}

type JsonSchema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** The schema at a GJSON path made of plain keys (`queued.video`), or why there is none. */
function schemaAt(root: JsonSchema, location: string): JsonSchema | string {
  const resolve = (s: JsonSchema): JsonSchema =>
    s.$ref
      ? resolve(
          (openapi.components.schemas as unknown as Record<string, JsonSchema>)[
            s.$ref.split("/").pop() ?? ""
          ] ?? {},
        )
      : s;
  let schema = resolve(root);
  for (const key of location.split(".")) {
    const next = schema.properties?.[key];
    if (!next) return `no field "${key}" in ${JSON.stringify(Object.keys(schema.properties ?? {}))}`;
    if (!schema.required?.includes(key)) return `"${key}" is optional`;
    schema = resolve(next);
  }
  return schema;
}

describe("Kubernetes manifests of the render fleet (render-node/deploy/kubernetes)", () => {
  it("are valid Deployment, ScaledObject and TriggerAuthentication objects that agree with each other", () => {
    const { deployment, scaledObject, triggerAuth } = models();
    expect(scaledObject.spec?.scaleTargetRef.name).toBe(deployment.metadata?.name);

    const pod = deployment.spec?.template.spec;
    const container = pod?.containers[0];
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    // Every variable set is one the node reads.
    const known = new Set<string>(Object.values(ENV_NAMES));
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
    // Kubernetes kills the pod only after the node's drain and its wind-down.
    const drainS = Number(env.DRAIN_TIMEOUT_MS ?? 60_000) / 1000;
    expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(drainS + JOB_WIND_DOWN_MS / 1000);
    // The node's secrets come from a Secret, not from the manifest.
    expect(container?.envFrom?.[0]?.secretRef?.name).toBe("loom-render-node");
    expect(JSON.stringify(container?.env)).not.toMatch(/NODE_TOKEN|EDGE_URL/);
    // The health port is reachable by the probes.
    expect(env.HOST).toBe("0.0.0.0");
    expect(container?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });

    // One node per SLOTS renders waiting or running.
    const modifiers = scaledObject.spec?.advanced?.scalingModifiers;
    expect(modifiers?.target).toBe(env.SLOTS);
    const triggers = scaledObject.spec?.triggers ?? [];
    expect(new Set(modifiers?.formula?.match(/[a-z]+/gi))).toEqual(new Set(triggers.map((t) => t.name)));
    for (const trigger of triggers) {
      expect(trigger.type).toBe("metrics-api");
      expect(Object.keys(trigger.metadata).filter((k) => !METRICS_API_KEYS.has(k))).toEqual([]);
      expect(trigger.metadata.authMode).toBe("bearer");
      expect(trigger.authenticationRef?.name).toBe(triggerAuth.metadata?.name);
    }
    // Bearer auth reads the `token` parameter from the metrics token's Secret.
    expect(triggerAuth.spec?.secretTargetRef).toEqual([
      { parameter: "token", name: "loom-metrics", key: "token" },
    ]);
  });

  it("reads fields the edge's /api/metrics.json really has, as numbers", () => {
    const { scaledObject } = models();
    const route = openapi.paths["/api/metrics.json"].get;
    const body = route.responses["200"].content["application/json"].schema as JsonSchema;
    // The metrics token's route, not the admin one.
    expect(route.security).toEqual([{ metricsToken: [] }]);
    for (const trigger of scaledObject.spec?.triggers ?? []) {
      expect(new URL(trigger.metadata.url as string).pathname).toBe("/api/metrics.json");
      const location = trigger.metadata.valueLocation as string;
      const field = schemaAt(body, location);
      expect(typeof field === "string" ? `${location}: ${field}` : field.type, location).toMatch(
        /^(integer|number)$/,
      );
    }
    // The check itself refuses a field the edge does not send.
    expect(schemaAt(body, "queueDepth")).toMatch(/no field "queueDepth"/);
  });

  it("the validation refuses a malformed manifest", () => {
    const [deployment] = load("deployment.yaml") as [
      Manifest & { spec: { template: { spec: Record<string, unknown> } } },
    ];
    deployment.spec.template.spec.terminationGracePeriodSeconds = "six minutes";
    expect(() => MODELS.Deployment(deployment).validate()).toThrow(
      /terminationGracePeriodSeconds must be integer/,
    );
  });
});
