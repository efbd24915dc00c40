"""The loader: locations, duplicate keys, and a clear located error for every kind of bad input."""

from __future__ import annotations

import dataclasses
import gc
import json

import fastjsonschema
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ivr.cli import cli

from ivr.model.errors import InvalidMenu
from ivr.formats.native.loader import load_menu
from ivr.model.menu import NODE_TYPES, Node
from ivr.formats.native.validate import schema
from ivr.formats.native.yamlfile import ALIAS_TEXT_ALLOWANCE, MAX_DEPTH, read_yaml

GOOD = """
    ivr: Acme
    start: main
    nodes:
      main:
        type: menu
        prompt: Press 1 for cards, 0 for an agent.
        options:
          1: {label: Cards, goto: cards}
          "0": {label: Agent, goto: agents}
        on_fail: agents
      cards: {type: transfer, queue: cards}
      agents: {type: transfer, queue: general}
"""


def errors_of(path) -> list[str]:
    with pytest.raises(InvalidMenu) as caught:
        load_menu(path)
    return [str(e) for e in caught.value.errors]


def test_every_node_option_and_field_is_located(write_menu):
    path = write_menu(GOOD)
    menu = load_menu(path)
    main = menu.nodes["main"]
    assert (main.location.line, main.location.column) == (4, 3)
    assert main.fields["prompt"].line == 6
    assert (main.options["1"].location.line, main.options["1"].location.column) == (8, 7)
    assert (main.options["0"].goto.location.line, main.options["0"].goto.location.column) == (9, 33)
    assert main.on_fail.location.line == 10
    assert menu.start.location.line == 2
    assert str(main.location) == f"{path}:4:3"


def test_quoted_and_unquoted_keys_are_the_same_key(write_menu):
    menu = load_menu(write_menu(GOOD))
    assert set(menu.nodes["main"].options) == {"1", "0"}


def test_duplicates_keep_the_first_and_are_recorded(write_menu):
    path = write_menu(GOOD.replace('"0": {label: Agent', '"1": {label: Agent'))
    menu = load_menu(path)
    assert menu.nodes["main"].options["1"].label == "Cards"
    (dup,) = menu.duplicates
    assert (dup.key, dup.path, dup.first.line, dup.second.line) == ("1", ("nodes", "main", "options"), 8, 9)


def test_multilingual_prompts(write_menu):
    menu = load_menu(write_menu("""
        ivr: Rail
        start: main
        language: de
        nodes:
          main:
            type: menu
            prompt: {de: "Für Fahrpläne drücken Sie die 1.", hu: "A menetrendhez nyomja meg az 1-es gombot."}
            options: {1: {goto: agents}}
            on_fail: agents
          agents: {type: transfer, queue: general}
    """))
    assert menu.nodes["main"].prompt.texts["hu"].startswith("A menetrendhez")
    assert menu.language == "de"


def test_merge_keys_fill_in_without_overriding(write_menu):
    path = write_menu("""
        ivr: Merge
        start: main
        nodes:
          base: &base {type: menu, prompt: Base., retries: 2, on_fail: agents, options: {0: {goto: agents}}}
          main:
            <<: *base
            retries: 5
          agents: {type: transfer, queue: general}
    """)
    menu = load_menu(path)
    assert menu.nodes["main"].retries == 5
    assert menu.nodes["main"].on_fail.target == "agents"
    assert menu.duplicates == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # not YAML
        ("ivr: [unclosed\nstart: a\n", "invalid YAML"),
        ("ivr: x\n\tstart: a\n", "invalid YAML"),
        ("ivr: x\nstart: a\nnodes:\n  a:\n    options:\n      *: {goto: b}\n", "quote"),
        ("ivr: x\nstart: a\nnodes: !!python/object:os.system {}\n", "invalid YAML"),
        ("ivr: x\nstart: a\nnodes: !custom {}\n", "invalid YAML"),
        ("? [a, b]\n: 1\n", "a key must be plain text"),
        ("ivr: x\n---\nivr: y\n", "invalid YAML"),
        # not a menu
        ("- a\n- b\n", "must be a mapping with 'ivr', 'start' and 'nodes', not a list"),
        ("just text\n", "must be a mapping with 'ivr', 'start' and 'nodes', not text"),
        ("# only a comment\n", "holds no YAML document"),
        ("ivr: x\nnodes: {a: {type: hangup}}\n", "the top level has no 'start'; add 'start: <id of the first node>'"),
        ("ivr: x\nstart: a\nnodes: {}\n", "'nodes' is empty"),
        ("ivr: x\nstart: a\nnodes: {a: {type: hangup}}\nversion: 2\n", "format version 1"),
        ("ivr: x\nstart: a\nnodes: {a: {type: hangup}}\nintro: hi\n", "unknown field 'intro' in the top level"),
    ],
)
def test_bad_documents(write_menu, text, expected):
    errors = errors_of(write_menu(text))
    assert any(expected in e for e in errors), errors


@pytest.mark.parametrize(
    "node, line_col, expected",
    [
        ("{type: message, prompt: Hi., gotoo: a}", "4:35", "unknown field 'gotoo' in node 'a' (did you mean 'goto'?)"),
        ("{type: menuu, prompt: Hi.}", "4:13", "unknown node type 'menuu' in node 'a' (did you mean 'menu'?)"),
        ("{type: menu, prompt: Hi., retries: three}", "4:41", "'retries' of node 'a' must be a whole number, not text ('three')"),
        ("{type: menu, prompt: Hi., timeout: 0}", "4:41", "'timeout' of node 'a' must be more than 0, not 0"),
        ("{type: menu, prompt: Hi., options: {12: {goto: a}}}", "4:42", "option key '12' of node 'a' is not a phone key"),
        ("{type: menu, prompt: Hi., options: {1: {label: x}}}", "4:45", "option 1 of node 'a' has no 'goto'"),
        ("{type: menu, prompt: Hi., options: {1: {goto: 5}}}", "4:52", "must be text, not a number (5); quote it"),
        ("{type: menu}", "4:6", "node 'a' has no 'prompt'"),
        ("{prompt: Hi.}", "4:6", "node 'a' has no 'type'"),
        ("{type: hangup, queue: q}", "4:21", "field 'queue' does not apply to node 'a' of type 'hangup'; it belongs to transfer nodes"),
        ("{type: message, prompt: {english: Hi.}, goto: a}", "4:31", "'english' is not a language code"),
        ("{type: message, prompt: [Hi.], goto: a}", "4:30", "must be text or a mapping, not a list"),
        ("{type: message, prompt: Hi, there, goto: a}", "4:34", "put text with commas in quotes"),
        ("{type: branch, branches: [{goto: a}]}", "4:32", "branch 1 of node 'a' has no 'when'"),
        ("{type: transfer, queue: 7}", "4:30", "'queue' of node 'a' must be text"),
        ("not a mapping", "4:6", "node 'a' must be a mapping, not text"),
    ],
)
def test_bad_nodes_are_located_and_explained(write_menu, node, line_col, expected):
    path = write_menu(f"ivr: x\nstart: a\nnodes:\n  a: {node}\n")
    errors = errors_of(path)
    assert any(e.startswith(f"{path}:{line_col}: ") and expected in e for e in errors), errors


def test_bad_node_id_and_language(write_menu):
    path = write_menu("ivr: x\nstart: a\nlanguage: english\nnodes:\n  main menu: {type: hangup}\n")
    errors = errors_of(path)
    assert f"{path}:3:11: 'english' is not a language code; use a BCP 47 code such as en, de or en-GB" in errors
    assert f"{path}:5:3: node id 'main menu' must not contain spaces, < or > (any other character is " \
           "allowed); rename it, for example to 'main_menu'" in errors


def test_node_ids_may_hold_any_character_but_spaces_and_angle_brackets(write_menu):
    """The message states the schema's real rule: 'main.menu' or 'ménu/1' are fine ids."""
    path = write_menu("ivr: x\nstart: main.menu\nnodes:\n  main.menu: {type: hangup, prompt: Thank you. Goodbye.}\n"
                      "  \"<b>x\": {type: hangup}\n")
    assert errors_of(path) == [f"{path}:5:3: node id '<b>x' must not contain spaces, < or > (any other character "
                               "is allowed); rename it, for example to 'bx'"]


@pytest.mark.parametrize("digits, expected", [
    ("min_digits: 8, max_digits: 4", ["{path}:5:74: 'min_digits' of node 'pin' is 8, more than its 'max_digits' 4: "
                                      "no entry can be valid; make min_digits at most max_digits"]),
    ("min_digits: 4, max_digits: 4", []),
    ("min_digits: 8", []),
])
def test_min_digits_above_max_digits_is_a_located_error(write_menu, digits, expected):
    path = write_menu("ivr: x\nstart: pin\nnodes:\n  done: {type: hangup}\n"
                      f"  pin: {{type: input, prompt: Enter your PIN., goto: done, on_fail: done, {digits}}}\n")
    result = CliRunner().invoke(cli, ["check", path, "--select", "dead-end"])
    assert result.stderr.splitlines() == [e.format(path=path).replace(": '", ": error: '", 1) for e in expected]
    assert result.exit_code == (2 if expected else 0)


def test_every_error_is_reported_in_one_run(write_menu):
    path = write_menu("""
        ivr: x
        start: a
        nodes:
          a: {type: menuu, prompt: Hi.}
          b: {type: message, prompt: Hi., gotoo: a}
          c: {type: menu, prompt: Hi., retries: -1}
    """)
    assert len(errors_of(path)) == 3


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file"),
        (b"ivr: caf\xe9\nstart: a\n", "not UTF-8"),
    ],
)
def test_bad_bytes(write_menu, raw, expected):
    errors = errors_of(write_menu(raw))
    assert any(expected in e for e in errors), errors


def test_non_utf8_error_points_at_the_byte(write_menu):
    path = write_menu(b"ivr: x\nstart: caf\xe9\n")
    assert errors_of(path) == [f"{path}:2:11: the file is not UTF-8 text; save it as UTF-8"]


def test_utf8_bom_and_utf16_are_read(write_menu):
    text = "ivr: x\nstart: a\nnodes: {a: {type: hangup, prompt: Köszönjük.}}\n"
    assert load_menu(write_menu(b"\xef\xbb\xbf" + text.encode())).name == "x"
    assert load_menu(write_menu(text.encode("utf-16"))).nodes["a"].prompt.texts[""] == "Köszönjük."


#: The parsers ivr can read with here: PyYAML's own, and libyaml's where PyYAML was built with it.
PARSERS = ["libyaml", "pure-python"] if hasattr(yaml, "CSafeLoader") else ["pure-python"]


@pytest.fixture(params=PARSERS)
def yaml_parser(request, monkeypatch):
    """Each test that takes it runs with every parser installed: libyaml's and PyYAML's own."""
    import ivr.formats.native.yamlfile

    if request.param == "pure-python":
        monkeypatch.setattr(ivr.formats.native.yamlfile, "_Loader", yaml.SafeLoader)
    return request.param


@pytest.mark.parametrize("depth", [150, 999, 1001, 100_000])
def test_deep_nesting_is_refused_without_crashing(write_menu, depth, yaml_parser):
    # libyaml 0.2.5 and later stop at 1000 levels of their own, further on: the message and its
    # place are ours whichever parser reads the file
    path = write_menu("ivr: " + "[" * depth + "]" * depth + "\n")
    assert errors_of(path) == [f"{path}:1:{5 + MAX_DEPTH}: nesting deeper than 100 levels; a menu needs far "
                               "fewer: flatten this structure"]


@pytest.mark.parametrize("levels", [150, 1500])
def test_deep_block_nesting_is_refused(write_menu, levels, yaml_parser):
    path = write_menu("ivr: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(levels)))
    assert errors_of(path) == [f"{path}:{2 + MAX_DEPTH}:{1 + MAX_DEPTH}: nesting deeper than 100 levels; a menu "
                               "needs far fewer: flatten this structure"]


def test_exponential_aliases_are_refused(write_menu):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    errors = errors_of(write_menu("\n".join(lines) + "\nivr: x\n"))
    assert any("aliases expand this file" in e for e in errors), errors


def test_missing_and_folder_paths(tmp_path):
    assert "cannot read the file" in errors_of(tmp_path / "nope.yaml")[0]
    assert "this is a folder" in errors_of(tmp_path)[0]


# -- the schema and the model cannot drift apart ----------------------------------------------

def test_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(schema())


def test_schema_node_types_are_the_model_node_types():
    assert tuple(schema()["definitions"]["node"]["properties"]["type"]["enum"]) == NODE_TYPES


def test_schema_describes_every_definition_and_field():
    # editors show these on hover (tests/test_editor.py checks one with yaml-language-server)
    undescribed = []

    def visit(part, path: str) -> None:
        if isinstance(part, dict):
            for name, field in part.get("properties", {}).items():
                if not field.get("description"):
                    undescribed.append(f"{path}/properties/{name}")
            for key, value in part.items():
                if key != "if":  # a condition, not fields
                    visit(value, f"{path}/{key}")
        elif isinstance(part, list):
            for index, value in enumerate(part):
                visit(value, f"{path}/{index}")

    visit(schema(), "#")
    undescribed += [f"#/definitions/{name}" for name, part in schema()["definitions"].items()
                    if not part.get("description")]
    assert undescribed == []


def test_hovering_a_node_type_shows_what_that_type_does():
    # enumDescriptions (an editor keyword, which validators ignore) repeats each node type's own description
    defs = schema()["definitions"]
    node_type = defs["node"]["properties"]["type"]
    assert node_type["enumDescriptions"] == [defs[name]["description"] for name in node_type["enum"]]


def test_every_schema_field_is_in_the_model():
    model_fields = {f.name for f in dataclasses.fields(Node)}
    for node_type in NODE_TYPES:
        fields = set(schema()["definitions"][node_type]["properties"]) - {"type"}
        assert fields <= model_fields, f"{node_type}: {fields - model_fields} not carried by ivr.model.menu.Node"


def test_every_field_is_loaded_into_the_model(write_menu):
    # a value for every field the schema allows must come out of the loader, not be dropped
    menu = load_menu(write_menu("""
        ivr: x
        start: m
        nodes:
          m: {type: menu, prompt: P., description: D., timeout: 4, input_modes: [dtmf], retries: 1, no_input: m,
              no_match: m, on_fail: t, options: {1: {label: L, goto: i}}}
          i: {type: input, prompt: P., goto: b, min_digits: 4, max_digits: 8, on_fail: t, input_modes: [speech, dtmf]}
          b: {type: branch, branches: [{when: open, goto: t}], otherwise: v}
          t: {type: transfer, queue: q, number: "+15550100"}
          v: {type: voicemail, mailbox: "100", goto: h}
          h: {type: hangup}
    """.replace(", goto: h}", "}")))
    for node in menu.nodes.values():
        for field in node.fields:
            if field in ("type", "options", "branches", "prompt"):
                continue
            value = getattr(node, field)
            assert value is not None and value != [] and value != {}, (node.id, field)


@pytest.mark.parametrize(
    "document",
    [
        {"ivr": "x", "start": "a", "nodes": {"a": {"type": "menu"}}},
        {"ivr": "x", "start": "a", "nodes": {"a": {"type": "hangup", "goto": "a"}}},
        {"ivr": "x", "start": "a", "nodes": {"a": {"type": "menu", "prompt": "p", "options": {"10": {"goto": "a"}}}}},
        {"ivr": "x", "start": "a", "nodes": {"a b": {"type": "hangup"}}},
        {"ivr": "x", "start": "a", "nodes": {"a": {"type": "message", "prompt": {"xx-": "p"}}}},
        {"ivr": "x", "start": "a", "nodes": {"a": {"type": "input", "prompt": "p", "retries": True}}},
        {"ivr": "x", "nodes": {}},
    ],
)
def test_fast_and_full_validators_agree(document):
    """Valid files take fastjsonschema's path, invalid ones jsonschema's: both must reject the same."""
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        fastjsonschema.compile(schema())(json.loads(json.dumps(document)))
    assert list(jsonschema.Draft7Validator(schema()).iter_errors(document))


# -- intents, durations and branch probabilities (simulation input) ----------------------------

INTENTS = """
    ivr: Bank
    start: main
    intents:
      check_balance: {share: 40, goal: balance}
      report_fraud:
        share: 5
        goal: [fraud, agents]
      talk: {goal: agents}
    nodes:
      main:
        type: menu
        prompt: Press 1 for balance, 2 for fraud, 0 for an agent.
        duration: 6.5
        options: {1: {goto: balance}, 2: {goto: fraud}, 0: {goto: agents}}
        on_fail: agents
      balance: {type: message, prompt: Your balance is 10 euros., goto: main}
      fraud: {type: transfer, queue: fraud}
      agents: {type: transfer, queue: general}
"""


def test_intents_are_loaded_with_locations(write_menu):
    menu = load_menu(write_menu(INTENTS))
    fraud = menu.intents["report_fraud"]
    assert [g.target for g in fraud.goals] == ["fraud", "agents"]
    assert (fraud.share, fraud.location.line, fraud.goals[1].location.line) == (5, 5, 7)
    assert menu.intents["talk"].share == 1.0
    assert menu.nodes["main"].duration == 6.5


@pytest.mark.parametrize(
    "intent, expected",
    [
        ("{share: 0, goal: main}", "'share' of intent 'x' must be more than 0, not 0"),
        ("{share: 10}", "intent 'x' has no 'goal'"),
        ("{goal: 7}", "'goal' of intent 'x' must be a node id or a list of node ids, not a number"),
        ("{goal: []}", "'goal' of intent 'x' is an empty list; name the node where these callers are served "
                       "(goal: agents), or several in a list (goal: [agents, voicemail])"),
        ("{goal: [7]}", "'goal' of intent 'x' must be a node id or a list of node ids, not a list"),
        ("{goal: main, weight: 3}", "unknown field 'weight' in intent 'x'"),
    ],
)
def test_bad_intents(write_menu, intent, expected):
    path = write_menu(f"ivr: x\nstart: main\nintents:\n  x: {intent}\nnodes:\n  main: {{type: hangup}}\n")
    errors = errors_of(path)
    assert any(expected in e for e in errors), errors


@pytest.mark.parametrize(
    "cases, otherwise, expected",
    [
        ("[{when: open, goto: a, p: 0.7}, {when: busy, goto: a, p: 0.5}]", "a", "add up to 1.2 (> 1)"),
        ("[{when: open, goto: a, p: 0.7}]", None, "add up to 0.7 and there is no otherwise"),
        ("[{when: open, goto: a, p: 1.5}]", "a", "'p' of branch 1 of node 'b' must be at most 1, not 1.5"),
    ],
)
def test_bad_branch_probabilities(write_menu, cases, otherwise, expected):
    other = f", otherwise: {otherwise}" if otherwise else ""
    path = write_menu(f"ivr: x\nstart: b\nnodes:\n  b: {{type: branch, branches: {cases}{other}}}\n  a: {{type: hangup}}\n")
    errors = errors_of(path)
    assert any(expected in e for e in errors), errors
    assert errors[0].startswith(f"{path}:4:")


def test_branch_probabilities_are_loaded(write_menu):
    path = write_menu("ivr: x\nstart: b\nnodes:\n  b: {type: branch, branches: [{when: open, goto: a, p: 0.25}], otherwise: a}\n  a: {type: hangup}\n")
    assert load_menu(path).nodes["b"].branches[0].p == 0.25


# -- the YAML reader: values as PyYAML's SafeLoader gives them, located, built from parser events --

SAFE_LOADER_DOCUMENTS = [
    "count: 12\nhex: 0x1F\nsixty: 1:30\nfloat: 6.5\nword: 1e3\nquoted: '12'\n",
    "a: yes\nb: No\nc: on\nd: ~\ne: null\nf:\ng: '~'\n",
    "day: 2001-12-14\nwhen: 2001-12-14t21:59:43.10-05:00\ntext: '2001-12-14'\n",
    "str: !!str 1\nint: !!int '3'\nfloat: !!float 1\nbool: !!bool yes\nbytes: !!binary aGVsbG8=\nplain: ! 1\n",
    "block: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "a: &a {x: 1, y: [1, 2]}\nb: *a\nc: &c hello\nd: [*c, *a]\n",
]

#: Merge keys, with the values the YAML 1.1 merge-key specification gives (yaml.org/type/merge.html).
#: PyYAML's releases disagree on some of them (6.0.4 gives ``c: {x: 1}`` in the third), so these
#: are written out rather than compared with whatever release is installed.
MERGE_DOCUMENTS = [
    # a key of an earlier mapping in the list wins over a later one; written keys win over all
    ("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc: {<<: [*a, *b], w: 3}\n",
     {"x": 1, "y": 1, "z": 2, "w": 3}),
    # `<<` written twice is one `<<` with a list, in the order written: the first wins
    ("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: *a\n  <<: *b\n", {"x": 1, "y": 1, "z": 2}),
    # a merged mapping is merged as it reads, its own keys over what it merged itself
    ("a: &a {x: 1}\nb: &b {<<: *a, x: 2}\nc: {<<: *b}\n", {"x": 2}),
    ("a: &a {x: 1}\nb: &b {y: 1, <<: *a}\nc: {<<: [*b, {x: 9, q: 1}]}\n", {"y": 1, "x": 1, "q": 1}),
    # a written key wins wherever it stands, before or after the `<<`
    ("c: {x: 1, <<: {x: 2, z: 1}, z: 3}\n", {"x": 1, "z": 3}),
    # a quoted '<<' is a plain key, not a merge
    ("c: {'<<': {x: 1}}\n", {"<<": {"x": 1}}),
]


@pytest.mark.parametrize("text", SAFE_LOADER_DOCUMENTS)
def test_values_are_those_of_the_safe_loader(text):
    data, duplicates = read_yaml(text.encode(), "f.yaml")
    assert data == yaml.load(text, Loader=yaml.SafeLoader)
    assert duplicates == []


@pytest.mark.parametrize(("text", "expected"), MERGE_DOCUMENTS)
def test_merge_keys_follow_the_merge_key_specification(text, expected, yaml_parser):
    data, duplicates = read_yaml(text.encode(), "f.yaml")
    assert data["c"] == expected
    assert duplicates == []


def test_an_alias_shares_its_anchors_object_and_position():
    data, _ = read_yaml(b"a: &a {x: 1}\nb: *a\nc: [*a]\n", "f.yaml")
    assert data["b"] is data["a"] and data["c"][0] is data["a"]
    assert data.position("b") == (2, 1, 1, 4)
    assert [data["c"].position(i) for i in range(len(data["c"].positions))] == [(1, 4)]


def test_merged_keys_keep_their_own_positions_and_are_never_duplicates():
    text = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n"
    data, duplicates = read_yaml(text.encode(), "f.yaml")
    assert data["c"] == {"x": 1, "y": 3, "z": 2}  # the earlier merged mapping wins, the written key wins over both
    assert data["c"].position("x") == (1, 8, 1, 11)
    assert data["c"].position("z") == (2, 14, 2, 17)
    assert data["c"].position("y") == (5, 3, 5, 6)
    assert duplicates == []


def test_a_duplicate_in_an_aliased_mapping_is_reported_once():
    data, duplicates = read_yaml(b"a: &a {k: 1, k: 2}\nb: *a\n", "f.yaml")
    assert data["a"] == {"k": 1}
    (duplicate,) = duplicates
    assert (duplicate.key, duplicate.first.column, duplicate.second.column) == ("k", 8, 14)


def test_duplicates_inside_a_dropped_value_are_not_reported():
    data, duplicates = read_yaml(b"a: {x: 1}\na: {y: 1, y: 2}\n", "f.yaml")
    assert data == {"a": {"x": 1}}
    assert [(d.key, d.path, d.second.line) for d in duplicates] == [("a", (), 2)]


@pytest.mark.parametrize(
    "text, where, expected",
    [
        ("a: *nowhere\n", "1:4", "found undefined alias"),
        ("a: &x 1\nb: &x 2\n", "2:4", "invalid YAML"),
        ("a: &a [1, *a]\n", "1:11", "the alias *a is inside the value it repeats"),
        ("a: &a {<<: *a}\n", "1:12", "the alias *a is inside the value it repeats"),
        ("a: &m {x: 1}\n*m : v\n", "1:4", "a key must be plain text, not a list or mapping"),
        ("c: {<<: 1}\n", "1:9", "expected a mapping or list of mappings for merging, but found scalar"),
        ("a: &a [1]\nc: {<<: [{x: 1}, *a]}\n", "1:4", "expected a mapping for merging, but found sequence"),
        ("a: !custom x\n", "1:4", "could not determine a constructor for the tag '!custom'"),
        ("a: [!!python/name:os.system x]\n", "1:5", "could not determine a constructor for the tag"),
        ("a: !!str {x: 1}\n", "1:4", "expected a scalar node, but found mapping"),
        ("a: !!map x\n", "1:4", "expected a mapping node, but found scalar"),
        ("a: !!set {x, y}\n", "1:4", "the tag 'tag:yaml.org,2002:set' is not supported here"),
        ("a: !!int x\n", "1:4", "cannot read 'x' as !!int"),
        ("a: 2001-13-01\n", "1:4", "cannot read '2001-13-01' as !!timestamp"),
        ("a: 'unterminated\n", "2:1", "invalid YAML: found unexpected end of stream"),
        ("a: 1\n---\nb: 2\n", "2:1", "invalid YAML: but found another document"),
    ],
)
def test_bad_yaml_is_located_and_explained(write_menu, text, where, expected):
    path = write_menu(text)
    errors = errors_of(path)
    assert any(e.startswith(f"{path}:{where}: ") and expected in e for e in errors), errors


def test_nesting_is_refused_just_past_the_limit(write_menu):
    assert read_yaml(("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)).encode(), "f.yaml")[0]
    path = write_menu("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert errors_of(path) == [f"{path}:1:{3 + MAX_DEPTH}: nesting deeper than 100 levels; a menu needs far "
                               "fewer: flatten this structure"]


def test_unclosed_deep_nesting_is_refused_without_crashing(write_menu, yaml_parser):
    path = write_menu("ivr: " + "[" * 100_000 + "\n")
    assert errors_of(path) == [f"{path}:1:{5 + MAX_DEPTH}: nesting deeper than 100 levels; a menu needs far "
                               "fewer: flatten this structure"]


def test_merges_that_copy_too_much_are_refused(write_menu):
    base = ", ".join(f"k{i}: {i}" for i in range(3000))
    errors = errors_of(write_menu(f"big: &b {{{base}}}\n" + "".join(f"m{i}: {{<<: *b}}\n" for i in range(100))))
    assert any("aliases expand this file" in e for e in errors), errors


def _aliased_prompt(length: int, aliases: int) -> str:
    """A menu whose first message's prompt (``length`` characters) is repeated by ``aliases`` more messages."""
    lines = ["ivr: x", "start: m0", "nodes:", f'  m0: {{type: message, prompt: &p "{"x" * length}", goto: m1}}']
    lines += [f"  m{i}: {{type: message, prompt: *p, goto: m{i + 1}}}" for i in range(1, aliases + 1)]
    return "\n".join([*lines, f"  m{aliases + 1}: {{type: hangup}}"]) + "\n"


def test_a_long_value_aliased_many_times_is_refused_at_the_alias_that_passes_the_limit(write_menu):
    # few values (so the count of values let it through) but 2,000 x 64,000 characters for every command
    path = write_menu(_aliased_prompt(64_000, 1999))
    size = len(_aliased_prompt(64_000, 1999))
    passing = (size + ALIAS_TEXT_ALLOWANCE) // 64_000 + 1  # the alias that passes: in node m{passing}
    assert errors_of(path) == [
        f"{path}:{4 + passing}:{len(f'  m{passing}: {{type: message, prompt: ') + 1}: with this *p (64,000 "
        f"characters), aliases repeat {passing * 64_000:,} characters of text; ivr expands aliases to at most the "
        f"file's length ({size:,}) plus 1,000,000: write a long prompt once, in one node the others lead to, or "
        "alias shorter values"]


def test_aliases_are_counted_at_the_text_they_repeat_aliases_inside_included(write_menu):
    assert len(load_menu(write_menu(_aliased_prompt(10_000, 90))).nodes) == 92  # 900,000 characters: within
    long = "y" * 250_000
    nested = write_menu(f'ivr: x\nlong: &l "{long}"\npair: &pair [*l, *l]\ncopies: [*pair, *pair]\n')
    # *l twice (500,000), then *pair twice, each the pair's own text with both *l in it (500,014 each): the
    # second passes the file's 250,060 characters plus 1,000,000
    (error,) = errors_of(nested)
    assert ":4:17: with this *pair (500,014 characters), aliases repeat 1,500,028 characters" in error, error


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_restores_the_garbage_collector(write_menu, enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        load_menu(write_menu(GOOD))
        assert gc.isenabled() is enabled
        errors_of(write_menu("ivr: x\nstart: a\nnodes: {}\n"))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_validation_gaps_through_the_command_line(write_menu):
    """goal: [] and a node id with a space, as ivr check says them (exit 2, located, with the fix)."""
    path = write_menu("ivr: x\nstart: main\nintents:\n  talk: {goal: []}\nnodes:\n"
                      "  main: {type: hangup, prompt: Thank you. Goodbye.}\n  old menu: {type: hangup}\n")
    result = CliRunner().invoke(cli, ["check", path])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:4:16: error: 'goal' of intent 'talk' is an empty list; name the node where these callers are "
        "served (goal: agents), or several in a list (goal: [agents, voicemail])",
        f"{path}:7:3: error: node id 'old menu' must not contain spaces, < or > (any other character is allowed); "
        "rename it, for example to 'old_menu'"]


def test_an_external_outcome_is_read_written_and_checked(write_menu):
    """``outcome`` says what callers meet at a hand-off (issue 24): read, written back by import, only on externals."""
    from ivr.formats.native.loader import load_menu_bytes
    from ivr.formats.native.writer import menu_yaml

    text = ("ivr: Fax\nstart: fax\nnodes:\n"
            "  fax: {type: external, target_text: rxfax /tmp/fax.tif, outcome: system}\n")
    menu = load_menu(write_menu(text))
    assert menu.nodes["fax"].outcome == "system" and menu.nodes["fax"].handed_to == "system"
    again = load_menu_bytes(menu_yaml(menu).encode(), "again.yaml")
    assert again.nodes["fax"].outcome == "system"
    with pytest.raises(InvalidMenu, match="outcome"):
        load_menu(write_menu(text.replace("outcome: system", "outcome: person"), "bad.yaml"))
    with pytest.raises(InvalidMenu, match="outcome"):
        load_menu(write_menu("ivr: M\nstart: bye\nnodes:\n  bye: {type: hangup, prompt: Thank you, outcome: system}\n",
                             "hangup.yaml"))


def test_a_transfers_failure_way_is_read_written_back_and_made_an_edge(write_menu):
    """``if_failed`` (and ``failed_when``) on a transfer: where the call goes when the transfer reaches no person
    (issue 22): read, written back by import, an edge of its own in the graph, refused on other node types."""
    from ivr.formats.native.loader import load_menu_bytes
    from ivr.formats.native.writer import menu_yaml
    from ivr.graph.build import Via, build_graph

    text = ("ivr: Line\nstart: agents\nnodes:\n"
            "  agents: {type: transfer, queue: support, if_failed: sorry, failed_when: [busy, noanswer]}\n"
            "  sorry: {type: message, prompt: Sorry nobody can take your call., goto: mailbox}\n"
            "  mailbox: {type: voicemail}\n")
    menu = load_menu(write_menu(text))
    node = menu.nodes["agents"]
    assert node.if_failed is not None and node.if_failed.target == "sorry"
    assert node.if_failed.location.line == 4 and node.failed_when == ("busy", "noanswer")
    again = load_menu_bytes(menu_yaml(menu).encode(), "again.yaml")
    assert again.nodes["agents"].if_failed.target == "sorry"
    assert again.nodes["agents"].failed_when == ("busy", "noanswer")
    reasons = build_graph(again).edges["agents", "sorry"]["reasons"]
    assert [(r.via, r.label) for r in reasons] == [(Via.TRANSFER_FAILED, "busy, noanswer")]
    with pytest.raises(InvalidMenu, match="if_failed"):
        load_menu(write_menu("ivr: M\nstart: bye\nnodes:\n  bye: {type: hangup, if_failed: bye}\n", "hangup.yaml"))
