// The operations of the CUDA backend (one file each) and the small helpers they share.
#pragma once

#include "../core/backend.h"
#include "../core/error.h"
#include "cuda_context.h"
#include "cuda_errors.h"
#include "staging.h"
#include "svd_orientation.h"

#include <string>

namespace spectral::cuda {

/** Symmetric eigensolvers: XsyevBatched / syevjBatched / Xsyevd / Xsyevdx (see cuda_syev.cpp). */
void run_syev(CudaContext& context, const EigRequest& request);
/** Thin SVD: gesvdjBatched for small matrices, Xgesvd otherwise (see cuda_gesvd.cpp). */
void run_gesvd(CudaContext& context, const SvdRequest& request);
/** Randomized truncated SVD with Xgesvdr (see cuda_gesvdr.cpp). */
void run_gesvdr(CudaContext& context, const RsvdRequest& request);
/** Eigenvalues of the float64 Gram matrix: cublasDsyrk + Xsyevd on the device (see cuda_gram.cpp). */
void run_gram(CudaContext& context, const GramRequest& request);

inline cudaDataType cuda_type(spectral_dtype dtype) noexcept {
    return dtype == SPECTRAL_DTYPE_FLOAT32 ? CUDA_R_32F : CUDA_R_64F;
}

/** Queues a copy of bytes [offset, offset + bytes) from the lane's pinned staging to its device data buffer. */
inline void upload(Lane& lane, char* device, const char* host, size_t offset, size_t bytes) {
    if (bytes == 0) return;
    SPECTRAL_CUDA_CHECK(lane.api.runtime, lane.api.runtime.cudaMemcpyAsync(device + offset, host + offset, bytes,
                                                                            cudaMemcpyHostToDevice, lane.stream));
}

/** The lane's device and pinned host buffers after an SVD input was staged. */
struct StagedSvdInput {
    char* device;
    char* host;
};

/**
 * Reserves `total` bytes on the device and in pinned staging, packs E at `a_off` (scaled; the factor goes to
 * `scale`) and queues its upload, marking the lane's pack (0) and upload (1) events.
 */
inline StagedSvdInput stage_svd_input(Lane& lane, const SvdOrientation& o, spectral_dtype dtype, size_t total, size_t a_off,
                                      double& scale) {
    StagedSvdInput staged{lane.data.reserve(total), lane.staging.reserve(total)};
    scale = pack(o, staged.host + a_off, dtype);
    lane.mark(0);
    upload(lane, staged.device, staged.host, a_off, static_cast<size_t>(o.rows) * static_cast<size_t>(o.cols) * dtype_size(dtype));
    lane.mark(1);
    return staged;
}

/** Queues the copy back from device to pinned staging. */
inline void download(Lane& lane, char* host, const char* device, size_t offset, size_t bytes) {
    if (bytes == 0) return;
    SPECTRAL_CUDA_CHECK(lane.api.runtime, lane.api.runtime.cudaMemcpyAsync(host + offset, device + offset, bytes,
                                                                            cudaMemcpyDeviceToHost, lane.stream));
}

/**
 * Applies cuSOLVER's info convention for one matrix: < 0 means argument -info was invalid (a bug here, so the
 * call fails), > 0 means no convergence (reported through the task's info, not an error). Returns info.
 */
inline int checked_info(int info, const char* routine) {
    if (info < 0)
        fail(SPECTRAL_STATUS_BACKEND_ERROR, std::string("cuda: ") + routine + " reported info = " + std::to_string(info) +
                                                " (argument " + std::to_string(-info) + " invalid; a bug in libspectral)");
    return info;
}

}  // namespace spectral::cuda
