/**
 * A screen share with the rep's camera drawn over it (a circle in the lower right), as one video
 * stream. A facecam is one clip that the render node puts in the bubble, so the camera goes into the
 * picture rather than being lost: the prospect still sees the rep's face while the screen plays.
 */

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
/** The camera circle's diameter as a share of the frame's height. */
const CAMERA_SHARE = 0.34;
const MARGIN = 24;

export interface ComposedStream {
  stream: MediaStream;
  stop(): void;
}

function playing(stream: MediaStream): HTMLVideoElement {
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  void video.play();
  return video;
}

/** Draws `video` scaled to fit inside the box (letterboxed), keeping its aspect ratio. */
function drawContained(
  ctx: CanvasRenderingContext2D,
  video: HTMLVideoElement,
  box: { x: number; y: number; w: number; h: number },
) {
  const vw = video.videoWidth || box.w;
  const vh = video.videoHeight || box.h;
  const scale = Math.min(box.w / vw, box.h / vh);
  const w = vw * scale;
  const h = vh * scale;
  ctx.drawImage(video, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h);
}

/** Draws `video` cropped to fill a circle (its centre square). */
function drawCircle(
  ctx: CanvasRenderingContext2D,
  video: HTMLVideoElement,
  cx: number,
  cy: number,
  r: number,
) {
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh) return;
  const side = Math.min(vw, vh);
  ctx.save();
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.clip();
  ctx.drawImage(video, (vw - side) / 2, (vh - side) / 2, side, side, cx - r, cy - r, r * 2, r * 2);
  ctx.restore();
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.lineWidth = 4;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
}

export function composeScreenWithCamera(screen: MediaStream, camera: MediaStream): ComposedStream {
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw the screen and camera together.");
  const screenVideo = playing(screen);
  const cameraVideo = playing(new MediaStream(camera.getVideoTracks()));
  const r = (HEIGHT * CAMERA_SHARE) / 2;
  const draw = () => {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    drawContained(ctx, screenVideo, { x: 0, y: 0, w: WIDTH, h: HEIGHT });
    drawCircle(ctx, cameraVideo, WIDTH - MARGIN - r, HEIGHT - MARGIN - r, r);
  };
  // A timer, not requestAnimationFrame: a page in the background (the rep looking at the shared
  // window) gets no animation frames, and the recording would freeze.
  const timer = setInterval(draw, 1000 / FPS);
  draw();
  const stream = canvas.captureStream(FPS);
  for (const track of camera.getAudioTracks()) stream.addTrack(track);
  return {
    stream,
    stop() {
      clearInterval(timer);
      for (const track of stream.getVideoTracks()) track.stop();
      for (const track of screen.getTracks()) track.stop();
      screenVideo.srcObject = null;
      cameraVideo.srcObject = null;
    },
  };
}
