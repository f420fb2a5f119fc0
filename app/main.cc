// tsuzuri: Japanese report forms (PDFs and scans) into validated, traceable records.
// This file only parses the command line (CLI11) and hands over to app/cmd_*.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/commands.h"

namespace {

constexpr const char* kDescription =
    "tsuzuri: turns Japanese government report forms (PDFs with a text layer, or scans) into\n"
    "validated, traceable records.\n"
    "\n"
    "Exit status: 0 when every file went through, 1 when some file failed (the others are still\n"
    "processed; each failure is one line on stderr), 2 on a usage error.\n";

void AddExtractOptions(CLI::App* sub, tsuzuri::ExtractOptions* o) {
  sub->add_option("--jobs,-j", o->jobs, "Worker threads per document (default: number of cores)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--ruling-dpi", o->source.ruling_dpi,
                  "Resolution of the render used to find table rulings")
      ->default_val(o->source.ruling_dpi)
      ->check(CLI::Range(36.0, 600.0));
  sub->add_option("--max-pages", o->max_pages, "Refuse documents with more pages")
      ->default_val(o->max_pages)
      ->check(CLI::PositiveNumber);
  // Scans (docs/ocr.md).
  sub->add_flag("--ocr,!--no-ocr", o->source.ocr.enabled,
                "Read images, and PDF pages without a usable text layer, by OCR (default: on)");
  sub->add_option("--max-pixels", o->source.ocr.max_pixels,
                  "Refuse a page image with more pixels (as stored or rendered for OCR)")
      ->default_val(o->source.ocr.max_pixels)
      ->check(CLI::PositiveNumber);
  sub->add_option("--ocr-timeout", o->time_limit_seconds,
                  "Give up on a document after this many seconds (0: no limit)")
      ->default_val(o->time_limit_seconds)
      ->check(CLI::NonNegativeNumber);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "tsuzuri"};
  app.set_version_flag("--version", "tsuzuri 0.1.0");
  app.require_subcommand(1);
  app.footer("Run 'tsuzuri COMMAND --help' for a command's options. See README.md and docs/.");

  tsuzuri::PagesCommand pages;
  CLI::App* pages_cmd = app.add_subcommand(
      "pages",
      "Print the page model of each FILE as JSON (one object per line): pages, words with boxes\n"
      "(points, top-left origin), tables with cells (row, column, spans, raw and normalized\n"
      "text), and text lines outside tables. For template authors and debugging.");
  pages_cmd->add_option("FILE", pages.files, "PDF files")->required();
  pages_cmd->add_flag("!--no-words", pages.words, "Leave out the list of words");
  pages_cmd->add_flag("--glyphs", pages.glyphs, "Include a box for every glyph of every word");
  pages_cmd->add_flag("--pretty", pages.pretty, "Indent the JSON");
  AddExtractOptions(pages_cmd, &pages.extract);

  tsuzuri::ExtractCommand extract;
  CLI::App* extract_cmd = app.add_subcommand(
      "extract",
      "Read each FILE as a report form and print its record: the form and its year, the\n"
      "initiatives, every value of the effect tables with its page, and the findings of the\n"
      "validation rules (values to review). A document that is not a known form is not an error:\n"
      "its record says form null.");
  extract_cmd->add_option("FILE", extract.files, "PDF files")->required();
  extract_cmd->add_flag("--json", extract.json,
                        "One JSON object per file and line (the output contract, docs/output.md)");
  extract_cmd->add_flag("--pretty", extract.pretty, "Indent the JSON (with --json)");
  extract_cmd->add_option("--templates", extract.templates_dir,
                          "Folder of form templates (default: $TSUZURI_TEMPLATES, else the\n"
                          "installed or source templates/)");
  AddExtractOptions(extract_cmd, &extract.extract);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*pages_cmd) return tsuzuri::RunPages(pages);
  if (*extract_cmd) return tsuzuri::RunExtract(extract);
  return 2;
}
