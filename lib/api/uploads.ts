/**
 * The backend's upload API: tus 1.0 resumable uploads into the console's staging area, then the
 * console's transfer of the staged file to a site's CDI upload proxy. Browser and server both
 * import these paths and payloads.
 */
const enc = encodeURIComponent;

/** The tus endpoint (creation at the root, one URL per upload below it). */
export const UPLOADS_TUS_PATH = '/api/uploads/tus';
const TRANSFER_PREFIX = '/api/uploads/transfer/';

/** GET: the transfer's state; POST (`UploadCompleteRequest`): the browser's sha256, which starts it. */
export const uploadTransferPath = (id: string) => `${TRANSFER_PREFIX}${enc(id)}`;
export const UPLOAD_TRANSFER_PREFIX = TRANSFER_PREFIX;

/** tus `Upload-Metadata` keys the console reads. */
export interface UploadMetadata {
  site: string;
  namespace: string;
  /** The DataVolume (and its PVC) the bytes go to. */
  name: string;
  filename: string;
}

export interface UploadCompleteRequest {
  sha256: string;
}

export type TransferStage =
  | 'receiving'
  | 'verifying'
  | 'waitingForSite'
  | 'sending'
  /** All bytes are at the site; CDI checks and converts the image (until the DV is Succeeded). */
  | 'processing'
  | 'retrying'
  | 'succeeded'
  | 'failed';

export interface UploadTransfer {
  id: string;
  site: string;
  namespace: string;
  name: string;
  size: number;
  /** Bytes staged on the console. */
  received: number;
  stage: TransferStage;
  /** Bytes sent to the site in the current attempt. */
  sent: number;
  /** Attempts to send to the site so far. */
  attempts: number;
  /** sha256 of the staged file, once checked. */
  sha256?: string;
  /** The last failure, in the site's or the console's words. */
  error?: string;
  /** What the failure was, for a message in the user's language. */
  errorReason?:
    | 'ChecksumMismatch'
    | 'TokenRefused'
    | 'ProxyUntrusted'
    | 'SiteUnreachable'
    | 'NotReady'
    | 'Forbidden'
    /** CDI checked the bytes and refused the image (format, size against the claim…). */
    | 'ImageRefused'
    | 'Other';
  startedAt?: number;
  updatedAt: number;
}
