#include "base/status.h"

#include <gtest/gtest.h>

namespace ics {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd number", "input:1:1");
  return n / 2;
}

Status QuarterInto(int n, int* out) {
  ICS_ASSIGN_OR_RETURN(int half, Half(n));
  ICS_ASSIGN_OR_RETURN(*out, Half(half));
  return Status::Ok();
}

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, CarriesCodeMessageAndWhere) {
  Status s = InvalidArgument("unknown key", "a.yaml:3:5");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(StatusCodeName(s.code()), "invalid_argument");
  EXPECT_EQ(s.ToString(), "a.yaml:3:5: unknown key");
}

TEST(Result, PropagatesErrorsThroughMacros) {
  int out = 0;
  EXPECT_TRUE(QuarterInto(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = QuarterInto(6, &out);  // 6 -> 3 -> odd
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.where(), "input:1:1");
}

}  // namespace
}  // namespace ics
