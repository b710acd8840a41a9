#pragma once

// The audit log from the API's side: who (the request's principal and
// address), what (a dotted action and its target), whether it happened.
// Every change, every secret reveal and every refusal of one goes here.

#include <string_view>

#include "api/context.h"
#include "api/request.h"

namespace openscs::api {

// Appends to the store's audit log. A failure to write is logged to the
// process log and does not fail the request (the change already happened).
void WriteAudit(Context& context, const Request& request, std::string_view action, std::string_view target,
                std::string_view detail, bool success = true);

}  // namespace openscs::api
