#!/usr/bin/env python3
"""README.md says what the binary does: every command and flag that `--help` lists is documented,
every flag README shows for a pair command exists there, every stream-json event type the headless
output writes is in README's event list, and every /command of the terminal UI is named.

Usage: readme_matches_help.py PAIR_BINARY SOURCE_DIR
"""
import re
import subprocess
import sys
from pathlib import Path


def help_of(binary, path):
    out = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        sys.exit(f"`pair {' '.join(path)} --help` exited {out.returncode}: {out.stderr.strip()}")
    return out.stdout


def parse_help(text):
    """(flags, subcommands) of one help page."""
    flags, subs, section = set(), [], None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Za-z ]*:\s*$", line):
            section = line.strip().rstrip(":")
            continue
        if section == "Options":
            m = re.match(r"^\s+(-\S.*?)(?:\s{2,}|$)", line)
            if m:
                for flag in re.findall(r"--[a-z][a-z0-9-]*|(?<![\w-])-[A-Za-z]\b", m.group(1)):
                    flags.add(flag)
        elif section == "Subcommands":
            m = re.match(r"^\s+([a-z][\w.-]*)\s{2,}", line)
            if m:
                subs.append(m.group(1))
    return flags, subs


def command_tree(binary):
    """{('model','fit'): {flags}, ...} for every command path, the root as ()."""
    tree, todo = {}, [()]
    while todo:
        path = todo.pop()
        flags, subs = parse_help(help_of(binary, list(path)))
        tree[path] = flags
        todo.extend(path + (s,) for s in subs)
    return tree


def readme_commands(readme):
    """Each `pair ...` command line README shows: in code blocks and in `code` spans."""
    lines = []
    in_block = False
    for line in readme.splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        if in_block:
            m = re.match(r"^\s*(?:\$\s*)?(pair(?:\s.*)?)$", line.split("#", 1)[0].rstrip())
            if m:
                lines.append(m.group(1))
        for span in re.findall(r"`(pair\s[^`]*)`", line):
            lines.append(span)
    return lines


def main():
    binary, source = sys.argv[1], Path(sys.argv[2])
    readme = (source / "README.md").read_text()
    problems = []
    tree = command_tree(binary)

    for path, flags in sorted(tree.items()):
        name = " ".join(("pair",) + path)
        if path and not re.search(re.escape(name) + r"\b", readme):
            problems.append(f"README.md does not show `{name}` (listed by `{name} --help`'s parent)")
        for flag in sorted(flags):
            if flag in ("--help", "-h") or not flag.startswith("--"):
                continue
            if not re.search(re.escape(flag) + r"(?![\w-])", readme):
                problems.append(f"README.md does not mention {flag} of `{name}`")

    # Flags README shows on a pair command must exist for that command (or its parents).
    for cmd in readme_commands(readme):
        words = cmd.split()
        path = ()
        for w in words[1:]:
            if path + (w,) in tree:
                path += (w,)
            elif not w.startswith("-"):
                break
        allowed = set().union(*(tree[path[:i]] for i in range(len(path) + 1)))
        for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", cmd):
            if flag not in allowed:
                problems.append(f"README.md shows `{cmd}`, but `pair {' '.join(path)}` has no {flag}".replace("pair  ", "pair "))

    # The root flag table: each row's flags exist.
    for row in re.findall(r"^\| `(-[^|]*?)` \|", readme, re.M):
        for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", row):
            if flag not in tree[()]:
                problems.append(f"README.md's flag table lists {flag}, which `pair --help` does not have")

    # stream-json event types.
    types = set()
    for f in sorted((source / "src/headless").glob("*.cc")):
        types.update(re.findall(r'\{"type",\s*"([a-z_]+)"\}', f.read_text()))
    listed = re.search(r"stream-json: events as they happen \(([^)]*)\)", readme)
    listed = set(re.findall(r"`([a-z_]+)`", listed.group(1))) if listed else set()
    for t in sorted(types - listed):
        problems.append(f"README.md's stream-json event list lacks `{t}` (written by src/headless)")
    for t in sorted(listed - types):
        problems.append(f"README.md's stream-json event list names `{t}`, which src/headless never writes")

    # Terminal UI commands.
    commands = re.findall(r'\{CommandId::k\w+, "([a-z]+)"', (source / "src/tui/commands.cc").read_text())
    if not commands:
        problems.append("no /commands found in src/tui/commands.cc: update this check")
    for c in commands:
        if f"`/{c}" not in readme:
            problems.append(f"README.md does not name the terminal UI command /{c}")

    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(tree)} commands, {sum(len(f) for f in tree.values())} flags, {len(types)} event types, "
          f"{len(commands)} UI commands checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
