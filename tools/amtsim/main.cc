#include <iostream>

#include "simcli/app.h"

int main(int argc, char** argv) {
  return openscs::simcli::Run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
