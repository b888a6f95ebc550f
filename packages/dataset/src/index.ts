/** @nextevent/dataset — work in progress. */
export const PACKAGE_NAME = '@nextevent/dataset';
