// A host-memory stand-in for libcudart with every entry point the backend resolves: "device" memory is
// malloc'd, copies are memcpy, streams are dummies. Together with fake_cusolver/fake_cublas it lets the whole
// CUDA backend (context, lanes, staging, pipeline, dispatch, unpacking) run under ASan/valgrind without a GPU.
// SPECTRAL_FAKE_CUDART_VERSION sets the reported version (default 12040); SPECTRAL_FAKE_CUDART_COUNT_ERROR makes
// cudaGetDeviceCount fail with that cudaError_t. Compiled against the real headers, so signatures must match.
#include <cuda_runtime_api.h>

#include <cstdlib>
#include <cstring>

#define FAKE extern "C" __attribute__((visibility("default")))

namespace {
int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v != nullptr ? std::atoi(v) : fallback;
}
int g_stream_tokens[64];
int g_next_stream = 0;
}  // namespace

FAKE cudaError_t cudaRuntimeGetVersion(int* version) {
    *version = env_int("SPECTRAL_FAKE_CUDART_VERSION", 12040);
    return cudaSuccess;
}
FAKE cudaError_t cudaGetDeviceCount(int* count) {
    int error = env_int("SPECTRAL_FAKE_CUDART_COUNT_ERROR", 0);
    *count = error == 0 ? 1 : 0;
    return static_cast<cudaError_t>(error);
}
FAKE cudaError_t cudaSetDevice(int) { return cudaSuccess; }
FAKE const char* cudaGetErrorName(cudaError_t error) {
    return error == cudaErrorInsufficientDriver ? "cudaErrorInsufficientDriver" : error == cudaErrorMemoryAllocation ? "cudaErrorMemoryAllocation" : "cudaErrorFake";
}
FAKE const char* cudaGetErrorString(cudaError_t) { return "fake error"; }
FAKE cudaError_t cudaGetLastError(void) { return cudaSuccess; }
FAKE cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int) {
    *stream = reinterpret_cast<cudaStream_t>(&g_stream_tokens[g_next_stream++ % 64]);
    return cudaSuccess;
}
FAKE cudaError_t cudaStreamDestroy(cudaStream_t) { return cudaSuccess; }
FAKE cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
FAKE cudaError_t cudaMalloc(void** pointer, size_t size) {
    *pointer = std::malloc(size == 0 ? 1 : size);
    return *pointer != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}
FAKE cudaError_t cudaFree(void* pointer) {
    std::free(pointer);
    return cudaSuccess;
}
FAKE cudaError_t cudaHostAlloc(void** pointer, size_t size, unsigned int) {
    *pointer = std::malloc(size == 0 ? 1 : size);
    return *pointer != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}
FAKE cudaError_t cudaFreeHost(void* pointer) {
    std::free(pointer);
    return cudaSuccess;
}
FAKE cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, enum cudaMemcpyKind, cudaStream_t) {
    std::memcpy(dst, src, count);
    return cudaSuccess;
}
FAKE cudaError_t cudaMemsetAsync(void* pointer, int value, size_t count, cudaStream_t) {
    std::memset(pointer, value, count);
    return cudaSuccess;
}
FAKE cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total) {
    *free_bytes = size_t{8} << 30;
    *total = size_t{16} << 30;
    return cudaSuccess;
}
