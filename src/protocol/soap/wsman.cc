#include "protocol/soap/wsman.h"

#include <charconv>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "protocol/soap/xml_tree.h"

namespace openscs::soap {
namespace {

constexpr std::string_view kAnonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

pugi::xml_node NewEnvelope(pugi::xml_document& doc, pugi::xml_node& header) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node env = doc.append_child("s:Envelope");
  env.append_attribute("xmlns:s") = std::string(kSoap12Ns).c_str();
  env.append_attribute("xmlns:a") = std::string(kAddressingNs).c_str();
  env.append_attribute("xmlns:w") = std::string(kWsmanNs).c_str();
  header = env.append_child("s:Header");
  return env.append_child("s:Body");
}

void AddText(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(std::string(text).c_str());
}

// The reply headers every response and fault carries.
void AddReplyHeaders(pugi::xml_node header, std::string_view action, std::string_view relates_to,
                     std::string_view message_id) {
  AddText(header, "a:To", kAnonymous);
  AddText(header, "a:RelatesTo", relates_to);
  AddText(header, "a:Action", action);
  AddText(header, "a:MessageID", message_id);
}

std::string HeaderText(const pugi::xml_node& header, std::string_view local) {
  return xml::FindChild(header, local).text().as_string();
}

}  // namespace

std::string AmtResource(std::string_view class_name) { return std::string(kAmtSchema) + std::string(class_name); }
std::string CimResource(std::string_view class_name) { return std::string(kCimSchema) + std::string(class_name); }

std::string_view ResourceClass(std::string_view resource_uri) {
  const size_t slash = resource_uri.rfind('/');
  return slash == std::string_view::npos ? resource_uri : resource_uri.substr(slash + 1);
}

base::Result<WsmanRequest> ParseWsmanRequest(std::string_view text) {
  pugi::xml_document doc;
  auto body = xml::ParseEnvelopeBody(doc, text);
  if (!body) return body.error();
  pugi::xml_node header = xml::FindChild(body->parent(), "Header");
  if (!header) return base::InvalidArgument("WS-Man: the Envelope has no Header");
  WsmanRequest r;
  r.action = HeaderText(header, "Action");
  if (r.action.empty()) return base::InvalidArgument("WS-Man: no Action header");
  r.resource_uri = HeaderText(header, "ResourceURI");
  if (r.resource_uri.empty()) return base::InvalidArgument("WS-Man: no ResourceURI header");
  r.to = HeaderText(header, "To");
  r.message_id = HeaderText(header, "MessageID");
  if (pugi::xml_node set = xml::FindChild(header, "SelectorSet")) {
    for (pugi::xml_node sel : set.children()) {
      if (sel.type() != pugi::node_element || xml::LocalName(sel.name()) != "Selector") continue;
      r.selectors[sel.attribute("Name").as_string()] = sel.text().as_string();
    }
  }
  if (pugi::xml_node first = xml::FirstElement(*body)) r.body = xml::ToElement(first);
  return r;
}

std::string BuildWsmanRequest(const WsmanRequest& request) {
  pugi::xml_document doc;
  pugi::xml_node header;
  pugi::xml_node body = NewEnvelope(doc, header);
  AddText(header, "a:Action", request.action);
  AddText(header, "a:To", request.to);
  AddText(header, "w:ResourceURI", request.resource_uri);
  AddText(header, "a:MessageID", request.message_id);
  AddText(header.append_child("a:ReplyTo"), "a:Address", kAnonymous);
  AddText(header, "w:OperationTimeout", "PT60S");
  if (!request.selectors.empty()) {
    pugi::xml_node set = header.append_child("w:SelectorSet");
    for (const auto& [name, value] : request.selectors) {
      pugi::xml_node sel = set.append_child("w:Selector");
      sel.append_attribute("Name") = name.c_str();
      sel.text().set(value.c_str());
    }
  }
  if (!request.body.name.empty()) xml::Append(body, request.body);
  return xml::Serialize(doc);
}

base::Result<WsmanResponse> ParseWsmanResponse(std::string_view text) {
  pugi::xml_document doc;
  auto body = xml::ParseEnvelopeBody(doc, text);
  if (!body) return body.error();
  WsmanResponse r;
  if (pugi::xml_node header = xml::FindChild(body->parent(), "Header")) {
    r.action = HeaderText(header, "Action");
    r.relates_to = HeaderText(header, "RelatesTo");
  }
  pugi::xml_node first = xml::FirstElement(*body);
  if (first && xml::LocalName(first.name()) == "Fault") {
    r.fault = true;
    pugi::xml_node subcode = xml::FindChild(xml::FindChild(xml::FindChild(first, "Code"), "Subcode"), "Value");
    r.fault_subcode = std::string(xml::LocalName(subcode.text().as_string()));
    r.fault_reason = xml::FindChild(xml::FindChild(first, "Reason"), "Text").text().as_string();
    return r;
  }
  if (first) r.body = xml::ToElement(first);
  return r;
}

std::string BuildWsmanResponse(std::string_view action, std::string_view relates_to, std::string_view message_id,
                               const Element& body_element) {
  pugi::xml_document doc;
  pugi::xml_node header;
  pugi::xml_node body = NewEnvelope(doc, header);
  AddReplyHeaders(header, action, relates_to, message_id);
  if (!body_element.name.empty()) xml::Append(body, body_element);
  return xml::Serialize(doc);
}

std::string BuildWsmanFault(std::string_view relates_to, std::string_view message_id, std::string_view subcode,
                            std::string_view reason) {
  pugi::xml_document doc;
  pugi::xml_node header;
  pugi::xml_node body = NewEnvelope(doc, header);
  AddReplyHeaders(header, kActionFault, relates_to, message_id);
  pugi::xml_node fault = body.append_child("s:Fault");
  pugi::xml_node code = fault.append_child("s:Code");
  AddText(code, "s:Value", "s:Sender");
  AddText(code.append_child("s:Subcode"), "s:Value", "w:" + std::string(subcode));
  pugi::xml_node text = fault.append_child("s:Reason").append_child("s:Text");
  text.append_attribute("xml:lang") = "en-US";
  text.text().set(std::string(reason).c_str());
  return xml::Serialize(doc);
}

std::string InvokeAction(std::string_view resource_uri, std::string_view method) {
  return fmt::format("{}/{}", resource_uri, method);
}

Element InvokeInput(std::string_view resource_uri, std::string_view method, std::vector<Element> params) {
  for (auto& p : params) p.ns = std::string(resource_uri);
  return Element{std::string(method) + "_INPUT", std::string(resource_uri), {}, std::move(params)};
}

Element InvokeOutput(std::string_view resource_uri, std::string_view method, uint32_t return_value,
                     std::vector<Element> out) {
  Element e{std::string(method) + "_OUTPUT", std::string(resource_uri), {}, {}};
  for (auto& o : out) {
    o.ns = std::string(resource_uri);
    e.children.push_back(std::move(o));
  }
  e.children.push_back(Element{"ReturnValue", std::string(resource_uri), std::to_string(return_value), {}});
  return e;
}

base::Result<uint32_t> ReturnValueOf(const Element& output) {
  auto text = output.ChildText("ReturnValue");
  if (!text) return base::InvalidArgument(fmt::format("WS-Man: {} has no ReturnValue", output.name));
  uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size()) {
    return base::InvalidArgument(fmt::format("WS-Man: ReturnValue '{}' is not a number", *text));
  }
  return v;
}

}  // namespace openscs::soap
