import { libraryConfig } from '../../tools/scripts/src/vite-library.mjs';

export default libraryConfig(import.meta.dirname, { index: 'src/index.ts', node: 'src/node.ts' });
