export * from "./limits";
export * from "./render";
export * from "./scene";
export * from "./workspace";
