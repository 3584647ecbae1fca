import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { createUser, expectStatus, TestUser } from './factories';
import type { ApiClient } from './http';

/** A badge PDF as the API gives it to organisers (`GET /api/v1/registrations/:id/badge.pdf`). */
export async function fetchBadgePdf(api: ApiClient, token: string, registrationId: string): Promise<Buffer> {
  const response = await fetch(`${api.baseUrl}/registrations/${registrationId}/badge.pdf`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200 || response.headers.get('content-type') !== 'application/pdf')
    throw new Error(`the badge: ${response.status} ${response.headers.get('content-type')}`);
  return Buffer.from(await response.arrayBuffer());
}

interface Rgb {
  width: number;
  height: number;
  /** 3 bytes a pixel, rows top to bottom. */
  data: Buffer;
}

/** The first page of a PDF as pdftoppm renders it (PPM, binary P6). */
function renderPpm(pdf: Buffer, dpi: number): Rgb {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-badge-'));
  try {
    writeFileSync(join(dir, 'badge.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', join(dir, 'badge.pdf'), join(dir, 'page')]);
    const file = readdirSync(dir).find((name) => name.endsWith('.ppm'));
    if (!file) throw new Error('pdftoppm wrote no PPM');
    return parsePpm(readFileSync(join(dir, file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A binary PPM (P6, maxval 255): the header's four fields separated by white space (comments skipped), then the pixels. */
export function parsePpm(file: Buffer): Rgb {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(file[at]))) at++;
    if (file[at] === 0x23) {
      while (file[at] !== 0x0a) at++;
      continue;
    }
    let field = '';
    while (!/\s/.test(String.fromCharCode(file[at]))) field += String.fromCharCode(file[at++]);
    fields.push(field);
  }
  at++; // the single white space after maxval
  const [magic, width, height, maxval] = fields;
  if (magic !== 'P6' || maxval !== '255') throw new Error(`not a P6 PPM with maxval 255: ${fields.join(' ')}`);
  return { width: Number(width), height: Number(height), data: file.subarray(at, at + Number(width) * Number(height) * 3) };
}

/**
 * A 640×480 frame (RGB, white) with the lower part of the badge (its QR code and the code under it) scaled
 * to fit and centred, sampled with nearest neighbours: the camera's view of a badge held up to it.
 */
function badgeFrame(page: Rgb, width = 640, height = 480): Rgb {
  const top = Math.floor(page.height * 0.55);
  const region = { x: 0, y: top, width: page.width, height: page.height - top };
  const scale = Math.min((width * 0.9) / region.width, (height * 0.9) / region.height);
  const drawnWidth = Math.floor(region.width * scale);
  const drawnHeight = Math.floor(region.height * scale);
  const left = Math.floor((width - drawnWidth) / 2);
  const upper = Math.floor((height - drawnHeight) / 2);
  const data = Buffer.alloc(width * height * 3, 255);
  for (let y = 0; y < drawnHeight; y++) {
    const sourceY = region.y + Math.min(region.height - 1, Math.floor(y / scale));
    for (let x = 0; x < drawnWidth; x++) {
      const sourceX = region.x + Math.min(region.width - 1, Math.floor(x / scale));
      page.data.copy(
        data,
        ((upper + y) * width + left + x) * 3,
        (sourceY * page.width + sourceX) * 3,
        (sourceY * page.width + sourceX) * 3 + 3,
      );
    }
  }
  return { width, height, data };
}

/** RGB → Y'CbCr 4:2:0 (BT.601, studio range), each chroma sample the mean of its 2×2 block. */
export function toI420({ width, height, data }: Rgb): Buffer {
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));
  for (let row = 0; row < height; row++)
    for (let column = 0; column < width; column++) {
      const at = (row * width + column) * 3;
      y[row * width + column] = clamp(16 + (65.738 * data[at] + 129.057 * data[at + 1] + 25.064 * data[at + 2]) / 256);
    }
  for (let row = 0; row < height; row += 2)
    for (let column = 0; column < width; column += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dy, dx] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]) {
        const at = ((row + dy) * width + column + dx) * 3;
        r += data[at] / 4;
        g += data[at + 1] / 4;
        b += data[at + 2] / 4;
      }
      const chroma = (row / 2) * (width / 2) + column / 2;
      u[chroma] = clamp(128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256);
      v[chroma] = clamp(128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256);
    }
  return Buffer.concat([y, u, v]);
}

/**
 * A YUV4MPEG2 video (640×480, 10 frames a second, 4:2:0) for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`), made from a real badge: `badgeFrames` frames showing the badge,
 * then `blankFrames` of a white wall (the badge taken away), looped by Chromium. Written by hand: no ffmpeg.
 */
export function writeBadgeVideo(pdf: Buffer, file: string, { badgeFrames = 10, blankFrames = 20 } = {}): void {
  const badge = toI420(badgeFrame(renderPpm(pdf, 150)));
  const blank = toI420({ width: 640, height: 480, data: Buffer.alloc(640 * 480 * 3, 255) });
  const frame = Buffer.from('FRAME\n', 'ascii');
  const parts: Buffer[] = [Buffer.from('YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n', 'ascii')];
  for (let index = 0; index < badgeFrames + blankFrames; index++) parts.push(frame, index < badgeFrames ? badge : blank);
  writeFileSync(file, Buffer.concat(parts));
}

/** Chromium (the usual launcher's switches) with a fake camera playing `videoFile`, allowed without asking. */
export function launchBrowserWithCamera(videoFile: string): Promise<Browser> {
  return launchBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${videoFile}`,
  ]);
}

/** A member account given the event's `checkin` role by its organiser. */
export async function createCheckInUser(api: ApiClient, organiser: TestUser, eventId: string, name = 'Door Keeper'): Promise<TestUser> {
  const user = await createUser(api, 'member', name);
  expectStatus(await organiser.api.put(`/events/${eventId}/roles`, { email: user.email, role: 'checkin' }), 200, 'the checkin role');
  return user;
}
