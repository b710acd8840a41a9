// Codec throughput, reported against a baseline measured in the same run:
// copying the same bytes (the least any decoder must do). Read the ratio
// decode/baseline, not the absolute numbers, across machines.

#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "base/hex.h"
#include "protocol/hello/hello.h"

namespace {

std::vector<std::byte> PskHello() {
  return openscs::base::FromHex(
             "01000200000000004445 4c4c4b0010428033b6c04f5046333030303030 33374d")
      .value();
}

void BM_BaselineCopy(benchmark::State& state) {
  const auto bytes = PskHello();
  std::vector<std::byte> out(bytes.size());
  for (auto _ : state) {
    std::memcpy(out.data(), bytes.data(), bytes.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_BaselineCopy);

void BM_HelloDecodePsk(benchmark::State& state) {
  const auto bytes = PskHello();
  for (auto _ : state) {
    auto decoded = openscs::hello::Decode(bytes);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_HelloDecodePsk);

}  // namespace
