#include "protocol/soap/soap.h"

#include <charconv>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace openscs::soap {
namespace {

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string_view Prefix(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

// Resolves the namespace URI bound to `node`'s prefix by walking up.
std::string NamespaceOf(const pugi::xml_node& node) {
  const std::string_view prefix = Prefix(node.name());
  const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (auto a = n.attribute(attr.c_str())) return a.value();
  }
  return {};
}

Element ToElement(const pugi::xml_node& node) {
  Element e;
  e.name = LocalName(node.name());
  e.ns = NamespaceOf(node);
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) {
      e.children.push_back(ToElement(child));
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      e.text += child.value();
    }
  }
  return e;
}

pugi::xml_node FindChild(const pugi::xml_node& parent, std::string_view local) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == local) return child;
  }
  return {};
}

pugi::xml_node FirstElement(const pugi::xml_node& parent) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element) return child;
  }
  return {};
}

void Append(pugi::xml_node parent, const Element& e) {
  pugi::xml_node node = parent.append_child(e.name.c_str());
  if (!e.ns.empty()) node.append_attribute("xmlns") = e.ns.c_str();
  if (!e.text.empty()) node.text().set(e.text.c_str());
  for (const auto& child : e.children) Append(node, child);
}

struct Envelope {
  pugi::xml_document doc;
  pugi::xml_node body;
};

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

pugi::xml_node NewEnvelope(pugi::xml_document& doc) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node env = doc.append_child("SOAP-ENV:Envelope");
  env.append_attribute("xmlns:SOAP-ENV") = std::string(kEnvelopeNs).c_str();
  return env.append_child("SOAP-ENV:Body");
}

base::Result<pugi::xml_node> ParseBody(pugi::xml_document& doc, std::string_view xml) {
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!parsed) {
    return base::InvalidArgument(fmt::format("SOAP: not XML at byte {}: {}", parsed.offset, parsed.description()));
  }
  pugi::xml_node envelope = FirstElement(doc);
  if (!envelope || LocalName(envelope.name()) != "Envelope") {
    return base::InvalidArgument("SOAP: the document element is not an Envelope");
  }
  pugi::xml_node body = FindChild(envelope, "Body");
  if (!body) return base::InvalidArgument("SOAP: the Envelope has no Body");
  return body;
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
  auto body = ParseBody(doc, xml);
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
  Append(body, call);
  return Serialize(doc);
}

base::Result<Response> ParseResponse(std::string_view xml) {
  pugi::xml_document doc;
  auto body = ParseBody(doc, xml);
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
  Append(body, response);
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
