export * from "./contracts";
export * from "./merge";
