// Host-side packing between the caller's matrices (either layout, any leading dimension, float32 or float64)
// and the dense column-major buffers cuSOLVER works on. Pure C++ (no CUDA), unit-tested without a GPU.
//
// A matrix is described by strides: element (i, j) lives at base[i*row_stride + j*col_stride]. Row-major with
// leading dimension ld is (ld, 1), column-major is (1, ld), and a transpose is the same base with the strides
// swapped, so every layout change, transpose and precision change is one copy_matrix call.
#pragma once

#include "spectral.h"

#include <cstddef>
#include <cstdint>

namespace spectral::cuda {

struct StridedMatrix {
    void* base = nullptr;
    spectral_dtype dtype = SPECTRAL_DTYPE_FLOAT64;
    int64_t row_stride = 1;
    int64_t col_stride = 1;

    /** The transpose: same memory, strides swapped. */
    StridedMatrix transposed() const noexcept { return StridedMatrix{base, dtype, col_stride, row_stride}; }
};

/** The caller's view of a matrix stored in `layout` with leading dimension ld. */
inline StridedMatrix user_matrix(const void* base, spectral_dtype dtype, spectral_layout layout, int64_t ld) noexcept {
    return layout == SPECTRAL_LAYOUT_ROW_MAJOR ? StridedMatrix{const_cast<void*>(base), dtype, ld, 1}
                                               : StridedMatrix{const_cast<void*>(base), dtype, 1, ld};
}

/** A dense column-major matrix with leading dimension ld. */
inline StridedMatrix column_major(void* base, spectral_dtype dtype, int64_t ld) noexcept {
    return StridedMatrix{base, dtype, 1, ld};
}

/**
 * dst(i, j) = factor * src(i, j) for i < rows, j < cols, converting the element type. Tiled so transposes stay
 * cache-friendly. `factor` is 1 or a power of two (so scaling is exact).
 */
void copy_matrix(int64_t rows, int64_t cols, const StridedMatrix& src, const StridedMatrix& dst, double factor = 1.0) noexcept;

/** Which part of a square matrix is meaningful: all of it, or only one triangle (symmetric input). */
enum class Part { full, lower, upper };

/** max |a(i, j)| over `part` of the matrix. */
double max_abs(int64_t rows, int64_t cols, const StridedMatrix& a, Part part) noexcept;

/** a(i, j) *= factor over `part` (factor a power of two: exact unless it underflows). */
void scale_in_place(int64_t rows, int64_t cols, const StridedMatrix& a, Part part, double factor) noexcept;

/**
 * cuSOLVER does not document LAPACK's protective scaling of badly scaled input, so the backend does it: when
 * max |a| lies outside [sqrt(safe_min/eps), sqrt(1/(safe_min/eps))] of the compute type (LAPACK's rmin/rmax in
 * dsyevd/dgesvd), the matrix is multiplied by a power of two bringing max |a| near 1, and eigenvalues / singular
 * values are divided by it afterwards (vectors are unaffected). Returns that power of two, or 1 when no scaling
 * is needed (including the zero matrix).
 */
double safe_scale(double max_abs_value, spectral_dtype compute) noexcept;

inline size_t dtype_size(spectral_dtype dtype) noexcept { return dtype == SPECTRAL_DTYPE_FLOAT32 ? 4u : 8u; }

/**
 * Offsets of the regions of one job inside a device buffer and its mirror in pinned host memory. Every
 * region starts on a 256-byte boundary (cuSOLVER and cudaMemcpy are fastest on aligned addresses).
 */
class Arena {
public:
    size_t add(size_t bytes) noexcept {
        size_t offset = size_;
        size_ += (bytes + 255) / 256 * 256;
        if (bytes == 0) size_ += 256;  // distinct, valid address even for empty regions
        return offset;
    }
    size_t size() const noexcept { return size_; }

private:
    size_t size_ = 0;
};

}  // namespace spectral::cuda
