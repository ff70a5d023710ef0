export { type Binaries, resolveBinaries } from "./binaries";
export {
  ConfigError,
  configFromEnv,
  ENV_NAMES,
  parseConfig,
  type RenderNodeConfig,
  type RenderNodeConfigInput,
} from "./config";
export { createJsonLogger, createTextLogger, type Logger, silentLogger } from "./log";
export * from "./pipeline";
export * from "./service";
