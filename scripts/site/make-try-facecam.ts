/**
 * `npm run site:try-facecam`: writes the demo facecam the storefront's "try it" samples are rendered
 * with (site/public/try/demo-facecam.mp4, small enough to commit). The edge copies it into the platform
 * workspace's media the first time a sample is asked for.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";

const OUT = fromRoot("site/public/try/demo-facecam.mp4");
/** A sample lasts 8 s; the clip is as long, so the bubble talks the whole time. */
const SECONDS = 8;
const MAX_BYTES = 400_000;

await makeFacecam(OUT, SECONDS, { width: 320, height: 240 });
const bytes = statSync(OUT).size;
if (bytes > MAX_BYTES) throw new Error(`${OUT} is ${bytes} bytes, over ${MAX_BYTES}`);
console.log(`wrote ${path.relative(fromRoot("."), OUT)} (${bytes} bytes)`);
