/**
 * @nextevent/dataset/node: the Node-only parts (file system, hub download, archive extraction).
 */
export { createFsVideoProbe, type FsVideoProbeOptions } from './node/fs-probe.js';
export { writeFileAtomic } from './node/write-atomic.js';
export {
  writeSftFiles,
  DatasetInfoFileError,
  type WriteSftFilesOptions,
  type WriteSftFilesResult,
} from './node/sft-files.js';
export { validateFile, detectSchema, type ValidateFileOptions } from './node/validate-file.js';
export { extractTarGz, type ExtractTarGzOptions, type ExtractResult } from './node/tar-extract.js';
export { downloadHubFile, hubFileSize, DownloadInterruptedError, type HubAccess } from './node/hub-file.js';
export { downloadV1Dataset, type DownloadV1Options, type DownloadV1Report } from './node/download-v1.js';
