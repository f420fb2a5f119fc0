#include "extract/grid.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tsuzuri {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t Find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void Join(size_t a, size_t b) { parent_[Find(a)] = Find(b); }

 private:
  std::vector<size_t> parent_;
};

bool Touch(const Segment& h, const Segment& v, double reach) {
  return v.pos >= h.from - reach && v.pos <= h.to + reach && h.pos >= v.from - reach &&
         h.pos <= v.to + reach;
}

// Sorted distinct positions: values closer than `snap` become their mean.
std::vector<double> Snap(std::vector<double> values, double snap) {
  std::sort(values.begin(), values.end());
  std::vector<double> out;
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (n > 0 && values[i] - values[i - 1] > snap) {
      out.push_back(sum / n);
      sum = 0;
      n = 0;
    }
    sum += values[i];
    ++n;
  }
  if (n > 0) out.push_back(sum / n);
  return out;
}

// Whether the segments at grid line `pos` cover [from, to] for at least `min_cover` of its length.
bool Covered(const std::vector<const Segment*>& segs, double pos, double from, double to,
             const GridOptions& o) {
  double covered = 0;
  for (const Segment* s : segs) {
    if (std::abs(s->pos - pos) > o.snap) continue;
    double a = std::max(from, s->from - o.reach), b = std::min(to, s->to + o.reach);
    if (b > a) covered += b - a;
  }
  return covered >= o.min_cover * (to - from);
}

Table BuildOne(const std::vector<const Segment*>& hs, const std::vector<const Segment*>& vs,
               const GridOptions& o) {
  std::vector<double> hy, vx;
  for (const Segment* s : hs) hy.push_back(s->pos);
  for (const Segment* s : vs) vx.push_back(s->pos);
  std::vector<double> ys = Snap(hy, o.snap), xs = Snap(vx, o.snap);
  Table t;
  t.rows = static_cast<int>(ys.size()) - 1;
  t.cols = static_cast<int>(xs.size()) - 1;
  t.box = Box{xs.front(), ys.front(), xs.back(), ys.back()};
  if (t.rows < 1 || t.cols < 1) return t;

  // Slot (r, c) merges right when the vertical border at xs[c+1] is missing over its rows, and
  // down when the horizontal border at ys[r+1] is missing over its columns.
  UnionFind uf(static_cast<size_t>(t.rows * t.cols));
  auto id = [&](int r, int c) { return static_cast<size_t>(r * t.cols + c); };
  for (int r = 0; r < t.rows; ++r) {
    for (int c = 0; c < t.cols; ++c) {
      if (c + 1 < t.cols && !Covered(vs, xs[c + 1], ys[r], ys[r + 1], o))
        uf.Join(id(r, c), id(r, c + 1));
      if (r + 1 < t.rows && !Covered(hs, ys[r + 1], xs[c], xs[c + 1], o))
        uf.Join(id(r, c), id(r + 1, c));
    }
  }
  std::vector<int> r0(t.rows * t.cols, t.rows), c0(t.rows * t.cols, t.cols),
      r1(t.rows * t.cols, -1), c1(t.rows * t.cols, -1);
  for (int r = 0; r < t.rows; ++r) {
    for (int c = 0; c < t.cols; ++c) {
      size_t g = uf.Find(id(r, c));
      r0[g] = std::min(r0[g], r);
      c0[g] = std::min(c0[g], c);
      r1[g] = std::max(r1[g], r);
      c1[g] = std::max(c1[g], c);
    }
  }
  for (int r = 0; r < t.rows; ++r) {
    for (int c = 0; c < t.cols; ++c) {
      size_t g = id(r, c);
      if (uf.Find(g) != g) continue;
      Cell cell;
      cell.row = r0[g];
      cell.col = c0[g];
      cell.row_span = r1[g] - r0[g] + 1;
      cell.col_span = c1[g] - c0[g] + 1;
      cell.box = Box{xs[c0[g]], ys[r0[g]], xs[c1[g] + 1], ys[r1[g] + 1]};
      t.cells.push_back(cell);
    }
  }
  std::sort(t.cells.begin(), t.cells.end(), [](const Cell& a, const Cell& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  return t;
}

// Joins segments on one line that meet or overlap: a border drawn in pieces (one per grid row of
// a spanning cell, as PDF writers often do) is one line. Segments whose positions lie within half
// a snap of each other are one line's candidates, whatever their order along it: on a scan the
// pieces of one border differ by a fraction of a point, and a piece further along the line may
// start before the first.
std::vector<Segment> MergeCollinear(std::vector<Segment> segs, const GridOptions& o) {
  std::sort(segs.begin(), segs.end(), [](const Segment& a, const Segment& b) {
    return a.pos != b.pos ? a.pos < b.pos : a.from < b.from;
  });
  std::vector<Segment> out;
  size_t i = 0;
  while (i < segs.size()) {
    size_t end = i + 1;
    while (end < segs.size() && segs[end].pos - segs[i].pos <= o.snap / 2) ++end;
    std::vector<Segment> same(segs.begin() + i, segs.begin() + end);
    std::sort(same.begin(), same.end(),
              [](const Segment& a, const Segment& b) { return a.from < b.from; });
    // Pieces that meet become one line at their length-weighted position.
    Segment line = same[0];
    double weighted = line.pos * (line.to - line.from), length = line.to - line.from;
    auto flush = [&] {
      if (length > 0) line.pos = weighted / length;
      out.push_back(line);
    };
    for (size_t j = 1; j < same.size(); ++j) {
      const Segment& s = same[j];
      if (s.from > line.to + o.reach) {
        flush();
        line = s;
        weighted = s.pos * (s.to - s.from);
        length = s.to - s.from;
        continue;
      }
      line.to = std::max(line.to, s.to);
      weighted += s.pos * (s.to - s.from);
      length += s.to - s.from;
    }
    flush();
    i = end;
  }
  return out;
}

}  // namespace

std::vector<Table> BuildTables(const std::vector<Segment>& horizontal_in,
                               const std::vector<Segment>& vertical_in,
                               const GridOptions& options) {
  const std::vector<Segment> horizontal = MergeCollinear(horizontal_in, options);
  const std::vector<Segment> vertical = MergeCollinear(vertical_in, options);
  const size_t nh = horizontal.size(), nv = vertical.size();
  UnionFind uf(nh + nv);
  std::vector<int> h_touches(nh, 0), v_touches(nv, 0);
  for (size_t i = 0; i < nh; ++i) {
    for (size_t j = 0; j < nv; ++j) {
      if (Touch(horizontal[i], vertical[j], options.reach)) {
        uf.Join(i, nh + j);
        ++h_touches[i];
        ++v_touches[j];
      }
    }
  }
  // Group the segments of each connected set; a border line touches at least two crossing lines.
  std::vector<std::vector<const Segment*>> hs(nh + nv), vs(nh + nv);
  for (size_t i = 0; i < nh; ++i) {
    if (h_touches[i] >= 2) hs[uf.Find(i)].push_back(&horizontal[i]);
  }
  for (size_t j = 0; j < nv; ++j) {
    if (v_touches[j] >= 2) vs[uf.Find(nh + j)].push_back(&vertical[j]);
  }
  std::vector<Table> tables;
  for (size_t g = 0; g < nh + nv; ++g) {
    if (hs[g].size() < 2 || vs[g].size() < 2) continue;
    Table t = BuildOne(hs[g], vs[g], options);
    if (t.rows < 1 || t.cols < 1 || t.cells.empty()) continue;
    if (t.box.width() < options.min_table_width || t.box.height() < options.min_table_height)
      continue;
    tables.push_back(std::move(t));
  }
  std::sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) {
    return std::abs(a.box.y0 - b.box.y0) > 1 ? a.box.y0 < b.box.y0 : a.box.x0 < b.box.x0;
  });
  return tables;
}

}  // namespace tsuzuri
