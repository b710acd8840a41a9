#include "cli/password_input.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

namespace openscs::cli {
namespace {

// Turns the terminal's echo off for its lifetime, and back on whatever
// happens in between.
class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;
  ~NoEcho() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }

 private:
  termios saved_{};
  bool active_ = false;
};

bool ReadLine(std::string& line) {
  if (!std::getline(std::cin, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

base::Result<std::string> Prompt(std::string_view user, Context& context) {
  std::string first;
  std::string second;
  {
    NoEcho no_echo;
    context.err << fmt::format("new password for '{}': ", user) << std::flush;
    const bool got_first = ReadLine(first);
    context.err << '\n' << "again: " << std::flush;
    const bool got_second = got_first && ReadLine(second);
    context.err << '\n' << std::flush;
    if (!got_second) return base::InvalidArgument("no password typed (end of input)");
  }
  if (first != second) return base::InvalidArgument("the two passwords typed differ; nothing was changed");
  return first;
}

}  // namespace

base::Result<std::string> ReadNewPassword(bool from_stdin, std::string_view user, Context& context) {
  if (from_stdin) {
    std::string line;
    if (!ReadLine(line)) return base::InvalidArgument("--password-stdin: standard input has no line to read");
    return line;
  }
  if (const char* env = std::getenv(kPasswordEnvironmentVariable); env != nullptr) return std::string(env);
  if (isatty(STDIN_FILENO) == 1) return Prompt(user, context);
  return base::InvalidArgument(
      fmt::format("no password given: use --password-stdin, set {}, or run the command on a terminal to be asked",
                  kPasswordEnvironmentVariable));
}

}  // namespace openscs::cli
