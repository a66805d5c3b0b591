// The CUDA function tables: every driver, runtime, cuSOLVER and cuBLAS entry point the backend calls,
// resolved at run time with dlsym. Types come from the real CUDA headers: each table slot has a
// hand-written pointer type (the signature our call sites rely on) and a static_assert proves it equals
// decltype(&header_function), so compiling against a header whose declaration differs fails the build.
//
// Routines newer than the CUDA 11.8 headers CI compiles against are declared here (see the
// "declared by us" section) and are only called when dlsym finds them.
#pragma once

#include <cublas_v2.h>
#include <cuda.h>
#include <cuda_runtime_api.h>
#include <cusolverDn.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace spectral::cuda {

// ---- Driver API (libcuda.so.1): only what detection needs. ------------------------------------------
using cuInit_t = CUresult (*)(unsigned int);
using cuDriverGetVersion_t = CUresult (*)(int*);
using cuDeviceGetCount_t = CUresult (*)(int*);
using cuDeviceGet_t = CUresult (*)(CUdevice*, int);
using cuDeviceGetName_t = CUresult (*)(char*, int, CUdevice);
using cuDeviceGetAttribute_t = CUresult (*)(int*, CUdevice_attribute, CUdevice);
using cuDeviceTotalMem_v2_t = CUresult (*)(size_t*, CUdevice);
using cuGetErrorName_t = CUresult (*)(CUresult, const char**);

#define SPECTRAL_CUDA_DRIVER_FUNCTIONS(X) \
    X(cuInit)                             \
    X(cuDriverGetVersion)                 \
    X(cuDeviceGetCount)                   \
    X(cuDeviceGet)                        \
    X(cuDeviceGetName)                    \
    X(cuDeviceGetAttribute)               \
    X(cuDeviceTotalMem_v2)                \
    X(cuGetErrorName)

// ---- Runtime API (libcudart). --------------------------------------------------------------------------
using cudaRuntimeGetVersion_t = cudaError_t (*)(int*);
using cudaGetDeviceCount_t = cudaError_t (*)(int*);
using cudaSetDevice_t = cudaError_t (*)(int);
using cudaGetErrorName_t = const char* (*)(cudaError_t);
using cudaGetErrorString_t = const char* (*)(cudaError_t);
using cudaGetLastError_t = cudaError_t (*)();
using cudaStreamCreateWithFlags_t = cudaError_t (*)(cudaStream_t*, unsigned int);
using cudaStreamDestroy_t = cudaError_t (*)(cudaStream_t);
using cudaStreamSynchronize_t = cudaError_t (*)(cudaStream_t);
using cudaMalloc_t = cudaError_t (*)(void**, size_t);
using cudaFree_t = cudaError_t (*)(void*);
using cudaHostAlloc_t = cudaError_t (*)(void**, size_t, unsigned int);
using cudaFreeHost_t = cudaError_t (*)(void*);
using cudaMemcpyAsync_t = cudaError_t (*)(void*, const void*, size_t, cudaMemcpyKind, cudaStream_t);
using cudaMemsetAsync_t = cudaError_t (*)(void*, int, size_t, cudaStream_t);
using cudaMemGetInfo_t = cudaError_t (*)(size_t*, size_t*);

// Events, used only by the opt-in profile (SPECTRAL_CUDA_PROFILE=1); optional so that a runtime that renames
// them never makes the backend unavailable.
using cudaEventCreate_t = cudaError_t (*)(cudaEvent_t*);
using cudaEventRecord_t = cudaError_t (*)(cudaEvent_t, cudaStream_t);
using cudaEventElapsedTime_t = cudaError_t (*)(float*, cudaEvent_t, cudaEvent_t);
using cudaEventDestroy_t = cudaError_t (*)(cudaEvent_t);

#define SPECTRAL_CUDA_OPTIONAL_RUNTIME_FUNCTIONS(X) \
    X(cudaEventCreate)                              \
    X(cudaEventRecord)                              \
    X(cudaEventElapsedTime)                         \
    X(cudaEventDestroy)

#define SPECTRAL_CUDA_RUNTIME_FUNCTIONS(X) \
    X(cudaRuntimeGetVersion)               \
    X(cudaGetDeviceCount)                  \
    X(cudaSetDevice)                       \
    X(cudaGetErrorName)                    \
    X(cudaGetErrorString)                  \
    X(cudaGetLastError)                    \
    X(cudaStreamCreateWithFlags)           \
    X(cudaStreamDestroy)                   \
    X(cudaStreamSynchronize)               \
    X(cudaMalloc)                          \
    X(cudaFree)                            \
    X(cudaHostAlloc)                       \
    X(cudaFreeHost)                        \
    X(cudaMemcpyAsync)                     \
    X(cudaMemsetAsync)                     \
    X(cudaMemGetInfo)

// ---- cuSOLVER dense (libcusolver). ----------------------------------------------------------------------
using cusolverGetProperty_t = cusolverStatus_t (*)(libraryPropertyType, int*);
using cusolverDnCreate_t = cusolverStatus_t (*)(cusolverDnHandle_t*);
using cusolverDnDestroy_t = cusolverStatus_t (*)(cusolverDnHandle_t);
using cusolverDnSetStream_t = cusolverStatus_t (*)(cusolverDnHandle_t, cudaStream_t);
using cusolverDnCreateParams_t = cusolverStatus_t (*)(cusolverDnParams_t*);
using cusolverDnDestroyParams_t = cusolverStatus_t (*)(cusolverDnParams_t);
using cusolverDnCreateSyevjInfo_t = cusolverStatus_t (*)(syevjInfo_t*);
using cusolverDnDestroySyevjInfo_t = cusolverStatus_t (*)(syevjInfo_t);
using cusolverDnXsyevjSetTolerance_t = cusolverStatus_t (*)(syevjInfo_t, double);
using cusolverDnXsyevjSetMaxSweeps_t = cusolverStatus_t (*)(syevjInfo_t, int);
using cusolverDnXsyevjSetSortEig_t = cusolverStatus_t (*)(syevjInfo_t, int);
using cusolverDnCreateGesvdjInfo_t = cusolverStatus_t (*)(gesvdjInfo_t*);
using cusolverDnDestroyGesvdjInfo_t = cusolverStatus_t (*)(gesvdjInfo_t);
using cusolverDnXgesvdjSetTolerance_t = cusolverStatus_t (*)(gesvdjInfo_t, double);
using cusolverDnXgesvdjSetMaxSweeps_t = cusolverStatus_t (*)(gesvdjInfo_t, int);
using cusolverDnXgesvdjSetSortEig_t = cusolverStatus_t (*)(gesvdjInfo_t, int);

using cusolverDnSsyevjBatched_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, cublasFillMode_t,
                                                                  int, const float*, int, const float*, int*, syevjInfo_t, int);
using cusolverDnDsyevjBatched_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, cublasFillMode_t,
                                                                  int, const double*, int, const double*, int*, syevjInfo_t, int);
using cusolverDnSsyevjBatched_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, cublasFillMode_t, int, float*,
                                                       int, float*, float*, int, int*, syevjInfo_t, int);
using cusolverDnDsyevjBatched_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, cublasFillMode_t, int, double*,
                                                       int, double*, double*, int, int*, syevjInfo_t, int);
using cusolverDnSgesvdjBatched_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, int, int,
                                                                   const float*, int, const float*, const float*, int,
                                                                   const float*, int, int*, gesvdjInfo_t, int);
using cusolverDnDgesvdjBatched_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, int, int,
                                                                   const double*, int, const double*, const double*, int,
                                                                   const double*, int, int*, gesvdjInfo_t, int);
using cusolverDnSgesvdjBatched_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, int, int, float*, int, float*,
                                                        float*, int, float*, int, float*, int, int*, gesvdjInfo_t, int);
using cusolverDnDgesvdjBatched_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverEigMode_t, int, int, double*, int,
                                                        double*, double*, int, double*, int, double*, int, int*,
                                                        gesvdjInfo_t, int);

using cusolverDnXsyevd_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t,
                                                           cublasFillMode_t, int64_t, cudaDataType, const void*, int64_t,
                                                           cudaDataType, const void*, cudaDataType, size_t*, size_t*);
using cusolverDnXsyevd_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t, cublasFillMode_t,
                                                int64_t, cudaDataType, void*, int64_t, cudaDataType, void*, cudaDataType,
                                                void*, size_t, void*, size_t, int*);
using cusolverDnXsyevdx_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t,
                                                            cusolverEigRange_t, cublasFillMode_t, int64_t, cudaDataType,
                                                            const void*, int64_t, void*, void*, int64_t, int64_t,
                                                            int64_t*, cudaDataType, const void*, cudaDataType, size_t*,
                                                            size_t*);
using cusolverDnXsyevdx_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t,
                                                 cusolverEigRange_t, cublasFillMode_t, int64_t, cudaDataType, void*,
                                                 int64_t, void*, void*, int64_t, int64_t, int64_t*, cudaDataType, void*,
                                                 cudaDataType, void*, size_t, void*, size_t, int*);
using cusolverDnXgesvd_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, signed char, signed char,
                                                           int64_t, int64_t, cudaDataType, const void*, int64_t,
                                                           cudaDataType, const void*, cudaDataType, const void*, int64_t,
                                                           cudaDataType, const void*, int64_t, cudaDataType, size_t*,
                                                           size_t*);
using cusolverDnXgesvd_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, signed char, signed char, int64_t,
                                                int64_t, cudaDataType, void*, int64_t, cudaDataType, void*, cudaDataType,
                                                void*, int64_t, cudaDataType, void*, int64_t, cudaDataType, void*, size_t,
                                                void*, size_t, int*);
using cusolverDnXgesvdr_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, signed char, signed char,
                                                            int64_t, int64_t, int64_t, int64_t, int64_t, cudaDataType,
                                                            const void*, int64_t, cudaDataType, const void*, cudaDataType,
                                                            const void*, int64_t, cudaDataType, const void*, int64_t,
                                                            cudaDataType, size_t*, size_t*);
using cusolverDnXgesvdr_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, signed char, signed char, int64_t,
                                                 int64_t, int64_t, int64_t, int64_t, cudaDataType, void*, int64_t,
                                                 cudaDataType, void*, cudaDataType, void*, int64_t, cudaDataType, void*,
                                                 int64_t, cudaDataType, void*, size_t, void*, size_t, int*);

#define SPECTRAL_CUDA_SOLVER_FUNCTIONS(X)    \
    X(cusolverGetProperty)                   \
    X(cusolverDnCreate)                      \
    X(cusolverDnDestroy)                     \
    X(cusolverDnSetStream)                   \
    X(cusolverDnCreateParams)                \
    X(cusolverDnDestroyParams)               \
    X(cusolverDnCreateSyevjInfo)             \
    X(cusolverDnDestroySyevjInfo)            \
    X(cusolverDnXsyevjSetTolerance)          \
    X(cusolverDnXsyevjSetMaxSweeps)          \
    X(cusolverDnXsyevjSetSortEig)            \
    X(cusolverDnCreateGesvdjInfo)            \
    X(cusolverDnDestroyGesvdjInfo)           \
    X(cusolverDnXgesvdjSetTolerance)         \
    X(cusolverDnXgesvdjSetMaxSweeps)         \
    X(cusolverDnXgesvdjSetSortEig)           \
    X(cusolverDnSsyevjBatched_bufferSize)    \
    X(cusolverDnDsyevjBatched_bufferSize)    \
    X(cusolverDnSsyevjBatched)               \
    X(cusolverDnDsyevjBatched)               \
    X(cusolverDnSgesvdjBatched_bufferSize)   \
    X(cusolverDnDgesvdjBatched_bufferSize)   \
    X(cusolverDnSgesvdjBatched)              \
    X(cusolverDnDgesvdjBatched)              \
    X(cusolverDnXsyevd_bufferSize)           \
    X(cusolverDnXsyevd)                      \
    X(cusolverDnXsyevdx_bufferSize)          \
    X(cusolverDnXsyevdx)                     \
    X(cusolverDnXgesvd_bufferSize)           \
    X(cusolverDnXgesvd)                      \
    X(cusolverDnXgesvdr_bufferSize)          \
    X(cusolverDnXgesvdr)

// ---- cuBLAS (libcublas). The _v2 symbols are what cublas_v2.h's macros (cublasCreate, ...) name. ------------
using cublasCreate_v2_t = cublasStatus_t (*)(cublasHandle_t*);
using cublasDestroy_v2_t = cublasStatus_t (*)(cublasHandle_t);
using cublasSetStream_v2_t = cublasStatus_t (*)(cublasHandle_t, cudaStream_t);
using cublasGetProperty_t = cublasStatus_t (*)(libraryPropertyType, int*);
using cublasDsyrk_v2_t = cublasStatus_t (*)(cublasHandle_t, cublasFillMode_t, cublasOperation_t, int, int, const double*,
                                            const double*, int, const double*, double*, int);

#define SPECTRAL_CUDA_BLAS_FUNCTIONS(X) \
    X(cublasCreate_v2)                  \
    X(cublasDestroy_v2)                 \
    X(cublasSetStream_v2)               \
    X(cublasGetProperty)                \
    X(cublasDsyrk_v2)

// ---- Declared by us: routines newer than the CUDA 11.8 headers. ----------------------------------------------
// cusolverDnXsyevBatched (cuSOLVER in CUDA 12.6 Update 2 and later). Signature as documented in the cuSOLVER
// API reference ("cusolverDnXsyevBatched()", section "Dense Eigenvalue Solver Reference (64-bit API)"):
//   cusolverStatus_t cusolverDnXsyevBatched_bufferSize(cusolverDnHandle_t handle, cusolverDnParams_t params,
//       cusolverEigMode_t jobz, cublasFillMode_t uplo, int64_t n, cudaDataType dataTypeA, const void *A,
//       int64_t lda, cudaDataType dataTypeW, const void *W, cudaDataType computeType,
//       size_t *workspaceInBytesOnDevice, size_t *workspaceInBytesOnHost, int64_t batchSize);
//   cusolverStatus_t cusolverDnXsyevBatched(cusolverDnHandle_t handle, cusolverDnParams_t params,
//       cusolverEigMode_t jobz, cublasFillMode_t uplo, int64_t n, cudaDataType dataTypeA, void *A, int64_t lda,
//       cudaDataType dataTypeW, void *W, cudaDataType computeType, void *bufferOnDevice,
//       size_t workspaceInBytesOnDevice, void *bufferOnHost, size_t workspaceInBytesOnHost, int *info,
//       int64_t batchSize);
// info has batchSize entries; matrix j occupies A[lda*n*j ...]; the documentation requires n*lda*batchSize to
// fit in a 32-bit signed integer, hence our chunking.
using cusolverDnXsyevBatched_bufferSize_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t,
                                                                 cusolverEigMode_t, cublasFillMode_t, int64_t,
                                                                 cudaDataType, const void*, int64_t, cudaDataType,
                                                                 const void*, cudaDataType, size_t*, size_t*, int64_t);
using cusolverDnXsyevBatched_t = cusolverStatus_t (*)(cusolverDnHandle_t, cusolverDnParams_t, cusolverEigMode_t,
                                                      cublasFillMode_t, int64_t, cudaDataType, void*, int64_t,
                                                      cudaDataType, void*, cudaDataType, void*, size_t, void*, size_t,
                                                      int*, int64_t);

#define SPECTRAL_CUDA_OPTIONAL_SOLVER_FUNCTIONS(X) \
    X(cusolverDnXsyevBatched_bufferSize)           \
    X(cusolverDnXsyevBatched)

// ---- Compile-time proof that every hand-written type matches the header declaration. -------------------------
#define SPECTRAL_CUDA_CHECK_SIGNATURE(name)                                                        \
    static_assert(std::is_same_v<name##_t, decltype(&::name)>,                                     \
                  "the CUDA header's declaration of " #name " differs from the signature we call");
SPECTRAL_CUDA_DRIVER_FUNCTIONS(SPECTRAL_CUDA_CHECK_SIGNATURE)
SPECTRAL_CUDA_RUNTIME_FUNCTIONS(SPECTRAL_CUDA_CHECK_SIGNATURE)
SPECTRAL_CUDA_OPTIONAL_RUNTIME_FUNCTIONS(SPECTRAL_CUDA_CHECK_SIGNATURE)
SPECTRAL_CUDA_SOLVER_FUNCTIONS(SPECTRAL_CUDA_CHECK_SIGNATURE)
SPECTRAL_CUDA_BLAS_FUNCTIONS(SPECTRAL_CUDA_CHECK_SIGNATURE)
#undef SPECTRAL_CUDA_CHECK_SIGNATURE

#define SPECTRAL_CUDA_DECLARE_SLOT(name) name##_t name = nullptr;

struct DriverApi {
    SPECTRAL_CUDA_DRIVER_FUNCTIONS(SPECTRAL_CUDA_DECLARE_SLOT)
};
struct RuntimeApi {
    SPECTRAL_CUDA_RUNTIME_FUNCTIONS(SPECTRAL_CUDA_DECLARE_SLOT)
    /** Optional (null when absent). */
    SPECTRAL_CUDA_OPTIONAL_RUNTIME_FUNCTIONS(SPECTRAL_CUDA_DECLARE_SLOT)
    bool has_events() const noexcept {
        return cudaEventCreate != nullptr && cudaEventRecord != nullptr && cudaEventElapsedTime != nullptr &&
               cudaEventDestroy != nullptr;
    }
};
struct SolverApi {
    SPECTRAL_CUDA_SOLVER_FUNCTIONS(SPECTRAL_CUDA_DECLARE_SLOT)
    /** Optional (null when the loaded cuSOLVER predates them). */
    SPECTRAL_CUDA_OPTIONAL_SOLVER_FUNCTIONS(SPECTRAL_CUDA_DECLARE_SLOT)
    bool has_syev_batched() const noexcept {
        return cusolverDnXsyevBatched != nullptr && cusolverDnXsyevBatched_bufferSize != nullptr;
    }
};
struct BlasApi {
    SPECTRAL_CUDA_BLAS_FUNCTIONS(SPECTRAL_CUDA_DECLARE_SLOT)
};

#undef SPECTRAL_CUDA_DECLARE_SLOT

/** Everything the backend calls, plus the versions it was found with. Filled once by the probe. */
struct CudaApi {
    DriverApi driver;
    RuntimeApi runtime;
    SolverApi solver;
    BlasApi blas;
    int driver_version = 0;   // cuDriverGetVersion, e.g. 12040
    int runtime_version = 0;  // cudaRuntimeGetVersion, e.g. 11080
    int device_count = 0;
    /** Total memory per device ordinal (bytes), used to decide how many streams a large problem may use. */
    size_t device_memory[64] = {};
};

}  // namespace spectral::cuda
