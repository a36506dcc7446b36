// Shared by the element-wise kernels: 128 invocations per workgroup (the compat-mode limit), a 1-D
// grid of at most 65535 workgroups and a grid-stride loop, so any n fits one dispatch.
const WG: u32 = 128u;
fn grid_stride(nwg: vec3<u32>) -> u32 { return nwg.x * WG; }
