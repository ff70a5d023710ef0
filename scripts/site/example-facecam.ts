/**
 * `npm run site:example-facecam`: writes the example campaign's demo facecam, served as a static file of
 * the site (site/public/example/facecam.mp4) so every deployment has it. The edge copies it into a
 * workspace through the same checks as an upload when the rep opens the example campaign. Short and
 * small: each of the example's videos lasts as long as the clip, and counts against the plan.
 */
import { statSync } from "node:fs";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";

const OUT = fromRoot("site/public/example/facecam.mp4");
const SECONDS = 12;
const MAX_BYTES = 600_000;

await makeFacecam(OUT, SECONDS, { width: 480, height: 360 });
const bytes = statSync(OUT).size;
if (bytes > MAX_BYTES) throw new Error(`${OUT} is ${bytes} bytes, over ${MAX_BYTES}`);
console.log(`wrote site/public/example/facecam.mp4 (${bytes} bytes, ${SECONDS} s)`);
