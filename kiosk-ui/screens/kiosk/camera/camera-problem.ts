/**
 * Why the camera could not start, in the few kinds a citizen can act on. Browsers report
 * getUserMedia failures as DOMExceptions told apart by `name` (never by message, which differs per
 * browser and language); quagga2 passes them through unchanged.
 */
export type CameraProblem = 'denied' | 'no-camera' | 'in-use' | 'insecure' | 'unsupported' | 'failed';

export interface CameraEnvironment {
  /** `window.isSecureContext`: https, or http on localhost/127.0.0.1. */
  readonly secureContext: boolean;
  /** Whether `navigator.mediaDevices.getUserMedia` exists. */
  readonly hasGetUserMedia: boolean;
}

/** What stops the camera before asking for it. Plain http on a LAN address hides `mediaDevices` altogether, so that case is named before the missing API. */
export function problemBeforeStart(env: CameraEnvironment): CameraProblem | null {
  if (!env.secureContext) return 'insecure';
  if (!env.hasGetUserMedia) return 'unsupported';
  return null;
}

export function cameraProblem(error: unknown): CameraProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    // Refused by the person, by a site setting, or by a permissions policy.
    case 'NotAllowedError':
    case 'PermissionDeniedError': // Chromium before 2017
    case 'SecurityError':
      return 'denied';
    // No camera; only `ideal` constraints are asked for, so "overconstrained" means none fits at all.
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'no-camera';
    // The device exists but the system would not hand it over: another application holds it (Windows,
    // Android), or the driver failed to start.
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    default:
      return 'failed';
  }
}
