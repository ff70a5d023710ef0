import { MissingBinaryError } from "./binaries";
import { ConfigError, configFromEnv } from "./config";
import { createJsonLogger } from "./log";
import { PortInUseError, type RenderNode, startRenderNode } from "./service";
import { EncoderUnavailableError } from "./stages/compose/encoder";

const logger = createJsonLogger();

async function main(): Promise<void> {
  const config = configFromEnv();
  let node: RenderNode | undefined;
  let signals = 0;

  const shutDown = (current: RenderNode) => {
    current.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  // Installed before the node starts, so a signal during startup still drains instead of killing.
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      logger.info("shutting down: no new renders, waiting for running ones", {
        signal,
        drainTimeoutMs: config.drainTimeoutMs,
      });
      if (node) shutDown(node);
    } else {
      logger.warn("second signal: stopping running renders now", { signal });
      void node?.stop({ drainTimeoutMs: 0 });
    }
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  node = await startRenderNode(config, { logger });
  if (signals > 0) shutDown(node);
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof PortInUseError ||
    error instanceof MissingBinaryError ||
    error instanceof EncoderUnavailableError
  ) {
    process.stderr.write(`render-node: ${error.message}\n`);
  } else {
    process.stderr.write(`render-node: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  }
  process.exit(1);
});
