"""Mutations of platform files for tests/formats/test_fuzz_formats.py: hypothesis strategies that take a real
file (a reader's fixture or a file of the shared corpus) and break it the ways that matter to its reader.

Every file gets the byte-level mutations (bytes flipped, inserted, deleted, the file truncated, lines
repeated, bytes that are not UTF-8, another encoding, control characters) and the textual ones
(a number made huge or odd, a value made long, full of backslashes or control characters); then each
family its own: JSON a value replaced by a deep nesting, a huge number, a long string or one of
another type; XML a deep nesting, entity declarations (billion laughs, external entities), a DOCTYPE,
attribute values with character references to control characters, another declared encoding;
Asterisk a huge or odd priority, ``#include`` lines (of the file itself or of files beside it),
long lines, control characters in names, thousands of contexts, nested functions; YAML deep flow
collections, aliases of aliases, tags, odd scalars. Sizes come from scales that reach past every
limit a reader has (nesting past Python's recursion limit, numbers past int's 4,300 digits).

Placeholders in a mutant: ``@OUTSIDE@`` is the folder of a file no run may read (the test writes a
secret there), ``@SELF@`` the mutant's own file name.
"""

from __future__ import annotations

import json
import os
import re

from hypothesis import strategies as st

OUTSIDE = "@OUTSIDE@"
SELF = "@SELF@"

NESTING = [3, 300, 1_100, 20_000]
DIGITS = [20, 310, 4_301, 100_001]
LENGTHS = [100, 16_400, 200_000]
REPEATS = [2, 40, 600, 2_500]
NUMBERS = ["0", "-1", "-0", "1.5", "1e400", "-1e400", "NaN", "Infinity", "0x1F", "1_000", "٣"]
#: Text that must come out escaped, never raw: C0 and C1 controls, ANSI escapes, line separators,
#: bidirectional overrides, a byte-order mark in the middle.
CONTROLS = ["\x00", "\x1b[31m", "\x1b]8;;http://x\x07", "\r", "\n", "\x0b", "\x0c", "\x7f", "\x85", "\x9b",
            "\u2028", "\u202e", "\u2066", "\ufeff", "\t"]
NOT_UTF8 = [b"\xff", b"\xfe", b"\xc3(", b"\xe9t\xe9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80"]
ODD_TEXT = ["&amp; <b>x</b>", "${EXTEN}", "{{greeting}}", "%s%n%x", "'\"", "\\", "\\" * 40_000, "", " ",
            "a" * 70 + "\u0301" * 50]
#: File names: a control character, an escape sequence, a line break, a bidirectional override,
#: bytes that are not UTF-8 (as Python names them), a space, a leading dash.
NAME_PREFIXES = ["", "\x1b[31m", "a\rb", "new\nline-", "tab\t", "\u202e", "\x7f", "\x9b", os.fsdecode(b"\xff"),
                 "sp ace ", "-dash", "\u00e9"]


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _one_of_matches(draw, pattern: re.Pattern, text: str):
    """A match of ``pattern`` in ``text`` chosen by hypothesis, or None."""
    found = list(pattern.finditer(text))
    return found[draw(st.integers(0, len(found) - 1))] if found else None


def _at(draw, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


# --- byte and text level: every format --------------------------------------------------------------------

def flip(draw, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


def insert(draw, data: bytes) -> bytes:
    at = _at(draw, data)
    return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]


def delete(draw, data: bytes) -> bytes:
    at = _at(draw, data)
    return data[:at] + data[at + draw(st.integers(1, 64)):]


def truncate(draw, data: bytes) -> bytes:
    return data[:_at(draw, data)]


def repeat_lines(draw, data: bytes) -> bytes:
    """A run of up to 12 lines written again and again: many entries, contexts, keys or elements."""
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    start = draw(st.integers(0, len(lines) - 1))
    end = min(len(lines), start + draw(st.integers(1, 12)))
    block = b"".join(lines[start:end])
    if not block.endswith(b"\n"):
        block += b"\n"
    return b"".join(lines[:end]) + block * draw(st.sampled_from(REPEATS)) + b"".join(lines[end:])


def not_utf8(draw, data: bytes) -> bytes:
    at = _at(draw, data)
    return data[:at] + draw(st.sampled_from(NOT_UTF8)) + data[at:]


def encoding(draw, data: bytes) -> bytes:
    """The whole file in another encoding, with or without a byte-order mark."""
    text = _text(data)
    how = draw(st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"]))
    return text.encode(how, "replace")


def control(draw, data: bytes) -> bytes:
    """A control character where a value starts (after a quote, ``=``, ``>``, ``,``, ``:`` or ``[``), or anywhere."""
    text = _text(data)
    starts = [m.end() for m in re.finditer(r"[\"'=>,:\[(]", text)] or [0]
    at = starts[draw(st.integers(0, len(starts) - 1))] if draw(st.booleans()) else draw(st.integers(0, len(text)))
    return _bytes(text[:at] + draw(st.sampled_from(CONTROLS)) + text[at:])


_NUMBER = re.compile(r"\d+")


def number(draw, data: bytes) -> bytes:
    """A number in the file (a timeout, a priority, a digit, a count) made huge or odd."""
    text = _text(data)
    match = _one_of_matches(draw, _NUMBER, text)
    if match is None:
        return data
    value = "9" * draw(st.sampled_from(DIGITS)) if draw(st.booleans()) else draw(st.sampled_from(NUMBERS))
    return _bytes(text[:match.start()] + value + text[match.end():])


_VALUE = re.compile(r"\"([^\"\\\n]*)\"|'([^'\\\n]*)'|(?<=[:=,(]) ?([^\s,()\"'<>{}\[\]]+)")


def value(draw, data: bytes) -> bytes:
    """A quoted value, or a bare one after ``:``, ``=``, ``,`` or ``(``, made long, odd or full of controls."""
    text = _text(data)
    match = _one_of_matches(draw, _VALUE, text)
    if match is None:
        return data
    group = next(i for i in (1, 2, 3) if match.group(i) is not None)
    how = draw(st.sampled_from(["long", "odd", "control"]))
    if how == "long":
        new = ("Press 1 for sales. " * (draw(st.sampled_from(LENGTHS)) // 19 + 1))
    elif how == "odd":
        new = draw(st.sampled_from(ODD_TEXT))
    else:
        new = match.group(group) + draw(st.sampled_from(CONTROLS))
    return _bytes(text[:match.start(group)] + new + text[match.end(group):])


GENERIC = [flip, insert, delete, truncate, repeat_lines, not_utf8, encoding, control, number, value]


# --- JSON: Twilio Studio, Amazon Connect --------------------------------------------------------------------

_SENTINEL = "\x00ivr-fuzz\x00"


def _json_paths(doc, path=()):
    yield path
    if isinstance(doc, dict):
        for key, item in doc.items():
            yield from _json_paths(item, (*path, key))
    elif isinstance(doc, list):
        for index, item in enumerate(doc):
            yield from _json_paths(item, (*path, index))


def _json_raw(draw) -> str:
    """JSON text json.dumps cannot write or that a reader must bound: deep, huge, long, odd."""
    depth = draw(st.sampled_from(NESTING))
    return draw(st.sampled_from([
        "[" * depth + "]" * depth,
        '{"a":' * depth + "1" + "}" * depth,
        "9" * draw(st.sampled_from(DIGITS)),
        "-" + "9" * draw(st.sampled_from(DIGITS)) + ".5e-99999",
        "1e400", "-0", "NaN", "-Infinity", "null", "true", "[]", "{}", '"x"', "0.1",
        json.dumps("Press 1. " * (draw(st.sampled_from(LENGTHS)) // 9)),
        json.dumps(draw(st.sampled_from(CONTROLS)) + "x"),
        '"\\ud800"', '"\\udfff x"', '"\\u0000"',
        json.dumps(draw(st.sampled_from(ODD_TEXT))),
    ]))


def _mutate_json(draw, doc) -> str:
    paths = list(_json_paths(doc))
    path = paths[draw(st.integers(0, len(paths) - 1))]
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    target = parent[path[-1]] if path else doc
    if isinstance(target, str) and target.lstrip().startswith(("{", "[")) and draw(st.booleans()):
        try:  # a flow inside a string (Connect's {"Content": "..."}): mutated inside
            inner = _mutate_json(draw, json.loads(target))
        except ValueError:
            inner = None
        if inner is not None:
            if not path:
                return json.dumps(inner)
            parent[path[-1]] = inner
            return json.dumps(doc, indent=2)
    if path and draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
        return json.dumps(doc, indent=2)
    raw = _json_raw(draw)
    if not path:
        return raw
    parent[path[-1]] = _SENTINEL
    return json.dumps(doc, indent=2).replace(json.dumps(_SENTINEL), raw, 1)


def json_value(draw, data: bytes) -> bytes:
    """A value of the JSON replaced: by a deep nesting, a huge number, a long string, another type; or a key removed."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):  # JSON inside Terraform or JavaScript, already broken, or nested deeper
        return number(draw, data)          # than Python's json reads (an earlier mutation): the textual mutations
    return _bytes(_mutate_json(draw, doc))


# --- XML: FreeSWITCH, VoiceXML ------------------------------------------------------------------------------

_START_TAG = re.compile(r"<([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(?<!/)>")
_ATTRIBUTE = re.compile(r"=\s*\"([^\"]*)\"")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SECRET_DTD = f"file://{OUTSIDE}/secret.dtd"
_SECRET = f"file://{OUTSIDE}/secret.txt"
DOCTYPES = [
    # billion laughs: nine levels of ten
    "<!DOCTYPE r [<!ENTITY l0 \"lol\">" + "".join(f"<!ENTITY l{i} \"{f'&l{i - 1};' * 10}\">" for i in range(1, 10))
    + "]>", "<!DOCTYPE r [<!ENTITY e \"&l9;\"]>",
    f"<!DOCTYPE r [<!ENTITY xxe SYSTEM \"{_SECRET}\">]>",  # XXE: a file outside
    f"<!DOCTYPE r [<!ENTITY % p SYSTEM \"{_SECRET_DTD}\"> %p;]>",  # a parameter entity reading a DTD
    f"<!DOCTYPE vxml SYSTEM \"{_SECRET_DTD}\">",  # an external DTD
    "<!DOCTYPE vxml PUBLIC \"-//W3C//DTD VOICEXML 2.1//EN\" \"http://www.w3.org/TR/voicexml21/vxml.dtd\">",
    "<!DOCTYPE r [<!ELEMENT r ANY><!ATTLIST menu timeout CDATA \"99999999999999999999\">]>",  # default attributes
    "<!DOCTYPE r [<!ENTITY u SYSTEM \"http://127.0.0.1:9/x\">]>",
    "<!DOCTYPE r [<!NOTATION n SYSTEM \"x\"><!ENTITY un SYSTEM \"x\" NDATA n>]>",
]
ENTITY_USES = ["&xxe;", "&l9;", "&e;", "&u;", "&undefined;", "&#1;", "&#x1b;", "&#0;", "&#x85;", "&#x202e;",
               "&#10;", "&#13;", "&#9;", "&#xFFFF;", "&#x10FFFF;", "&#99999999;", "&lt;b&gt;", "&amp;amp;"]
XML_DECLARATIONS = ['<?xml version="1.0" encoding="UTF-16"?>', '<?xml version="1.0" encoding="latin-1"?>',
                    '<?xml version="1.0" encoding="ebcdic-bogus"?>', '<?xml version="1.1"?>',
                    '<?xml version="9.9" standalone="maybe"?>', "<?xml-stylesheet href='x'?>"]
XML_SNIPPETS = ["<![CDATA[ ]]> <!-- ]]> -->", "<?php system('id') ?>", "<!-- -- -->", "<x:menu/>",
                "<menu xmlns='urn:x' name='m'/>", "</>", "<a b='1' b='2'/>"]


def xml_nesting(draw, data: bytes) -> bytes:
    """Elements nested deep after a start tag, named as that element or otherwise."""
    text = _text(data)
    match = _one_of_matches(draw, _START_TAG, text)
    at = match.end() if match else len(text)
    name = match.group(1) if match and draw(st.booleans()) else draw(st.sampled_from(["x", "menu", "form", "if",
                                                                                       "block", "entry"]))
    depth = draw(st.sampled_from(NESTING))
    return _bytes(text[:at] + f"<{name}>" * depth + f"</{name}>" * depth + text[at:])


def xml_doctype(draw, data: bytes) -> bytes:
    """A DOCTYPE (entities, external entities, an external DTD) before the root, its entities used in the file."""
    text = _text(data)
    declaration = _DECLARATION.match(text)
    head = declaration.end() if declaration else 0
    text = text[:head] + draw(st.sampled_from(DOCTYPES)) + text[head:]
    return entity_use(draw, _bytes(text))


def entity_use(draw, data: bytes) -> bytes:
    """An entity or character reference in an attribute value or after a start tag."""
    text = _text(data)
    use = draw(st.sampled_from(ENTITY_USES))
    match = _one_of_matches(draw, _ATTRIBUTE, text) if draw(st.booleans()) else None
    if match is not None:
        at = match.start(1) + draw(st.integers(0, len(match.group(1))))
    else:
        tag = _one_of_matches(draw, _START_TAG, text)
        at = tag.end() if tag else len(text)
    return _bytes(text[:at] + use + text[at:])


def xml_declaration(draw, data: bytes) -> bytes:
    text = _text(data)
    declaration = _DECLARATION.match(text)
    return _bytes(draw(st.sampled_from(XML_DECLARATIONS)) + (text[declaration.end():] if declaration else text))


def xml_snippet(draw, data: bytes) -> bytes:
    text = _text(data)
    tag = _one_of_matches(draw, _START_TAG, text)
    at = tag.end() if tag else len(text)
    return _bytes(text[:at] + draw(st.sampled_from(XML_SNIPPETS)) + text[at:])


XML = [xml_nesting, xml_doctype, entity_use, xml_declaration, xml_snippet]


# --- Asterisk dialplans ----------------------------------------------------------------------------------

_PRIORITY = re.compile(r"(?m)^\s*(?:exten|same)\s*=>?\s*(?:[^,\n]*,)?\s*([^,\n]+),")
PRIORITIES = ["0", "-1", "n(" + "l" * 100_000 + ")", "n(a)(b)", "hint", "n+" + "9" * 30, "1" + "0" * 100_000,
              "9" * 4_301, "1e400", "\x1b[31m"]
INCLUDES = [f"#include {SELF}", f'#include "{SELF}"', f"#include <{SELF}>", "#include missing.conf",
            "#include sub/menu.conf", "#include", '#include ""', "#include *.conf",
            f"#exec touch {OUTSIDE}/executed", f"#tryinclude {SELF}"]
_CONTEXT = "[c{i}]\nexten => s,1,Background(press-1)\nexten => s,n,WaitExten(5)\nexten => 1,1,Goto(c{j},s,1)\n"


def priority(draw, data: bytes) -> bytes:
    text = _text(data)
    match = _one_of_matches(draw, _PRIORITY, text)
    if match is None:
        return _bytes(text + f"\n[p]\nexten => s,{draw(st.sampled_from(PRIORITIES))},Hangup()\n")
    return _bytes(text[:match.start(1)] + draw(st.sampled_from(PRIORITIES)) + text[match.end(1):])


def include(draw, data: bytes) -> bytes:
    """An ``#include`` (or ``#exec``) line: of the file itself, of one missing, of one beside it; never of a
    file outside the folder (what an include may read is issue 20's own tests)."""
    lines = _text(data).split("\n")
    at = draw(st.integers(0, len(lines)))
    return _bytes("\n".join([*lines[:at], draw(st.sampled_from(INCLUDES)), *lines[at:]]))


def long_line(draw, data: bytes) -> bytes:
    length = draw(st.sampled_from(LENGTHS))
    line = draw(st.sampled_from([
        "exten => s,1,Playback(" + "a&" * (length // 2) + ")",
        "[" + "c" * length + "]",
        "exten => " + "1" * length + ",1,Hangup()",
        "exten => s,1,Set(X=" + "\\" * length + ")",
        "exten => s,1,Goto(" + "${CUT(" * (length // 6) + "x" + ")}" * (length // 6) + ",s,1)",
        "exten => s,1,GotoIf($[" + "(" * (length // 2) + "1" + ")" * (length // 2) + "]?a,s,1:b,s,1)",
        "; " + "x" * length,
    ]))
    return _bytes(_text(data) + "\n[long]\n" + line + "\n")


def names(draw, data: bytes) -> bytes:
    """A context, extension or label with a control character or a non-UTF-8 byte in its name."""
    text = _text(data)
    match = _one_of_matches(draw, re.compile(r"\[([^\]\n]+)\]|=>\s*([^,\n]+),|\(([^)\n]+)\)"), text)
    if match is None:
        return control(draw, data)
    group = next(i for i in (1, 2, 3) if match.group(i) is not None)
    at = match.start(group) + draw(st.integers(0, len(match.group(group))))
    bad = draw(st.sampled_from(CONTROLS + [os.fsdecode(b) for b in NOT_UTF8]))
    return _bytes(text[:at] + bad + text[at:])


def contexts(draw, data: bytes) -> bytes:
    """Many menu contexts, each leading to the next (or one context written many times)."""
    count = draw(st.sampled_from(REPEATS))
    same = draw(st.booleans())
    block = "".join(_CONTEXT.format(i=0 if same else i, j=0 if same else (i + 1) % count) for i in range(count))
    return _bytes(_text(data) + "\n" + block)


def application(draw, data: bytes) -> bytes:
    line = draw(st.sampled_from([
        "exten => s,1,WaitExten(1e400)", "exten => s,1,WaitExten(" + "9" * 4_301 + ")",
        "exten => s,1,Read(v,,99999999999999999999,,3,1e400)", "exten => s,1,Dial(SIP/x,1e308)",
        "exten => s,1,Background(" + "x," * 1_000 + ")", "exten => s,1,Goto(,,)",
        "exten => s,1,Goto(" + "," * 5_000 + ")",
        "exten => s,1," + "ExecIf($[1]?" * 300 + "Hangup()" + ")" * 300, "exten => s,1,Gosub(g,s,1(" + "(" * 2_000 + "))",
        "exten => _" + "[0-9]" * 2_000 + ",1,Hangup()", "exten => _" + "." * 5_000 + ",1,Hangup()",
    ]))
    return _bytes(_text(data) + "\n[app]\n" + line + "\n")


ASTERISK = [priority, include, long_line, names, contexts, application]


# --- YAML: Genesys Cloud Architect, ivr's own --------------------------------------------------------------

_YAML_SCALAR = re.compile(r"(?m)(?<=: )([^\s&*!|>'\"{\[][^\n#]*)$")
YAML_VALUES = [".inf", "-.nan", "~", "[]", "{}", "!!binary AAAA", "!!timestamp 2001-12-14", "!!set {a, b}",
               "!!python/object/apply:os.system [\"touch " + OUTSIDE + "/executed\"]", "!custom x", "*undefined",
               "&anchor x", "'{{placeholder}}'", "\"\\x1b[31m\\u202e\"", "\"\\ud800\"", "? [a, b]", "|\n  x",
               "0o777", "0x_1F", "1_000_000", "2001-12-14t21:59:43.10-05:00", "<<: *a"]


def yaml_value(draw, data: bytes) -> bytes:
    text = _text(data)
    match = _one_of_matches(draw, _YAML_SCALAR, text)
    if match is None:
        return value(draw, data)
    depth = draw(st.sampled_from(NESTING))
    new = draw(st.sampled_from([*YAML_VALUES, "[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth,
                                "9" * draw(st.sampled_from(DIGITS)), "1.0e+" + "9" * draw(st.sampled_from(DIGITS))]))
    return _bytes(text[:match.start(1)] + new + text[match.end(1):])


def yaml_aliases(draw, data: bytes) -> bytes:
    """Aliases of aliases at the end of the top mapping: few bytes that expand to many (the YAML billion laughs)."""
    levels = draw(st.integers(1, 9))
    width = draw(st.sampled_from([2, 10]))
    text = f"\nfuzz0: &a0 [\"{'lol' * draw(st.sampled_from([1, 1_000]))}\"]\n"
    for level in range(1, levels + 1):
        text += f"fuzz{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]\n"
    return data + _bytes(text)


def placeholders(draw, data: bytes) -> bytes:
    """Templating that makes the YAML invalid as written, as Archy's templated files are."""
    text = _text(data)
    match = _one_of_matches(draw, _YAML_SCALAR, text)
    new = draw(st.sampled_from(["{{x}}", "<x>", "{{ " + "x" * 20_000 + " }}", "{{{{}}}}", "{{\x1b}}", "{{"]))
    if match is None:
        return _bytes(text + new)
    return _bytes(text[:match.start(1)] + new + text[match.end(1):])


YAML = [yaml_value, yaml_aliases, placeholders]


# --- flows deployed as code: CloudFormation, Terraform, CDK (issue 23) ------------------------------------

_OUTSIDE_FLOW = f"{OUTSIDE}/secret.txt"
DEPLOYED = [
    # file names that lead out of the folder of the file given: never read
    f'\nresource "aws_connect_contact_flow" "out" {{\n  content = file("{_OUTSIDE_FLOW}")\n}}\n',
    '\nresource "aws_connect_contact_flow" "up" {\n  filename = "${path.module}/' + "../" * 40 + 'etc/passwd"\n}\n',
    f"\nnew CfnContactFlow(this, 'Out', {{ content: fs.readFileSync('{_OUTSIDE_FLOW}', 'utf8') }});\n",
    # a heredoc never closed, a jsonencode never closed
    '\nresource "aws_connect_contact_flow" "open" {\n  content = <<-EOF\n  {"StartAction": "a",\n',
    '\nresource "aws_connect_contact_flow" "half" {\n  content = jsonencode({ Version = \n',
    # Fn::Sub variables named thousands of times; intrinsic functions nested deep
    "\n  Many:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Content: !Sub\n        - '{\"StartAction\": \"a\""
    + "".join(f', \"k{i}\": \"${{V}}${{V}}\"' for i in range(2_000)) + ", \"Actions\": []}'\n        - V: '"
    + "x" * 5_000 + "'\n",
    "\n  Deep:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Name: " + "!Join ['', [" * 60 + "x"
    + "]]" * 60 + "\n      Content: !Ref Nothing\n",
]


def deployment(draw, data: bytes) -> bytes:
    """A resource that names a file outside, a wrapper never closed, placeholders that would grow the flow
    without bound or functions nested deep, added to a deployment file (or any seed)."""
    return data + _bytes(draw(st.sampled_from(DEPLOYED)))

FAMILY = {"twilio": [json_value, deployment], "connect": [json_value, deployment, yaml_aliases], "freeswitch": XML, "vxml": XML, "asterisk": ASTERISK,
          "archy": YAML, "yaml": YAML}


#: No mutant grows past this by default (mutations stack: lines repeated thousands of times, then again).
MAX_BYTES = 4 * 2**20


class Mutant:
    """A mutated seed; its repr (what hypothesis prints for a failing example) names the mutations, not the bytes."""

    def __init__(self, seed, name: str, data: bytes, done: list[str]):
        self.seed, self.name, self.data, self.done = seed, name, data, done

    def __repr__(self) -> str:
        return (f"Mutant(seed={self.seed.parent.name}/{self.seed.name}, name={self.name!r}, "
                f"mutations={self.done}, {len(self.data):,} bytes, starting {self.data[:300]!r})")


@st.composite
def mutants(draw, seeds: list, reader: str, max_bytes: int = MAX_BYTES) -> Mutant:
    """A seed file mutated one to three times, the format's own mutations as likely as the byte-level
    ones (a mutation that would make it larger than ``max_bytes`` is left out), under its own name or
    (one time in four) a name with a control character, a line break, a space, bytes that are not UTF-8."""
    seed = draw(st.sampled_from(seeds))
    data = seed.read_bytes()
    done = []
    for _ in range(draw(st.integers(1, 3))):
        pool = FAMILY[reader] if draw(st.booleans()) else GENERIC
        mutation = draw(st.sampled_from(pool))
        mutated = mutation(draw, data)
        if len(mutated) <= max_bytes:
            data = mutated
            done.append(mutation.__name__)
    name = seed.name if draw(st.integers(0, 3)) else draw(st.sampled_from(NAME_PREFIXES)) + seed.name
    return Mutant(seed, name, data, done)


# --- AEL (extensions.ael) -------------------------------------------------------------------------------

_AEL_CONTEXT = "context m{i} {{\n  s => {{ Background(p{i}); WaitExten(2); }};\n  1 => jump s@m{j};\n}};\n"


def ael_nesting(draw, data: bytes) -> bytes:
    """Blocks, ifs, switches or loops nested thousands deep inside one extension."""
    depth = draw(st.sampled_from([50, 1_000, 20_000]))
    opener, closer = draw(st.sampled_from([("{", "}"), ("if (1) {", "}"), ("while (${x}) {", "}"),
                                           ("switch (${x}) { case 1:", "}"), ("if (1)", "")]))
    body = opener * depth + " NoOp(); " + closer * depth
    return data + _bytes(f"\ncontext deep {{\n  s => {{ {body} }};\n}};\n")


def ael_contexts(draw, data: bytes) -> bytes:
    """Many AEL menu contexts, each jumping to the next (or one context written many times)."""
    count = draw(st.sampled_from(REPEATS))
    same = draw(st.booleans())
    block = "".join(_AEL_CONTEXT.format(i=0 if same else i, j=0 if same else (i + 1) % count) for i in range(count))
    return _bytes(_text(data) + "\n" + block)


def ael_snippet(draw, data: bytes) -> bytes:
    """A statement AEL's grammar or checks refuse, or that strains them, at a random line."""
    snippet = draw(st.sampled_from([
        "goto nowhere;", "break;", "continue;", "&m(1,2,3);", "Dial(${X}", "$[${A}", "switch (${x}) { case }",
        "ifTime(99:99-x|*|*) NoOp();", "for (;;) NoOp();", "random(1e400) NoOp();", "jump @;", "#include \"\"",
        "#include \"" + "x" * 5_000 + "\"", "/* unclosed", "context", "macro m( {", "x=" + "(" * 10_000 + ";",
        "Background(" + "a&" * 20_000 + ");", "\\", "${" * 3_000, "case 1:", "catch h { }", "includes { ; }",
    ]))
    lines = _text(data).split("\n")
    at = draw(st.integers(0, len(lines)))
    return _bytes("\n".join([*lines[:at], snippet, *lines[at:]]))


AEL = [ael_nesting, ael_contexts, ael_snippet, include, names, long_line]
FAMILY["ael"] = AEL
