// The metrics registry speaks the Prometheus text format 0.0.4 exactly: escaping, cumulative
// histogram buckets, collectors, and bounded label sets for HTTP requests.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "metrics/http_metrics.hpp"
#include "metrics/registry.hpp"

namespace api::metrics {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(MetricsRegistry, CounterRendersHelpTypeAndOneLinePerLabelSet) {
  Registry r;
  auto& c = r.counter("jobs_total", "Jobs done.", {"kind"});
  c.inc({"b"});
  c.inc({"a"}, 2);
  c.inc({"b"});
  EXPECT_EQ(r.render(),
            "# HELP jobs_total Jobs done.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{kind=\"a\"} 2\n"
            "jobs_total{kind=\"b\"} 2\n");
}

TEST(MetricsRegistry, LabelValuesEscapeBackslashQuoteAndNewline) {
  Registry r;
  r.gauge("g", "x", {"path"}).set({"C:\\dir \"q\"\nnext"}, 1);
  EXPECT_TRUE(contains(r.render(), "g{path=\"C:\\\\dir \\\"q\\\"\\nnext\"} 1\n")) << r.render();
}

TEST(MetricsRegistry, HelpEscapesBackslashAndNewlineButNotQuotes) {
  Registry r;
  r.gauge("g", "a \\ b\n\"c\"").set({}, 0);
  EXPECT_TRUE(contains(r.render(), "# HELP g a \\\\ b\\n\"c\"\n")) << r.render();
}

TEST(MetricsRegistry, UnicodeLabelValuesPassThroughAsUtf8) {
  Registry r;
  r.gauge("room_load", "x", {"room"}).set({"Hội trường UBND tỉnh"}, 0.5);
  EXPECT_TRUE(contains(r.render(), "room_load{room=\"Hội trường UBND tỉnh\"} 0.5\n"));
}

TEST(MetricsRegistry, ValuesUseShortestSpellingAndPrometheusInfinityNaN) {
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(3), "3");
  EXPECT_EQ(format_value(1e-9), "1e-09");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry r;
  auto& h = r.histogram("lat_seconds", "Latency.", {"route"}, {0.1, 1});
  h.observe({"/x"}, 0.05);
  h.observe({"/x"}, 0.1);  // le is inclusive: counts in 0.1
  h.observe({"/x"}, 0.5);
  h.observe({"/x"}, 7);
  EXPECT_EQ(r.render(),
            "# HELP lat_seconds Latency.\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
            "lat_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
            "lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
            "lat_seconds_sum{route=\"/x\"} 7.65\n"
            "lat_seconds_count{route=\"/x\"} 4\n");
}

TEST(MetricsRegistry, UnlabelledValuesHaveNoBraces) {
  Registry r;
  r.counter("starts_total", "Starts.").inc({});
  EXPECT_TRUE(contains(r.render(), "\nstarts_total 1\n"));
}

TEST(MetricsRegistry, FamiliesWithoutSamplesAreLeftOut) {
  Registry r;
  r.counter("never_total", "Never.", {"x"});
  EXPECT_EQ(r.render(), "");
}

TEST(MetricsRegistry, MisuseIsRefused) {
  Registry r;
  auto& c = r.counter("c_total", "c", {"a"});
  EXPECT_THROW(c.inc({}), std::invalid_argument);            // wrong number of label values
  EXPECT_THROW(c.inc({"x"}, -1), std::invalid_argument);     // counters only go up
  EXPECT_THROW(c.set({"x"}, 1), std::invalid_argument);      // nor are they set
  EXPECT_THROW(r.counter("c_total", "again"), std::invalid_argument);
  EXPECT_THROW(r.gauge("9bad", "x"), std::invalid_argument);
  EXPECT_THROW(r.gauge("ok", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(r.gauge("ok2", "x", {"a-b"}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "x", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h2", "x", {}, {1, 1}), std::invalid_argument);
}

TEST(MetricsRegistry, CollectorsEmitGaugeFamiliesAtRenderTime) {
  Registry r;
  double loss = 0.01;
  r.add_collector([&loss](GaugeSink& sink) {
    sink.gauge("meetingd_leg_loss_ratio", "Packet loss of a leg.", {{"meeting", "7"}, {"leg", "a"}}, loss);
    sink.gauge("meetingd_node_load", "Load of a media node.", {{"node", "n1"}}, 0.4);
    sink.gauge("meetingd_leg_loss_ratio", "ignored: the first help wins", {{"meeting", "7"}, {"leg", "b"}}, 0.2);
  });
  loss = 0.03;  // read when rendering, not when registering
  EXPECT_EQ(r.render(),
            "# HELP meetingd_leg_loss_ratio Packet loss of a leg.\n"
            "# TYPE meetingd_leg_loss_ratio gauge\n"
            "meetingd_leg_loss_ratio{meeting=\"7\",leg=\"a\"} 0.03\n"
            "meetingd_leg_loss_ratio{meeting=\"7\",leg=\"b\"} 0.2\n"
            "# HELP meetingd_node_load Load of a media node.\n"
            "# TYPE meetingd_node_load gauge\n"
            "meetingd_node_load{node=\"n1\"} 0.4\n");
}

TEST(MetricsRegistry, FamiliesFromSeveralCollectorsAreMergedUnderOneHeader) {
  Registry r;
  r.add_collector([](GaugeSink& s) { s.gauge("node_load", "Load.", {{"node", "a"}}, 1); });
  r.add_collector([](GaugeSink& s) { s.gauge("node_load", "Load.", {{"node", "b"}}, 2); });
  const auto text = r.render();
  EXPECT_EQ(text.find("# TYPE node_load"), text.rfind("# TYPE node_load"));
  EXPECT_TRUE(contains(text, "node_load{node=\"a\"} 1\nnode_load{node=\"b\"} 2\n"));
}

TEST(MetricsRegistry, CollectorMayNotReuseADeclaredName) {
  Registry r;
  r.counter("taken_total", "x").inc({});
  r.add_collector([](GaugeSink& s) { s.gauge("taken_total", "x", {}, 1); });
  EXPECT_THROW((void)r.render(), std::invalid_argument);
}

TEST(MetricsRegistry, CountsFromManyThreadsAreNotLost) {
  Registry r;
  auto& c = r.counter("n_total", "n", {"t"});
  auto& h = r.histogram("d_seconds", "d", {}, latency_buckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc({"x"});
        h.observe({}, 0.002);
        if (i % 1000 == 0) (void)r.render();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value({"x"}), 40000);
  EXPECT_EQ(h.count({}), 40000u);
}

TEST(HttpMetrics, CountsByRoutePatternAndCallsUnmatchedPathsUnmatched) {
  Registry r;
  HttpMetrics http(r);
  auto observe = http.observer();
  observe("GET", "/v1/meetings/{id}", 200, 0.003);
  observe("GET", "/v1/meetings/{id}", 200, 0.004);
  observe("GET", "", 404, 0.0005);
  observe("BREW", "", 400, 0.0001);
  const auto text = r.render();
  EXPECT_TRUE(contains(text, "meetingd_http_requests_total{method=\"GET\",route=\"/v1/meetings/{id}\",status=\"200\"} 2\n"))
      << text;
  EXPECT_TRUE(contains(text, "meetingd_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_TRUE(contains(text, "meetingd_http_requests_total{method=\"other\",route=\"unmatched\",status=\"400\"} 1\n"));
  EXPECT_TRUE(contains(text, "# TYPE meetingd_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(text,
      "meetingd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/meetings/{id}\",le=\"0.005\"} 2\n"));
  EXPECT_TRUE(contains(text,
      "meetingd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/meetings/{id}\",le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(contains(text, "meetingd_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\"} 1\n"));
}

}  // namespace
}  // namespace api::metrics
