/** @nextevent/curate — work in progress. */
export const PACKAGE_NAME = '@nextevent/curate';
