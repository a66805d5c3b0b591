# The CUDA backend compiles against real CUDA headers (cuda_runtime_api.h, cusolverDn.h, cublas_v2.h) but
# links to no CUDA library: everything is resolved at run time. Headers are searched in
# SPECTRAL_CUDA_INCLUDE_DIR, then $CUDA_HOME/include, /usr/local/cuda/include, /usr/include and the CI cache
# (.ci/cache/cuda/usr/include, filled by .ci/run). Without them the CUDA backend reports
# "cuda: libspectral was built without CUDA headers".
set(SPECTRAL_CUDA_INCLUDE_DIR "" CACHE PATH "Folder holding cuda_runtime_api.h, cusolverDn.h and cublas_v2.h")
find_path(SPECTRAL_CUDA_HEADERS cusolverDn.h
  HINTS ${SPECTRAL_CUDA_INCLUDE_DIR} $ENV{CUDA_HOME}/include /usr/local/cuda/include
        ${CMAKE_CURRENT_SOURCE_DIR}/.ci/cache/cuda/usr/include
  NO_DEFAULT_PATH)
if(NOT SPECTRAL_CUDA_HEADERS)
  find_path(SPECTRAL_CUDA_HEADERS cusolverDn.h)
endif()
function(spectral_use_cuda_headers target)
  if(SPECTRAL_CUDA_HEADERS)
    message(STATUS "spectral: CUDA headers found in ${SPECTRAL_CUDA_HEADERS}")
    # SYSTEM: the vendor headers are not ours to fix under -Werror.
    target_include_directories(${target} SYSTEM PRIVATE ${SPECTRAL_CUDA_HEADERS})
    target_compile_definitions(${target} PRIVATE SPECTRAL_HAVE_CUDA_HEADERS=1)
  else()
    message(STATUS "spectral: CUDA headers not found; the CUDA backend will report that it was built without them")
  endif()
endfunction()
