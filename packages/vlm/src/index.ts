/** @nextevent/vlm — work in progress. */
export const PACKAGE_NAME = '@nextevent/vlm';
