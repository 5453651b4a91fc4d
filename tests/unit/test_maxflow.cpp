// Max flow over capacity graphs (src/analytic/maxflow.hpp) on textbook networks whose minimum cuts are
// worked out by hand in each case's comment. A min cut is a set of edges whose removal separates every
// source from every sink; max flow = capacity of the smallest such cut (max-flow min-cut theorem).
#include "analytic/maxflow.hpp"
#include "analytic/model.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace dcflow;

TEST_CASE("maxflow: CLRS figure 26.1 network gives 23 with cut v1-v3, v4-v3, v4-t")
{
  // Cormen et al., Introduction to Algorithms, figure 26.1. Every s/t cut (S = source side):
  //   {s}            s->v1 16 + s->v2 13                          = 29
  //   {s,v1}         s->v2 13 + v1->v3 12                         = 25
  //   {s,v2}         s->v1 16 + v2->v1 4 + v2->v4 14              = 34
  //   {s,v1,v2}      v1->v3 12 + v2->v4 14                        = 26
  //   {s,v2,v4}      s->v1 16 + v2->v1 4 + v4->v3 7 + v4->t 4     = 31
  //   {s,v1,v2,v4}   v1->v3 12 + v4->v3 7 + v4->t 4               = 23   <- the minimum (v3->v2 points back)
  //   sets with v3 but not v4 pay v3->t 20 plus more; {..,v3,v4} pays v3->t 20 + v4->t 4 > 23.
  CapacityGraph g;
  int s = g.add_nodes(6), v1 = s + 1, v2 = s + 2, v3 = s + 3, v4 = s + 4, t = s + 5;
  g.add_edge(s, v1, 16);
  g.add_edge(s, v2, 13);
  g.add_edge(v2, v1, 4);
  int v1v3 = g.add_edge(v1, v3, 12);
  g.add_edge(v3, v2, 9);
  g.add_edge(v2, v4, 14);
  int v4v3 = g.add_edge(v4, v3, 7);
  g.add_edge(v3, t, 20);
  int v4t         = g.add_edge(v4, t, 4);
  MaxFlowResult r = solve_max_flow(g, {s}, {t});
  REQUIRE(r.flow == 23);
  REQUIRE(r.cut_edges == std::vector<int>{v1v3, v4v3, v4t});
  REQUIRE(max_flow(g, {s}, {t}) == 23);
}

TEST_CASE("maxflow: one bottleneck edge between two sources and two sinks")
{
  // a->m 5, b->m 5 feed m; m->n 6 is the only way on; n->x 4, n->y 4 lead to the sinks.
  // Cuts: the sources' edges 10, the sinks' edges 8, m->n 6. Min = 6, the cut {m->n}.
  CapacityGraph g;
  int a = g.add_nodes(6), b = a + 1, m = a + 2, n = a + 3, x = a + 4, y = a + 5;
  g.add_edge(a, m, 5);
  g.add_edge(b, m, 5);
  int mn = g.add_edge(m, n, 6);
  g.add_edge(n, x, 4);
  g.add_edge(n, y, 4);
  MaxFlowResult r = solve_max_flow(g, {a, b}, {x, y});
  REQUIRE(r.flow == 6);
  REQUIRE(r.cut_edges == std::vector<int>{mn});

  // A bypass b->y of 1 adds a second, disjoint path: the min cut becomes {m->n, b->y} = 6 + 1 = 7.
  int by = g.add_edge(b, y, 1);
  r      = solve_max_flow(g, {a, b}, {x, y});
  REQUIRE(r.flow == 7);
  REQUIRE(r.cut_edges == std::vector<int>{mn, by});

  // One source, one sink: a alone reaches x through a->m 5, m->n 6, n->x 4, so min(5, 6, 4) = 4.
  REQUIRE(max_flow(g, {a}, {x}) == 4);
}

TEST_CASE("maxflow: parallel paths add up, each limited by its narrowest edge")
{
  // s->a 3, a->t 5 carries 3;  s->b 4, b->t 2 carries 2;  s->c 1, c->t 1 carries 1;
  // two parallel edges s->t of 2 and 2.5 carry 4.5.  Paths are disjoint: 3 + 2 + 1 + 4.5 = 10.5.
  // The cut closest to s takes, per path, the first saturated edge: s->a, b->t (s->b still has 2 spare),
  // s->c, and both s->t edges: 3 + 2 + 1 + 2 + 2.5 = 10.5.
  CapacityGraph g;
  int s = g.add_nodes(5), a = s + 1, b = s + 2, c = s + 3, t = s + 4;
  int sa = g.add_edge(s, a, 3);
  g.add_edge(a, t, 5);
  g.add_edge(s, b, 4);
  int bt = g.add_edge(b, t, 2);
  int sc = g.add_edge(s, c, 1);
  g.add_edge(c, t, 1);
  int st1         = g.add_edge(s, t, 2);
  int st2         = g.add_edge(s, t, 2.5);
  MaxFlowResult r = solve_max_flow(g, {s}, {t});
  REQUIRE(r.flow == 10.5);
  REQUIRE(r.cut_edges == std::vector<int>{sa, bt, sc, st1, st2});
  double cut = 0;
  for (int e : r.cut_edges)
    cut += g.edges()[static_cast<std::size_t>(e)].capacity;
  REQUIRE(cut == r.flow);
}

TEST_CASE("maxflow: link bandwidths in bytes per second are summed exactly")
{
  // A 10 GB/s uplink shared by ten 1 GB/s host links (the document example's shape): s->u 1e10, then
  // u->h_i 1e9 each. Both cuts are 1e10; the one closest to s is the uplink. Then two more hosts raise the
  // host side to 1.2e10, and the uplink alone is the min cut. Odd bandwidths (1.25e9, 12.5e9) stay exact.
  CapacityGraph g;
  int s = g.add_nodes(2), u = s + 1;
  int uplink = g.add_edge(s, u, 10e9);
  std::vector<int> hosts;
  for (int i = 0; i < 12; ++i) {
    int h = g.add_nodes();
    g.add_edge(u, h, 1e9);
    hosts.push_back(h);
  }
  MaxFlowResult r = solve_max_flow(g, {s}, hosts);
  REQUIRE(r.flow == 10e9);
  REQUIRE(r.cut_edges == std::vector<int>{uplink});

  CapacityGraph odd;
  int x = odd.add_nodes(2), y = x + 1;
  odd.add_edge(x, y, 1.25e9);
  odd.add_edge(x, y, 12.5e9);
  odd.add_edge(x, y, 100e9);
  REQUIRE(max_flow(odd, {x}, {y}) == 113.75e9);
}

TEST_CASE("maxflow: unbounded edges, no path, empty sets")
{
  CapacityGraph g;
  int s = g.add_nodes(4), a = s + 1, b = s + 2, t = s + 3;
  g.add_edge(s, a, CapacityGraph::kUnbounded);
  int at = g.add_edge(a, t, 5);
  // Only a finite edge limits s -> t: the flow is 5 and the cut is that edge, not the unbounded one.
  MaxFlowResult r = solve_max_flow(g, {s}, {t});
  REQUIRE(r.flow == 5);
  REQUIRE(r.cut_edges == std::vector<int>{at});
  // A path of unbounded edges only: no finite cut exists.
  g.add_edge(a, b, CapacityGraph::kUnbounded);
  g.add_edge(b, t, CapacityGraph::kUnbounded);
  r = solve_max_flow(g, {s}, {t});
  REQUIRE(std::isinf(r.flow));
  REQUIRE(r.cut_edges.empty());
  // A node that is both a source and a sink.
  REQUIRE(std::isinf(max_flow(g, {a}, {a})));
  // No path from t back to s; empty source or sink sets.
  r = solve_max_flow(g, {t}, {s});
  REQUIRE(r.flow == 0);
  REQUIRE(r.cut_edges.empty());
  REQUIRE(max_flow(g, {}, {t}) == 0);
  REQUIRE(max_flow(g, {s}, {}) == 0);
}

TEST_CASE("maxflow: a zero-capacity edge is a cut of value 0, a self-loop carries nothing")
{
  CapacityGraph g;
  int s = g.add_nodes(3), m = s + 1, t = s + 2;
  g.add_edge(s, m, 7);
  g.add_edge(m, m, 100);
  int mt          = g.add_edge(m, t, 0);
  MaxFlowResult r = solve_max_flow(g, {s}, {t});
  REQUIRE(r.flow == 0);
  REQUIRE(r.cut_edges == std::vector<int>{mt});
}

TEST_CASE("maxflow: bad nodes and capacities are rejected")
{
  CapacityGraph g;
  int a = g.add_nodes(2);
  REQUIRE_THROWS_AS(g.add_edge(a, a + 2, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(g.add_edge(a, a + 1, -1), std::invalid_argument);
  REQUIRE_THROWS_AS(g.add_edge(a, a + 1, std::nan("")), std::invalid_argument);
  REQUIRE_THROWS_AS(max_flow(g, {a}, {5}), std::invalid_argument);
}

TEST_CASE("maxflow: evaluate_model reports the max-flow bound in GB/s, 0 when absent or unbounded")
{
  AnalyticInputs in;
  REQUIRE(evaluate_model(in).maxflow_bound == 0);
  in.has_maxflow = true;
  in.maxflow_Bps = 10e9; // the document example's 10 GB/s storage uplink
  REQUIRE(evaluate_model(in).maxflow_bound == 10.0);
  in.maxflow_Bps = CapacityGraph::kUnbounded;
  REQUIRE(evaluate_model(in).maxflow_bound == 0);
}
