export { MAX_CURSOR_PX_PER_SECOND } from "./cursor";
export { createRandom, motionSeed } from "./random";
export { MAX_SCROLL_PX_PER_SECOND } from "./scroll";
export { fillActionSelectors } from "./selectors";
export { buildSceneMotion, RIPPLE_FRAMES } from "./timeline";
export * from "./types";
