// SHA-256 through OpenSSL's EVP interface (the low-level SHA256_* calls are deprecated in
// OpenSSL 3). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ics::store {

// Lower-case hexadecimal SHA-256 of `bytes` (64 characters).
std::string Sha256Hex(std::string_view bytes);

}  // namespace ics::store
