// Resources of one CUDA context: a few "lanes", each an independent stream with its own cuSOLVER and cuBLAS
// handles bound to that stream, cusolverDnParams, syevj/gesvdj parameter objects, a grow-only device data
// buffer, a grow-only device workspace, grow-only pinned host staging and a host workspace. Device memory
// comes from plain cudaMalloc (never managed memory). Destruction synchronizes and frees everything, also
// after errors, and never throws.
#pragma once

#include "cuda_api.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace spectral::cuda {

/** Grow-only device allocation (cudaMalloc). Contents are not preserved when it grows. */
class DeviceBuffer {
public:
    explicit DeviceBuffer(const RuntimeApi& runtime) : runtime_(runtime) {}
    ~DeviceBuffer() { release(); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    /** At least `bytes` bytes (throws OUT_OF_MEMORY with the size on failure). */
    char* reserve(size_t bytes);
    void release() noexcept;

private:
    const RuntimeApi& runtime_;
    void* pointer_ = nullptr;
    size_t bytes_ = 0;
};

/** Grow-only page-locked host allocation (cudaHostAlloc), the staging area for asynchronous copies. */
class PinnedBuffer {
public:
    explicit PinnedBuffer(const RuntimeApi& runtime) : runtime_(runtime) {}
    ~PinnedBuffer() { release(); }
    PinnedBuffer(const PinnedBuffer&) = delete;
    PinnedBuffer& operator=(const PinnedBuffer&) = delete;
    char* reserve(size_t bytes);
    void release() noexcept;
    /** The current allocation (what the last reserve returned). */
    char* data() const noexcept { return static_cast<char*>(pointer_); }

private:
    const RuntimeApi& runtime_;
    void* pointer_ = nullptr;
    size_t bytes_ = 0;
};

/** One stream and everything bound to it. */
struct Lane {
    Lane(const CudaApi& api, bool profile);
    ~Lane();
    Lane(const Lane&) = delete;
    Lane& operator=(const Lane&) = delete;

    const CudaApi& api;
    cudaStream_t stream = nullptr;
    cusolverDnHandle_t solver = nullptr;
    cublasHandle_t blas = nullptr;
    cusolverDnParams_t params = nullptr;
    syevjInfo_t syevj = nullptr;
    gesvdjInfo_t gesvdj = nullptr;
    DeviceBuffer data;
    DeviceBuffer workspace;
    PinnedBuffer staging;
    std::vector<char> host_workspace;

    /** Device workspace of at least `bytes` (never null, so it can always be passed to cuSOLVER). */
    void* device_workspace(size_t bytes) { return workspace.reserve(bytes == 0 ? 256 : bytes); }
    /** Host workspace of at least `bytes` (the 64-bit API's bufferOnHost). */
    void* host_workspace_of(size_t bytes) {
        if (host_workspace.size() < bytes || host_workspace.empty()) host_workspace.resize(bytes == 0 ? 16 : bytes);
        return host_workspace.data();
    }
    /**
     * Profiling marks (SPECTRAL_CUDA_PROFILE=1): 0 before the host-to-device copy, 1 after it, 2 after the solver
     * calls, 3 after the device-to-host copies. No-ops unless profiling is on.
     */
    void mark(int index);
    /** Milliseconds between marks `from` and `to` of the last job (after synchronize); 0 without profiling. */
    double elapsed(int from, int to) const;
    bool profiling() const noexcept { return events[0] != nullptr; }
    cudaEvent_t events[4] = {nullptr, nullptr, nullptr, nullptr};

    /** Synchronizes (ignoring errors) and frees every resource; idempotent, never throws. */
    void release() noexcept;
    /** Blocks until the stream is idle; throws the stream's error. */
    void synchronize();
};

class CudaContext {
public:
    /** Binds to device `ordinal` and creates `lanes` lanes (throws, freeing what was created, on failure). */
    CudaContext(const CudaApi& api, int ordinal, int lanes);
    ~CudaContext();
    CudaContext(const CudaContext&) = delete;
    CudaContext& operator=(const CudaContext&) = delete;

    /** Makes this context's device current on the calling thread (contexts may move between threads). */
    void activate() const;
    const CudaApi& api() const noexcept { return api_; }
    int lane_count() const noexcept { return static_cast<int>(lanes_.size()); }
    Lane& lane(int index) noexcept { return *lanes_[static_cast<size_t>(index)]; }
    /** Total memory of the device (0 when unknown). */
    size_t device_memory() const noexcept;

private:
    const CudaApi& api_;
    int ordinal_;
    std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace spectral::cuda
