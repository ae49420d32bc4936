import { describe, expect, test } from "bun:test";
import { type SniffedType, sniffContentType } from "./sniff";

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

describe("sniffContentType for audio and video", () => {
  test("each medium is known by its magic numbers, not its name", () => {
    const cases: [Uint8Array, SniffedType][] = [
      [bytes([0, 0, 0, 0x18], ascii("ftypisom"), [0, 0, 2, 0]), "video/mp4"],
      [bytes([0, 0, 0, 0x20], ascii("ftypM4A "), [0, 0, 2, 0]), "audio/mp4"],
      [bytes([0x1a, 0x45, 0xdf, 0xa3], [0x9f, 0x42, 0x86, 0x81]), "video/webm"],
      [bytes(ascii("OggS"), [0, 2, 0, 0]), "audio/ogg"],
      [bytes(ascii("ID3"), [4, 0, 0, 0, 0, 0]), "audio/mpeg"],
      [bytes([0xff, 0xfb, 0x90, 0x64]), "audio/mpeg"],
      [bytes(ascii("RIFF"), [0x24, 0, 0, 0], ascii("WAVEfmt ")), "audio/wav"],
      // Not confused with its neighbours: a WebP is RIFF too, a JPEG starts with 0xFF.
      [bytes(ascii("RIFF"), [0x24, 0, 0, 0], ascii("WEBPVP8 ")), "image/webp"],
      [bytes([0xff, 0xd8, 0xff, 0xe0]), "image/jpeg"],
    ];
    for (const [head, type] of cases) expect(sniffContentType(head)).toBe(type);
  });
});
