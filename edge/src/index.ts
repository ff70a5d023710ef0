import { createApp } from "./app";
import { registerHealth } from "./routes/health";

const app = createApp();
registerHealth(app);

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Record<string, unknown>>;
export { RenderGate } from "./gate/render-gate";
