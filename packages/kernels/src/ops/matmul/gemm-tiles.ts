/**
 * Output tiles of the tiled GEMMs (matmul-vec4.wgsl and matmul-int4.wgsl's `gemm`, WGSL overrides TILE_M and
 * TILE_N; one thread per 8×4 block, so (TILE_N/4)·(TILE_M/8) threads). Short prefills take short tiles: a 64-row
 * tile for 8 rows would be mostly padding, and fewer, larger tiles leave a GPU's cores idle.
 */
export interface GemmTile {
  /** Rows per workgroup (TILE_M). */
  readonly m: 16 | 32 | 64;
  /** Columns per workgroup (TILE_N). */
  readonly n: 32 | 64;
}

/** Every tile a GEMM op prepares: 16×64 (32 threads), 32×32 (32 threads), 64×64 (128 threads). */
export const GEMM_TILES: readonly GemmTile[] = [
  { m: 16, n: 64 },
  { m: 32, n: 32 },
  { m: 64, n: 64 },
];

/** The tile for M rows (per batch): 16×64 up to 16 rows, 32×32 up to 32, 64×64 above. */
export function gemmTile(M: number): GemmTile {
  return GEMM_TILES[M <= 16 ? 0 : M <= 32 ? 1 : 2] as GemmTile;
}
