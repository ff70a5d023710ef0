export * from "./contact";
export * from "./limits";
export * from "./links";
export * from "./plans";
export * from "./render";
export * from "./scene";
export * from "./scene-timing";
export * from "./workspace";
