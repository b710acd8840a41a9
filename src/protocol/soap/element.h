#pragma once

// A small XML element tree, namespace-aware by local name, used for SOAP and
// WS-Management bodies so that callers never touch the XML library.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openscs::soap {

struct Element {
  std::string name;  // local name (no prefix)
  std::string ns;    // namespace URI ("" if none)
  std::string text;  // character data of a leaf
  std::vector<Element> children;

  // First child with local name `local`, or nullptr.
  const Element* Child(std::string_view local) const;
  // Text of the first child named `local`, or nullopt.
  std::optional<std::string> ChildText(std::string_view local) const;
  // All children named `local`.
  std::vector<const Element*> Children(std::string_view local) const;
};

inline Element Leaf(std::string name, std::string text) { return Element{std::move(name), {}, std::move(text), {}}; }

}  // namespace openscs::soap
