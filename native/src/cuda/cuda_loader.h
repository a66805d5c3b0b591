// dlopen/dlsym of the CUDA libraries into the function tables of cuda_api.h.
#pragma once

#include "../core/dynamic_library.h"
#include "cuda_api.h"

#include <memory>
#include <string>

namespace spectral::cuda {

/** The loaded libraries (kept loaded for the life of the process, see DynamicLibrary). */
struct CudaLibraries {
    std::unique_ptr<DynamicLibrary> driver, runtime, solver, blas;
};

/** Fills every slot of the table from `library`; returns the first missing symbol's name, "" when complete. */
std::string resolve(const DynamicLibrary& library, DriverApi& table);
std::string resolve(const DynamicLibrary& library, RuntimeApi& table);
/** Required cuSOLVER symbols; the optional ones (XsyevBatched) are looked up too and left null when absent. */
std::string resolve(const DynamicLibrary& library, SolverApi& table);
std::string resolve(const DynamicLibrary& library, BlasApi& table);

}  // namespace spectral::cuda
