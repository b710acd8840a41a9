#include "protocol/soap/soap.h"

#include <charconv>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "protocol/soap/xml_tree.h"

namespace openscs::soap {
namespace {

using xml::FindChild;
using xml::FirstElement;
using xml::LocalName;
using xml::Serialize;
using xml::ToElement;

pugi::xml_node NewEnvelope(pugi::xml_document& doc) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node env = doc.append_child("SOAP-ENV:Envelope");
  env.append_attribute("xmlns:SOAP-ENV") = std::string(kEnvelopeNs).c_str();
  return env.append_child("SOAP-ENV:Body");
}

}  // namespace

const Element* Element::Child(std::string_view local) const {
  for (const auto& c : children) {
    if (c.name == local) return &c;
  }
  return nullptr;
}

std::optional<std::string> Element::ChildText(std::string_view local) const {
  const Element* c = Child(local);
  if (c == nullptr) return std::nullopt;
  return c->text;
}

std::vector<const Element*> Element::Children(std::string_view local) const {
  std::vector<const Element*> out;
  for (const auto& c : children) {
    if (c.name == local) out.push_back(&c);
  }
  return out;
}

std::string IntelNamespace(std::string_view service, std::string_view year) {
  return fmt::format("http://schemas.intel.com/platform/client/{}/{}", service, year);
}

base::Result<Request> ParseRequest(std::string_view xml) {
  pugi::xml_document doc;
  auto body = xml::ParseEnvelopeBody(doc, xml);
  if (!body) return body.error();
  pugi::xml_node call = FirstElement(*body);
  if (!call) return base::InvalidArgument("SOAP: the Body is empty");
  Request r;
  r.body = ToElement(call);
  r.method = r.body.name;
  r.ns = r.body.ns;
  return r;
}

base::Result<SoapAction> ParseSoapAction(std::string_view header) {
  if (header.size() >= 2 && header.front() == '"' && header.back() == '"') header = header.substr(1, header.size() - 2);
  const size_t hash = header.rfind('#');
  if (hash == std::string_view::npos || hash == 0 || hash + 1 == header.size()) {
    return base::InvalidArgument(fmt::format("SOAPAction '{}' is not '<namespace>#<Method>'", header));
  }
  return SoapAction{std::string(header.substr(0, hash)), std::string(header.substr(hash + 1))};
}

std::string BuildRequest(std::string_view ns, std::string_view method, const std::vector<Element>& params) {
  pugi::xml_document doc;
  pugi::xml_node body = NewEnvelope(doc);
  Element call{std::string(method), std::string(ns), {}, params};
  xml::Append(body, call);
  return Serialize(doc);
}

base::Result<Response> ParseResponse(std::string_view xml) {
  pugi::xml_document doc;
  auto body = xml::ParseEnvelopeBody(doc, xml);
  if (!body) return body.error();
  pugi::xml_node first = FirstElement(*body);
  if (!first) return base::InvalidArgument("SOAP: the response Body is empty");
  if (LocalName(first.name()) == "Fault") {
    return base::FailedPrecondition(
        fmt::format("SOAP Fault: {}", FindChild(first, "faultstring").text().as_string("(no faultstring)")));
  }
  Response r;
  r.body = ToElement(first);
  r.method = r.body.name;
  if (r.method.ends_with("Response")) r.method.resize(r.method.size() - 8);
  const Element* status = r.body.Child("StatusCode");
  if (status == nullptr) return base::InvalidArgument(fmt::format("SOAP: {} response has no StatusCode", r.method));
  const auto [ptr, ec] = std::from_chars(status->text.data(), status->text.data() + status->text.size(), r.status);
  if (ec != std::errc() || ptr != status->text.data() + status->text.size()) {
    return base::InvalidArgument(fmt::format("SOAP: StatusCode '{}' is not a number", status->text));
  }
  return r;
}

std::string BuildResponse(std::string_view ns, std::string_view method, uint32_t status,
                          const std::vector<Element>& out) {
  pugi::xml_document doc;
  pugi::xml_node body = NewEnvelope(doc);
  Element response{std::string(method) + "Response", std::string(ns), {}, {}};
  response.children.push_back(Leaf("StatusCode", std::to_string(status)));
  for (const auto& e : out) response.children.push_back(e);
  xml::Append(body, response);
  return Serialize(doc);
}

std::string BuildFault(std::string_view fault_code, std::string_view fault_string) {
  pugi::xml_document doc;
  pugi::xml_node body = NewEnvelope(doc);
  pugi::xml_node fault = body.append_child("SOAP-ENV:Fault");
  fault.append_child("faultcode").text().set(std::string(fault_code).c_str());
  fault.append_child("faultstring").text().set(std::string(fault_string).c_str());
  return Serialize(doc);
}

}  // namespace openscs::soap
