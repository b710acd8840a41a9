#pragma once

// The pieces of the Prometheus text exposition format 0.0.4 that need care:
// which names are legal, how HELP text and label values are escaped, and how
// a sample value is spelled. The Registry renders with these; they are
// public so that tests (and a caller adding its own samples) agree with it.
// Reference: https://prometheus.io/docs/instrumenting/exposition_formats/

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::metrics {

// The Content-Type to serve RenderPrometheusText() with.
inline constexpr std::string_view kPrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// [a-zA-Z_:][a-zA-Z0-9_:]*. InvalidArgument naming the name and the first
// offending character otherwise.
base::Status ValidateMetricName(std::string_view name);

// [a-zA-Z_][a-zA-Z0-9_]*, and not starting with "__" (reserved for
// Prometheus itself). InvalidArgument otherwise.
base::Status ValidateLabelName(std::string_view name);

// HELP text: backslash as \\ and line feed as \n.
std::string EscapeHelp(std::string_view help);

// A label value inside its double quotes: backslash as \\, double quote as
// \" and line feed as \n. Any other byte (UTF-8 included) is kept.
std::string EscapeLabelValue(std::string_view value);

// A sample value: the shortest text that reads back as the same double
// ("0.005", "30", "1e+21"), or +Inf, -Inf, NaN.
std::string FormatValue(double value);
std::string FormatValue(uint64_t value);

}  // namespace openscs::metrics
