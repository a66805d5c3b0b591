#include "cuda_probe.h"

#include "../core/backend.h"
#include "cuda_versions.h"

#include <cstdio>
#include <mutex>
#include <new>

namespace spectral::cuda {
namespace {

std::string driver_error_name(const DriverApi& driver, CUresult code) {
    const char* name = nullptr;
    if (driver.cuGetErrorName != nullptr && driver.cuGetErrorName(code, &name) == CUDA_SUCCESS && name != nullptr)
        return std::string(name) + " (" + std::to_string(static_cast<int>(code)) + ")";
    return "CUresult " + std::to_string(static_cast<int>(code));
}

std::string gibibytes(size_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    return text;
}

/** One line per device: ordinal, name, compute capability, memory. Fills api.device_memory. */
std::string list_devices(CudaApi& api, int count) {
    std::string lines;
    for (int ordinal = 0; ordinal < count; ++ordinal) {
        CUdevice device = 0;
        CUresult rc = api.driver.cuDeviceGet(&device, ordinal);
        if (rc != CUDA_SUCCESS) {
            lines += "device " + std::to_string(ordinal) + ": cuDeviceGet failed with " + driver_error_name(api.driver, rc) + "\n";
            continue;
        }
        char name[256] = {0};
        if (api.driver.cuDeviceGetName(name, static_cast<int>(sizeof name) - 1, device) != CUDA_SUCCESS)
            std::snprintf(name, sizeof name, "(name unavailable)");
        int major = 0, minor = 0;
        bool cc = api.driver.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device) == CUDA_SUCCESS &&
                  api.driver.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device) == CUDA_SUCCESS;
        size_t memory = 0;
        bool mem = api.driver.cuDeviceTotalMem_v2(&memory, device) == CUDA_SUCCESS;
        if (ordinal < static_cast<int>(sizeof api.device_memory / sizeof api.device_memory[0]))
            api.device_memory[ordinal] = mem ? memory : 0;
        lines += "device " + std::to_string(ordinal) + ": " + name + ", compute capability " +
                 (cc ? std::to_string(major) + "." + std::to_string(minor) : std::string("unknown")) + ", " +
                 (mem ? gibibytes(memory) : std::string("memory unknown")) + "\n";
    }
    return lines;
}

void probe_into(CudaProbe& probe, const ProbeConfig& config) {
    spectral_backend_info& info = probe.info;
    CudaApi& api = probe.api;
    std::string attempts;

    // 1. The driver.
    probe.libraries.driver = DynamicLibrary::open_first({config.driver}, attempts);
    if (!probe.libraries.driver) {
        copy_text(info.reason, "cuda: " + config.driver + " not found (no NVIDIA driver installed)");
        copy_text(info.details, attempts);
        return;
    }
    std::string missing = resolve(*probe.libraries.driver, api.driver);
    if (!missing.empty()) {
        copy_text(info.reason, "cuda: " + probe.libraries.driver->path() + " lacks " + missing + " (broken or too old NVIDIA driver)");
        return;
    }
    CUresult rc = api.driver.cuInit(0);
    if (rc == CUDA_ERROR_NO_DEVICE) {
        copy_text(info.reason, "cuda: no device (the NVIDIA driver is installed but cuInit reports " + driver_error_name(api.driver, rc) + ")");
        return;
    }
    if (rc != CUDA_SUCCESS) {
        copy_text(info.reason, "cuda: the NVIDIA driver failed to initialize (cuInit returned " + driver_error_name(api.driver, rc) + ")");
        return;
    }
    if ((rc = api.driver.cuDriverGetVersion(&api.driver_version)) != CUDA_SUCCESS) {
        copy_text(info.reason, "cuda: cuDriverGetVersion failed with " + driver_error_name(api.driver, rc));
        return;
    }
    int count = 0;
    if ((rc = api.driver.cuDeviceGetCount(&count)) != CUDA_SUCCESS || count <= 0) {
        copy_text(info.reason, rc != CUDA_SUCCESS ? "cuda: cuDeviceGetCount failed with " + driver_error_name(api.driver, rc)
                                                  : "cuda: no device (the NVIDIA driver reports 0 CUDA devices)");
        copy_text(info.version, "driver " + format_cuda_version(api.driver_version));
        return;
    }
    std::string devices = list_devices(api, count);
    std::string details = devices;
    copy_text(info.details, details);
    copy_text(info.version, "driver " + format_cuda_version(api.driver_version));

    // 2. The newest runtime this driver can run.
    std::vector<std::string> runtimes = config.runtimes.empty() ? runtime_sonames() : config.runtimes;
    std::string rejected;
    for (const auto& name : runtimes) {
        std::string tried;
        auto library = DynamicLibrary::open_first({name}, tried);
        if (!library) {
            attempts += tried;
            continue;
        }
        void* address = library->symbol("cudaRuntimeGetVersion");
        int version = 0;
        if (address == nullptr ||
            reinterpret_cast<cudaRuntimeGetVersion_t>(address)(&version) != cudaSuccess || version <= 0) {
            rejected += name + " (cannot report its version); ";
            continue;
        }
        if (!driver_supports_runtime(api.driver_version, version)) {
            rejected += name + " (CUDA " + format_cuda_version(version) + ")" + "; ";
            continue;
        }
        api.runtime_version = version;
        probe.libraries.runtime = std::move(library);
        break;
    }
    if (!probe.libraries.runtime) {
        if (!rejected.empty())
            copy_text(info.reason, "cuda: driver too old: the NVIDIA driver supports CUDA " + format_cuda_version(api.driver_version) +
                                       " but the CUDA runtimes found need newer drivers: " + rejected + "update the driver");
        else
            copy_text(info.reason, "cuda: no CUDA runtime found (tried " + [&] {
                std::string list;
                for (const auto& n : runtimes) list += (list.empty() ? "" : ", ") + n;
                return list;
            }() + "; install the CUDA toolkit or put its lib folder on LD_LIBRARY_PATH)");
        copy_text(info.details, details + attempts);
        return;
    }
    if (!(missing = resolve(*probe.libraries.runtime, api.runtime)).empty()) {
        copy_text(info.reason, "cuda: " + probe.libraries.runtime->path() + " lacks " + missing);
        return;
    }
    copy_text(info.version, "CUDA runtime " + format_cuda_version(api.runtime_version) + ", driver " + format_cuda_version(api.driver_version));

    // 3. cuSOLVER and cuBLAS of the same toolkit generation.
    int major = cuda_major(api.runtime_version);
    std::string solver_name = config.solver_override.empty() ? cusolver_soname_for(major) : config.solver_override;
    std::string blas_name = config.blas_override.empty() ? cublas_soname_for(major) : config.blas_override;
    if (solver_name.empty() || blas_name.empty()) {
        copy_text(info.reason, "cuda: CUDA runtime " + format_cuda_version(api.runtime_version) + " is not a supported generation (11, 12 or 13)");
        return;
    }
    attempts.clear();
    probe.libraries.blas = DynamicLibrary::open_first({blas_name}, attempts);
    probe.libraries.solver = DynamicLibrary::open_first({solver_name}, attempts);
    if (!probe.libraries.blas || !probe.libraries.solver) {
        copy_text(info.reason, "cuda: " + (probe.libraries.solver ? blas_name : solver_name) + " not found (needed with CUDA runtime " +
                                   format_cuda_version(api.runtime_version) + "; install the matching cuSOLVER/cuBLAS)");
        copy_text(info.details, details + attempts);
        return;
    }
    if (!(missing = resolve(*probe.libraries.blas, api.blas)).empty()) {
        copy_text(info.reason, "cuda: " + probe.libraries.blas->path() + " lacks " + missing);
        return;
    }
    if (!(missing = resolve(*probe.libraries.solver, api.solver)).empty()) {
        copy_text(info.reason, "cuda: " + probe.libraries.solver->path() + " lacks " + missing + " (this libspectral needs it; cuSOLVER too old or an incompatible generation)");
        return;
    }

    // 4. The runtime must agree that devices are usable (it reports a too-old driver or hidden devices).
    int runtime_count = 0;
    cudaError_t status = api.runtime.cudaGetDeviceCount(&runtime_count);
    if (status != cudaSuccess || runtime_count <= 0) {
        const char* name = api.runtime.cudaGetErrorName(status);
        std::string code = std::string(name != nullptr ? name : "cudaError") + " (" + std::to_string(static_cast<int>(status)) + ")";
        if (status == cudaErrorInsufficientDriver)
            copy_text(info.reason, "cuda: driver too old: cudaGetDeviceCount reports " + code + " for CUDA runtime " +
                                       format_cuda_version(api.runtime_version) + " on driver " + format_cuda_version(api.driver_version));
        else
            copy_text(info.reason, "cuda: no device usable by the CUDA runtime (cudaGetDeviceCount: " +
                                       (status != cudaSuccess ? code : std::string("0 devices")) + ")");
        (void)api.runtime.cudaGetLastError();
        return;
    }
    api.device_count = runtime_count < count ? runtime_count : count;

    // Library versions are informational: a failing property query is reported as "unknown", not fatal.
    int solver_version[3] = {0, 0, 0}, blas_version[3] = {0, 0, 0};
    const libraryPropertyType properties[3] = {MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL};
    bool solver_known = true, blas_known = true;
    for (int i = 0; i < 3; ++i) {
        solver_known = solver_known && api.solver.cusolverGetProperty(properties[i], &solver_version[i]) == CUSOLVER_STATUS_SUCCESS;
        blas_known = blas_known && api.blas.cublasGetProperty(properties[i], &blas_version[i]) == CUBLAS_STATUS_SUCCESS;
    }
    auto version_text = [](bool known, const int* v) {
        return known ? std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]) : std::string("unknown");
    };
    copy_text(info.version, "CUDA runtime " + format_cuda_version(api.runtime_version) + ", driver " +
                                format_cuda_version(api.driver_version) + ", cuSOLVER " + version_text(solver_known, solver_version) +
                                ", cuBLAS " + version_text(blas_known, blas_version));
    copy_text(info.library, probe.libraries.solver->path());
    details += "runtime: " + probe.libraries.runtime->path() + "\n";
    details += "cusolver: " + probe.libraries.solver->path() + "\n";
    details += "cublas: " + probe.libraries.blas->path() + "\n";
    details += std::string("cusolverDnXsyevBatched: ") +
               (api.solver.has_syev_batched() ? "present (batched eigensolver for all sizes)"
                                              : "absent (needs CUDA 12.6 Update 2+; syevjBatched for n <= 32, Xsyevd otherwise)") + "\n";
    if (float32_syevd_needs_promotion(api.runtime_version))
        details += "float32 syevd/syevdx run in float64 (CUDA 11.x float32 syevd hazard on low-rank input)\n";
    copy_text(info.details, details);
    info.available = 1;
}

}  // namespace

std::unique_ptr<CudaProbe> run_probe(const ProbeConfig& config) noexcept {
    std::unique_ptr<CudaProbe> probe;
    try {
        probe = std::make_unique<CudaProbe>();
        probe->info.struct_size = sizeof(spectral_backend_info);
        probe_into(*probe, config);
    } catch (...) {
        if (probe) {
            probe->info.available = 0;
            copy_text(probe->info.reason, "cuda: probing failed unexpectedly (out of memory?)");
        }
    }
    return probe;
}

const CudaProbe& process_probe() noexcept {
    static std::unique_ptr<CudaProbe> probe;
    static CudaProbe fallback;  // only used if even allocating the probe failed
    static std::once_flag once;
    std::call_once(once, [] {
        probe = run_probe(ProbeConfig{});
        if (!probe) {
            fallback.info.struct_size = sizeof(spectral_backend_info);
            copy_text(fallback.info.reason, "cuda: probing failed unexpectedly (out of memory)");
        }
    });
    return probe ? *probe : fallback;
}

}  // namespace spectral::cuda

namespace spectral {
const spectral_backend_info& cuda_probe() noexcept { return cuda::process_probe().info; }
}  // namespace spectral
