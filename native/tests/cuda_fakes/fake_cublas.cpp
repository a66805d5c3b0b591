// A stand-in for libcublas: handles only (the backend binds them to its streams and never computes with them).
#include <cublas_v2.h>

#define FAKE extern "C" __attribute__((visibility("default")))

namespace {
int g_handles[64];
int g_next = 0;
}  // namespace

FAKE cublasStatus_t cublasCreate_v2(cublasHandle_t* handle) {
    *handle = reinterpret_cast<cublasHandle_t>(&g_handles[g_next++ % 64]);
    return CUBLAS_STATUS_SUCCESS;
}
FAKE cublasStatus_t cublasDestroy_v2(cublasHandle_t) { return CUBLAS_STATUS_SUCCESS; }
FAKE cublasStatus_t cublasSetStream_v2(cublasHandle_t, cudaStream_t) { return CUBLAS_STATUS_SUCCESS; }
FAKE cublasStatus_t cublasGetProperty(libraryPropertyType type, int* value) {
    *value = type == MAJOR_VERSION ? 12 : type == MINOR_VERSION ? 4 : 5;
    return CUBLAS_STATUS_SUCCESS;
}
