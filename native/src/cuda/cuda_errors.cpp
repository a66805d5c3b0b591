#include "cuda_errors.h"

#include "../core/error.h"

#include <cstring>
#include <string>

namespace spectral::cuda {

const char* base_name(const char* path) noexcept {
    const char* slash = std::strrchr(path, '/');
    return slash != nullptr ? slash + 1 : path;
}

spectral_status status_for_runtime_error(int code) noexcept {
    switch (code) {
        case cudaErrorMemoryAllocation: return SPECTRAL_STATUS_OUT_OF_MEMORY;
        case cudaErrorNoDevice:
        case cudaErrorInsufficientDriver: return SPECTRAL_STATUS_UNAVAILABLE;
        default: return SPECTRAL_STATUS_BACKEND_ERROR;
    }
}

spectral_status status_for_cusolver(int code) noexcept {
    switch (code) {
        case CUSOLVER_STATUS_ALLOC_FAILED: return SPECTRAL_STATUS_OUT_OF_MEMORY;
        case CUSOLVER_STATUS_NOT_SUPPORTED:
        case CUSOLVER_STATUS_ARCH_MISMATCH: return SPECTRAL_STATUS_UNSUPPORTED;
        default: return SPECTRAL_STATUS_BACKEND_ERROR;
    }
}

spectral_status status_for_cublas(int code) noexcept {
    switch (code) {
        case CUBLAS_STATUS_ALLOC_FAILED: return SPECTRAL_STATUS_OUT_OF_MEMORY;
        case CUBLAS_STATUS_NOT_SUPPORTED:
        case CUBLAS_STATUS_ARCH_MISMATCH: return SPECTRAL_STATUS_UNSUPPORTED;
        default: return SPECTRAL_STATUS_BACKEND_ERROR;
    }
}

const char* cusolver_status_name(int code) noexcept {
    switch (code) {
        case CUSOLVER_STATUS_SUCCESS: return "CUSOLVER_STATUS_SUCCESS";
        case CUSOLVER_STATUS_NOT_INITIALIZED: return "CUSOLVER_STATUS_NOT_INITIALIZED";
        case CUSOLVER_STATUS_ALLOC_FAILED: return "CUSOLVER_STATUS_ALLOC_FAILED";
        case CUSOLVER_STATUS_INVALID_VALUE: return "CUSOLVER_STATUS_INVALID_VALUE";
        case CUSOLVER_STATUS_ARCH_MISMATCH: return "CUSOLVER_STATUS_ARCH_MISMATCH";
        case CUSOLVER_STATUS_MAPPING_ERROR: return "CUSOLVER_STATUS_MAPPING_ERROR";
        case CUSOLVER_STATUS_EXECUTION_FAILED: return "CUSOLVER_STATUS_EXECUTION_FAILED";
        case CUSOLVER_STATUS_INTERNAL_ERROR: return "CUSOLVER_STATUS_INTERNAL_ERROR";
        case CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED: return "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED";
        case CUSOLVER_STATUS_NOT_SUPPORTED: return "CUSOLVER_STATUS_NOT_SUPPORTED";
        case CUSOLVER_STATUS_ZERO_PIVOT: return "CUSOLVER_STATUS_ZERO_PIVOT";
        case CUSOLVER_STATUS_INVALID_LICENSE: return "CUSOLVER_STATUS_INVALID_LICENSE";
        case CUSOLVER_STATUS_INVALID_WORKSPACE: return "CUSOLVER_STATUS_INVALID_WORKSPACE";
        default: return "unknown cusolverStatus_t";
    }
}

const char* cublas_status_name(int code) noexcept {
    switch (code) {
        case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
        case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
        case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
        case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
        case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
        case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
        case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
        case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
        default: return "unknown cublasStatus_t";
    }
}

namespace {
[[noreturn]] void raise(spectral_status status, const char* call, const std::string& code, const char* file, int line) {
    fail(status, std::string("cuda: ") + call + " returned " + code + " at " + base_name(file) + ":" + std::to_string(line));
}
}  // namespace

void raise_runtime(const RuntimeApi* runtime, cudaError_t code, const char* call, const char* file, int line) {
    std::string text = std::to_string(static_cast<int>(code));
    if (runtime != nullptr && runtime->cudaGetErrorName != nullptr && runtime->cudaGetErrorString != nullptr) {
        const char* name = runtime->cudaGetErrorName(code);
        const char* description = runtime->cudaGetErrorString(code);
        text = std::string(name != nullptr ? name : "cudaError") + " (" + text + ": " +
               (description != nullptr ? description : "no description") + ")";
        // Non-sticky errors (e.g. a failed allocation) stay queued until read; clear them so the next call
        // does not report a stale failure. Sticky errors (a faulted kernel) keep failing every later call.
        if (runtime->cudaGetLastError != nullptr) (void)runtime->cudaGetLastError();
    }
    raise(status_for_runtime_error(static_cast<int>(code)), call, text, file, line);
}

void raise_cusolver(cusolverStatus_t code, const char* call, const char* file, int line) {
    raise(status_for_cusolver(static_cast<int>(code)), call,
          std::string(cusolver_status_name(static_cast<int>(code))) + " (" + std::to_string(static_cast<int>(code)) + ")",
          file, line);
}

void raise_cublas(cublasStatus_t code, const char* call, const char* file, int line) {
    raise(status_for_cublas(static_cast<int>(code)), call,
          std::string(cublas_status_name(static_cast<int>(code))) + " (" + std::to_string(static_cast<int>(code)) + ")",
          file, line);
}

}  // namespace spectral::cuda
