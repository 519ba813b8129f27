#include "tools/builtin_tools.h"

#include <memory>

#include "tools/bash.h"
#include "tools/edit_file.h"
#include "tools/list_files.h"
#include "tools/read_file.h"
#include "tools/search_files.h"
#include "tools/write_file.h"

namespace pair {

void add_builtin_tools(ToolRegistry& registry) {
  registry.add(std::make_unique<ReadFileTool>());
  registry.add(std::make_unique<WriteFileTool>());
  registry.add(std::make_unique<EditFileTool>());
  registry.add(std::make_unique<BashTool>());
  registry.add(std::make_unique<ListFilesTool>());
  registry.add(std::make_unique<SearchFilesTool>());
}

}  // namespace pair
