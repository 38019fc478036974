#!/usr/bin/env python3
"""check_docs.py: keep docs/cli.md, docs/man/esimctl.1 and the bash
completion in step with the esimctl that was built.

It walks the command tree by running `ESIMCTL [PATH...] --help` (CLI11's
format: "Options:", "Positionals:", "Subcommands:" sections, items indented
by two spaces), then checks, for every command path:

  * docs/cli.md has a heading "### esimctl PATH" (leaf commands and commands
    with options of their own) whose section names each option and
    positional of that command; the global options are checked in the
    "## Global options" section;
  * docs/man/esimctl.1 has ".SS PATH" whose section names the same (global
    options: ".SH OPTIONS");
  * every error id of include/esim/error.hpp (the `// "id": ...` comments
    of enum Errc) is in docs/cli.md's "Error ids" table and in the man
    page's ERRORS section;
  * the bash completion, sourced in a non-interactive bash with COMP_WORDS
    set to "esimctl PATH <cur>", offers every subcommand (cur="") and every
    option (cur="-").

Usage: check_docs.py ESIMCTL SOURCE_DIR
Exit status 0 when everything is documented, 1 with one line per gap.
"""
import re
import subprocess
import sys
from pathlib import Path

HELP_TIMEOUT_S = 10


def run_help(esimctl, path):
    """Returns the --help text of the command PATH (a list of words)."""
    out = subprocess.run([esimctl, *path, "--help"], capture_output=True, text=True,
                         timeout=HELP_TIMEOUT_S)
    if out.returncode != 0:
        raise SystemExit(f"check_docs: `esimctl {' '.join(path)} --help` exited "
                         f"{out.returncode}: {out.stderr.strip()}")
    return out.stdout


def parse_help(text):
    """Returns (options, positionals, subcommands) listed by one --help."""
    sections = {"options": [], "positionals": [], "subcommands": []}
    current = None
    for line in text.splitlines():
        header = re.match(r"^([A-Za-z]+):\s*$", line)
        if header:
            name = header.group(1).lower()
            current = name if name in sections else None
            continue
        # An item: exactly two spaces of indentation (wrapped descriptions
        # are indented further).
        item = re.match(r"^  (\S+)", line)
        if current is None or not item:
            continue
        first = item.group(1)
        if current == "options":
            sections["options"].extend(first.split(","))
        else:
            sections[current].append(first)
    return sections["options"], sections["positionals"], sections["subcommands"]


def walk(esimctl):
    """Yields (path, options, positionals, subcommands) for every command."""
    todo = [[]]
    while todo:
        path = todo.pop(0)
        options, positionals, subs = parse_help(run_help(esimctl, path))
        yield path, options, positionals, subs
        todo.extend(path + [s] for s in subs)


def markdown_sections(text):
    """Maps a heading's text to the text under it, up to the next heading of
    the same or a higher level."""
    sections = {}
    lines = text.splitlines()
    heads = [(i, len(m.group(1)), m.group(2).strip().strip("`").strip())
             for i, line in enumerate(lines)
             for m in [re.match(r"^(#{1,6})\s+(.*)$", line)] if m]
    for n, (i, level, title) in enumerate(heads):
        end = len(lines)
        for j, other_level, _ in heads[n + 1:]:
            if other_level <= level:
                end = j
                break
        sections[title] = "\n".join(lines[i + 1:end])
    return sections


def man_plain(text):
    """Drops roff font escapes and turns \\- into -, so words can be found."""
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\f\[[A-Z]*\]", "", text)
    return text.replace("\\-", "-").replace("\\(em", "-").replace("\\&", "")


def man_sections(text):
    """Maps .SH/.SS titles to the text under them (a .SS ends at the next
    .SS or .SH; a .SH at the next .SH)."""
    sections = {}
    lines = man_plain(text).splitlines()
    heads = []
    for i, line in enumerate(lines):
        m = re.match(r'^\.(SH|SS)\s+"?([^"]*)"?\s*$', line)
        if m:
            heads.append((i, m.group(1), m.group(2).strip()))
    for n, (i, kind, title) in enumerate(heads):
        end = len(lines)
        for j, other, _ in heads[n + 1:]:
            if kind == "SS" or other == "SH":
                end = j
                break
        sections[title] = "\n".join(lines[i + 1:end])
    return sections


def mentions(text, word):
    """True if WORD occurs in TEXT as a whole token."""
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text) is not None


def completion(source_dir, words, cur):
    """Runs the completion function for `esimctl WORDS CUR`; returns COMPREPLY."""
    script = source_dir / "tools" / "completion" / "esimctl"
    comp_words = " ".join("'" + w + "'" for w in ["esimctl", *words, cur])
    program = (
        f"source '{script}' || exit 97\n"
        f"COMP_WORDS=({comp_words}); COMP_CWORD={len(words) + 1}\n"
        "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
        "_esimctl esimctl \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", program],
                         capture_output=True, text=True, timeout=HELP_TIMEOUT_S)
    if out.returncode != 0:
        raise SystemExit(f"check_docs: the completion failed for {words} {cur!r}: "
                         f"{out.stderr.strip()}")
    return set(out.stdout.split())


def error_ids(source_dir):
    """Returns the stable error ids listed in include/esim/error.hpp."""
    header = (source_dir / "include" / "esim" / "error.hpp").read_text()
    return re.findall(r'^\s*\w+,\s*//\s*"([a-z-]+)"', header, re.M)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    esimctl, source_dir = sys.argv[1], Path(sys.argv[2])
    cli_md = markdown_sections((source_dir / "docs" / "cli.md").read_text())
    man = man_sections((source_dir / "docs" / "man" / "esimctl.1").read_text())
    gaps = []
    commands = 0
    for path, options, positionals, subs in walk(esimctl):
        commands += 1
        name = " ".join(path)
        shown = f"esimctl {name}".strip()
        if path:
            names = [o for o in options if o not in ("-h", "--help")] + positionals
            md_key, man_key = f"esimctl {name}", name
        else:
            names = options
            md_key, man_key = "Global options", "OPTIONS"
        needs_section = bool(names) or not subs
        for doc, sections, key in (("docs/cli.md", cli_md, md_key),
                                   ("docs/man/esimctl.1", man, man_key)):
            if not needs_section:
                if not any(mentions(t, name) for t in sections.values()) and \
                        not any(mentions(t, name) for t in sections):
                    gaps.append(f"{doc}: `{shown}` is never mentioned")
                continue
            if key not in sections:
                gaps.append(f"{doc}: no section for `{shown}` (expected heading '{key}')")
                continue
            for n in names:
                if not mentions(sections[key], n):
                    gaps.append(f"{doc}: section '{key}' does not mention {n} of `{shown}`")
        if subs:
            offered = completion(source_dir, path, "")
            for s in subs:
                if s not in offered:
                    gaps.append(f"completion: `{shown} <TAB>` does not offer {s}")
        if options:
            offered = completion(source_dir, path, "-")
            for o in options:
                if o not in offered:
                    gaps.append(f"completion: `{shown} -<TAB>` does not offer {o}")
    ids = error_ids(source_dir)
    if len(ids) < 10:
        gaps.append(f"include/esim/error.hpp: found only {len(ids)} error ids; has its format changed?")
    for error_id in ids:
        if not mentions(cli_md.get("Error ids", ""), f"`{error_id}`"):
            gaps.append(f"docs/cli.md: the 'Error ids' table does not explain {error_id}")
        if not mentions(man.get("ERRORS", ""), error_id):
            gaps.append(f"docs/man/esimctl.1: ERRORS does not list {error_id}")
    for g in gaps:
        print("check_docs: " + g)
    if commands < 2:
        print("check_docs: found no subcommands in `esimctl --help`; has its format changed?")
        return 1
    print(f"check_docs: {commands} command paths and {len(ids)} error ids checked, "
          f"{len(gaps)} gaps")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
