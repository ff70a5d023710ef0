// Schemas from @loom-lite/schema only get `.openapi()` when @hono/zod-openapi has extended zod before
// they were created. The Worker's entry imports it first; a test that imports @loom-lite/schema before
// the Worker loads would otherwise reverse that order.
import "@hono/zod-openapi";
