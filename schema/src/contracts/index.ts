export * from "./links";
export * from "./media";
export * from "./render";
export * from "./scene";
export * from "./workspace";
