// The internal contract between the validated C entry points (api_compute.cpp) and the backends
// (lapack/, cuda/). By the time a request reaches a backend every pointer, size, offset and leading
// dimension has been checked, so backends only compute.
#pragma once

#include "spectral.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace spectral {

/** One symmetric eigenproblem: an n x n input with leading dimension lda, outputs with ldv. */
struct EigTask {
    int64_t n = 0;
    const void* a = nullptr;
    int64_t lda = 1;
    /** First and last wanted eigenvalue index (0-based, inclusive); il = 0, iu = n - 1 for all. */
    int64_t il = 0;
    int64_t iu = -1;
    void* w = nullptr;   // iu - il + 1 values
    void* v = nullptr;   // n x (iu - il + 1), leading dimension ldv (null unless vectors)
    int64_t ldv = 1;
    int32_t* info = nullptr;  // never null; backend writes 0 / >0 (not converged)
};

struct EigRequest {
    spectral_dtype dtype = SPECTRAL_DTYPE_FLOAT64;
    spectral_layout layout = SPECTRAL_LAYOUT_ROW_MAJOR;
    spectral_uplo uplo = SPECTRAL_UPLO_LOWER;
    bool vectors = false;
    /** True when some task asks for less than its full spectrum. */
    bool range = false;
    std::vector<EigTask> tasks;
};

/** One thin SVD of an m x n matrix, k = min(m, n). */
struct SvdTask {
    int64_t m = 0;
    int64_t n = 0;
    const void* a = nullptr;
    int64_t lda = 1;
    void* s = nullptr;   // k values
    void* u = nullptr;   // m x k, ldu (null unless vectors)
    int64_t ldu = 1;
    void* vt = nullptr;  // k x n, ldvt (null unless vectors)
    int64_t ldvt = 1;
    int32_t* info = nullptr;
};

struct SvdRequest {
    spectral_dtype dtype = SPECTRAL_DTYPE_FLOAT64;
    spectral_layout layout = SPECTRAL_LAYOUT_ROW_MAJOR;
    bool vectors = false;
    std::vector<SvdTask> tasks;
};

struct RsvdRequest {
    spectral_dtype dtype = SPECTRAL_DTYPE_FLOAT64;
    spectral_layout layout = SPECTRAL_LAYOUT_ROW_MAJOR;
    int64_t m = 0, n = 0, k = 0, oversample = 0, power_iterations = 0;
    uint64_t seed = 0;
    const void* a = nullptr;
    int64_t lda = 1;
    void* s = nullptr;
    void* u = nullptr;
    int64_t ldu = 1;
    void* vt = nullptr;
    int64_t ldvt = 1;
};

/** Eigenvalues of the float64 Gram matrix of the smaller side of one m x n matrix (spectral_gram_eigenvalues). */
struct GramRequest {
    spectral_dtype dtype = SPECTRAL_DTYPE_FLOAT64;
    spectral_layout layout = SPECTRAL_LAYOUT_ROW_MAJOR;
    int64_t m = 0, n = 0;
    const void* a = nullptr;
    int64_t lda = 1;
    double* w = nullptr;      // min(m, n) values, ascending
    int32_t* info = nullptr;  // never null; backend writes 0 / >0 (not converged)
};

/**
 * A compute backend behind a context. Methods report failures of the whole call by throwing
 * spectral::Error; per-matrix outcomes go to the task's info.
 */
class Backend {
public:
    virtual ~Backend() = default;
    virtual spectral_backend kind() const noexcept = 0;
    virtual void syev(const EigRequest& request) = 0;
    virtual void gesvd(const SvdRequest& request) = 0;
    virtual void gesvdr(const RsvdRequest& request) = 0;
    virtual void gram_eigenvalues(const GramRequest& request) = 0;
};

// Each backend module provides a probe (cached, thread-safe, never throws) and a factory.
const spectral_backend_info& lapack_probe() noexcept;
std::unique_ptr<Backend> lapack_create(const spectral_context_options& options);

const spectral_backend_info& cuda_probe() noexcept;
std::unique_ptr<Backend> cuda_create(const spectral_context_options& options);

}  // namespace spectral

/** The opaque context: options plus the backend that serves it. */
struct spectral_context {
    spectral_context_options options{};
    std::unique_ptr<spectral::Backend> backend;
};
