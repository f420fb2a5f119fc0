#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/progress.h"
#include "app/store_commands.h"
#include "fields/template.h"
#include "store/database.h"
#include "store/ingest.h"

namespace tsuzuri {

int RunIngest(const IngestCommand& cmd) {
  if (cmd.paths.empty()) {
    std::cerr << "tsuzuri ingest: give at least one file or folder\n";
    return 2;
  }
  IngestReporter::Mode mode;
  if (cmd.progress == "auto") {
    mode = IngestReporter::AutoMode(stderr);
  } else if (cmd.progress == "bar") {
    mode = IngestReporter::Mode::kBar;
  } else if (cmd.progress == "lines") {
    mode = IngestReporter::Mode::kLines;
  } else if (cmd.progress == "none") {
    mode = IngestReporter::Mode::kNone;
  } else {
    std::cerr << "tsuzuri ingest: --progress must be auto, bar, lines or none\n";
    return 2;
  }
  const std::string templates_dir =
      cmd.templates_dir.empty() ? DefaultTemplateDir() : cmd.templates_dir;
  Result<TemplateSet> templates = LoadTemplates(templates_dir);
  if (!templates.ok()) {
    std::cerr << "tsuzuri: cannot load templates: " << templates.status().message() << "\n";
    return 2;
  }
  Result<std::unique_ptr<Database>> db = Database::Open(cmd.db);
  if (!db.ok()) {
    std::cerr << "tsuzuri: " << db.status().message() << "\n";
    return 1;
  }

  nlohmann::ordered_json arguments;
  arguments["command"] = "ingest";
  arguments["paths"] = cmd.paths;
  arguments["force"] = cmd.force;
  arguments["templates"] = templates_dir;
  IngestOptions options;
  options.force = cmd.force;
  options.arguments = arguments.dump();

  IngestReporter reporter(stderr, mode);
  IngestProgress progress;
  progress.on_start = [&](int i, int n, const std::string& path) { reporter.OnStart(i, n, path); };
  progress.on_done = [&](const FileEvent& e) { reporter.OnDone(e); };
  Result<IngestResult> result =
      Ingest(**db, cmd.paths, PipelineProcessor(*templates, cmd.extract), options, progress);
  reporter.Finish();
  if (!result.ok()) {
    std::cerr << "tsuzuri: ingest stopped: " << result.status().message() << "\n";
    return 1;
  }
  std::cout << SummaryLine(result->counts, cmd.db) << "\n";
  return result->counts.failed > 0 ? 1 : 0;
}

}  // namespace tsuzuri
