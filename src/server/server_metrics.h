#pragma once

// Every metric `openscs serve` exposes, registered in one place so that the
// list reads like docs/server.md "Metrics". Two kinds:
//  - updated by a component as things happen (failures by code, latency
//    histograms): registered first, and the component is handed what it
//    updates (ProvisionerMetrics, DbWorkerOptions::batch_seconds);
//  - read at scrape time from the counters the components already keep for
//    ServerStats (hellos, queue depth, busy sessions), so nothing is
//    counted twice.
//
// Included by server.cc and tests only (it brings Asio in).

#include "base/status.h"
#include "metrics/registry.h"
#include "server/provisioner.h"

namespace openscs::server {

// What the components update themselves.
struct ServerMetrics {
  ProvisionerMetrics provisioner;
  metrics::HistogramFamily* db_batch_seconds = nullptr;  // {kind}: DbWorkerOptions::batch_seconds
};

// Registers the metrics components update. Fails only on a name clash with
// something already in `registry`.
base::Result<ServerMetrics> RegisterServerMetrics(metrics::Registry& registry);

// Registers the metrics read from the components' own counters at scrape
// time. Every argument must outlive every render of `registry`.
base::Status RegisterServerReadouts(metrics::Registry& registry, const HelloListenerCounters& hellos,
                                    const DbWorker& db, const Provisioner& provisioner);

}  // namespace openscs::server
