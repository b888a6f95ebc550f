/** @nextevent/video — work in progress. */
export const PACKAGE_NAME = '@nextevent/video';
