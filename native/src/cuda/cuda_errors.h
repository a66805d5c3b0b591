// Every CUDA, cuSOLVER and cuBLAS return code goes through one of the CHECK macros below: a failure becomes
// a spectral::Error whose status follows the code (allocation failures -> OUT_OF_MEMORY, "not supported" ->
// UNSUPPORTED, everything else -> BACKEND_ERROR) and whose message names the library, the code, the call and
// the call site, e.g. "cuda: cusolverDnXsyevd(...) returned CUSOLVER_STATUS_EXECUTION_FAILED (6) at
// cuda_syev.cpp:120".
#pragma once

#include "cuda_api.h"
#include "spectral.h"

namespace spectral::cuda {

spectral_status status_for_runtime_error(int code) noexcept;
spectral_status status_for_cusolver(int code) noexcept;
spectral_status status_for_cublas(int code) noexcept;
const char* cusolver_status_name(int code) noexcept;
const char* cublas_status_name(int code) noexcept;

/** Throws the mapped spectral::Error. `runtime` may be null (then the code is printed without its name). */
[[noreturn]] void raise_runtime(const RuntimeApi* runtime, cudaError_t code, const char* call, const char* file, int line);
[[noreturn]] void raise_cusolver(cusolverStatus_t code, const char* call, const char* file, int line);
[[noreturn]] void raise_cublas(cublasStatus_t code, const char* call, const char* file, int line);

/** Call-site text "file:line" without the directory. */
const char* base_name(const char* path) noexcept;

}  // namespace spectral::cuda

#define SPECTRAL_CUDA_CHECK(runtime, call)                                                        \
    do {                                                                                          \
        cudaError_t spectral_cuda_rc_ = (call);                                                   \
        if (spectral_cuda_rc_ != cudaSuccess)                                                     \
            ::spectral::cuda::raise_runtime(&(runtime), spectral_cuda_rc_, #call, __FILE__, __LINE__); \
    } while (0)

#define SPECTRAL_CUSOLVER_CHECK(call)                                                             \
    do {                                                                                          \
        cusolverStatus_t spectral_cusolver_rc_ = (call);                                          \
        if (spectral_cusolver_rc_ != CUSOLVER_STATUS_SUCCESS)                                     \
            ::spectral::cuda::raise_cusolver(spectral_cusolver_rc_, #call, __FILE__, __LINE__);   \
    } while (0)

#define SPECTRAL_CUBLAS_CHECK(call)                                                               \
    do {                                                                                          \
        cublasStatus_t spectral_cublas_rc_ = (call);                                              \
        if (spectral_cublas_rc_ != CUBLAS_STATUS_SUCCESS)                                         \
            ::spectral::cuda::raise_cublas(spectral_cublas_rc_, #call, __FILE__, __LINE__);       \
    } while (0)
