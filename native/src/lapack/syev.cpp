// Symmetric eigendecomposition with ?syevd (full spectrum, divide and conquer) and ?syevr (index range,
// MRRR), in float32 and float64.
//
// Layout: LAPACK is column-major. A row-major symmetric matrix read as column-major is its transpose,
// which is the same matrix with the stored triangle swapped (row-major lower = column-major upper), so the
// input is only copied once - into the working array LAPACK overwrites - and never transposed.
// Eigenvectors come back column-major; for a column-major output they are computed in place in the
// caller's buffer, for a row-major output they are transposed into it.
#include "lapack_compute.h"
#include "lapack_int.h"
#include "lapack_library.h"
#include "matrix_copy.h"

#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>

namespace spectral {
namespace lapack {
namespace {

enum Slot : std::size_t { kMatrix = 0, kWork = 1, kIwork = 2, kValues = 3, kVectors = 4, kSupport = 5 };

template <class T>
constexpr const char* name(const char* d_name, const char* s_name) {
    return std::is_same<T, double>::value ? d_name : s_name;
}

/** Full spectrum: ?syevd on a working copy (which becomes the eigenvectors). */
template <class T>
void syevd_task(const EigRequest& request, const EigTask& task, Workspace& ws) {
    const char* routine = name<T>("dsyevd_", "ssyevd_");
    auto fn = require(functions().routines<T>().syevd, routine, "symmetric eigendecomposition");
    const bool row = request.layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    const int64_t n64 = task.n;
    const lapack_int n = to_int(n64, routine, "n");
    const bool vectors = request.vectors;
    require_workspace_fits(vectors ? 1 + 6 * n64 + 2 * n64 * n64 : 2 * n64 + 1, routine,
                           std::to_string(n64) + " x " + std::to_string(n64));
    const char jobz = vectors ? 'V' : 'N';
    const char uplo = (request.uplo == SPECTRAL_UPLO_LOWER) != row ? 'L' : 'U';

    // The working array: the caller's eigenvector buffer when it is column-major with a LAPACK-sized
    // leading dimension (vectors are then computed in place), else scratch.
    T* work_a;
    int64_t ld_a;
    // Computing in place in v is only safe when v does not partly overlap the input (v == a with the same
    // leading dimension - a caller's in-place call - is fine: the copy is then the identity).
    const T* a_begin = static_cast<const T*>(task.a);
    const T* a_end = a_begin + (n64 - 1) * task.lda + n64;
    const T* v_begin = static_cast<const T*>(task.v);
    const T* v_end = vectors ? v_begin + (n64 - 1) * task.ldv + n64 : v_begin;
    const bool disjoint = v_end <= a_begin || a_end <= v_begin;
    const bool identical = v_begin == a_begin && task.ldv == task.lda;
    const bool in_place = vectors && !row && fits(task.ldv) && (disjoint || identical);
    if (in_place) {
        work_a = static_cast<T*>(task.v);
        ld_a = task.ldv;
    } else {
        work_a = ws.get<T>(kMatrix, static_cast<std::size_t>(n64 * n64));
        ld_a = n64;
    }
    if (work_a != a_begin) copy_columns(a_begin, task.lda, work_a, ld_a, n64, n64);
    const lapack_int lda = static_cast<lapack_int>(ld_a);
    T* w = static_cast<T*>(task.w);

    T work_query = 0;
    lapack_int iwork_query = 0, minus_one = -1, info = 0;
    fn(&jobz, &uplo, &n, work_a, &lda, w, &work_query, &minus_one, &iwork_query, &minus_one, &info, 1, 1);
    check_info(info, routine);
    lapack_int lwork = queried_size(work_query, routine);
    lapack_int liwork = std::max<lapack_int>(iwork_query, 1);
    T* work = ws.get<T>(kWork, static_cast<std::size_t>(lwork));
    lapack_int* iwork = ws.get<lapack_int>(kIwork, static_cast<std::size_t>(liwork));
    fn(&jobz, &uplo, &n, work_a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    *task.info = check_info(info, routine);
    if (info != 0 || !vectors || in_place) return;
    T* v = static_cast<T*>(task.v);
    if (row)
        copy_transposed(work_a, ld_a, v, task.ldv, n64, n64);  // row-major V = column-major V^T
    else
        copy_columns(work_a, ld_a, v, task.ldv, n64, n64);
}

/** Index range il..iu: ?syevr with RANGE = 'I'. */
template <class T>
void syevr_task(const EigRequest& request, const EigTask& task, Workspace& ws) {
    const char* routine = name<T>("dsyevr_", "ssyevr_");
    auto fn = require(functions().routines<T>().syevr, routine, "symmetric eigenvalues in an index range");
    const bool row = request.layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    const int64_t n64 = task.n;
    const int64_t k64 = task.iu - task.il + 1;
    const lapack_int n = to_int(n64, routine, "n");
    require_workspace_fits(26 * n64, routine, std::to_string(n64) + " x " + std::to_string(n64));
    const bool vectors = request.vectors;
    const char jobz = vectors ? 'V' : 'N';
    const char range = 'I';
    const char uplo = (request.uplo == SPECTRAL_UPLO_LOWER) != row ? 'L' : 'U';
    const lapack_int il = static_cast<lapack_int>(task.il + 1), iu = static_cast<lapack_int>(task.iu + 1);

    T* work_a = ws.get<T>(kMatrix, static_cast<std::size_t>(n64 * n64));
    copy_columns(static_cast<const T*>(task.a), task.lda, work_a, n64, n64, n64);
    // ?syevr uses W as an n-element array even when fewer values are wanted, so it writes to scratch.
    T* w = ws.get<T>(kValues, static_cast<std::size_t>(n64));
    T* z = nullptr;
    int64_t ld_z = 1;
    const bool direct = vectors && !row && fits(task.ldv);
    if (direct) {
        z = static_cast<T*>(task.v);
        ld_z = task.ldv;
    } else if (vectors) {
        z = ws.get<T>(kVectors, static_cast<std::size_t>(n64 * k64));
        ld_z = n64;
    }
    const lapack_int lda = n, ldz = static_cast<lapack_int>(ld_z);
    lapack_int* isuppz = ws.get<lapack_int>(kSupport, static_cast<std::size_t>(2 * std::max<int64_t>(1, k64)));
    // The most accurate setting (LAPACK's advice for high relative accuracy): the safe minimum.
    const T abstol = std::numeric_limits<T>::min();
    const T vl = 0, vu = 0;
    lapack_int found = 0, info = 0, minus_one = -1, iwork_query = 0;
    T work_query = 0;
    fn(&jobz, &range, &uplo, &n, work_a, &lda, &vl, &vu, &il, &iu, &abstol, &found, w, z, &ldz, isuppz,
       &work_query, &minus_one, &iwork_query, &minus_one, &info, 1, 1, 1);
    check_info(info, routine);
    lapack_int lwork = queried_size(work_query, routine);
    lapack_int liwork = std::max<lapack_int>(iwork_query, 1);
    T* work = ws.get<T>(kWork, static_cast<std::size_t>(lwork));
    lapack_int* iwork = ws.get<lapack_int>(kIwork, static_cast<std::size_t>(liwork));
    fn(&jobz, &range, &uplo, &n, work_a, &lda, &vl, &vu, &il, &iu, &abstol, &found, w, z, &ldz, isuppz, work,
       &lwork, iwork, &liwork, &info, 1, 1, 1);
    *task.info = check_info(info, routine);
    if (info != 0) return;
    if (found != k64)
        fail(SPECTRAL_STATUS_BACKEND_ERROR, std::string("lapack: ") + routine + " returned " + std::to_string(found) +
                                                " eigenvalues for the index range " + std::to_string(task.il) + ".." +
                                                std::to_string(task.iu) + " (expected " + std::to_string(k64) + ")");
    std::copy(w, w + k64, static_cast<T*>(task.w));
    if (!vectors || direct) return;
    T* v = static_cast<T*>(task.v);
    if (row)
        copy_transposed(z, ld_z, v, task.ldv, n64, k64);  // row-major n x k = column-major k x n transpose
    else
        copy_columns(z, ld_z, v, task.ldv, n64, k64);
}

template <class T>
void syev_typed(const EigRequest& request, Executor& executor) {
    // Narrowing is checked for every matrix before any is computed, so an oversized matrix fails the call
    // without partial results.
    for (const auto& task : request.tasks) to_int(task.n, name<T>("dsyevd_", "ssyevd_"), "n");
    executor.for_each(request.tasks.size(), [&](Workspace& ws, std::size_t i) {
        const EigTask& task = request.tasks[i];
        if (task.iu - task.il + 1 == task.n)
            syevd_task<T>(request, task, ws);
        else
            syevr_task<T>(request, task, ws);
    });
}

}  // namespace

void syev(const EigRequest& request, Executor& executor) {
    if (request.dtype == SPECTRAL_DTYPE_FLOAT32)
        syev_typed<float>(request, executor);
    else
        syev_typed<double>(request, executor);
}

}  // namespace lapack
}  // namespace spectral
