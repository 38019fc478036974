#!/usr/bin/env python3
"""public_api_check: the rules of include/esim/ that a compiler cannot check.

For every public header:
  * it begins with a comment that says what the header is for;
  * it includes no asn1c, libcurl or pcsc-lite header;
  * every declaration at namespace scope or in the public part of a class
    (functions, types, aliases, constants) has a comment directly above it
    whose first word is the declared name (a run of declarations without
    blank lines, such as overloads or a group of constants, shares the
    comment of its first member);
  * the comment of every function that is not noexcept says what happens on
    failure (it mentions "throw", "fail" or "error").

Usage: public_api_check.py HEADER... ; prints one line per finding and exits
1 if there is any, so that CI fails when a public symbol loses its comment.
"""

import re
import sys

FORBIDDEN_INCLUDES = re.compile(
    r'#\s*include\s*[<"](asn_|ber_|der_|constr_|curl/|winscard|PCSC/|pcsclite|reader\.h)')
TYPE_DECL = re.compile(r'^(?:template\s*<[^>]*>\s*)?(?:struct|class|union)\s+(\w+)\s*(?:final\s*)?(?::[^;{]*)?\{')
ENUM_DECL = re.compile(r'^enum\s+(?:class\s+|struct\s+)?(\w+)\s*(?::\s*[\w:]+\s*)?\{')
ALIAS_DECL = re.compile(r'^using\s+(\w+)\s*=')
# C: typedef struct esim_x esim_x; typedef enum esim_y {...} esim_y;
TYPEDEF_DECL = re.compile(r'^typedef\s+(?:struct|enum|union)\s+(\w+)')
# C: typedef esim_status (*esim_fn)(void *context, ...);
FUNC_POINTER_DECL = re.compile(r'^typedef\s+[^(]*\(\s*\*\s*(\w+)\s*\)')
CONST_DECL = re.compile(r'^(?:extern|inline|static)\s+(?:inline\s+)?(?:const|constexpr)\s+[\w:<>, ]+?\s+(\w+)\s*(?:=|;|\{)')
FUNC_NAME = re.compile(r'(~?\w+|operator\s*\S+?)\s*\($')
FAILURE_WORDS = re.compile(r'throw|fail|error|never', re.IGNORECASE)
SKIP_NAMES = {'operator'}
# Types that appear before '(' in a member such as std::function<void(int)> f;
NOT_FUNCTION_NAMES = {'void', 'bool', 'int', 'long', 'char', 'auto'}
# GROUP marks a comment inherited from a namespace: it describes the whole
# group, so it need not start with each member's name.
GROUP = '<group>'


def strip_strings(line):
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', line)


def is_scope_opener(code):
    """Reports whether |code| opens a namespace or an extern "C" block."""
    return code.startswith('namespace') or code.startswith('extern ""')


def declared_function_name(text):
    """Returns the function name in a declaration's text, or None."""
    head = text.split('(', 1)[0] + '('
    match = FUNC_NAME.search(head)
    if not match:
        return None
    name = match.group(1)
    if name in ('if', 'for', 'while', 'switch', 'return', 'sizeof', 'decltype', 'static_assert'):
        return None
    return name


class Checker:
    def __init__(self, path):
        self.path = path
        self.findings = []

    def report(self, line_no, message):
        self.findings.append(f'{self.path}:{line_no}: {message}')

    def run(self):
        with open(self.path, encoding='utf-8') as f:
            lines = f.read().split('\n')
        if not lines or not lines[0].startswith(('//', '/*')):
            self.report(1, 'the header does not begin with a comment saying what it is for')
        for no, line in enumerate(lines, 1):
            if FORBIDDEN_INCLUDES.search(line):
                self.report(no, f'includes a private dependency: {line.strip()}')
        self.walk(lines)
        return self.findings

    def walk(self, lines):
        # scopes: 'namespace', 'public', 'private' (class parts), 'enum', 'body'
        scopes = ['file']
        comment = []          # the comment lines just above the current line
        group_comment = None  # the comment of the run of declarations we are in
        pending = None        # (start line, text) of a declaration spanning lines
        in_block = False      # inside a /* ... */ comment
        for no, raw in enumerate(lines, 1):
            line = strip_strings(raw.strip())
            if in_block or line.startswith('/*'):
                in_block = '*/' not in line
                text = line.split('*/', 1)[0].lstrip('/').lstrip('*').strip()
                if text:
                    comment.append(text)
                continue
            if line.startswith('//'):
                comment.append(line[2:].strip())
                continue
            if not line:
                comment, group_comment = [], None
                continue
            if line.startswith('#'):
                comment = []
                continue
            scope = scopes[-1]
            checked = scope in ('file', 'namespace', 'public')
            if pending is not None:
                start, text, doc = pending
                text += ' ' + line
            else:
                start, text, doc = no, line, comment or group_comment
            code = text.split('//', 1)[0].strip()
            if scope in ('public', 'private') and re.match(r'^(public|protected|private)\s*:', code):
                scopes[-1] = 'public' if code.startswith('public') else 'private'
                comment, pending = [], None
                continue
            opens = code.count('{')
            closes = code.count('}')
            # A declaration ends at ';' or at its body's '{'.
            if checked and not code.startswith('}') and not is_scope_opener(code) \
                    and ';' not in code and '{' not in code:
                pending = (start, text, doc)
                continue
            pending = None
            if checked and not code.startswith('}') and not is_scope_opener(code):
                self.check_declaration(start, code, doc, scope)
                group_comment = doc
            comment = []
            # Scope bookkeeping for the braces on this line.
            if (code.startswith('namespace') or code.startswith('extern ""')) and opens:
                scopes.append('namespace')
                # A comment above a namespace describes the group inside it.
                group_comment = [GROUP] + doc if doc else None
                closes -= code.count('}')
                opens -= 1
            elif opens > closes:
                if TYPE_DECL.match(code):
                    kind = 'private' if code.startswith('class') else 'public'
                    scopes.append(kind if scope in ('file', 'namespace', 'public') else 'body')
                elif ENUM_DECL.match(code) or re.match(r'^typedef\s+enum\b', code):
                    scopes.append('enum')
                elif re.match(r'^typedef\s+(struct|union)\b', code):
                    scopes.append('public')
                else:
                    scopes.append('body')
                opens -= 1
            net = opens - closes
            while net < 0 and len(scopes) > 1:
                scopes.pop()
                net += 1
            for _ in range(net):
                scopes.append('body')

    def check_declaration(self, no, code, doc, scope):
        name = None
        kind = None
        for pattern, what in ((TYPE_DECL, 'type'), (ENUM_DECL, 'enum'), (ALIAS_DECL, 'alias'),
                              (CONST_DECL, 'constant'), (TYPEDEF_DECL, 'type'),
                              (FUNC_POINTER_DECL, 'callback type')):
            match = pattern.match(code)
            if match:
                name, kind = match.group(1), what
                break
        if name is None and '(' in code:
            if re.search(r'=\s*(default|delete)\s*;', code):
                return  # special members spelled out only to default or delete them
            name = declared_function_name(code)
            kind = 'function'
            if name in NOT_FUNCTION_NAMES:
                return  # a data member of function type
        if name is None:
            if scope == 'public' and re.match(r'^[\w:<>,\s*&]+\s+\w+\s*(=[^;]*)?;$', code):
                return  # a data member: its meaning is its SGP.22 name
            if re.match(r'^(friend|static_assert|template)\b', code):
                return
            if re.match(r'^(struct|class)\s+\w+;$', code):
                return  # a forward declaration
            return
        if name in SKIP_NAMES or name.startswith('operator'):
            return
        if not doc:
            self.report(no, f'{kind} {name} has no comment')
            return
        grouped = doc[0] == GROUP
        if grouped:
            doc = doc[1:]
        first = re.split(r'[\s(,.:]', doc[0], 1)[0]
        base = name.lstrip('~')
        if not grouped and first not in (name, base, '~' + base):
            self.report(no, f'the comment of {kind} {name} starts with "{first}", not its name')
        if kind == 'function' and 'noexcept' not in code and '= 0' not in code:
            if not FAILURE_WORDS.search(' '.join(doc)):
                self.report(no, f'the comment of function {name} does not say what happens on failure')


def main(paths):
    findings = []
    for path in paths:
        findings += Checker(path).run()
    for finding in findings:
        print(finding)
    print(f'public_api_check: {len(paths)} headers, {len(findings)} findings')
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
