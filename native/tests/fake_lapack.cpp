// A stand-in "LAPACK" for the missing-routine and info-code tests: it exports only dsyevd_ and dgesdd_
// (enough for the probe to call it available), and both report failures through info:
//   dsyevd_  info = -5 (an illegal argument: libspectral must report BACKEND_ERROR naming the routine)
//   dgesdd_  info = +3 (no convergence: NOT_CONVERGED for single calls, info[i] = 3 in batches)
#include <cstddef>

extern "C" {

__attribute__((visibility("default"))) void dsyevd_(const char*, const char*, const int*, double*, const int*, double*, double* work,
                                                    const int* lwork, int* iwork, const int* liwork, int* info, std::size_t,
                                                    std::size_t) {
    if (*lwork == -1 || *liwork == -1) {
        work[0] = 1;
        iwork[0] = 1;
    }
    *info = -5;
}

__attribute__((visibility("default"))) void dgesdd_(const char*, const int*, const int*, double*, const int*, double*, double*,
                                                    const int*, double*, const int*, double* work, const int* lwork, int*,
                                                    int* info, std::size_t) {
    if (*lwork == -1) {
        work[0] = 1;
        *info = 0;
        return;
    }
    *info = 3;
}
}
