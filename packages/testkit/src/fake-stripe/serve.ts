/**
 * Runs the fake Stripe on its own, for the local stack: `tsx packages/testkit/src/fake-stripe/serve.ts
 * [port] [webhookUrl]` (or FAKE_STRIPE_PORT / FAKE_STRIPE_WEBHOOK_URL), then prints the Worker's
 * variables as KEY=value lines. Stops on SIGINT/SIGTERM.
 */
import { fakeStripeVars, startFakeStripe } from "./index";

const port = Number(process.argv[2] ?? process.env.FAKE_STRIPE_PORT ?? 12111);
const webhookUrl = process.argv[3] ?? process.env.FAKE_STRIPE_WEBHOOK_URL;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fake stripe: invalid port ${process.argv[2] ?? process.env.FAKE_STRIPE_PORT}`);
  process.exit(2);
}

const fake = await startFakeStripe({ port, webhookUrl });
for (const [key, value] of Object.entries(fakeStripeVars(fake.url))) console.log(`${key}=${value}`);
console.error(`fake stripe listening on ${fake.url}${webhookUrl ? `, sending events to ${webhookUrl}` : ""}`);

const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
