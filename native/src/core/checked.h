// Overflow-checked size arithmetic for argument validation.
#pragma once

#include "error.h"

#include <cstdint>
#include <limits>
#include <string>

namespace spectral {

/** a * b for non-negative a, b; throws INVALID_ARGUMENT naming `what` on overflow. */
inline int64_t checked_mul(int64_t a, int64_t b, const char* function, const std::string& what) {
    if (a != 0 && b > std::numeric_limits<int64_t>::max() / a)
        invalid_argument(function, what, "overflows 64-bit size arithmetic (" + std::to_string(a) + " * " + std::to_string(b) + ")");
    return a * b;
}

/** a + b for non-negative a, b; throws INVALID_ARGUMENT naming `what` on overflow. */
inline int64_t checked_add(int64_t a, int64_t b, const char* function, const std::string& what) {
    if (b > std::numeric_limits<int64_t>::max() - a)
        invalid_argument(function, what, "overflows 64-bit size arithmetic (" + std::to_string(a) + " + " + std::to_string(b) + ")");
    return a + b;
}

}  // namespace spectral
