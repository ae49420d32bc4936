import { config } from "../config";

/**
 * Features a centre can switch on or off; the environment gives every centre its default. Each is
 * named on screen by its catalogue message `centres.feature.<name>`.
 */
export const FEATURES = {
  gamification: { envDefault: () => config.FEATURE_GAMIFICATION },
  video_sessions: { envDefault: () => config.FEATURE_VIDEO_SESSIONS },
  qr_scanning: { envDefault: () => config.FEATURE_QR_SCANNING },
  tutors_author_courses: { envDefault: () => config.FEATURE_TUTORS_AUTHOR_COURSES },
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
