/** ORT oracle — work in progress. */
export const ORT_SUBPATH = '@nextevent/kernels/ort';
