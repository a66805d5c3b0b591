#include "staging.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace spectral::cuda {
namespace {

template <class S, class D>
void copy_typed(int64_t rows, int64_t cols, const S* src, int64_t srs, int64_t scs, D* dst, int64_t drs, int64_t dcs, double factor) {
    if (factor != 1.0) {
        for (int64_t j = 0; j < cols; ++j)
            for (int64_t i = 0; i < rows; ++i)
                dst[i * drs + j * dcs] = static_cast<D>(static_cast<double>(src[i * srs + j * scs]) * factor);
        return;
    }
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
void copy_to(int64_t rows, int64_t cols, const S* src, const StridedMatrix& s, const StridedMatrix& d, double factor) {
    if (d.dtype == SPECTRAL_DTYPE_FLOAT32)
        copy_typed(rows, cols, src, s.row_stride, s.col_stride, static_cast<float*>(d.base), d.row_stride, d.col_stride, factor);
    else
        copy_typed(rows, cols, src, s.row_stride, s.col_stride, static_cast<double*>(d.base), d.row_stride, d.col_stride, factor);
}

bool in_part(int64_t i, int64_t j, Part part) {
    return part == Part::full || (part == Part::lower ? i >= j : i <= j);
}

template <class T>
double max_abs_typed(int64_t rows, int64_t cols, const T* a, int64_t rs, int64_t cs, Part part) {
    double best = 0;
    for (int64_t j = 0; j < cols; ++j)
        for (int64_t i = 0; i < rows; ++i)
            if (in_part(i, j, part)) best = std::max(best, std::fabs(static_cast<double>(a[i * rs + j * cs])));
    return best;
}

template <class T>
void scale_typed(int64_t rows, int64_t cols, T* a, int64_t rs, int64_t cs, Part part, double factor) {
    for (int64_t j = 0; j < cols; ++j)
        for (int64_t i = 0; i < rows; ++i)
            if (in_part(i, j, part)) a[i * rs + j * cs] = static_cast<T>(static_cast<double>(a[i * rs + j * cs]) * factor);
}

}  // namespace

void copy_matrix(int64_t rows, int64_t cols, const StridedMatrix& src, const StridedMatrix& dst, double factor) noexcept {
    if (rows <= 0 || cols <= 0) return;
    if (src.dtype == SPECTRAL_DTYPE_FLOAT32)
        copy_to(rows, cols, static_cast<const float*>(src.base), src, dst, factor);
    else
        copy_to(rows, cols, static_cast<const double*>(src.base), src, dst, factor);
}

double max_abs(int64_t rows, int64_t cols, const StridedMatrix& a, Part part) noexcept {
    if (a.dtype == SPECTRAL_DTYPE_FLOAT32)
        return max_abs_typed(rows, cols, static_cast<const float*>(a.base), a.row_stride, a.col_stride, part);
    return max_abs_typed(rows, cols, static_cast<const double*>(a.base), a.row_stride, a.col_stride, part);
}

void scale_in_place(int64_t rows, int64_t cols, const StridedMatrix& a, Part part, double factor) noexcept {
    if (factor == 1.0) return;
    if (a.dtype == SPECTRAL_DTYPE_FLOAT32)
        scale_typed(rows, cols, static_cast<float*>(a.base), a.row_stride, a.col_stride, part, factor);
    else
        scale_typed(rows, cols, static_cast<double*>(a.base), a.row_stride, a.col_stride, part, factor);
}

double safe_scale(double max_abs_value, spectral_dtype compute) noexcept {
    if (!(max_abs_value > 0) || !std::isfinite(max_abs_value)) return 1.0;
    bool single = compute == SPECTRAL_DTYPE_FLOAT32;
    double safe_min = single ? static_cast<double>(FLT_MIN) : DBL_MIN;
    double eps = single ? static_cast<double>(FLT_EPSILON) / 2 : DBL_EPSILON / 2;
    double small_num = safe_min / eps;
    double rmin = std::sqrt(small_num), rmax = std::sqrt(1.0 / small_num);
    if (max_abs_value >= rmin && max_abs_value <= rmax) return 1.0;
    // 2^-e with max_abs = f * 2^e, f in [0.5, 1): the scaled maximum lies in [0.5, 1).
    int exponent = 0;
    std::frexp(max_abs_value, &exponent);
    return std::ldexp(1.0, -exponent);
}

}  // namespace spectral::cuda
