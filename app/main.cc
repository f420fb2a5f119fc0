// tsuzuri: Japanese report forms (PDFs and scans) into validated, traceable records.
// This file only parses the command line (CLI11) and hands over to app/cmd_*.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "app/commands.h"
#include "app/review_command.h"
#include "app/store_commands.h"

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
  sub->add_option("--rulings", o->source.rulings,
                  "Where a text PDF's table rulings come from: vector (the page's own drawing;\n"
                  "a render only for pages that draw no table but an image) or render (always\n"
                  "a greyscale render, slower)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, tsuzuri::PageSourceOptions::Rulings>{
              {"vector", tsuzuri::PageSourceOptions::Rulings::kVector},
              {"render", tsuzuri::PageSourceOptions::Rulings::kRender}},
          CLI::ignore_case))
      ->default_str("vector");
  sub->add_option("--ruling-dpi", o->source.ruling_dpi,
                  "Resolution of the render used to find table rulings (when rendering)")
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
  pages_cmd->add_option("FILE", pages.files, "PDF files or images (PNG, JPEG, TIFF)")->required();
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
      "its record says form null. An e-mail (.eml) gives one record per attached document, with\n"
      "its message in source.message (docs/mail.md); none when it has no document.");
  extract_cmd->add_option("FILE", extract.files,
                          "PDF files, images (PNG, JPEG, TIFF) or e-mail messages (.eml)")
      ->required();
  extract_cmd->add_flag("--json", extract.json,
                        "One JSON object per file and line (the output contract, docs/output.md)");
  extract_cmd->add_flag("--pretty", extract.pretty, "Indent the JSON (with --json)");
  extract_cmd->add_option("--templates", extract.templates_dir,
                          "Folder of form templates (default: $TSUZURI_TEMPLATES, else the\n"
                          "installed or source templates/)");
  AddExtractOptions(extract_cmd, &extract.extract);

  // ---- store subcommands: ingest, status, search, export (app/store_commands.h) ----
  tsuzuri::IngestCommand ingest;
  CLI::App* ingest_cmd = app.add_subcommand(
      "ingest",
      "Load PDFs and scanned images into the SQLite database (schema: docs/schema.md). PATH may\n"
      "be files or folders (searched recursively; a file's kind comes from its bytes, not its\n"
      "name; other files in folders are ignored). Each content is loaded once: a file whose\n"
      "SHA-256 is already loaded is skipped, a copy under another name is recorded as a second\n"
      "name. Each document is one transaction; a file that fails is recorded with its reason,\n"
      "the others go on, and it is tried again by the next ingest. Progress goes to stderr (a\n"
      "bar on a terminal, a line per file otherwise), the summary line to stdout.\n"
      "E-mail: .eml files and Maildirs (a folder with cur/ new/ tmp/) are read too: each\n"
      "attached PDF or image is a document with its message as source, each message is read once\n"
      "(recorded even without a document), a Maildir message moves from new/ to cur/ once\n"
      "committed, and a Maildir is locked against a second run (docs/mail.md).\n"
      "Exit status: 0 nothing failed, 1 some file failed, 2 usage error.");
  ingest_cmd->add_option("PATH", ingest.paths, "Files, folders and Maildirs to load")->required();
  ingest_cmd->add_option("--db", ingest.db, "The database file; created when missing")
      ->default_val(ingest.db);
  ingest_cmd->add_flag("--force", ingest.force,
                       "Re-extract documents that are already loaded and replace their rows\n"
                       "(same document id; a failed re-extraction keeps the old rows)");
  ingest_cmd->add_option("--templates", ingest.templates_dir,
                         "Folder of form templates (default: $TSUZURI_TEMPLATES, else the\n"
                         "installed or source templates/)");
  ingest_cmd
      ->add_option("--progress", ingest.progress,
                   "auto: a bar on a terminal, a line per file otherwise; bar; lines; none\n"
                   "(failures are always reported)")
      ->default_val(ingest.progress)
      ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));
  AddExtractOptions(ingest_cmd, &ingest.extract);

  tsuzuri::StatusCommand status;
  CLI::App* status_cmd = app.add_subcommand(
      "status",
      "Summarize the database: documents by form, fiscal year and status, open findings by\n"
      "rule, failed documents with their reasons, and the latest ingest runs. Read-only.");
  status_cmd->add_option("--db", status.db, "The database file")->default_val(status.db);
  status_cmd->add_option("--runs", status.runs, "How many recent runs to list")
      ->default_val(status.runs)
      ->check(CLI::NonNegativeNumber);

  tsuzuri::SearchCommand search;
  CLI::App* search_cmd = app.add_subcommand(
      "search",
      "List the pages and initiatives whose normalized text contains every WORD (a substring\n"
      "match: no word splitting needed for Japanese). One line per match: file, fiscal year,\n"
      "group, page or initiative, and the text around the match. Read-only.");
  search_cmd->add_option("WORD", search.words, "Words that must all occur")->required();
  search_cmd->add_option("--db", search.db, "The database file")->default_val(search.db);
  search_cmd->add_option("--limit", search.limit, "Show at most this many matches")
      ->default_val(search.limit)
      ->check(CLI::PositiveNumber);

  tsuzuri::ExportCommand export_table;
  CLI::App* export_cmd = app.add_subcommand(
      "export",
      "Write the database as a dataset for analysts (docs/datasets.md): the values, one per row\n"
      "with their document, year (Western and era), group, table, institution, period, metric,\n"
      "unit, status and source (page, box, text as printed); group_years (a group's totals by\n"
      "year and the change from the year before); findings; documents; and a codebook made\n"
      "from the form templates. Formats: csv (UTF-8, LF: pandas, R, DuckDB), csv-excel (UTF-8\n"
      "with BOM, CRLF: opens right in Excel), jsonl, xlsx (a sheet per table of the form, the\n"
      "values as an Excel table, values to review highlighted with their finding as a comment),\n"
      "datapackage (a folder of CSVs and a Frictionless datapackage.json). csv, csv-excel and\n"
      "jsonl write one table (--table, default values) to stdout or --out. Read-only; --out is\n"
      "written whole or not at all. Exit status: 0 written, 1 the database or the file failed\n"
      "(e.g. a character CP932 cannot hold), 2 usage error.");
  export_cmd->add_option("--db", export_table.db, "The database file")
      ->default_val(export_table.db);
  export_cmd
      ->add_option("--format,-f", export_table.format,
                   "csv, csv-excel, jsonl, xlsx or datapackage")
      ->default_val(export_table.format);
  export_cmd
      ->add_option("--table", export_table.table,
                   "For csv, csv-excel, jsonl: values, group_years, findings, documents or\n"
                   "codebook; or a table or view of the database (docs/schema.md: measures,\n"
                   "measure_values, effective_values, group_totals, reviews, ...), written as\n"
                   "stored, without filters")
      ->default_val(export_table.table);
  export_cmd->add_option("--out,-o", export_table.out,
                         "Write to this file (xlsx: required), or this folder (datapackage:\n"
                         "required); default: stdout");
  export_cmd
      ->add_option("--encoding", export_table.encoding,
                   "utf-8, or cp932 for csv, csv-excel and datapackage (fails, naming the row\n"
                   "and character, on a character CP932 cannot hold)")
      ->default_val(export_table.encoding);
  export_cmd->add_option("--year", export_table.years,
                         "Only these fiscal years (Western: 2022 for 令和4年度); repeatable");
  export_cmd->add_option("--form", export_table.forms,
                         "Only documents of this form (e.g. grouping-report); repeatable");
  export_cmd->add_option("--group", export_table.groups,
                         "Only documents of this group name, as stored; repeatable");
  export_cmd
      ->add_option("--status", export_table.status,
                   "all: every value, those to review marked (default); ok: only values with\n"
                   "status ok")
      ->default_val(export_table.status);
  export_cmd->add_option("--templates", export_table.templates_dir,
                         "Folder of form templates for the codebook (default: $TSUZURI_TEMPLATES,\n"
                         "else the installed or source templates/)");
  export_cmd->add_flag("--bom", export_table.bom,
                       "With a database table: start with a UTF-8 byte order mark");
  export_cmd->add_flag("--crlf", export_table.crlf, "With a database table: end lines with CR LF");
  // ---- end of store subcommands ----

  // ---- review (app/review_command.h, docs/review.md) ----
  tsuzuri::ReviewCommand review;
  CLI::App* review_cmd = app.add_subcommand(
      "review",
      "Settle the values that need a person. Without an action: a local web page (printed\n"
      "address, with its access token) showing each flagged value on its page image, keyboard\n"
      "first: Enter confirms, typing a number corrects, P marks 'as printed', U unreadable.\n"
      "With an action, the same for scripts. Settlements are an append-only layer (table\n"
      "reviews): nothing read is overwritten, and they survive 'ingest --force'. After each save\n"
      "the form's rules run again on the values as settled. Exit status: 0 done, 1 database\n"
      "error or a stale save (someone settled the value meanwhile), 2 usage error.");
  review_cmd->fallthrough();
  review_cmd->add_option("--db", review.db, "The database file")->default_val(review.db);
  review_cmd->add_option("--user", review.user, "Reviewer name (default: the OS user)");
  review_cmd->add_option("--templates", review.templates_dir,
                         "Folder of form templates (default: $TSUZURI_TEMPLATES, else the\n"
                         "installed or source templates/)");
  review_cmd->add_option("--port", review.port, "Port of the page (0: any free port)")
      ->default_val(review.port)
      ->check(CLI::Range(0, 65535));
  review_cmd->add_option("--listen", review.listen,
                         "Address to listen on. The default 127.0.0.1 lets only this machine in;\n"
                         "another address (e.g. 0.0.0.0 on a shared machine) lets anyone who\n"
                         "can reach it and has the printed address (its token) settle values,\n"
                         "over plain HTTP (docs/review.md)")
      ->default_val(review.listen);
  auto add_id = [&](CLI::App* sub) {
    sub->add_option("ID", review.id, "Item id, as 'review list' shows it")->required();
    sub->add_option("--expect-version", review.expect_version,
                    "Refuse the save when the value was settled since this version\n"
                    "('review show' prints it)");
    sub->add_flag("--json", review.json, "Print the outcome as JSON");
  };
  CLI::App* review_list = review_cmd->add_subcommand(
      "list", "List the items to review, one a line (id, file, page, value, first finding)");
  review_list->add_flag("--json", review.json, "One JSON object per item and line");
  review_list->add_option("--form", review.form, "Only this form");
  review_list->add_option("--year", review.year, "Only this fiscal year");
  review_list->add_option("--group", review.group, "Only this group");
  review_list->add_option("--section", review.section, "Only this section");
  review_list->add_option("--rule", review.rule, "Only items with a finding of this rule");
  review_list->add_option("--document", review.document, "Only this document id");
  CLI::App* review_show = review_cmd->add_subcommand("show", "Show one item: value, readings, findings, history");
  review_show->add_option("ID", review.id, "Item id")->required();
  review_show->add_flag("--json", review.json, "As JSON");
  CLI::App* review_set = review_cmd->add_subcommand("set", "Correct a value (or enter one not read)");
  add_id(review_set);
  review_set->add_option("--value", review.value, "The right value")->required();
  review_set->add_option("--note", review.note, "Why");
  CLI::App* review_confirm = review_cmd->add_subcommand("confirm", "Confirm a value as it stands");
  add_id(review_confirm);
  review_confirm->add_option("--note", review.note, "Why");
  CLI::App* review_printed = review_cmd->add_subcommand(
      "as-printed", "The document itself is inconsistent: keep the value as printed");
  add_id(review_printed);
  review_printed->add_option("--note", review.note, "How the document is inconsistent")
      ->required();
  review_printed->add_option("--value", review.value, "The value as printed (default: as read)");
  CLI::App* review_unreadable =
      review_cmd->add_subcommand("unreadable", "The page does not show the value: it is none");
  add_id(review_unreadable);
  review_unreadable->add_option("--note", review.note, "Why");
  for (CLI::App* sub : {review_list, review_show, review_set, review_confirm, review_printed,
                        review_unreadable}) {
    sub->fallthrough();
  }
  // ---- end of review ----

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*pages_cmd) return tsuzuri::RunPages(pages);
  if (*extract_cmd) return tsuzuri::RunExtract(extract);
  if (*ingest_cmd) return tsuzuri::RunIngest(ingest);
  if (*status_cmd) return tsuzuri::RunStatus(status);
  if (*search_cmd) return tsuzuri::RunSearch(search);
  if (*export_cmd) return tsuzuri::RunExport(export_table);
  if (*review_cmd) {
    for (CLI::App* sub : review_cmd->get_subcommands()) review.action = sub->get_name();
    return tsuzuri::RunReview(review);
  }
  return 2;
}
