import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCampaign, ffprobe, launchNode, newAccount, setGlobalCap, waitFor } from "../harness/world";

describe("a campaign from the API to playable videos", () => {
  let api: ApiClient;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let renderIds: string[] = [];
  const SCENE_SECONDS = [1.5, 1.5] as const;

  beforeAll(async () => {
    await setGlobalCap(2);
    api = await newAccount();
    node = await launchNode("e2e", { slots: 2 });
  });
  afterAll(() => node?.stop());

  it("renders three leads over two scenes into valid H.264 MP4s", async () => {
    const { campaignId, leadIds } = await createCampaign(api, {
      facecam: "long",
      leads: 3,
      scenes: [
        { url: "{{website}}", seconds: SCENE_SECONDS[0] },
        { url: `${inject("pagesUrl")}/pricing.html?for={{first_name}}`, seconds: SCENE_SECONDS[1] },
      ],
    });
    renderIds = (await api.enqueueRenders(campaignId)).map((r) => r.id);
    expect(renderIds).toHaveLength(3);

    const leads = await waitFor(
      "three finished renders",
      async () => {
        const rows = await api.getLeads(campaignId);
        return rows.every((l) => l.render?.state === "done") && rows;
      },
      400_000,
      1000,
    );
    expect(leads.map((l) => l.id).sort()).toEqual([...leadIds].sort());

    const expectedSeconds = SCENE_SECONDS[0] + SCENE_SECONDS[1];
    for (const renderId of renderIds) {
      const res = await api.getArtifact(renderId, "video.mp4");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("video/mp4");
      const file = path.join(inject("scratchDir"), `${renderId}.mp4`);
      await writeFile(file, Buffer.from(await res.arrayBuffer()));
      const video = await ffprobe(file);
      expect(video).toMatchObject({
        codec: "h264",
        pixFmt: "yuv420p",
        width: 1280,
        height: 720,
        frameRate: "30/1",
      });
      expect(video.hasAudio).toBe(true);
      expect(Math.abs(video.duration - expectedSeconds), `duration ${video.duration}`).toBeLessThan(0.25);

      const poster = await api.getArtifact(renderId, "poster.jpg");
      expect(poster.status).toBe(200);
      expect(poster.headers.get("content-type")).toBe("image/jpeg");
    }
  });

  it("serves each video back with Range requests", async () => {
    for (const renderId of renderIds) {
      const whole = await api.getArtifact(renderId, "video.mp4", { range: "bytes=0-" });
      const size = Number(whole.headers.get("content-range")?.split("/")[1]);
      await whole.body?.cancel();
      expect(size).toBeGreaterThan(10_000);

      const part = await api.getArtifact(renderId, "video.mp4", { range: "bytes=100-1099" });
      expect(part.status).toBe(206);
      expect(part.headers.get("accept-ranges")).toBe("bytes");
      expect(part.headers.get("content-range")).toBe(`bytes 100-1099/${size}`);
      expect((await part.arrayBuffer()).byteLength).toBe(1000);

      const tail = await api.getArtifact(renderId, "video.mp4", { range: "bytes=-500" });
      expect(tail.status).toBe(206);
      expect(tail.headers.get("content-range")).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    }
  });
});
