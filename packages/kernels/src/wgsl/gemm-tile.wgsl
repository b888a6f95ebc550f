// WGSL partial (see withPartials in kernel.ts), appended to matmul-vec4.wgsl (matmul) and matmul-int4.wgsl: the
// register micro-kernel of the tiled GEMMs. Thread (lid.x, lid.y) owns a 4x4 output block strided over the tile:
// acc[i][j] is row lid.y + i*TILE_M/4, column lid.x + j*TILE_N/4 of the workgroup's tile, so neighbouring threads
// read neighbouring tile entries (no bank conflicts) and write neighbouring columns. The tiles are K-major, in
// f32 (the int4 GEMM dequantises on load): tileA[kk * TILE_M + row], tileB[kk * TILE_N + column], each entry a
// vec4 of 4 consecutive k, KV entries per K step.
// Needs: alias T; KV, TILE_M, TILE_N; tileA, tileB: array<vec4f, …> in workgroup memory; p.M, p.N, p.hasBias;
//        bias: array<T> (read unless hasBias = 0); out: array<T>.

// acc += the products of one K step of the tiles
fn gemmTileStep(lid: vec3u, acc: ptr<function, array<vec4f, 4>>) {
  for (var kk = 0u; kk < KV; kk++) {
    var av: array<vec4f, 4>;
    var bv: array<vec4f, 4>;
    for (var i = 0u; i < 4u; i++) {
      av[i] = tileA[kk * TILE_M + lid.y + i * (TILE_M / 4u)];
      bv[i] = tileB[kk * TILE_N + lid.x + i * (TILE_N / 4u)];
    }
    for (var i = 0u; i < 4u; i++) {
      (*acc)[i] += vec4f(dot(av[i], bv[0]), dot(av[i], bv[1]), dot(av[i], bv[2]), dot(av[i], bv[3]));
    }
  }
}

// writes the 4x4 block (plus bias) inside [M, N] at out[base + row * N + col]; row0/col0: the tile's origin
fn gemmTileStore(lid: vec3u, acc: array<vec4f, 4>, row0: u32, col0: u32, base: u32) {
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + lid.y + i * (TILE_M / 4u);
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
