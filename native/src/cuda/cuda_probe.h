// Device detection: finds the driver, a compatible runtime, cuSOLVER and cuBLAS, lists the devices and says
// in one line why CUDA is unavailable when it is. Distinguishes: no driver, driver failing to initialize,
// no device, driver too old for every runtime found, missing runtime/cuSOLVER/cuBLAS, missing symbols.
#pragma once

#include "cuda_api.h"
#include "cuda_loader.h"
#include "spectral.h"

#include <memory>
#include <string>
#include <vector>

namespace spectral::cuda {

/** Which files to try; the defaults are the real sonames (tests point them at stand-in libraries). */
struct ProbeConfig {
    std::string driver = "libcuda.so.1";
    std::vector<std::string> runtimes;                // empty = runtime_sonames()
    std::string solver_override, blas_override;       // empty = the soname matching the runtime's major
};

struct CudaProbe {
    spectral_backend_info info{};
    CudaApi api;
    CudaLibraries libraries;
};

/** Runs the probe (uncached). Never throws. */
std::unique_ptr<CudaProbe> run_probe(const ProbeConfig& config) noexcept;

/** The process-wide probe with the default configuration (run once, thread-safe). Never null after the call. */
const CudaProbe& process_probe() noexcept;

}  // namespace spectral::cuda
