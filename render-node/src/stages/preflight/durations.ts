export { MIN_SCENE_SECONDS, planSceneDurations, type SceneTiming } from "@loom-lite/schema";
