// LAPACK takes 32-bit INTEGER arguments (LP64). Every dimension, leading dimension and workspace size is
// checked here before it is narrowed, so that a 64-bit size from the ABI never wraps silently.
#pragma once

#include "lapack_library.h"

#include "../core/error.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace spectral {
namespace lapack {

constexpr int64_t kIntMax = std::numeric_limits<lapack_int>::max();

/** True when `value` can be passed to LAPACK as a 32-bit INTEGER. */
inline bool fits(int64_t value) noexcept { return value >= 0 && value <= kIntMax; }

/** Narrows a size to a LAPACK INTEGER or throws UNSUPPORTED naming it. */
inline lapack_int to_int(int64_t value, const char* routine, const std::string& what) {
    if (!fits(value))
        fail(SPECTRAL_STATUS_UNSUPPORTED, std::string("lapack: ") + what + " = " + std::to_string(value) +
                                              " exceeds LAPACK's 32-bit integer range (" + routine + " takes INTEGER)");
    return static_cast<lapack_int>(value);
}

/**
 * Throws UNSUPPORTED when LAPACK's own (32-bit) workspace arithmetic for `routine` would overflow: LAPACK
 * computes minimal workspaces such as 1 + 6n + 2n^2 in INTEGER, so these limits are reached long before
 * the matrix itself is too large for memory.
 */
inline void require_workspace_fits(int64_t needed, const char* routine, const std::string& shape) {
    if (needed > kIntMax)
        fail(SPECTRAL_STATUS_UNSUPPORTED, std::string("lapack: ") + routine + " on " + shape + " needs a workspace of about " +
                                              std::to_string(needed) +
                                              " elements, beyond LAPACK's 32-bit integer range; use the managed backend");
}

/**
 * The workspace size LAPACK reported in work[0] after a query (lwork = -1). Single precision cannot
 * represent every integer above 2^24, so the value is rounded up by a relative margin before it is used.
 */
template <class T>
lapack_int queried_size(T reported, const char* routine) {
    double value = static_cast<double>(reported);
    if (!(value >= 0)) fail(SPECTRAL_STATUS_BACKEND_ERROR, std::string("lapack: ") + routine + " workspace query returned " + std::to_string(value));
    double padded = std::ceil(value * (1.0 + 4.0 * static_cast<double>(std::numeric_limits<T>::epsilon()))) + 1.0;
    if (padded > static_cast<double>(kIntMax))
        fail(SPECTRAL_STATUS_UNSUPPORTED, std::string("lapack: ") + routine + " wants a workspace of " +
                                              std::to_string(padded) + " elements, beyond LAPACK's 32-bit integer range");
    return static_cast<lapack_int>(padded);
}

/**
 * Interprets a LAPACK info code: < 0 is a bug on our side (an illegal argument), reported as BACKEND_ERROR
 * with the routine and the argument's position; > 0 is returned to the caller (non-convergence).
 */
inline lapack_int check_info(lapack_int info, const char* routine) {
    if (info < 0)
        fail(SPECTRAL_STATUS_BACKEND_ERROR, std::string("lapack: ") + routine + " rejected argument " +
                                                std::to_string(-info) + " (info = " + std::to_string(info) + ")");
    return info;
}

}  // namespace lapack
}  // namespace spectral
