#include "protocol/soap/xml_tree.h"

#include <sstream>

#include <fmt/format.h>

namespace openscs::soap::xml {

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string NamespaceOf(const pugi::xml_node& node) {
  const std::string_view qname = node.name();
  const size_t colon = qname.find(':');
  const std::string attr =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(qname.substr(0, colon));
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

void Append(pugi::xml_node parent, const Element& e, std::string_view parent_ns) {
  pugi::xml_node node = parent.append_child(e.name.c_str());
  if (!e.ns.empty() && e.ns != parent_ns) node.append_attribute("xmlns") = e.ns.c_str();
  if (!e.text.empty()) node.text().set(e.text.c_str());
  for (const auto& child : e.children) Append(node, child, e.ns.empty() ? parent_ns : std::string_view(e.ns));
}

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

namespace {

// Envelopes from AMT are a handful of levels deep; a hostile one could nest
// deep enough to overflow the stack of the recursive conversion below.
constexpr int kMaxDepth = 64;

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// pugixml accepts element names XML does not ("w:.x", "a:"); an element we
// could not write back is refused when read.
bool IsLocalName(std::string_view name) {
  if (name.empty() || !IsNameStart(name.front())) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

base::Status ValidateTree(const pugi::xml_node& node, int depth) {
  if (depth > kMaxDepth) return base::InvalidArgument(fmt::format("SOAP: elements nest deeper than {}", kMaxDepth));
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view qname = child.name();
    const size_t colon = qname.find(':');
    const bool prefix_ok = colon == std::string_view::npos || IsLocalName(qname.substr(0, colon));
    if (!prefix_ok || !IsLocalName(LocalName(qname))) {
      return base::InvalidArgument(
          fmt::format("SOAP: element name '{}' at byte {} is not a valid XML name", qname, child.offset_debug()));
    }
    if (auto s = ValidateTree(child, depth + 1); !s.ok()) return s;
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<pugi::xml_node> ParseEnvelopeBody(pugi::xml_document& doc, std::string_view xml) {
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!parsed) {
    return base::InvalidArgument(fmt::format("SOAP: not XML at byte {}: {}", parsed.offset, parsed.description()));
  }
  if (auto s = ValidateTree(doc, 0); !s.ok()) return s;
  pugi::xml_node envelope = FirstElement(doc);
  if (!envelope || LocalName(envelope.name()) != "Envelope") {
    return base::InvalidArgument("SOAP: the document element is not an Envelope");
  }
  pugi::xml_node body = FindChild(envelope, "Body");
  if (!body) return base::InvalidArgument("SOAP: the Envelope has no Body");
  return body;
}

}  // namespace openscs::soap::xml
