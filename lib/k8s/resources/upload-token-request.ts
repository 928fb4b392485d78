/** upload.cdi.kubevirt.io/v1beta1 UploadTokenRequest: POST only, answers a 5-minute JWT for one PVC. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const UPLOAD_TOKEN_GVR: GroupVersionResource = {
  group: 'upload.cdi.kubevirt.io',
  version: 'v1beta1',
  resource: 'uploadtokenrequests',
};

export interface UploadTokenRequest extends KubeObject {
  spec: { pvcName: string };
  status?: { token?: string };
}

export function uploadTokenRequest(namespace: string, pvcName: string): UploadTokenRequest {
  return {
    apiVersion: 'upload.cdi.kubevirt.io/v1beta1',
    kind: 'UploadTokenRequest',
    metadata: { name: `upload-${pvcName}`.slice(0, 63), namespace },
    spec: { pvcName },
  };
}

/** The proxy path that returns once the bytes are received (HEAD answers 200 when it exists). */
export const UPLOAD_ASYNC_PATH = '/v1beta1/upload-async';
