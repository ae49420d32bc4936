import { config } from "../config";

/** Features a centre can switch on or off; the environment gives every centre its default. */
export const FEATURES = {
  gamification: {
    label: "Gamification: XP, streaks, badges and leaderboards",
    envDefault: () => config.FEATURE_GAMIFICATION,
  },
  video_sessions: {
    label: "Video sessions: meeting links on class sessions",
    envDefault: () => config.FEATURE_VIDEO_SESSIONS,
  },
  qr_scanning: { label: "QR worksheets and batch scan import", envDefault: () => config.FEATURE_QR_SCANNING },
} as const;

export type Feature = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as Feature[];

/** The flags in force for a centre: its own override where it set one, else the default. */
export function effectiveFlags(overrides: Record<string, boolean>): Record<Feature, boolean> {
  return Object.fromEntries(
    FEATURE_NAMES.map((name) => [
      name,
      typeof overrides[name] === "boolean" ? overrides[name] : FEATURES[name].envDefault(),
    ]),
  ) as Record<Feature, boolean>;
}
