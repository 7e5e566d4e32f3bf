#pragma once
// Reads typed values off the front of a fuzz input (zeros once it runs out), so a target
// can split one byte string into several fields. Never reads past the end.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data, size) {}

  [[nodiscard]] bool empty() const { return at_ >= data_.size(); }
  [[nodiscard]] std::size_t left() const { return data_.size() - at_; }

  template <typename T>
  T take() {
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>((v << 8) | (empty() ? 0 : data_[at_++]));
    return v;
  }

  // Up to `max` bytes.
  std::span<const std::uint8_t> bytes(std::size_t max) {
    const std::size_t n = max < left() ? max : left();
    auto out = data_.subspan(at_, n);
    at_ += n;
    return out;
  }

  // Text up to the next NUL byte (or the end): lets seeds be written as NUL-separated fields.
  std::string field() {
    std::string out;
    while (!empty()) {
      const auto c = data_[at_++];
      if (c == 0) break;
      out += static_cast<char>(c);
    }
    return out;
  }

  std::span<const std::uint8_t> rest() { return bytes(left()); }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t at_ = 0;
};
