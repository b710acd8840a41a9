#pragma once

// A simulated device's listening sockets: 16993 (TLS: PSK in Setup Mode,
// the provisioning certificate for PKI, server certificate when operational)
// and 16992 (plain HTTP), each bound to the device's own loopback address.
// Each accepted connection is one coroutine: TLS handshake (with a
// deadline), then HTTP/1.1 requests with keep-alive, each answered by
// SimDevice::Handle() with chunked encoding as real firmware does.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "tls/device_tls.h"

namespace openscs::sim {

class SimDevice;

// Accepts on `acceptor` until it is closed (shared: the fleet closes it when
// the device's state says the port must go). `tls` is null for the plain
// port. `device` and `tls` must outlive the loop and its connections.
boost::asio::awaitable<void> AcceptLoop(std::shared_ptr<boost::asio::ip::tcp::acceptor> acceptor, SimDevice& device,
                                        const tls::DeviceTlsContext* tls);

}  // namespace openscs::sim
