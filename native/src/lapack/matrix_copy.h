// Column-major copies between user buffers (64-bit leading dimensions) and LAPACK working arrays.
#pragma once

#include <cstdint>
#include <cstring>

namespace spectral {
namespace lapack {

/** dst(i, j) = src(i, j) for an r x c column-major block (dst and src leading dimensions given). */
template <class T>
void copy_columns(const T* src, int64_t lds, T* dst, int64_t ldd, int64_t rows, int64_t cols) {
    if (rows <= 0) return;
    for (int64_t j = 0; j < cols; ++j)
        std::memcpy(dst + j * ldd, src + j * lds, static_cast<std::size_t>(rows) * sizeof(T));
}

/** dst(j, i) = src(i, j): writes the transpose of an r x c column-major block (dst is c x r, ld ldd). */
template <class T>
void copy_transposed(const T* src, int64_t lds, T* dst, int64_t ldd, int64_t rows, int64_t cols) {
    // Blocked so that both sides are walked in cache-sized tiles.
    constexpr int64_t kTile = 32;
    for (int64_t j0 = 0; j0 < cols; j0 += kTile) {
        int64_t j1 = j0 + kTile < cols ? j0 + kTile : cols;
        for (int64_t i0 = 0; i0 < rows; i0 += kTile) {
            int64_t i1 = i0 + kTile < rows ? i0 + kTile : rows;
            for (int64_t i = i0; i < i1; ++i)
                for (int64_t j = j0; j < j1; ++j) dst[j + i * ldd] = src[i + j * lds];
        }
    }
}

}  // namespace lapack
}  // namespace spectral
