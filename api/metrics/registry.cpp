#include "metrics/registry.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace api::metrics {

namespace {

bool valid_name(std::string_view n, bool colons) {
  if (n.empty()) return false;
  auto ok = [colons](char c, bool first) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':');
    return alpha || (!first && c >= '0' && c <= '9');
  };
  for (std::size_t i = 0; i < n.size(); ++i)
    if (!ok(n[i], i == 0)) return false;
  return true;
}

void check_metric_name(const std::string& name) {
  if (!valid_name(name, true)) throw std::invalid_argument("invalid metric name: " + name);
}

void check_label_name(const std::string& name) {
  // Names starting with "__" are reserved for Prometheus itself.
  if (!valid_name(name, false) || name.starts_with("__"))
    throw std::invalid_argument("invalid label name: " + name);
}

// `name{a="x",b="y"} value\n`; no braces when there are no labels.
void append_sample(std::string& out, std::string_view name, const Labels& labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i) out += ',';
      out += labels[i].first;
      out += "=\"";
      out += escape_label_value(labels[i].second);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  out += format_value(value);
  out += '\n';
}

std::string type_header(std::string_view name, std::string_view help, std::string_view type) {
  std::string h = "# HELP ";
  h += name;
  h += ' ';
  h += escape_help(help);
  h += "\n# TYPE ";
  h += name;
  h += ' ';
  h += type;
  h += '\n';
  return h;
}

}  // namespace

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{}) return "NaN";  // cannot happen with 32 characters
  return {buf.data(), end};
}

std::vector<double> latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

// --- Family -----------------------------------------------------------------------------

Family::Family(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {
  check_metric_name(name_);
  for (const auto& l : label_names_) check_label_name(l);
  for (std::size_t i = 0; i < label_names_.size(); ++i)
    if (std::find(label_names_.begin() + static_cast<std::ptrdiff_t>(i) + 1, label_names_.end(), label_names_[i]) !=
        label_names_.end())
      throw std::invalid_argument("repeated label name " + label_names_[i] + " in " + name_);
}

void Family::check_arity(const LabelValues& values) const {
  if (values.size() != label_names_.size())
    throw std::invalid_argument(name_ + " takes " + std::to_string(label_names_.size()) + " label values, not " +
                                std::to_string(values.size()));
}

Labels Family::labels_of(const LabelValues& values) const {
  Labels labels;
  labels.reserve(values.size() + 1);
  for (std::size_t i = 0; i < values.size(); ++i) labels.emplace_back(label_names_[i], values[i]);
  return labels;
}

std::string Family::header(std::string_view type) const { return type_header(name_, help_, type); }

// --- Counters and gauges ----------------------------------------------------------------

ValueFamily::ValueFamily(Kind kind, std::string name, std::string help, std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), std::move(label_names)), kind_(kind) {}

void ValueFamily::inc(const LabelValues& values, double by) {
  check_arity(values);
  if (kind_ == Kind::counter && !(by >= 0)) throw std::invalid_argument(name_ + " is a counter: it only goes up");
  std::lock_guard lock(mutex_);
  values_[values] += by;
}

void ValueFamily::set(const LabelValues& values, double value) {
  check_arity(values);
  if (kind_ == Kind::counter) throw std::invalid_argument(name_ + " is a counter: it cannot be set");
  std::lock_guard lock(mutex_);
  values_[values] = value;
}

double ValueFamily::value(const LabelValues& values) const {
  std::lock_guard lock(mutex_);
  auto it = values_.find(values);
  return it == values_.end() ? 0.0 : it->second;
}

void ValueFamily::render(std::string& out) const {
  std::lock_guard lock(mutex_);
  if (values_.empty()) return;
  out += header(kind_ == Kind::counter ? "counter" : "gauge");
  for (const auto& [values, v] : values_) append_sample(out, name_, labels_of(values), v);
}

// --- Histograms -------------------------------------------------------------------------

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> bounds)
    : Family(std::move(name), std::move(help), std::move(label_names)), bounds_(std::move(bounds)) {
  for (const auto& l : label_names_)
    if (l == "le") throw std::invalid_argument("le is the bucket label of histogram " + name_);
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i]) || (i > 0 && !(bounds_[i - 1] < bounds_[i])))
      throw std::invalid_argument("bounds of " + name_ + " must be finite and strictly increasing");
  }
}

void Histogram::observe(const LabelValues& values, double v) {
  check_arity(values);
  // The first bound not below v (le is inclusive); NaN is counted in +Inf only.
  const auto bucket = std::isnan(v) ? bounds_.size()
                                    : static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) -
                                                               bounds_.begin());
  std::lock_guard lock(mutex_);
  auto& s = series_[values];
  if (s.per_bucket.empty()) s.per_bucket.assign(bounds_.size() + 1, 0);
  ++s.per_bucket[bucket];
  s.sum += v;
  ++s.count;
}

std::uint64_t Histogram::count(const LabelValues& values) const {
  std::lock_guard lock(mutex_);
  auto it = series_.find(values);
  return it == series_.end() ? 0 : it->second.count;
}

void Histogram::render(std::string& out) const {
  std::lock_guard lock(mutex_);
  if (series_.empty()) return;
  out += header("histogram");
  const std::string bucket_name = name_ + "_bucket";
  for (const auto& [values, s] : series_) {
    Labels labels = labels_of(values);
    labels.emplace_back("le", "");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += s.per_bucket[i];
      labels.back().second = i < bounds_.size() ? format_value(bounds_[i]) : "+Inf";
      append_sample(out, bucket_name, labels, static_cast<double>(cumulative));
    }
    labels.pop_back();
    append_sample(out, name_ + "_sum", labels, s.sum);
    append_sample(out, name_ + "_count", labels, static_cast<double>(s.count));
  }
}

// --- Collected gauges -------------------------------------------------------------------

void GaugeSink::gauge(const std::string& name, const std::string& help, const Labels& labels, double value) {
  check_metric_name(name);
  for (const auto& [label, v] : labels) check_label_name(label);
  if (std::find(taken_.begin(), taken_.end(), name) != taken_.end())
    throw std::invalid_argument("collected gauge " + name + " clashes with a declared metric");
  auto [it, fresh] = families_.try_emplace(name);
  if (fresh) {
    it->second.help = help;
    order_.push_back(name);
  }
  it->second.samples[labels] = value;
}

// --- Registry ---------------------------------------------------------------------------

template <class F>
F& Registry::declare(std::unique_ptr<F> family) {
  std::lock_guard lock(mutex_);
  for (const auto& f : families_)
    if (f->name() == family->name()) throw std::invalid_argument("metric declared twice: " + family->name());
  F& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

Counter& Registry::counter(std::string name, std::string help, std::vector<std::string> label_names) {
  return declare(std::make_unique<ValueFamily>(ValueFamily::Kind::counter, std::move(name), std::move(help),
                                               std::move(label_names)));
}

Gauge& Registry::gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  return declare(std::make_unique<ValueFamily>(ValueFamily::Kind::gauge, std::move(name), std::move(help),
                                               std::move(label_names)));
}

Histogram& Registry::histogram(std::string name, std::string help, std::vector<std::string> label_names,
                               std::vector<double> bounds) {
  return declare(
      std::make_unique<Histogram>(std::move(name), std::move(help), std::move(label_names), std::move(bounds)));
}

void Registry::add_collector(Collector collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::render() const {
  std::vector<const Family*> families;
  std::vector<Collector> collectors;
  {
    std::lock_guard lock(mutex_);
    for (const auto& f : families_) families.push_back(f.get());
    collectors = collectors_;
  }
  std::string out;
  std::vector<std::string> taken;
  for (const auto* f : families) {
    f->render(out);
    taken.push_back(f->name());
  }
  GaugeSink sink(std::move(taken));
  for (const auto& c : collectors) c(sink);
  for (const auto& name : sink.order_) {
    const auto& family = sink.families_.at(name);
    out += type_header(name, family.help, "gauge");
    for (const auto& [labels, v] : family.samples) append_sample(out, name, labels, v);
  }
  return out;
}

}  // namespace api::metrics
