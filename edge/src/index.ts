import { createApp } from "./app";
import { registerAuth } from "./routes/auth";
import { registerHealth } from "./routes/health";
import { registerKeys } from "./routes/keys";
import { registerMe } from "./routes/me";

const app = createApp();
registerHealth(app);
registerAuth(app);
registerMe(app);
registerKeys(app);

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Record<string, unknown>>;
export { RenderGate } from "./gate/render-gate";
