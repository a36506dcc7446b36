// Live line charts on a <canvas>: each series is a list of [x, y] points, redrawn whole on every update
// (a few hundred points at most), with axes scaled to the data seen so far.

const PAD = { left: 44, right: 12, top: 22, bottom: 24 };

export class LineChart {
  /** series: [{ name, color, points: [] , dots?: boolean }] */
  constructor(canvas, title, series, { yMin = null, yMax = null } = {}) {
    this.canvas = canvas;
    this.title = title;
    this.series = series;
    this.yMin = yMin;
    this.yMax = yMax;
  }

  add(name, x, y) {
    this.series.find((s) => s.name === name).points.push([x, y]);
  }

  clear() {
    for (const s of this.series) s.points.length = 0;
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const g = c.getContext('2d');
    const w = c.width;
    const h = c.height;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    const all = this.series.flatMap((s) => s.points);
    const xMax = Math.max(1, ...all.map((p) => p[0]));
    let lo = this.yMin ?? Math.min(...all.map((p) => p[1]));
    let hi = this.yMax ?? Math.max(...all.map((p) => p[1]));
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
    if (hi - lo < 1e-6) hi = lo + 1;
    const X = (x) => PAD.left + (x / xMax) * (w - PAD.left - PAD.right);
    const Y = (y) => h - PAD.bottom - ((y - lo) / (hi - lo)) * (h - PAD.top - PAD.bottom);

    g.strokeStyle = '#ddd';
    g.fillStyle = '#555';
    g.font = '11px sans-serif';
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = lo + ((hi - lo) * i) / 4;
      g.beginPath();
      g.moveTo(PAD.left, Y(y));
      g.lineTo(w - PAD.right, Y(y));
      g.stroke();
      g.fillText(y.toFixed(2), 4, Y(y) + 4);
    }
    g.fillText('images seen', w - PAD.right - 66, h - 6);
    g.fillText('0', PAD.left, h - 6);
    g.fillText(String(xMax), X(xMax) - 30, h - 16);
    g.font = 'bold 12px sans-serif';
    g.fillStyle = '#222';
    g.fillText(this.title, PAD.left, 14);

    let legendX = PAD.left + g.measureText(this.title).width + 16;
    g.font = '11px sans-serif';
    for (const s of this.series) {
      g.strokeStyle = s.color;
      g.fillStyle = s.color;
      g.lineWidth = 2;
      if (s.dots) {
        for (const [x, y] of s.points) {
          g.beginPath();
          g.arc(X(x), Y(y), 3.5, 0, 2 * Math.PI);
          g.fill();
        }
      } else if (s.points.length > 0) {
        g.beginPath();
        s.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(X(x), Y(y)) : g.lineTo(X(x), Y(y))));
        g.stroke();
      }
      g.fillRect(legendX, 6, 10, 10);
      g.fillStyle = '#222';
      g.fillText(s.name, legendX + 14, 15);
      legendX += 24 + g.measureText(s.name).width;
    }
  }
}
