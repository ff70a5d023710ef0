export * from "./render";
export * from "./scene";
