export * from "./contracts";
export * from "./lead-columns";
export * from "./merge";
export * from "./merge-check";
