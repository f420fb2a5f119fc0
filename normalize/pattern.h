// Regular expressions for the stages that may not include ICU: a compiled ICU regex (Perl-like
// syntax, full Unicode, named groups (?<name>...)) matched against UTF-8, with results as UTF-8
// strings and byte offsets into the searched text. Also FuzzyContains, for labels that OCR garbles.
//
// A Pattern is an immutable handle to the compiled expression: copies share it, and one Pattern
// may be used from many threads at once (each search makes its own matcher); a moved-from Pattern
// matches nothing. A Match owns copies of its strings and may outlive the Pattern and the text.
#ifndef TSUZURI_NORMALIZE_PATTERN_H_
#define TSUZURI_NORMALIZE_PATTERN_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tsuzuri {

class PatternImpl;  // the compiled ICU pattern, defined in pattern.cc

// One capture group of a match. A group that took no part in the match has matched == false,
// empty text and begin == end == npos.
struct Capture {
  static constexpr size_t npos = std::string_view::npos;
  bool matched = false;
  std::string text;     // the bytes of the searched text from begin to end
  size_t begin = npos;  // byte offsets in the searched text
  size_t end = npos;
};

class Match {
 public:
  // The whole match (group 0).
  const Capture& whole() const { return group(0); }
  // Group i: 0 is the whole match, 1..group_count() the groups in order of their opening
  // parenthesis (named ones included). Out of range: an unmatched Capture.
  const Capture& group(int i) const;
  // The group (?<name>...); an unmatched Capture if the pattern has no group of that name.
  const Capture& group(std::string_view name) const;
  // Number of capture groups, not counting group 0.
  int group_count() const { return groups_.empty() ? 0 : static_cast<int>(groups_.size()) - 1; }

 private:
  friend class PatternImpl;  // fills in the groups
  std::vector<Capture> groups_;
  std::shared_ptr<const PatternImpl> pattern_;  // to resolve group names
};

class Pattern {
 public:
  // Compiles an ICU regular expression given in UTF-8. On a bad expression: InvalidArgument
  // naming ICU's error and where it is ("U_REGEX_MISMATCHED_PAREN at line 1, offset 4").
  static Result<Pattern> Compile(std::string_view utf8_regex);

  // Whether the pattern occurs in `text`; fills *m (if not null) with the leftmost match.
  // Ill-formed UTF-8 in `text` is read as U+FFFD. A search that ICU abandons (its backtracking
  // stack limit) counts as no match.
  bool Search(std::string_view text, Match* m) const;
  // Every non-overlapping match, left to right.
  std::vector<Match> SearchAll(std::string_view text) const;
  // Whether the whole of `text` matches; fills *m (if not null).
  bool FullMatch(std::string_view text, Match* m) const;

  // The expression as given to Compile.
  const std::string& source() const;

 private:
  explicit Pattern(std::shared_ptr<const PatternImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const PatternImpl> impl_;
};

// Whether `text` contains `label` with at most `max_edits` code point insertions, deletions or
// substitutions (「住診」 contains 「往診」 with 1 edit). Both should be normalized text. An empty
// label is always contained; max_edits < 0 is never satisfied. Short labels with many edits
// match almost anything: keep max_edits well below the label's length.
bool FuzzyContains(std::string_view text, std::string_view label, int max_edits);

}  // namespace tsuzuri

#endif  // TSUZURI_NORMALIZE_PATTERN_H_
