// WGSL partial (see withPartials in kernel.ts), appended to matmul-vec4.wgsl (matmul) and matmul-int4.wgsl: the
// register micro-kernel of the tiled GEMMs. Thread (lid.x, lid.y) owns an 8x4 (BM x 4) output block strided over
// the tile: acc[i][j] is row lid.y + i*TILE_M/8, column lid.x + j*TILE_N/4 of the workgroup's tile, so that a
// workgroup has (TILE_N/4) x (TILE_M/8) threads; 8 rows per thread share each B load (12 tile reads for 32 vec4
// dot products, against 8 for 16 with 4x4 blocks), and neighbouring threads
// read neighbouring tile entries (no bank conflicts) and write neighbouring columns. The tiles are K-major, in
// f32 (the int4 GEMM dequantises on load): tileA[kk * TILE_M + row], tileB[kk * TILE_N + column], each entry a
// vec4 of 4 consecutive k, KV entries per K step.
// Needs: alias T; KV, TILE_M, TILE_N; tileA, tileB: array<vec4f, …> in workgroup memory; p.M, p.N, p.hasBias;
//        bias: array<T> (read unless hasBias = 0); out: array<T>.

// acc += the products of one K step of the tiles
// rows of a thread's block (its columns: 4)
const BM = 8u;
fn gemmTileStep(lid: vec3u, acc: ptr<function, array<vec4f, BM>>) {
  for (var kk = 0u; kk < KV; kk++) {
    var av: array<vec4f, BM>;
    var bv: array<vec4f, 4>;
    for (var i = 0u; i < BM; i++) {
      av[i] = tileA[kk * TILE_M + lid.y + i * (TILE_M / BM)];
    }
    for (var i = 0u; i < 4u; i++) {
      bv[i] = tileB[kk * TILE_N + lid.x + i * (TILE_N / 4u)];
    }
    for (var i = 0u; i < BM; i++) {
      (*acc)[i] += vec4f(dot(av[i], bv[0]), dot(av[i], bv[1]), dot(av[i], bv[2]), dot(av[i], bv[3]));
    }
  }
}

// writes the 8x4 block (plus bias) inside [M, N] at out[base + row * N + col]; row0/col0: the tile's origin
fn gemmTileStore(lid: vec3u, acc: array<vec4f, BM>, row0: u32, col0: u32, base: u32) {
  for (var i = 0u; i < BM; i++) {
    let row = row0 + lid.y + i * (TILE_M / BM);
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x + j * (TILE_N / 4u);
      if (row < p.M && col < p.N) {
        var v = acc[i][j];
        if (p.hasBias != 0u) {
          v += f32(bias[col]);
        }
        out[base + row * p.N + col] = T(v);
      }
    }
  }
}
