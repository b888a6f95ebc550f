/** @nextevent/kernels — work in progress. */
export const PACKAGE_NAME = '@nextevent/kernels';
