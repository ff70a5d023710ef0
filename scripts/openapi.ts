/**
 * The API contract, kept in the tree: schema/openapi.json is the document the edge serves at
 * /api/openapi.json, and schema/src/api.d.ts its TypeScript types (openapi-typescript), which the
 * dashboard's and the scripts' clients (openapi-fetch) are typed by.
 *
 * `npm run openapi`: regenerate both. The document comes from the Worker itself, through the edge's
 * contract test (edge/test/openapi.test.ts) run with `-u`, which writes it as a file snapshot: the app
 * imports `cloudflare:workers`, so plain Node cannot load it.
 * `npm run openapi -- --check`: fail when the types are stale or the document does not pass
 * `redocly lint` (redocly.yaml); the edge suite fails when the document itself is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fromRoot } from "@loom-lite/testkit/paths";
import { execa } from "execa";
import openapiTS, { astToString } from "openapi-typescript";

const DOCUMENT = fromRoot("schema", "openapi.json");
const TYPES = fromRoot("schema", "src", "api.d.ts");
const HEADER =
  "// Generated from schema/openapi.json by `npm run openapi` (openapi-typescript); do not edit.\n\n";

async function typesFor(documentPath: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(readFileSync(documentPath, "utf8")));
  return HEADER + astToString(ast);
}

async function lint() {
  const result = await execa("npx", ["redocly", "lint", DOCUMENT, "--config", fromRoot("redocly.yaml")], {
    cwd: fromRoot(),
    stdio: "inherit",
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error("redocly lint found errors in schema/openapi.json (above)");
}

async function update() {
  const edge = await execa(
    "npx",
    ["vitest", "run", "test/openapi.test.ts", "-t", "committed contract", "--update"],
    { cwd: fromRoot("edge"), stdio: "inherit", reject: false },
  );
  if (edge.exitCode !== 0)
    throw new Error("the edge's contract test failed; schema/openapi.json is not updated");
  writeFileSync(TYPES, await typesFor(DOCUMENT));
  console.log("wrote schema/openapi.json and schema/src/api.d.ts");
  await lint();
}

async function check() {
  let committed = "";
  try {
    committed = readFileSync(TYPES, "utf8");
  } catch {
    // Missing counts as stale.
  }
  if (committed !== (await typesFor(DOCUMENT))) {
    throw new Error("schema/src/api.d.ts does not match schema/openapi.json: run `npm run openapi`");
  }
  await lint();
}

try {
  await (process.argv.includes("--check") ? check() : update());
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
