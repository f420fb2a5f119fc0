// The Processor that runs the real pipeline. Kept in its own file so that code using Ingest with
// another Processor (the store's tests) does not need the pipeline linked in.
#include "fields/pipeline.h"
#include "store/ingest.h"

namespace tsuzuri {

Processor PipelineProcessor(const TemplateSet& templates, const ExtractOptions& options) {
  return [&templates, options](const std::string& path, const FileInfo& info) {
    return ProcessFile(path, templates, options, &info);
  };
}

}  // namespace tsuzuri
