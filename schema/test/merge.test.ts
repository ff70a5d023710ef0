import { describe, expect, it } from "vitest";
import { mergeFieldNames, renderMergeFields } from "../src/merge";

describe("renderMergeFields", () => {
  it("fills fields and falls back when a field is missing or blank", () => {
    const out = renderMergeFields("Hi {{first_name|there}}, see {{ website }}/pricing {{company|}}", {
      first_name: "  ",
      website: "https://acme.test",
    });
    expect(out).toBe("Hi there, see https://acme.test/pricing ");
  });

  it("matches CSV-style headers regardless of case and spacing", () => {
    expect(
      renderMergeFields("{{first_name}} at {{Company-Name}}", { "First Name": "Ada", company_name: "Acme" }),
    ).toBe("Ada at Acme");
  });

  it("lists the fields a template uses", () => {
    expect(mergeFieldNames("{{website}}/x?{{ref|none}}")).toEqual(["website", "ref"]);
  });
});
