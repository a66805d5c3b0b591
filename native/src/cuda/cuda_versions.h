// Pure version logic for the CUDA loader (no CUDA headers needed, unit-tested without a GPU): which
// sonames to try, which library generation belongs to which runtime, and which known hazards apply.
#pragma once

#include <string>
#include <vector>

namespace spectral::cuda {

/** "12.4" for 12040 (the encoding of cudaRuntimeGetVersion / cuDriverGetVersion: 1000*major + 10*minor). */
std::string format_cuda_version(int version);

inline int cuda_major(int version) { return version / 1000; }

/** libcudart sonames, newest first. */
std::vector<std::string> runtime_sonames();

/**
 * The cuSOLVER and cuBLAS sonames that belong to a runtime of the given major version (libraries of
 * different toolkit generations must not be mixed): CUDA 13 ships libcusolver.so.12 + libcublas.so.13,
 * CUDA 12 ships libcusolver.so.11 + libcublas.so.12, CUDA 11 ships libcusolver.so.11 + libcublas.so.11.
 * Empty for an unknown major.
 */
std::string cusolver_soname_for(int runtime_major);
std::string cublas_soname_for(int runtime_major);

/**
 * Whether a driver of `driver_version` can run a runtime of `runtime_version`. Since CUDA 11, minor-version
 * compatibility lets any runtime of the same major run on an older driver of that major; a newer major needs
 * a newer driver.
 */
bool driver_supports_runtime(int driver_version, int runtime_version);

/**
 * The CUDA 11.x float32 syevd hazard: cuSOLVER's single-precision divide-and-conquer eigensolver in CUDA 11
 * toolkits can fail on (numerically) low-rank input and leave the context in an error state (reported by
 * PyTorch and CuPy users). When this returns true the backend solves float32 syevd/syevdx problems in float64
 * and rounds the results back to float32.
 */
bool float32_syevd_needs_promotion(int runtime_version);

}  // namespace spectral::cuda
