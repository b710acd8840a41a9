#include "server/server_metrics.h"

#include "server/db_worker.h"
#include "server/hello_listener.h"

namespace openscs::server {
namespace {

// A whole attempt: a few seconds when all goes well, minutes when steps
// retry with backoff up to their deadlines.
std::vector<double> AttemptBuckets() { return {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600}; }

// One SQLite transaction or job: well under a millisecond to seconds when a
// CLI writer holds the lock.
std::vector<double> DatabaseBuckets() {
  return {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
}

}  // namespace

base::Result<ServerMetrics> RegisterServerMetrics(metrics::Registry& r) {
  ServerMetrics m;
  auto failed = r.AddCounterFamily("openscs_provisionings_failed_total",
                                   "Provisioning attempts that failed, by the code of the failure.", {"code"});
  if (!failed) return failed.error();
  m.provisioner.failed_by_code = *failed;
  auto steps = r.AddHistogramFamily("openscs_provisioning_step_seconds",
                                    "Duration of each attempt of each step of a session with a device (connect, each "
                                    "SOAP or WS-Man call, verify), successful or not.",
                                    {"step"}, metrics::DurationBuckets());
  if (!steps) return steps.error();
  m.provisioner.step_seconds = *steps;
  auto attempt = r.AddHistogram("openscs_provisioning_seconds",
                                "Duration of a whole provisioning attempt, from the claim to the recorded outcome.",
                                AttemptBuckets());
  if (!attempt) return attempt.error();
  m.provisioner.attempt_seconds = *attempt;
  auto db = r.AddHistogramFamily("openscs_db_batch_seconds",
                                 "Time the database thread spends on one visit: a batch of hellos or log entries (one "
                                 "transaction) or one job.",
                                 {"kind"}, DatabaseBuckets());
  if (!db) return db.error();
  m.db_batch_seconds = *db;
  return m;
}

base::Status RegisterServerReadouts(metrics::Registry& r, const HelloListenerCounters& hellos, const DbWorker& db,
                                    const Provisioner& provisioner) {
  auto load = [](const std::atomic<uint64_t>& a) { return [&a] { return a.load(std::memory_order_relaxed); }; };
  const ProvisionerCounters& p = provisioner.counters();
  // The order here is the order of the scrape.
  for (auto st : {
           r.AddCallbackCounter("openscs_hellos_received_total", "Well-formed hellos received on the hello port.",
                                load(hellos.hellos)),
           r.AddCallbackCounter("openscs_hellos_malformed_total",
                                "Connections to the hello port whose bytes were not a hello (dropped and logged as "
                                "hello_malformed).",
                                load(hellos.malformed)),
           r.AddCallbackCounter("openscs_hello_http_probes_total",
                                "HTTP requests on the hello port, answered with the banner (port tests).",
                                load(hellos.http_probes)),
           r.AddCallbackCounter("openscs_hello_connections_refused_total",
                                "Connections to the hello port closed at once because too many were open.",
                                load(hellos.refused_over_limit)),
           r.AddCallbackGauge("openscs_hello_connections_open", "Connections open on the hello port.",
                              [&hellos] { return static_cast<double>(hellos.open.load(std::memory_order_relaxed)); }),
           r.AddCallbackCounter("openscs_provisionings_started_total",
                                "Provisioning attempts started (the system was claimed).", load(p.started)),
           r.AddCallbackCounter(
               "openscs_provisionings_succeeded_total",
               "Provisioning attempts that ended operational and verified, including interrupted ones found committed "
               "at restart.",
               [&p] {
                 return p.succeeded.load(std::memory_order_relaxed) + p.recovered.load(std::memory_order_relaxed);
               }),
           r.AddCallbackCounter("openscs_provisionings_recovered_total",
                                "Attempts interrupted by a restart that were found committed and verified at start.",
                                load(p.recovered)),
           r.AddCallbackGauge("openscs_provisioning_sessions_busy",
                              "Provisioning sessions running or waiting for a free slot.",
                              [&provisioner] { return static_cast<double>(provisioner.busy()); }),
           r.AddCallbackGauge("openscs_db_queue_depth", "Writes (hellos, log entries) waiting for the database thread.",
                              [&db] { return static_cast<double>(db.counters().queue_depth); }),
           r.AddCallbackCounter("openscs_db_writes_dropped_total",
                                "Writes dropped because the database queue was full (back-pressure).",
                                [&db] { return db.counters().writes_dropped_queue_full; }),
           r.AddCallbackCounter("openscs_db_write_errors_total",
                                "Batches the database refused twice; their hellos or log entries are lost.",
                                [&db] { return db.counters().write_errors; }),
       }) {
    if (!st.ok()) return st;
  }
  return base::Status::Ok();
}

}  // namespace openscs::server
