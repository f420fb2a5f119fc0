#include "extract/file_info.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace tsuzuri {
namespace {

TEST(FileInfo, KindComesFromTheBytes) {
  struct Case {
    std::string head;
    FileKind kind;
  } cases[] = {
      {"%PDF-1.7\n", FileKind::kPdf},
      {std::string("\0\0junk%PDF-1.4", 13), FileKind::kPdf},
      {"\x89PNG\r\n\x1a\n....", FileKind::kPng},
      {"\xFF\xD8\xFF\xE0", FileKind::kJpeg},
      {std::string("II*\0", 4), FileKind::kTiff},
      {std::string("MM\0*", 4), FileKind::kTiff},
      {"PK\x03\x04 a zip", FileKind::kUnknown},
      {"", FileKind::kUnknown},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SniffKind(c.head), c.kind) << "case: " << c.head;
  }
}

TEST(FileInfo, BytesInMemoryAreHashedAndSniffedAsAFileWouldBe) {
  // SHA-256("abc") and SHA-256(""), FIPS 180-2 appendix B.1 and the FIPS 180-4 examples.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  FileInfo info = InspectBytes("%PDF-1.4\nrest");
  EXPECT_EQ(info.kind, FileKind::kPdf);
  EXPECT_EQ(info.size, 13);
  EXPECT_EQ(InspectBytes("").kind, FileKind::kUnknown);
}

TEST(FileInfo, HashesTheWholeFile) {
  const std::string path = testing::TempDir() + "tsuzuri_hash_test.txt";
  std::ofstream(path) << "abc";
  Result<FileInfo> info = InspectFile(path);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, 3);
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(info->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::remove(path.c_str());
}

TEST(FileInfo, MissingFileIsNotFound) {
  Result<FileInfo> info = InspectFile("no/such/file.pdf");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Status::Code::kNotFound);
  EXPECT_NE(info.status().message().find("no/such/file.pdf"), std::string::npos);
}

}  // namespace
}  // namespace tsuzuri
