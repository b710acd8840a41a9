#pragma once

// Conversions between pugixml nodes and soap::Element, shared by the SOAP
// 1.1 (legacy) and SOAP 1.2 (WS-Management) codecs of this folder. Internal:
// included only by this folder's .cc files, so pugixml stays out of the
// public headers.

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "base/status.h"
#include "protocol/soap/element.h"

namespace openscs::soap::xml {

std::string_view LocalName(std::string_view qname);
// The namespace URI bound to `node`'s prefix, found by walking up.
std::string NamespaceOf(const pugi::xml_node& node);
Element ToElement(const pugi::xml_node& node);
pugi::xml_node FindChild(const pugi::xml_node& parent, std::string_view local);
pugi::xml_node FirstElement(const pugi::xml_node& parent);
// Appends `e` (and its children) under `parent`, declaring xmlns where an
// element's namespace differs from its parent's.
void Append(pugi::xml_node parent, const Element& e, std::string_view parent_ns = {});
std::string Serialize(const pugi::xml_document& doc);
// Parses `xml` (DOCTYPE off) and returns the Envelope's Body; errors say
// what is missing.
base::Result<pugi::xml_node> ParseEnvelopeBody(pugi::xml_document& doc, std::string_view xml);

}  // namespace openscs::soap::xml
