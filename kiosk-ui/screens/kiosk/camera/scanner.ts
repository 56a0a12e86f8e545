/**
 * quagga2 behind two calls: start reading Code 128 from the camera into a <video>, and stop (every
 * track ended). This module is the only one that imports quagga2, and only the camera panel imports
 * it, so the library stays out of the kiosk's first load (the build's budget check enforces it).
 */
import QuaggaImport, { type QuaggaJSConfigObject, type QuaggaJSResultObject, type QuaggaJSStatic } from '@ericblade/quagga2';

// The browser build is a UMD bundle: depending on the interop, the API is the default export or the module itself.
const Quagga: QuaggaJSStatic = (QuaggaImport as unknown as { default?: QuaggaJSStatic }).default ?? QuaggaImport;

function config(target: HTMLElement): QuaggaJSConfigObject {
  return {
    inputStream: {
      type: 'LiveStream',
      // quagga2 plays the camera into the first <video> inside the target (the panel renders it).
      target,
      constraints: {
        // The rear camera on a phone; a kiosk's single webcam satisfies it too (an ideal, not exact).
        facingMode: { ideal: 'environment' },
        width: { ideal: 1280 },
        height: { ideal: 720 },
      },
      willReadFrequently: true,
    },
    // The whole frame is searched (a citizen does not hold the receipt where the guide says): the
    // guide is only a hint. A fixed scan `area` would not work with `locate` anyway (quagga2 #502).
    locate: true,
    locator: { halfSample: true, patchSize: 'medium' },
    // Ten frames a second finds a held-still receipt within a fraction of a second and leaves a
    // kiosk PC or an old phone the CPU to draw the page.
    frequency: 10,
    numOfWorkers: 0,
    decoder: { readers: ['code_128_reader'] },
    // The panel draws its own framing guide; quagga's debug overlay canvas is not needed.
    canvas: { createOverlay: false },
  };
}

export interface CameraScan {
  /** Resolves when the camera shows a picture and decoding has started; rejects with the getUserMedia error. */
  readonly started: Promise<void>;
  /** Stops decoding and ends every camera track; safe to call more than once, and before `started` settles. */
  stop(): Promise<void>;
}

function endTracks(stream: MediaStream | null | undefined) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

// quagga2 keeps one decoder and one camera stream per page: a new scan waits until the previous one
// has stopped, so reopening the panel quickly cannot leave two streams or a half-stopped decoder.
let previous: Promise<void> = Promise.resolve();

export function startCameraScan(target: HTMLElement, onRead: (text: string) => void): CameraScan {
  let stopping = false;
  let stream: MediaStream | null = null;
  const video = target.querySelector('video');
  const detected = (result: QuaggaJSResultObject) => {
    const text = result.codeResult?.code;
    if (!stopping && text) onRead(text);
  };

  const started = previous.then(async () => {
    if (stopping) return;
    await Quagga.init(config(target));
    stream = Quagga.CameraAccess.getActiveStream();
    if (stopping) return; // stop() was called while the camera was starting: it ends it below
    Quagga.onDetected(detected);
    Quagga.start();
  });

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopping = true;
    // quagga2's stop() during init does not release a camera granted afterwards, so the stop waits for
    // the start to settle (granted, refused or timed out), then stops.
    stopped ??= started
      .catch(() => undefined)
      .then(async () => {
        Quagga.offDetected(detected);
        try {
          await Quagga.stop();
        } catch {
          /* nothing was running */
        }
      })
      .finally(() => {
        // quagga2 releases only the stream it remembers last; end ours whatever it did.
        endTracks(stream);
        endTracks(video?.srcObject as MediaStream | null | undefined);
        if (video) video.srcObject = null;
      });
    previous = stopped;
    return stopped;
  };

  return { started, stop };
}
