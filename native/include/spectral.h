/*
 * spectral.h — the only public header of libspectral, the native half of SpectralCore.
 *
 * Conventions (every export follows them):
 *  - One prefix, `spectral_`. Objects are opaque handles created and destroyed in pairs;
 *    every destroy function accepts NULL and then does nothing.
 *  - Every fallible call returns a spectral_status. On failure a human-readable message is left in a
 *    thread-local buffer that spectral_last_error() returns until the next failing call on the same thread.
 *  - No C++ exception crosses this boundary and the library never aborts or exits the process.
 *  - Sizes and offsets are int64_t counts of *elements* (not bytes) and are overflow-checked.
 *  - Pointers are borrowed for the duration of the call only; the library keeps none of them.
 *  - A context may be used by one thread at a time; separate contexts may be used concurrently.
 *
 * ABI versioning: spectral_abi_version() returns (major << 16) | minor. A caller compiled against a
 * different major version must refuse to use the library; minor versions only add entry points.
 */
#ifndef SPECTRAL_H_
#define SPECTRAL_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define SPECTRAL_API __declspec(dllexport)
#else
#define SPECTRAL_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define SPECTRAL_ABI_VERSION_MAJOR 1
#define SPECTRAL_ABI_VERSION_MINOR 1

/* ------------------------------------------------------------------------------------------------ */
/* Status codes                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

typedef int32_t spectral_status;

#define SPECTRAL_STATUS_OK 0
/** An argument is NULL, out of range, inconsistent with another argument or overflows. */
#define SPECTRAL_STATUS_INVALID_ARGUMENT 1
/** The requested backend (or a routine it needs) is not available on this machine. */
#define SPECTRAL_STATUS_UNAVAILABLE 2
/** A host or device allocation failed. */
#define SPECTRAL_STATUS_OUT_OF_MEMORY 3
/** An iterative algorithm did not converge (single-matrix calls; batches report per matrix). */
#define SPECTRAL_STATUS_NOT_CONVERGED 4
/** The underlying library (LAPACK, CUDA, cuSOLVER, cuBLAS) reported an error. */
#define SPECTRAL_STATUS_BACKEND_ERROR 5
/** The operation is not supported for this combination of arguments on this backend. */
#define SPECTRAL_STATUS_UNSUPPORTED 6
/** An unexpected internal failure (a bug); the message says where. */
#define SPECTRAL_STATUS_INTERNAL 7

/** ABI version: (SPECTRAL_ABI_VERSION_MAJOR << 16) | SPECTRAL_ABI_VERSION_MINOR. Never fails. */
SPECTRAL_API uint32_t spectral_abi_version(void);

/** Library version string, e.g. "0.1.0". Static storage; never NULL. */
SPECTRAL_API const char* spectral_version_string(void);

/** Name of a status code ("SPECTRAL_STATUS_OK", ...). Static storage; unknown codes give "unknown status". */
SPECTRAL_API const char* spectral_status_string(spectral_status status);

/**
 * The message of the last failing call on this thread ("" if none). The pointer stays valid until the
 * next failing spectral_* call on the same thread; successful calls leave it unchanged.
 */
SPECTRAL_API const char* spectral_last_error(void);

/* ------------------------------------------------------------------------------------------------ */
/* Backends                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

typedef int32_t spectral_backend;
#define SPECTRAL_BACKEND_LAPACK 1
#define SPECTRAL_BACKEND_CUDA 2

/** What the library found for one backend. All strings are NUL-terminated and truncated to fit. */
typedef struct spectral_backend_info {
    /** Set by the caller to sizeof(spectral_backend_info) before the call. */
    uint32_t struct_size;
    /** 1 when a context for this backend can be created, 0 otherwise. */
    int32_t available;
    /** When unavailable: why ("lapack: no libopenblas.so.0 or liblapack.so.3 found"). Else "". */
    char reason[512];
    /** The library that was loaded (absolute path when known), else "". */
    char library[512];
    /** Version of the loaded library when it can tell ("OpenBLAS 0.3.21", "CUDA runtime 11.8"), else "". */
    char version[256];
    /** Free-form details, one item per line (CUDA: driver version and the device list). */
    char details[2048];
} spectral_backend_info;

/**
 * Fills *info for `backend` (probing it on first use; the result is cached for the process).
 * Returns INVALID_ARGUMENT for a NULL info, a wrong struct_size or an unknown backend.
 * An unavailable backend is not an error: the call succeeds with info->available = 0.
 */
SPECTRAL_API spectral_status spectral_backend_query(spectral_backend backend, spectral_backend_info* info);

/* ------------------------------------------------------------------------------------------------ */
/* Contexts                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

typedef struct spectral_context spectral_context;

typedef struct spectral_context_options {
    /** Set to sizeof(spectral_context_options); spectral_context_options_init does it. */
    uint32_t struct_size;
    /** Worker threads for batches (0 = number of logical cores). Must be >= 0. */
    int32_t num_threads;
    /** CUDA device ordinal (ignored by LAPACK). Must be >= 0. */
    int32_t device_ordinal;
    /** Reserved, must be 0. */
    int32_t flags;
} spectral_context_options;

/** Fills *options with defaults. INVALID_ARGUMENT if options is NULL. */
SPECTRAL_API spectral_status spectral_context_options_init(spectral_context_options* options);

/**
 * Creates a context on `backend`. `options` may be NULL (defaults). On success *out owns a new context
 * that must be released with spectral_context_destroy. On failure *out is set to NULL (when out is not
 * NULL); an unavailable backend gives SPECTRAL_STATUS_UNAVAILABLE with the reason.
 */
SPECTRAL_API spectral_status spectral_context_create(spectral_backend backend,
                                                     const spectral_context_options* options,
                                                     spectral_context** out);

/** Destroys a context. NULL is a no-op. The context must not be in use by another thread. */
SPECTRAL_API void spectral_context_destroy(spectral_context* context);

/** The backend a context runs on, or 0 for NULL. */
SPECTRAL_API spectral_backend spectral_context_backend(const spectral_context* context);

/* ------------------------------------------------------------------------------------------------ */
/* Compute: common types                                                                              */
/* ------------------------------------------------------------------------------------------------ */

typedef int32_t spectral_dtype;
#define SPECTRAL_DTYPE_FLOAT32 1
#define SPECTRAL_DTYPE_FLOAT64 2

typedef int32_t spectral_layout;
/** Element (i, j) of an r x c matrix is at offset i*c + j. */
#define SPECTRAL_LAYOUT_ROW_MAJOR 0
/** Element (i, j) of an r x c matrix is at offset i + j*r. */
#define SPECTRAL_LAYOUT_COL_MAJOR 1

typedef int32_t spectral_uplo;
/** Only the lower triangle (i >= j) of a symmetric input is read. */
#define SPECTRAL_UPLO_LOWER 0
/** Only the upper triangle (i <= j) of a symmetric input is read. */
#define SPECTRAL_UPLO_UPPER 1

typedef int32_t spectral_job;
/** Values only. */
#define SPECTRAL_JOB_VALUES 0
/** Values and vectors (eigenvectors; or thin U and V^T for the SVD). */
#define SPECTRAL_JOB_VECTORS 1

/*
 * Batches. A batch of `count` matrices lives in ONE buffer `a` of `a_len` elements of `dtype`; matrix i
 * starts at element a_offsets[i] and occupies its full dense extent (n_i*n_i or m_i*n_i elements, no
 * padding, in the declared layout). Outputs work the same way: one buffer, its length in elements, and
 * per-matrix element offsets. Every [offset, offset + extent) range is checked against its buffer before
 * anything is read or written. Output ranges of different matrices must not overlap.
 *
 * info[i] (count entries) receives the per-matrix result: 0 = success, > 0 = that matrix did not converge
 * (its outputs are unspecified), < 0 = that matrix was rejected (e.g. non-finite input). A matrix that
 * fails does not fail the batch: the call still returns SPECTRAL_STATUS_OK.
 */

/**
 * Batched symmetric eigendecomposition.
 *  n[count]        orders of the matrices (>= 0).
 *  a, a_len, a_offsets   inputs; matrix i is n_i x n_i; only the `uplo` triangle is read. Not modified.
 *  w, w_len, w_offsets   eigenvalues, ascending; n_i elements for matrix i.
 *  v, v_len, v_offsets   eigenvectors when job = VECTORS (else all three must be NULL/0/NULL): n_i x n_i in
 *                        `layout`; column j is the unit eigenvector of w[j].
 *  info[count]     per-matrix status (see above).
 */
SPECTRAL_API spectral_status spectral_syev_batched(spectral_context* context, spectral_dtype dtype,
                                                   spectral_layout layout, spectral_uplo uplo, spectral_job job,
                                                   int64_t count, const int64_t* n,
                                                   const void* a, int64_t a_len, const int64_t* a_offsets,
                                                   void* w, int64_t w_len, const int64_t* w_offsets,
                                                   void* v, int64_t v_len, const int64_t* v_offsets,
                                                   int32_t* info);

/**
 * Batched symmetric eigendecomposition restricted to an index range: eigenvalues il[i]..iu[i] (0-based,
 * inclusive, ascending order; 0 <= il <= iu < n_i, or il = 0, iu = -1 for an empty range). Matrix i
 * writes k_i = iu[i] - il[i] + 1 values to w and (job = VECTORS) an n_i x k_i block to v in `layout`.
 * Other arguments as spectral_syev_batched.
 */
SPECTRAL_API spectral_status spectral_syev_range_batched(spectral_context* context, spectral_dtype dtype,
                                                         spectral_layout layout, spectral_uplo uplo,
                                                         spectral_job job, int64_t count, const int64_t* n,
                                                         const int64_t* il, const int64_t* iu,
                                                         const void* a, int64_t a_len, const int64_t* a_offsets,
                                                         void* w, int64_t w_len, const int64_t* w_offsets,
                                                         void* v, int64_t v_len, const int64_t* v_offsets,
                                                         int32_t* info);

/**
 * Batched thin SVD A = U diag(s) V^T of m_i x n_i matrices, k_i = min(m_i, n_i).
 *  s: k_i singular values per matrix, descending.
 *  u: m_i x k_i in `layout` (job = VECTORS, else NULL/0/NULL).
 *  vt: k_i x n_i in `layout` (job = VECTORS, else NULL/0/NULL).
 */
SPECTRAL_API spectral_status spectral_gesvd_batched(spectral_context* context, spectral_dtype dtype,
                                                    spectral_layout layout, spectral_job job, int64_t count,
                                                    const int64_t* m, const int64_t* n,
                                                    const void* a, int64_t a_len, const int64_t* a_offsets,
                                                    void* s, int64_t s_len, const int64_t* s_offsets,
                                                    void* u, int64_t u_len, const int64_t* u_offsets,
                                                    void* vt, int64_t vt_len, const int64_t* vt_offsets,
                                                    int32_t* info);

/**
 * Single-matrix symmetric eigendecomposition with a leading dimension.
 *  a: n x n, element (i, j) at a[i*lda + j] (row-major) or a[i + j*lda] (column-major); lda >= max(1, n).
 *  w: n eigenvalues, ascending. v (job = VECTORS, else NULL): n x n with leading dimension ldv >= max(1, n).
 *  Returns NOT_CONVERGED when the solver fails to converge.
 */
SPECTRAL_API spectral_status spectral_syev(spectral_context* context, spectral_dtype dtype,
                                           spectral_layout layout, spectral_uplo uplo, spectral_job job,
                                           int64_t n, const void* a, int64_t lda, void* w, void* v, int64_t ldv);

/**
 * Single-matrix thin SVD with leading dimensions (see spectral_gesvd_batched for shapes).
 *  lda >= max(1, row-major ? n : m); ldu >= max(1, row-major ? k : m); ldvt >= max(1, row-major ? n : k).
 */
SPECTRAL_API spectral_status spectral_gesvd(spectral_context* context, spectral_dtype dtype,
                                            spectral_layout layout, spectral_job job, int64_t m, int64_t n,
                                            const void* a, int64_t lda, void* s, void* u, int64_t ldu,
                                            void* vt, int64_t ldvt);

/*
 * LAPACK backend notes (SPECTRAL_BACKEND_LAPACK):
 *  - Routines: ?syevd (full spectrum), ?syevr with RANGE = 'I' (index ranges; also full spectra with
 *    vectors for n > 32766, where ?syevd's 1 + 6n + 2n^2 workspace overflows LAPACK's INTEGER), ?gesdd
 *    (SVD), and for spectral_gesvdr ?gemm + ?geqrf/?orgqr + ?gesdd, all in the requested precision.
 *  - LAPACK takes 32-bit integers (LP64): an order or dimension above INT32_MAX, or a matrix whose LAPACK
 *    workspace does not fit LAPACK's INTEGER arithmetic (?gesdd with vectors needs about 4k^2 elements,
 *    so k = min(m, n) <= about 20000), gives SPECTRAL_STATUS_UNSUPPORTED with a message. Leading
 *    dimensions above INT32_MAX are handled through working copies, except the `lda`/`ldu` of
 *    spectral_gesvdr (passed to ?gemm).
 *  - Batches of more than one matrix run on the context's worker threads (num_threads, at most 32) with the
 *    BLAS library's own threads pinned to 1 (OpenBLAS), so a batch's output is bitwise identical for every
 *    num_threads. Single-matrix calls run on the calling thread and let BLAS use its threads.
 *  - spectral_gesvdr's sketch: xoshiro256** seeded by SplitMix64(seed), standard normals by Box–Muller
 *    (both outputs used, computed in double), the n x (k + oversample) sketch filled column by column; the
 *    sketch multiplies A itself in either layout, so both layouts give the same result up to rounding.
 */

/**
 * Randomized truncated SVD (Halko–Martinsson–Tropp) of one dense m x n matrix: top-k singular triplets
 * with `oversample` extra columns and `power_iterations` re-orthonormalized power iterations, random
 * sketch drawn from `seed`. Requires 1 <= k and k + oversample <= min(m, n).
 *  s: k values, descending. u: m x k (layout, leading dimension ldu) or NULL. vt: k x n (ldvt) or NULL.
 */
SPECTRAL_API spectral_status spectral_gesvdr(spectral_context* context, spectral_dtype dtype,
                                             spectral_layout layout, int64_t m, int64_t n, int64_t k,
                                             int64_t oversample, int64_t power_iterations, uint64_t seed,
                                             const void* a, int64_t lda, void* s, void* u, int64_t ldu,
                                             void* vt, int64_t ldvt);

/**
 * Eigenvalues of the Gram matrix of the smaller side of one dense m x n matrix A, k = min(m, n): of A^T A when
 * m >= n, else of A A^T (the squared singular values, as empirical spectral densities use them). Since ABI 1.1.
 * The product and the eigensolver run in float64 whatever `dtype` (float32 input is widened exactly), on a
 * copy scaled by a power of two, so an eigenvalue carries absolute error about k * eps64 * lambda_max and
 * values near zero may come out slightly negative; an eigenvalue beyond float64's range becomes +inf (or 0).
 *  a: m x n in `layout` with leading dimension lda >= max(1, row-major ? n : m). Not modified.
 *  w: k float64 values, ascending.
 * LAPACK: dsyrk + dsyevd. CUDA: cublasDsyrk + cusolverDnXsyevd on the device (widened and packed on the host).
 * Returns NOT_CONVERGED when the eigensolver fails to converge.
 */
SPECTRAL_API spectral_status spectral_gram_eigenvalues(spectral_context* context, spectral_dtype dtype,
                                                       spectral_layout layout, int64_t m, int64_t n, const void* a,
                                                       int64_t lda, double* w);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SPECTRAL_H_ */
