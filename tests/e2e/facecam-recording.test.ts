import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  cancelUnfinishedRenders,
  edgeUrl,
  ffprobe,
  launchNode,
  newAccount,
  setGlobalCap,
  waitFor,
} from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/**
 * A rep records the facecam in the browser (Chromium's fake camera and microphone), trims it, saves it
 * into the library, creates a campaign with it, and a lead renders with it on the real stack (render
 * node + ffmpeg). The raw MediaRecorder file is what the browser's upload checks refuse (it declares no
 * length); the saved recording passes them and the edge's. Then the library: reuse in a second
 * campaign, rename, and delete only once no campaign uses it.
 */

interface Facecam {
  id: string;
  name: string | null;
  contentType: string;
  durationMs: number | null;
  usedBy: Array<{ id: string; name: string }>;
}

/** Runs in the page (the tests have no DOM types): two seconds from the camera, as MediaRecorder writes them. */
const RECORD_RAW_TWO_SECONDS = `(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const recorder = new MediaRecorder(stream, { mimeType: "video/webm" });
  const parts = [];
  recorder.ondataavailable = (e) => parts.push(e.data);
  recorder.start(500);
  await new Promise((r) => setTimeout(r, 2000));
  await new Promise((r) => { recorder.onstop = r; recorder.stop(); });
  for (const track of stream.getTracks()) track.stop();
  return Array.from(new Uint8Array(await new Blob(parts).arrayBuffer()));
})()`;

const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

describe("recording a facecam in the browser", () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let recorded: Facecam;
  const pageErrors: string[] = [];
  const library = async () => (await api.request<{ facecams: Facecam[] }>("GET", "/api/facecams")).facecams;

  beforeAll(async () => {
    await setGlobalCap(2);
    api = await newAccount();
    [browser, node] = await Promise.all([launchBrowser(FAKE_MEDIA), launchNode("recorder", { slots: 1 })]);
    const rep = await browser.newContext({
      baseURL: edgeUrl(),
      viewport: { width: 1280, height: 900 },
      permissions: ["camera", "microphone"],
    });
    const cookies = await api.jar.getCookies(edgeUrl());
    await rep.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
    page = await rep.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    if (api) await cancelUnfinishedRenders(api);
    await browser?.close();
    await node?.stop();
  });

  it("refuses the raw MediaRecorder file in the browser's upload checks: it declares no length", async () => {
    await page.goto("/app#/campaigns/new");
    // What MediaRecorder hands a page: a live WebM without Duration or Cues, made by this Chromium.
    const raw = await page.evaluate<number[]>(RECORD_RAW_TWO_SECONDS);
    const rawFile = path.join(await mkdtemp(path.join(tmpdir(), "rec-")), "raw.webm");
    await writeFile(rawFile, Buffer.from(raw));
    // The container says nothing of its length: ffprobe (like a <video> element) cannot tell it.
    expect((await ffprobe(rawFile)).duration).toBeNaN();
    await page.getByLabel("Facecam video").setInputFiles(rawFile);
    await page.getByText(/This facecam cannot be used: The file does not say how long it is/).waitFor();
  });

  it("records with a countdown, plays it back, trims start and end, and saves it to the library", async () => {
    await page.getByLabel("Campaign name").fill("Recorded outreach");
    await page.getByRole("tab", { name: "Record" }).click();
    await page.getByRole("button", { name: "Turn on camera and microphone" }).click();
    // The pickers list the (fake) devices by name once the browser may use them.
    await waitFor(
      "the camera picker to list the fake camera",
      async () => (await page.getByLabel("Camera").locator("option").count()) > 0,
      15_000,
      200,
    );
    expect(await page.getByLabel("Microphone").locator("option").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Start recording" }).click();
    await page.getByRole("status").filter({ hasText: /^3$/ }).waitFor();
    await page.getByText(/Recording… /).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(4500);
    await page.getByRole("button", { name: "Stop recording" }).click();
    await page.getByLabel("Recording playback").waitFor({ timeout: 30_000 });
    const recordedText = (await page.getByText(/^Recorded \d:\d\d\.\d\.$/).textContent()) ?? "";
    const recordedSeconds = Number(/:(\d\d\.\d)/.exec(recordedText)?.[1]);
    expect(recordedSeconds, recordedText).toBeGreaterThan(3.5);

    // Retake goes back to the camera; the second take is the one kept.
    await page.getByRole("button", { name: "Retake" }).click();
    await page.getByRole("button", { name: "Start recording" }).click();
    await page.getByText(/Recording… /).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(4500);
    await page.getByRole("button", { name: "Stop recording" }).click();
    await page.getByLabel("Recording playback").waitFor({ timeout: 30_000 });

    await page.getByLabel("Start at (seconds)").fill("0.5");
    await page.getByLabel("End at (seconds)").fill("3");
    await page.getByText("Keeps 0:02.5 of").waitFor();
    await page.getByLabel("Name in the library").fill("Intro, recorded");
    await checkScreen(page, "facecam-recorded-review", { shows: ["Trim", "Use this recording", "Retake"] });
    await page.getByRole("button", { name: "Use this recording" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Facecam: Intro, recorded" })
      .waitFor({ timeout: 60_000 });
    // Saved into the library, and picked there for this campaign.
    await page.getByRole("button", { name: "Picked" }).waitFor();

    const [facecam] = await library();
    expect(facecam).toMatchObject({ name: "Intro, recorded", contentType: "video/webm", usedBy: [] });
    recorded = facecam as Facecam;
    // Cut to the trim (2.5 s, to the frame) and measured by the edge from the file itself.
    expect(recorded.durationMs).toBeGreaterThanOrEqual(2300);
    expect(recorded.durationMs).toBeLessThanOrEqual(2700);

    // The stored file is a regular WebM that says how long it is.
    const stored = await api.raw("GET", `/api/assets/${recorded.id}/content`);
    const file = path.join(await mkdtemp(path.join(tmpdir(), "rec-")), "saved.webm");
    await writeFile(file, Buffer.from(await stored.arrayBuffer()));
    const probed = await ffprobe(file);
    expect(probed.duration).toBeGreaterThan(2.3);
    expect(probed.duration).toBeLessThan(2.7);
    expect(probed.hasAudio).toBe(true);
  });

  it("creates the campaign with the recording, and a lead renders with it", async () => {
    const seconds = page.getByLabel("Seconds");
    await seconds.nth(0).fill("1");
    await seconds.nth(1).fill("1");
    await page.getByRole("button", { name: "Create campaign" }).press("Enter");
    await page.getByRole("heading", { name: "Recorded outreach" }).waitFor();
    const campaignId = /#\/campaigns\/([^/?]+)/.exec(page.url())?.[1] ?? "";
    const campaign = await api.getCampaign(campaignId);
    expect(campaign.spec.facecam).toBe(recorded.id);

    const [lead] = await api.addLeads(campaignId, [
      { fields: { first_name: "Ada", website: `${inject("pagesUrl")}/index.html` } },
    ]);
    const [render] = await api.enqueueRenders(campaignId, [lead?.id ?? ""]);
    let state = "";
    await waitFor(
      "the lead's render with the recorded facecam to finish",
      async () => {
        const r = await api.getRender(render?.id ?? "");
        state = r.state;
        if (r.state === "failed") throw new Error(`the render failed: ${JSON.stringify(r)}`);
        return r.state === "done";
      },
      150_000,
      500,
    );
    expect(state).toBe("done");
    // The node read the recording itself: its report has the length the file declares (the trim) and
    // the span of its frames, measured from the packets (a loaded machine may have recorded fewer).
    const report = await api.getArtifact(render?.id ?? "", "report.json");
    expect(report.status).toBe(200);
    const facecam = ((await report.json()) as { facecam?: { seconds: number; declaredSeconds?: number } })
      .facecam;
    expect(facecam?.declaredSeconds).toBeCloseTo((recorded.durationMs ?? 0) / 1000, 1);
    expect(facecam?.seconds).toBeGreaterThan(0);
    expect(facecam?.seconds).toBeLessThanOrEqual((facecam?.declaredSeconds ?? 0) + 0.1);
    const video = await api.getArtifact(render?.id ?? "", "video.mp4");
    expect(video.status).toBe(200);
    const out = path.join(await mkdtemp(path.join(tmpdir(), "rec-")), "lead.mp4");
    await writeFile(out, Buffer.from(await video.arrayBuffer()));
    const probed = await ffprobe(out);
    // The recording's voice is the video's sound; the scenes (1 s + 1 s) or the facecam set the length.
    expect(probed.hasAudio).toBe(true);
    expect(probed.duration).toBeGreaterThan(1.5);
  });

  it("reuses the recording in a second campaign picked from the library", async () => {
    await page.goto("/app#/campaigns/new");
    await page.getByLabel("Campaign name").fill("Second list");
    await page.getByRole("tab", { name: "From the library" }).click();
    const item = page.getByRole("listitem", { name: "Intro, recorded" });
    await item.getByText("Used by").waitFor();
    await item.getByRole("button", { name: "Use this facecam" }).click();
    await page.getByRole("status").filter({ hasText: "Facecam: Intro, recorded" }).waitFor();
    const seconds = page.getByLabel("Seconds");
    await seconds.nth(0).fill("1");
    await seconds.nth(1).fill("1");
    await page.getByRole("button", { name: "Create campaign" }).press("Enter");
    await page.getByRole("heading", { name: "Second list" }).waitFor();
    const secondId = /#\/campaigns\/([^/?]+)/.exec(page.url())?.[1] ?? "";
    expect((await api.getCampaign(secondId)).spec.facecam).toBe(recorded.id);
    const usedBy = (await library()).find((f) => f.id === recorded.id)?.usedBy.map((c) => c.name);
    expect(usedBy?.sort()).toEqual(["Recorded outreach", "Second list"]);
  });

  it("lists, renames and deletes in the library only what no campaign uses", async () => {
    const spare = await api.uploadAsset(inject("facecams").short.path, {
      kind: "facecam",
      contentType: "video/mp4",
    });
    await page.goto("/app#/facecams");
    await page.getByRole("heading", { name: "Facecams" }).waitFor();
    const item = page.getByRole("listitem", { name: "Intro, recorded" });
    await item.getByText(/0:02\.\d/).waitFor();
    await item.getByRole("link", { name: "Second list" }).waitFor();
    await item.getByLabel("Preview of Intro, recorded").waitFor();
    // Campaigns use it: no delete button, and the API refuses it naming them.
    expect(await item.getByRole("button", { name: /Delete/ }).count()).toBe(0);
    const refused = await api.raw("DELETE", `/api/facecams/${recorded.id}`);
    expect(refused.status).toBe(409);
    const why = (await refused.json()) as { error: { message: string } };
    expect(why.error.message).toMatch(/used by 2 campaigns: "Recorded outreach", "Second list"/);

    await item.getByRole("button", { name: "Rename" }).click();
    await item.getByLabel("Facecam name").fill("Intro, December");
    await item.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("listitem", { name: "Intro, December" }).waitFor();

    const unused = page.getByRole("listitem", { name: "Untitled facecam" });
    await unused.getByText("Not used by any campaign").waitFor();
    await checkScreen(page, "facecam-library", { shows: ["Intro, December", "Used by", "Untitled facecam"] });
    await unused.getByRole("button", { name: "Delete Untitled facecam" }).click();
    await unused.getByRole("button", { name: "Delete facecam" }).click();
    await unused.waitFor({ state: "detached" });
    const left = await library();
    expect(left.map((f) => f.id)).toEqual([recorded.id]);
    expect(left.some((f) => f.id === spare.id)).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it("records the screen with the camera drawn in a corner, as one facecam", async () => {
    await page.goto("/app#/facecams");
    await page.getByRole("tab", { name: "Record" }).click();
    await page.getByRole("button", { name: "Turn on camera and microphone" }).click();
    await page.getByLabel("Also record my screen (the camera shows in a corner)").check();
    await page.getByRole("button", { name: "Start recording" }).click();
    await page.getByText(/Recording… /).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3000);
    await page.getByRole("button", { name: "Stop recording" }).click();
    await page.getByLabel("Recording playback").waitFor({ timeout: 30_000 });
    await page.getByLabel("Name in the library").fill("Screen demo");
    await page.getByRole("button", { name: "Use this recording" }).click();
    await page
      .getByRole("region", { name: "Library" })
      .getByRole("listitem", { name: "Screen demo" })
      .waitFor({ timeout: 60_000 });

    const screen = (await library()).find((f) => f.name === "Screen demo");
    const stored = await api.raw("GET", `/api/assets/${screen?.id}/content`);
    const file = path.join(await mkdtemp(path.join(tmpdir(), "rec-")), "screen.webm");
    await writeFile(file, Buffer.from(await stored.arrayBuffer()));
    const probed = await ffprobe(file);
    // The composed frame (lib/compose-screen draws 1280x720), not the camera's own picture.
    expect([probed.width, probed.height]).toEqual([1280, 720]);
    expect(probed.hasAudio).toBe(true);
  });
});
