import { describe, expect, it } from "vitest";
import { ownFieldForHeader, STANDARD_LEAD_FIELDS, standardFieldForHeader } from "../src/lead-columns";
import {
  campaignColumns,
  checkMergeFields,
  closestColumn,
  mergeFieldChoices,
  mergeFieldUses,
} from "../src/merge-check";

const scenes = [
  {
    url: "{{webiste}}/pricing",
    actions: [
      { type: "scroll" as const, to: "bottom" },
      { type: "hover" as const, selector: "a[title='{{company}}']" },
    ],
    overlays: [{ text: "Hi {{first_name|there}} from {{favourite_dsh}}", at: 0 }],
  },
];

describe("mergeFieldUses", () => {
  it("lists every merge field of the scenes and landing texts with where it is written", () => {
    const uses = mergeFieldUses({ spec: { scenes }, landing: { headline: "For {{company}}", message: "" } });
    expect(uses).toEqual([
      { path: ["spec", "scenes", 0, "url"], field: "webiste" },
      { path: ["spec", "scenes", 0, "actions", 1, "selector"], field: "company" },
      { path: ["spec", "scenes", 0, "overlays", 0, "text"], field: "first_name" },
      { path: ["spec", "scenes", 0, "overlays", 0, "text"], field: "favourite_dsh" },
      { path: ["landing", "headline"], field: "company" },
    ]);
  });
});

describe("campaignColumns", () => {
  it("is the standard columns, plus what the saved campaign names and the rep declares, before any lead", () => {
    const columns = campaignColumns({
      leadColumns: [],
      saved: [{ path: ["spec", "scenes", 0, "url"], field: "Promo-Code" }],
      declared: ["Favourite Dish"],
    });
    for (const standard of STANDARD_LEAD_FIELDS) expect(columns.has(standard)).toBe(true);
    expect(columns.has("promo_code")).toBe(true);
    expect(columns.has("favourite_dish")).toBe(true);
  });

  it("is the leads' columns once the campaign has leads (standard ones they lack are not columns)", () => {
    const columns = campaignColumns({
      leadColumns: ["website", "First Name"],
      saved: [{ path: ["spec", "scenes", 0, "url"], field: "company" }],
    });
    expect([...columns].sort()).toEqual(["first_name", "website"]);
  });
});

describe("checkMergeFields", () => {
  it("names an unknown field and offers the close column", () => {
    const uses = mergeFieldUses({ spec: { scenes } });
    const problems = checkMergeFields(uses, campaignColumns({ leadColumns: [] }), false);
    expect(problems.map((p) => [p.path.join("."), p.field, p.suggestion])).toEqual([
      ["spec.scenes.0.url", "webiste", "website"],
      ["spec.scenes.0.overlays.0.text", "favourite_dsh", undefined],
    ]);
    expect(problems[0]?.message).toBe("{{webiste}} is not a standard lead column; did you mean {{website}}?");
    expect(problems[1]?.message).toMatch(
      /^\{\{favourite_dsh\}\} is not a standard lead column; add it as a column/,
    );
  });

  it("says which columns the leads have when nothing is close", () => {
    const uses = [{ path: ["landing", "message"], field: "discount" }];
    const [problem] = checkMergeFields(uses, campaignColumns({ leadColumns: ["website", "email"] }), true);
    expect(problem?.message).toBe(
      "{{discount}} is not a column of this campaign's leads; their columns are website, email",
    );
  });

  it("accepts fields in any case or spacing, with or without a fallback", () => {
    const uses = mergeFieldUses({
      spec: {
        scenes: [{ url: "{{ Website }}", actions: [], overlays: [{ text: "{{FIRST-NAME|you}}", at: 0 }] }],
      },
    });
    expect(checkMergeFields(uses, campaignColumns({ leadColumns: [] }), false)).toEqual([]);
  });
});

describe("closestColumn", () => {
  it("counts a swap of two letters as one edit and refuses names too far off", () => {
    const columns = ["website", "first_name", "company", "email"];
    expect(closestColumn("webiste", columns)).toBe("website");
    expect(closestColumn("firstname", columns)).toBe("first_name");
    expect(closestColumn("compnay", columns)).toBe("company");
    expect(closestColumn("phone", columns)).toBeUndefined();
    expect(closestColumn("mail", columns)).toBe("email");
  });
});

describe("lead columns from CSV headers", () => {
  it("maps known spellings to the standard column and others to their own name", () => {
    expect(standardFieldForHeader("E-mail Address")).toBe("email");
    expect(standardFieldForHeader("Role")).toBe("title");
    expect(standardFieldForHeader("Favourite Dish")).toBeUndefined();
    expect(ownFieldForHeader("Favourite Dish", 3)).toBe("favourite_dish");
    expect(ownFieldForHeader("???", 3)).toBe("column_3");
  });
});

describe("custom columns of imported leads", () => {
  // What an import of `First Name,Website,Role,Favourite Dish,Promo-Code` stores, as leadColumnsOf
  // lists it (`Role` kept as its own column by the rep instead of the guessed `title`).
  const leadColumns = ["favourite_dish", "first_name", "promo_code", "role", "website"];
  const uses = mergeFieldUses({
    spec: { scenes: [{ url: "{{website}}?code={{Promo-Code}}", actions: [], overlays: [] }] },
    landing: { headline: "{{first_name}}, the {{favourite_dish}} is for a {{ROLE}}", message: "" },
  });

  it("accepts every custom column the leads carry, in any spelling", () => {
    expect(checkMergeFields(uses, campaignColumns({ leadColumns }), true)).toEqual([]);
  });

  it("refuses a custom column no lead carries, and a standard one the leads lack, offering the close one", () => {
    const typo = [{ path: ["landing", "headline"], field: "favorite_dish" }];
    const [problem] = checkMergeFields(typo, campaignColumns({ leadColumns }), true);
    expect(problem).toMatchObject({ field: "favorite_dish", suggestion: "favourite_dish" });
    const title = [{ path: ["landing", "message"], field: "title" }];
    expect(checkMergeFields(title, campaignColumns({ leadColumns }), true)[0]?.message).toBe(
      "{{title}} is not a column of this campaign's leads; their columns are favourite_dish, first_name, promo_code, role, website",
    );
  });

  it("offers a chip for each of the campaign's columns: standard ones in their order, then custom A–Z", () => {
    expect(mergeFieldChoices(campaignColumns({ leadColumns }))).toEqual([
      "website",
      "first_name",
      "favourite_dish",
      "promo_code",
      "role",
    ]);
    // Before any lead: every standard column, and what the rep declared.
    const before = mergeFieldChoices(campaignColumns({ leadColumns: [], declared: ["Favourite Dish"] }));
    expect(before).toEqual([...STANDARD_LEAD_FIELDS, "favourite_dish"]);
  });
});
