// A stand-in for libcublas: handles, and a plain-loop cublasDsyrk on host memory (the fake cudart's "device"
// memory is malloc'd), enough for the Gram route's tests.
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
FAKE cublasStatus_t cublasDsyrk_v2(cublasHandle_t, cublasFillMode_t uplo, cublasOperation_t trans, int n, int k, const double* alpha,
                                   const double* a, int lda, const double* beta, double* c, int ldc) {
    if (n < 0 || k < 0 || ldc < (n > 1 ? n : 1) || (trans == CUBLAS_OP_N ? lda < (n > 1 ? n : 1) : lda < (k > 1 ? k : 1)))
        return CUBLAS_STATUS_INVALID_VALUE;
    // C = alpha op(A) op(A)^T + beta C on the `uplo` triangle; op(A) is n x k (A itself, or A^T for OP_T).
    for (int j = 0; j < n; ++j)
        for (int i = uplo == CUBLAS_FILL_MODE_LOWER ? j : 0; i < (uplo == CUBLAS_FILL_MODE_LOWER ? n : j + 1); ++i) {
            double sum = 0;
            for (int p = 0; p < k; ++p) {
                double x = trans == CUBLAS_OP_N ? a[i + p * lda] : a[p + i * lda];
                double y = trans == CUBLAS_OP_N ? a[j + p * lda] : a[p + j * lda];
                sum += x * y;
            }
            c[i + j * ldc] = *alpha * sum + (*beta == 0 ? 0 : *beta * c[i + j * ldc]);
        }
    return CUBLAS_STATUS_SUCCESS;
}
