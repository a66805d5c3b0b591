// A host-memory stand-in for libcusolver that is exact for DIAGONAL matrices only: eigenvalues are the sorted
// diagonal with permutation eigenvectors, singular values the sorted |diagonal| with signed permutation vectors.
// It checks what the real library would require (lda, tall input for Xgesvd/Xgesvdr, batch limits) and reports a
// non-zero off-diagonal entry in the triangle it was told to read as "not converged" (info = n + 7), so a wrong
// fill mode or layout in libspectral shows up in the tests. Built twice: with and without cusolverDnXsyevBatched
// (SPECTRAL_FAKE_WITH_SYEV_BATCHED), to exercise both batched eigen routes.
#include <cusolverDn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <vector>

#define FAKE extern "C" __attribute__((visibility("default")))

namespace {

int g_tokens[256];
int g_next = 0;
template <class H>
H token() {
    return reinterpret_cast<H>(&g_tokens[g_next++ % 256]);
}

/** Eigen "solve" of one diagonal matrix (column-major, lda); selects sorted indices [lo, hi). Returns info. */
template <class T>
int eigen(bool vectors, cublasFillMode_t uplo, int64_t n, T* a, int64_t lda, T* w, int64_t lo, int64_t hi) {
    for (int64_t j = 0; j < n; ++j)
        for (int64_t i = 0; i < n; ++i) {
            bool referenced = uplo == CUBLAS_FILL_MODE_LOWER ? i > j : i < j;
            if (referenced && a[i + j * lda] != T(0)) return static_cast<int>(n) + 7;
        }
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return a[x + x * lda] < a[y + y * lda]; });
    std::vector<T> diagonal(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) diagonal[static_cast<size_t>(i)] = a[i + i * lda];
    for (int64_t j = lo; j < hi; ++j) w[j - lo] = diagonal[static_cast<size_t>(order[static_cast<size_t>(j)])];
    if (vectors)
        for (int64_t j = 0; j < n; ++j)
            for (int64_t i = 0; i < n; ++i) a[i + j * lda] = (j < hi - lo && i == order[static_cast<size_t>(j + lo)]) ? T(1) : T(0);
    return 0;
}

/**
 * SVD "solve" of one diagonal m x n matrix (m >= n): s = sorted |d|, U(:, j) = sign * e_p (ldu, ucols columns),
 * V(:, j) = e_p written as VT rows (vt_is_v = false) or V columns (true). Returns info.
 */
template <class T>
int svd(int64_t m, int64_t n, const T* a, int64_t lda, T* s, int64_t k, T* u, int64_t ldu, int64_t ucols, T* v, int64_t ldv,
        int64_t vdim, bool vt_is_v) {
    for (int64_t j = 0; j < n; ++j)
        for (int64_t i = 0; i < m; ++i)
            if (i != j && a[i + j * lda] != T(0)) return static_cast<int>(n) + 7;
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return std::fabs(a[x + x * lda]) > std::fabs(a[y + y * lda]); });
    for (int64_t j = 0; j < k; ++j) s[j] = std::fabs(a[order[static_cast<size_t>(j)] * (lda + 1)]);
    if (u != nullptr)
        for (int64_t j = 0; j < ucols; ++j)
            for (int64_t i = 0; i < m; ++i) {
                T value = T(0);
                if (j < k && i == order[static_cast<size_t>(j)]) value = a[i * (lda + 1)] < T(0) ? T(-1) : T(1);
                u[i + j * ldu] = value;
            }
    if (v != nullptr)
        for (int64_t j = 0; j < vdim; ++j)
            for (int64_t i = 0; i < vdim; ++i) {
                // V(i, j) = 1 when i = order[j]; as VT, element (j, i).
                T value = (j < k && i == order[static_cast<size_t>(j)]) ? T(1) : T(0);
                if (vt_is_v) v[i + j * ldv] = value;
                else v[j + i * ldv] = value;
            }
    return 0;
}

}  // namespace

FAKE cusolverStatus_t cusolverGetProperty(libraryPropertyType type, int* value) {
    *value = type == MAJOR_VERSION ? 11 : type == MINOR_VERSION ? 6 : 1;
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnCreate(cusolverDnHandle_t* handle) { *handle = token<cusolverDnHandle_t>(); return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnDestroy(cusolverDnHandle_t) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnSetStream(cusolverDnHandle_t, cudaStream_t) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnCreateParams(cusolverDnParams_t* p) { *p = token<cusolverDnParams_t>(); return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnDestroyParams(cusolverDnParams_t) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnCreateSyevjInfo(syevjInfo_t* p) { *p = token<syevjInfo_t>(); return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnDestroySyevjInfo(syevjInfo_t) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnXsyevjSetTolerance(syevjInfo_t, double) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnXsyevjSetMaxSweeps(syevjInfo_t, int) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnXsyevjSetSortEig(syevjInfo_t, int) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnCreateGesvdjInfo(gesvdjInfo_t* p) { *p = token<gesvdjInfo_t>(); return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnDestroyGesvdjInfo(gesvdjInfo_t) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnXgesvdjSetTolerance(gesvdjInfo_t, double) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnXgesvdjSetMaxSweeps(gesvdjInfo_t, int) { return CUSOLVER_STATUS_SUCCESS; }
FAKE cusolverStatus_t cusolverDnXgesvdjSetSortEig(gesvdjInfo_t, int) { return CUSOLVER_STATUS_SUCCESS; }

// ---- syevjBatched (n <= 32) ------------------------------------------------------------------------------------
template <class T>
cusolverStatus_t syevj_batched(cusolverEigMode_t jobz, cublasFillMode_t uplo, int n, T* a, int lda, T* w, int* info, int batch) {
    if (n > 32 || lda < std::max(1, n) || batch < 1) return CUSOLVER_STATUS_INVALID_VALUE;
    for (int b = 0; b < batch; ++b)
        info[b] = eigen(jobz == CUSOLVER_EIG_MODE_VECTOR, uplo, n, a + static_cast<int64_t>(b) * lda * n, lda, w + static_cast<int64_t>(b) * n, 0, n);
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnSsyevjBatched_bufferSize(cusolverDnHandle_t, cusolverEigMode_t, cublasFillMode_t, int n, const float*, int, const float*, int* lwork, syevjInfo_t, int) {
    *lwork = 16;
    return n > 32 ? CUSOLVER_STATUS_INVALID_VALUE : CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnDsyevjBatched_bufferSize(cusolverDnHandle_t, cusolverEigMode_t, cublasFillMode_t, int n, const double*, int, const double*, int* lwork, syevjInfo_t, int) {
    *lwork = 16;
    return n > 32 ? CUSOLVER_STATUS_INVALID_VALUE : CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnSsyevjBatched(cusolverDnHandle_t, cusolverEigMode_t jobz, cublasFillMode_t uplo, int n, float* a, int lda, float* w, float*, int, int* info, syevjInfo_t, int batch) {
    return syevj_batched(jobz, uplo, n, a, lda, w, info, batch);
}
FAKE cusolverStatus_t cusolverDnDsyevjBatched(cusolverDnHandle_t, cusolverEigMode_t jobz, cublasFillMode_t uplo, int n, double* a, int lda, double* w, double*, int, int* info, syevjInfo_t, int batch) {
    return syevj_batched(jobz, uplo, n, a, lda, w, info, batch);
}

// ---- gesvdjBatched (m, n <= 32) ----------------------------------------------------------------------------------
template <class T>
cusolverStatus_t gesvdj_batched(cusolverEigMode_t jobz, int m, int n, T* a, int lda, T* s, T* u, int ldu, T* v, int ldv, int* info, int batch) {
    if (m > 32 || n > 32 || lda < std::max(1, m) || ldu < std::max(1, m) || ldv < std::max(1, n)) return CUSOLVER_STATUS_INVALID_VALUE;
    if (m < n) return CUSOLVER_STATUS_NOT_SUPPORTED;  // libspectral always presents tall matrices; catch it if not
    bool vectors = jobz == CUSOLVER_EIG_MODE_VECTOR;
    for (int b = 0; b < batch; ++b)
        info[b] = svd(m, n, a + static_cast<int64_t>(b) * lda * n, lda, s + static_cast<int64_t>(b) * std::min(m, n), std::min(m, n),
                      vectors ? u + static_cast<int64_t>(b) * ldu * m : nullptr, ldu, m, vectors ? v + static_cast<int64_t>(b) * ldv * n : nullptr, ldv, n, true);
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnSgesvdjBatched_bufferSize(cusolverDnHandle_t, cusolverEigMode_t, int, int, const float*, int, const float*, const float*, int, const float*, int, int* lwork, gesvdjInfo_t, int) {
    *lwork = 16;
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnDgesvdjBatched_bufferSize(cusolverDnHandle_t, cusolverEigMode_t, int, int, const double*, int, const double*, const double*, int, const double*, int, int* lwork, gesvdjInfo_t, int) {
    *lwork = 16;
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnSgesvdjBatched(cusolverDnHandle_t, cusolverEigMode_t jobz, int m, int n, float* a, int lda, float* s, float* u, int ldu, float* v, int ldv, float*, int, int* info, gesvdjInfo_t, int batch) {
    return gesvdj_batched(jobz, m, n, a, lda, s, u, ldu, v, ldv, info, batch);
}
FAKE cusolverStatus_t cusolverDnDgesvdjBatched(cusolverDnHandle_t, cusolverEigMode_t jobz, int m, int n, double* a, int lda, double* s, double* u, int ldu, double* v, int ldv, double*, int, int* info, gesvdjInfo_t, int batch) {
    return gesvdj_batched(jobz, m, n, a, lda, s, u, ldu, v, ldv, info, batch);
}

// ---- 64-bit API -------------------------------------------------------------------------------------------------
namespace {
cusolverStatus_t sizes(size_t* device, size_t* host) {
    *device = 64;
    *host = 16;
    return CUSOLVER_STATUS_SUCCESS;
}
bool same_types(cudaDataType a, cudaDataType b, cudaDataType c) { return a == b && b == c && (a == CUDA_R_32F || a == CUDA_R_64F); }
}  // namespace

FAKE cusolverStatus_t cusolverDnXsyevd_bufferSize(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t, cublasFillMode_t, int64_t, cudaDataType ta, const void*, int64_t, cudaDataType tw, const void*, cudaDataType tc, size_t* d, size_t* h) {
    return same_types(ta, tw, tc) ? sizes(d, h) : CUSOLVER_STATUS_INVALID_VALUE;
}
FAKE cusolverStatus_t cusolverDnXsyevd(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t jobz, cublasFillMode_t uplo, int64_t n, cudaDataType ta, void* a, int64_t lda, cudaDataType tw, void* w, cudaDataType tc, void*, size_t, void*, size_t, int* info) {
    if (!same_types(ta, tw, tc) || lda < std::max<int64_t>(1, n)) return CUSOLVER_STATUS_INVALID_VALUE;
    bool vectors = jobz == CUSOLVER_EIG_MODE_VECTOR;
    *info = ta == CUDA_R_32F ? eigen(vectors, uplo, n, static_cast<float*>(a), lda, static_cast<float*>(w), 0, n)
                             : eigen(vectors, uplo, n, static_cast<double*>(a), lda, static_cast<double*>(w), 0, n);
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnXsyevdx_bufferSize(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t, cusolverEigRange_t range, cublasFillMode_t, int64_t, cudaDataType ta, const void*, int64_t, void*, void*, int64_t, int64_t, int64_t*, cudaDataType tw, const void*, cudaDataType tc, size_t* d, size_t* h) {
    return same_types(ta, tw, tc) && range == CUSOLVER_EIG_RANGE_I ? sizes(d, h) : CUSOLVER_STATUS_INVALID_VALUE;
}
FAKE cusolverStatus_t cusolverDnXsyevdx(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t jobz, cusolverEigRange_t range, cublasFillMode_t uplo, int64_t n, cudaDataType ta, void* a, int64_t lda, void* vl, void* vu, int64_t il, int64_t iu, int64_t* meig, cudaDataType tw, void* w, cudaDataType tc, void*, size_t, void*, size_t, int* info) {
    if (!same_types(ta, tw, tc) || range != CUSOLVER_EIG_RANGE_I || lda < std::max<int64_t>(1, n) || vl == nullptr || vu == nullptr || il < 1 || iu < il || iu > n)
        return CUSOLVER_STATUS_INVALID_VALUE;
    bool vectors = jobz == CUSOLVER_EIG_MODE_VECTOR;
    *info = ta == CUDA_R_32F ? eigen(vectors, uplo, n, static_cast<float*>(a), lda, static_cast<float*>(w), il - 1, iu)
                             : eigen(vectors, uplo, n, static_cast<double*>(a), lda, static_cast<double*>(w), il - 1, iu);
    *meig = iu - il + 1;
    return CUSOLVER_STATUS_SUCCESS;
}

#if defined(SPECTRAL_FAKE_WITH_SYEV_BATCHED)
FAKE cusolverStatus_t cusolverDnXsyevBatched_bufferSize(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t, cublasFillMode_t, int64_t n, cudaDataType ta, const void*, int64_t lda, cudaDataType tw, const void*, cudaDataType tc, size_t* d, size_t* h, int64_t batch) {
    if (!same_types(ta, tw, tc) || n * lda * batch > 2147483647LL) return CUSOLVER_STATUS_INVALID_VALUE;
    return sizes(d, h);
}
FAKE cusolverStatus_t cusolverDnXsyevBatched(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t jobz, cublasFillMode_t uplo, int64_t n, cudaDataType ta, void* a, int64_t lda, cudaDataType tw, void* w, cudaDataType tc, void*, size_t, void*, size_t, int* info, int64_t batch) {
    if (!same_types(ta, tw, tc) || lda < std::max<int64_t>(1, n) || n * lda * batch > 2147483647LL) return CUSOLVER_STATUS_INVALID_VALUE;
    bool vectors = jobz == CUSOLVER_EIG_MODE_VECTOR;
    for (int64_t b = 0; b < batch; ++b)
        info[b] = ta == CUDA_R_32F ? eigen(vectors, uplo, n, static_cast<float*>(a) + b * lda * n, lda, static_cast<float*>(w) + b * n, 0, n)
                                   : eigen(vectors, uplo, n, static_cast<double*>(a) + b * lda * n, lda, static_cast<double*>(w) + b * n, 0, n);
    return CUSOLVER_STATUS_SUCCESS;
}
#endif

FAKE cusolverStatus_t cusolverDnXgesvd_bufferSize(cusolverDnHandle_t, cusolverDnParams_t, signed char, signed char, int64_t m, int64_t n, cudaDataType ta, const void*, int64_t, cudaDataType ts, const void*, cudaDataType tu, const void*, int64_t, cudaDataType tv, const void*, int64_t, cudaDataType tc, size_t* d, size_t* h) {
    if (m < n || !same_types(ta, ts, tc) || !same_types(ta, tu, tv)) return CUSOLVER_STATUS_INVALID_VALUE;
    return sizes(d, h);
}
FAKE cusolverStatus_t cusolverDnXgesvd(cusolverDnHandle_t, cusolverDnParams_t, signed char jobu, signed char jobvt, int64_t m, int64_t n, cudaDataType ta, void* a, int64_t lda, cudaDataType, void* s, cudaDataType, void* u, int64_t ldu, cudaDataType, void* vt, int64_t ldvt, cudaDataType, void*, size_t, void*, size_t, int* info) {
    // Like the real routine: m >= n only; jobu = jobvt = 'S' (thin) or 'N'.
    if (m < n || lda < std::max<int64_t>(1, m) || ldu < std::max<int64_t>(1, m) || ldvt < std::max<int64_t>(1, n)) return CUSOLVER_STATUS_INVALID_VALUE;
    bool vectors = jobu == 'S' && jobvt == 'S';
    if (!vectors && (jobu != 'N' || jobvt != 'N')) return CUSOLVER_STATUS_INVALID_VALUE;
    *info = ta == CUDA_R_32F ? svd(m, n, static_cast<float*>(a), lda, static_cast<float*>(s), n, vectors ? static_cast<float*>(u) : nullptr, ldu, n, vectors ? static_cast<float*>(vt) : nullptr, ldvt, n, false)
                             : svd(m, n, static_cast<double*>(a), lda, static_cast<double*>(s), n, vectors ? static_cast<double*>(u) : nullptr, ldu, n, vectors ? static_cast<double*>(vt) : nullptr, ldvt, n, false);
    return CUSOLVER_STATUS_SUCCESS;
}
FAKE cusolverStatus_t cusolverDnXgesvdr_bufferSize(cusolverDnHandle_t, cusolverDnParams_t, signed char, signed char, int64_t m, int64_t n, int64_t k, int64_t p, int64_t, cudaDataType ta, const void*, int64_t, cudaDataType ts, const void*, cudaDataType tu, const void*, int64_t, cudaDataType tv, const void*, int64_t, cudaDataType tc, size_t* d, size_t* h) {
    if (m < n || k < 1 || k + p >= std::min(m, n) || !same_types(ta, ts, tc) || !same_types(ta, tu, tv)) return CUSOLVER_STATUS_INVALID_VALUE;
    return sizes(d, h);
}
FAKE cusolverStatus_t cusolverDnXgesvdr(cusolverDnHandle_t, cusolverDnParams_t, signed char jobu, signed char jobv, int64_t m, int64_t n, int64_t k, int64_t p, int64_t, cudaDataType ta, void* a, int64_t lda, cudaDataType, void* s, cudaDataType, void* u, int64_t ldu, cudaDataType, void* v, int64_t ldv, cudaDataType, void*, size_t, void*, size_t, int* info) {
    if (m < n || k < 1 || k + p >= std::min(m, n) || lda < m || ldu < m || ldv < n) return CUSOLVER_STATUS_INVALID_VALUE;
    bool vectors = jobu == 'S' && jobv == 'S';
    // U is m x k and V is n x k here (only the first k columns are written, as documented for Urand/Vrand).
    if (ta == CUDA_R_32F) {
        std::vector<float> vfull(static_cast<size_t>(n * n));
        *info = svd(m, n, static_cast<float*>(a), lda, static_cast<float*>(s), k, vectors ? static_cast<float*>(u) : nullptr, ldu, k, vectors ? vfull.data() : nullptr, n, n, true);
        if (vectors) for (int64_t j = 0; j < k; ++j) for (int64_t i = 0; i < n; ++i) static_cast<float*>(v)[i + j * ldv] = vfull[static_cast<size_t>(i + j * n)];
    } else {
        std::vector<double> vfull(static_cast<size_t>(n * n));
        *info = svd(m, n, static_cast<double*>(a), lda, static_cast<double*>(s), k, vectors ? static_cast<double*>(u) : nullptr, ldu, k, vectors ? vfull.data() : nullptr, n, n, true);
        if (vectors) for (int64_t j = 0; j < k; ++j) for (int64_t i = 0; i < n; ++i) static_cast<double*>(v)[i + j * ldv] = vfull[static_cast<size_t>(i + j * n)];
    }
    return CUSOLVER_STATUS_SUCCESS;
}
