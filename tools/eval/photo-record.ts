// What eval keeps of one photo: enough for the metrics and the report, and what the
// embedding cache stores. Crops and aligned faces are dropped as soon as they are embedded.

export type PhotoRecord =
  | { status: 'unreadable'; detail: string; timingsMs: Record<string, number> }
  | { status: 'noFace'; frameWidthPx: number; frameHeightPx: number; timingsMs: Record<string, number> }
  | {
      status: 'face';
      frameWidthPx: number;
      frameHeightPx: number;
      faceCount: number;
      faceWidthPx: number;
      thumbDataUrl: string;
      /** Unit 512-d embedding. */
      embedding: Float32Array;
      /** The head pose's yaw (main's, from the 68 landmarks), positive towards the subject's left. */
      yawDegrees: number;
      /** Per stage, as measured when the photo was embedded (a cached record keeps its first run's). */
      timingsMs: Record<string, number>;
    };
