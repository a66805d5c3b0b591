// Thin SVD / singular values with ?gesdd (bidiagonalization + divide and conquer), float32 and float64.
//
// Layout: LAPACK is column-major. A row-major m x n matrix read as column-major is A^T (n x m), and
// A^T = V S U^T, so LAPACK's "U" of A^T is V and its "V^T" is U^T. Row-major U (m x k, ldu) read as
// column-major is U^T (k x m) and row-major V^T (k x n, ldvt) read as column-major is V (n x k): LAPACK
// writes both straight into the caller's buffers with the roles swapped, and no output is transposed.
// The input is copied once, into the working array ?gesdd overwrites.
#include "lapack_compute.h"
#include "lapack_int.h"
#include "lapack_library.h"
#include "matrix_copy.h"

#include <algorithm>
#include <string>
#include <type_traits>

namespace spectral {
namespace lapack {
namespace {

enum Slot : std::size_t { kMatrix = 0, kWork = 1, kIwork = 2, kLeft = 3, kRight = 4 };

/** A column-major output block: the caller's buffer when LAPACK can address it, else scratch copied back. */
template <class T>
struct OutputBlock {
    T* target;
    int64_t target_ld;
    int64_t rows, cols;
    T* data;
    int64_t ld;

    OutputBlock(T* target_, int64_t target_ld_, int64_t rows_, int64_t cols_, Workspace& ws, std::size_t slot)
        : target(target_), target_ld(target_ld_), rows(rows_), cols(cols_), data(target_), ld(target_ld_) {
        if (!fits(target_ld)) {
            data = ws.get<T>(slot, static_cast<std::size_t>(rows * cols));
            ld = std::max<int64_t>(1, rows);
        }
    }
    void finish() const {
        if (data != target) copy_columns(data, ld, target, target_ld, rows, cols);
    }
};

template <class T>
void gesdd_task(const SvdRequest& request, const SvdTask& task, Workspace& ws) {
    const char* routine = std::is_same<T, double>::value ? "dgesdd_" : "sgesdd_";
    auto fn = require(functions().routines<T>().gesdd, routine, "the SVD");
    const bool row = request.layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    // The column-major matrix LAPACK factors: A itself, or A^T for row-major input.
    const int64_t rows64 = row ? task.n : task.m;
    const int64_t cols64 = row ? task.m : task.n;
    const int64_t k64 = std::min(rows64, cols64);
    const lapack_int rows = to_int(rows64, routine, row ? "n" : "m");
    const lapack_int cols = to_int(cols64, routine, row ? "m" : "n");
    const bool vectors = request.vectors;
    const std::string shape = std::to_string(task.m) + " x " + std::to_string(task.n);
    // Generous bound on ?gesdd's INTEGER workspace arithmetic (documented minimum 4k^2 + 6k + max(m, n)
    // for JOBZ = 'S', plus blocked bidiagonalization).
    require_workspace_fits(vectors ? 5 * k64 * k64 + 8 * k64 + 64 * (rows64 + cols64) : 8 * k64 + 64 * (rows64 + cols64),
                           routine, shape);
    const char jobz = vectors ? 'S' : 'N';

    T* work_a = ws.get<T>(kMatrix, static_cast<std::size_t>(rows64 * cols64));
    copy_columns(static_cast<const T*>(task.a), task.lda, work_a, rows64, rows64, cols64);
    const lapack_int lda = std::max<lapack_int>(1, rows);
    T* s = static_cast<T*>(task.s);

    // LAPACK's U is rows x k, its V^T is k x cols (see the layout note above for row-major).
    T dummy = 0;
    OutputBlock<T> left(vectors ? static_cast<T*>(row ? task.vt : task.u) : &dummy, vectors ? (row ? task.ldvt : task.ldu) : 1,
                        vectors ? rows64 : 0, vectors ? k64 : 0, ws, kLeft);
    OutputBlock<T> right(vectors ? static_cast<T*>(row ? task.u : task.vt) : &dummy, vectors ? (row ? task.ldu : task.ldvt) : 1,
                         vectors ? k64 : 0, vectors ? cols64 : 0, ws, kRight);
    const lapack_int ldu = static_cast<lapack_int>(std::max<int64_t>(vectors ? left.ld : 1, 1));
    const lapack_int ldvt = static_cast<lapack_int>(std::max<int64_t>(vectors ? right.ld : 1, 1));

    lapack_int info = 0, minus_one = -1;
    T work_query = 0;
    lapack_int* iwork = ws.get<lapack_int>(kIwork, static_cast<std::size_t>(8 * std::max<int64_t>(1, k64)));
    fn(&jobz, &rows, &cols, work_a, &lda, s, left.data, &ldu, right.data, &ldvt, &work_query, &minus_one, iwork, &info, 1);
    check_info(info, routine);
    lapack_int lwork = queried_size(work_query, routine);
    T* work = ws.get<T>(kWork, static_cast<std::size_t>(lwork));
    fn(&jobz, &rows, &cols, work_a, &lda, s, left.data, &ldu, right.data, &ldvt, work, &lwork, iwork, &info, 1);
    *task.info = check_info(info, routine);
    if (info != 0 || !vectors) return;
    left.finish();
    right.finish();
}

template <class T>
void gesvd_typed(const SvdRequest& request, Executor& executor) {
    const char* routine = std::is_same<T, double>::value ? "dgesdd_" : "sgesdd_";
    for (const auto& task : request.tasks) {
        to_int(task.m, routine, "m");
        to_int(task.n, routine, "n");
    }
    executor.for_each(request.tasks.size(),
                      [&](Workspace& ws, std::size_t i) { gesdd_task<T>(request, request.tasks[i], ws); });
}

}  // namespace

void gesvd(const SvdRequest& request, Executor& executor) {
    if (request.dtype == SPECTRAL_DTYPE_FLOAT32)
        gesvd_typed<float>(request, executor);
    else
        gesvd_typed<double>(request, executor);
}

}  // namespace lapack
}  // namespace spectral
