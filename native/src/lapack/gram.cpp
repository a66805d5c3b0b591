// Eigenvalues of the Gram matrix of the smaller side (spectral_gram_eigenvalues) with dsyrk + dsyevd, always in
// float64: the input is widened and packed as W (k x L) scaled by a power of two (core/gram_input.h), C = W W^T is
// formed by dsyrk (lower triangle) and its eigenvalues by dsyevd, then unscaled exactly.
#include "../core/gram_input.h"
#include "lapack_compute.h"
#include "lapack_int.h"
#include "lapack_library.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace spectral {
namespace lapack {
namespace {

enum Slot : std::size_t { kPacked = 0, kGram = 1, kWork = 2, kIwork = 3 };

}  // namespace

void gram_eigenvalues(const GramRequest& request, Workspace& ws) {
    auto syrk = require(functions().routines<double>().syrk, "dsyrk_", "Gram eigenvalues");
    auto syevd = require(functions().routines<double>().syevd, "dsyevd_", "Gram eigenvalues");
    const int64_t k64 = std::min(request.m, request.n), length64 = std::max(request.m, request.n);
    const lapack_int k = to_int(k64, "dsyrk_", "min(m, n)");
    const lapack_int length = to_int(length64, "dsyrk_", "max(m, n)");
    require_workspace_fits(k64 * k64, "dsyevd_", std::to_string(k64) + " x " + std::to_string(k64) + " Gram matrix");
    double* packed = ws.get<double>(kPacked, static_cast<std::size_t>(k64 * length64));
    const int exponent = pack_gram_input(request, packed);
    double* gram = ws.get<double>(kGram, static_cast<std::size_t>(k64 * k64));
    const double one = 1.0, zero = 0.0;
    const char lower = 'L', no_trans = 'N', values_only = 'N';
    syrk(&lower, &no_trans, &k, &length, &one, packed, &k, &zero, gram, &k, 1, 1);

    double work_query = 0;
    lapack_int iwork_query = 0, minus_one = -1, info = 0;
    syevd(&values_only, &lower, &k, gram, &k, request.w, &work_query, &minus_one, &iwork_query, &minus_one, &info, 1, 1);
    check_info(info, "dsyevd_");
    lapack_int lwork = queried_size(work_query, "dsyevd_");
    lapack_int liwork = std::max<lapack_int>(iwork_query, 1);
    double* work = ws.get<double>(kWork, static_cast<std::size_t>(lwork));
    lapack_int* iwork = ws.get<lapack_int>(kIwork, static_cast<std::size_t>(liwork));
    syevd(&values_only, &lower, &k, gram, &k, request.w, work, &lwork, iwork, &liwork, &info, 1, 1);
    *request.info = check_info(info, "dsyevd_");
    for (int64_t i = 0; i < k64; ++i) request.w[i] = std::ldexp(request.w[i], -2 * exponent);
    // The packed copy can be as large as A itself: do not keep it for the next small call.
    ws.trim(std::size_t{64} << 20);
}

}  // namespace lapack
}  // namespace spectral
