// The float64 working copy behind spectral_gram_eigenvalues, shared by the backends: the smaller side of A packed
// as W (k x L, column-major, leading dimension k) so that W W^T is the Gram matrix, scaled by a power of two.
#pragma once

#include "backend.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace spectral {

/** Element (i, j) of the request's A, widened to double. */
inline double gram_element(const GramRequest& r, int64_t i, int64_t j) {
    int64_t index = r.layout == SPECTRAL_LAYOUT_ROW_MAJOR ? i * r.lda + j : i + j * r.lda;
    return r.dtype == SPECTRAL_DTYPE_FLOAT32 ? static_cast<double>(static_cast<const float*>(r.a)[index])
                                             : static_cast<const double*>(r.a)[index];
}

/**
 * Writes W (k x L, k = min(m, n), L = max(m, n)) into `w`: W = A^T when m >= n, else A, times 2^e with e chosen so
 * max|W| lies in [1, 2) (exact: a power of two), which keeps W W^T far from overflow and underflow. Returns e;
 * the Gram matrix's eigenvalues are those of W W^T times 2^(-2e).
 */
inline int pack_gram_input(const GramRequest& r, double* w) {
    const bool tall = r.m >= r.n;
    const int64_t k = std::min(r.m, r.n), length = std::max(r.m, r.n);
    double largest = 0;
    for (int64_t q = 0; q < length; ++q)
        for (int64_t p = 0; p < k; ++p) {
            double value = tall ? gram_element(r, q, p) : gram_element(r, p, q);
            w[p + q * k] = value;
            largest = std::max(largest, std::fabs(value));
        }
    int e = largest > 0 ? -std::ilogb(largest) : 0;
    if (e != 0)
        for (int64_t i = 0; i < k * length; ++i) w[i] = std::ldexp(w[i], e);
    return e;
}

}  // namespace spectral
