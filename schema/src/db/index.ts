export * from "./auth";
export * from "./campaigns";
export * from "./renders";
export * from "./workspaces";
