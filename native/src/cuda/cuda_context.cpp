#include "cuda_context.h"

#include "../core/error.h"
#include "cuda_errors.h"

#include <cstdlib>
#include <string>

namespace spectral::cuda {

char* DeviceBuffer::reserve(size_t bytes) {
    if (bytes <= bytes_ && pointer_ != nullptr) return static_cast<char*>(pointer_);
    release();
    void* pointer = nullptr;
    cudaError_t rc = runtime_.cudaMalloc(&pointer, bytes);
    if (rc != cudaSuccess) {
        (void)runtime_.cudaGetLastError();
        fail(rc == cudaErrorMemoryAllocation ? SPECTRAL_STATUS_OUT_OF_MEMORY : SPECTRAL_STATUS_BACKEND_ERROR,
             "cuda: cudaMalloc of " + std::to_string(bytes) + " bytes failed with " +
                 std::string(runtime_.cudaGetErrorName(rc)) + " (" + runtime_.cudaGetErrorString(rc) + ")");
    }
    pointer_ = pointer;
    bytes_ = bytes;
    return static_cast<char*>(pointer_);
}

void DeviceBuffer::release() noexcept {
    if (pointer_ != nullptr) (void)runtime_.cudaFree(pointer_);
    pointer_ = nullptr;
    bytes_ = 0;
}

char* PinnedBuffer::reserve(size_t bytes) {
    if (bytes <= bytes_ && pointer_ != nullptr) return static_cast<char*>(pointer_);
    release();
    void* pointer = nullptr;
    cudaError_t rc = runtime_.cudaHostAlloc(&pointer, bytes, cudaHostAllocDefault);
    if (rc != cudaSuccess) {
        (void)runtime_.cudaGetLastError();
        fail(rc == cudaErrorMemoryAllocation ? SPECTRAL_STATUS_OUT_OF_MEMORY : SPECTRAL_STATUS_BACKEND_ERROR,
             "cuda: cudaHostAlloc (pinned staging) of " + std::to_string(bytes) + " bytes failed with " +
                 std::string(runtime_.cudaGetErrorName(rc)) + " (" + runtime_.cudaGetErrorString(rc) + ")");
    }
    pointer_ = pointer;
    bytes_ = bytes;
    return static_cast<char*>(pointer_);
}

void PinnedBuffer::release() noexcept {
    if (pointer_ != nullptr) (void)runtime_.cudaFreeHost(pointer_);
    pointer_ = nullptr;
    bytes_ = 0;
}

Lane::Lane(const CudaApi& cuda, bool profile) : api(cuda), data(cuda.runtime), workspace(cuda.runtime), staging(cuda.runtime) {
    // A throwing constructor never runs the destructor, so a failure releases what was created and rethrows.
    SPECTRAL_CUDA_CHECK(api.runtime, api.runtime.cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    try {
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnCreate(&solver));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnSetStream(solver, stream));
        SPECTRAL_CUBLAS_CHECK(api.blas.cublasCreate_v2(&blas));
        SPECTRAL_CUBLAS_CHECK(api.blas.cublasSetStream_v2(blas, stream));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnCreateParams(&params));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnCreateSyevjInfo(&syevj));
        // Sorted ascending eigenvalues; 100 sweeps (cuSOLVER's default, set explicitly); default tolerance
        // (machine precision of the data type).
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnXsyevjSetSortEig(syevj, 1));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnXsyevjSetMaxSweeps(syevj, 100));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnCreateGesvdjInfo(&gesvdj));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnXgesvdjSetSortEig(gesvdj, 1));
        SPECTRAL_CUSOLVER_CHECK(api.solver.cusolverDnXgesvdjSetMaxSweeps(gesvdj, 100));
        if (profile && api.runtime.has_events())
            for (auto& event : events) SPECTRAL_CUDA_CHECK(api.runtime, api.runtime.cudaEventCreate(&event));
    } catch (...) {
        release();
        throw;
    }
}

Lane::~Lane() { release(); }

void Lane::release() noexcept {
    // Wait for queued work before freeing memory it may still touch; errors are ignored (destruction must
    // succeed even on a poisoned context).
    if (stream != nullptr) (void)api.runtime.cudaStreamSynchronize(stream);
    data.release();
    workspace.release();
    staging.release();
    for (auto& event : events) {
        if (event != nullptr) (void)api.runtime.cudaEventDestroy(event);
        event = nullptr;
    }
    if (gesvdj != nullptr) (void)api.solver.cusolverDnDestroyGesvdjInfo(gesvdj);
    if (syevj != nullptr) (void)api.solver.cusolverDnDestroySyevjInfo(syevj);
    if (params != nullptr) (void)api.solver.cusolverDnDestroyParams(params);
    if (blas != nullptr) (void)api.blas.cublasDestroy_v2(blas);
    if (solver != nullptr) (void)api.solver.cusolverDnDestroy(solver);
    if (stream != nullptr) (void)api.runtime.cudaStreamDestroy(stream);
    gesvdj = nullptr;
    syevj = nullptr;
    params = nullptr;
    blas = nullptr;
    solver = nullptr;
    stream = nullptr;
    (void)api.runtime.cudaGetLastError();
}

void Lane::mark(int index) {
    if (events[index] != nullptr) SPECTRAL_CUDA_CHECK(api.runtime, api.runtime.cudaEventRecord(events[index], stream));
}

double Lane::elapsed(int from, int to) const {
    float ms = 0;
    if (events[from] == nullptr || events[to] == nullptr) return 0;
    SPECTRAL_CUDA_CHECK(api.runtime, api.runtime.cudaEventElapsedTime(&ms, events[from], events[to]));
    return static_cast<double>(ms);
}

void Lane::synchronize() { SPECTRAL_CUDA_CHECK(api.runtime, api.runtime.cudaStreamSynchronize(stream)); }

CudaContext::CudaContext(const CudaApi& api, int ordinal, int lanes) : api_(api), ordinal_(ordinal) {
    if (ordinal < 0 || ordinal >= api.device_count)
        fail(SPECTRAL_STATUS_INVALID_ARGUMENT, "spectral_context_create: options->device_ordinal = " + std::to_string(ordinal) +
                                                   " but " + std::to_string(api.device_count) + " CUDA device(s) are usable");
    activate();
    const char* profile = std::getenv("SPECTRAL_CUDA_PROFILE");
    bool profiling = profile != nullptr && profile[0] != '\0' && std::string(profile) != "0";
    for (int i = 0; i < lanes; ++i) lanes_.push_back(std::make_unique<Lane>(api, profiling));
}

CudaContext::~CudaContext() {
    // The destroying thread may have another device current.
    (void)api_.runtime.cudaSetDevice(ordinal_);
    lanes_.clear();
}

void CudaContext::activate() const { SPECTRAL_CUDA_CHECK(api_.runtime, api_.runtime.cudaSetDevice(ordinal_)); }

size_t CudaContext::device_memory() const noexcept {
    if (ordinal_ >= 0 && ordinal_ < static_cast<int>(sizeof api_.device_memory / sizeof api_.device_memory[0]))
        return api_.device_memory[ordinal_];
    return 0;
}

}  // namespace spectral::cuda
