#!/usr/bin/env python3
"""Writes a scripted-server script whose one answer is Markdown of about N token-like pieces
(headings, paragraphs with inline markup, lists, fenced code, tables), streamed at a given rate.
  make_markdown_answer.py TOKENS RATE OUT.json"""
import json
import re
import sys

PIECE = re.compile(r"\s*[\w]+|\s*[^\s\w]|\s+", re.UNICODE)  # as tests/support/scripted_server.py cuts text

SECTION = """## Section {n}

The **parser** reads each `token` as it arrives and keeps *only* the open block live; see [the notes](https://example.com/notes/{n}) for details.
Finished blocks are committed once, so the cost per token stays small even for long answers.

- first point about `render_block` and wrapping
- second point, with **bold** and _emphasis_
  - a nested item
1. an ordered step
2. another step

```cpp
// section {n}
int compute(int x) {{
  std::vector<int> values = {{1, 2, 3}};
  return x * 2 + values.size();  // a comment
}}
```

| name | kind | notes |
|------|:----:|------:|
| alpha | {n} | the first row |
| beta | two | with `code` |

"""


def main():
    tokens, rate, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    text, n = "# A long answer\n\n", 0
    while len(PIECE.findall(text)) < tokens:
        n += 1
        text += SECTION.format(n=n)
    text += "THE-END\n"
    json.dump({"responses": [{"text": text, "tokens_per_second": rate}] * 50}, open(out, "w"))
    print(len(PIECE.findall(text)))


main()
