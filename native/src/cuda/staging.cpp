#include "staging.h"

#include <algorithm>

namespace spectral::cuda {
namespace {

template <class S, class D>
void copy_typed(int64_t rows, int64_t cols, const S* src, int64_t srs, int64_t scs, D* dst, int64_t drs, int64_t dcs) {
    constexpr int64_t tile = 64;
    // Walk the destination contiguously inside each tile when it is column-major, else along its rows.
    bool columns_inner = drs == 1 || (drs != 1 && dcs != 1 && srs == 1);
    for (int64_t j0 = 0; j0 < cols; j0 += tile) {
        int64_t j1 = std::min(cols, j0 + tile);
        for (int64_t i0 = 0; i0 < rows; i0 += tile) {
            int64_t i1 = std::min(rows, i0 + tile);
            if (columns_inner) {
                for (int64_t j = j0; j < j1; ++j)
                    for (int64_t i = i0; i < i1; ++i) dst[i * drs + j * dcs] = static_cast<D>(src[i * srs + j * scs]);
            } else {
                for (int64_t i = i0; i < i1; ++i)
                    for (int64_t j = j0; j < j1; ++j) dst[i * drs + j * dcs] = static_cast<D>(src[i * srs + j * scs]);
            }
        }
    }
}

template <class S>
void copy_to(int64_t rows, int64_t cols, const S* src, const StridedMatrix& s, const StridedMatrix& d) {
    if (d.dtype == SPECTRAL_DTYPE_FLOAT32)
        copy_typed(rows, cols, src, s.row_stride, s.col_stride, static_cast<float*>(d.base), d.row_stride, d.col_stride);
    else
        copy_typed(rows, cols, src, s.row_stride, s.col_stride, static_cast<double*>(d.base), d.row_stride, d.col_stride);
}

}  // namespace

void copy_matrix(int64_t rows, int64_t cols, const StridedMatrix& src, const StridedMatrix& dst) noexcept {
    if (rows <= 0 || cols <= 0) return;
    if (src.dtype == SPECTRAL_DTYPE_FLOAT32)
        copy_to(rows, cols, static_cast<const float*>(src.base), src, dst);
    else
        copy_to(rows, cols, static_cast<const double*>(src.base), src, dst);
}

}  // namespace spectral::cuda
