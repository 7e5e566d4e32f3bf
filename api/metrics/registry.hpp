#pragma once
// A small metrics registry rendered in the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Standard library only.
//
// Families are declared once, at start, with a name, a help text and their label names; a
// sample is then addressed by its label values, given in the declared order. Declared
// families live as long as the registry (references to them stay valid).
//
// Collectors are callbacks run by render() that emit gauge samples of values kept elsewhere
// (per-leg media health, per-node load): measuring stays with its owner, the registry only
// formats. A collector runs on the thread that renders, without any registry lock held, so
// it may read other metrics; it must be quick and must not throw (an exception leaves
// render(), and the scrape answers 500 — Prometheus then shows the target down).
//
// Thread safety: every member may be called from any thread. Each family has its own mutex;
// render() copies the family and collector lists under the registry's mutex, releases it,
// then locks one family at a time (no two locks are ever held together).
//
// Misuse throws std::invalid_argument: an invalid or duplicate name, the wrong number of
// label values, a negative counter increment, histogram bounds not strictly increasing.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace api::metrics {

using LabelValues = std::vector<std::string>;                      // in the family's label order
using Labels = std::vector<std::pair<std::string, std::string>>;   // name, value

// One declared family: renders its # HELP, # TYPE and sample lines.
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names);
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  // Appends the family's lines to `out`; a family without samples appends nothing.
  virtual void render(std::string& out) const = 0;

 protected:
  void check_arity(const LabelValues& values) const;
  [[nodiscard]] Labels labels_of(const LabelValues& values) const;
  [[nodiscard]] std::string header(std::string_view type) const;

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
};

// A value per label set: counters only go up, gauges go anywhere.
class ValueFamily : public Family {
 public:
  enum class Kind { counter, gauge };
  ValueFamily(Kind kind, std::string name, std::string help, std::vector<std::string> label_names);

  void inc(const LabelValues& values, double by = 1.0);  // counters: by >= 0
  void set(const LabelValues& values, double value);     // gauges only
  [[nodiscard]] double value(const LabelValues& values) const;  // 0 when never touched
  void render(std::string& out) const override;

 private:
  Kind kind_;
  std::map<LabelValues, double> values_;
};

using Counter = ValueFamily;
using Gauge = ValueFamily;

// Observations counted into fixed upper bounds (le); +Inf is implicit.
class Histogram : public Family {
 public:
  Histogram(std::string name, std::string help, std::vector<std::string> label_names, std::vector<double> bounds);

  void observe(const LabelValues& values, double v);
  [[nodiscard]] std::uint64_t count(const LabelValues& values) const;
  void render(std::string& out) const override;

 private:
  struct Series {
    std::vector<std::uint64_t> per_bucket;  // not cumulative; one more than bounds (+Inf)
    double sum = 0;
    std::uint64_t count = 0;
  };
  std::vector<double> bounds_;
  std::map<LabelValues, Series> series_;
};

// Seconds, for request latency: 1 ms … 10 s.
std::vector<double> latency_buckets();

// What a collector writes into: gauge samples, grouped by family name at render time.
class GaugeSink {
 public:
  // The help text of a family is taken from its first sample; a repeated label set keeps
  // the last value. Throws std::invalid_argument on an invalid name or a name that a
  // declared family already uses.
  void gauge(const std::string& name, const std::string& help, const Labels& labels, double value);

 private:
  friend class Registry;
  struct Emitted {
    std::string help;
    std::map<Labels, double> samples;
  };
  explicit GaugeSink(std::vector<std::string> taken) : taken_(std::move(taken)) {}
  std::vector<std::string> taken_;
  std::vector<std::string> order_;
  std::map<std::string, Emitted> families_;
};

using Collector = std::function<void(GaugeSink&)>;

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Counter& counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  Gauge& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  Histogram& histogram(std::string name, std::string help, std::vector<std::string> label_names,
                       std::vector<double> bounds);
  void add_collector(Collector collector);

  // The whole exposition: declared families in declaration order, then collected ones.
  [[nodiscard]] std::string render() const;

 private:
  template <class F>
  F& declare(std::unique_ptr<F> family);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
  std::vector<Collector> collectors_;
};

// Exposed for tests: the text format's escaping and number spelling.
std::string escape_label_value(std::string_view v);  // \ " newline
std::string escape_help(std::string_view v);         // \ newline
std::string format_value(double v);                  // shortest round-trip; +Inf, -Inf, NaN

}  // namespace api::metrics
