"""Parse AEL (``extensions.ael``) into a syntax tree, every token located (file, line, column).

AEL's own parser is a flex scanner and a bison grammar (Asterisk ``res/ael/ael.flex``, ``ael.y``).
Its scanner changes mode as the grammar asks: the text inside ``if (...)``, ``while (...)``,
``switch (...)`` and ``random (...)`` is one word up to the matching parenthesis
(``reset_parencount``); an application's or macro's arguments are words split at top-level
commas up to the matching parenthesis (``reset_argcount``); the right-hand side of ``=`` and the
first two parts of ``for (...;...;...)`` run to the next top-level ``;`` (``reset_semicount``).
:class:`Scanner` does the same from the tokens before (the modes follow from them alone), and
the structure is an LALR grammar (:data:`GRAMMAR`, a transcription of ``ael.y``) parsed by lark.

What the scanner takes from ``ael.flex``: comments are ``//`` to the end of the line and
``/* ... */`` (``;`` is a statement separator, not a comment, and ``#`` starts a word, so a
``;`` or ``#`` comment line is a syntax error in Asterisk too); a word is made of letters, digits,
``-'"_/.<>*+!$#[]``, bytes above 127, ``\\x`` escapes and balanced ``${...}`` / ``$[...]``; a
word spelled exactly as a keyword is that keyword (keywords are case-sensitive: ``ifTime``);
``#include "file"`` reads another AEL file at that point (globs expanded, at most 50 deep).
A character none of these rules takes is skipped (``ael.flex``'s default rule logs it and goes on).

Asterisk refuses the whole file on any syntax error (``pbx_ael.c``: "It doesn't make sense to
compile"), so a syntax error here is a located error and nothing of the file is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer

from ivr.model.menu import Location

__all__ = ["AelFragment", "AelSyntaxError", "Where", "Scanner", "parse", "words", "GRAMMAR", "KEYWORDS", "MAX_INCLUDE_DEPTH", "MAX_TOKENS"]

#: ``ael.flex``: ``KEYWORD``
KEYWORDS = frozenset({"context", "abstract", "extend", "macro", "globals", "local", "ignorepat", "switch", "if",
                      "ifTime", "random", "regexten", "hint", "else", "goto", "jump", "return", "break",
                      "continue", "for", "while", "case", "default", "pattern", "catch", "switches", "eswitches",
                      "includes"})
#: ``ael.flex``: ``MAX_INCLUDE_DEPTH``
MAX_INCLUDE_DEPTH = 50
#: The deepest blocks may nest: far deeper than any dialplan, and a located refusal instead of exhausting the stack.
MAX_NESTING = 100
#: The most tokens one file (with its includes) may hold: far more than any dialplan, bounded work.
MAX_TOKENS = 2_000_000
_PUNCT = {"{": "LC", "}": "RC", "(": "LP", ")": "RP", ";": "SEMI", "=": "EQ", ",": "COMMA", ":": "COLON",
          "&": "AMPER", "|": "BAR", "@": "AT"}
_WORD_CHARS = frozenset("-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'\"_/.<>*+!$#[]")
_BLANKS = re.compile(r"[ \t\r\f\v]+")
_INCLUDE = re.compile(r'#include[ \t]+"([^"]+)"')
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")": "(", "]": "[", "}": "{"}
#: keywords after which '(' opens one word up to the matching ')' (ael.y: test_expr)
_TEST_HEADS = frozenset({"KW_IF", "KW_WHILE", "KW_SWITCH", "KW_RANDOM"})

GRAMMAR = r"""
start: _object*
_object: context | macro | globals | SEMI
// what an '#include' may bring inside a context or an extension (ael.flex splices the file in as it is)
elements_fragment: _element*
statements_fragment: _statement*

context: abstract* KW_CONTEXT context_name LC _element* RC
abstract: KW_ABSTRACT | KW_EXTEND
context_name: WORD | KW_DEFAULT
macro: KW_MACRO WORD LP params RP LC _macro_statement* RC
params: [WORD (COMMA WORD)*]
globals: KW_GLOBALS LC assignment* RC

assignment: WORD EQ WORD SEMI
local_assignment: KW_LOCAL WORD EQ WORD SEMI

_element: extension | includes | switches | ignorepat | assignment | local_assignment | SEMI
ignorepat: KW_IGNOREPAT EXTENMARK WORD SEMI
switches: (KW_SWITCHES | KW_ESWITCHES) LC (WORD (AT WORD)? SEMI)* RC
includes: KW_INCLUDES LC (included SEMI)* RC
included: context_name (BAR timespec)?

extension: KW_REGEXTEN? hint? WORD (AT WORD)? EXTENMARK _statement
hint: KW_HINT LP (WORD | COLON | AMPER | AT)+ RP

_macro_statement: _statement | includes | catch
catch: KW_CATCH WORD LC _statement* RC

_statement: block | assignment | local_assignment | goto | jump | label | for | while | switch
          | macro_call | app_call | func_assign | break | return | continue | if | SEMI
block: LC _statement* RC
goto: KW_GOTO target SEMI
target: tword ((BAR | COMMA) tword)*
tword: (WORD | KW_DEFAULT) (COLON? WORD)*
jump: KW_JUMP tword (COMMA tword)? (AT context_name)? SEMI
label: WORD COLON
for: KW_FOR LP WORD SEMI WORD SEMI WORD RP _statement
while: KW_WHILE LP WORD RP _statement
switch: KW_SWITCH LP WORD RP LC case* RC
case: (KW_CASE WORD | KW_PATTERN WORD | KW_DEFAULT) COLON _statement*
macro_call: AMPER WORD LP args RP SEMI
app_call: WORD (LP args RP)? SEMI
func_assign: WORD LP args RP EQ WORD SEMI
args: WORD? (COMMA WORD?)*
break: KW_BREAK SEMI
return: KW_RETURN SEMI
continue: KW_CONTINUE SEMI
if: _if_head _statement (KW_ELSE _statement)?
_if_head: if_test | random_test | iftime_test
if_test: KW_IF LP WORD RP
random_test: KW_RANDOM LP WORD RP
iftime_test: KW_IFTIME LP timespec RP
timespec: (WORD | COLON)+ BAR WORD+ BAR WORD+ BAR WORD+

%declare LC RC LP RP SEMI EQ COMMA COLON AMPER BAR AT EXTENMARK WORD
%declare KW_CONTEXT KW_ABSTRACT KW_EXTEND KW_MACRO KW_GLOBALS KW_LOCAL KW_IGNOREPAT KW_SWITCH KW_IF KW_IFTIME
%declare KW_RANDOM KW_REGEXTEN KW_HINT KW_ELSE KW_GOTO KW_JUMP KW_RETURN KW_BREAK KW_CONTINUE KW_FOR KW_WHILE
%declare KW_CASE KW_DEFAULT KW_PATTERN KW_CATCH KW_SWITCHES KW_ESWITCHES KW_INCLUDES
"""


class AelFragment(Exception):
    """The file is no whole AEL file but a part another one ``#include`` s: extensions, or statements."""

    def __init__(self, location: Location, what: str):
        super().__init__(what)
        self.location = location
        self.what = what


class AelSyntaxError(Exception):
    """A located reason the file is not AEL Asterisk would load."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location
        self.message = message


@dataclass(slots=True)
class Where:
    """Every token's location, by its index (the token's ``start_pos``), and the notes made while scanning."""

    locations: list[Location] = field(default_factory=list)
    notes: list[tuple[Location, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    lines: int = 0

    def of(self, token: Token) -> Location:
        return self.locations[token.start_pos or 0]


#: reads an ``#include``: (the name as written, the including file) -> [(file name, text)]; raises
#: :class:`AelSyntaxError` to refuse, returns [] after noting why nothing was read
Include = Callable[[str, str, Location, int], list[tuple[str, str]]]


class Scanner:
    """The tokens of one AEL text (and of the files it ``#include`` s), as ``ael.flex`` makes them."""

    def __init__(self, where: Where, include: Include | None):
        self.where = where
        self.include = include
        self.tokens: list[Token] = []
        #: how many '{' are open
        self.depth = 0

    # -- output --------------------------------------------------------------------------------
    def _emit(self, kind: str, value: str, location: Location) -> None:
        if len(self.tokens) >= MAX_TOKENS:
            raise AelSyntaxError(location, f"more than {MAX_TOKENS:,} tokens: far more than any dialplan; "
                                 "split the file")
        self.where.locations.append(location)
        self.tokens.append(Token(kind, value, start_pos=len(self.where.locations) - 1, line=location.line,
                                 column=location.column))

    def _last(self, back: int = 1) -> str:
        return self.tokens[-back].type if len(self.tokens) >= back else ""

    # -- scanning ------------------------------------------------------------------------------
    def scan(self, text: str, file: str, depth: int = 0) -> list[Token]:
        self.where.files.append(file)
        self.where.lines += text.count("\n") + 1
        _Text(self, text, file, depth).run()
        return self.tokens


class _Text:
    """One file's text being scanned: the position, the line and column, and the mode switches."""

    def __init__(self, scanner: Scanner, text: str, file: str, depth: int):
        self.s = scanner
        self.text = text
        self.file = file
        self.depth = depth
        self.i = 0
        self.line = 1
        self.line_start = 0

    def loc(self, at: int | None = None) -> Location:
        """Where ``at`` is (default: the position); counted on from the position, never from the start of
        the file (which made a file of long arguments quadratic)."""
        if at is None or at == self.i:
            return Location(self.file, self.line, self.i - self.line_start + 1)
        if at > self.i:
            newlines = self.text.count("\n", self.i, at)
            line_start = self.text.rfind("\n", self.i, at) + 1 if newlines else self.line_start
            return Location(self.file, self.line + newlines, at - line_start + 1)
        line_start = self.text.rfind("\n", 0, at) + 1  # behind the position: an error's place, once
        return Location(self.file, self.text.count("\n", 0, at) + 1, at - line_start + 1)

    def advance(self, to: int) -> None:
        newlines = self.text.count("\n", self.i, to)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.i, to) + 1
        self.i = to

    def error(self, at: int, message: str) -> AelSyntaxError:
        return AelSyntaxError(self.loc(at), message)

    def run(self) -> None:
        text, n = self.text, len(self.text)
        while self.i < n:
            c = text[self.i]
            if c == "\n":
                self.i += 1
                self.line += 1
                self.line_start = self.i
            elif c in " \t\r\f\v":
                self.i = _BLANKS.match(text, self.i).end()  # type: ignore[union-attr]
            elif text.startswith("//", self.i):
                end = text.find("\n", self.i)
                self.advance(n if end < 0 else end)
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                self.advance(n if end < 0 else end + 2)  # ael.flex: an unclosed comment runs to the end
            elif c == "#" and (m := _INCLUDE.match(text, self.i)):
                where = self.loc()
                self.advance(m.end())
                self.included(m.group(1), where)
            elif text.startswith("=>", self.i):
                self.s._emit("EXTENMARK", "=>", self.loc())
                self.advance(self.i + 2)
            elif c in _PUNCT:
                self.punct(c)
            elif c in _WORD_CHARS or ord(c) > 127 or c == "\\":
                start = self.i
                end = self.word_end(start)
                word = text[start:end]
                kind = "KW_" + word.upper() if word in KEYWORDS else "WORD"
                self.s._emit(kind, word, self.loc())
                self.advance(end)
            else:  # ael.flex's default rule: "Unhandled char(s)", logged and skipped
                self.s.where.notes.append((self.loc(), f"the character {c!r} is not AEL; Asterisk skips it "
                                                       "(\"Unhandled char(s)\")"))
                self.advance(self.i + 1)

    def punct(self, c: str) -> None:
        kind = _PUNCT[c]
        before, before2 = self.s._last(), self.s._last(2)
        if kind == "LC":
            self.s.depth += 1
            if self.s.depth > MAX_NESTING:
                raise self.error(self.i, f"blocks nested more than {MAX_NESTING} deep; no dialplan needs that many: "
                                 "nest fewer blocks")
        elif kind == "RC":
            self.s.depth -= 1
        self.s._emit(kind, c, self.loc())
        self.advance(self.i + 1)
        if kind == "LP":
            if before in _TEST_HEADS:
                self.enclosed(stop=")", split=False)
            elif before == "KW_FOR":
                self.enclosed(stop=";", split=False)
                self.s._emit("SEMI", ";", self.loc())
                self.advance(self.i + 1)
                self.enclosed(stop=";", split=False)
                self.s._emit("SEMI", ";", self.loc())
                self.advance(self.i + 1)
                self.enclosed(stop=")", split=False)
            elif before == "WORD" and before2 != "KW_MACRO":
                self.enclosed(stop=")", split=True)
        elif kind == "EQ":
            self.enclosed(stop=";", split=False)

    def enclosed(self, stop: str, split: bool) -> None:
        """Text up to ``stop`` at the top level, brackets balanced, as one word (``split``: words at commas,
        ``COMMA`` between them, and nothing for ``()``); leaves the position on ``stop`` (``)``: emitted)."""
        text, n = self.text, len(self.text)
        start = self.i
        stack: list[tuple[str, int]] = []
        j = self.i
        while True:
            if j >= n:
                opened = "(" if stop == ")" else "the statement"
                raise self.error(start - 1 if stop == ")" else start, f"{opened} is not closed: the file ends "
                                 f"before its '{stop}'; close it")
            c = text[j]
            if c == "\\" and j + 1 < n:
                j += 2
                continue
            if c in _OPEN:
                stack.append((c, j))
            elif c in _CLOSE:
                if not stack and c == stop:
                    break
                if not stack or stack[-1][0] != _CLOSE[c]:
                    raise self.error(j, f"mismatched '{c}' in this expression; Asterisk refuses the file "
                                     "(\"Mismatched ... in expression\"): balance the brackets")
                stack.pop()
            elif not stack and c == stop:
                break
            elif split and not stack and c == ",":
                self.s._emit("WORD", text[start:j], self.loc(start)) if j > start else None
                self.advance(j)
                self.s._emit("COMMA", ",", self.loc())
                start = j + 1
            j += 1
        if j > start or (split and self.s._last() == "COMMA") or not split:
            self.s._emit("WORD", text[start:j], self.loc(start))
        self.advance(j)
        if stop == ")":
            self.s._emit("RP", ")", self.loc())
            self.advance(j + 1)

    def word_end(self, i: int) -> int:
        """The end of the word starting at ``i`` (``${...}`` and ``$[...]`` balanced, ``\\x`` escapes)."""
        text, n = self.text, len(self.text)
        while i < n:
            c = text[i]
            if c == "$" and i + 1 < n and text[i + 1] in "{[":
                i = self.balanced(i + 1)
            elif c == "\\" and i + 1 < n:
                i += 2
            elif c in _WORD_CHARS or ord(c) > 127:
                i += 1
            else:
                break
        return i

    def balanced(self, i: int) -> int:
        """The position after the bracket that closes the one at ``i``."""
        text, n = self.text, len(self.text)
        stack = [text[i]]
        j = i + 1
        while j < n:
            c = text[j]
            if c == "\\" and j + 1 < n:
                j += 2
                continue
            if c in _OPEN:
                stack.append(c)
            elif c in _CLOSE:
                if stack[-1] != _CLOSE[c]:
                    raise self.error(j, f"mismatched '{c}' in this expression; Asterisk refuses the file "
                                     "(\"Mismatched ... in expression\"): balance the brackets")
                stack.pop()
                if not stack:
                    return j + 1
            j += 1
        raise self.error(i - 1, f"'${text[i]}' is not closed: the file ends before its '{_OPEN[text[i]]}'; close it")

    def included(self, name: str, where: Location) -> None:
        if self.s.include is None:
            return
        if self.depth + 1 >= MAX_INCLUDE_DEPTH:
            raise AelSyntaxError(where, f"#include nested more than {MAX_INCLUDE_DEPTH} deep, where Asterisk stops "
                                 "(\"Includes nested too deeply\"); include less deep")
        for file, text in self.s.include(name, self.file, where, self.depth + 1):
            self.s.where.files.append(file)
            self.s.where.lines += text.count("\n") + 1
            _Text(self.s, text, file, self.depth + 1).run()


class _PreLexed(Lexer):
    """Hands lark the tokens the :class:`Scanner` made."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", lexer=_PreLexed, maybe_placeholders=False,
                start=["start", "elements_fragment", "statements_fragment"])


_WHAT = {"LC": "'{'", "RC": "'}'", "LP": "'('", "RP": "')'", "SEMI": "';'", "EQ": "'='", "COMMA": "','",
         "COLON": "':'", "AMPER": "'&'", "BAR": "'|'", "AT": "'@'", "EXTENMARK": "'=>'", "WORD": "a word",
         "$END": "the end of the file"}


def _what(kind: str) -> str:
    return _WHAT.get(kind, f"'{kind[3:].lower()}'" if kind.startswith("KW_") else kind)


def _hint(token: Token, expected: set[str], before: list[Token]) -> str:
    if token.type == "WORD" and len(before) >= 2 and before[-1].type == "WORD" and before[-2].type == "SEMI" \
            and before[-2].line == token.line:
        return ("; a ';' ends a statement in AEL, it does not start a comment (Asterisk refuses the file): write "
                "// before the comment")
    if token.type == "WORD" and token.value.startswith(("#", ";")):
        return (f"; AEL comments are '//' and '/* */' ('{token.value[0]}' is not a comment in AEL, Asterisk "
                "refuses the file): write // before it")
    if "SEMI" in expected and len(expected) <= 6:
        return "; end the statement with ';'"
    if token.type == "WORD" and ("EXTENMARK" in expected or "COLON" in expected):
        return "; write 'NAME => statement;' for an extension, 'App(arguments);' for a statement"
    return "; see the AEL grammar (docs.asterisk.org: AEL)"


def parse(text: str, file: str, include: Include | None = None) -> tuple[Tree[Token], Where]:
    """The syntax tree of an AEL file and where each token is; :class:`AelSyntaxError` when Asterisk would
    refuse it (the first error, located)."""
    where = Where()
    tokens = Scanner(where, include).scan(text, file)
    try:
        tree = _parser().parse(tokens, start="start")
    except UnexpectedToken as bad:
        for start, what in (("elements_fragment", "extensions"), ("statements_fragment", "statements")):
            try:
                _parser().parse(tokens, start=start)
            except UnexpectedInput:
                continue
            raise AelFragment(where.locations[0] if where.locations else Location(file, 1, 1), what) from None
        token = bad.token
        expected = set(bad.expected)
        if token.type == "$END":
            last = where.locations[-1] if where.locations else Location(file, 1, 1)
            shown = ", ".join(sorted(_what(e) for e in expected)[:6])
            raise AelSyntaxError(last, f"syntax error: the file ends here, where AEL expects {shown}; Asterisk "
                                 "refuses the file: close what is open") from None
        shown = ", ".join(sorted(_what(e) for e in expected)[:6])
        value = token.value if len(token.value) <= 40 else token.value[:37] + "..."
        before = tokens[max(0, (token.start_pos or 0) - 2):token.start_pos or 0]
        hint = _hint(token, expected, before)
        if "does not start a comment" in hint:  # the place to fix is the ';' that was meant as a comment
            raise AelSyntaxError(where.of(before[-2]), "syntax error: AEL reads this ';' as the end of a statement "
                                 f"and the words after it as a statement, which they are not{hint}")
        raise AelSyntaxError(where.of(token), f"syntax error at {_what(token.type)} '{value}': AEL expects "
                             f"{shown} here, and Asterisk refuses the whole file{hint}") from None
    except (UnexpectedEOF, UnexpectedCharacters, UnexpectedInput) as bad:  # pragma: no cover - tokens are ours
        raise AelSyntaxError(Location(file, 1, 1), f"syntax error: {bad}") from None
    return tree, where


def words(node: Tree[Token], kind: str = "WORD") -> list[Token]:
    """The tokens of ``kind`` directly under ``node``."""
    return [c for c in node.children if isinstance(c, Token) and c.type == kind]

