// Memory exports and data movement: the heap allocator the TS backend uses for DeviceBuffers,
// plain/strided copies, and row gathers (the kernel behind Embedding / take along axis 0).
#include <stdlib.h>
#include <string.h>

#include "../include/mxjs.h"

MX_API void* mx_malloc(size_t bytes) { return malloc(bytes == 0 ? 1 : bytes); }

MX_API void mx_free(void* p) { free(p); }

MX_API void mx_copy(float* dst, const float* src, int n) {
  if (n > 0 && dst != src) memmove(dst, src, (size_t)n * sizeof(float));
}

MX_API void mx_fill(float* dst, int n, float value) {
  for (int i = 0; i < n; i++) dst[i] = value;
}

MX_API void mx_copy2d(float* dst, int dst_ld, const float* src, int src_ld, int rows, int cols) {
  if (cols <= 0) return;
  for (int r = 0; r < rows; r++) {
    memmove(dst + (size_t)r * dst_ld, src + (size_t)r * src_ld, (size_t)cols * sizeof(float));
  }
}

MX_API int mx_take_rows(float* dst, const float* src, const int32_t* idx, int nidx, int row_len,
                        int src_rows) {
  // Validate first so a bad index never leaves a half-written destination.
  for (int i = 0; i < nidx; i++) {
    if (idx[i] < 0 || idx[i] >= src_rows) return i;
  }
  if (row_len <= 0) return -1;
  for (int i = 0; i < nidx; i++) {
    memcpy(dst + (size_t)i * row_len, src + (size_t)idx[i] * row_len, (size_t)row_len * sizeof(float));
  }
  return -1;
}
