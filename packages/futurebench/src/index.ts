/** @nextevent/futurebench — work in progress. */
export const PACKAGE_NAME = '@nextevent/futurebench';
