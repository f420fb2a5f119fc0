#include "normalize/pattern.h"

#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <utility>

#include "normalize/icu_status.h"

namespace tsuzuri {
namespace {

const Capture& Unmatched() {
  static const Capture* const unmatched = new Capture();
  return *unmatched;
}

// Text handed to ICU: UTF-16, and the byte offset in the UTF-8 original of every UTF-16 index
// (one entry more than there are units, for the end).
struct Utf16Text {
  icu::UnicodeString units;
  std::vector<size_t> byte_offset;
};

Utf16Text ToUtf16(std::string_view text) {
  Utf16Text out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const size_t length = text.size();
  out.byte_offset.reserve(length + 1);
  for (size_t i = 0; i < length;) {
    const size_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) c = 0xFFFD;
    out.units.append(c);
    out.byte_offset.insert(out.byte_offset.end(), U16_LENGTH(c), start);
  }
  out.byte_offset.push_back(length);
  return out;
}

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// ICU counts UTF-16 units; it is enough for a message, which also quotes the context.
std::string DescribeParseError(const UParseError& pe) {
  std::string out = " at line " + std::to_string(pe.line) + ", offset " + std::to_string(pe.offset);
  const std::string before = ToUtf8(icu::UnicodeString(pe.preContext));
  const std::string after = ToUtf8(icu::UnicodeString(pe.postContext));
  if (!before.empty() || !after.empty()) out += " (near \"" + before + "<here>" + after + "\")";
  return out;
}

}  // namespace

class PatternImpl {
 public:
  PatternImpl(std::string source, std::unique_ptr<icu::RegexPattern> pattern)
      : source_(std::move(source)), pattern_(std::move(pattern)) {}

  const std::string& source() const { return source_; }
  // A RegexPattern is immutable once compiled and ICU allows sharing it between threads; every
  // search makes its own RegexMatcher.
  const icu::RegexPattern& pattern() const { return *pattern_; }

  // A matcher over t.units (which must outlive it); null when ICU cannot make one.
  std::unique_ptr<icu::RegexMatcher> Matcher(const Utf16Text& t) const {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> matcher(pattern_->matcher(t.units, status));
    if (U_FAILURE(status)) return nullptr;
    return matcher;
  }

  // Copies the groups of the matcher's current match into *m.
  static void Fill(const icu::RegexMatcher& matcher, std::string_view text, const Utf16Text& t,
                   const std::shared_ptr<const PatternImpl>& impl, Match* m) {
    m->pattern_ = impl;
    m->groups_.assign(matcher.groupCount() + 1, Capture());
    for (int32_t g = 0; g <= matcher.groupCount(); ++g) {
      UErrorCode status = U_ZERO_ERROR;
      const int32_t start = matcher.start(g, status);
      const int32_t end = matcher.end(g, status);
      if (U_FAILURE(status) || start < 0 || end < start) continue;  // took no part
      Capture& c = m->groups_[g];
      c.matched = true;
      c.begin = t.byte_offset[start];
      c.end = t.byte_offset[end];
      c.text.assign(text.substr(c.begin, c.end - c.begin));
    }
  }

 private:
  std::string source_;
  std::unique_ptr<icu::RegexPattern> pattern_;
};

const Capture& Match::group(int i) const {
  if (i < 0 || static_cast<size_t>(i) >= groups_.size()) return Unmatched();
  return groups_[i];
}

const Capture& Match::group(std::string_view name) const {
  if (pattern_ == nullptr) return Unmatched();
  UErrorCode status = U_ZERO_ERROR;
  const int32_t number = pattern_->pattern().groupNumberFromName(FromUtf8(name), status);
  if (U_FAILURE(status)) return Unmatched();
  return group(number);
}

Result<Pattern> Pattern::Compile(std::string_view utf8_regex) {
  if (utf8_regex.size() > INT32_MAX / 2) return Status::InvalidArgument("regex too long");
  UParseError pe{};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(FromUtf8(utf8_regex), 0, pe, status));
  if (U_FAILURE(status)) {
    return IcuError("regex \"" + std::string(utf8_regex) + "\"" + DescribeParseError(pe), status);
  }
  return Pattern(std::make_shared<const PatternImpl>(std::string(utf8_regex), std::move(compiled)));
}

const std::string& Pattern::source() const {
  static const std::string* const kEmpty = new std::string();
  return impl_ != nullptr ? impl_->source() : *kEmpty;  // empty after a move
}

bool Pattern::Search(std::string_view text, Match* m) const {
  if (impl_ == nullptr || text.size() > INT32_MAX / 2) return false;
  const Utf16Text t = ToUtf16(text);
  std::unique_ptr<icu::RegexMatcher> matcher = impl_->Matcher(t);
  if (matcher == nullptr) return false;
  UErrorCode status = U_ZERO_ERROR;
  if (!matcher->find(status) || U_FAILURE(status)) return false;
  if (m != nullptr) PatternImpl::Fill(*matcher, text, t, impl_, m);
  return true;
}

std::vector<Match> Pattern::SearchAll(std::string_view text) const {
  std::vector<Match> matches;
  if (impl_ == nullptr || text.size() > INT32_MAX / 2) return matches;
  const Utf16Text t = ToUtf16(text);
  std::unique_ptr<icu::RegexMatcher> matcher = impl_->Matcher(t);
  if (matcher == nullptr) return matches;
  UErrorCode status = U_ZERO_ERROR;
  // find() steps past empty matches itself.
  while (matcher->find(status) && U_SUCCESS(status)) {
    PatternImpl::Fill(*matcher, text, t, impl_, &matches.emplace_back());
  }
  return matches;
}

bool Pattern::FullMatch(std::string_view text, Match* m) const {
  if (impl_ == nullptr || text.size() > INT32_MAX / 2) return false;
  const Utf16Text t = ToUtf16(text);
  std::unique_ptr<icu::RegexMatcher> matcher = impl_->Matcher(t);
  if (matcher == nullptr) return false;
  UErrorCode status = U_ZERO_ERROR;
  if (!matcher->matches(status) || U_FAILURE(status)) return false;
  if (m != nullptr) PatternImpl::Fill(*matcher, text, t, impl_, m);
  return true;
}

bool FuzzyContains(std::string_view text, std::string_view label, int max_edits) {
  if (max_edits < 0) return false;
  auto decode = [](std::string_view s) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const size_t length = s.size();
    std::vector<UChar32> cps;
    cps.reserve(length);
    for (size_t i = 0; i < length;) {
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      cps.push_back(c < 0 ? 0xFFFD : c);
    }
    return cps;
  };
  const std::vector<UChar32> l = decode(label);
  const size_t k = static_cast<size_t>(max_edits);
  if (l.size() <= k) return true;  // deleting the whole label is within budget
  // Sellers' algorithm: edit distance where the label may start anywhere in the text for free.
  // dist[i] = fewest edits turning label[0..i) into a substring ending at the current position.
  std::vector<size_t> dist(l.size() + 1), next(l.size() + 1);
  for (size_t i = 0; i <= l.size(); ++i) dist[i] = i;
  for (UChar32 c : decode(text)) {
    next[0] = 0;
    for (size_t i = 1; i <= l.size(); ++i) {
      next[i] = std::min({dist[i - 1] + (l[i - 1] == c ? 0 : 1), dist[i] + 1, next[i - 1] + 1});
    }
    if (next[l.size()] <= k) return true;
    std::swap(dist, next);
  }
  return false;
}

}  // namespace tsuzuri
