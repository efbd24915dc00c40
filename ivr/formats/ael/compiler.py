"""Compile an AEL syntax tree into the dialplan Asterisk runs: contexts, extensions, priorities.

This follows Asterisk's own compiler (``res/ael/pval.c``: ``ast_compile_ael2``, ``gen_prios``,
``add_extensions``), so that the Asterisk walker (:mod:`ivr.formats.asterisk.walker`) reads AEL
with every dialplan semantic it knows; each priority keeps the location of the AEL statement
it comes from.

- A statement ``App(args);`` is a priority; ``x = expr;`` is ``MSet(x=$[expr])`` (a plain number
  or word is written ``Set(x=value)``, which is the same); ``local x = expr;`` sets ``LOCAL(x)``.
- A label names the next priority; a label that ends an extension gets a ``NoOp`` to name.
- ``if (c) A else B`` is ``GotoIf($[c]?first-of-A:first-of-B)``, ``A`` ending in a ``Goto`` past
  ``B``; ``random (n)`` tests ``$[${RAND(0,99)} < (n)]``; ``ifTime (t|d|m|y)`` is
  ``GotoIfTime(t,d,m,y?A)`` then a ``Goto`` to ``B`` or the end.
- ``for (init; test; inc)`` and ``while (test)`` are a ``GotoIf`` test, the body and a ``Goto``
  back; ``break`` and ``continue`` are ``Goto`` s to the end or to the test.
- ``switch (e)`` in pval.c is ``Goto(sw_N_${e},10)`` into one extension ``sw_N_VALUE`` per
  ``case``, ``_sw_N_PATTERN`` per ``pattern`` and ``_sw_N_.`` for ``default`` (with ``sw_N_`` for
  the empty value), in the same context, their priorities numbered from 10; a case that does not
  end in ``break``, ``goto`` or ``return`` falls through to the next one; a value no case takes
  lands on an extension that does not exist, where Asterisk hangs up. The walker cannot follow a
  computed ``Goto``, so the compiled ``Goto(sw_N_${e},10)`` is written as what Asterisk's
  extension matching does with it: a ``GotoIf`` per case (``$["${e}" = "VALUE"]``; exact names
  match before patterns), then per pattern (``=~`` its regular expression), then the default
  (or the missing extension). A ``Read()`` followed by such a switch is thus a menu.
- ``macro m(a, b) { ... }`` is a context ``m`` with an extension ``~~s~~`` that sets ``LOCAL(a)``
  from ``${ARG1}``... and ends in ``Return()``; ``&m(x, y);`` is ``Gosub(m,~~s~~,1(x,y))``;
  ``catch h { ... }`` is the extension ``h`` of the macro's context.
- ``goto label;`` / ``goto ext,label;`` / ``goto ctx,ext,label;`` are ``Goto`` s (``|`` as well as ``,``);
  ``jump ext[,pri][@ctx];`` is ``Goto([ctx,]ext,pri)`` with ``pri`` 1 when not written.
- ``includes { ctx; ctx|times; }`` are includes (the times are not modelled: always included);
  ``globals``, ``ignorepat``, ``switches`` and ``hint`` change no caller's path and are not kept.

pval.c's semantic check (``check_pval``) stops the load on the errors it counts; those that
decide whether Asterisk loads the file are errors here too: a ``goto`` to a label that does not
exist, a duplicate label in an extension, ``break``/``continue`` outside a loop, a macro called
with a different number of arguments than it declares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token, Tree

from ivr.formats.ael.syntax import AelSyntaxError, Where, words
from ivr.formats.asterisk.apps import HANGUPS
from ivr.formats.asterisk.dialplan import Context, Dialplan, Extension, Priority
from ivr.model.errors import LoadError
from ivr.model.menu import Location

__all__ = ["compile_tree"]

_PLAIN = re.compile(r"^[\w.-]*$")
#: marks the Goto a switch with no default makes for a value no case takes
_NO_CASE = "no case"


@dataclass(eq=False, slots=True)
class _Prio:
    """A priority before numbering: an application, or a jump to another ``_Prio`` (pval.c's control types)."""

    app: str
    args: str
    location: Location
    label: str | None = None
    #: Goto to this priority (``AEL_CONTROL1``), or GotoIf's false target (its true target is the next one)
    target: _Prio | None = None
    #: GotoIf: the condition; GotoIfTime: the time spec
    test: str | None = None
    #: the extension this priority is in (a Goto into another extension names it)
    owner: _Ext | None = None
    number: int = 0


@dataclass(eq=False, slots=True)
class _Ext:
    name: str
    location: Location
    first: int = 1
    prios: list[_Prio] = field(default_factory=list)
    #: a label waiting for the next priority
    pending: list[tuple[str, Location]] = field(default_factory=list)


@dataclass(slots=True)
class _Scope:
    ext: _Ext
    context: str
    #: where ``break`` and ``continue`` go (None: not in a loop or switch)
    brk: _Prio | None = None
    cont: _Prio | None = None
    #: the extension whose statements a switch case is part of (``goto label`` names it)
    mother: _Ext | None = None
    macro: bool = False


class _Compiler:
    def __init__(self, where: Where, plan: Dialplan):
        self.where = where
        self.plan = plan
        self.count = 0
        #: name -> number of parameters
        self.macros: dict[str, int] = {}
        self.exts: list[tuple[str, _Ext]] = []
        #: checked once every extension is compiled: (the goto, its scope's extension, [parts])
        self.gotos: list[tuple[Location, _Ext, _Ext | None, str, list[str]]] = []
        #: extensions written twice in one context: (context, extension, first, second)
        self.duplicates: list[tuple[str, str, Location, Location]] = []

    def loc(self, token: Token) -> Location:
        return self.where.of(token)

    def fail(self, location: Location, message: str) -> AelSyntaxError:
        return AelSyntaxError(location, message)

    # -- top level -------------------------------------------------------------------------------------
    def run(self, tree: Tree[Token]) -> None:
        for item in tree.children:
            if isinstance(item, Tree) and item.data == "macro":
                name = words(item)[0]
                params = item.children[3]
                assert isinstance(params, Tree)
                self.macros[str(name)] = len(words(params))
        for item in tree.children:
            if not isinstance(item, Tree):
                continue
            if item.data == "context":
                self.context(item)
            elif item.data == "macro":
                self.macro(item)
        self.finish()

    def context_named(self, name: str, location: Location) -> Context:
        context = self.plan.contexts.get(name)
        if context is None:
            context = Context(name, location)
            self.plan.contexts[name] = context
        return context

    def context(self, node: Tree[Token]) -> None:
        name_node = next(c for c in node.children if isinstance(c, Tree) and c.data == "context_name")
        token = name_node.children[0]
        assert isinstance(token, Token)
        name = str(token)
        self.context_named(name, self.loc(token))
        for element in node.children:
            if not isinstance(element, Tree):
                continue
            if element.data == "extension":
                self.extension(element, name)
            elif element.data == "includes":
                self.includes(element, name)

    def macro(self, node: Tree[Token]) -> None:
        name = words(node)[0]
        params_node = node.children[3]
        assert isinstance(params_node, Tree)
        params = words(params_node)
        context = str(name)
        self.context_named(context, self.loc(name))
        ext = _Ext("~~s~~", self.loc(name))
        scope = _Scope(ext, context, macro=True)
        for i, param in enumerate(params, 1):  # pval.c: "Set(LOCAL(%s)=${ARG%d})"
            self.add(scope, _Prio("Set", f"LOCAL({param})=${{ARG{i}}}", self.loc(param)))
        body = [c for c in node.children[6:] if isinstance(c, Tree)]
        for statement in body:
            if statement.data == "includes":
                self.includes(statement, context)
            elif statement.data == "catch":
                catch_name = words(statement)[0]
                catch = _Ext(str(catch_name), self.loc(catch_name))
                inner = _Scope(catch, context, macro=True)
                for s in statement.children:
                    if isinstance(s, Tree):
                        self.statement(s, inner)
                self.close(catch, context)
            else:
                self.statement(statement, scope)
        if not ext.prios or ext.prios[-1].app != "Return":  # pval.c: a macro ends in Return()
            self.add(scope, _Prio("Return", "", self.loc(node.children[-1]) if isinstance(node.children[-1], Token)
                                  else self.loc(name)))
        self.close(ext, context)

    def includes(self, node: Tree[Token], context: str) -> None:
        for entry in node.children:
            if isinstance(entry, Tree) and entry.data == "included":
                name_node = entry.children[0]
                assert isinstance(name_node, Tree)
                token = name_node.children[0]
                assert isinstance(token, Token)
                self.plan.contexts[context].includes.append((str(token), self.loc(token)))

    def extension(self, node: Tree[Token], context: str) -> None:
        tokens = [c for c in node.children if isinstance(c, Token)]
        mark = next(i for i, t in enumerate(tokens) if t.type == "EXTENMARK")
        names = [t for t in tokens[:mark] if t.type == "WORD"]
        name = "@".join(str(n) for n in names).partition("/")[0]  # pval.c: name/cid: the caller id is not ours
        ext = _Ext(name, self.loc(names[0]))
        scope = _Scope(ext, context)
        body = node.children[-1]
        if isinstance(body, Tree):
            self.statement(body, scope)
        self.close(ext, context)

    def close(self, ext: _Ext, context: str) -> None:
        if ext.pending:  # pval.c: "A NoOp to follow a trailing label"
            self.add_to(ext, _Prio("NoOp", f"A NoOp to follow a trailing label {ext.pending[-1][0]}",
                                   ext.pending[-1][1]))
        self.exts.append((context, ext))

    # -- statements ------------------------------------------------------------------------------------
    def add(self, scope: _Scope, prio: _Prio) -> _Prio:
        return self.add_to(scope.ext, prio)

    def add_to(self, ext: _Ext, prio: _Prio) -> _Prio:
        if ext.pending:
            prio.label = ext.pending[0][0]
            if len(ext.pending) > 1:  # two labels in a row: the priority carries the last (pval.c links the last)
                prio.label = ext.pending[-1][0]
            ext.pending.clear()
        prio.owner = ext
        ext.prios.append(prio)
        return prio

    def noop(self, scope: _Scope, text: str, location: Location) -> _Prio:
        return _Prio("NoOp", text, location, owner=scope.ext)

    def statement(self, node: Tree[Token], scope: _Scope) -> None:
        kind = node.data
        handler = getattr(self, "s_" + str(kind), None)
        if handler is not None:
            handler(node, scope)

    def s_block(self, node: Tree[Token], scope: _Scope) -> None:
        for child in node.children:
            if isinstance(child, Tree):
                self.statement(child, scope)

    def s_assignment(self, node: Tree[Token], scope: _Scope, local: bool = False) -> None:
        name, value = words(node)
        target = f"LOCAL({name})" if local else str(name).strip()
        text = str(value).strip()
        if _PLAIN.match(text):
            self.add(scope, _Prio("Set", f"{target}={text}", self.loc(name)))
        else:
            self.add(scope, _Prio("MSet", f"{target}=$[{text}]", self.loc(name)))

    def s_local_assignment(self, node: Tree[Token], scope: _Scope) -> None:
        self.s_assignment(node, scope, local=True)

    def s_func_assign(self, node: Tree[Token], scope: _Scope) -> None:
        name = words(node)[0]
        args = _args(node.children[2])
        value = [c for c in node.children if isinstance(c, Token) and c.type == "WORD"][-1]
        self.add(scope, _Prio("MSet", f"{name}({','.join(args)})=$[{str(value).strip()}]", self.loc(name)))

    def s_app_call(self, node: Tree[Token], scope: _Scope) -> None:
        name = words(node)[0]
        args = _args(node.children[2]) if len(node.children) > 2 and isinstance(node.children[2], Tree) else []
        location = self.loc(name)
        if str(name) in self.macros:
            raise self.fail(location, f"application call to {name} references an existing macro, but had no & "
                            f"preceding it; Asterisk refuses the file: write &{name}(...)")
        if str(name).lower() == "goto":  # ael.y: Goto() is read as the goto statement
            self.goto(location, scope, [a.strip() for a in ",".join(args).replace("|", ",").split(",")])
            return
        self.add(scope, _Prio(str(name), ",".join(args).strip(), location))

    def s_macro_call(self, node: Tree[Token], scope: _Scope) -> None:
        name = words(node)[0]
        args = _args(node.children[3])
        location = self.loc(name)
        declared = self.macros.get(str(name))
        given = len(args) if any(a.strip() for a in args) or len(args) > 1 else 0
        if declared is not None and declared != given:
            raise self.fail(location, f"the macro call to {name} has {given} arguments, but the macro definition "
                            f"has {declared}; Asterisk refuses the file: pass {declared}")
        call = f"{name},~~s~~,1" + (f"({','.join(a.strip() for a in args)})" if given else "")
        self.add(scope, _Prio("Gosub", call, location))

    def s_label(self, node: Tree[Token], scope: _Scope) -> None:
        name = words(node)[0]
        scope.ext.pending.append((str(name), self.loc(name)))

    def s_goto(self, node: Tree[Token], scope: _Scope) -> None:
        target = node.children[1]
        assert isinstance(target, Tree)
        parts = ["".join(str(t) for t in tword.children) for tword in target.children if isinstance(tword, Tree)]
        self.goto(self.loc(node.children[0]), scope, parts)  # type: ignore[arg-type]

    def s_jump(self, node: Tree[Token], scope: _Scope) -> None:
        twords = [c for c in node.children if isinstance(c, Tree) and c.data == "tword"]
        ext = "".join(str(t) for t in twords[0].children)
        priority = "".join(str(t) for t in twords[1].children) if len(twords) > 1 else "1"
        context = next((c for c in node.children if isinstance(c, Tree) and c.data == "context_name"), None)
        keyword = node.children[0]
        assert isinstance(keyword, Token)
        if context is not None:
            self.goto(self.loc(keyword), scope, [str(context.children[0]), ext, priority])
        else:
            self.goto(self.loc(keyword), scope, [ext, priority])

    def goto(self, location: Location, scope: _Scope, parts: list[str]) -> None:
        if len(parts) > 3 or not all(parts):
            raise self.fail(location, "goto: empty label reference found; Asterisk refuses the file: write "
                            "goto label; goto extension,label; or goto context,extension,label;")
        if len(parts) == 1 and scope.mother is not None:  # pval.c: a label in a case names the extension
            args = f"{scope.mother.name},{parts[0]}"
        else:
            args = ",".join(parts)
        self.add(scope, _Prio("Goto", args, location))
        self.gotos.append((location, scope.ext, scope.mother, scope.context, parts))

    def s_break(self, node: Tree[Token], scope: _Scope) -> None:
        location = self.loc(node.children[0])  # type: ignore[arg-type]
        if scope.brk is None:
            raise self.fail(location, "'break' not in switch, for, or while statement; Asterisk refuses the file: "
                            "take it out")
        self.add(scope, _Prio("Goto", "", location, target=scope.brk))

    def s_continue(self, node: Tree[Token], scope: _Scope) -> None:
        location = self.loc(node.children[0])  # type: ignore[arg-type]
        if scope.cont is None:
            raise self.fail(location, "'continue' not in 'for' or 'while' statement; Asterisk refuses the file: "
                            "take it out")
        self.add(scope, _Prio("Goto", "", location, target=scope.cont))

    def s_return(self, node: Tree[Token], scope: _Scope) -> None:
        self.add(scope, _Prio("Return", "", self.loc(node.children[0])))  # type: ignore[arg-type]

    def s_if(self, node: Tree[Token], scope: _Scope) -> None:
        head = node.children[0]
        assert isinstance(head, Tree)
        bodies = [c for c in node.children[1:] if isinstance(c, Tree)]
        then, otherwise = bodies[0], (bodies[1] if len(bodies) > 1 else None)
        keyword = head.children[0]
        assert isinstance(keyword, Token)
        location = self.loc(keyword)
        self.count += 1
        end = self.noop(scope, f"Finish if_{scope.ext.name}_{self.count}", location)
        if head.data == "iftime_test":
            spec = head.children[2]
            assert isinstance(spec, Tree)
            test = _timespec(spec)
            jump_else = _Prio("Goto", "", location)
            self.add(scope, _Prio("GotoIfTime", "", location, test=test, target=None))
            self.add(scope, jump_else)
            self.statement(then, scope)
            if otherwise is not None:
                self.add(scope, _Prio("Goto", "", location, target=end))
                start = len(scope.ext.prios)
                self.statement(otherwise, scope)
                jump_else.target = scope.ext.prios[start] if len(scope.ext.prios) > start else end
            else:
                jump_else.target = end
            self.add(scope, end)
            return
        condition = str(head.children[2])
        if head.data == "random_test":
            condition = f"${{RAND(0,99)}} < ({condition})"
        branch = self.add(scope, _Prio("GotoIf", "", location, test=f"$[{condition}]"))
        self.statement(then, scope)
        if otherwise is not None:
            self.add(scope, _Prio("Goto", "", location, target=end))
            start = len(scope.ext.prios)
            self.statement(otherwise, scope)
            branch.target = scope.ext.prios[start] if len(scope.ext.prios) > start else end
        else:
            branch.target = end
        self.add(scope, end)

    def s_while(self, node: Tree[Token], scope: _Scope) -> None:
        keyword = node.children[0]
        assert isinstance(keyword, Token)
        location = self.loc(keyword)
        self.count += 1
        end = self.noop(scope, f"Finish while_{scope.ext.name}_{self.count}", location)
        test = self.add(scope, _Prio("GotoIf", "", location, test=f"$[{node.children[2]}]", target=end))
        inner = _Scope(scope.ext, scope.context, end, test, scope.mother, scope.macro)
        body = node.children[-1]
        if isinstance(body, Tree):
            self.statement(body, inner)
        self.add(scope, _Prio("Goto", "", location, target=test))
        self.add(scope, end)

    def s_for(self, node: Tree[Token], scope: _Scope) -> None:
        keyword = node.children[0]
        assert isinstance(keyword, Token)
        location = self.loc(keyword)
        init, cond, inc = (str(w).strip() for w in words(node))
        self.count += 1
        end = self.noop(scope, f"Finish for_{scope.ext.name}_{self.count}", location)
        self.add(scope, _step(init, location))
        test = self.add(scope, _Prio("GotoIf", "", location, test=f"$[{cond}]", target=end))
        increment = _step(inc, location)
        increment.owner = scope.ext
        inner = _Scope(scope.ext, scope.context, end, increment, scope.mother, scope.macro)
        body = node.children[-1]
        if isinstance(body, Tree):
            self.statement(body, inner)
        self.add(scope, increment)
        self.add(scope, _Prio("Goto", "", location, target=test))
        self.add(scope, end)

    def s_switch(self, node: Tree[Token], scope: _Scope) -> None:
        keyword = node.children[0]
        assert isinstance(keyword, Token)
        location = self.loc(keyword)
        expression = str(node.children[2]).strip()
        self.count += 1
        n = self.count
        cases = [c for c in node.children if isinstance(c, Tree) and c.data == "case"]
        end = self.noop(scope, f"Finish switch_{scope.ext.name}_{n}", location)

        def name_of(case: Tree[Token]) -> str:
            kind = case.children[0]
            assert isinstance(kind, Token)
            if kind.type == "KW_DEFAULT":
                return f"_sw_{n}_."
            value = str(case.children[1])
            return f"_sw_{n}_{value[1:] if value.startswith('_') else value}" if kind.type == "KW_PATTERN" \
                else f"sw_{n}_{value}"

        # the dispatch: what Goto(sw_N_${e},10) finds (exact names, then patterns, then the default)
        exact = [c for c in cases if c.children[0].type == "KW_CASE"]  # type: ignore[union-attr]
        patterns = [c for c in cases if c.children[0].type == "KW_PATTERN"]  # type: ignore[union-attr]
        default = next((c for c in cases if c.children[0].type == "KW_DEFAULT"), None)  # type: ignore[union-attr]
        for case in exact:
            value = str(case.children[1])
            self.add(scope, _Prio("GotoIf", f'$["{expression}" = "{value}"]?{name_of(case)},10',
                                  self.loc(case.children[0])))  # type: ignore[arg-type]
        for case in patterns:
            regex = _pattern_regex(str(case.children[1]))
            self.add(scope, _Prio("GotoIf", f'$["{expression}" =~ "{regex}"]?{name_of(case)},10',
                                  self.loc(case.children[0])))  # type: ignore[arg-type]
        if default is not None:
            self.add(scope, _Prio("Goto", f"{name_of(default)},10", self.loc(default.children[0])))  # type: ignore
        else:  # no case takes the value: Goto() to an extension that does not exist (see finish)
            self.add(scope, _Prio("Goto", f"sw_{n}_,10", location, test=_NO_CASE))
        self.add(scope, end)
        mother = scope.mother or scope.ext
        for i, case in enumerate(cases):
            kind = case.children[0]
            assert isinstance(kind, Token)
            ext = _Ext(name_of(case), self.loc(kind), first=10)
            inner = _Scope(ext, scope.context, end, scope.cont, mother, scope.macro)
            body = [c for c in case.children if isinstance(c, Tree)]
            for statement in body:
                self.statement(statement, inner)
            last = body[-1].data if body else None
            if last not in ("goto", "jump", "break", "return"):  # pval.c: fall through to the next case
                if i + 1 < len(cases):
                    self.add_to(ext, _Prio("Goto", f"{name_of(cases[i + 1])},10", self.loc(kind)))
                    if body and not _ends_call(body[-1]):
                        self.plan.warnings.append(LoadError(self.loc(kind), f"{_case_words(case)} has no break: "
                                                            f"after its statements Asterisk goes on with "
                                                            f"{_case_words(cases[i + 1])} (pval.c falls through); "
                                                            "write break; at its end if that is not meant"))
                else:
                    self.add_to(ext, _Prio("Goto", "", self.loc(kind), target=end))
            self.close(ext, scope.context)

    # -- numbering and output --------------------------------------------------------------------------
    def finish(self) -> None:
        for _, ext in self.exts:
            for i, prio in enumerate(ext.prios):
                prio.number = ext.first + i
        self.check_gotos()
        for context_name, ext in self.exts:
            context = self.plan.contexts[context_name]
            if ext.name in context.extensions:
                self.duplicates.append((context_name, ext.name, context.extensions[ext.name].location, ext.location))
                self.plan.warnings.append(LoadError(ext.location, f"extension '{ext.name}' is defined twice in "
                                                    f"context '{context_name}'; Asterisk keeps the first one "
                                                    "(\"Unable to register extension\") and drops this one"))
                continue
            out = Extension(ext.name, ext.location)
            for prio in ext.prios:
                app, args = prio.app, prio.args
                if prio.test is not None and app == "GotoIf":
                    false = prio.target
                    args = f"{prio.test}?{prio.number + 1}:{self.ref(false, ext)}" if false else prio.args
                elif app == "GotoIfTime":
                    args = f"{prio.test}?{prio.number + 2}"
                elif app == "Goto" and prio.test == _NO_CASE:
                    # Asterisk, on an extension that does not exist, goes to 'i' when the context has one, else
                    # hangs up (main/pbx.c, __ast_pbx_run: "sent to invalid extension")
                    args = "i,1" if self.has_i(context_name) else args
                elif app == "Goto" and prio.target is not None:
                    args = self.ref(prio.target, ext)
                out.priorities.append(Priority(ext.name, prio.number, prio.label, app, args, prio.location))
            context.extensions[ext.name] = out

    def has_i(self, context: str) -> bool:
        return any(c == context and e.name == "i" for c, e in self.exts)

    @staticmethod
    def ref(target: _Prio, ext: _Ext) -> str:
        return str(target.number) if target.owner is ext else f"{target.owner.name if target.owner else ''}," \
                                                                f"{target.number}"

    def check_gotos(self) -> None:
        """pval.c ``check_goto``: a label that does not exist stops the load."""
        by_context: dict[str, dict[str, _Ext]] = {}
        for context_name, ext in self.exts:
            by_context.setdefault(context_name, {}).setdefault(ext.name, ext)
        for location, ext, mother, context, parts in self.gotos:
            if any("${" in p or "$[" in p for p in parts):
                continue
            if len(parts) == 1:
                owners = [e for e in (ext, mother) if e is not None]
                if parts[0] == "1" or any(_has_label(e, parts[0]) for e in owners):
                    continue
                raise self.fail(location, f"goto: no label {parts[0]} exists in the current extension; Asterisk "
                                "refuses the file: name a label of this extension")
            if len(parts) == 2:
                exts = self.reachable(by_context, context)
                target = exts.get(parts[0])
                if target is None or parts[1] == "1" or _has_label(target, parts[1]):
                    continue  # pval.c looks the extension up with pattern matching; an unknown one is not its error
                raise self.fail(location, f"goto: no label '{parts[0]},{parts[1]}' exists in the current context, "
                                "or any of its inclusions; Asterisk refuses the file: name a label that exists")
            if len(parts) == 3 and parts[0] in by_context:
                exts = self.reachable(by_context, parts[0])
                target = exts.get(parts[1])
                if target is None or parts[2] == "1" or _has_label(target, parts[2]):
                    continue
                raise self.fail(location, f"goto: no label {parts[1]}|{parts[2]} exists in the context {parts[0]} "
                                "or its inclusions; Asterisk refuses the file: name a label that exists")

    def reachable(self, by_context: dict[str, dict[str, _Ext]], context: str) -> dict[str, _Ext]:
        found: dict[str, _Ext] = {}
        stack, seen = [context], set()
        while stack:
            name = stack.pop(0)
            if name in seen:
                continue
            seen.add(name)
            for ext_name, ext in by_context.get(name, {}).items():
                found.setdefault(ext_name, ext)
            if name in self.plan.contexts:
                stack.extend(inc for inc, _ in self.plan.contexts[name].includes)
        return found


def _case_words(case: Tree[Token]) -> str:
    kind = case.children[0]
    assert isinstance(kind, Token)
    return "the default case" if kind.type == "KW_DEFAULT" else f"{kind} {case.children[1]}"


def _ends_call(statement: Tree[Token]) -> bool:
    """Whether the statement hangs up (``Hangup();``), so that nothing falls through after it."""
    if statement.data != "app_call":
        return False
    name = statement.children[0]
    return isinstance(name, Token) and str(name).lower() in HANGUPS


def _has_label(ext: _Ext, label: str) -> bool:
    return any(p.label == label for p in ext.prios) or any(name == label for name, _ in ext.pending)


def _args(node: object) -> list[str]:
    """An ``args`` node's arguments, empty ones included (``App(,x)``)."""
    if not isinstance(node, Tree):
        return []
    out = [""]
    for child in node.children:
        if isinstance(child, Token) and child.type == "COMMA":
            out.append("")
        elif isinstance(child, Token):
            out[-1] += str(child)
    return out if out != [""] else []


def _timespec(node: Tree[Token]) -> str:
    """``ifTime (times|weekdays|days|months)`` as GotoIfTime's ``times,weekdays,days,months``."""
    parts = [""]
    for child in node.children:
        if isinstance(child, Token) and child.type == "BAR":
            parts.append("")
        elif isinstance(child, Token):
            parts[-1] += str(child)
    return ",".join(parts)


def _step(text: str, location: Location) -> _Prio:
    """A ``for`` init or increment: an assignment, ``&macro(...)`` or ``App(...)`` (pval.c ``PV_FOR``)."""
    name, eq, value = text.partition("=")
    if eq and "(" not in name:
        return _Prio("MSet", f"{name.strip()}=$[{value.strip()}]", location)
    body = text.strip()
    if body.startswith("&"):
        macro, _, args = body[1:].strip().partition("(")
        return _Prio("Gosub", f"{macro.strip()},~~s~~,1({args.rstrip(')')})", location)
    app, _, args = body.partition("(")
    return _Prio(app.strip() or "NoOp", args.rstrip(")"), location)


def _pattern_regex(pattern: str) -> str:
    """An Asterisk extension pattern (``_X.``) as the regular expression it matches."""
    out = []
    i = 1 if pattern.startswith("_") else 0
    while i < len(pattern):
        c = pattern[i]
        if c in "Xx":
            out.append("[0-9]")
        elif c in "Zz":
            out.append("[1-9]")
        elif c in "Nn":
            out.append("[2-9]")
        elif c == ".":
            out.append(".+")
        elif c == "!":
            out.append(".*")
        elif c == "[":
            end = pattern.find("]", i)
            end = len(pattern) - 1 if end < 0 else end
            out.append(pattern[i:end + 1])
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "^" + "".join(out) + "$"


def compile_tree(tree: Tree[Token], where: Where, plan: Dialplan) -> list[tuple[str, str, Location, Location]]:
    """Add what the AEL ``tree`` defines to ``plan`` (:class:`AelSyntaxError` for what stops Asterisk's load);
    the extensions written twice in one context, of which Asterisk keeps the first: (context, name, first, second)."""
    compiler = _Compiler(where, plan)
    compiler.run(tree)
    return compiler.duplicates
