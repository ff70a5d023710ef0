import { describe, expect, it } from "vitest";
import { type AuthedFetch, anonymous, authed, signUp } from "./helpers/accounts";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import { workerWith } from "./helpers/worker-with";

interface Report {
  dryRun: boolean;
  mode: string;
  delimiter: string;
  columns: Array<{ header: string; field: string | null; guessed: boolean }>;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  imported: number;
  errors: Array<{ row: number; field: string | null; code: string; message: string }>;
  preview: Array<{ row: number; fields: Record<string, string> }>;
}

async function importCsv(call: AuthedFetch, campaignId: string, csv: string, query = ""): Promise<Response> {
  return call(`/api/campaigns/${campaignId}/leads/import${query}`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: csv,
  });
}

async function report(res: Response): Promise<Report> {
  const body = (await res.json()) as Report;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function leadFields(call: AuthedFetch, campaignId: string): Promise<Array<Record<string, string>>> {
  const res = await call(`/api/campaigns/${campaignId}/leads?limit=200`);
  const body = (await res.json()) as { leads: Array<{ fields: Record<string, string> }> };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.leads.map((l) => l.fields);
}

describe("POST /api/campaigns/:id/leads/import", () => {
  it("reads a spreadsheet export: BOM, semicolons, quoted newlines, guessed headers, URLs normalised", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const csv =
      "\uFEFFFirst Name;Company Name;Company Domain;E-mail;Notes\r\n" +
      'Ada;"Lovelace; Sons";lovelace.example.com;ada@example.com;"likes\nengines"\r\n' +
      "\r\n" +
      "Bob;Bobco;https://www.bobco.example.org/;bob@example.org;\r\n";
    const dry = await report(await importCsv(call, campaign.id, csv, "?dryRun=true"));
    expect(dry).toMatchObject({ dryRun: true, delimiter: ";", totalRows: 2, validRows: 2, imported: 0 });
    expect(dry.columns).toEqual([
      { header: "First Name", field: "first_name", guessed: true },
      { header: "Company Name", field: "company", guessed: true },
      { header: "Company Domain", field: "website", guessed: true },
      { header: "E-mail", field: "email", guessed: true },
      { header: "Notes", field: "notes", guessed: true },
    ]);
    expect(dry.preview).toEqual([
      {
        row: 2,
        fields: {
          first_name: "Ada",
          company: "Lovelace; Sons",
          website: "https://lovelace.example.com",
          email: "ada@example.com",
          notes: "likes\nengines",
        },
      },
      // Row 3 is blank; a quoted newline stays inside its row, as in a spreadsheet.
      {
        row: 4,
        fields: {
          first_name: "Bob",
          company: "Bobco",
          website: "https://www.bobco.example.org",
          email: "bob@example.org",
        },
      },
    ]);
    expect(await leadFields(call, campaign.id)).toEqual([]);

    const done = await report(await importCsv(call, campaign.id, csv));
    expect(done).toMatchObject({ dryRun: false, imported: 2, invalidRows: 0 });
    expect(await leadFields(call, campaign.id)).toEqual(dry.preview.map((p) => p.fields));
  });

  it("reports bad URLs, bad emails, missing websites and duplicates by row number", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    await addLeads(call, campaign.id, [
      { first_name: "Old", website: "old.example.com", email: "old@example.com" },
    ]);
    const csv = [
      "first_name\twebsite\temail",
      "Ok\tok.example.com\tok@example.com",
      "BadUrl\tnot a website\t",
      "BadMail\tmail.example.com\tnope",
      "NoSite\t\tnosite@example.com",
      "Twin\thttps://OK.example.com/\t",
      "Again\tother.example.com\tOK@example.com",
      "Existing\twww.old.example.com\t",
      "ExistingMail\tfresh.example.com\told@example.com",
    ].join("\n");
    const dry = await report(await importCsv(call, campaign.id, csv, "?dryRun=1"));
    expect(dry.delimiter).toBe("\t");
    expect(dry.validRows).toBe(1);
    expect(dry.invalidRows).toBe(7);
    expect(dry.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, "website", "invalid_url"],
      [4, "email", "invalid_email"],
      [5, "website", "missing_field"],
      [6, "website", "duplicate_in_file"],
      [7, "email", "duplicate_in_file"],
      [8, "website", "duplicate_existing"],
      [9, "email", "duplicate_existing"],
    ]);
    expect(dry.errors[0]?.message).toContain("not a website");
    expect(dry.errors[3]?.message).toBe("same website as row 2");

    // All or nothing (the default) refuses the file and adds nothing.
    await expectError(await importCsv(call, campaign.id, csv), 400, "BAD_REQUEST", /row 3 website/);
    expect(await leadFields(call, campaign.id)).toHaveLength(1);

    // "Import valid rows" takes the good one and reports the rest.
    const partial = await report(await importCsv(call, campaign.id, csv, "?mode=valid_rows"));
    expect(partial).toMatchObject({ imported: 1, invalidRows: 7 });
    expect((await leadFields(call, campaign.id)).map((f) => f.first_name)).toEqual(["Old", "Ok"]);
  });

  it("takes an explicit mapping as JSON, multipart or query, and ignores unmapped-to-null columns", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const campaign = await createCampaign(call);
    const csv = "Who,Site,Secret\nAda,ada.example.com,x\n";
    const mapping = { Who: "first_name", Site: "website", Secret: null };

    const viaJson = await report(
      await call(`/api/campaigns/${campaign.id}/leads/import`, {
        method: "POST",
        json: { csv, mapping, dryRun: true },
      }),
    );
    expect(viaJson.preview[0]?.fields).toEqual({ first_name: "Ada", website: "https://ada.example.com" });
    expect(viaJson.columns).toContainEqual({ header: "Secret", field: null, guessed: false });

    const viaQuery = await report(
      await importCsv(
        call,
        campaign.id,
        csv,
        `?dryRun=true&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
      ),
    );
    expect(viaQuery.preview).toEqual(viaJson.preview);

    const form = new FormData();
    form.set("file", new File([csv], "leads.csv", { type: "text/csv" }));
    form.set("mapping", JSON.stringify(mapping));
    const viaForm = await report(
      await call(`/api/campaigns/${campaign.id}/leads/import`, { method: "POST", body: form }),
    );
    expect(viaForm).toMatchObject({ imported: 1 });
    expect(await leadFields(call, campaign.id)).toEqual([
      { first_name: "Ada", website: "https://ada.example.com" },
    ]);
  });

  it("imports 10,000 rows, and refuses 10,001", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const rows = (n: number) =>
      ["first_name,website", ...Array.from({ length: n }, (_, i) => `L${i},site${i}.example.com`)].join("\n");
    await expectError(
      await importCsv(call, campaign.id, rows(10_001)),
      400,
      "BAD_REQUEST",
      /10001 rows.*10000/,
    );
    const done = await report(await importCsv(call, campaign.id, rows(10_000)));
    expect(done.imported).toBe(10_000);
    const page = await call(`/api/campaigns/${campaign.id}/leads?limit=1`);
    expect(
      ((await page.json()) as { leads: Array<{ fields: Record<string, string> }> }).leads[0]?.fields,
    ).toEqual({
      first_name: "L0",
      website: "https://site0.example.com",
    });
  }, 120_000);

  it("answers 400 naming the field for malformed requests, and imports nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const ok = "first_name,website\nAda,ada.example.com\n";
    const cases: Array<[Promise<Response>, RegExp]> = [
      [importCsv(call, campaign.id, ""), /body/],
      [importCsv(call, campaign.id, "first_name,website\n"), /body: .*no rows/],
      [importCsv(call, campaign.id, ok, "?mode=sometimes"), /mode/],
      [importCsv(call, campaign.id, ok, "?dryRun=maybe"), /dryRun/],
      [importCsv(call, campaign.id, ok, "?mapping=%7Bnot-json"), /mapping/],
      [
        importCsv(call, campaign.id, ok, `?mapping=${encodeURIComponent('{"Nope":"website"}')}`),
        /mapping\.Nope/,
      ],
      [
        importCsv(call, campaign.id, ok, `?mapping=${encodeURIComponent('{"website":"first name!"}')}`),
        /mapping\.website/,
      ],
      [call(`/api/campaigns/${campaign.id}/leads/import`, { method: "POST", json: { dryRun: true } }), /csv/],
      [
        call(`/api/campaigns/${campaign.id}/leads/import`, {
          method: "POST",
          headers: { "content-type": "application/xml" },
          body: "<a/>",
        }),
        /content-type|Unsupported/i,
      ],
    ];
    for (const [pending, field] of cases) await expectError(await pending, 400, "BAD_REQUEST", field);
    expect(await leadFields(call, campaign.id)).toEqual([]);
  });

  it("refuses a body over 20 MB before reading it, and a stream without a length stops at the cap", async () => {
    const account = await signUp();
    const campaign = await createCampaign(authed(account.cookie));
    const url = `/api/campaigns/${campaign.id}/leads/import`;
    const declared = await workerWith({})(url, {
      method: "POST",
      cookie: account.cookie,
      headers: { "content-type": "text/csv", "content-length": String(21 * 1024 * 1024) },
      body: "first_name,website\nAda,example.com\n",
    });
    await expectError(declared, 400, "BAD_REQUEST", /over 20 MB/);

    let pulled = 0;
    const row = new TextEncoder().encode(`Ada,${"x".repeat(1000)}.example.com\n`);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 100_000) controller.close();
        else controller.enqueue(row);
      },
    });
    const streamed = await workerWith({})(url, {
      method: "POST",
      cookie: account.cookie,
      headers: { "content-type": "text/csv" },
      body: endless,
    });
    await expectError(streamed, 400, "BAD_REQUEST", /over 20 MB/);
    expect(pulled, "rows read before the refusal").toBeLessThan(25_000);
    const leads = await authed(account.cookie)(`/api/campaigns/${campaign.id}/leads`);
    expect(((await leads.json()) as { leads: unknown[] }).leads).toEqual([]);
  });

  it("answers 401 without credentials and 404 for another workspace's campaign", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const campaign = await createCampaign(authed(owner.cookie));
    const csv = "first_name,website\nAda,ada.example.com\n";
    await expectError(await importCsv(anonymous, campaign.id, csv), 401, "UNAUTHORIZED");
    await expectError(await importCsv(authed(stranger.cookie), campaign.id, csv), 404, "NOT_FOUND");
    await expectError(await importCsv(authed(stranger.apiKey), campaign.id, csv), 404, "NOT_FOUND");
    expect(await leadFields(authed(owner.cookie), campaign.id)).toEqual([]);
  });
});
