export * from "./contracts";
export * from "./error-tracking";
export * from "./lead-columns";
export * from "./merge";
export * from "./merge-check";
