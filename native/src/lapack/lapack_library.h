// The LAPACK library located at run time and the table of routines resolved from it.
//
// libspectral links to no BLAS/LAPACK: the library is found with dlopen (SPECTRAL_LAPACK_LIBRARY, else
// libopenblas.so.0, else liblapack.so.3) and every routine is resolved with dlsym into LapackFunctions.
// Routines use the Fortran calling convention of an LP64 build (32-bit INTEGER), with the hidden
// character-length arguments gfortran appends passed explicitly (as LAPACKE does).
#pragma once

#include "spectral.h"

#include <cstddef>
#include <string>

namespace spectral {
namespace lapack {

using lapack_int = int;  // LP64: Fortran INTEGER is 32 bits.
using strlen_t = std::size_t;

template <class T>
using syevd_fn = void (*)(const char* jobz, const char* uplo, const lapack_int* n, T* a, const lapack_int* lda, T* w,
                          T* work, const lapack_int* lwork, lapack_int* iwork, const lapack_int* liwork,
                          lapack_int* info, strlen_t, strlen_t);
template <class T>
using syevr_fn = void (*)(const char* jobz, const char* range, const char* uplo, const lapack_int* n, T* a,
                          const lapack_int* lda, const T* vl, const T* vu, const lapack_int* il, const lapack_int* iu,
                          const T* abstol, lapack_int* m, T* w, T* z, const lapack_int* ldz, lapack_int* isuppz,
                          T* work, const lapack_int* lwork, lapack_int* iwork, const lapack_int* liwork,
                          lapack_int* info, strlen_t, strlen_t, strlen_t);
template <class T>
using gesdd_fn = void (*)(const char* jobz, const lapack_int* m, const lapack_int* n, T* a, const lapack_int* lda, T* s,
                          T* u, const lapack_int* ldu, T* vt, const lapack_int* ldvt, T* work, const lapack_int* lwork,
                          lapack_int* iwork, lapack_int* info, strlen_t);
template <class T>
using gemm_fn = void (*)(const char* transa, const char* transb, const lapack_int* m, const lapack_int* n,
                         const lapack_int* k, const T* alpha, const T* a, const lapack_int* lda, const T* b,
                         const lapack_int* ldb, const T* beta, T* c, const lapack_int* ldc, strlen_t, strlen_t);
template <class T>
using syrk_fn = void (*)(const char* uplo, const char* trans, const lapack_int* n, const lapack_int* k, const T* alpha,
                         const T* a, const lapack_int* lda, const T* beta, T* c, const lapack_int* ldc, strlen_t, strlen_t);
template <class T>
using geqrf_fn = void (*)(const lapack_int* m, const lapack_int* n, T* a, const lapack_int* lda, T* tau, T* work,
                          const lapack_int* lwork, lapack_int* info);
template <class T>
using orgqr_fn = void (*)(const lapack_int* m, const lapack_int* n, const lapack_int* k, T* a, const lapack_int* lda,
                          const T* tau, T* work, const lapack_int* lwork, lapack_int* info);

/** The routines of one precision; a null pointer means the library does not export it. */
template <class T>
struct Routines {
    syevd_fn<T> syevd = nullptr;
    syevr_fn<T> syevr = nullptr;
    gesdd_fn<T> gesdd = nullptr;
    gemm_fn<T> gemm = nullptr;
    syrk_fn<T> syrk = nullptr;
    geqrf_fn<T> geqrf = nullptr;
    orgqr_fn<T> orgqr = nullptr;
};

struct LapackFunctions {
    Routines<float> s;
    Routines<double> d;
    /** OpenBLAS thread control (null for libraries without it). */
    void (*set_num_threads)(int) = nullptr;
    int (*get_num_threads)() = nullptr;
    /** The loaded file, for messages. */
    std::string library;

    template <class T>
    const Routines<T>& routines() const noexcept;
};

template <>
inline const Routines<float>& LapackFunctions::routines<float>() const noexcept { return s; }
template <>
inline const Routines<double>& LapackFunctions::routines<double>() const noexcept { return d; }

/** The probed library's functions; only valid when lapack_probe().available. */
const LapackFunctions& functions() noexcept;

[[noreturn]] void fail_missing(const char* symbol, const char* purpose);

/**
 * Returns `fn` or throws SPECTRAL_STATUS_UNSUPPORTED naming the missing symbol (e.g. "ssyevr_") and the
 * library, so that a LAPACK without a routine gives a clear message instead of a crash.
 */
template <class F>
F require(F fn, const char* symbol, const char* purpose) {
    if (fn == nullptr) fail_missing(symbol, purpose);
    return fn;
}

/**
 * While alive, pins the BLAS library's own threads to 1 (OpenBLAS only) so that a batch spread over our
 * worker threads does not oversubscribe the cores. Nested and concurrent pins share one process-wide
 * count; the last one to end restores the thread count found by the first.
 */
class BlasThreadPin {
public:
    explicit BlasThreadPin(bool active);
    ~BlasThreadPin();
    BlasThreadPin(const BlasThreadPin&) = delete;
    BlasThreadPin& operator=(const BlasThreadPin&) = delete;

private:
    bool active_;
};

}  // namespace lapack
}  // namespace spectral
