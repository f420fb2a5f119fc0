// The review page's static files: its one script and its style sheet, served from memory (no
// build step, nothing to install beside the executable).
// Thread safety: constant data.
#ifndef TSUZURI_REVIEW_ASSETS_H_
#define TSUZURI_REVIEW_ASSETS_H_

namespace tsuzuri {

extern const char* const kReviewScript;  // /static/review.js
extern const char* const kReviewStyle;   // /static/review.css

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_ASSETS_H_
