import { DurableObject } from "cloudflare:workers";

export class RenderGate extends DurableObject {}
