// How the SVD paths present a caller's matrix to cuSOLVER, and how the factors come back (pure, unit-tested).
//
// Xgesvd needs rows >= cols, so every SVD works on a tall column-major matrix E, packed while staging:
// the caller's storage read as column-major is A (column-major input) or A^T (row-major input); when that is
// wide it is transposed during packing. So E = A or E = A^T. From E = U_E S VT_E:
//   E = A   : U = U_E,     VT = VT_E
//   E = A^T : U = VT_E^T,  VT = U_E^T      (A = E^T = VT_E^T S U_E^T)
// Transposes are stride swaps (staging.h), so no extra copies are made.
#pragma once

#include "staging.h"

#include <cstdint>

namespace spectral::cuda {

struct SvdOrientation {
    int64_t rows = 0;        // of E; rows >= cols
    int64_t cols = 0;
    bool transposed = false; // E = A^T
    StridedMatrix source;    // E, read from the caller's storage
};

inline SvdOrientation orient(const void* a, spectral_dtype dtype, spectral_layout layout, int64_t m, int64_t n, int64_t lda) {
    SvdOrientation o;
    bool column = layout == SPECTRAL_LAYOUT_COL_MAJOR;
    o.source = StridedMatrix{const_cast<void*>(a), dtype, 1, lda};
    o.rows = column ? m : n;
    o.cols = column ? n : m;
    o.transposed = !column;
    if (o.rows < o.cols) {
        o.source = o.source.transposed();
        int64_t t = o.rows;
        o.rows = o.cols;
        o.cols = t;
        o.transposed = !o.transposed;
    }
    return o;
}

/** Packs E into dense column-major `packed` (ld = rows) and applies the protective scaling; returns the factor. */
inline double pack(const SvdOrientation& o, void* packed, spectral_dtype compute) {
    StridedMatrix dst = column_major(packed, compute, o.rows);
    copy_matrix(o.rows, o.cols, o.source, dst);
    double scale = safe_scale(max_abs(o.rows, o.cols, dst, Part::full), compute);
    scale_in_place(o.rows, o.cols, dst, Part::full, scale);
    return scale;
}

/** The caller's U (m x k) and VT (k x n) as views of E's factors U_E (rows x k) and VT_E (k x cols). */
inline void caller_factors(const SvdOrientation& o, const StridedMatrix& u_e, const StridedMatrix& vt_e, StridedMatrix& u,
                           StridedMatrix& vt) {
    if (!o.transposed) {
        u = u_e;
        vt = vt_e;
    } else {
        u = vt_e.transposed();
        vt = u_e.transposed();
    }
}

}  // namespace spectral::cuda
