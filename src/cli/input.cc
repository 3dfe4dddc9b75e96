#include "cli/input.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

namespace ics::cli {

Result<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  std::string limit = std::to_string(max_bytes >> 20) + " MiB";
  if (path == "-") {
    std::string text;
    char buf[1 << 16];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      text.append(buf, static_cast<size_t>(std::cin.gcount()));
      if (text.size() > max_bytes)
        return ResourceExhausted("standard input is larger than the " + limit + " limit", "<stdin>");
    }
    return text;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return NotFound(std::string("cannot open: ") + std::strerror(errno) + " (check the path)", path);
  }
  if (S_ISDIR(st.st_mode)) return InvalidArgument("is a directory; give the definition's .yaml file", path);
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    return ResourceExhausted("the file is " + std::to_string(st.st_size >> 20) + " MiB; the limit is " + limit +
                                 " (raise it with --max-size if this is really a definition)",
                             path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(std::string("cannot read: ") + std::strerror(errno), path);
  std::string text(static_cast<size_t>(st.st_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

bool StdoutWantsColour() {
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(no_colour && *no_colour) && !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace ics::cli
