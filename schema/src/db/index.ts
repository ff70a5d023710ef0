export * from "./auth";
export * from "./campaigns";
export * from "./renders";
export * from "./workspaces";
export * from "./analytics";
export * from "./domains";
export * from "./webhooks";
