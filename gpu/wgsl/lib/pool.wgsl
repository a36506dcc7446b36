// MXNet pool.h windows: start = o*s - pad, end = min(start + k, in + pad); the average divisor is the
// padded window size unless count_include_pad is false (then the clipped one).
struct Win { y0: i32, y1: i32, x0: i32, x1: i32, size: f32 }
fn pool_window(oy: i32, ox: i32) -> Win {
  var w: Win;
  w.y0 = oy * p.sh - p.ph;
  w.x0 = ox * p.sw - p.pw;
  w.y1 = min(w.y0 + p.kh, p.H + p.ph);
  w.x1 = min(w.x0 + p.kw, p.W + p.pw);
  let padded = (w.y1 - w.y0) * (w.x1 - w.x0);
  w.y0 = max(w.y0, 0);
  w.x0 = max(w.x0, 0);
  w.y1 = min(w.y1, p.H);
  w.x1 = min(w.x1, p.W);
  w.size = f32(select((w.y1 - w.y0) * (w.x1 - w.x0), padded, p.include_pad != 0u));
  return w;
}
