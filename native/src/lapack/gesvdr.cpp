// Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Algorithms 4.4 + 5.1) on BLAS/LAPACK:
//   l = k + oversample;  Omega = n x l Gaussian sketch from `seed` (gaussian.h documents the generator)
//   Y = A Omega;  Q = qr(Y)
//   repeat power_iterations times:  Z = qr(A^T Q);  Q = qr(A Z)      (re-orthonormalized: no loss of the
//                                                                       small singular directions to rounding)
//   B = Q^T A (l x n);  B = Ub S Vt (?gesdd);  U = Q Ub[:, :k];  V^T = Vt[:k, :]
// A is never copied: row-major input is passed to ?gemm as the transpose of its column-major reading, so
// the same sketch and the same arithmetic serve both layouts. A row-major U is produced directly as
// (Ub^T Q^T) into the caller's buffer.
#include "gaussian.h"
#include "lapack_compute.h"
#include "lapack_int.h"
#include "lapack_library.h"

#include <algorithm>
#include <string>
#include <type_traits>

namespace spectral {
namespace lapack {
namespace {

enum Slot : std::size_t { kSketch = 0, kWork = 1, kIwork = 2, kRange = 3, kTau = 4, kSmall = 5, kLeft = 6, kRight = 7 };

template <class T>
struct Rsvd {
    const Routines<T>& r;
    const char* gemm_name;
    const char* geqrf_name;
    const char* orgqr_name;
    const char* gesdd_name;

    Rsvd()
        : r(functions().routines<T>()),
          gemm_name(std::is_same<T, double>::value ? "dgemm_" : "sgemm_"),
          geqrf_name(std::is_same<T, double>::value ? "dgeqrf_" : "sgeqrf_"),
          orgqr_name(std::is_same<T, double>::value ? "dorgqr_" : "sorgqr_"),
          gesdd_name(std::is_same<T, double>::value ? "dgesdd_" : "sgesdd_") {
        const char* purpose = "the randomized SVD";
        require(r.gemm, gemm_name, purpose);
        require(r.geqrf, geqrf_name, purpose);
        require(r.orgqr, orgqr_name, purpose);
        require(r.gesdd, gesdd_name, purpose);
    }

    void gemm(char ta, char tb, lapack_int m, lapack_int n, lapack_int k, const T* a, lapack_int lda, const T* b,
              lapack_int ldb, T* c, lapack_int ldc) const {
        const T one = 1, zero = 0;
        r.gemm(&ta, &tb, &m, &n, &k, &one, a, &lda, b, &ldb, &zero, c, &ldc, 1, 1);
    }

    /** Workspace for qr() of an rows x cols matrix (rows >= cols). */
    lapack_int qr_workspace(lapack_int rows, lapack_int cols, T* a, T* tau) const {
        lapack_int info = 0, minus_one = -1;
        T q1 = 0, q2 = 0;
        r.geqrf(&rows, &cols, a, &rows, tau, &q1, &minus_one, &info);
        check_info(info, geqrf_name);
        r.orgqr(&rows, &cols, &cols, a, &rows, tau, &q2, &minus_one, &info);
        check_info(info, orgqr_name);
        return std::max(queried_size(q1, geqrf_name), queried_size(q2, orgqr_name));
    }

    /** Replaces the rows x cols matrix a (ld rows) by the Q factor of its QR factorization. */
    void qr(lapack_int rows, lapack_int cols, T* a, T* tau, T* work, lapack_int lwork) const {
        lapack_int info = 0;
        r.geqrf(&rows, &cols, a, &rows, tau, work, &lwork, &info);
        check_info(info, geqrf_name);
        r.orgqr(&rows, &cols, &cols, a, &rows, tau, work, &lwork, &info);
        check_info(info, orgqr_name);
    }
};

template <class T>
void gesvdr_typed(const RsvdRequest& q, Workspace& ws) {
    Rsvd<T> rs;
    const bool row = q.layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    const lapack_int m = to_int(q.m, rs.gemm_name, "m");
    const lapack_int n = to_int(q.n, rs.gemm_name, "n");
    const lapack_int k = to_int(q.k, rs.gemm_name, "k");
    const lapack_int l = to_int(q.k + q.oversample, rs.gemm_name, "k + oversample");
    const lapack_int lda = to_int(q.lda, rs.gemm_name, "lda");
    const int64_t m64 = m, n64 = n, l64 = l;
    require_workspace_fits(5 * l64 * l64 + 8 * l64 + 64 * (l64 + n64), rs.gesdd_name,
                           std::to_string(l64) + " x " + std::to_string(n64));
    // op(A) as ?gemm sees the caller's buffer: 'N' reads A for column-major input, 'T' for row-major.
    const char op_a = row ? 'T' : 'N';
    const char op_at = row ? 'N' : 'T';
    const T* a = static_cast<const T*>(q.a);

    T* sketch = ws.get<T>(kSketch, static_cast<std::size_t>(n64 * l64));  // Omega, later Z (n x l)
    T* range = ws.get<T>(kRange, static_cast<std::size_t>(m64 * l64));    // Y, then Q (m x l)
    T* tau = ws.get<T>(kTau, static_cast<std::size_t>(l64));
    GaussianStream gaussian(q.seed);
    for (int64_t i = 0; i < n64 * l64; ++i) sketch[i] = static_cast<T>(gaussian.next());

    lapack_int lwork = std::max(rs.qr_workspace(m, l, range, tau), rs.qr_workspace(n, l, sketch, tau));
    T* work = ws.get<T>(kWork, static_cast<std::size_t>(lwork));

    rs.gemm(op_a, 'N', m, l, n, a, lda, sketch, n, range, m);  // Y = A Omega
    rs.qr(m, l, range, tau, work, lwork);
    for (int64_t it = 0; it < q.power_iterations; ++it) {
        rs.gemm(op_at, 'N', n, l, m, a, lda, range, m, sketch, n);  // Z = A^T Q
        rs.qr(n, l, sketch, tau, work, lwork);
        rs.gemm(op_a, 'N', m, l, n, a, lda, sketch, n, range, m);  // Y = A Z
        rs.qr(m, l, range, tau, work, lwork);
    }

    // B = Q^T A (l x n), then its SVD.
    T* small = ws.get<T>(kSmall, static_cast<std::size_t>(l64 * n64));
    rs.gemm('T', op_a, l, n, m, range, m, a, lda, small, l);
    T* ub = ws.get<T>(kLeft, static_cast<std::size_t>(l64 * l64));
    T* vtb = ws.get<T>(kRight, static_cast<std::size_t>(l64 * n64));
    T* s = ws.get<T>(kTau, static_cast<std::size_t>(l64));  // tau is no longer needed
    lapack_int* iwork = ws.get<lapack_int>(kIwork, static_cast<std::size_t>(8 * l64));
    const char jobz = 'S';
    lapack_int info = 0, minus_one = -1;
    T work_query = 0;
    rs.r.gesdd(&jobz, &l, &n, small, &l, s, ub, &l, vtb, &l, &work_query, &minus_one, iwork, &info, 1);
    check_info(info, rs.gesdd_name);
    lapack_int svd_lwork = queried_size(work_query, rs.gesdd_name);
    work = ws.get<T>(kWork, static_cast<std::size_t>(std::max(svd_lwork, lwork)));
    rs.r.gesdd(&jobz, &l, &n, small, &l, s, ub, &l, vtb, &l, work, &svd_lwork, iwork, &info, 1);
    if (check_info(info, rs.gesdd_name) > 0)
        fail(SPECTRAL_STATUS_NOT_CONVERGED, std::string("spectral_gesvdr: ") + rs.gesdd_name +
                                                " did not converge on the projected matrix (info = " + std::to_string(info) + ")");

    std::copy(s, s + k, static_cast<T*>(q.s));
    if (q.u != nullptr) {
        const lapack_int ldu = to_int(q.ldu, rs.gemm_name, "ldu");
        if (row)
            rs.gemm('T', 'T', k, m, l, ub, l, range, m, static_cast<T*>(q.u), ldu);  // U^T = Ub_k^T Q^T
        else
            rs.gemm('N', 'N', m, k, l, range, m, ub, l, static_cast<T*>(q.u), ldu);  // U = Q Ub_k
    }
    if (q.vt != nullptr) {
        T* vt = static_cast<T*>(q.vt);
        for (int64_t j = 0; j < n64; ++j)
            for (int64_t i = 0; i < k; ++i) {
                T value = vtb[i + j * l64];
                if (row)
                    vt[i * q.ldvt + j] = value;
                else
                    vt[i + j * q.ldvt] = value;
            }
    }
}

}  // namespace

void gesvdr(const RsvdRequest& request, Workspace& workspace) {
    struct Trim {
        Workspace& ws;
        ~Trim() { ws.trim(std::size_t(64) << 20); }
    } trim{workspace};
    if (request.dtype == SPECTRAL_DTYPE_FLOAT32)
        gesvdr_typed<float>(request, workspace);
    else
        gesvdr_typed<double>(request, workspace);
}

}  // namespace lapack
}  // namespace spectral
