#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  openscs::cli::Context context{std::cout, std::cerr, openscs::base::SystemRandom()};
  return openscs::cli::Run(std::vector<std::string>(argv + 1, argv + argc), context);
}
