export * from "./analytics";
export * from "./auth";
export * from "./campaigns";
export * from "./domains";
export * from "./operators";
export * from "./renders";
export * from "./webhooks";
export * from "./workspaces";
